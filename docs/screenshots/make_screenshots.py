"""Take the README's screenshots of the real window (run under a virtual X server):

    xvfb-run -a -s "-screen 0 1600x1000x24" python docs/screenshots/make_screenshots.py

    xvfb-run -a -s "-screen 0 1600x1000x24" python docs/screenshots/make_screenshots.py model_manager  # only that

The photos come from ../shared/benchmarks/real_haze (documentation only; never shipped) and are
restored with the bundled dehaze model (which refines the classic dark channel prior's result); the
no-weights screenshot is the Desnow task's.
Screenshots are quantised to 256 colours so that each stays small.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
REAL_HAZE = REPO.parent / "shared" / "benchmarks" / "real_haze"
PHOTOS = [
    "aodnet_test_images/canyon.png",
    "dcp_demo_images/tiananmen1.png",
    "dcp_demo_images/foggy_bench.jpg",
    "dcp_demo_images/meadows-foggy-smokey-sunbeams.jpg",
    "dcp_demo_images/hazyDay_input.jpg",
]
WIDTH, HEIGHT = 1280, 800
PUBLISHED_WEIGHTS = REPO.parent / "shared" / "fixtures" / "aknet_reference_weights.pkl"


def save(widget, name: str) -> Path:
    """Grab a widget, quantise it to 256 colours and write docs/screenshots/<name>.png."""
    from PySide6.QtCore import QBuffer, QIODevice

    pixmap = widget.grab()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    with tempfile.NamedTemporaryFile(suffix=".png") as handle:
        handle.write(bytes(buffer.data()))
        handle.flush()
        image = Image.open(handle.name).convert("RGB")
        image.load()
    target = HERE / f"{name}.png"
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG).save(
        target, optimize=True
    )
    print(f"{target.relative_to(REPO)}: {image.size[0]}×{image.size[1]}, {target.stat().st_size // 1024} KB")
    return target


def settle(app, seconds: float = 0.5) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)


def wait(app, condition, timeout: float = 120.0) -> None:
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("the app did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def ready_window(app, folder: Path):
    """A main window with its own settings in `folder`, at the screenshots' size, shown, the dehaze model loaded."""
    from PySide6.QtCore import QSettings

    from aknet_gui.main_window import MainWindow
    from aknet_gui.settings import Settings

    settings = Settings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, start=False)
    window.controller.engine.choose(task="dehaze", device="auto")
    window.resize(WIDTH, HEIGHT)
    window.show()
    window.controller.start()
    wait(app, window.controller.engine.ready)
    return window


def model_manager(app, window, folder: Path) -> None:
    """The Model manager with the published AKNet installed for Dehaze in a private models folder."""
    from core.models_folder import MODELS_DIR_VARIABLE, install_model

    os.environ[MODELS_DIR_VARIABLE] = str(folder / "models")
    install_model(PUBLISHED_WEIGHTS, task="dehaze")
    window.models.library.scan()
    dialog = window.models.open_manager()
    wait(app, lambda: dialog.table.rowCount() == 4)
    dialog.table.selectRow(3)
    settle(app)
    save(dialog, "model_manager")
    dialog.close()


def main(only: list[str] | None = None) -> int:
    """Open the window, restore the photos, and grab the views the README shows (or only those named)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    sys.path.insert(0, str(REPO))
    from aknet_gui.about_dialog import AboutDialog
    from aknet_gui.app import create_application
    from aknet_gui.batch_dialog import BatchDialog
    from aknet_gui.settings import OutputSettings
    from aknet_gui.theme import apply_theme

    app = create_application()
    apply_theme(app, "light")
    with tempfile.TemporaryDirectory() as temporary:
        window = ready_window(app, Path(temporary))
        if only == ["model_manager"]:
            model_manager(app, window, Path(temporary))
            window.close()
            return 0
        window.open_paths([REAL_HAZE / p for p in PHOTOS])
        window.actions.restore_all.trigger()
        wait(app, lambda: not window.controller.busy())
        window.session.select(window.session.order[0])
        window.set_compare_mode("side-by-side")
        wait(app, lambda: window.compare.restored is not None)
        settle(app)
        save(window, "main_side_by_side")

        window.set_compare_mode("split")
        window.compare.right.set_split(0.45)
        window.actions.strength.setValue(85)
        settle(app)
        save(window, "split_view")

        window.session.select(window.session.order[1])
        window.set_compare_mode("side-by-side")
        wait(app, lambda: window.compare.restored is not None)
        window.actions.set_theme("dark")
        window.actions.strength.setValue(100)
        settle(app)
        save(window, "dark_theme")
        window.actions.set_theme("light")

        output = OutputSettings(folder=str(Path.home() / "Pictures" / "restored"), format="jpg", quality=92)
        folder = str(REAL_HAZE / "dcp_demo_images")
        dialog = BatchDialog("Dehaze", "dehaze", 0.85, folder, True, output, window.session.scanner, window)
        dialog.show()
        settle(app)
        save(dialog, "batch_dialog")
        dialog.close()

        window.controller.engine.set_task("dehaze")  # the bundled model: its metadata and provenance
        wait(app, window.controller.engine.ready)
        info = window.controller.engine.info
        about = AboutDialog(info.description, info.device_label, window)
        about.show()
        settle(app)
        save(about, "about_dialog")
        about.close()
        model_manager(app, window, Path(temporary))

        # A run in progress with the bundled dehaze model.
        window.controller.engine.set_task("dehaze")
        wait(app, window.controller.engine.ready)
        window.controller.restore_all()
        wait(app, lambda: "left" in window.progress_text.text() and window.progress.value() > 300, timeout=600)
        save(window, "restoring_progress")
        window.controller.cancel()
        wait(app, lambda: not window.controller.busy())
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
