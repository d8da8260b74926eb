"""The sheet panel, driven as a caseworker would: add, reorder by keyboard, remove, set
options and the agency header, save a PDF and read it back, keep named sheets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from csec_desktop.catalog.display import sheets
from csec_desktop.catalog.storage import reader, store
from csec_desktop.catalog.user import userstore
from csec_desktop.ui.qt import Qt
from csec_desktop.ui.sheet_panel import EMPTY_SHEET
from sheet_helpers import pdf_pages, pdf_text

pytestmark = pytest.mark.gui

GEMS = "program/gems-2006"


@pytest.fixture
def user(data_dir: Path) -> Engine:
    return store.open_user_db(data_dir)


@pytest.fixture
def panel(qtbot: Any, catalog_engine: Engine, user: Engine) -> Any:
    from csec_desktop.ui.sheet_panel import SheetPanel

    widget = SheetPanel(catalog_engine, user)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def three(catalog_engine: Engine) -> list[str]:
    return [*sheets.hotline_slugs(catalog_engine)[:2], GEMS]


def labels(panel: Any) -> list[str]:
    return [panel.list.item(row).text() for row in range(panel.list.count())]


def test_add_ignores_duplicates_and_counts(
    panel: Any, qtbot: Any, three: list[str], catalog_engine: Engine
) -> None:
    assert panel.objectName() == "sheetPanel"
    with qtbot.waitSignal(panel.countChanged, check_params_cb=lambda n: n == 3):
        assert panel.add_resources([*three, three[0]]) == 3
    assert panel.add_resources(three[:1]) == 0
    assert panel.slugs() == three
    assert labels(panel) == [reader.titles(catalog_engine, three)[s] for s in three]


def test_keyboard_reorders_and_delete_removes(panel: Any, qtbot: Any, three: list[str]) -> None:
    from csec_desktop.ui.qt import Qt

    panel.add_resources(three)
    panel.list.setCurrentRow(0)
    qtbot.keyClick(panel.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert panel.slugs() == [three[1], three[0], three[2]]
    assert panel.list.currentRow() == 1, "the moved resource stays selected"
    qtbot.keyClick(panel.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(panel.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert panel.slugs() == [three[1], three[2], three[0]], "stops at the end"
    qtbot.keyClick(panel.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert panel.slugs() == [three[1], three[0], three[2]]
    with qtbot.waitSignal(panel.countChanged, check_params_cb=lambda n: n == 2):
        qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert panel.slugs() == [three[1], three[2]]


def test_buttons_move_and_remove(panel: Any, three: list[str]) -> None:
    from csec_desktop.ui.qt import QPushButton

    panel.add_resources(three)
    panel.list.setCurrentRow(2)
    panel.findChild(QPushButton, "sheetUpButton").click()
    assert panel.slugs() == [three[0], three[2], three[1]]
    panel.findChild(QPushButton, "sheetRemoveButton").click()
    assert panel.slugs() == [three[0], three[1]]


def test_list_supports_drag_reordering(panel: Any, three: list[str], qtmodeltester: Any) -> None:
    from csec_desktop.ui.qt import QAbstractItemView, QModelIndex

    panel.add_resources(three)
    assert panel.list.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove
    # An internal drop moves rows in the model, which is what a drag does.
    assert panel.list.model().moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)
    assert panel.slugs() == [three[1], three[2], three[0]]
    qtmodeltester.check(panel.list.model())


def test_missing_resource_is_listed_as_missing(panel: Any) -> None:
    panel.add_resources([GEMS, "program/retired"])
    assert labels(panel)[1] == "⚠ Missing from the catalog: program/retired"
    missing = panel.list.item(1)
    assert missing.foreground().style() == Qt.BrushStyle.NoBrush  # the scheme's text colour


def test_save_pdf_and_read_it_back(
    panel: Any, three: list[str], tmp_path: Path, catalog_engine: Engine, qtbot: Any
) -> None:
    from csec_desktop.ui.qt import QLabel

    panel.add_resources(three)
    panel.title_edit.setText("Help tonight")
    panel.agency_name.setText("Harbor House")
    panel.language_combo.setCurrentIndex(panel.language_combo.findData("es"))
    target = tmp_path / "sheet.pdf"
    with qtbot.waitSignal(panel.pdfSaved, timeout=30_000) as saved:
        assert panel.save_pdf(target)
    assert saved.args == [str(target), len(pdf_pages(target.read_bytes()))]
    text = pdf_text(target.read_bytes())
    assert "Help tonight" in text and "Harbor House" in text
    assert "Información verificada" in text
    for slug in three:
        record = reader.get_record(catalog_engine, slug)
        assert record is not None and record.title in text
    status = panel.findChild(QLabel, "sheetStatus").text()
    pages = len(pdf_pages(target.read_bytes()))
    assert status.startswith(f"Saved {pages} page") and "sheet.pdf" in status


def test_save_pdf_failures_are_shown_and_leave_no_file(
    panel: Any, three: list[str], tmp_path: Path, qtbot: Any
) -> None:
    work = tmp_path / "out"
    work.mkdir()
    assert not panel.save_pdf(work / "empty.pdf")
    assert panel.status.text() == EMPTY_SHEET
    panel.add_resources(three)
    with qtbot.waitSignal(panel.pdfFailed, timeout=30_000) as failed:
        assert panel.save_pdf(work / "no-folder" / "sheet.pdf")
    sentence = "The PDF could not be saved: No such file or directory."
    assert failed.args == [sentence]
    assert panel.status.text() == sentence
    assert list(work.iterdir()) == []
    # A file where a folder should be: one sentence again, and the panel saves afterwards.
    (work / "a-file").write_text("")
    with qtbot.waitSignal(panel.pdfFailed, timeout=30_000) as failed:
        assert panel.save_pdf(work / "a-file" / "sheet.pdf")
    assert failed.args == ["The PDF could not be saved: Not a directory."]
    assert panel.save_pdf_button.isEnabled() and panel.pdf_progress.isHidden()


def test_saving_a_long_sheet_leaves_the_window_responsive(
    panel: Any, qtbot: Any, catalog_engine: Engine, tmp_path: Path, monkeypatch: Any
) -> None:
    """The PDF is written on a worker thread, with progress: the window's own event loop
    must run while the file is being written, or the save never starts writing."""
    import threading

    from csec_desktop.render import jobs, sheet
    from csec_desktop.ui.qt import QTimer

    released = threading.Event()
    workers: list[threading.Thread] = []
    real_save = sheet.save_pdf

    def save_once_the_window_answers(sheet: Any, path: Path, progress: Any = None) -> int:
        workers.append(threading.current_thread())
        if not released.wait(20):  # set by a timer of the GUI thread, below
            raise OSError("the window never answered")
        return real_save(sheet, path, progress)

    monkeypatch.setattr(jobs, "save_pdf", save_once_the_window_answers)
    slugs = [record.id for record in reader.iter_records(catalog_engine)]
    panel.add_resources(slugs)
    panel.layout_combo.setCurrentIndex(panel.layout_combo.findData("detailed"))
    panel.large_check.setChecked(True)
    target = tmp_path / "long.pdf"
    with qtbot.waitSignal(panel.pdfSaved, timeout=60_000) as saved:
        assert panel.save_pdf(target)
        assert panel.pdf_job is not None
        reports: list[tuple[int, int]] = []
        panel.pdf_job.progress.connect(lambda done, pages: reports.append((done, pages)))
        assert not panel.pdf_progress.isHidden() and not panel.save_pdf_button.isEnabled()
        assert not panel.save_pdf(tmp_path / "second.pdf")  # one save at a time
        assert panel.status.text() == "A PDF is still being saved; wait for it to finish."
        QTimer.singleShot(0, released.set)  # runs only while the window's loop runs
    pages = len(pdf_pages(target.read_bytes()))
    assert workers and workers[0] is not threading.main_thread()
    assert saved.args == [str(target), pages] and pages > 3
    assert reports == [(done, pages) for done in range(1, pages + 1)]
    assert panel.status.text() == f"Saved {pages} pages to long.pdf."
    assert panel.pdf_progress.isHidden() and panel.save_pdf_button.isEnabled()
    assert not (tmp_path / "second.pdf").exists()


def test_closing_the_panel_while_saving_still_writes_the_file(
    qtbot: Any,
    catalog_engine: Engine,
    user: Engine,
    three: list[str],
    tmp_path: Path,
    monkeypatch: Any,
) -> None:
    """The window may close while a PDF is written: the file is finished, and nothing
    reaches the panel that is gone (a late call into it would raise)."""
    import threading

    from csec_desktop.render import jobs, sheet
    from csec_desktop.ui.qt import QApplication, QEvent
    from csec_desktop.ui.sheet_panel import SheetPanel

    released = threading.Event()
    real_save = sheet.save_pdf

    def save_when_released(document: Any, path: Path, progress: Any = None) -> int:
        released.wait(20)
        return real_save(document, path, progress)

    monkeypatch.setattr(jobs, "save_pdf", save_when_released)
    panel = SheetPanel(catalog_engine, user)
    panel.add_resources(three)
    target = tmp_path / "late.pdf"
    assert panel.save_pdf(target)
    job = panel.pdf_job
    assert job is not None
    panel.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    with qtbot.waitSignal(job.finished, timeout=30_000):
        released.set()
    qtbot.wait(50)  # the queued calls that would have reached the panel
    assert target.read_bytes().startswith(b"%PDF")


def test_an_empty_sheet_offers_no_output_and_says_why(
    panel: Any, qtbot: Any, three: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from csec_desktop.ui.qt import QFileDialog, QPushButton

    buttons = [
        panel.findChild(QPushButton, name)
        for name in ("sheetPreviewButton", "sheetPrintButton", "sheetSavePdfButton")
    ]
    assert all(not b.isEnabled() and b.toolTip() == EMPTY_SHEET for b in buttons)
    assert panel.status.text() == EMPTY_SHEET, "the reason is on show, not only in a tip"
    asked: list[object] = []

    def ask(*args: object) -> tuple[str, str]:
        asked.append(args)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    with qtbot.waitSignal(panel.said) as said:
        panel.ask_save_pdf()  # the window's menu action, should it be reached
    assert said.args == [EMPTY_SHEET] and asked == []
    panel.add_resources(three[:1])
    assert all(b.isEnabled() and b.toolTip() != EMPTY_SHEET for b in buttons)
    assert panel.status.text() == ""
    panel.clear()
    assert not any(b.isEnabled() for b in buttons)


def test_absurd_title_is_cut_at_the_limit(panel: Any) -> None:
    panel.title_edit.setText("T" * 10_000)
    assert len(panel.options().title) == sheets.MAX_TITLE
    panel.note_edit.setPlainText("N" * (sheets.MAX_NOTE + 1))
    panel.add_resources([GEMS])
    assert panel.document() is None
    assert panel.status.text() == "The note can be at most 2000 characters long."


def test_note_hint_and_agency_header_kept_in_settings(
    panel: Any, qtbot: Any, catalog_engine: Engine, user: Engine
) -> None:
    from csec_desktop.ui.qt import QLabel
    from csec_desktop.ui.sheet_panel import SheetPanel

    hint = panel.findChild(QLabel, "sheetNoteHint")
    assert "Do not enter client-identifying information" in hint.text()
    assert not hint.isHidden()
    panel.agency_name.setText("Harbor House")
    panel.agency_phone.setText("555-0100")
    panel.agency_phone.editingFinished.emit()
    stored = userstore.setting(user, sheets.AGENCY_SETTING)
    assert stored == {"name": "Harbor House", "phone": "555-0100", "address": ""}
    again = SheetPanel(catalog_engine, user)
    qtbot.addWidget(again)
    assert again.options().agency_name == "Harbor House"
    assert again.options().agency_phone == "555-0100"


def test_saved_sheets_save_open_delete(panel: Any, three: list[str]) -> None:
    panel.add_resources(three)
    panel.title_edit.setText("Miami")
    panel.large_check.setChecked(True)
    panel.paper_combo.setCurrentIndex(panel.paper_combo.findData("a4"))
    assert panel.save_as("Miami night")
    assert panel.saved_combo.currentText() == "Miami night"
    assert not panel.save_as("   ")
    assert panel.status.text() == "A saved sheet needs a name."

    panel.clear()
    panel.set_options(sheets.SheetOptions())
    assert panel.slugs() == [] and not panel.options().large_print
    assert panel.open_saved("Miami night")
    assert panel.slugs() == three
    options = panel.options()
    assert options.title == "Miami" and options.large_print and options.paper == "a4"
    assert not panel.open_saved("nothing by that name")

    assert panel.delete_saved("Miami night")
    assert panel.saved_combo.count() == 0


def test_the_working_sheet_is_kept_on_every_change(
    panel: Any, qtbot: Any, three: list[str], catalog_engine: Engine, user: Engine
) -> None:
    from csec_desktop.ui.qt import QModelIndex, Qt
    from csec_desktop.ui.sheet_panel import SheetPanel

    def kept() -> list[str]:
        return userstore.working_sheet(user).slugs

    panel.add_resources(three)
    assert kept() == three
    panel.list.setCurrentRow(0)
    qtbot.keyClick(panel.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert kept() == [three[1], three[0], three[2]]
    assert panel.list.model().moveRows(QModelIndex(), 2, 1, QModelIndex(), 0)  # a drag
    assert kept() == [three[2], three[1], three[0]]
    panel.list.setCurrentRow(0)
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert kept() == [three[1], three[0]]

    qtbot.keyClicks(panel.title_edit, "Help tonight")
    qtbot.keyClicks(panel.note_edit, "Open late")
    panel.large_check.click()
    panel.paper_combo.setCurrentIndex(panel.paper_combo.findData("a4"))
    qtbot.keyClicks(panel.agency_name, "Harbor House")
    options = userstore.working_sheet(user).options
    assert (options.title, options.note) == ("Help tonight", "Open late")
    assert options.large_print and options.paper == "a4"
    assert userstore.setting(user, sheets.AGENCY_SETTING)["name"] == "Harbor House"

    again = SheetPanel(catalog_engine, user)
    qtbot.addWidget(again)
    assert again.slugs() == [three[1], three[0]]
    assert again.options() == panel.options()

    assert again.save_as("Two")
    again.clear()
    assert kept() == []
    assert again.open_saved("Two")
    assert kept() == [three[1], three[0]]
