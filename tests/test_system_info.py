"""`aknet info --system` (and so Help ▸ Copy system info) tells a supporter the machine: versions, PyTorch's build,
GPUs, CPU units, threads, models. The GPU checks say why the GPU is unused: faked PyTorch builds and PCI buses."""

from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace

import torch

from core.cli import main
from core.gpu_check import gpu_problem, nvidia_gpu_present
from core.system_info import format_system_info, system_info
from tests.conftest import REPO

NO_DRIVER = (
    "Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver from "
    "http://www.nvidia.com/Download/index.aspx"
)
OLD_DRIVER = (
    "The NVIDIA driver on your system is too old (found version 11040). Please update your GPU driver by downloading "
    "and installing a new version from the URL: http://www.nvidia.com/Download/index.aspx"
)


def fake_torch(cuda: str | None, available: bool = False, failure: str = "") -> SimpleNamespace:
    """A stand-in for the torch module as gpu_problem sees it: its CUDA build and what CUDA does on this machine."""

    def init() -> None:
        if failure:
            raise RuntimeError(failure)

    return SimpleNamespace(
        version=SimpleNamespace(cuda=cuda, hip=None), cuda=SimpleNamespace(is_available=lambda: available, init=init)
    )


def test_a_cuda_build_without_a_driver_says_so_and_that_the_cpu_runs():
    message = gpu_problem(fake_torch("12.8", failure=NO_DRIVER), nvidia_present=True)
    assert "built for CUDA 12.8" in message and "Found no NVIDIA driver on your system" in message
    assert "runs on the CPU" in message and "install or update the NVIDIA driver" in message
    assert "Please check" not in message  # PyTorch's first sentence only


def test_a_cuda_build_newer_than_the_driver_names_the_driver_found():
    message = gpu_problem(fake_torch("12.8", failure=OLD_DRIVER), nvidia_present=None)
    assert "The NVIDIA driver on your system is too old (found version 11040)" in message
    assert "supports CUDA 12.8" in message


def test_a_cpu_only_build_on_a_machine_with_an_nvidia_gpu_says_how_to_use_it():
    message = gpu_problem(fake_torch(None), nvidia_present=True)
    assert "CPU-only build" in message and "install a CUDA build of PyTorch" in message


def test_nothing_is_said_when_the_gpu_works_or_there_is_none():
    assert gpu_problem(fake_torch("12.8", available=True), nvidia_present=True) == ""
    assert gpu_problem(fake_torch("12.8", failure=NO_DRIVER), nvidia_present=False) == ""
    assert gpu_problem(fake_torch(None), nvidia_present=False) == ""
    assert gpu_problem(fake_torch(None), nvidia_present=None) == ""


def _pci(root, name: str, vendor: str, kind: str) -> None:
    device = root / name
    device.mkdir(parents=True)
    (device / "vendor").write_text(vendor + "\n")
    (device / "class").write_text(kind + "\n")


def test_an_nvidia_display_controller_is_found_on_the_pci_bus(tmp_path):
    _pci(tmp_path, "0000:00:02.0", "0x8086", "0x030000")  # Intel graphics
    _pci(tmp_path, "0000:00:1f.3", "0x10de", "0x040300")  # an NVIDIA audio function: not a GPU
    assert nvidia_gpu_present(tmp_path) is False
    _pci(tmp_path, "0000:01:00.0", "0x10de", "0x030200")  # NVIDIA 3D controller
    assert nvidia_gpu_present(tmp_path) is True
    assert nvidia_gpu_present(tmp_path / "absent") is None


def test_the_text_has_every_part_a_supporter_asks_for():
    info = system_info()
    text = format_system_info(info)
    labels = [line.split(":", 1)[0] for line in text.splitlines()]
    for label in ("AKNet Studio", "OS", "Python", "Libraries", "PyTorch", "CUDA", "MPS", "CPU", "Units", "Threads"):
        assert label in labels
    assert "Devices" in labels and "Models" in labels and "Log folder" in labels
    assert torch.__version__ in text
    assert "dehaze: dehaze.safetensors" in text
    assert f"{info['threads']} used" in text


def test_the_text_shows_gpus_with_their_memory():
    info = system_info()
    info["cuda"] = {
        "available": True,
        "devices": [{"spec": "cuda:0", "name": "NVIDIA H200", "memory_gib": 139.8, "capability": "9.0"}],
    }
    info["torch"].update(cuda_build="12.8", cudnn=91002)
    info["gpu_problem"] = ""
    text = format_system_info(info)
    assert "CUDA:          available: cuda:0 NVIDIA H200, 139.8 GiB, compute 9.0" in text
    assert "(CUDA 12.8, cuDNN 91002" in text


def test_the_command_line_prints_the_shared_text(capsys):
    assert main(["info", "--system"]) == 0
    assert capsys.readouterr().out.rstrip("\n") == format_system_info(system_info())
    assert main(["info", "--system", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["app"]


def test_the_command_line_notes_why_the_gpu_is_unused(tmp_path):
    """`aknet restore --device auto` under a CUDA build whose driver is missing: a note, then the CPU restores."""
    import numpy as np

    from core.image.write import write_image
    from tests.conftest import smooth_image

    photo = write_image(tmp_path / "hazy.png", smooth_image(np.random.default_rng(1), 32, 40))
    code = (
        "import sys, torch\n"
        "torch.version.cuda = '12.8'\n"
        "def init(): raise RuntimeError('Found no NVIDIA driver on your system. Please check that ...')\n"
        "torch.cuda.init = init\n"
        "import core.gpu_check as g\n"
        "g.nvidia_gpu_present = lambda *a: True\n"
        "from core.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    command = [sys.executable, "-c", code, "restore", str(photo), "-o", str(tmp_path / "out.png"), "--task", "dehaze"]
    completed = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=300)
    assert completed.returncode == 0, completed.stderr
    assert "note: The GPU cannot be used: this PyTorch is built for CUDA 12.8" in completed.stderr
    assert "Found no NVIDIA driver on your system" in completed.stderr
    assert (tmp_path / "out.png").is_file()
