"""The user's models folder (core.models_folder) and `aknet models`, on real checkpoints saved by the real saver."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.cli import main
from core.errors import AKNetError, CheckpointError
from core.model_details import describe_model
from core.models_folder import (
    MODELS_DIR_VARIABLE,
    all_models,
    bundled_models,
    install_model,
    installed_models,
    models_dir,
    remove_model,
    user_data_dir,
)
from core.network.aknet import AKNet
from core.network.checkpoint import save_weights
from core.network.config import PRESETS


def tiny_checkpoint(path: Path, task: str | None = "desnow", seed: int = 0) -> Path:
    """A real tiny AKNet written by save_weights, trained for `task` (None: no task in its metadata)."""
    import torch

    torch.manual_seed(seed)
    metadata = {"training": {"steps": 12, "seconds": 90.0}, "validation": {"psnr": 25.5, "ssim": 0.9}}
    if task:
        metadata["task"] = task
    return save_weights(AKNet(PRESETS["tiny"]), path, metadata)


def test_the_folder_is_the_platforms_app_data_place_unless_overridden(monkeypatch, tmp_path, models_folder):
    assert models_dir() == models_folder
    monkeypatch.delenv(MODELS_DIR_VARIABLE)
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert models_dir() == tmp_path / "data" / "AKNet Studio" / "models"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert models_dir() == Path.home() / ".local" / "share" / "AKNet Studio" / "models"
    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "roaming"))
    assert user_data_dir() == tmp_path / "roaming" / "AKNet Studio"
    monkeypatch.setattr("sys.platform", "darwin")
    assert user_data_dir() == Path.home() / "Library" / "Application Support" / "AKNet Studio"


def test_install_checks_copies_and_lists_per_task(tmp_path, models_folder):
    source = tiny_checkpoint(tmp_path / "mine.safetensors")
    result = install_model(source)
    assert not result.already_there and result.model.task == "desnow"
    assert result.model.path == models_folder / "desnow" / "mine.safetensors"
    assert result.model.path.read_bytes() == source.read_bytes()
    assert [m.name for m in installed_models("desnow")] == ["desnow/mine.safetensors"]
    assert installed_models("dehaze") == []
    assert not list(models_folder.rglob("*.part*"))  # the atomic copy left nothing behind


def test_the_same_file_twice_is_kept_once_and_a_name_clash_gets_a_number(tmp_path, models_folder):
    first = tiny_checkpoint(tmp_path / "a" / "mine.safetensors", seed=1)
    other = tiny_checkpoint(tmp_path / "b" / "mine.safetensors", seed=2)
    install_model(first)
    again = install_model(first)
    assert again.already_there and again.model.path.name == "mine.safetensors"
    clash = install_model(other)
    assert clash.model.path.name == "mine-2.safetensors"
    assert clash.model.path.read_bytes() == other.read_bytes()
    assert len(installed_models()) == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"not a checkpoint at all" * 20, "not a readable PyTorch checkpoint"), (b"", "not a readable")],
)
def test_a_damaged_file_is_refused_with_the_loaders_reason_and_nothing_is_copied(
    tmp_path, models_folder, content, reason
):
    bad = tmp_path / "broken.pth"
    bad.write_bytes(content)
    with pytest.raises(CheckpointError, match=reason):
        install_model(bad)
    assert not models_folder.exists() or not list(models_folder.rglob("*"))


def test_a_truncated_safetensors_is_refused(tmp_path, models_folder):
    good = tiny_checkpoint(tmp_path / "good.safetensors")
    truncated = tmp_path / "cut.safetensors"
    truncated.write_bytes(good.read_bytes()[:5000])
    with pytest.raises(CheckpointError):
        install_model(truncated)
    assert installed_models() == []


def test_a_file_of_another_kind_is_refused_by_its_suffix(tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG")
    with pytest.raises(CheckpointError, match="not a checkpoint file"):
        install_model(photo)


def test_the_task_comes_from_the_file_else_must_be_given(tmp_path):
    unnamed = tiny_checkpoint(tmp_path / "unnamed.safetensors", task=None)
    with pytest.raises(AKNetError, match="does not say which task"):
        install_model(unnamed)
    assert install_model(unnamed, task="defocus").model.task == "defocus"
    assert install_model(unnamed, default_task="dehaze").model.task == "dehaze"
    with pytest.raises(AKNetError, match="trained for Desnow, not Dehaze"):
        install_model(tiny_checkpoint(tmp_path / "snow.safetensors"), task="dehaze")
    with pytest.raises(AKNetError, match="runs no network"):
        install_model(unnamed, task="classic-dehaze")


def test_remove_deletes_installed_models_never_bundled_ones(tmp_path):
    installed = install_model(tiny_checkpoint(tmp_path / "mine.safetensors")).model
    bundled = bundled_models()
    assert bundled, "the app ships weights"
    with pytest.raises(AKNetError, match="bundled"):
        remove_model(bundled[0])
    with pytest.raises(AKNetError, match="bundled"):
        remove_model(bundled[0].path.name)
    assert bundled[0].path.is_file()
    assert remove_model("mine.safetensors") == installed.path
    assert not installed.path.exists()
    with pytest.raises(AKNetError, match="No installed model"):
        remove_model("mine.safetensors")


def test_a_file_put_in_the_folder_by_hand_is_offered_for_every_task(tmp_path, models_folder):
    models_folder.mkdir(parents=True)
    tiny_checkpoint(models_folder / "loose.safetensors")
    (models_folder / ".hidden.safetensors").write_bytes(b"x")
    (models_folder / "notes.txt").write_text("not a model")
    assert [m.path.name for m in installed_models("dehaze")] == ["loose.safetensors"]
    assert [m.path.name for m in installed_models("defocus")] == ["loose.safetensors"]


def test_details_give_task_architecture_parameters_training_and_source(tmp_path):
    installed = install_model(tiny_checkpoint(tmp_path / "mine.safetensors")).model
    details = {d.model.name: d for d in map(describe_model, all_models())}
    mine = details["desnow/mine.safetensors"]
    assert mine.task_label == "Desnow" and mine.preset == "tiny" and mine.parameters > 500_000
    assert "12 steps, 1 min 30 s" in mine.training and "25.50 dB" in mine.training
    assert mine.model.source == "installed" and mine.model.path == installed.path
    assert details["dehaze.safetensors"].model.source == "bundled with the app"
    assert "haze output" in details["dehaze.safetensors"].architecture


def test_cli_install_list_remove(tmp_path, models_folder, capsys):
    source = tiny_checkpoint(tmp_path / "mine.safetensors", task=None)
    assert main(["models", "install", str(source)]) == 2
    assert "does not say which task" in capsys.readouterr().err
    assert main(["models", "install", str(source), "--task", "defocus"]) == 0
    assert "Installed defocus/mine.safetensors" in capsys.readouterr().out
    assert main(["models", "install", str(source), "--task", "defocus"]) == 0
    assert "already installed" in capsys.readouterr().out
    assert main(["models", "list", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["folder"] == str(models_folder)
    by_name = {m["name"]: m for m in listing["models"]}
    assert by_name["defocus/mine.safetensors"]["source"] == "installed"
    assert by_name["defocus/mine.safetensors"]["preset"] == "tiny"
    assert {"dehaze.safetensors", "desnow.safetensors", "defocus.safetensors"} <= set(by_name)
    assert main(["models", "list"]) == 0
    assert "defocus/mine.safetensors  (installed, Defocus deblur)" in capsys.readouterr().out
    assert main(["models", "remove", "defocus.safetensors"]) == 2
    assert "bundled" in capsys.readouterr().err
    assert main(["models", "remove", "defocus/mine.safetensors"]) == 0
    assert installed_models() == []


def test_cli_refuses_a_damaged_file_and_copies_nothing(tmp_path, models_folder, capsys):
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{garbage")
    assert main(["models", "install", str(bad), "--task", "dehaze"]) == 2
    assert "error: bad.safetensors" in capsys.readouterr().err
    assert installed_models() == []
