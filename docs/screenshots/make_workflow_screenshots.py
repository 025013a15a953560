"""Take the README's A/B comparison screenshot and an exported comparison picture (run under a virtual X server):

    xvfb-run -a -s "-screen 0 1600x1000x24" python docs/screenshots/make_workflow_screenshots.py

A real-haze photo (../shared/benchmarks/real_haze, documentation only) is restored with the bundled dehaze model,
compared in the split view with Classic dehaze (computed on request), and exported with File ▸ Export comparison…
at a reduced size. Both pictures are quantised to 256 colours, as make_screenshots.py does.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PHOTO = REPO.parent / "shared" / "benchmarks" / "real_haze" / "dcp_demo_images" / "tiananmen1.png"


def main() -> int:
    """Open the window, restore the photo, compare it with Classic dehaze and export the comparison."""
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(HERE))
    from make_screenshots import ready_window, save, settle, wait

    from aknet_gui.ab_compare import CLASSIC
    from aknet_gui.app import create_application
    from aknet_gui.theme import apply_theme

    app = create_application()
    apply_theme(app, "light")
    with tempfile.TemporaryDirectory() as temporary:
        window = ready_window(app, Path(temporary))
        window.open_paths([PHOTO])
        window.actions.restore.trigger()
        wait(app, lambda: not window.controller.busy())
        wait(app, lambda: window.compare.restored is not None)
        box = window.compare_with
        box.setCurrentIndex(box.findData(CLASSIC))
        box.activated.emit(box.currentIndex())
        wait(app, lambda: window.compare.reference is not None and not window.controller.busy())
        window.set_compare_mode("split")
        window.compare.right.set_split(0.5)
        window.notice.hide()
        settle(app)
        window.compare.fit()
        settle(app)
        save(window, "ab_compare")

        exported = Path(temporary) / "comparison.png"
        finished: list[Path] = []
        window.comparison.exportFinished.connect(finished.append)
        window.set_compare_mode("side-by-side")
        box.setCurrentIndex(0)
        box.activated.emit(0)
        window.comparison.start(exported, "side-by-side", 1200)
        wait(app, lambda: bool(finished))
        picture = Image.open(exported).convert("RGB")
        target = HERE / "comparison_export.png"
        picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG).save(
            target, optimize=True
        )
        print(f"{target.relative_to(REPO)}: {picture.size[0]}×{picture.size[1]}, {target.stat().st_size // 1024} KB")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
