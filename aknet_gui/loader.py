"""Decoding images for the screen (thumbnails, previews) on a thread pool, never on the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal
from PySide6.QtGui import QImage

from aknet_gui.display import DisplayImage, display_image, to_uint8
from core.errors import AKNetError

THUMBNAIL_SIZE = 96


@dataclass
class Preview:
    """An image decoded for display, with what the status bar says about it."""

    display: DisplayImage
    width: int
    height: int
    bit_depth: int = 8
    format: str = ""


def thumbnail_image(rgb: np.ndarray, size: int = THUMBNAIL_SIZE) -> QImage:
    """A QImage no larger than size×size (owning its pixels) of an RGB image."""
    height, width = rgb.shape[:2]
    scale = min(1.0, size / max(height, width))
    small = to_uint8(rgb[..., :3])
    if scale < 1.0:
        new_size = (max(1, round(width * scale)), max(1, round(height * scale)))
        small = np.asarray(Image.fromarray(small).resize(new_size, Image.Resampling.BOX))  # area average
    small = np.ascontiguousarray(small)
    image = QImage(small.data, small.shape[1], small.shape[0], small.shape[1] * 3, QImage.Format.Format_RGB888)
    return image.copy()


def read_thumbnail(path: Path, size: int = THUMBNAIL_SIZE) -> QImage:
    """Decode a file into a thumbnail (JPEGs decode at a fraction of their size)."""
    from core.image.read import thumbnail

    return thumbnail_image(thumbnail(path, size), size)


def read_preview(path: Path) -> Preview:
    """Decode a file fully and prepare it for display."""
    from core.image.read import read_image

    loaded = read_image(path)
    height, width = loaded.rgb.shape[:2]
    return Preview(display_image(loaded.rgb), width, height, loaded.bit_depth, loaded.format)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self.work = work

    def run(self) -> None:
        self.work()


class ImageLoader(QObject):
    """Loads thumbnails and previews on a small thread pool and reports them by signals."""

    thumbnailReady = Signal(int, QImage)  # entry, thumbnail
    thumbnailFailed = Signal(int, str)  # entry, why
    previewReady = Signal(int, str, object)  # entry, role ('original' | 'result'), Preview
    previewFailed = Signal(int, str, str)  # entry, role, why

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        # Leave a core to the UI and to the worker; decoding is mostly I/O and libjpeg/libpng.
        self.pool.setMaxThreadCount(max(1, min(2, QThread.idealThreadCount() - 1)))
        self._requests = 0
        self._latest: dict[tuple[int, str], int] = {}

    def thumbnail(self, entry: int, path: Path) -> None:
        """Start decoding a thumbnail."""

        def work() -> None:
            try:
                self.thumbnailReady.emit(entry, read_thumbnail(path))
            except AKNetError as exc:
                self.thumbnailFailed.emit(entry, str(exc))
            except Exception as exc:
                self.thumbnailFailed.emit(entry, self.tr("cannot read this file ({reason})").format(reason=exc))

        self.pool.start(_Task(work), priority=0)

    def preview(self, entry: int, role: str, source: Path | np.ndarray) -> None:
        """Start preparing a preview of a file, or of pixels already in memory; previews go first."""

        self._requests += 1
        request = self._latest[(entry, role)] = self._requests

        def work() -> None:
            try:
                if isinstance(source, np.ndarray):
                    height, width = source.shape[:2]
                    preview = Preview(display_image(source), width, height)
                else:
                    preview = read_preview(source)
                if self._latest.get((entry, role)) == request:  # a newer preview of it supersedes this one
                    self.previewReady.emit(entry, role, preview)
            except AKNetError as exc:
                self.previewFailed.emit(entry, role, str(exc))
            except Exception as exc:
                self.previewFailed.emit(entry, role, self.tr("cannot show this image ({reason})").format(reason=exc))

        self.pool.start(_Task(work), priority=1)

    def shutdown(self) -> None:
        """Drop what has not started and wait for what has."""
        self.pool.clear()
        self.pool.waitForDone(10_000)
