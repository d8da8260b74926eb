"""The window in Spanish: every string of ui/ is in the translation source and translated,
the Spanish window shows none of the English ones, and a bad translation or language is
one sentence and an English window, never a failure."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scripts.dev import translation_sources

from csec_desktop.catalog.storage import store
from csec_desktop.catalog.user import userstore
from csec_desktop.catalog.user.preferences import Preferences
from csec_desktop.ui import i18n
from csec_desktop.ui.qt import (
    QAbstractButton,
    QAction,
    QComboBox,
    QDialogButtonBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QTextBrowser,
    QWidget,
)

REPO = Path(__file__).resolve().parent.parent
TS = REPO / "resources" / "translations" / "csec_desktop_es.ts"
LUPDATE = Path(sys.executable).parent / (
    "pyside6-lupdate.exe" if os.name == "nt" else "pyside6-lupdate"
)
#: Qt's own English on standard buttons, which qtbase_es.qm translates.
QT_ENGLISH = {"OK", "Cancel", "Yes", "No", "Close", "Apply", "Save", "Discard", "Reset"}
#: A {name} field of a source string, for finding the string with its fields filled in.
_FIELD = re.compile(r"\\\{\w+\\\}")
_TAG = re.compile(r"<[^>]+>")


def _messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, message element) for every message of a .ts file."""
    root = ET.parse(path).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def _english_only() -> list[tuple[str, re.Pattern[str]]]:
    """Each source string whose Spanish differs from it, as a pattern that matches it with
    its fields filled in (mnemonic ampersands dropped, any case); not one word between fields,
    which the tests of the sentences that use it check."""
    found = {}
    for _context, source, message in _messages(TS):
        translation = message.findtext("translation") or ""
        if translation.replace("&", "").lower() == source.replace("&", "").lower():
            continue  # the same in both (TTY, PDF, " mi", "Feb")
        text = _plain(source)
        words = re.sub(r"\{\w+\}", " ", text).split()
        if len(words) < 2 and text.count("{") > 1:
            continue  # "{items} and {last}": a word between fields matches catalog text
        if not words:
            continue  # "{role}": fields alone, whose English is the catalog's own words
        if not text:
            continue
        found[text] = re.compile(_FIELD.sub(".+", re.escape(text)), re.IGNORECASE | re.DOTALL)
    return sorted(found.items())


def _plain(text: str) -> str:
    """``text`` as a person reads it: no tags, entities or mnemonics, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).replace("&", "").split())


def _texts(widget: QWidget) -> Iterator[str]:
    """Every string ``widget`` shows or says (a screen reader's names too)."""
    yield widget.windowTitle() if widget.isWindow() else ""
    yield widget.toolTip()
    yield widget.accessibleName()
    yield widget.accessibleDescription()
    if isinstance(widget, QLabel | QAbstractButton):
        yield widget.text()
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        yield widget.placeholderText()
    if isinstance(widget, QComboBox):
        yield from (widget.itemText(row) for row in range(widget.count()))
    if isinstance(widget, QGroupBox):
        yield widget.title()
    if isinstance(widget, QDockWidget):
        yield widget.windowTitle()
    if isinstance(widget, QSpinBox):
        yield widget.prefix()
        yield widget.suffix()
    if isinstance(widget, QTextBrowser):
        # The details: each label, value and heading on a line or in a cell of its own.
        yield from re.split(r"[\n\t\u2028\u2029]", widget.toPlainText())


def _action_texts(actions: list[QAction]) -> Iterator[str]:
    for action in actions:
        menu = action.menu()
        if isinstance(menu, QMenu):
            menu.aboutToShow.emit()  # menus filled when opened (searches, favorites)
            yield menu.title()
            yield from _action_texts(menu.actions())
        yield action.text()
        yield action.toolTip() if action.toolTip() != action.text().replace("&", "") else ""


def _untranslated(texts: Iterator[str]) -> list[str]:
    """The texts that are one of the window's English strings (or Qt's own)."""
    english = _english_only()
    wrong = []
    for raw in texts:
        text = _plain(raw)
        if not text or text in wrong:
            continue
        if text in QT_ENGLISH or any(pattern.fullmatch(text) for _, pattern in english):
            wrong.append(text)
    return wrong


def _walk(root: QWidget) -> Iterator[str]:
    for widget in [root, *root.findChildren(QWidget)]:
        yield from _texts(widget)
        yield from _action_texts(widget.actions())


@pytest.fixture
def spanish(data_dir: Path) -> Iterator[Path]:
    """A data folder whose settings choose Spanish; English again after the test."""
    store.ensure_catalog(data_dir, REPO / "data")
    user = store.open_user_db(data_dir)
    userstore.set_preferences(user, Preferences(language="es"))
    user.dispose()
    yield data_dir
    i18n.use_language("en")


# --------------------------------------------------------------------------- the sources


def test_translation_source_is_complete_and_current(tmp_path: Path) -> None:
    """Every string the ui code marks is in the .ts, translated, and nothing else is: a
    new string without its Spanish fails here (python3 scripts/translations.py adds it)."""
    fresh = tmp_path / "csec_desktop_es.ts"
    shutil.copy(TS, fresh)
    sources = [str(path) for path in translation_sources()]
    subprocess.run(
        [str(LUPDATE), "-silent", "-locations", "none", *sources, "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    committed = {(c, s) for c, s, _ in _messages(TS)}
    extracted = {(c, s) for c, s, m in _messages(fresh) if _state(m) != "vanished"}
    assert extracted - committed == set(), "run python3 scripts/translations.py"
    assert committed - extracted == set(), "strings no longer in the code"
    problems = [(c, s, _state(m)) for c, s, m in _messages(TS) if _state(m)]
    assert problems == [], "unfinished or obsolete translations"


def _state(message: ET.Element) -> str:
    translation = message.find("translation")
    assert translation is not None
    if not (translation.text or "").strip():
        return translation.get("type") or "empty"
    return translation.get("type") or ""


def test_translations_keep_fields_mnemonics_and_markup() -> None:
    """A translation fills the same {fields}, has a mnemonic where its source has one
    (one ampersand) and the same HTML tags."""
    for context, source, message in _messages(TS):
        translation = message.findtext("translation") or ""
        where = f"{context}: {source!r} → {translation!r}"
        assert sorted(re.findall(r"\{\w+\}", translation)) == sorted(
            re.findall(r"\{\w+\}", source)
        ), where
        assert translation.count("&") == source.count("&"), where
        assert sorted(_TAG.findall(translation)) == sorted(_TAG.findall(source)), where


# --------------------------------------------------------------------------- the window


@pytest.mark.gui
def test_spanish_window_shows_no_english_string(
    qtbot: Any, spanish: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csec_desktop.ui import help_menu
    from csec_desktop.ui.local_resource_dialog import LocalResourceDialog
    from csec_desktop.ui.settings_dialog import SettingsDialog
    from gui_helpers import GEMS, open_window, search

    window = open_window(qtbot, spanish)
    assert window.language == "es"
    assert window.search_edit.placeholderText().startswith("Buscar programas")
    # A search with filters, a resource shown, the sheet and hotlines open, a client's needs.
    search(qtbot, window, "mentoring")
    window.show_resource(GEMS)
    window.sheet.add_shown_to_sheet()
    window.hotline_dock.show()
    window.client_panel.toggle.setChecked(True)
    window.facet_panel.set_selection({"kind": ["program"]})
    qtbot.waitUntil(window.search_idle, timeout=5000)
    assert window.search.chips, "a filter chip is shown"
    facet_labels = {box.text() for box in window.facet_panel.findChildren(QLabel)}
    assert "Programa" in facet_labels  # the vocabulary's Spanish label, not "Program"
    texts = [*_walk(window), *_action_texts(window.menuBar().actions())]
    assert _untranslated(iter(texts)) == []

    settings = SettingsDialog(window.preferences, window)
    qtbot.addWidget(settings)
    form = LocalResourceDialog(window.catalog, window.user, None, window)
    qtbot.addWidget(form)
    assert _untranslated(_walk(settings)) == []
    assert _untranslated(_walk(form)) == []

    said: list[str] = []

    class Boxes:  # what About and Keyboard shortcuts would show
        @staticmethod
        def about(_parent: Any, title: str, text: str) -> None:
            said.extend([title, *re.split(r"<br>|<td>", text)])

        @staticmethod
        def information(_parent: Any, title: str, text: str) -> None:
            said.extend([title, *re.split(r"<br>|<td>", text)])

    monkeypatch.setattr(help_menu, "QMessageBox", Boxes)
    window.help.show_about()
    window.help.show_shortcuts()
    assert "Acerca de CSEC Resource Desk" in said
    assert _untranslated(iter(said)) == []


def test_no_note_to_the_translator_is_a_stray_comment() -> None:
    """lupdate takes a ``#:`` comment (an attribute's doc comment elsewhere in the code)
    for a note to the translator of the next string, so the files it reads write their
    comments with ``#``; the .ts then has no notes that belong to something else."""
    marked = [
        f"{path.name}:{number}"
        for path in translation_sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.lstrip().startswith("#:")
    ]
    assert marked == []
    assert "<extracomment>" not in TS.read_text(encoding="utf-8")


def test_the_translation_sources_include_templates_wrapped_onto_the_next_line() -> None:
    """A file whose every template ruff wrapped (``QT_TRANSLATE_NOOP(`` at a line's end)
    is read too: the storage's failure sentences are."""
    names = {path.name for path in translation_sources()}
    assert {"failures.py", "userstore.py", "store.py", "app.py"} <= names


@pytest.mark.gui
def test_the_application_start_paints_its_first_frame_in_spanish(
    qtbot: Any, spanish: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start the application takes (first frame from plain sqlite3, the rest behind it)
    reads the language with the other settings before the first widget is made."""
    from gui_helpers import start_telling

    window, told = start_telling(qtbot, spanish, monkeypatch)
    assert told == []
    assert window.language == "es"
    assert window.menuBar().actions()[0].text() == "&Archivo"
    assert window.count_label.text().endswith("ordenados por título")


@pytest.mark.gui
def test_spanish_standard_buttons_come_from_qt(qtbot: Any, spanish: Path) -> None:
    from csec_desktop.ui.settings_dialog import SettingsDialog
    from gui_helpers import open_window

    window = open_window(qtbot, spanish)
    dialog = SettingsDialog(window.preferences, window)
    qtbot.addWidget(dialog)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    texts = {_plain(button.text()) for button in buttons.buttons()}
    assert texts == {"Aceptar", "Cancelar"}


@pytest.mark.gui
def test_the_walk_finds_english_in_an_english_window(qtbot: Any, data_dir: Path) -> None:
    """The check above can fail: the same walk over the English window finds its strings."""
    from gui_helpers import open_window

    window = open_window(qtbot, data_dir)
    assert window.language == "en"
    found = _untranslated(iter([*_walk(window), *_action_texts(window.menuBar().actions())]))
    assert "File" in found and "Search programs, trainings, hotlines, publications…" in found


# --------------------------------------------------------------------------- settings


@pytest.mark.gui
def test_language_setting_round_trip(qtbot: Any, data_dir: Path) -> None:
    from csec_desktop.ui.settings_dialog import SettingsDialog
    from gui_helpers import open_window

    window = open_window(qtbot, data_dir)
    dialog = SettingsDialog(window.preferences, window)
    qtbot.addWidget(dialog)
    combo = dialog.language_combo
    assert combo.currentData() == "system"
    assert [combo.itemText(row) for row in range(combo.count())] == [
        "Same as the system",
        "English",
        "Español",
    ]
    combo.setCurrentIndex(combo.findData("es"))
    window.apply_preferences(dialog.chosen())
    assert userstore.preferences(window.user).language == "es"
    assert "next time you start" in window.statusBar().currentMessage()
    assert window.search_edit.placeholderText().startswith("Search")  # until the next start
    again = SettingsDialog(userstore.preferences(window.user), window)
    qtbot.addWidget(again)
    assert again.language_combo.currentText() == "Español"


def test_a_language_the_window_lacks_cannot_be_stored(data_dir: Path) -> None:
    user = store.open_user_db(data_dir)
    with pytest.raises(userstore.UserDataError, match="language"):
        userstore.set_preferences(user, Preferences(language="fr"))
    assert userstore.preferences(user).language == "system"


# --------------------------------------------------------------------------- bad input


@pytest.mark.gui
def test_unknown_language_in_the_settings_is_one_sentence_and_english(
    qtbot: Any, data_dir: Path
) -> None:
    from gui_helpers import open_window

    store.ensure_catalog(data_dir, REPO / "data")
    user = store.open_user_db(data_dir)
    userstore.set_setting(user, "preferences.language", "klingon")
    user.dispose()
    window = open_window(qtbot, data_dir)
    assert window.language == "en"
    assert window.statusBar().currentMessage() == (
        "The language “klingon” in the settings is not one this window has, "
        "so it is shown in English."
    )
    assert window.search_edit.placeholderText().startswith("Search")


@pytest.mark.gui
def test_missing_translation_is_one_sentence_and_english(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    language, said = i18n.use_language("es")
    assert (language, i18n.current_language()) == ("en", "en")
    assert said is not None and "csec_desktop_es.qm" in said and "missing" in said
    (tmp_path / "csec_desktop_es.qm").write_bytes(b"not a translation")
    language, said = i18n.use_language("es")
    assert language == "en" and said is not None and "cannot be read" in said


@pytest.mark.gui
def test_stale_translation_is_used_and_said(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = i18n.translations_dir() / "csec_desktop_es.qm"
    shutil.copy(compiled, tmp_path / compiled.name)
    shutil.copy(TS, tmp_path / TS.name)
    later = (tmp_path / compiled.name).stat().st_mtime + 60
    os.utime(tmp_path / TS.name, (later, later))  # the source edited after the build
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    try:
        language, said = i18n.use_language("es")
        assert language == "es" == i18n.current_language()
        assert said is not None and "older than its source" in said
    finally:
        i18n.use_language("en")
    assert i18n.current_language() == "en"


@pytest.mark.gui
def test_details_words_dates_and_lists_in_spanish(qtbot: Any) -> None:
    """The details' own words are translated, with the facts in them; catalog text is not."""
    from csec_desktop.ui.detail_words import detail_word

    try:
        assert i18n.use_language("es") == ("es", None)
        assert detail_word("Award 2") == "Subvención 2"
        assert detail_word("Dec 2006–Mar 2009") == "dic 2006–mar 2009"
        assert detail_word("Dec 2008 — older than 12 months; confirm before relying on it") == (
            "dic 2008 — hace más de 12 meses; confírmelo antes de usarlo"
        )
        assert (
            detail_word("summary, overview, funder") == "resumen, descripción general, financiador"
        )
        assert detail_word("ages, languages, gratuito") == "edades, idiomas, gratuito"
        assert detail_word("12 or older") == "12 años o más"
        assert detail_word("Girls Education and Mentoring Services") == (
            "Girls Education and Mentoring Services"
        )
    finally:
        i18n.use_language("en")
    assert detail_word("Award 2") == "Award 2"


def test_language_choices_resolve() -> None:
    assert i18n.resolve("es") == ("es", None)
    assert i18n.resolve("en") == ("en", None)
    assert i18n.resolve("system") == ("en", None)  # the tests' C locale (conftest)
    language, said = i18n.resolve("xx")
    assert language == "en" and said is not None and "“xx”" in said


@pytest.mark.gui
def test_a_new_sheet_speaks_the_windows_language(
    qtbot: Any, catalog_engine: Any, data_dir: Path
) -> None:
    """In a Spanish window a new sheet has Spanish labels; a kept sheet keeps its own."""
    from csec_desktop.catalog.display.sheets import SheetOptions
    from csec_desktop.ui.sheet_panel import SheetPanel

    try:
        assert i18n.use_language("es") == ("es", None)
        panel = SheetPanel(catalog_engine, store.open_user_db(data_dir))
        qtbot.addWidget(panel)
        assert panel.options().language == "es"
        panel.set_options(SheetOptions(language="en"))
        assert panel.options().language == "en"
    finally:
        i18n.use_language("en")
    english = SheetPanel(catalog_engine, store.open_user_db(data_dir))
    qtbot.addWidget(english)
    assert english.options().language == "en"
