"""Architecture configuration of AKNet, with the published values as defaults."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

# The sizes an AKNet may have (inclusive): what checkpoints and the training options are checked against.
SIZE_LIMITS: dict[str, tuple[int, int]] = {"base_channels": (4, 256), "num_blocks": (1, 32), "kernel_size": (3, 127)}


@dataclass(frozen=True)
class AKNetConfig:
    """Sizes of an AKNet: the defaults are the published configuration."""

    base_channels: int = 32
    num_blocks: int = 4
    kernel_size: int = 63

    def __post_init__(self) -> None:
        # The upper bounds keep a damaged or hostile checkpoint from asking for a network that exhausts memory
        # (256 channels, 32 blocks and 127×127 kernels is already about 500 M parameters).
        for name, value in self.to_dict().items():
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

    def to_dict(self) -> dict[str, int]:
        """The configuration as plain JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AKNetConfig:
        """Build a configuration from plain data, ignoring unknown keys; ValueError for values that are not sizes."""
        names = {f.name for f in fields(cls)}
        values = {}
        for key, value in data.items():
            if key in names:
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                    value = int(value)
                values[key] = value
        return cls(**values)


PRESETS: dict[str, AKNetConfig] = {
    "published": AKNetConfig(),
    "small": AKNetConfig(base_channels=24, num_blocks=3, kernel_size=63),
    "tiny": AKNetConfig(base_channels=16, num_blocks=2, kernel_size=31),
}
