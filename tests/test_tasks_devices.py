"""The task registry, engine choice, devices and the resource-path helper."""

from __future__ import annotations

import sys

import pytest
import torch

from core.dark_channel import ClassicDehazer
from core.devices import available_devices, cpu_threads, describe_device, resolve_device, threads_label
from core.engine import create_restorer
from core.errors import AKNetError, WeightsMissingError
from core.network import AKNet, AKNetConfig
from core.network.checkpoint import save_weights
from core.resources import resource_path, resources_dir
from core.restorer import Restorer
from core.tasks import TASKS, bundled_weights, get_task, task_available


def test_every_ai_task_names_its_weights_file_and_the_classic_one_needs_none():
    assert set(TASKS) == {"dehaze", "desnow", "defocus", "classic-dehaze"}
    for name, task in TASKS.items():
        if task.classic:
            assert task.weights_path() is None and task_available(name)
        else:
            assert task.weights_path() == resources_dir() / "weights" / f"{name}.safetensors"


def test_missing_weights_are_reported_plainly(tmp_path, monkeypatch):
    monkeypatch.setenv("AKNET_RESOURCES", str(tmp_path))
    with pytest.raises(WeightsMissingError, match="No trained weights are bundled for Desnow"):
        bundled_weights("desnow")
    assert not task_available("desnow")
    with pytest.raises(WeightsMissingError):
        create_restorer("defocus")


def test_bundled_weights_are_found_through_the_resource_helper(tmp_path, monkeypatch):
    monkeypatch.setenv("AKNET_RESOURCES", str(tmp_path))
    (tmp_path / "weights").mkdir()
    save_weights(
        AKNet(AKNetConfig(base_channels=8, num_blocks=1, kernel_size=7)),
        tmp_path / "weights" / "desnow.safetensors",
        {"task": "desnow"},
    )
    assert resource_path("weights", "desnow.safetensors") == bundled_weights("desnow")
    engine = create_restorer("desnow", device="cpu")
    assert isinstance(engine, Restorer) and engine.description["task"] == "desnow"


def test_unknown_task_and_classic_engine():
    with pytest.raises(AKNetError, match="Unknown task 'sharpen'"):
        get_task("sharpen")
    assert isinstance(create_restorer("classic-dehaze"), ClassicDehazer)


def test_frozen_apps_find_resources_beside_the_executable(monkeypatch, tmp_path):
    monkeypatch.delenv("AKNET_RESOURCES", raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"


def test_devices_on_this_machine():
    devices = available_devices()
    assert devices[-1].spec == "cpu" and "thread" in devices[-1].name
    assert resolve_device("cpu") == torch.device("cpu")
    mps = getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()
    best = "cuda" if torch.cuda.is_available() else "mps" if mps else "cpu"
    assert resolve_device("auto").type == best
    count = torch.get_num_threads()
    assert describe_device(torch.device("cpu")) == f"CPU ({count} thread{'' if count == 1 else 's'})"
    assert threads_label(1) == "1 thread" and threads_label(2) == "2 threads"


@pytest.mark.parametrize(
    ("allowed", "physical", "expected"),
    [({0, 1, 2, 3}, 2, 2), ({0}, 8, 1), ({0, 1, 2}, None, 3)],
    ids=["hyper-threads-not-doubled", "affinity-limits", "unknown-physical-count"],
)
def test_cpu_threads_are_the_usable_physical_cores(monkeypatch, allowed, physical, expected):
    import psutil

    monkeypatch.setattr("os.sched_getaffinity", lambda pid: allowed, raising=False)
    monkeypatch.setattr(psutil, "cpu_count", lambda logical=True: physical)
    assert cpu_threads() == expected


XEON = """processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) Processor
flags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw avx512_bf16 amx_bf16 amx_tile
processor\t: 1
model name\t: something else
flags\t\t: fpu
"""
EPYC = "model name\t: AMD EPYC 7B13\nflags\t\t: fpu sse2 avx avx2 fma\n"


def test_cpu_units_are_read_from_the_kernels_description(monkeypatch):
    from core.cpu_features import cpu_summary, describe_cpu, parse_cpuinfo

    assert parse_cpuinfo(XEON)[0] == "Intel(R) Xeon(R) Processor"
    monkeypatch.delenv("AKNET_PRECISION")  # the suite pins auto to float32; here it is what a user's machine says
    xeon, epyc = describe_cpu(XEON), describe_cpu(EPYC)
    assert xeon["units"] == ["AVX2", "AVX-512", "AVX-512 BF16", "AMX BF16"] and xeon["bf16_units"]
    assert epyc["units"] == ["AVX2"] and not epyc["bf16_units"]
    assert cpu_summary(EPYC) == "AMD EPYC 7B13: AVX2"
    assert describe_cpu("")["units"] == [] and describe_cpu("")["model"]  # no /proc/cpuinfo: still a name
    assert xeon["torch_kernels"] == torch.backends.cpu.get_cpu_capability()
    assert epyc["restorer"].startswith("float32: no bfloat16 units")  # what auto runs at, before any weights
    assert "bfloat16 for weights where it meets the fidelity bar" in xeon["restorer"]
    monkeypatch.setenv("AKNET_PRECISION", "bf16")
    assert describe_cpu(EPYC)["restorer"].startswith("bfloat16, set by AKNET_PRECISION")
