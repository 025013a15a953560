"""Loading the published checkpoints as they are, our safetensors format, and refusing bad files."""

from __future__ import annotations

import json
import pickle

import pytest
import torch

from core.errors import CheckpointError
from core.network import AKNet, AKNetConfig
from core.network.checkpoint import load_checkpoint, map_published_key, save_weights

TINY = AKNetConfig(base_channels=8, num_blocks=2, kernel_size=7)


@pytest.fixture(scope="module")
def published_state(reference_weights):
    return torch.load(reference_weights, map_location="cpu", weights_only=True)["model"]


def test_published_checkpoint_loads_with_its_config(reference_weights):
    checkpoint = load_checkpoint(reference_weights)
    assert checkpoint.source_format == "published"
    assert checkpoint.config == AKNetConfig()
    # 4,484,141 in the file, of which feat_extract.3/4 and fgm.conv (459,104) are never used
    assert checkpoint.parameter_count + sum(checkpoint.ignored.values()) == 4_484_141
    _assert_holds_the_published_tensors(
        checkpoint.state_dict, torch.load(reference_weights, weights_only=True)["model"]
    )
    assert set(checkpoint.ignored) == {
        "feat_extract.3.main.0.weight", "feat_extract.3.main.0.bias", "feat_extract.4.main.0.weight",
        "feat_extract.4.main.0.bias", "bottelneck.fgm.conv.weight", "bottelneck.fgm.conv.bias",
    }  # fmt: skip


def test_every_published_key_maps_to_a_module(published_state):
    expected = set(AKNet().state_dict())
    mapped = {map_published_key(k) for k in published_state} - {None}
    assert mapped == expected


@pytest.mark.parametrize("wrapping", ["bare", "module-prefix", "state_dict-key", "pth"])
def test_published_variants_load(tmp_path, published_state, wrapping):
    if wrapping == "bare":
        obj, name = dict(published_state), "bare.pkl"
    elif wrapping == "module-prefix":
        obj, name = {"model": {f"module.{k}": v for k, v in published_state.items()}}, "ddp.pkl"
    elif wrapping == "state_dict-key":
        obj, name = {"state_dict": dict(published_state), "epoch": 3}, "wrapped.pth"
    else:
        obj, name = {"model": dict(published_state)}, "model.pth"
    path = tmp_path / name
    torch.save(obj, path)
    checkpoint = load_checkpoint(path)
    assert checkpoint.config == AKNetConfig()
    _assert_holds_the_published_tensors(checkpoint.build_model().state_dict(), published_state)


def _assert_holds_the_published_tensors(state: dict[str, torch.Tensor], published: dict[str, torch.Tensor]) -> None:
    """Every used tensor of the published file arrives unchanged under its module name."""
    mapped = {map_published_key(key): value for key, value in published.items()}
    mapped.pop(None, None)
    assert set(state) == set(mapped)
    for name, value in mapped.items():
        assert torch.equal(state[name], value), name


def test_safetensors_round_trip_keeps_metadata_and_config(tmp_path):
    torch.manual_seed(0)
    model = AKNet(TINY)
    path = save_weights(model, tmp_path / "tiny.safetensors", {"task": "dehaze", "training": {"steps": 12}})
    checkpoint = load_checkpoint(path)
    assert checkpoint.config == TINY
    assert checkpoint.task == "dehaze"
    assert checkpoint.metadata["training"] == {"steps": 12}
    assert checkpoint.source_format == "aknet-studio"
    restored = checkpoint.build_model()
    for name, tensor in model.state_dict().items():  # stored as float16
        assert torch.allclose(restored.state_dict()[name], tensor.half().float())


def test_config_is_inferred_from_shapes_when_the_file_has_none(tmp_path):
    model = AKNet(TINY)
    path = tmp_path / "plain.pth"
    torch.save(model.state_dict(), path)
    checkpoint = load_checkpoint(path)
    assert checkpoint.config == TINY
    loaded = checkpoint.build_model().state_dict()
    assert all(torch.equal(loaded[name], value) for name, value in model.state_dict().items())


def test_wrong_checkpoint_names_missing_unexpected_and_misshaped_keys(tmp_path, published_state):
    state = dict(published_state)
    del state["bottelneck.out_conv.weight"]
    state["extra.weight"] = torch.zeros(3)
    state["ff1.content_encoder.weight"] = torch.zeros(25, 16, 3, 3)
    path = tmp_path / "broken.pkl"
    torch.save({"model": state}, path)
    with pytest.raises(CheckpointError) as info:
        load_checkpoint(path)
    message = str(info.value)
    assert "32 base channels" in message
    assert "missing (1): bottleneck.out_proj.weight" in message
    assert "unexpected (1): extra.weight" in message
    assert "fusion_half.lowpass_encoder.weight (25, 16, 3, 3) ≠ (25, 32, 3, 3)" in message


def test_checkpoint_of_another_size_is_refused_for_an_explicit_config(tmp_path):
    path = save_weights(AKNet(TINY), tmp_path / "tiny.safetensors")
    with pytest.raises(CheckpointError, match="does not fit an AKNet with 32 base channels"):
        load_checkpoint(path, config=AKNetConfig())


class Payload:
    def __reduce__(self):
        return (print, ("this must never run",))


def test_pickle_that_would_run_code_is_refused(tmp_path, capsys):
    path = tmp_path / "evil.pkl"
    torch.save({"model": {"w": torch.zeros(1)}, "payload": Payload()}, path)
    with pytest.raises(CheckpointError, match="could run code"):
        load_checkpoint(path)
    assert "this must never run" not in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"", b"not a checkpoint at all", pickle.dumps([1, 2, 3])])
def test_files_that_are_not_checkpoints_get_a_clear_error(tmp_path, content):
    path = tmp_path / "weights.pth"
    path.write_bytes(content)
    with pytest.raises(CheckpointError, match=r"weights\.pth"):
        load_checkpoint(path)


def test_foreign_state_dict_is_not_an_aknet(tmp_path):
    path = tmp_path / "resnet.pth"
    torch.save(torch.nn.Linear(4, 2).state_dict(), path)
    with pytest.raises(CheckpointError, match="not an AKNet checkpoint"):
        load_checkpoint(path)


def test_corrupt_safetensors_and_missing_file(tmp_path):
    path = tmp_path / "bad.safetensors"
    path.write_bytes(json.dumps({"a": 1}).encode())
    with pytest.raises(CheckpointError, match=r"bad\.safetensors"):
        load_checkpoint(path)
    with pytest.raises(CheckpointError, match="not found"):
        load_checkpoint(tmp_path / "absent.pkl")
