"""Draw the AKNet Studio app icon and write resources/icons/aknet_studio.{png,ico,icns}.

The design: a rounded tile with a mountain landscape under a sun, split down a diagonal; the left
half is veiled by haze (the input), the right half is clear (the result). Drawn with QPainter from
a qtawesome glyph so that it needs no image editor; Pillow writes the .ico and .icns.
Run: `QT_QPA_PLATFORM=offscreen python packaging/make_icons.py` (the outputs are committed).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from core.atomic import atomic_path  # noqa: E402

ICONS = REPO / "resources" / "icons"
SIZE = 1024
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
GLYPH = "mdi6.image-filter-hdr"  # mountains and sun


def draw_icon(size: int = SIZE) -> Image.Image:
    """The icon as a square RGBA Pillow image of `size` pixels."""
    import qtawesome
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPainterPath, QPen
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)

    margin = size * 0.06
    tile = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    outline = QPainterPath()
    outline.addRoundedRect(tile, size * 0.2, size * 0.2)
    sky = QLinearGradient(tile.topLeft(), tile.bottomLeft())
    sky.setColorAt(0.0, QColor("#1f6fd1"))
    sky.setColorAt(1.0, QColor("#0b2f66"))
    painter.fillPath(outline, sky)

    painter.setClipPath(outline)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ffd166"))
    painter.drawEllipse(QPointF(size * 0.7, size * 0.3), size * 0.1, size * 0.1)
    glyph_size = int(size * 0.9)
    glyph = qtawesome.icon(GLYPH, color="#ffffff").pixmap(glyph_size, glyph_size)
    painter.drawPixmap(int(size * 0.05), int(size * 0.2), glyph)

    # The hazy half: a milky veil over everything left of the diagonal.
    veil = QPainterPath()
    veil.moveTo(tile.topLeft())
    veil.lineTo(QPointF(tile.center().x() + size * 0.12, tile.top()))
    veil.lineTo(QPointF(tile.center().x() - size * 0.12, tile.bottom()))
    veil.lineTo(tile.bottomLeft())
    veil.closeSubpath()
    painter.fillPath(veil, QColor(214, 222, 232, 150))
    painter.setPen(QPen(QColor("#ffffff"), size * 0.022))
    painter.drawLine(
        QPointF(tile.center().x() + size * 0.12, tile.top()), QPointF(tile.center().x() - size * 0.12, tile.bottom())
    )
    painter.end()

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def write_icons(folder: Path = ICONS) -> list[Path]:
    """Write the PNG (1024 px), the Windows .ico and the macOS .icns; return their paths."""
    icon = draw_icon()
    targets = {
        folder / "aknet_studio.png": lambda path: icon.resize((512, 512), Image.Resampling.LANCZOS).save(path),
        folder / "aknet_studio.ico": lambda path: icon.save(path, format="ICO", sizes=ICO_SIZES),
        folder / "aknet_studio.icns": lambda path: icon.save(path, format="ICNS"),
    }
    for target, save in targets.items():
        with atomic_path(target) as temporary:
            save(temporary)
    return list(targets)


if __name__ == "__main__":
    for written in write_icons():
        print(f"wrote {written.relative_to(REPO)} ({written.stat().st_size} bytes)")
