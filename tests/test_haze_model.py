"""The haze output (core.network.haze_model): a network that predicts the transmission map and the airlight,
inverted by the scattering model at full size; saved, loaded, described and restored through the real paths."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from core.cli import main as cli_main
from core.errors import CancelledError
from core.network import AKNet, AKNetConfig
from core.network.checkpoint import infer_config, load_checkpoint, save_weights
from core.network.haze_model import T_FLOOR, apply_haze_map, haze_parameters, recover, working_size
from core.progress import CancelToken
from core.restorer import Restorer
from tests.conftest import smooth_image

HAZE = AKNetConfig(base_channels=8, num_blocks=1, kernel_size=7, output="haze")


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _constant_haze_network(transmission: float, airlight: tuple[float, float, float]) -> AKNet:
    """A haze-output network whose full-scale map is exactly `transmission` and `airlight` everywhere."""
    model = AKNet(HAZE)
    with torch.no_grad():
        model.out_full.conv.weight.zero_()
        model.out_full.conv.bias.copy_(torch.tensor([_logit(transmission), *(_logit(a) for a in airlight)]))
    return model.eval()


def test_config_names_its_output_and_the_published_configuration_reads_as_before():
    assert AKNetConfig().to_dict() == {"base_channels": 32, "num_blocks": 4, "kernel_size": 63}
    assert HAZE.to_dict()["output"] == "haze" and HAZE.out_channels == 4
    assert AKNetConfig.from_dict(HAZE.to_dict()) == HAZE
    with pytest.raises(ValueError, match="output must be one of"):
        AKNetConfig(output="depth")


def test_recover_inverts_the_scattering_model():
    rng = np.random.default_rng(0)
    clean = torch.from_numpy(rng.uniform(0, 1, (2, 3, 12, 16)).astype(np.float32))
    transmission = torch.from_numpy(rng.uniform(0.2, 0.95, (2, 1, 12, 16)).astype(np.float32))
    airlight = torch.tensor([0.9, 0.85, 0.8]).view(1, 3, 1, 1)
    hazy = clean * transmission + airlight * (1 - transmission)
    # Airlight logits constant over the image: their mean after the sigmoid is the airlight itself.
    raw = torch.cat([torch.logit(transmission), torch.logit(airlight).expand(2, 3, 12, 16)], dim=1)
    t, a = haze_parameters(raw)
    torch.testing.assert_close(t, transmission)
    torch.testing.assert_close(a, airlight.expand(2, 3, 1, 1))
    torch.testing.assert_close(recover(hazy, raw), clean, atol=1e-5, rtol=0)


def test_transmission_never_falls_below_the_floor():
    raw = torch.full((1, 4, 4, 4), -50.0)
    transmission, _ = haze_parameters(raw)
    assert float(transmission.min()) == pytest.approx(T_FLOOR)


def test_a_network_with_haze_output_returns_images_at_three_scales_and_its_map():
    torch.manual_seed(0)
    model = AKNet(HAZE).eval()
    x = torch.rand(1, 3, 32, 40)
    outputs = model(x)
    assert [tuple(o.shape) for o in outputs] == [(1, 3, 8, 10), (1, 3, 16, 20), (1, 3, 32, 40)]
    transmission, airlight = model.haze_map(x)
    assert transmission.shape == (1, 1, 32, 40) and airlight.shape == (1, 3, 1, 1)
    # The full-scale image is the input with that map removed.
    torch.testing.assert_close(outputs[-1], (x - airlight) / transmission + airlight)
    with pytest.raises(ValueError, match="output='haze'"):
        AKNet(AKNetConfig(base_channels=8, num_blocks=1, kernel_size=7)).haze_map(x)


def test_a_map_estimated_small_dehazes_the_full_size_photo():
    rng = np.random.default_rng(1)
    clean = smooth_image(rng, 90, 120)
    airlight = np.array([0.92, 0.9, 0.86], np.float32)
    yy, xx = np.mgrid[0:90, 0:120].astype(np.float32)
    transmission = (0.3 + 0.5 * yy / 89 + 0.1 * xx / 119).astype(np.float32)  # smooth, as haze is
    hazy = clean * transmission[..., None] + airlight * (1 - transmission[..., None])
    small = transmission[::3, ::3]  # the map at a third of the size
    restored = apply_haze_map(hazy, small, airlight)
    assert restored.shape == hazy.shape and restored.dtype == np.float32
    error = np.abs(restored - clean)
    assert error.mean() < 0.01, error.mean()  # against 0.2 or more for the hazy input
    assert np.abs(hazy - clean).mean() > 0.1


def test_working_size_keeps_the_aspect_in_multiples_of_four_and_never_enlarges():
    assert working_size(512, 768, 320) == (212, 320)
    assert working_size(100, 60, 320) == (100, 60)
    assert working_size(1, 1, 320) == (8, 8)
    height, width = working_size(10_000, 30, 320)
    assert height == 320 and width % 4 == 0 and width >= 8


@pytest.mark.parametrize("suffix", [".safetensors", ".pth"])
def test_haze_weights_save_and_load_with_their_output(tmp_path, suffix):
    model = _constant_haze_network(0.5, (0.9, 0.9, 0.9))
    path = tmp_path / f"haze{suffix}"
    if suffix == ".safetensors":
        save_weights(model, path, {"task": "dehaze"})
    else:  # a plain state dict: the output is read off the last convolution's four channels
        torch.save(model.state_dict(), path)
    checkpoint = load_checkpoint(path)
    assert checkpoint.config == HAZE
    assert infer_config(checkpoint.state_dict, path).output == "haze"


def test_the_restorer_applies_the_map_to_the_full_size_photo(tmp_path):
    transmission, airlight = 0.4, (0.9, 0.88, 0.85)
    path = save_weights(_constant_haze_network(transmission, airlight), tmp_path / "haze.safetensors", half=False)
    rng = np.random.default_rng(2)
    clean = smooth_image(rng, 600, 900)  # larger than the working size: the map is estimated small
    hazy = clean * transmission + np.asarray(airlight, np.float32) * (1 - transmission)
    restorer = Restorer(path, device="cpu")
    seen: list[float] = []
    restored = restorer.restore(hazy.astype(np.float32), progress=lambda fraction, _: seen.append(fraction))
    assert restored.shape == clean.shape
    np.testing.assert_allclose(restored, clean, atol=2e-4)
    assert seen == sorted(seen) and seen[-1] == pytest.approx(1.0)
    assert restorer.last_report is not None and not restorer.last_report.tiled
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        restorer.restore(hazy.astype(np.float32), cancel=token)


def test_aknet_info_says_what_the_outputs_mean(tmp_path, capsys):
    path = save_weights(_constant_haze_network(0.5, (0.9, 0.9, 0.9)), tmp_path / "haze.safetensors")
    assert cli_main(["info", str(path)]) == 0
    assert "Output:        a transmission map and the airlight" in capsys.readouterr().out
