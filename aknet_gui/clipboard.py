"""Edit ▸ Copy and Paste: Ctrl+C puts the shown result (at the chosen strength) on the clipboard as an image;
Ctrl+V opens copied image files, or saves a copied image as 'Pasted N.png' in the app's working folder and
opens that, so it behaves like any photo opened from disk."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QMimeData, QStandardPaths
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from aknet_gui.core_text import core_text
from aknet_gui.display import DisplayImage
from aknet_gui.image_list import dropped_paths
from core.errors import AKNetError
from core.image.write import write_image

if TYPE_CHECKING:
    from aknet_gui.main_window import MainWindow

PASTED_NAME = "Pasted {}.png"


def pasted_folder() -> Path:
    """Where pasted images are kept: 'Pasted' in the platform's app-data location (they outlive the session,
    so results saved beside them and the recent-files list stay valid)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(location or Path.home() / ".aknet-studio") / "Pasted"


def next_pasted_path(folder: Path) -> Path:
    """'Pasted N.png' with N one more than the highest already in the folder."""
    pattern = re.compile(r"^Pasted (\d+)\.png$")
    taken = [int(m.group(1)) for p in folder.glob("Pasted *.png") if (m := pattern.match(p.name))]
    return folder / PASTED_NAME.format(max(taken, default=0) + 1)


def qimage_to_rgb(image: QImage) -> np.ndarray:
    """An H×W×3 float [0, 1] copy of a QImage (transparency is dropped)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    rows = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height).reshape(height, stride)
    return rows[:, : width * 3].reshape(height, width, 3).astype(np.float32) / np.float32(255.0)


def blended_image(original: DisplayImage, restored: DisplayImage | None, strength: float) -> QImage:
    """The full-size picture the view shows: the result over its original at `strength` (the original alone
    without a result)."""
    picture = QImage(original.width, original.height, QImage.Format.Format_RGB32)
    painter = QPainter(picture)
    painter.drawImage(0, 0, original.levels[0])
    if restored is not None:
        painter.setOpacity(min(max(strength, 0.0), 1.0))
        painter.drawImage(0, 0, restored.levels[0])
    painter.end()
    return picture


class Clipboard:
    """Copy and paste for a MainWindow; `folder` is where pasted images are written."""

    def __init__(self, window: MainWindow, folder: Path | None = None) -> None:
        self.window = window
        self.folder = folder or pasted_folder()

    def can_copy(self) -> bool:
        """Whether a result is shown (Copy is enabled)."""
        return self.window.session.original is not None and self.window.session.restored is not None

    def copy(self) -> bool:
        """Put the shown result, at the strength shown, on the clipboard as an image."""
        session = self.window.session
        if not self.can_copy():
            return False
        picture = blended_image(session.original, session.restored, self.window.compare.strength)
        QApplication.clipboard().setImage(picture)
        item = session.current_entry()
        name = item.path.name if item is not None else QCoreApplication.translate("Clipboard", "the result")
        text = QCoreApplication.translate("Clipboard", "Copied the result of {name} ({width} × {height}).")
        self.window.statusBar().showMessage(
            text.format(name=name, width=picture.width(), height=picture.height()), 4000
        )
        return True

    def paste(self, mime: QMimeData | None = None) -> list[Path]:
        """Open the clipboard's files, or its image saved as a new photo; returns what was opened."""
        mime = mime or QApplication.clipboard().mimeData()
        paths = dropped_paths(mime) if mime is not None else []
        if paths:
            self.window.open_paths(paths)
            return paths
        image = QImage(mime.imageData()) if mime is not None and mime.hasImage() else QImage()
        if image.isNull():
            text = QCoreApplication.translate("Clipboard", "The clipboard holds no image or image files to paste.")
            self.window.notice.show_message("info", text)
            return []
        try:
            path = write_image(next_pasted_path(self.folder), qimage_to_rgb(image), bit_depth=8)
        except AKNetError as exc:
            text = QCoreApplication.translate("Clipboard", "Could not keep the pasted image: {reason}")
            self.window.notice.show_message("error", text.format(reason=core_text(str(exc))))
            return []
        self.window.session.add_paths([path])  # not open_paths: the Open dialog keeps its own folder
        return [path]
