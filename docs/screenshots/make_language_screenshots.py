"""Take the README's screenshots of the translated app: the main window, the batch dialog and About in Simplified
Chinese and German (run under a virtual X server, with a CJK font such as fonts-noto-cjk installed):

    xvfb-run -a -s "-screen 0 1600x1000x24" python docs/screenshots/make_language_screenshots.py

Writes main_<language>.png, batch_<language>.png and about_<language>.png. Each language runs in its own process
(the language is chosen as the app starts). Photos as in make_screenshots.py (documentation only).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
LANGUAGES = ("zh_CN", "de")


def shoot(language: str) -> int:
    """The screenshots of one language."""
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    sys.path[:0] = [str(REPO), str(HERE)]
    from make_screenshots import PHOTOS, REAL_HAZE, ready_window, save, settle, wait

    from aknet_gui.about_dialog import AboutDialog
    from aknet_gui.app import create_application
    from aknet_gui.batch_dialog import BatchDialog
    from aknet_gui.i18n import install_translations
    from aknet_gui.settings import OutputSettings
    from aknet_gui.theme import apply_theme

    app = create_application()
    apply_theme(app, "light")
    install_translations(app, language)
    with tempfile.TemporaryDirectory() as temporary:
        window = ready_window(app, Path(temporary))
        window.open_paths([REAL_HAZE / p for p in PHOTOS[:3]])
        wait(app, lambda: len(window.session.order) == 3)
        window.session.select(window.session.order[0])
        window.controller.restore_current()
        wait(app, lambda: not window.controller.busy() and window.compare.restored is not None, timeout=600)
        window.set_compare_mode("split")
        window.compare.right.set_split(0.45)
        window.actions.strength.setValue(85)
        settle(app)
        save(window, f"main_{language}")

        output = OutputSettings(folder=str(Path.home() / "Pictures" / "restored"), format="jpg", quality=92)
        folder = str(REAL_HAZE / "dcp_demo_images")
        label = window.controller.engine.label()
        dialog = BatchDialog(label, "dehaze", 0.85, folder, True, output, window.session.scanner, window)
        dialog.show()
        wait(app, lambda: "…" not in dialog.found.text() and dialog.found.text() != "")
        settle(app)
        save(dialog, f"batch_{language}")
        dialog.close()

        info = window.controller.engine.info
        about = AboutDialog(info.description, info.device_label, window)
        about.show()
        settle(app)
        save(about, f"about_{language}")
        about.close()
        window.close()
    return 0


def main(argv: list[str]) -> int:
    """Shoot one language (an argument), or each in its own process."""
    if argv:
        return shoot(argv[0])
    for language in LANGUAGES:
        subprocess.run([sys.executable, __file__, language], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
