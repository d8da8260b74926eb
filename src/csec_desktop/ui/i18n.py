"""The window's language: Qt's translators for Spanish, or none for English (the source).

The window's strings are marked in ui/ with ``self.tr("…")`` (context: the class) or
``QCoreApplication.translate("Context", "…")``, extracted by ``pyside6-lupdate`` into
``resources/translations/csec_desktop_es.ts`` (``python3 scripts/translations.py``) and
compiled to ``.qm`` by the setup command (``scripts/dev.py``) and the installer build.
A missing, unreadable or stale translation, or a language the window does not have, is
one sentence for the status bar; the window is then in English where it lacks a label.
"""

from __future__ import annotations

from pathlib import Path

from csec_desktop import paths
from csec_desktop.ui.qt import QCoreApplication, QLibraryInfo, QLocale, QTranslator

# The languages the window has; English is the language of the source strings.
LANGUAGES = {"en": "English", "es": "Spanish"}
SOURCE_LANGUAGE = "en"
CATALOG_NAME = "csec_desktop"

# The translators installed now (ours, then Qt's own for its standard buttons).
_installed: list[QTranslator] = []


def translations_dir() -> Path:
    """Where the ``.ts`` sources and the compiled ``.qm`` files are."""
    return paths.bundled_resources() / "translations"


def resolve(choice: str) -> tuple[str, str | None]:
    """The language the window takes for a Settings choice ("system", "en", "es" …), and
    a sentence when the choice cannot be followed (an unknown code: English)."""
    if choice == "system":
        for name in QLocale.system().uiLanguages():
            code = name.replace("_", "-").split("-")[0].lower()
            if code in LANGUAGES:
                return code, None
        return SOURCE_LANGUAGE, None
    if choice in LANGUAGES:
        return choice, None
    return SOURCE_LANGUAGE, (
        f"The language “{choice}” in the settings is not one this window has, "
        f"so it is shown in English."
    )


def use_language(choice: str) -> tuple[str, str | None]:
    """Install the translators for ``choice`` (removing any installed before); return the
    language the window is in and a sentence to show when something was wrong."""
    app = QCoreApplication.instance()
    for translator in _installed:
        if app is not None:
            QCoreApplication.removeTranslator(translator)
    _installed.clear()
    language, problem = resolve(choice)
    if language == SOURCE_LANGUAGE or app is None:
        return SOURCE_LANGUAGE, problem
    name = LANGUAGES[language]
    compiled = translations_dir() / f"{CATALOG_NAME}_{language}.qm"
    ours = QTranslator(app)
    if not compiled.is_file() or not ours.load(str(compiled)):
        return SOURCE_LANGUAGE, (
            f"The {name} translation ({compiled.name}) is missing or cannot be read, so the "
            f"window is shown in English; run “python3 scripts/dev.py” to build it."
        )
    QCoreApplication.installTranslator(ours)
    _installed.append(ours)
    # Qt's own strings (OK, Cancel, Yes, No in standard buttons and dialogs).
    qt_own = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(f"qtbase_{language}", qt_folder):
        QCoreApplication.installTranslator(qt_own)
        _installed.append(qt_own)
    if _stale(compiled):
        return language, (
            f"The {name} translation ({compiled.name}) is older than its source, so some "
            f"labels may be in English; run “python3 scripts/dev.py” to rebuild it."
        )
    return language, problem


def _stale(compiled: Path) -> bool:
    """True when the ``.ts`` source beside ``compiled`` (a source checkout) is newer."""
    source = compiled.with_suffix(".ts")
    try:
        return source.stat().st_mtime > compiled.stat().st_mtime
    except OSError:  # no source beside it: an installed application
        return False


def current_language() -> str:
    """The language the window's translators give ("en" when none is installed)."""
    for translator in _installed:
        found = translator.language()
        if found:
            return found.replace("_", "-").split("-")[0].lower()
    return SOURCE_LANGUAGE
