"""The app's language: which translations to load (the system's language, or the one chosen in View ▸ Language),
the app's own catalogues from aknet_gui/translations and Qt's for its standard dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
CATALOGUE = "aknet"  # aknet_<language>.ts / .qm
LANGUAGES = {"en": "English", "zh_CN": "中文(简体)", "de": "Deutsch"}
"""The languages the app speaks, each named in itself (so a user who cannot read the current one finds theirs)."""
SYSTEM = "system"

_installed: list[QTranslator] = []  # kept alive while installed (Qt does not own them)


def language_choices() -> dict[str, str]:
    """The Language menu's entries: 'System default' (translated) and each language in its own name."""
    return {SYSTEM: QCoreApplication.translate("Language", "System default"), **LANGUAGES}


def resolve_language(choice: str, system: QLocale | None = None) -> str:
    """The catalogue for a setting: a LANGUAGES key; 'system' (or anything unknown) follows the system locale."""
    if choice in LANGUAGES:
        return choice
    locale = system if system is not None else QLocale.system()
    traditional = False  # a reader of Traditional Chinese gets English, not Simplified Chinese
    for name in locale.uiLanguages():  # the user's preference order, e.g. ['de-CH', 'de', 'en']
        tag = name.replace("-", "_")
        if tag.startswith("zh"):
            traditional = traditional or any(part in tag for part in ("Hant", "_TW", "_HK", "_MO"))
            if not traditional:
                return "zh_CN"  # Simplified Chinese also for zh_SG and plain zh
            continue
        language = tag.split("_")[0]
        if language in LANGUAGES:
            return language
    return "en"


def catalogue_path(language: str) -> Path:
    """Where a language's compiled catalogue (.qm) lives."""
    return TRANSLATIONS_DIR / f"{CATALOGUE}_{language}.qm"


def install_translations(app: QCoreApplication, choice: str) -> str:
    """Load the app's and Qt's translations for a language setting; returns the language in use.

    Replaces any installed before. English (or a missing catalogue) leaves the source texts."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = resolve_language(choice)
    QLocale.setDefault(QLocale(language))  # numbers, dates and Qt's own dialogs
    if language == "en":
        return language
    candidates = [(f"{CATALOGUE}_{language}", TRANSLATIONS_DIR)]
    candidates += [(f"qtbase_{language}", folder) for folder in qt_translation_folders()]
    loaded = set()
    for name, folder in candidates:
        translator = QTranslator(app)
        if name not in loaded and translator.load(name, str(folder)):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.add(name)
    return language


def qt_translation_folders() -> list[Path]:
    """Where Qt's own catalogues (qtbase_*.qm: standard buttons and dialogs) may be: Qt's configured folder, then
    PySide6's (a frozen build keeps them there; its Qt may not know that path)."""
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    configured = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return [configured, package / "Qt" / "translations", package / "translations"]


def catalogue_problems(app: QCoreApplication) -> list[str]:
    """The catalogues missing for the translated languages, the app's and Qt's (empty: all there); for self-tests.
    Leaves the app in English."""
    problems = []
    for language in LANGUAGES:
        if language == "en":
            continue
        install_translations(app, language)
        names = {Path(translator.filePath()).stem for translator in _installed}
        problems += [f"{name}.qm" for name in (f"{CATALOGUE}_{language}", f"qtbase_{language}") if name not in names]
    install_translations(app, "en")
    return problems


def installed_language() -> str:
    """The language whose catalogue is installed now ('en' when none is)."""
    for translator in _installed:
        name = Path(translator.filePath()).stem
        if name.startswith(f"{CATALOGUE}_"):
            return name[len(CATALOGUE) + 1 :]
    return "en"
