"""Poisoned weights: checkpoints with non-finite values, wrong types, absurd sizes or bad metadata are refused at
load with a message naming the problem, and a restoration that comes out NaN is redone or refused, never saved."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
import torch
from safetensors.torch import save_file

from core.batch import OutputOptions, restore_file
from core.errors import CheckpointError, InvalidResultError
from core.image.write import write_image
from core.network import AKNet, AKNetConfig, checkpoint_checks
from core.network.checkpoint import load_checkpoint, save_weights
from core.progress import Status
from core.restorer import Restorer

TINY = AKNetConfig(base_channels=4, num_blocks=1, kernel_size=3)
FORMATS = ["pkl", "pth", "safetensors"]


def tiny_state(seed: int = 0) -> dict[str, torch.Tensor]:
    torch.manual_seed(seed)
    return {k: v.clone() for k, v in AKNet(TINY).state_dict().items()}


def write_checkpoint(path, state, metadata: dict[str, str] | None = None):
    """A state dict as a real file: torch's legacy pickle (.pkl), its zip format (.pth) or safetensors."""
    if path.suffix == ".safetensors":
        save_file({k: v.contiguous() for k, v in state.items()}, str(path), metadata=metadata)
    else:
        torch.save({"model": state}, path, _use_new_zipfile_serialization=path.suffix == ".pth")
    return path


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("value, named", [(float("nan"), "not finite"), (float("inf"), "not finite")])
def test_non_finite_weights_are_refused_naming_the_tensor(tmp_path, fmt, value, named):
    state = tiny_state()
    state["bottleneck.out_proj.weight"].view(-1)[3] = value
    path = write_checkpoint(tmp_path / f"w.{fmt}", state)
    with pytest.raises(CheckpointError, match=rf"bottleneck\.out_proj\.weight.*1 value\(s\) that are {named}"):
        load_checkpoint(path)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("dtype", [torch.int32, torch.int64, torch.uint8, torch.bool])
def test_integer_and_boolean_weights_are_refused(tmp_path, fmt, dtype):
    state = tiny_state()
    state["stem.conv.weight"] = (state["stem.conv.weight"] * 10).to(dtype)
    path = write_checkpoint(tmp_path / f"w.{fmt}", state)
    kind = str(dtype).replace("torch.", "")
    with pytest.raises(CheckpointError, match=rf"'stem\.conv\.weight' holds {kind} numbers"):
        load_checkpoint(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_float64_weights_are_converted_to_float32(tmp_path, fmt):
    state = tiny_state()
    path = write_checkpoint(tmp_path / f"w.{fmt}", {k: v.double() for k, v in state.items()})
    checkpoint = load_checkpoint(path)
    assert {v.dtype for v in checkpoint.state_dict.values()} == {torch.float32}
    for key, tensor in checkpoint.build_model().state_dict().items():
        assert torch.equal(tensor, state[key])


def test_float64_beyond_float32_range_is_refused(tmp_path):
    state = {k: v.double() for k, v in tiny_state().items()}
    state["stem.conv.bias"][0] = 1e300
    with pytest.raises(CheckpointError, match=r"stem\.conv\.bias.*beyond float32 range"):
        load_checkpoint(write_checkpoint(tmp_path / "w.pth", state))


def test_a_huge_declared_shape_over_one_number_is_refused_before_it_is_touched(tmp_path):
    state = tiny_state()
    state["extra"] = torch.zeros(1).expand(100_000, 100_000)  # 10^10 numbers, one stored
    path = write_checkpoint(tmp_path / "w.pth", state)
    with pytest.raises(CheckpointError, match=r"more than 400,000,000 numbers \('extra' is \(100000, 100000\)\)"):
        load_checkpoint(path)


def test_file_larger_than_the_limit_is_refused_unread(tmp_path, monkeypatch):
    path = write_checkpoint(tmp_path / "w.pth", tiny_state())
    monkeypatch.setattr(checkpoint_checks, "MAX_CHECKPOINT_MB", 0)
    with pytest.raises(CheckpointError, match=r"AKNet weights are at most 0 MB"):
        load_checkpoint(path)


def test_zero_dimensional_first_convolution_is_refused(tmp_path):
    state = tiny_state()
    state["stem.conv.weight"] = torch.tensor(1.0)
    with pytest.raises(CheckpointError, match="has no dimensions"):
        load_checkpoint(write_checkpoint(tmp_path / "w.pkl", state))


CONFIG = {"base_channels": 4, "num_blocks": 1, "kernel_size": 3}


@pytest.mark.parametrize(
    "config, message",
    [
        ({**CONFIG, "base_channels": 10**9}, "base_channels must be a multiple of 4 from 4 to 256"),
        ({**CONFIG, "num_blocks": 100_000}, "num_blocks must be from 1 to 32"),
        ({**CONFIG, "kernel_size": 4097}, "kernel_size must be odd, from 3 to 127"),
        ({**CONFIG, "base_channels": "abc"}, "base_channels must be a whole number"),
        ({**CONFIG, "num_blocks": None}, "num_blocks must be a whole number"),
        ({**CONFIG, "kernel_size": [3]}, "kernel_size must be a whole number"),
        ({**CONFIG, "base_channels": 1e300}, "base_channels must be a multiple of 4"),
        ("[1, 2]", "'config' should describe the network's sizes"),
    ],
)
def test_impossible_configuration_in_metadata_is_refused_before_building(tmp_path, config, message):
    text = config if isinstance(config, str) else json.dumps(config)
    path = write_checkpoint(tmp_path / "w.safetensors", tiny_state(), {"config": text})
    with pytest.raises(CheckpointError, match=message):
        load_checkpoint(path)


@pytest.mark.parametrize(
    "value, message",
    [
        ("[" * 100_000, "nested too deeply"),
        ('{"steps": 12,', "'training' is not valid JSON"),
        ("x" * 2_000_000, r"2,000,\d{3} bytes of metadata \(at most 1,048,576"),
    ],
)
def test_huge_or_malformed_metadata_is_refused(tmp_path, value, message):
    path = write_checkpoint(tmp_path / "w.safetensors", tiny_state(), {"config": json.dumps(CONFIG), "training": value})
    with pytest.raises(CheckpointError, match=message):
        load_checkpoint(path)


def test_plain_string_metadata_still_loads(tmp_path):
    path = write_checkpoint(tmp_path / "w.safetensors", tiny_state(), {"config": json.dumps(CONFIG), "task": "desnow"})
    assert load_checkpoint(path).task == "desnow"


def test_safetensors_declaring_a_huge_header_is_refused_unread(tmp_path):
    path = tmp_path / "w.safetensors"
    path.write_bytes(struct.pack("<Q", 2**40) + b"{}")
    with pytest.raises(CheckpointError, match="declares a header of 1,099,511,627,776 bytes"):
        load_checkpoint(path)


def test_cli_info_names_the_poisoned_tensor(tmp_path, capsys):
    from core.cli import main

    state = tiny_state()
    state["decoder_full.0.conv1.conv.bias"][0] = float("nan")
    path = write_checkpoint(tmp_path / "poisoned.pth", state)
    assert main(["info", str(path)]) == 2
    assert "decoder_full.0.conv1.conv.bias" in capsys.readouterr().err


# --- restorations that come out NaN ---------------------------------------------------------------


def overflowing_weights(tmp_path):
    """Finite weights whose output overflows float16 (the last convolution scaled up), fine in float32."""
    model = AKNet(TINY)
    torch.manual_seed(0)
    with torch.no_grad():
        model.out_full.conv.weight.mul_(1e7)
    return save_weights(model, tmp_path / "loud.safetensors", half=False)


def test_float16_overflow_is_redone_in_float32(tmp_path, rng):
    image = rng.random((16, 24, 3), dtype=np.float32)
    path = overflowing_weights(tmp_path)
    half = Restorer(path, device="cpu", tile="off", half=True)
    with torch.inference_mode():  # the premise: float16 alone gives NaN or infinity
        raw = half.model(torch.from_numpy(image).permute(2, 0, 1)[None].half())[-1]
    assert not torch.isfinite(raw).all()
    restored = half.restore(image)
    assert np.isfinite(restored).all()
    assert "redone in float32" in half.last_report.fallback
    expected = Restorer(path, device="cpu", tile="off").restore(image)
    np.testing.assert_allclose(restored, expected, atol=1e-5)


def test_nan_result_in_float32_fails_the_file_and_writes_nothing(tmp_path, rng, monkeypatch):
    path = overflowing_weights(tmp_path)
    restorer = Restorer(path, device="cpu", tile="off")
    with torch.no_grad():  # weights that pass the loader's checks but overflow float32 at run time
        restorer.model.out_full.conv.weight.mul_(1e36)
    source = tmp_path / "photo.png"
    write_image(source, rng.random((12, 12, 3), dtype=np.float32))
    with pytest.raises(InvalidResultError, match="NaN or infinity"):
        restorer.restore(rng.random((12, 12, 3), dtype=np.float32))
    output = tmp_path / "out" / "photo_dehaze.png"
    result = restore_file(restorer, source, output, OutputOptions())
    assert result.status == Status.FAILED and "NaN or infinity" in result.error
    assert not output.parent.exists() or not any(output.parent.iterdir())
