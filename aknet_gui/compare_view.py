"""The before/after compare view: side by side (synchronised), split slider, or the result alone;
hold the right mouse button (or the Original button, or \\) to see the original. The left side (or left of
the split) shows the original, or for an A/B comparison another result of the same photo (`set_reference`)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from aknet_gui.accessibility import describe
from aknet_gui.display import DisplayImage
from aknet_gui.image_view import ImageView

MODES = {
    "side-by-side": QT_TRANSLATE_NOOP("CompareView", "Side by side"),
    "split": QT_TRANSLATE_NOOP("CompareView", "Split"),
    "single": QT_TRANSLATE_NOOP("CompareView", "Result"),
}  # translated where shown


class CompareView(QWidget):
    """Shows an original and its restoration in one of three modes, with zoom and pan kept in step."""

    zoomChanged = Signal(float)  # the scale of the visible view (1.0 = 100%)
    holdChanged = Signal(bool)  # the original is (not) being shown instead of the result

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left = ImageView()
        self.right = ImageView()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.left, 1)
        layout.addWidget(self.right, 1)
        self.mode = "side-by-side"
        self.strength = 1.0
        self.holding = False
        self.split_fraction = 0.5
        self.result_name = self.tr("Restored")
        self.original: DisplayImage | None = None
        self.restored: DisplayImage | None = None
        self.reference: DisplayImage | None = None
        self.reference_opacity = 1.0
        self.reference_name = ""  # "" is the original, captioned in the language shown
        self._syncing = False
        for view in (self.left, self.right):
            view.viewChanged.connect(self._view_changed)
            view.holdChanged.connect(self.set_hold)
        self.right.splitMoved.connect(self._split_moved)
        keys = self.tr("Ctrl+plus and Ctrl+minus zoom, Ctrl+0 fits, Ctrl+1 shows 100%, arrow keys pan")
        describe(self.left, self.tr("Original photo"), keys)
        describe(
            self.right,
            self.tr("Restored photo"),
            self.tr("{keys}; hold backslash to see the original").format(keys=keys),
        )
        self.set_mode(self.mode)

    # Content ----------------------------------------------------------------------------------------
    def set_images(self, original: DisplayImage | None, restored: DisplayImage | None) -> None:
        """Show an original and its restoration (None while it has not been restored)."""
        self.original, self.restored = original, restored
        if self.reference is not None and not self._fits(self.reference):
            self.reference, self.reference_name = None, ""  # another photo's: its own follows
        self.left.set_layers(original, self.reference)
        self.right.set_layers(original, restored)
        self._sync(self.right, self.left)
        self._refresh()

    def set_reference(self, image: DisplayImage | None, name: str = "", opacity: float = 1.0) -> None:
        """Compare the result with another image of the same photo over the original at `opacity` (an earlier or
        classic result, the result at another strength), or with the original (None), with the same zoom and pan."""
        self.reference = image if image is not None and self._fits(image) else None
        self.reference_opacity = opacity
        self.reference_name = name if self.reference is not None else ""
        self.left.set_layers(self.original, self.reference)
        self.left.top.setOpacity(opacity)
        self._sync(self.right, self.left)
        self._refresh()

    def _fits(self, image: DisplayImage) -> bool:
        return self.original is not None and (image.width, image.height) == (self.original.width, self.original.height)

    def set_result_name(self, name: str) -> None:
        """What the result's caption calls it, e.g. 'Dehaze' (default 'Restored')."""
        self.result_name = name or self.tr("Restored")
        self._refresh()

    def set_strength(self, strength: float) -> None:
        """Blend the result with the original: 0 shows the original, 1 the full restoration."""
        self.strength = min(max(strength, 0.0), 1.0)
        self.right.top.setOpacity(self.strength)
        self._refresh()

    def set_mode(self, mode: str) -> None:
        """'side-by-side', 'split' or 'single'."""
        if mode not in MODES:
            mode = "side-by-side"
        self.mode = mode
        self.left.setVisible(mode == "side-by-side")
        self.right.set_split(self.split_fraction if mode == "split" else None)
        self._sync(self.right, self.left)
        self._refresh()

    def set_hold(self, holding: bool) -> None:
        """While held, the result view shows the original."""
        if holding != self.holding:
            self.holding = holding
            self._refresh()
            self.holdChanged.emit(holding)

    # Zoom -------------------------------------------------------------------------------------------
    def zoom(self) -> float:
        """The current scale (1.0 = 100%)."""
        return self.right.zoom()

    def fit(self) -> None:
        """Fit the whole image in the view."""
        self.right.fit()

    def actual_size(self) -> None:
        """Show one image pixel per screen pixel."""
        self.right.set_zoom(1.0)

    def zoom_in(self) -> None:
        """The next zoom step in."""
        self.right.zoom_step(+1)

    def zoom_out(self) -> None:
        """The next zoom step out."""
        self.right.zoom_step(-1)

    # Internals --------------------------------------------------------------------------------------
    def _view_changed(self) -> None:
        source = self.sender()
        if not isinstance(source, ImageView) or self._syncing:
            return
        other = self.left if source is self.right else self.right
        self._sync(source, other)
        self.zoomChanged.emit(source.zoom())

    def _sync(self, source: ImageView, target: ImageView) -> None:
        if self._syncing or not source.has_image():
            return
        self._syncing = True
        try:
            target.match(source)
        finally:
            self._syncing = False

    def _split_moved(self, fraction: float) -> None:
        self.split_fraction = fraction

    def _refresh(self) -> None:
        has_result = self.restored is not None
        show_result = has_result and not self.holding
        self.right.top.setVisible(show_result)
        self.right.set_reference(None if self.holding else self.reference, self.reference_opacity)
        percent = f"{round(self.strength * 100)}%"
        result = f"{self.result_name} · {percent}" if self.strength < 1.0 else self.result_name
        if not has_result:
            result_caption = self.tr("Original (not restored yet)")
        elif self.holding:
            result_caption = self.tr("Original (held)")
        else:
            result_caption = result
        reference_name = self.reference_name or self.tr("Original")
        self.left.captions = (reference_name, "")
        if self.mode == "split" and show_result:
            self.right.captions = (reference_name, result)
        else:
            self.right.captions = (result_caption, "")
        for view in (self.left, self.right):
            view.placeholder = (
                self.tr("Drop photos or folders here\nor open them with Ctrl+O") if view is self.right else ""
            )
            view.viewport().update()
