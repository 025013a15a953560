"""Every icon the app shows, by role, as qtawesome names in one place."""

from __future__ import annotations

from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QApplication

from core.progress import Status

NAMES: dict[str, str] = {
    "open": "mdi6.image-plus",
    "open-folder": "mdi6.folder-open",
    "recent": "mdi6.history",
    "save": "mdi6.content-save",
    "save-as": "mdi6.content-save-edit",
    "export-all": "mdi6.content-save-all",
    "batch": "mdi6.folder-multiple-image",
    "restore": "mdi6.play",
    "restore-all": "mdi6.play-box-multiple",
    "cancel": "mdi6.stop",
    "remove": "mdi6.close",
    "clear": "mdi6.delete",
    "checkpoint": "mdi6.file-upload",
    "install-model": "mdi6.package-down",
    "model-manager": "mdi6.package-variant",
    "zoom-in": "mdi6.magnify-plus",
    "zoom-out": "mdi6.magnify-minus",
    "zoom-fit": "mdi6.fit-to-screen",
    "zoom-100": "mdi6.numeric-1-box",
    "side-by-side": "mdi6.view-split-vertical",
    "split": "mdi6.compare-horizontal",
    "single": "mdi6.image-outline",
    "hold-original": "mdi6.eye",
    "strength": "mdi6.square-opacity",
    "about": "mdi6.information",
    "quit": "mdi6.close-circle",
    "copy": "mdi6.content-copy",
    "paste": "mdi6.content-paste",
    "compare-with": "mdi6.compare",
    "device": "mdi6.chip",
    "status-waiting": "mdi6.clock-outline",
    "status-working": "mdi6.progress-clock",
    "status-done": "mdi6.check-circle",
    "status-failed": "mdi6.alert-circle",
    "status-cancelled": "mdi6.cancel",
    "status-skipped": "mdi6.skip-next-circle",
    "warning": "mdi6.alert-circle",
    "info": "mdi6.information",
    "copy-report": "mdi6.content-copy",
    "log-folder": "mdi6.folder-text",
    "system-info": "mdi6.clipboard-text",
}

APP_ICON = ("icons", "aknet_studio.png")  # inside resources/, made by packaging

STATUS_COLOURS = {
    Status.DONE: "#2e9d4f",
    Status.FAILED: "#d64541",
    Status.CANCELLED: "#c98a00",
    Status.SKIPPED: "#7a7a7a",
}


def icon(role: str, colour: str | None = None) -> QIcon:
    """The icon for a role, drawn in the palette's text colour (so it follows light and dark themes)."""
    try:
        import qtawesome

        app = QApplication.instance()
        if colour is None and app is not None:
            colour = app.palette().color(QPalette.ColorRole.WindowText).name()
        disabled = None
        if app is not None:
            disabled = app.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name()
        options = {"color": colour or "#404040"}
        if disabled:
            options["color_disabled"] = disabled
        return qtawesome.icon(NAMES[role], **options)
    except Exception:  # a missing icon font must never stop the app
        return QIcon()


def status_icon(status: Status) -> QIcon:
    """The icon of an image's status in the list (waiting, working, done, failed, cancelled, skipped)."""
    return icon(f"status-{status}", STATUS_COLOURS.get(status))


def app_icon() -> QIcon:
    """The application's icon (resources/icons/aknet_studio.png), or the Restore icon while there is none."""
    from core.resources import resource_path

    path = resource_path(*APP_ICON)
    if path.is_file():
        picture = QIcon(str(path))
        if not picture.isNull():  # an unreadable file gives a null icon
            return picture
    return icon("restore")
