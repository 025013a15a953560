"""Translations: every text of the app has a finished Chinese and German translation, the main window, the batch
dialog and About show no English where a translation exists, and no label or button is cut off in any language."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolBar,
    QToolButton,
    QWidget,
)

from aknet_gui.about_dialog import AboutDialog
from aknet_gui.batch_dialog import BatchDialog
from aknet_gui.core_text import core_text
from aknet_gui.i18n import LANGUAGES, catalogue_path, install_translations, installed_language, resolve_language
from aknet_gui.main_window import MainWindow
from aknet_gui.settings import OutputSettings, Settings
from core.tasks import TASKS
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import update_translations

pytestmark = pytest.mark.gui

TRANSLATED = [language for language in LANGUAGES if language != "en"]
DESCRIPTION = {  # an About box with every section filled, as a trained checkpoint shows it
    "task": "dehaze",
    "weights": "dehaze.safetensors",
    "format": "safetensors",
    "parameters": 1234567,
    "input_prior": "dark-channel",
    "config": {"base_channels": 16, "output": "haze"},
    "metadata": {"provenance": "trained here", "license": "MIT", "paper": "AKNet", "validation": {"psnr": 21.5}},
}


@pytest.fixture(scope="session")
def compiled() -> None:
    """The .qm catalogues, built from the .ts sources when missing or older (as scripts/setup.sh does)."""
    stale = [
        language
        for language in TRANSLATED
        if not catalogue_path(language).is_file()
        or catalogue_path(language).stat().st_mtime < update_translations.ts_path(language).stat().st_mtime
    ]
    if stale:
        update_translations.release()


@pytest.fixture(params=TRANSLATED)
def language(request, qapp, compiled) -> Iterator[str]:
    """The app speaking one of its translated languages (English again afterwards)."""
    assert install_translations(qapp, request.param) == request.param
    yield request.param
    install_translations(qapp, "en")


def translated_sources() -> dict[str, set[str]]:
    """Per language, the English texts that have a translation different from themselves (mnemonics dropped)."""
    result = {}
    for language in TRANSLATED:
        texts = set()
        root = ElementTree.parse(update_translations.ts_path(language)).getroot()
        for message in root.iter("message"):
            source, translation = message.findtext("source", ""), message.findtext("translation", "")
            shown, original = translation.replace("&", ""), source.replace("&", "")
            if shown and shown != original and "{" not in source and any(c.isalpha() for c in source):
                texts.add(source.replace("&", "").strip())
        result[language] = texts
    return result


def shown_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a user sees or hears in a window: labels, buttons, titles, items, menus,
    tooltips and the names and descriptions a screen reader reads."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        kind = type(widget).__name__
        texts = [widget.windowTitle() if widget.isWindow() else "", widget.toolTip()]
        texts += [widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(index) for index in range(widget.count())]
        for action in QWidget.actions(widget):  # (MainWindow.actions is its WindowActions)
            texts += [action.text(), action.toolTip(), action.statusTip()]
            if action.menu() is not None:
                texts.append(action.menu().title())
        for text in texts:
            if text:
                yield kind, text.replace("&", "").strip()


@pytest.fixture
def shown_windows(qtbot, language, tmp_path) -> Iterator[list[QWidget]]:
    """The main window, the batch dialog and About in the language, shown and laid out at their default sizes."""
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, start=False)
    qtbot.addWidget(window)
    output = OutputSettings(folder=str(tmp_path / "out"))
    label, scanner = window.controller.engine.label(), window.session.scanner
    batch = BatchDialog(label, "dehaze", 0.8, str(tmp_path), True, output, scanner, window, ["cuda:0", "cuda:1"])
    about = AboutDialog(DESCRIPTION, "CPU", window)
    shown = [window, batch, about]
    for widget in shown:
        widget.show()
        qtbot.waitExposed(widget)
    yield shown
    for widget in reversed(shown):
        widget.close()
    window.controller.shutdown()
    gc.unfreeze()


def cut_off(widget: QWidget) -> str:
    """Why a label or button does not show its whole text at its laid-out size ('' when it does)."""
    if not widget.isVisible() or widget.width() <= 1:
        return ""
    metrics = widget.fontMetrics()
    if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            return f"needs {needed} px of height, has {widget.height()}" if needed > widget.height() + 1 else ""
        needed = widget.minimumSizeHint().width()
        return f"needs {needed} px, has {widget.width()}" if needed > widget.width() else ""
    if isinstance(widget, (QPushButton, QCheckBox, QToolButton)) and widget.text():
        needed = widget.sizeHint().width()
        return f"needs {needed} px, has {widget.width()}" if needed > widget.width() else ""
    if isinstance(widget, QComboBox) and widget.currentText():
        needed = metrics.horizontalAdvance(widget.currentText()) + widget.iconSize().width() + 24  # frame, arrow
        return f"needs {needed} px, has {widget.width()}" if needed > widget.width() else ""
    if isinstance(widget, QGroupBox) and widget.title():
        needed = metrics.horizontalAdvance(widget.title()) + 16
        return f"needs {needed} px, has {widget.width()}" if needed > widget.width() else ""
    return ""


def test_every_text_has_a_finished_translation_and_the_catalogues_match_the_sources(tmp_path):
    """Fails with the list of texts still to translate (after new tr() texts, run scripts/update_translations.py)."""
    for language in TRANSLATED:
        copy = tmp_path / update_translations.ts_path(language).name
        shutil.copy(update_translations.ts_path(language), copy)
        sources = [str(path.relative_to(REPO)) for path in update_translations.python_sources()]
        lupdate = update_translations.tool("pyside6-lupdate")
        command = [lupdate, "-silent", "-no-obsolete", "-locations", "none", *sources, "-ts", str(copy)]
        subprocess.run(command, cwd=REPO, check=True, capture_output=True)
        original = update_translations.ts_path(language)
        try:
            update_translations.TRANSLATIONS, saved = tmp_path, update_translations.TRANSLATIONS
            missing = update_translations.unfinished(language)
        finally:
            update_translations.TRANSLATIONS = saved
        listing = "\n".join(f"  [{context}] {text!r}" for context, text in missing)
        assert not missing, f"{original.name}: {len(missing)} text(s) without a translation:\n{listing}"


def test_windows_show_no_english_where_a_translation_exists_and_nothing_is_cut_off(language, shown_windows):
    english = translated_sources()[language]
    left_in_english, cut = [], []
    for root in shown_windows:
        name = type(root).__name__
        for kind, text in shown_texts(root):
            if text in english:
                left_in_english.append(f"{name}/{kind}: {text!r}")
        for widget in [root, *root.findChildren(QWidget)]:
            if widget.window() is root and (why := cut_off(widget)):
                text = getattr(widget, "text", lambda: "")() or getattr(widget, "title", lambda: "")()
                cut.append(f"{name}/{type(widget).__name__} {text or widget.accessibleName()!r}: {why}")
        for toolbar in root.findChildren(QToolBar):
            extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
            if extension is not None and extension.isVisible():
                cut.append(f"{name}/{toolbar.windowTitle()}: its buttons do not all fit")
        if isinstance(root, AboutDialog):
            for line in root.text.toPlainText().splitlines():
                if line.strip() in english:
                    left_in_english.append(f"About text: {line.strip()!r}")
    assert not left_in_english, f"English left in {language}:\n" + "\n".join(left_in_english)
    assert not cut, f"cut off in {language}:\n" + "\n".join(cut)


def test_core_texts_shown_in_the_app_are_translated(language):
    for task in TASKS.values():
        assert core_text(task.label) != task.label
        assert core_text(task.description) != task.description
    message = (
        "No trained weights are bundled for Desnow yet (desnow.safetensors is missing), so it cannot run. "
        "Load a checkpoint for this task (--weights FILE, or Model ▸ Load checkpoint… in the app)."
    )
    translated = core_text(message)
    assert translated != message and "desnow.safetensors" in translated and core_text("Desnow") in translated
    assert core_text("a message core has never said") == "a message core has never said"
    assert installed_language() == language


def test_qt_standard_buttons_are_translated_too(language, shown_windows):
    batch = shown_windows[1]
    cancel = batch.buttons.button(batch.buttons.StandardButton.Cancel)
    assert cancel.text().replace("&", "") == {"zh_CN": "取消", "de": "Abbrechen"}[language]


def test_the_language_follows_the_system_unless_chosen():
    assert resolve_language("system", QLocale("de_CH")) == "de"
    assert resolve_language("system", QLocale("zh_CN")) == "zh_CN"
    assert resolve_language("system", QLocale("zh_TW")) == "en"  # Traditional Chinese is not Simplified
    assert resolve_language("system", QLocale("fr_FR")) == "en"
    assert resolve_language("de", QLocale("zh_CN")) == "de"
    assert resolve_language("nonsense", QLocale("de_DE")) == "de"


def test_the_language_menu_remembers_the_choice(qtbot, window: MainWindow):
    menu = window.findChild(QMenu, "LanguageMenu")
    choice = next(action for action in menu.actions() if action.data() == "zh_CN")
    assert choice.text() == "中文(简体)"
    choice.trigger()
    assert window.settings.language == "zh_CN"
    assert window.notice.isVisible() and "restart" in window.notice.text.text()


def assert_catalogued(messages: list[str]) -> None:
    """Each message, as core words it, is matched by the catalogue (aknet_gui/core_text.py) and so translated."""
    untranslated = [message for message in messages if core_text(message) == message]
    assert not untranslated, "core messages the catalogue (aknet_gui/core_text.py) does not match:\n" + "\n".join(
        untranslated
    )


def test_real_core_messages_match_the_catalogue(language, tmp_path):
    """core's actual wording, not a copy of it: when core rewords a message, this says which template to update."""
    from core.batch import check_template, frames_note
    from core.errors import AKNetError, unexpected_reason
    from core.image.read import read_image
    from core.input_prior import describe_prior
    from core.tasks import get_task

    messages = [frames_note(3), describe_prior("dark-channel"), unexpected_reason(MemoryError())]
    messages.append(unexpected_reason(ValueError("bad value")))
    for attempt in (
        lambda: read_image(tmp_path / "missing.png"),
        lambda: read_image(tmp_path),
        lambda: check_template("{name}_{colour}"),
        lambda: check_template("{name}/x"),
        lambda: get_task("sharpen"),
    ):
        with pytest.raises(AKNetError) as caught:
            attempt()
        messages.append(str(caught.value))
    assert_catalogued(messages)
    assert str(tmp_path / "missing.png") in core_text(messages[4])


def test_real_core_messages_of_models_comparisons_and_the_gpu_match_the_catalogue(language, tmp_path):
    """The Model manager's and installer's, Export comparison's and the GPU notice's texts from core, as core words
    them: installing, reading and removing models, a comparison of two sizes, an unknown precision."""
    from types import SimpleNamespace

    import numpy as np

    from core.comparison import ComparisonOptions, compose_comparison
    from core.errors import AKNetError
    from core.gpu_check import gpu_problem
    from core.model_details import ModelDetails, describe_model
    from core.models_folder import ModelFile, bundled_models, install_model, remove_model
    from core.network.checkpoint import load_checkpoint
    from core.precision import check_precision
    from tests.test_models_folder import tiny_checkpoint

    def no_cuda_init() -> None:
        raise RuntimeError("Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU")

    cpu_only = SimpleNamespace(version=SimpleNamespace(cuda=None, hip=None))
    cuda = SimpleNamespace(is_available=lambda: False, init=no_cuda_init)
    old_driver = SimpleNamespace(version=SimpleNamespace(cuda="12.4", hip=None), cuda=cuda)
    tiny = ModelFile(tiny_checkpoint(tmp_path / "tiny.safetensors"), "desnow")
    messages = [gpu_problem(cpu_only, nvidia_present=True), gpu_problem(old_driver, nvidia_present=True)]
    messages += [describe_model(tiny).architecture, tiny.source, bundled_models()[0].source]
    messages.append(ModelDetails(ModelFile(tmp_path / "any.pth", None)).task_label)
    (tmp_path / "short.safetensors").write_bytes(b"abc")
    (tmp_path / "notes.txt").write_text("not weights")
    before, after = np.zeros((8, 8, 3), np.uint8), np.zeros((8, 6, 3), np.uint8)
    for attempt in (
        lambda: install_model(tmp_path / "notes.txt"),
        lambda: install_model(tiny.path, task="classic-dehaze"),
        lambda: install_model(tiny.path, task="dehaze"),
        lambda: load_checkpoint(tmp_path / "short.safetensors"),
        lambda: remove_model(bundled_models()[0]),
        lambda: compose_comparison(before, after, ComparisonOptions("side-by-side", "Original", "Dehaze")),
        lambda: check_precision("fp8"),
    ):
        with pytest.raises(AKNetError) as caught:
            attempt()
        messages.append(str(caught.value))
    assert_catalogued(messages)
    assert "12.4" in core_text(messages[1]) and "Found no NVIDIA driver" in core_text(messages[1])


def test_the_strength_slider_stays_in_view_at_1280_pixels_in_every_language(qtbot, language, shown_windows):
    """Where the view modes' names do not fit (German at 1280 px), they show as icons only rather than pushing the
    strength slider behind the toolbar's » button; given room again, the names come back."""
    window = shown_windows[0]
    actions = window.actions
    bar = actions.view_bar
    overflow = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    for width in (1280, 1000):
        window.resize(width, 800)
        qtbot.waitUntil(lambda: overflow is None or not overflow.isVisible(), timeout=3000)
        assert actions.strength.isVisible() and bar.rect().contains(actions.strength.geometry())
    window.resize(2400, 800)
    named = Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    modes = [bar.widgetForAction(action) for action in actions.mode_actions.values()]
    qtbot.waitUntil(lambda: all(button.toolButtonStyle() == named for button in modes), timeout=3000)
