"""One zoomable, pannable view of an original with the restored image layered on top.

The restored layer's opacity is the strength (original + s·(restored − original), blended by the
painter per frame, so the slider costs nothing however large the photo), and its clip rectangle
is the split. Layers paint from a pyramid of halvings: smooth below 100%, nearest from 100% up.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView, QStyleOptionGraphicsItem, QWidget

from aknet_gui.display import DisplayImage

MAX_ZOOM = 32.0
WHEEL_STEP = 1.25  # zoom factor per wheel notch
ZOOM_STEPS = (1 / 16, 1 / 8, 1 / 6, 1 / 4, 1 / 3, 1 / 2, 2 / 3, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 32.0)
BACKGROUND = QColor(60, 60, 62)
# Overlays painted on the photo, the same in both themes (tests/gui/test_gui_accessibility.py measures their contrast)
PLACEHOLDER_TEXT = QColor(200, 200, 200)  # on BACKGROUND
CAPTION_TEXT, CAPTION_BOX = QColor(255, 255, 255), QColor(0, 0, 0, 150)  # the box over any photo
SPLIT_LINE, SPLIT_HANDLE = QColor(255, 255, 255, 220), QColor(30, 30, 30, 200)  # the handle's ⇔ in SPLIT_LINE
SPLIT_GRAB = 8  # pixels either side of the split line that grab it


class LayerItem(QGraphicsItem):
    """Paints a DisplayImage, only the exposed part, from the pyramid level that suits the zoom."""

    def __init__(self) -> None:
        super().__init__()
        self.image: DisplayImage | None = None
        self.clip: QRectF | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def set_image(self, image: DisplayImage | None) -> None:
        """Show another image (None: nothing)."""
        self.prepareGeometryChange()
        self.image = image
        self.update()

    def set_clip(self, clip: QRectF | None) -> None:
        """Paint only inside this scene rectangle (None: everywhere)."""
        if clip != self.clip:
            self.clip = clip
            self.update()

    def boundingRect(self) -> QRectF:
        if self.image is None:
            return QRectF()
        return QRectF(0, 0, self.image.width, self.image.height)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if self.image is None:
            return
        exposed = option.exposedRect.intersected(self.boundingRect())
        if self.clip is not None:
            exposed = exposed.intersected(self.clip)
        if exposed.isEmpty():
            return
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        level = self.image.levels[self.image.level_for(scale)]
        fx, fy = level.width() / self.image.width, level.height() / self.image.height
        margin = 2  # level pixels beyond the exposed area, so smooth sampling has neighbours (no seams)
        left = max(0, math.floor(exposed.left() * fx) - margin)
        top = max(0, math.floor(exposed.top() * fy) - margin)
        right = min(level.width(), math.ceil(exposed.right() * fx) + margin)
        bottom = min(level.height(), math.ceil(exposed.bottom() * fy) + margin)
        source = QRectF(left, top, right - left, bottom - top)
        target = QRectF(left / fx, top / fy, (right - left) / fx, (bottom - top) / fy)
        painter.save()
        painter.setClipRect(exposed, Qt.ClipOperation.IntersectClip)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, scale < 1.0)
        painter.drawImage(target, level, source)
        painter.restore()


class ImageView(QGraphicsView):
    """A view of two layers (original below, restored above) with wheel zoom, drag pan, fit and split."""

    viewChanged = Signal()  # zoom or pan changed
    holdChanged = Signal(bool)  # right mouse button held / released (show the original)
    splitMoved = Signal(float)  # the split line was dragged to this fraction of the width

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.base, self.top = LayerItem(), LayerItem()
        self.reference = LayerItem()  # an A/B comparison's other side, left of the split (over the original)
        self.reference.setZValue(0.5)
        self.top.setZValue(1)
        for layer in (self.base, self.reference, self.top):
            self.scene().addItem(layer)
        self.fit_mode = True
        self.split: float | None = None  # fraction of the viewport width, or None for no split
        self.captions: tuple[str, str] = ("", "")  # top-left, top-right
        self.placeholder = ""
        self._dragging_split = False
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        # Captions and the split line are fixed to the viewport, so every frame repaints it whole.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setBackgroundBrush(BACKGROUND)  # a neutral grey, as photo editors use, in light and dark themes
        self.setAcceptDrops(False)  # drops go to the window, which opens them
        self.setMouseTracking(True)
        self.horizontalScrollBar().valueChanged.connect(self._view_moved)
        self.verticalScrollBar().valueChanged.connect(self._view_moved)

    # Content ----------------------------------------------------------------------------------------
    def set_layers(self, original: DisplayImage | None, restored: DisplayImage | None) -> None:
        """Show an original and (optionally) its restoration; keeps the zoom when the size is unchanged."""
        old = self.base.boundingRect().size()
        self.base.set_image(original)
        self.top.set_image(restored)
        rect = self.base.boundingRect()
        self.scene().setSceneRect(rect)
        if rect.size() != old:
            self.fit()
        self._update_split_clip()
        self.viewport().update()

    def set_reference(self, image: DisplayImage | None, opacity: float = 1.0) -> None:
        """Show this image left of the split (the original when None), over the original at `opacity`."""
        self.reference.set_image(image)
        self.reference.setOpacity(opacity)
        self._update_split_clip()

    def has_image(self) -> bool:
        """Whether an original is shown."""
        return self.base.image is not None

    # Zoom -------------------------------------------------------------------------------------------
    def zoom(self) -> float:
        """The current scale: 1.0 is 100% (one image pixel per screen pixel)."""
        return self.transform().m11()

    def fit_zoom(self) -> float:
        """The scale at which the whole image fits the viewport."""
        rect = self.base.boundingRect()
        if rect.isEmpty():
            return 1.0
        viewport = self.viewport().rect()
        return max(1e-3, min(viewport.width() / rect.width(), viewport.height() / rect.height()))

    def min_zoom(self) -> float:
        """How far out one may zoom: half the fit (or half of 100% for small images)."""
        return min(self.fit_zoom(), 1.0) / 2

    def fit(self) -> None:
        """Zoom so the whole image is visible, and keep fitting as the window resizes."""
        self.fit_mode = True
        zoom = self.fit_zoom()
        self.setTransform(QTransform.fromScale(zoom, zoom))
        self.centerOn(self.base.boundingRect().center())
        self._view_moved()

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom to this scale (clamped), keeping the image point under `anchor` (viewport pixels) in place."""
        zoom = min(max(zoom, self.min_zoom()), MAX_ZOOM)
        anchor = QPointF(self.viewport().rect().center()) if anchor is None else QPointF(anchor)
        scene_point = self.mapToScene(anchor.toPoint())
        self.fit_mode = False
        self.setTransform(QTransform.fromScale(zoom, zoom))
        moved = QPointF(self.mapFromScene(scene_point)) - anchor
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + round(moved.x()))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + round(moved.y()))
        self._view_moved()

    def zoom_step(self, direction: int) -> None:
        """Go to the next zoom step in (direction > 0) or out (< 0)."""
        current = self.zoom()
        if direction > 0:
            target = next((s for s in ZOOM_STEPS if s > current * 1.001), MAX_ZOOM)
        else:
            target = next((s for s in reversed(ZOOM_STEPS) if s < current / 1.001), self.min_zoom())
        self.set_zoom(target)

    def match(self, other: ImageView) -> None:
        """Take another view's zoom and position (for side by side)."""
        self.fit_mode = other.fit_mode
        self.setTransform(other.transform())
        if self.viewport().size() == other.viewport().size():
            self.horizontalScrollBar().setValue(other.horizontalScrollBar().value())
            self.verticalScrollBar().setValue(other.verticalScrollBar().value())
        else:
            self.centerOn(other.mapToScene(other.viewport().rect().center()))
        self._update_split_clip()

    # Split ------------------------------------------------------------------------------------------
    def set_split(self, split: float | None) -> None:
        """Show the restored layer only right of this fraction of the width (None: everywhere)."""
        self.split = None if split is None else min(max(split, 0.0), 1.0)
        self._update_split_clip()
        self.viewport().update()

    def _split_x(self) -> int:
        return round((self.split or 0.0) * self.viewport().width())

    def _update_split_clip(self) -> None:
        self.reference.setVisible(self.split is not None)
        if self.split is None:
            self.top.set_clip(None)
            return
        left = self.mapToScene(QPoint(self._split_x(), 0)).x()
        bounds = self.base.boundingRect()
        self.top.set_clip(QRectF(left, bounds.top(), max(0.0, bounds.right() - left), bounds.height()))
        self.reference.set_clip(QRectF(bounds.left(), bounds.top(), max(0.0, left - bounds.left()), bounds.height()))

    # Events -----------------------------------------------------------------------------------------
    def _view_moved(self, *_: object) -> None:
        self._update_split_clip()
        self.viewChanged.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120 or event.pixelDelta().y() / 60
        if steps and self.has_image():
            self.set_zoom(self.zoom() * WHEEL_STEP**steps, event.position())
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit_mode and self.has_image():
            self.fit()
        self._update_split_clip()

    def _near_split(self, position: QPointF | QPoint) -> bool:
        return self.split is not None and abs(position.x() - self._split_x()) <= SPLIT_GRAB

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            self.holdChanged.emit(True)
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton and self._near_split(event.position()):
            self._dragging_split = True
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging_split:
            fraction = event.position().x() / max(1, self.viewport().width())
            self.set_split(fraction)
            self.splitMoved.emit(self.split)
            event.accept()
            return
        if self.dragMode() == QGraphicsView.DragMode.ScrollHandDrag and not event.buttons():
            shape = Qt.CursorShape.SplitHCursor if self._near_split(event.position()) else Qt.CursorShape.OpenHandCursor
            self.viewport().setCursor(shape)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            self.holdChanged.emit(False)
            event.accept()
            return
        if self._dragging_split and event.button() == Qt.MouseButton.LeftButton:
            self._dragging_split = False
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.has_image():
            if self.fit_mode or abs(self.zoom() - 1.0) > 1e-6:
                self.set_zoom(1.0, event.position())
            else:
                self.fit()
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    # Painting ---------------------------------------------------------------------------------------
    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        painter.save()
        painter.resetTransform()
        viewport = self.viewport().rect()
        if not self.has_image():
            if self.placeholder:
                painter.setPen(PLACEHOLDER_TEXT)
                font = QFont(self.font())
                font.setPointSizeF(font.pointSizeF() * 1.3)
                painter.setFont(font)
                painter.drawText(viewport, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
            painter.restore()
            return
        if self.split is not None:
            x = self._split_x()
            photo = self.mapFromScene(self.base.boundingRect()).boundingRect().intersected(viewport)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(SPLIT_LINE, 2))
            painter.drawLine(x, photo.top(), x, photo.bottom())  # the line spans the photo, not the margins
            painter.setBrush(QBrush(SPLIT_HANDLE))
            centre = QPointF(x, photo.center().y())
            painter.drawEllipse(centre, 12, 12)
            painter.drawText(QRectF(centre.x() - 12, centre.y() - 12, 24, 24), Qt.AlignmentFlag.AlignCenter, "⇔")
        left_text, right_text = self.captions
        if left_text:
            self._caption(painter, viewport.adjusted(8, 8, -8, -8), left_text, Qt.AlignmentFlag.AlignLeft)
        if right_text:
            self._caption(painter, viewport.adjusted(8, 8, -8, -8), right_text, Qt.AlignmentFlag.AlignRight)
        painter.restore()

    def _caption(self, painter: QPainter, area: QRect, text: str, side: Qt.AlignmentFlag) -> None:
        metrics = painter.fontMetrics()
        width, height = metrics.horizontalAdvance(text) + 14, metrics.height() + 6
        x = area.left() if side == Qt.AlignmentFlag.AlignLeft else area.right() - width
        box = QRectF(x, area.top(), width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(CAPTION_BOX)
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(CAPTION_TEXT)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
