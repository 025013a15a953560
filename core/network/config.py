"""Architecture configuration of AKNet, with the published values as defaults."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

# The sizes an AKNet may have (inclusive): what checkpoints and the training options are checked against.
SIZE_LIMITS: dict[str, tuple[int, int]] = {"base_channels": (4, 256), "num_blocks": (1, 32), "kernel_size": (3, 127)}
# What the network's last convolutions produce (see core.network.haze_model for "haze"):
# "image": the restored image as a residual over the input (3 channels; the published network);
# "haze": the haze itself, a transmission map and the airlight (4 channels), from which the image is recovered
# by inverting the scattering model, so the same small map can restore a photo of any size.
OUTPUTS: dict[str, int] = {"image": 3, "haze": 4}
OUTPUT_DESCRIPTIONS = {
    "image": "the restored image",
    "haze": "a transmission map and the airlight, estimated on a small copy; the haze is then removed from the "
    "full-size photo by the scattering model",
}


@dataclass(frozen=True)
class AKNetConfig:
    """Sizes of an AKNet: the defaults are the published configuration."""

    base_channels: int = 32
    num_blocks: int = 4
    kernel_size: int = 63
    output: str = "image"

    def __post_init__(self) -> None:
        # The upper bounds keep a damaged or hostile checkpoint from asking for a network that exhausts memory
        # (256 channels, 32 blocks and 127×127 kernels is already about 500 M parameters).
        if self.output not in OUTPUTS:
            raise ValueError(f"output must be one of {', '.join(OUTPUTS)}, got {self.output!r}")
        for name in SIZE_LIMITS:
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"{name} must be a whole number, got {value!r}")
        c_low, c_high = SIZE_LIMITS["base_channels"]
        b_low, b_high = SIZE_LIMITS["num_blocks"]
        k_low, k_high = SIZE_LIMITS["kernel_size"]
        if not c_low <= self.base_channels <= c_high or self.base_channels % 4:
            raise ValueError(
                f"base_channels must be a multiple of 4 from {c_low} to {c_high}, got {self.base_channels}"
            )
        if not b_low <= self.num_blocks <= b_high:
            raise ValueError(f"num_blocks must be from {b_low} to {b_high}, got {self.num_blocks}")
        if not k_low <= self.kernel_size <= k_high or self.kernel_size % 2 == 0:
            raise ValueError(f"kernel_size must be odd, from {k_low} to {k_high}, got {self.kernel_size}")

    @property
    def out_channels(self) -> int:
        """Channels of the network's output convolutions (3 for an image, 4 for the haze model)."""
        return OUTPUTS[self.output]

    def to_dict(self) -> dict[str, Any]:
        """The configuration as plain JSON-ready data; `output` only when it is not the published image
        output, so the published configuration reads as it always has (and older runs resume)."""
        data = asdict(self)
        if data["output"] == "image":
            del data["output"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AKNetConfig:
        """Build a configuration from plain data, ignoring unknown keys; ValueError for values that are not sizes."""
        names = {f.name for f in fields(cls)}
        values = {}
        for key, value in data.items():
            if key in names:
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                if key != "output" and isinstance(value, str) and value.strip().lstrip("-").isdigit():
                    value = int(value)
                values[key] = value
        return cls(**values)


PRESETS: dict[str, AKNetConfig] = {
    "published": AKNetConfig(),
    "small": AKNetConfig(base_channels=24, num_blocks=3, kernel_size=63),
    "tiny": AKNetConfig(base_channels=16, num_blocks=2, kernel_size=31),
}
