"""The view bar's 'Compare with' picker: what the left side of the compare view shows against the result."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from aknet_gui.ab_compare import ABCompare


class CompareWithBox(QComboBox):
    """Lists the shown photo's comparisons (Original, kept results, Classic dehaze, half strength)."""

    def __init__(self, ab: ABCompare, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ab = ab
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMinimumContentsLength(12)
        self.setToolTip(
            "What the left side (or left of the split) shows: the original, another result of this photo "
            "(restore it again with another model or task to keep both), Classic dehaze, or this result at 50%"
        )
        self._filling = False
        ab.choicesChanged.connect(self.refresh)
        self.activated.connect(self._activated)
        self.refresh()

    def refresh(self) -> None:
        """List the shown photo's choices and tick the chosen one."""
        self._filling = True
        try:
            self.clear()
            for key, label in self.ab.choices():
                self.addItem(label, key)
            self.setCurrentIndex(max(0, self.findData(self.ab.choice)))
            self.setEnabled(self.count() > 1)
        finally:
            self._filling = False

    def _activated(self, index: int) -> None:
        if not self._filling and index >= 0:
            self.ab.choose(self.itemData(index))
