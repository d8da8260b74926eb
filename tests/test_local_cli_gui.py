"""`csec-catalog local …` and the local resource form, driven as a person would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar

import pytest

from cli_helpers import LOCAL_LINE_TOML, run
from csec_desktop.catalog.search import SearchEngine
from csec_desktop.catalog.user import local
from csec_desktop.ui.qt import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    Qt,
    QWidget,
)

_W = TypeVar("_W", bound=QWidget)


@pytest.mark.usefixtures("data_dir")
def test_cli_add_list_edit_remove(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    entry = tmp_path / "line.toml"
    entry.write_text(LOCAL_LINE_TOML, encoding="utf-8")
    code, out, err = run(capsys, "local", "add", str(entry), "--json")
    assert code == 0, err
    slug = json.loads(out)["record"]["id"]
    assert slug == "local/quillon-county-youth-line"

    code, out, _ = run(capsys, "search", "quillon", "--json")
    assert [r["id"] for r in json.loads(out)["results"]] == [slug]

    code, out, _ = run(capsys, "local", "list", "--json")
    assert [(e["id"], e["valid"]) for e in json.loads(out)] == [(slug, True)]

    entry.write_text(LOCAL_LINE_TOML.replace("Quillon County", "Brannoch County"), encoding="utf-8")
    code, out, err = run(capsys, "local", "edit", slug, str(entry))
    assert code == 0 and out.strip() == f"Saved {slug}.", err
    _, out, _ = run(capsys, "search", "quillon", "--json")
    assert json.loads(out)["total"] == 0
    _, out, _ = run(capsys, "export", "--format", "json")
    assert slug in {r["id"] for r in json.loads(out)["resources"]}

    code, out, _ = run(capsys, "local", "remove", slug)
    assert code == 0
    _, out, _ = run(capsys, "search", "brannoch", "--json")
    assert json.loads(out)["total"] == 0


@pytest.mark.usefixtures("data_dir")
def test_cli_bad_file_lists_problems_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    entry = tmp_path / "bad.toml"
    entry.write_text(LOCAL_LINE_TOML.replace('"518-555-0101"', '"call us"'), encoding="utf-8")
    code, out, err = run(capsys, "local", "add", str(entry))
    assert code == 1
    assert out.strip() == "contacts: phone contact has an invalid value 'call us'"
    assert err.startswith("csec-catalog: ") and err.count("\n") == 1
    entry.write_text("title = [", encoding="utf-8")
    code, _, err = run(capsys, "local", "add", str(entry))
    assert code == 1 and "is not valid TOML" in err and err.count("\n") == 1
    code, _, err = run(capsys, "local", "remove", "local/nothing")
    assert code == 1 and "no local resource" in err
    _, out, _ = run(capsys, "local", "list", "--json")
    assert json.loads(out) == []


def child(parent: QWidget, kind: type[_W], name: str) -> _W:
    found = parent.findChild(kind, name)
    assert found is not None, name
    return found


def _error_texts(dialog: QWidget) -> dict[str, str]:
    return {
        label.objectName(): label.text()
        for label in dialog.findChildren(QLabel)
        if label.objectName().endswith("Error") and label.text()
    }


def _places(dialog: QWidget) -> dict[str, int]:
    """Where each input field is, in the dialog's coordinates."""
    return {
        widget.objectName(): widget.mapTo(dialog, widget.rect().topLeft()).y()
        for widget in dialog.findChildren(QWidget)
        if widget.objectName().endswith(("Edit", "Combo", "List"))
    }


@pytest.mark.gui
def test_dialog_guides_after_a_field_is_left_then_saves(qtbot: Any, dbs: tuple[Any, Any]) -> None:
    from csec_desktop.ui.local_resource_dialog import LocalResourceDialog

    catalog, user = dbs
    dialog = LocalResourceDialog(catalog, user)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert dialog.objectName() == "localResourceDialog"
    hint = child(dialog, QLabel, "privacyHint")
    assert "client-identifying" in hint.text()
    assert _error_texts(dialog) == {}, "nothing is wrong before anything is typed"
    places = _places(dialog)

    title = child(dialog, QLineEdit, "titleEdit")
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_Tab)  # passing through is not a mistake
    assert _error_texts(dialog) == {}

    phone = child(dialog, QLineEdit, "phoneContactEdit")
    phone.setFocus()
    qtbot.keyClicks(phone, "call us")
    assert _error_texts(dialog) == {}, "no error while the field is being typed in"
    qtbot.keyClick(phone, Qt.Key.Key_Tab)
    errors = _error_texts(dialog)
    assert list(errors) == ["phoneError"], errors
    assert "a US phone number, such as 518-555-0101" in errors["phoneError"]
    assert _places(dialog) == places, "fields keep their places as errors come"

    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and local.entries(catalog, user) == []
    errors = _error_texts(dialog)
    assert set(errors) == {"titleError", "summaryError", "phoneError"}, errors
    assert all("'" not in text and "_" not in text for text in errors.values()), errors
    assert title.hasFocus(), "the first field with a problem is where the cursor goes"
    assert _places(dialog) == places

    qtbot.keyClicks(title, "Brannoch Safe Harbor Shelter")
    assert "titleError" not in _error_texts(dialog), "a fixed problem goes at once"
    summary = child(dialog, QPlainTextEdit, "summaryEdit")
    summary.setPlainText("Emergency beds for young people, with an advocate on site.")
    website = child(dialog, QLineEdit, "websiteEdit")
    website.setFocus()
    qtbot.keyClicks(website, "javascript:alert(1)")
    assert "https://" in _error_texts(dialog)["websiteError"]
    website.clear()
    qtbot.keyClicks(website, "https://example.org/brannoch")
    phone.clear()
    qtbot.keyClicks(phone, "518-555-0102")
    qtbot.keyClicks(child(dialog, QLineEdit, "sitesEdit"), "Troy, NY")
    topics = dialog.topics_list
    topics.item(0).setCheckState(Qt.CheckState.Checked)
    assert _error_texts(dialog) == {}
    assert _places(dialog) == places, "and as they go"

    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    slug = saved.args[0]
    assert slug == dialog.saved_slug == "local/brannoch-safe-harbor-shelter"
    engine = SearchEngine(catalog)
    hits = engine.search("brannoch").hits
    engine.close()
    assert [h.slug for h in hits] == [slug]
    stored = local.stored_data(user, slug)
    assert stored is not None
    assert stored["sites"] == [{"city": "Troy", "state": "NY"}]
    assert stored["topics"] == [topics.item(0).data(Qt.ItemDataRole.UserRole)]


@pytest.mark.gui
def test_dialog_refuses_a_reversed_number_in_plain_words(qtbot: Any, dbs: tuple[Any, Any]) -> None:
    from csec_desktop.ui.local_resource_dialog import LocalResourceDialog

    catalog, user = dbs
    dialog = LocalResourceDialog(catalog, user)
    qtbot.addWidget(dialog)
    child(dialog, QLineEdit, "titleEdit").setText("Call \u202e1010-555-815\u202c now")
    child(dialog, QPlainTextEdit, "summaryEdit").setPlainText("A line for young people.")
    dialog.accept()
    assert dialog.saved_slug is None and local.entries(catalog, user) == []
    assert _error_texts(dialog) == {"titleError": local.HIDDEN_CHARACTERS}


@pytest.mark.gui
def test_dialog_edits_and_keeps_fields_it_does_not_show(qtbot: Any, dbs: tuple[Any, Any]) -> None:
    from csec_desktop.ui.local_resource_dialog import LocalResourceDialog

    catalog, user = dbs
    data = {
        "kind": "program",
        "title": "Quillon Mentoring Circle",
        "summary": "Weekly mentoring by survivors.",
        "status": "active",
        "last_verified": "2026-10",
        "overview": "Groups meet on Tuesdays.",
        "contacts": [{"kind": "email", "value": "circle@example.org"}],
    }
    slug = local.save(catalog, user, data).id
    dialog = LocalResourceDialog(catalog, user, slug)
    qtbot.addWidget(dialog)
    title = child(dialog, QLineEdit, "titleEdit")
    assert title.text() == "Quillon Mentoring Circle"
    title.clear()
    title_error = child(dialog, QLabel, "titleError")
    assert title_error.text() == local.NEEDED["title"]
    qtbot.keyClicks(title, "Brannoch Mentoring Circle")
    dialog.accept()
    assert dialog.saved_slug == slug
    stored = local.stored_data(user, slug)
    assert stored is not None and stored["title"] == "Brannoch Mentoring Circle"
    assert stored["overview"] == "Groups meet on Tuesdays."
    assert stored["contacts"] == [{"kind": "email", "value": "circle@example.org"}]
    engine = SearchEngine(catalog)
    assert engine.search("quillon").total == 0
    assert [h.slug for h in engine.search("brannoch").hits] == [slug]
    engine.close()
