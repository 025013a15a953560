"""Architecture configuration of AKNet, with the published values as defaults."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class AKNetConfig:
    """Sizes of an AKNet: the defaults are the published configuration."""

    base_channels: int = 32
    num_blocks: int = 4
    kernel_size: int = 63

    def __post_init__(self) -> None:
        if self.base_channels < 4 or self.base_channels % 4:
            raise ValueError(f"base_channels must be a positive multiple of 4, got {self.base_channels}")
        if self.num_blocks < 1:
            raise ValueError(f"num_blocks must be at least 1, got {self.num_blocks}")
        if self.kernel_size < 3 or self.kernel_size % 2 == 0:
            raise ValueError(f"kernel_size must be odd and at least 3, got {self.kernel_size}")

    def to_dict(self) -> dict[str, int]:
        """The configuration as plain JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AKNetConfig:
        """Build a configuration from plain data, ignoring unknown keys."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: int(v) for k, v in data.items() if k in names})


PRESETS: dict[str, AKNetConfig] = {
    "published": AKNetConfig(),
    "small": AKNetConfig(base_channels=24, num_blocks=3, kernel_size=63),
    "tiny": AKNetConfig(base_channels=16, num_blocks=2, kernel_size=31),
}
