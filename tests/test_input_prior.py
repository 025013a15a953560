"""Input priors: weights that refine a classic restoration get that restoration, the same in the app,
the CLI and training, and weights asking for a prior this version lacks are refused clearly."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core.cli import main as cli_main
from core.dark_channel import dehaze
from core.errors import AKNetError, CancelledError
from core.input_prior import apply_prior, prior_of
from core.network import AKNet, AKNetConfig
from core.network.checkpoint import load_checkpoint, save_weights
from core.progress import CancelToken
from core.restorer import Restorer
from tests.conftest import smooth_image

TINY = AKNetConfig(base_channels=8, num_blocks=1, kernel_size=7)


def _hazy(rng: np.random.Generator, height: int = 40, width: int = 52) -> np.ndarray:
    clean = smooth_image(rng, height, width)
    return (clean * 0.45 + 0.5).astype(np.float32)  # a flat, bright veil over it


def _weights(tmp_path, name: str, prior: str | None):
    torch.manual_seed(3)
    metadata = {"task": "dehaze"} | ({"input_prior": prior} if prior else {})
    return save_weights(AKNet(TINY), tmp_path / name, metadata, half=False)


def test_no_prior_leaves_the_image_alone_and_the_dark_channel_prior_is_the_classic_dehaze(rng):
    image = _hazy(rng)
    assert apply_prior(None, image) is image
    np.testing.assert_array_equal(apply_prior("dark-channel", image), dehaze(image).restored)


def test_weights_with_a_prior_restore_the_classic_result_not_the_photo(tmp_path, rng):
    image = _hazy(rng)
    with_prior = Restorer(_weights(tmp_path, "refiner.safetensors", "dark-channel"), device="cpu", tile="off")
    plain = Restorer(_weights(tmp_path, "plain.safetensors", None), device="cpu", tile="off")
    assert with_prior.input_prior == "dark-channel" and plain.input_prior is None
    assert with_prior.description["input_prior"] == "dark-channel"
    # Same network weights: the refiner's output is the plain network applied to the classic result.
    expected = plain.restore(dehaze(image).restored)
    np.testing.assert_allclose(with_prior.restore(image), expected, atol=1e-6)
    assert not np.allclose(plain.restore(image), expected, atol=1e-3)


def test_progress_runs_through_the_prior_then_the_network_and_cancel_stops_the_prior(tmp_path, rng):
    restorer = Restorer(_weights(tmp_path, "refiner.safetensors", "dark-channel"), device="cpu", tile="off")
    seen: list[tuple[float, str]] = []
    restorer.restore(_hazy(rng), progress=lambda fraction, message: seen.append((fraction, message)))
    fractions = [fraction for fraction, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    assert any(message == "Transmission" for _, message in seen)  # the dark channel prior's own steps
    assert max(f for f, m in seen if m == "Transmission") < 0.1
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        restorer.restore(_hazy(rng), cancel=token)


def test_weights_that_need_an_unknown_prior_are_refused_with_a_clear_message(tmp_path):
    path = _weights(tmp_path, "future.safetensors", "retinex-2030")
    with pytest.raises(AKNetError, match=r"retinex-2030.*does not have"):
        Restorer(path, device="cpu")
    with pytest.raises(AKNetError, match="retinex-2030"):
        prior_of(load_checkpoint(path).metadata)


def test_aknet_info_says_what_the_network_is_given(tmp_path, capsys):
    assert cli_main(["info", str(_weights(tmp_path, "refiner.safetensors", "dark-channel"))]) == 0
    out = capsys.readouterr().out
    assert "Input:         the photo after dark channel prior dehazing" in out
    assert "input_prior:" not in out  # said once, in words
    assert cli_main(["info", str(_weights(tmp_path, "plain.safetensors", None))]) == 0
    assert "Input:" not in capsys.readouterr().out
