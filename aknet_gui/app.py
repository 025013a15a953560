"""Starting the app: command line, QApplication, theme, main window. `aknet-gui` and `python -m aknet_gui`."""

from __future__ import annotations

import argparse
import logging
import platform
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from core import __version__
from core.precision import PRECISIONS

if TYPE_CHECKING:
    from aknet_gui.main_window import MainWindow
    from core.logs import FileLog

logger = logging.getLogger(__name__)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line of aknet-gui."""
    parser = argparse.ArgumentParser(
        prog="aknet-gui", description="AKNet Studio: restore hazy, snowy and out-of-focus photos."
    )
    parser.add_argument("files", nargs="*", type=Path, help="photos or folders to open")
    parser.add_argument("--task", help="dehaze, desnow, defocus or classic-dehaze")
    parser.add_argument("--weights", type=Path, metavar="FILE", help="a checkpoint (.pkl, .pth, .safetensors)")
    parser.add_argument("--device", help="auto, cpu, cuda or cuda:N")
    parser.add_argument("--precision", choices=PRECISIONS, help="arithmetic: auto (default), fp32, bf16 or fp16")
    parser.add_argument("--theme", choices=("system", "light", "dark"), help="colour scheme (remembered)")
    parser.add_argument(
        "--language",
        choices=("system", "en", "zh_CN", "de"),
        help="interface language (remembered; 'system' follows the system's language)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window offscreen, restore a sample through the worker thread, check it and exit",
    )
    parser.add_argument("--version", action="version", version=f"AKNet Studio {__version__}")
    return parser.parse_args(argv)


def create_application(argv: Sequence[str] | None = None):
    """The QApplication (reused if one exists) with the app's names set."""
    from PySide6.QtWidgets import QApplication

    from aknet_gui.icons import app_icon

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "aknet-gui", *(argv or [])])
    app.setApplicationName("AKNet Studio")
    app.setOrganizationName("AKNet")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())  # every window's, dialogs included
    return app


def _version(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def start_logging() -> FileLog:
    """Start the rotating log file and write the versions a supporter asks for first."""
    from core.logs import start_file_log

    log = start_file_log()
    frozen = " (frozen build)" if getattr(sys, "frozen", False) else ""
    # Versions from the package metadata: Qt is not loaded before the platform check, torch only off the UI thread.
    logger.info(
        "AKNet Studio %s%s; Python %s; PySide6 %s; PyTorch %s; %s",
        __version__, frozen, platform.python_version(), _version("PySide6"), _version("torch"), platform.platform(),
    )  # fmt: skip
    return log


def add_startup_warning(window: MainWindow, text: str) -> None:
    """Show a start-up warning in the notice bar, after any warning already there (e.g. about the settings)."""
    notice = window.notice
    shown = notice.text.text() if notice.isVisible() and notice.level in ("warning", "error") else ""
    notice.show_message("warning", " ".join(filter(None, [shown, text])))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app (or its self-test); returns the exit status."""
    args = parse_args(argv)
    if args.self_test:
        from aknet_gui.self_test import run_self_test

        return run_self_test(weights=args.weights, device=args.device or "auto", task=args.task or "dehaze")

    log = start_logging()
    from aknet_gui.platform_check import check

    advice = check()  # before Qt: without its libraries, Qt would only say "Could not load the Qt platform plugin"
    if advice:
        logger.error(advice)
        print(advice, file=sys.stderr)
        return 1
    app = create_application()
    from aknet_gui.crash_report import CrashReporter

    CrashReporter(app).install()
    from aknet_gui.core_text import core_text
    from aknet_gui.i18n import install_translations
    from aknet_gui.main_window import MainWindow
    from aknet_gui.settings import Settings
    from aknet_gui.theme import apply_theme

    settings = Settings()
    logger.info("settings file %s", settings.store.fileName())  # the user's, never beside the program
    if args.theme:
        settings.theme = args.theme
    if args.language:
        settings.language = args.language
    install_translations(app, settings.language)
    apply_theme(app, settings.theme)
    window = MainWindow(settings, start=False)
    if log.problem:
        add_startup_warning(window, core_text(log.problem))

    def scheme_changed(*_: object) -> None:
        if settings.theme == "system":
            apply_theme(app, "system")
            window.actions.refresh_icons()

    hints = app.styleHints()
    if hasattr(hints, "colorSchemeChanged"):
        hints.colorSchemeChanged.connect(scheme_changed)
    try:
        window.controller.engine.choose(
            task=args.task, weights=args.weights, device=args.device, precision=args.precision
        )
    except Exception as exc:  # an unknown task name: say so and carry on with the remembered one
        window.notice.show_message("error", core_text(str(exc)))
    window.show()
    window.controller.start()
    if args.files:
        window.open_paths(args.files)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
