"""File → Import partner directory…, driven in the window: a preview first (added,
changed, each problem with its file and row), then local resources, Cancel leaves nothing,
and Undo import takes the import back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from csec_desktop.catalog.interchange.exchange import installed_catalog
from csec_desktop.catalog.interchange.hsds_json import read_hsds_json
from csec_desktop.catalog.interchange.partner import (
    import_partner,
    preview_partner,
    undo_partner_import,
)
from csec_desktop.catalog.user import local
from csec_desktop.ui import partner_import
from csec_desktop.ui.main_window import MainWindow
from csec_desktop.ui.partner_import import PreviewDialog
from csec_desktop.ui.qt import QDialog, QFileDialog, QMenu, QMessageBox, QPushButton
from gui_helpers import search, settle

pytestmark = pytest.mark.gui

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = FIXTURES / "hsds-json" / "services-page.json"
PACKAGE = FIXTURES / "hsds-partner"


class Answers:
    """Answers the preview (import or not) and the summary (undo or not); keeps what the
    preview showed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, accept: bool, undo: bool) -> None:
        self.previews: list[PreviewDialog] = []
        self.summaries: list[str] = []
        self.warnings: list[str] = []

        def exec_preview(dialog: PreviewDialog) -> int:
            self.previews.append(dialog)
            if accept and dialog.import_button.isEnabled():
                return QDialog.DialogCode.Accepted.value
            return QDialog.DialogCode.Rejected.value

        def exec_box(box: QMessageBox) -> int:
            self.summaries.append(box.text())
            if undo:
                button = box.findChild(QPushButton, "undoPartnerImport")
                assert button is not None
                button.click()
            return 0

        monkeypatch.setattr(PreviewDialog, "exec", exec_preview)
        monkeypatch.setattr(QMessageBox, "exec", exec_box)
        monkeypatch.setattr(
            QMessageBox, "warning", lambda _w, _t, text, *_a: self.warnings.append(text)
        )


def _cells(dialog: PreviewDialog, name: str) -> list[list[str]]:
    table = dialog.resources if name == "resources" else dialog.problems
    columns = range(table.columnCount())
    return [
        [item.text() if (item := table.item(row, column)) else "" for column in columns]
        for row in range(table.rowCount())
    ]


def _local_titles(window: MainWindow) -> list[str]:
    return sorted(e.record.title for e in local.entries(window.catalog, window.user) if e.record)


def test_menu_previews_imports_and_the_results_find_them(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    answers = Answers(monkeypatch, accept=True, undo=False)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(PAGE), ""))
    assert window.import_partner_action.isEnabled()
    window.import_partner_action.trigger()

    records, problems = read_hsds_json(PAGE, installed_catalog(window.catalog))
    [dialog] = answers.previews
    assert dialog.grab().save(str(tmp_path / "preview.png"))
    assert _cells(dialog, "resources") == [
        ["add", local.imported_id(r.id), r.title] for r in records.resources
    ]
    assert _cells(dialog, "problems") == [] == problems
    assert f"{len(records.resources)} would be added" in dialog.heading.text()
    assert _local_titles(window) == sorted(r.title for r in records.resources)
    assert f"{len(records.resources)} local resource(s) added" in answers.summaries[0]
    search(qtbot, window, records.resources[0].title)
    assert window.results_model.hit(0).slug == local.imported_id(records.resources[0].id)  # type: ignore[union-attr]

    # Imported again: the same resources are changed, not added twice.
    assert partner_import.import_directory(window, PAGE) is not None
    settle(qtbot, window)  # the search the import started ends before the window closes
    assert _cells(answers.previews[1], "resources")[0][0] == "change"
    assert _local_titles(window) == sorted(r.title for r in records.resources)


def test_undo_import_takes_it_back(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    Answers(monkeypatch, accept=True, undo=True)
    assert partner_import.import_directory(window, PAGE) is None
    assert _local_titles(window) == []
    search(qtbot, window, "Riverside Youth Crisis Line")
    assert all(
        not local.is_local_id(hit.slug)
        for row in range(window.results_model.rowCount())
        if (hit := window.results_model.hit(row)) is not None
    )


def test_each_problem_shows_its_file_and_row(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, accept=False, undo=False)
    assert partner_import.import_directory(window, PACKAGE) is None
    [dialog] = answers.previews
    preview = preview_partner(PACKAGE, window.catalog, window.user)
    rows = _cells(dialog, "problems")
    assert len(rows) == len(preview.problems) > 0
    for (where, message), problem in zip(rows, preview.problems, strict=True):
        assert where.startswith(problem.where) and problem.entry in where
        assert message == problem.message
    assert "locations.csv [row 2]" in [where for where, _ in rows]
    assert _local_titles(window) == [], "declined: nothing imported"


def test_a_csv_with_a_problem_cannot_be_imported(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = installed_catalog(window.catalog).sources[0].key
    bad = tmp_path / "partner.csv"
    bad.write_text(
        "id,kind,title,summary,status,source,last_verified,colour\n"
        f"program/x,program,X line,A program.,active,{source},2026-11,blue\n"
        f"program/y,prgram,Y line,A program.,active,{source},2026-11,blue\n",
        encoding="utf-8",
    )
    answers = Answers(monkeypatch, accept=True, undo=False)
    assert partner_import.import_directory(window, bad) is None
    [dialog] = answers.previews
    assert not dialog.import_button.isEnabled()
    assert "every row reads without a problem" in dialog.heading.text()
    assert any("colour" in row[1] for row in _cells(dialog, "problems"))
    assert _local_titles(window) == []


@pytest.mark.parametrize("content", [b"<!DOCTYPE html><html>Sign in</html>", b"[1, 2"])
def test_a_file_that_is_not_a_directory_is_one_message(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "services.json"
    path.write_bytes(content)
    answers = Answers(monkeypatch, accept=True, undo=False)
    assert partner_import.import_directory(window, path) is None
    assert answers.previews == [] and len(answers.warnings) == 1
    assert answers.warnings[0].startswith("services.json is ")


class Stop(Exception):
    """Stands for Cancel: the progress callback raises it."""


def test_cancel_leaves_the_local_resources_as_they_were(window: MainWindow, tmp_path: Path) -> None:
    catalog, user = window.catalog, window.user
    first = import_partner(catalog, user, preview_partner(PAGE, catalog, user))
    before = {slug: local.stored_data(user, slug) for slug in first.saved}
    page = json.loads(PAGE.read_text(encoding="utf-8"))
    page["contents"][0]["description"] = "Changed by the partner."
    page["contents"].append({**page["contents"][1], "id": "new-service", "name": "Third line"})
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(page), encoding="utf-8")
    preview = preview_partner(changed, catalog, user)
    assert (len(preview.added), len(preview.changed)) == (1, 2)

    def stop_at_the_last(done: int, total: int, _stage: str) -> None:
        if done == total - 1:
            raise Stop

    with pytest.raises(Stop):
        import_partner(catalog, user, preview, stop_at_the_last)
    assert {e.slug: e.data for e in local.entries(catalog, user)} == before

    done = import_partner(catalog, user, preview)
    assert done.added == 1
    undo_partner_import(catalog, user, done)
    assert {e.slug: e.data for e in local.entries(catalog, user)} == before


def test_a_folder_chosen_by_its_descriptor_reads_as_the_folder(
    window: MainWindow, tmp_path: Path
) -> None:
    folder = Path(shutil.copytree(PACKAGE, tmp_path / "pkg"))
    by_folder = preview_partner(folder, window.catalog, window.user)
    by_file = preview_partner(folder / "datapackage.json", window.catalog, window.user)
    assert by_file.rows() == by_folder.rows() and by_folder.kind == "HSDS package"


def test_edit_menu_undoes_the_newest_import_later(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    answers = Answers(monkeypatch, accept=True, undo=False)
    action = window.partner_undo.action
    [edit_menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&Edit"]
    assert isinstance(edit_menu, QMenu) and action in edit_menu.actions()
    assert not action.isEnabled()
    first = partner_import.import_directory(window, PAGE)
    assert first is not None and "Edit → Undo partner import" in answers.summaries[0]
    page = json.loads(PAGE.read_text(encoding="utf-8"))
    page["contents"] = [{**page["contents"][1], "id": "new-service", "name": "Third line"}]
    more = tmp_path / "more & more.json"
    more.write_text(json.dumps(page), encoding="utf-8")
    assert partner_import.import_directory(window, more) is not None
    titles = _local_titles(window)
    assert "Third line" in titles and len(titles) == 3
    assert action.isEnabled() and action.text() == "Undo partner import “more && more.json”…"

    asked: list[str] = []
    answer = QMessageBox.StandardButton.No

    def question(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    action.trigger()  # declined: nothing changes
    assert "Undo the import of more & more.json?" in asked[0]
    assert "1 local resource(s) it added" in asked[0]
    assert _local_titles(window) == titles and action.isEnabled()

    answer = QMessageBox.StandardButton.Yes
    action.trigger()  # the newest first
    assert "Third line" not in _local_titles(window) and len(_local_titles(window)) == 2
    assert action.text() == f"Undo partner import “{PAGE.name}”…"
    action.trigger()
    settle(qtbot, window)
    assert _local_titles(window) == [] and not action.isEnabled()
    assert answers.warnings == []


def test_a_json_too_large_is_one_message_before_it_is_read(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "services.json"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, an HSDS page at its start
        handle.write(b'{"contents": [')
        handle.truncate(50 * 1024**2)
    answers = Answers(monkeypatch, accept=True, undo=False)
    assert partner_import.import_directory(window, path) is None
    assert answers.previews == [] and len(answers.warnings) == 1
    assert answers.warnings[0].startswith("services.json is 50 MB, larger than the 40 MB")
    assert _local_titles(window) == []


def test_services_of_missing_organizations_are_named_and_nothing_is_imported(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    package = Path(shutil.copytree(PACKAGE, tmp_path / "orphans"))
    services = package / "services.csv"
    text = services.read_text(encoding="utf-8")
    organization = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
    assert text.count(organization) == 2  # both services are the one organization's
    services.write_text(
        text.replace(organization, "00000000-0000-4000-8000-00000000dead"), encoding="utf-8"
    )
    answers = Answers(monkeypatch, accept=True, undo=False)
    assert partner_import.import_directory(window, package) is None
    [dialog] = answers.previews
    orphans = [
        (where, message)
        for where, message in _cells(dialog, "problems")
        if where.startswith("services.csv")
    ]
    assert [where for where, _ in orphans] == ["services.csv [row 2]", "services.csv [row 3]"]
    assert all(
        message.startswith("column 'organization_id' points to organization 00000000")
        and message.endswith("the row was left out")
        for _, message in orphans
    )
    # Their phones, places and hours are left out with them, and say nothing more.
    assert not any("points to service" in message for _, message in _cells(dialog, "problems"))
    assert not dialog.import_button.isEnabled()
    assert "Nothing can be imported. No resource could be read from it." in dialog.heading.text()
    assert _local_titles(window) == [] and answers.summaries == []


def test_a_long_preview_lists_its_first_rows_and_says_so(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A preview of 100k resources lists the first LISTED_ROWS (2,000); here 1 of the two.
    monkeypatch.setattr(partner_import, "LISTED_ROWS", 1)
    answers = Answers(monkeypatch, accept=False, undo=False)
    assert partner_import.import_directory(window, PAGE) is None
    [dialog] = answers.previews
    preview = preview_partner(PAGE, window.catalog, window.user)
    assert len(preview.added) == 2
    assert _cells(dialog, "resources") == [
        [action, slug, title] for action, title, slug in preview.rows()[:1]
    ]
    assert preview.rows(1) == preview.rows()[:1]
    assert f"{len(preview.added)} would be added" in dialog.heading.text()
    assert "Each list shows its first 1." in dialog.heading.text()
    assert _local_titles(window) == []
