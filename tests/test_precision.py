"""Choosing the arithmetic precision: the rule of `auto` with the CPU faked, the fidelity cache, bfloat16 runs."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import torch

from core.cli import main
from core.errors import AKNetError
from core.network.checkpoint import load_checkpoint
from core.precision import Fidelity, check_precision, choose_precision, measure_fidelity
from core.restorer import Restorer
from core.tasks import bundled_weights

AMX_CPU = {"model": "Intel(R) Xeon(R) Platinum 8480+", "bf16_units": True}
AVX2_CPU = {"model": "AMD EPYC 7B13", "bf16_units": False}
CPU = torch.device("cpu")


@pytest.fixture
def auto(monkeypatch, tmp_path):
    """`auto` as users get it (not pinned by the test suite), with its cache in a fresh folder."""
    monkeypatch.delenv("AKNET_PRECISION", raising=False)
    monkeypatch.setenv("AKNET_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "precision.json"


@pytest.fixture(scope="module")
def checkpoint():
    return load_checkpoint(bundled_weights("desnow"))


class Measurements:
    """A fake fidelity measurement that counts its calls."""

    def __init__(self, fidelity: Fidelity) -> None:
        self.fidelity, self.calls = fidelity, 0

    def __call__(self) -> Fidelity:
        self.calls += 1
        return self.fidelity


def faithful(speedup: float = 2.0) -> Fidelity:
    return Fidelity("bf16", psnr=52.0, max_error=1.0 / 255, seconds=1.0, fp32_seconds=speedup)


def test_auto_is_float32_on_a_cpu_without_bfloat16_units_and_measures_nothing(auto, checkpoint):
    measure = Measurements(faithful())
    choice = choose_precision("auto", CPU, checkpoint, cpu=AVX2_CPU, measure=measure)
    assert choice.precision == "fp32" and "no bfloat16 units" in choice.reason
    assert measure.calls == 0 and not auto.exists()


def test_auto_takes_bfloat16_where_it_is_faithful_and_faster_and_caches_the_measurement(auto, checkpoint):
    measure = Measurements(faithful())
    choice = choose_precision("auto", CPU, checkpoint, cpu=AMX_CPU, measure=measure)
    assert choice.precision == "bf16" and "52.0 dB" in choice.reason
    assert choose_precision("auto", CPU, checkpoint, cpu=AMX_CPU, measure=measure).precision == "bf16"
    assert measure.calls == 1  # measured once per weights file and CPU, then read from the cache
    entries = json.loads(auto.read_text())
    (key,) = entries
    assert AMX_CPU["model"] in key and key.endswith("|bf16 (shallow branches float32)") and entries[key]["psnr"] == 52.0
    other_cpu = dict(AMX_CPU, model="Intel(R) Core(TM) Ultra 7")
    choose_precision("auto", CPU, checkpoint, cpu=other_cpu, measure=measure)
    assert measure.calls == 2
    # One name with other units (a VM's "Intel(R) Xeon(R) Processor" on an AVX-512 BF16 host, then on one with
    # AMX, where bfloat16 is far faster) is measured anew; the same name and units again is not.
    avx512 = {"model": "Intel(R) Xeon(R) Processor", "bf16_units": True, "units": ["AVX2", "AVX-512", "AVX-512 BF16"]}
    amx = dict(avx512, units=[*avx512["units"], "AMX BF16"])
    for cpu in (avx512, amx, avx512):
        choose_precision("auto", CPU, checkpoint, cpu=cpu, measure=measure)
    assert measure.calls == 4


@pytest.mark.parametrize(
    ("fidelity", "why"),
    [
        (Fidelity("bf16", psnr=56.4, max_error=9.4 / 255, seconds=1.0, fp32_seconds=2.5), "misses the fidelity bar"),
        (Fidelity("bf16", psnr=40.0, max_error=1.0 / 255, seconds=1.0, fp32_seconds=2.5), "misses the fidelity bar"),
        (faithful(speedup=1.0), "is not faster here"),
    ],
)
def test_auto_stays_float32_where_bfloat16_is_unfaithful_or_not_faster(auto, checkpoint, fidelity, why):
    choice = choose_precision("auto", CPU, checkpoint, cpu=AMX_CPU, measure=Measurements(fidelity))
    assert choice.precision == "fp32" and why in choice.reason


def test_a_damaged_cache_is_measured_again_and_rewritten(auto, checkpoint):
    auto.parent.mkdir(parents=True)
    auto.write_text("{not json")
    measure = Measurements(faithful())
    assert choose_precision("auto", CPU, checkpoint, cpu=AMX_CPU, measure=measure).precision == "bf16"
    assert measure.calls == 1 and json.loads(auto.read_text())


def test_explicit_precisions_gpus_the_pin_and_bad_names(auto, checkpoint, monkeypatch):
    for name in ("fp32", "bf16", "fp16"):
        assert choose_precision(name, CPU, checkpoint, cpu=AVX2_CPU).precision == name
    assert choose_precision("auto", torch.device("cuda"), checkpoint).precision == "fp16"
    monkeypatch.setenv("AKNET_PRECISION", "fp32")
    assert choose_precision("auto", CPU, checkpoint, cpu=AMX_CPU).reason == "set by AKNET_PRECISION"
    monkeypatch.setenv("AKNET_PRECISION", "double")
    with pytest.raises(AKNetError, match="AKNET_PRECISION"):
        choose_precision("auto", CPU, checkpoint)
    with pytest.raises(AKNetError, match="Unknown precision 'int8'"):
        check_precision("int8")


def test_bfloat16_restores_close_to_float32_and_says_so(checkpoint, rng):
    image = rng.random((40, 56, 3), dtype=np.float32)
    exact = Restorer(checkpoint, device="cpu", tile="off", precision="fp32")
    fast = Restorer(checkpoint, device="cpu", tile="off", precision="bf16")
    assert "bf16" not in exact.device_label and "fp32" not in exact.device_label
    assert fast.device_label.endswith(", bf16")
    difference = np.abs(fast.restore(image) - exact.restore(image))
    assert 0 < difference.max() < 0.1 and difference.mean() < 0.01  # rounded, not wrong
    assert np.array_equal(Restorer(checkpoint, device="cpu", tile="off").restore(image), exact.restore(image))


def test_measured_fidelity_compares_with_float32(checkpoint, rng):
    photos = [rng.random((24, 32, 3), dtype=np.float32)]
    same = measure_fidelity(checkpoint, CPU, "fp32", photos)
    assert same.psnr == 999.0 and same.max_error == 0.0 and same.meets_bar
    rounded = measure_fidelity(checkpoint, CPU, "bf16", photos)
    assert 30 < rounded.psnr < 999 and rounded.max_error > 0 and rounded.seconds > 0


def test_the_command_line_restores_and_benchmarks_at_a_chosen_precision(tmp_path, rng, capsys, monkeypatch):
    from PIL import Image

    monkeypatch.setattr("core.precision.sample_photos", lambda: [rng.random((16, 24, 3), dtype=np.float32)])
    photo = tmp_path / "snowy.png"
    Image.fromarray((rng.random((20, 28, 3)) * 255).astype(np.uint8)).save(photo)
    argv = ["restore", str(photo), "-o", str(tmp_path / "out.png"), "--task", "desnow", "--device", "cpu"]
    assert main([*argv, "--precision", "bf16"]) == 0
    assert "bf16" in capsys.readouterr().err and (tmp_path / "out.png").is_file()
    weights = str(bundled_weights("desnow"))
    bench = ["bench", "--size", "32x24", "--weights", weights, "--device", "cpu", "--repeats", "1", "--inline"]
    assert main([*bench, "--precision", "fp32", "--precision", "bf16"]) == 0
    out = capsys.readouterr().out
    assert "      fp32  " in out and "      bf16  " in out
    assert re.search(r"bfloat16: [0-9.]+ dB, max error [0-9.]+/255 against float32.*(meets|misses) the bar", out)
    with pytest.raises(SystemExit):
        main([*argv, "--precision", "int8"])


def test_the_shallow_branches_that_read_the_photo_stay_float32_under_bfloat16(checkpoint, rng):
    """bfloat16 everywhere else, but the SCM branches see the photo in float32 (they cost 13 dB in bfloat16)."""
    model = checkpoint.build_model().eval()
    photo = torch.from_numpy(rng.random((1, 3, 16, 24), dtype=np.float32))
    with torch.inference_mode():
        exact = model.scm_half(photo)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            shallow = model.scm_half(photo)
            deep = model.stem(photo)
    assert shallow.dtype == torch.float32 and torch.equal(shallow, exact)
    assert deep.dtype == torch.bfloat16  # the rest of the network does run in bfloat16
