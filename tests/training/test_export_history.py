"""Exported weights carry the history of the weights their run started from; averaged checkpoints export
their mean with its own validation figures."""

from __future__ import annotations

import pytest
import torch

from core.errors import AKNetError
from core.network import PRESETS, AKNet
from core.network.checkpoint import load_checkpoint, save_weights
from tests.training.conftest import tiny_config
from training.data import build_run_data
from training.export import average_states, export_checkpoint, weights_metadata
from training.trainer import Trainer
from training.validation import iterate, score_pairs


def test_history_lists_the_stages_of_the_initial_weights(tmp_path):
    first = save_weights(
        AKNet(PRESETS["tiny"]), tmp_path / "gpu.safetensors",
        {"task": "dehaze", "training": {"steps": 746, "hardware": {"device": "GPU"}}, "validation": {"psnr": 19.3}},
    )  # fmt: skip
    second_meta = weights_metadata({"config": {"task": "dehaze", "init_weights": str(first)}, "step": 300})
    assert second_meta["history"] == [
        {"weights": "gpu.safetensors", "training": {"steps": 746, "hardware": {"device": "GPU"}},
         "validation": {"psnr": 19.3}},
    ]  # fmt: skip
    second = save_weights(AKNet(PRESETS["tiny"]), tmp_path / "cpu.safetensors", second_meta)
    third_meta = weights_metadata({"config": {"task": "dehaze", "init_weights": str(second)}, "step": 10})
    assert [stage["weights"] for stage in third_meta["history"]] == ["gpu.safetensors", "cpu.safetensors"]
    assert weights_metadata({"config": {"init_weights": str(tmp_path / "gone.pkl")}})["history"][0]["note"]


def test_averaged_checkpoints_export_their_mean_with_its_own_validation(clean_folder, tmp_path):
    config = tiny_config(tmp_path / "run", clean_dirs=[str(clean_folder)], steps=4, save_every=2, valid_count=1)
    Trainer(config, build_run_data(config)).fit()
    paths = [tmp_path / "run" / "checkpoints" / "step_0000002.pt", tmp_path / "run" / "last.pt"]  # steps 2 and 4
    states = [torch.load(path, weights_only=True)["model"] for path in paths]
    weights = load_checkpoint(export_checkpoint(paths, tmp_path / "mean.safetensors"))
    for key, value in weights.state_dict.items():
        mean = (states[0][key].double() + states[1][key].double()) / 2
        torch.testing.assert_close(value.double(), mean.half().double())
    meta = weights.metadata
    assert meta["training"]["averaged_steps"] == [2, 4]
    # Measured for the average on the run's held-out photo: not the figure of either checkpoint.
    model = AKNet(PRESETS["tiny"])
    model.load_state_dict({key: value.float() for key, value in weights.state_dict.items()})
    assert meta["validation"]["images"] == 1 and meta["validation"]["averaged_steps"] == [2, 4]
    data = build_run_data(config)
    expected = score_pairs(model, iterate(data.valid), torch.device("cpu")).mean_psnr
    assert abs(meta["validation"]["psnr"] - expected) < 0.05  # float16 rounding of the stored weights only


def test_checkpoints_of_other_architectures_or_priors_are_not_averaged():
    one = {"network": PRESETS["tiny"].to_dict(), "model": {"w": torch.ones(2)}, "config": {}, "step": 1}
    other = {**one, "network": PRESETS["small"].to_dict(), "step": 2}
    with pytest.raises(AKNetError, match="same architecture"):
        average_states([one, other])
    prior = {**one, "config": {"input_prior": "dark-channel"}, "step": 3}
    with pytest.raises(AKNetError, match="same input prior"):
        average_states([one, prior])
    assert torch.equal(
        average_states([one, {**one, "model": {"w": torch.zeros(2)}}])["model"]["w"], torch.full((2,), 0.5)
    )


def test_exported_weights_carry_the_validation_of_their_own_step():
    best = {"psnr": 27.1, "ssim": 0.91, "images": 8, "step": 2100}
    last = {"psnr": 26.6, "ssim": 0.92, "images": 8, "step": 3600}
    state = {"config": {"task": "desnow"}, "step": 3600, "best": best, "validation": last}
    assert weights_metadata(state)["validation"] == last  # a last.pt: not the run's best, which is older
    assert weights_metadata({**state, "step": 2100, "validation": best})["validation"] == best  # a best.pt
    between = {**state, "step": 3500, "validation": {**last, "step": 3300}}  # saved between validations
    assert weights_metadata(between)["validation"]["step"] == 3300
