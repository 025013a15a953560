"""Choosing between the whole-image pass and tiles, the tile sizes and where skip features live.

Memory of the tiled pass, phase by phase (q is the 1/4-scale map, 4C channels at 1/16 of the pixels):
  A (encoder tiles):  q + skips kept in memory + one encoder tile;
  B (bottleneck):     2·q + q/4 (the sign of u) + channel-chunk temporaries + skips kept in memory;
  C (decoder tiles):  q + skips kept in memory + the float32 output + one decoder tile.
The budget covers these; the model, the runtime and the caller's input image come on top.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from dataclasses import dataclass

import torch

from core.network.config import AKNetConfig
from core.tiled.margins import Margins
from core.tiled.windows import round_up

GIB = 2**30
CPU_BUDGET_CAP = int(2.6 * GIB)  # with ~0.9 GB of runtime and input, a 24 MP photo stays under 4 GB
# Working memory per pixel at float32 with 32 base channels (see `aknet bench`; scales with channels
# and element size): the whole-image pass, and one encoder / decoder tile including its halo.
WHOLE_BYTES_PER_PIXEL = 1300
ENCODER_TILE_BYTES_PER_PIXEL = 800
DECODER_TILE_BYTES_PER_PIXEL = 1300
MIN_TILE, MAX_TILE = 128, 4096


@dataclass(frozen=True)
class TilePlan:
    """How an image will be restored: whole, or in tiles of these sizes with skip features kept where."""

    whole: bool
    encoder_tile: int = 0
    decoder_tile: int = 0
    skip_dtype: torch.dtype = torch.float32
    full_skip: str = "recompute"  # where the full-resolution skip feature is kept: memory | disk | recompute
    half_skip: str = "memory"  # where the 1/2-scale skip feature is kept: memory | disk
    chunk_channels: int = 16  # channels per step of the bottleneck's FFTs
    budget_bytes: int = 0
    reason: str = ""

    def describe(self) -> str:
        """A short account for logs and status bars."""
        if self.whole:
            return f"whole image ({self.reason})"
        return (
            f"tiles {self.encoder_tile}/{self.decoder_tile} px, full-res skip: {self.full_skip}, "
            f"half-res skip: {self.half_skip} ({self.reason})"
        )


def memory_budget(device: torch.device) -> int:
    """Bytes the restoration may use on `device`: a share of what is free, capped on the CPU."""
    if device.type == "cuda":
        free, _ = torch.cuda.mem_get_info(device)
        return int(free * 0.8)
    try:
        import psutil

        available = psutil.virtual_memory().available
    except ImportError:
        available = 8 * GIB
    return min(int(available * 0.6), CPU_BUDGET_CAP)


def _tile_for(budget: float, bytes_per_pixel: float, margin: int) -> int:
    side = math.isqrt(max(int(budget / bytes_per_pixel), 1)) - 2 * margin
    return max(MIN_TILE, min(MAX_TILE, side - side % 4))


def _disk_free() -> int:
    try:
        return shutil.disk_usage(tempfile.gettempdir()).free
    except OSError:
        return 0


def plan_tiles(
    height: int, width: int, config: AKNetConfig, dtype: torch.dtype, tile: str | int, budget: int
) -> TilePlan:
    """The plan for a padded height×width image: `tile` is 'auto', 'off' or a tile size in pixels."""
    element = torch.finfo(dtype).bits // 8
    scale = config.base_channels / 32 * element / 4
    pixels = height * width
    if tile == "off":
        return TilePlan(True, budget_bytes=budget, reason="tiling off")
    whole_bytes = WHOLE_BYTES_PER_PIXEL * scale * pixels
    if tile == "auto" and whole_bytes <= budget:
        return TilePlan(True, budget_bytes=budget, reason="fits in memory whole")
    c = config.base_channels
    quarter = 4 * c * (pixels // 16) * element
    chunk = 16 if quarter < budget / 8 else 8
    bottleneck = 2 * quarter + quarter // (4 * element) + 6 * quarter * chunk // (4 * c)
    output = 3 * pixels * 4
    skip_dtype = dtype
    half = 2 * c * (pixels // 4) * element
    if dtype == torch.float32 and bottleneck + half > 0.6 * budget:
        skip_dtype, half = torch.float16, half // 2  # changes the output by ~1e-5
    half_skip = "memory" if bottleneck + half <= 0.9 * budget else "disk"
    resident = half if half_skip == "memory" else 0
    full = c * pixels * torch.finfo(skip_dtype).bits // 8
    if max(bottleneck, quarter + output + budget / 3) + resident + full <= budget:
        full_skip, resident = "memory", resident + full
    elif full * 1.2 + (0 if half_skip == "memory" else half) < _disk_free():
        full_skip = "disk"
    else:
        full_skip = "recompute"
    margins = Margins.for_blocks(config.num_blocks)
    if isinstance(tile, int):
        encoder_tile = decoder_tile = round_up(tile)
        reason = f"tiles of {tile} px requested"
    else:
        left_encoder = max(budget - quarter - resident, budget / 4)
        left_decoder = max(budget - quarter - resident - output, budget / 4)
        encoder_tile = _tile_for(left_encoder, ENCODER_TILE_BYTES_PER_PIXEL * scale, margins.encoder_input)
        decoder_tile = _tile_for(left_decoder, DECODER_TILE_BYTES_PER_PIXEL * scale, margins.fusion_full_in)
        reason = f"whole would need {whole_bytes / GIB:.1f} GiB of a {budget / GIB:.1f} GiB budget"
    return TilePlan(False, encoder_tile, decoder_tile, skip_dtype, full_skip, half_skip, chunk, budget, reason)
