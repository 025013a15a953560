"""What a weights file may hold before the network is built from it: its size, its tensors' types, sizes and
values, and its metadata. Every refusal is a CheckpointError naming the problem.

- Files up to MAX_CHECKPOINT_MB (2 GiB: the published network is 18 MB, the largest AKNetConfig allowed about
  1.2 GB in float32); more is refused before anything is read.
- Tensors must be dense floating point: float16, bfloat16 and float32 are used as they are; float64 is converted
  to float32 (what the network runs in; a value beyond float32's range becomes infinite and is then refused).
  Integer, boolean, complex and quantized tensors are refused: no AKNet weight is an integer, and casting one
  would silently give a different network.
- At most MAX_ELEMENTS numbers in all (a tensor's declared shape is checked before its values are touched:
  a pickle may declare a huge shape over one stored number).
- Every value must be finite: a NaN or infinity in a weight makes every restored pixel NaN (a black file).
- safetensors metadata: a header up to MAX_HEADER_BYTES, metadata up to MAX_METADATA_BYTES, and values that
  look like JSON (start with `{` or `[`) must parse.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import Any

import torch

from core.errors import CheckpointError

MAX_CHECKPOINT_MB = 2048
MAX_ELEMENTS = 400_000_000
MAX_HEADER_BYTES = 16 * 2**20
MAX_METADATA_BYTES = 2**20
USED_DTYPES = (torch.float16, torch.bfloat16, torch.float32)


def check_file_size(path: Path) -> None:
    """Refuse a weights file larger than MAX_CHECKPOINT_MB before reading it."""
    size = path.stat().st_size
    if size > MAX_CHECKPOINT_MB * 2**20:
        raise CheckpointError(
            f"{path.name} is {size / 2**20:,.0f} MB; AKNet weights are at most {MAX_CHECKPOINT_MB:,} MB "
            "(the published network is 18 MB). Choose an AKNet checkpoint."
        )


def check_safetensors_header(path: Path) -> None:
    """Refuse a safetensors file whose declared header is larger than any AKNet checkpoint needs."""
    with open(path, "rb") as handle:
        start = handle.read(8)
    if len(start) < 8:
        raise CheckpointError(f"{path.name} is not a readable safetensors file (it is only {len(start)} bytes).")
    (length,) = struct.unpack("<Q", start)
    if length > MAX_HEADER_BYTES:
        raise CheckpointError(
            f"{path.name} declares a header of {length:,} bytes (at most {MAX_HEADER_BYTES:,} are allowed): "
            "the file is damaged or not AKNet weights."
        )


def parse_metadata(raw: dict[str, str], path: Path) -> dict[str, Any]:
    """safetensors metadata (strings) with the JSON values decoded; refuses huge or malformed metadata."""
    size = sum(len(k.encode("utf-8", "replace")) + len(v.encode("utf-8", "replace")) for k, v in raw.items())
    if size > MAX_METADATA_BYTES:
        raise CheckpointError(
            f"{path.name} carries {size:,} bytes of metadata (at most {MAX_METADATA_BYTES:,} are allowed). "
            "Re-export the weights without the extra metadata."
        )
    metadata: dict[str, Any] = {}
    for key, value in raw.items():
        try:
            metadata[key] = json.loads(value)
        except json.JSONDecodeError as exc:
            if value.lstrip().startswith(("{", "[")):
                raise CheckpointError(
                    f"{path.name} has malformed metadata: '{key}' is not valid JSON ({exc.msg} at character "
                    f"{exc.pos}). Re-export the weights."
                ) from None
            metadata[key] = value  # a plain string, as save_weights stores them
        except RecursionError:
            raise CheckpointError(
                f"{path.name} has malformed metadata: '{key}' is nested too deeply to read. Re-export the weights."
            ) from None
    return metadata


def _numel(shape: torch.Size) -> int:
    return math.prod(int(side) for side in shape)


def checked_tensors(state: dict[str, torch.Tensor], path: Path) -> dict[str, torch.Tensor]:
    """The state dict with float64 tensors converted to float32, after refusing wrong types, sizes and values."""
    total = 0
    for key, tensor in state.items():
        if tensor.layout != torch.strided or tensor.is_quantized:
            raise CheckpointError(f"{path.name}: '{key}' is a {tensor.layout} tensor; AKNet weights are dense.")
        if tensor.dtype not in (*USED_DTYPES, torch.float64):
            kind = str(tensor.dtype).replace("torch.", "")
            raise CheckpointError(
                f"{path.name}: '{key}' holds {kind} numbers, but AKNet weights are floating point (float16, "
                "bfloat16, float32 or float64). The file is damaged or is not AKNet weights."
            )
        total += _numel(tensor.shape)
        if total > MAX_ELEMENTS:
            raise CheckpointError(
                f"{path.name} declares more than {MAX_ELEMENTS:,} numbers ('{key}' is {tuple(tensor.shape)}); "
                "no AKNet is that large. The file is damaged or is not AKNet weights."
            )
    checked = {}
    for key, tensor in state.items():
        if tensor.dtype == torch.float64:
            tensor = tensor.float()
        bad = tensor.numel() - int(torch.isfinite(tensor).sum())
        if bad:
            raise CheckpointError(
                f"{path.name}: '{key}' holds {bad:,} value(s) that are not finite numbers (NaN or infinity"
                f"{', or beyond float32 range' if state[key].dtype == torch.float64 else ''}). Every restored "
                "pixel would be wrong; the weights are damaged (training diverged, or the file was altered)."
            )
        checked[key] = tensor
    return checked
