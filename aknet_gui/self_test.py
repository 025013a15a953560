"""`aknet-gui --self-test`: open the window (offscreen), restore a sample with AKNet through the worker
thread, check the result and a save, and exit 0; 1 with the reason when a check fails; 2 when there are
no weights to test with. Packaging runs it on the frozen app."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

TIMEOUT = 300.0  # seconds for any one step (a first CPU start can be slow)


class SelfTestFailure(Exception):
    """A check of the self-test failed; the message says which and why."""


def _say(message: str) -> None:
    print(f"[self-test] {message}", flush=True)


SAMPLE_PREFIX = {"dehaze": "hazy_", "desnow": "snowy_", "defocus": "blurry_"}
"""How the bundled sample photo of each task is named (resources/samples/<prefix>*.jpg)."""


def find_sample(task: str = "dehaze") -> Path | None:
    """The bundled sample photo of the task (resources/samples), else the first sample, if any."""
    from core.image import is_image_file
    from core.resources import resource_path

    folder = resource_path("samples")
    if not folder.is_dir():
        return None
    samples = sorted(p for p in folder.iterdir() if is_image_file(p))
    own = [p for p in samples if p.name.startswith(SAMPLE_PREFIX.get(task, "-"))]
    return (own or samples or [None])[0]


def synthetic_hazy(path: Path, height: int = 96, width: int = 128) -> Path:
    """Write a small synthetic hazy photo (smooth scene under an airlight veil) and return its path."""
    from core.image.write import write_image

    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    scene = np.stack([0.5 + 0.4 * np.sin(xx / 9 + c) * np.cos(yy / 13 - c) for c in (0.0, 1.0, 2.0)], axis=-1)
    transmission = (0.35 + 0.5 * (yy / height))[..., None]
    hazy = np.clip(scene * transmission + 0.85 * (1 - transmission), 0, 1).astype(np.float32)
    return write_image(path, hazy)


def choose_weights(weights: Path | None, task: str = "dehaze") -> Path | None:
    """The weights to test: the given file, else the task's bundled weights, else None."""
    if weights is not None:
        return Path(weights)
    from core.errors import WeightsMissingError
    from core.tasks import bundled_weights

    try:
        return bundled_weights(task)
    except WeightsMissingError:
        return None


def wait_until(app, condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> float:
    """Run the event loop until `condition()` holds; the seconds it took, or SelfTestFailure."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise SelfTestFailure(f"timed out after {timeout:.0f} s waiting for {what}")
        app.processEvents()
        time.sleep(0.005)
    return time.perf_counter() - start


def run_self_test(weights: Path | None = None, device: str = "auto", task: str = "dehaze") -> int:
    """Run the self-test for a task (its bundled weights and sample photo, unless weights are given); returns
    the exit status (0 passed, 1 a check failed, 2 no weights)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from core.errors import AKNetError
    from core.tasks import get_task

    try:
        if get_task(task).classic:
            raise AKNetError(f"the self-test runs an AKNet model; {task} needs none")
    except AKNetError as exc:
        _say(f"FAILED: {exc}")
        return 2
    chosen = choose_weights(weights, task)
    if chosen is None:
        _say(
            f"FAILED: no AKNet weights to test with: none are bundled (resources/weights/{task}.safetensors) "
            "and --weights was not given."
        )
        return 2
    if not chosen.is_file():
        _say(f"FAILED: the weights file {chosen} does not exist.")
        return 2
    from aknet_gui.platform_check import check

    advice = check(force_xcb=True)  # what a frozen build cannot bundle: the system's X11 and OpenGL libraries
    if advice:
        _say(f"FAILED: {advice}")
        return 1
    _say("the system libraries Qt needs for a window (X11, OpenGL, fonts) are all present")
    try:
        _run(chosen, device, task)
    except SelfTestFailure as exc:
        _say(f"FAILED: {exc}")
        return 1
    except Exception as exc:  # anything else is a failure of the app, reported with its type
        _say(f"FAILED: {type(exc).__name__}: {exc}")
        return 1
    _say("passed")
    return 0


def _run(weights: Path, device: str, task: str) -> None:
    started = time.perf_counter()
    from PySide6.QtCore import QSettings

    from aknet_gui.app import create_application

    app = create_application()
    from aknet_gui.i18n import LANGUAGES, catalogue_problems

    missing = catalogue_problems(app)
    if missing:
        raise SelfTestFailure(f"translations are missing from the app: {', '.join(missing)}")
    _say(f"translations: {', '.join(LANGUAGES.values())} (the app's and Qt's catalogues)")
    from aknet_gui.main_window import MainWindow
    from aknet_gui.settings import Settings
    from core.image.read import read_image
    from core.progress import Status

    with tempfile.TemporaryDirectory(prefix="aknet-self-test-") as temporary:
        folder = Path(temporary)
        settings = Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
        sample = find_sample(task)
        if sample is None:
            sample = synthetic_hazy(folder / "synthetic_hazy.png")
            _say("no bundled sample in resources/samples; using a synthetic 128×96 hazy image")
        window = MainWindow(settings, start=False)
        controller, session = window.controller, window.session
        try:
            controller.engine.choose(task=task, weights=weights, device=device)
            window.show()
            _say(f"window shown in {time.perf_counter() - started:.2f} s ({app.platformName()} platform)")
            from aknet_gui.icons import icon

            if icon("restore").isNull():  # icons.icon() falls back silently; a bundle without fonts must fail
                raise SelfTestFailure("the toolbar icons did not render: qtawesome's icon fonts are missing")
            controller.start()
            seconds = wait_until(app, lambda: controller.engine.state in ("ready", "failed", "none"), "the model")
            if controller.engine.state != "ready":
                raise SelfTestFailure(f"the model did not load: {controller.engine.message}")
            _say(f"loaded {weights.name} on {controller.engine.info.device_label} in {seconds:.2f} s")

            session.add_paths([sample])
            entry = session.current
            wait_until(app, lambda: session.original is not None, "the photo to display")
            original = read_image(sample).rgb
            _say(f"opened {sample.name} ({original.shape[1]}×{original.shape[0]})")

            window.actions.restore.trigger()
            seconds = wait_until(
                app,
                lambda: session.entries[entry].status in (Status.DONE, Status.FAILED, Status.CANCELLED),
                "the restoration",
            )
            item = session.entries[entry]
            if item.status != Status.DONE:
                raise SelfTestFailure(f"the restoration {item.status}: {item.message}")
            _check_result(session.store.get(entry), original)
            wait_until(app, lambda: window.compare.right.top.image is not None, "the result to display")
            _say(f"restored through the worker thread in {seconds:.2f} s on {item.device}")

            window.actions.strength.setValue(50)
            if abs(window.compare.right.top.opacity() - 0.5) > 1e-6:
                raise SelfTestFailure("the strength slider did not reach the compare view")
            output = folder / "restored.png"
            controller.save(entry, output)
            wait_until(app, lambda: not controller.busy(), "the save")
            if not output.is_file():
                raise SelfTestFailure(f"saving did not write {output.name}")
            saved = read_image(output).rgb
            if saved.shape != original.shape:
                raise SelfTestFailure(f"the saved image is {saved.shape}, the original {original.shape}")
            _say(f"saved at 50% strength and read back ({output.stat().st_size} bytes)")
            _check_formats()
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
            settings.sync()  # write now: a later sync would recreate the deleted temporary folder
    _say(f"total {time.perf_counter() - started:.2f} s")


def _check_formats() -> None:
    """The HEIC/HEIF (pi-heif) and AVIF (Pillow) decoders are in the build."""
    from PIL import features

    from core.image.read import register_heif

    if not register_heif():
        raise SelfTestFailure("HEIC/HEIF photos cannot be read: pi-heif is missing from the build")
    import pi_heif

    if not pi_heif.libheif_info().get("decoders"):
        raise SelfTestFailure("HEIC photos cannot be read: libheif in the build has no HEVC decoder")
    if not features.check("avif"):
        raise SelfTestFailure("AVIF photos cannot be read: Pillow's AVIF codec is missing from the build")
    _say("HEIC/HEIF and AVIF decoders present")


def _check_result(restored: np.ndarray | None, original: np.ndarray) -> None:
    if restored is None:
        raise SelfTestFailure("no result was kept")
    if restored.shape != original.shape:
        raise SelfTestFailure(f"the result is {restored.shape}, the input {original.shape}")
    values = restored.astype(np.float32) / 65535.0
    if not np.isfinite(values).all():
        raise SelfTestFailure("the result has non-finite values")
    if float(values.std()) < 1e-4:
        raise SelfTestFailure("the result is a flat image")
    if float(np.abs(values - original).mean()) < 1e-4:
        raise SelfTestFailure("the result is identical to the input: nothing ran")


if __name__ == "__main__":
    sys.exit(run_self_test())
