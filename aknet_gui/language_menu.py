"""View ▸ Language: the system's language or one the app speaks; the choice is remembered and applies at the
next start (every text is set as the window is built)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu

from aknet_gui.i18n import language_choices
from aknet_gui.notice_bar import NoticeBar
from aknet_gui.settings import Settings


def add_language_menu(view: QMenu, settings: Settings, notice: NoticeBar) -> QMenu:
    """Add the Language submenu to a menu; choosing remembers the language and says it applies on restart."""
    menu = view.addMenu(QCoreApplication.translate("Language", "&Language"))
    menu.setObjectName("LanguageMenu")
    group = QActionGroup(menu)
    for key, name in language_choices().items():
        action = menu.addAction(name, lambda k=key: _choose(k, settings, notice))
        action.setCheckable(True)
        action.setChecked(settings.language == key)
        action.setData(key)
        group.addAction(action)
    return menu


def _choose(language: str, settings: Settings, notice: NoticeBar) -> None:
    if language == settings.language:
        return
    settings.language = language
    settings.sync()
    notice.show_message(
        "info", QCoreApplication.translate("Language", "The new language applies when you restart AKNet Studio.")
    )
