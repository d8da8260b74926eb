"""File → Import catalog update and Undo, driven in the window: the changes are shown
before anything is applied, and favorites and local resources outlive the update."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bundle_helpers import EDITED_ID, EDITED_TITLE, bundle_of, edited_source, make_keys
from csec_desktop.catalog.storage import reader
from csec_desktop.catalog.user import local, userstore
from csec_desktop.ui import catalog_update
from csec_desktop.ui.catalog_update import ChangesDialog
from csec_desktop.ui.main_window import MainWindow
from csec_desktop.ui.qt import QDialog, QMessageBox
from gui_helpers import search

pytestmark = pytest.mark.gui

LOCAL = {
    "kind": "hotline",
    "title": "Quillon County Youth Line",
    "summary": "A county line for young people who need a safe place tonight.",
    "status": "active",
    "last_verified": "2026-11",
}


@pytest.fixture
def update_file(tmp_path: Path, data_source: Path) -> Path:
    """A bundle of an edited curated catalog, signed with a key the window does not know."""
    source, _removed = edited_source(data_source, tmp_path / "edited")
    path = tmp_path / "update.zip"
    bundle_of(source, path, make_keys(tmp_path)[0], version="2026.12.1")
    return path


def _answer(monkeypatch: pytest.MonkeyPatch, *, trust: bool, apply: bool) -> list[str]:
    """Answer the unverified warning and the changes dialog; return what the dialog listed."""
    shown: list[str] = []
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a: yes if trust else no)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: yes)

    def exec_dialog(dialog: ChangesDialog) -> int:
        shown.append(dialog.changes.toPlainText())
        return QDialog.DialogCode.Accepted.value if apply else QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(ChangesDialog, "exec", exec_dialog)
    return shown


def test_import_shows_changes_applies_and_undo_restores(
    qtbot: Any, window: MainWindow, update_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = reader.get_record(window.catalog, EDITED_ID)
    assert original is not None
    userstore.add_favorite(window.user, EDITED_ID)
    added = local.save(window.catalog, window.user, LOCAL)
    shown = _answer(monkeypatch, trust=True, apply=True)

    assert catalog_update.import_update(window, update_file)
    assert f"~ {EDITED_ID}" in shown[0] and EDITED_TITLE in shown[0]
    assert added.id not in shown[0], "local resources are not the update's to change"
    assert window.show_resource(EDITED_ID)
    assert EDITED_TITLE in window.detail_view.toPlainText()
    assert window.favorite_button.isChecked()
    search(qtbot, window, "Quillon")
    assert window.results_model.hit(0).slug == added.id  # type: ignore[union-attr]
    window.changes.update_file_menu()
    assert window.undo_update_action.isEnabled()

    assert catalog_update.undo_update(window)
    assert window.show_resource(EDITED_ID)
    assert original.title in window.detail_view.toPlainText()
    search(qtbot, window, "Quillon")
    assert window.results_model.total == 1


def test_declined_changes_or_untrusted_file_change_nothing(
    window: MainWindow, update_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = reader.get_record(window.catalog, EDITED_ID)
    _answer(monkeypatch, trust=False, apply=True)
    assert not catalog_update.import_update(window, update_file)
    shown = _answer(monkeypatch, trust=True, apply=False)
    assert not catalog_update.import_update(window, update_file)
    assert shown, "the changes were shown before the user declined"
    assert reader.get_record(window.catalog, EDITED_ID) == before


def test_a_damaged_file_is_one_message(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text, *_a: messages.append(text))
    assert not catalog_update.import_update(window, broken)
    [message] = messages
    assert "broken.zip" in message and "Traceback" not in message
    assert window.search_engine.count > 0, "the window still searches the old catalog"


def test_cancelling_the_apply_keeps_the_installed_catalog(
    window: MainWindow, update_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csec_desktop.ui import progress

    before = reader.get_record(window.catalog, EDITED_ID)
    _answer(monkeypatch, trust=True, apply=True)
    real = progress.run_with_progress

    def cancel_the_apply(title: str, work: Any, **kwargs: Any) -> Any:
        if not title.startswith("Applying"):
            return real(title, work, **kwargs)

        def report(_done: int, _total: int, _stage: str) -> None:
            raise progress.Cancelled  # what Cancel makes the next report do

        return work(report)

    monkeypatch.setattr(catalog_update, "run_with_progress", cancel_the_apply)
    assert not catalog_update.import_update(window, update_file)
    assert reader.get_record(window.catalog, EDITED_ID) == before
    assert window.show_resource(EDITED_ID), "the window searches and shows the old catalog"
