"""Exported weights carry the history of the weights their run started from."""

from __future__ import annotations

from core.network import PRESETS, AKNet
from core.network.checkpoint import save_weights
from training.export import weights_metadata


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
