"""Reading and writing AKNet weights: the published `.pkl`/`.pth` checkpoints (mapped to our
module names) and our own `.safetensors` format with JSON metadata."""

from __future__ import annotations

import json
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from core.atomic import atomic_write
from core.errors import CheckpointError
from core.network.aknet import AKNet
from core.network.checkpoint_checks import check_file_size, check_safetensors_header, checked_tensors, parse_metadata
from core.network.config import OUTPUTS, AKNetConfig

FORMAT_NAME = "aknet-studio/1"

# Published name → our name, applied in order (timm-style key mapping at load time).
_PUBLISHED_KEY_MAP: list[tuple[str, str]] = [
    (r"^feat_extract\.0\.main\.0\.", "stem.conv."),
    (r"^feat_extract\.1\.main\.0\.", "down_half.conv."),
    (r"^feat_extract\.2\.main\.0\.", "down_quarter.conv."),
    (r"^feat_extract\.5\.main\.0\.", "out_full.conv."),
    (r"^Encoder\.0\.layers\.", "encoder_full."),
    (r"^Encoder\.1\.layers\.", "encoder_half."),
    (r"^Encoder\.2\.layers\.", "encoder_quarter."),
    (r"^Decoder\.0\.layers\.", "decoder_quarter."),
    (r"^Decoder\.1\.layers\.", "decoder_half."),
    (r"^Decoder\.2\.layers\.", "decoder_full."),
    (r"^(\w+\.\d+)\.main\.0\.main\.0\.", r"\1.conv1.conv."),
    (r"^(\w+\.\d+)\.main\.1\.main\.0\.", r"\1.conv2.conv."),
    (r"^SCM2\.", "scm_half."),
    (r"^SCM1\.", "scm_quarter."),
    (r"^(scm_\w+)\.main\.(\d)\.main\.0\.", r"\1.convs.\2.conv."),
    (r"^(scm_\w+)\.main\.4\.", r"\1.norm."),
    (r"^FAM2\.merge\.main\.0\.", "fam_half.merge.conv."),
    (r"^FAM1\.merge\.main\.0\.", "fam_quarter.merge.conv."),
    (r"^Convs\.0\.main\.0\.", "merge_half.conv."),
    (r"^Convs\.1\.main\.0\.", "merge_full.conv."),
    (r"^ConvsOut\.0\.main\.0\.", "out_quarter.conv."),
    (r"^ConvsOut\.1\.main\.0\.", "out_half.conv."),
    (r"^bottelneck\.in_conv\.0\.", "bottleneck.in_proj."),
    (r"^bottelneck\.out_conv\.", "bottleneck.out_proj."),
    (r"^bottelneck\.fac_conv\.", "bottleneck.gate1."),
    (r"^bottelneck\.conv\.", "bottleneck.gate2."),
    (r"^bottelneck\.dw_33\.", "bottleneck.square_kernel."),
    (r"^bottelneck\.dw_13\.", "bottleneck.row_kernel."),
    (r"^bottelneck\.dw_31\.", "bottleneck.column_kernel."),
    (r"^bottelneck\.dw_11\.", "bottleneck.pointwise_scale."),
    (r"^bottelneck\.fgm\.dwconv1\.", "bottleneck.fgm.filter_proj."),
    (r"^bottelneck\.fgm\.dwconv2\.", "bottleneck.fgm.signal_proj."),
    (r"^bottelneck\.fgm\.(alpha|beta)$", r"bottleneck.fgm.\1"),
    (r"^ff1\.", "fusion_half."),
    (r"^ff2\.", "fusion_full."),
    (r"^(fusion_\w+)\.hr_channel_compressor\.", r"\1.hr_compress."),
    (r"^(fusion_\w+)\.lr_channel_compressor\.", r"\1.lr_compress."),
    (r"^(fusion_\w+)\.content_encoder\.", r"\1.lowpass_encoder."),
    (r"^(fusion_\w+)\.content_encoder2\.", r"\1.highpass_encoder."),
    (r"^(fusion_\w+)\.hamming_lowpass$", r"\1.lowpass_window"),
    (r"^(fusion_\w+)\.hamming_highpass$", r"\1.highpass_window"),
]
# Present in the published checkpoints but never used by the forward pass.
_PUBLISHED_UNUSED = re.compile(r"^(feat_extract\.[34]\.|bottelneck\.fgm\.conv\.)")


@dataclass
class Checkpoint:
    """Weights read from a file, already in our module names, with what is known about them."""

    path: Path
    state_dict: dict[str, torch.Tensor]
    config: AKNetConfig
    source_format: str
    metadata: dict[str, Any] = field(default_factory=dict)
    ignored: dict[str, int] = field(default_factory=dict)  # unused published tensors → element count

    @property
    def parameter_count(self) -> int:
        """Number of learned parameters the network built from this checkpoint has."""
        return sum(p.numel() for p in AKNet(self.config).parameters())

    @property
    def task(self) -> str | None:
        """The task this checkpoint was trained for, where it says."""
        return self.metadata.get("task")

    def build_model(self) -> AKNet:
        """An AKNet in eval mode, on the CPU, in float32, holding these weights."""
        model = AKNet(self.config)
        check_state_dict(self.state_dict, model, self.path)
        model.load_state_dict({k: v.float() for k, v in self.state_dict.items()})
        return model.eval()


def map_published_key(key: str) -> str | None:
    """Our module name for a published checkpoint key; None for keys the network never uses."""
    if _PUBLISHED_UNUSED.match(key):
        return None
    for pattern, replacement in _PUBLISHED_KEY_MAP:
        key = re.sub(pattern, replacement, key)
    return key


def _is_published(state: dict[str, Any]) -> bool:
    return any(k.startswith(("bottelneck.", "feat_extract.", "Encoder.")) for k in state)


def _unwrap(obj: Any, path: Path) -> dict[str, torch.Tensor]:
    """Find the state dict inside a loaded object: {'model': sd}, {'state_dict': sd}, or sd itself."""
    if isinstance(obj, dict):
        for key in ("model", "state_dict", "params", "params_ema", "net", "network"):
            inner = obj.get(key)
            if isinstance(inner, dict) and inner and all(isinstance(v, torch.Tensor) for v in inner.values()):
                return inner
        tensors = {k: v for k, v in obj.items() if isinstance(v, torch.Tensor)}
        if tensors and len(tensors) == len(obj):
            return tensors
    raise CheckpointError(
        f"{path.name} does not hold network weights: expected a state dict or a dict with a 'model' entry. "
        "Choose an AKNet checkpoint (.pkl, .pth or .safetensors)."
    )


def _strip_prefixes(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Remove the 'module.' prefix of DataParallel / DistributedDataParallel checkpoints."""
    for prefix in ("module.", "_orig_mod."):
        if state and all(k.startswith(prefix) for k in state):
            state = {k[len(prefix) :]: v for k, v in state.items()}
    return state


def _read_torch(path: Path) -> dict[str, torch.Tensor]:
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        found = re.search(r"Unsupported global: GLOBAL ([\w.]+)", str(exc))
        if found:
            raise CheckpointError(
                f"{path.name} contains Python objects other than tensors ({found.group(1)}), which could run "
                "code when loaded, so it was refused. Re-save the weights as a plain state dict."
            ) from exc
        raise CheckpointError(f"{path.name} is not a readable PyTorch checkpoint (the file is damaged).") from exc
    except OSError as exc:
        raise CheckpointError(f"{path.name} could not be read ({exc.strerror or exc}).") from exc
    except Exception as exc:  # torch.load fails in many ways on damaged or foreign files
        raise CheckpointError(f"{path.name} is not a readable PyTorch checkpoint ({exc}).") from exc
    return _strip_prefixes(_unwrap(obj, path))


def _read_safetensors(path: Path) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    from safetensors import SafetensorError
    from safetensors.torch import load_file, safe_open

    check_safetensors_header(path)
    try:
        state = load_file(str(path), device="cpu")
        with safe_open(str(path), framework="pt") as handle:
            raw = handle.metadata() or {}
    except (SafetensorError, OSError, ValueError, TypeError) as exc:
        raise CheckpointError(f"{path.name} is not a readable safetensors file ({exc}).") from exc
    return _strip_prefixes(state), parse_metadata(raw, path)


def infer_config(state: dict[str, torch.Tensor], path: Path) -> AKNetConfig:
    """The architecture a state dict (in our names) was made for, read off its tensor shapes."""
    try:
        base = state["stem.conv.weight"].shape[0]
        kernel = state["bottleneck.square_kernel.weight"].shape[-1]
    except KeyError as exc:
        raise CheckpointError(
            f"{path.name} is not an AKNet checkpoint: it has no {exc.args[0]!r} tensor. "
            "Choose a file saved from AKNet or AKNet Studio."
        ) from exc
    except IndexError:  # a tensor without dimensions where a convolution's weight should be
        raise CheckpointError(
            f"{path.name} does not describe a valid AKNet: its first convolution's weight has no dimensions."
        ) from None
    blocks = {int(m.group(1)) for k in state if (m := re.match(r"encoder_full\.(\d+)\.", k))}
    head = state.get("out_full.conv.weight")
    channels = int(head.shape[0]) if head is not None and head.ndim else 3
    output = next((name for name, count in OUTPUTS.items() if count == channels), "image")  # else: shape error
    try:
        return AKNetConfig(
            base_channels=int(base),
            num_blocks=max(blocks) + 1 if blocks else 0,
            kernel_size=int(kernel),
            output=output,
        )
    except ValueError as exc:
        raise CheckpointError(f"{path.name} does not describe a valid AKNet: {exc}.") from exc


def check_state_dict(state: dict[str, torch.Tensor], model: AKNet, path: Path) -> None:
    """Raise a CheckpointError naming missing, unexpected and mis-shaped keys, if there are any."""
    expected = model.state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    misshaped = sorted(
        f"{k} {tuple(state[k].shape)} ≠ {tuple(expected[k].shape)}"
        for k in set(state) & set(expected)
        if state[k].shape != expected[k].shape
    )
    if not (missing or unexpected or misshaped):
        return

    def listing(title: str, items: list[str]) -> str:
        shown = ", ".join(items[:8]) + (f", … ({len(items) - 8} more)" if len(items) > 8 else "")
        return f"\n  {title} ({len(items)}): {shown}"

    cfg = model.config
    message = (
        f"{path.name} does not fit an AKNet with {cfg.base_channels} base channels, {cfg.num_blocks} blocks "
        f"per stage and {cfg.kernel_size}×{cfg.kernel_size} kernels."
    )
    if missing:
        message += listing("missing", missing)
    if unexpected:
        message += listing("unexpected", unexpected)
    if misshaped:
        message += listing("wrong shape", misshaped)
    raise CheckpointError(message + "\nChoose a checkpoint made for this network.")


def load_checkpoint(path: str | Path, config: AKNetConfig | None = None) -> Checkpoint:
    """Read weights from `.pkl`/`.pth`/`.pt` (published or ours) or `.safetensors`, checked against the network."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"Weights file not found: {path}")
    check_file_size(path)
    metadata: dict[str, Any] = {}
    if path.suffix.lower() == ".safetensors":
        state, metadata = _read_safetensors(path)
    else:
        state = _read_torch(path)
    source, ignored = "aknet-studio", {}
    if _is_published(state):
        source = "published"
        ignored = {k: v.numel() for k, v in state.items() if map_published_key(k) is None}
        state = {new: v for k, v in state.items() if (new := map_published_key(k)) is not None}
    state = checked_tensors(state, path)
    if config is None and "config" in metadata:
        config = _config_from_metadata(metadata["config"], path)
    if config is None:
        config = infer_config(state, path)
    checkpoint = Checkpoint(
        path=path, state_dict=state, config=config, source_format=source, metadata=metadata, ignored=ignored
    )
    check_state_dict(state, AKNet(config), path)
    return checkpoint


def _config_from_metadata(value: Any, path: Path) -> AKNetConfig:
    """The architecture the metadata names; a CheckpointError naming what is wrong with it."""
    if not isinstance(value, dict):
        raise CheckpointError(
            f"{path.name} has malformed metadata: 'config' should describe the network's sizes, not "
            f"{type(value).__name__} {str(value)[:60]!r}. Re-export the weights."
        )
    try:
        return AKNetConfig.from_dict(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise CheckpointError(f"{path.name} describes an impossible AKNet in its metadata: {exc}.") from None


def save_weights(model: AKNet, path: str | Path, metadata: dict[str, Any] | None = None, half: bool = True) -> Path:
    """Write the model's weights as `.safetensors` (float16 by default) with JSON metadata, atomically."""
    from safetensors.torch import save_file

    dtype = torch.float16 if half else torch.float32
    state = {k: v.detach().to("cpu", dtype).contiguous() for k, v in model.state_dict().items()}
    info = {"format": FORMAT_NAME, "config": model.config.to_dict(), **(metadata or {})}
    header = {k: v if isinstance(v, str) else json.dumps(v) for k, v in info.items()}
    return atomic_write(Path(path), lambda temporary: save_file(state, str(temporary), metadata=header))
