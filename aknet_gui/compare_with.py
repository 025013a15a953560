"""The view bar's 'Compare with' picker: what the left side of the compare view shows against the result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QToolButton, QWidget

from aknet_gui.ab_compare import ABCompare
from aknet_gui.accessibility import describe

if TYPE_CHECKING:
    from aknet_gui.actions import WindowActions

MAX_WIDTH = 200  # pixels; longer names are elided here and shown whole in the list (German fits in 1280 px)


class CompareWithBox(QComboBox):
    """Lists the shown photo's comparisons (Original, kept results, Classic dehaze, half strength)."""

    def __init__(self, ab: ABCompare, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ab = ab
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMinimumContentsLength(12)
        self.setMaximumWidth(MAX_WIDTH)
        self.setToolTip(
            self.tr(
                "What the left side (or left of the split) shows: the original, another result of this photo "
                "(restore it again with another model or task to keep both), Classic dehaze, or this result at 50%"
            )
        )
        describe(self, self.tr("Compare with"), self.toolTip())
        self._filling = False
        ab.choicesChanged.connect(self.refresh)
        self.activated.connect(self._activated)
        self.refresh()

    def button(self, actions: WindowActions) -> QToolButton:
        """The picker's icon for the toolbar (it opens the list; its icon follows the theme with the actions')."""
        button = QToolButton(self.parentWidget())
        button.setAutoRaise(True)
        button.setToolTip(self.tr("Compare with: {choices}").format(choices=self.toolTip()))
        describe(button, self.tr("Compare with"), self.tr("Open the list of what the left side shows"))
        button.clicked.connect(self.showPopup)
        actions.track_icon(button, "compare-with")
        return button

    def refresh(self) -> None:
        """List the shown photo's choices and tick the chosen one."""
        self._filling = True
        try:
            self.clear()
            for key, label in self.ab.choices():
                self.addItem(label, key)
            self.setCurrentIndex(max(0, self.findData(self.ab.choice)))
            self.setEnabled(self.count() > 1)
            self.setMinimumWidth(0)  # a toolbar does not follow a combo's new size hint by itself
            self.setMinimumWidth(min(self.sizeHint().width(), MAX_WIDTH))
            self.view().setMinimumWidth(self.view().sizeHintForColumn(0) + 2 * self.view().frameWidth() + 8)
        finally:
            self._filling = False

    def _activated(self, index: int) -> None:
        if not self._filling and index >= 0:
            self.ab.choose(self.itemData(index))
