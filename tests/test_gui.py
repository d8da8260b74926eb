"""The main window, driven offscreen with pytest-qt."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest

from csec_desktop.catalog.display.presentation import Field, Section
from csec_desktop.catalog.storage import failures, reader
from csec_desktop.catalog.user import userstore
from csec_desktop.ui import details_controller
from csec_desktop.ui.detail_html import detail_html
from csec_desktop.ui.details_controller import NOTE_HINT
from csec_desktop.ui.main_window import PLACEHOLDER, MainWindow
from csec_desktop.ui.qt import (
    QCheckBox,
    QDockWidget,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QModelIndex,
    QPlainTextEdit,
    Qt,
    QTextBrowser,
    QUrl,
    QWidget,
)
from csec_desktop.ui.results import HIT_ROLE, ResultDelegate
from csec_desktop.ui.sheet_panel import SheetPanel
from gui_helpers import (
    GEMS,
    child,
    open_window,
    resources_in_catalog,
    script_message_boxes,
    search,
    settle,
)
from storage_helpers import refuse_writes

pytestmark = pytest.mark.gui


def _slugs(window: MainWindow) -> list[str]:
    model = window.results_model
    return [model.data(model.index(row, 0), HIT_ROLE).slug for row in range(model.rowCount())]


def test_widgets_carry_the_names_tests_use(window: MainWindow) -> None:
    edit = child(window, QLineEdit, "searchEdit")
    assert edit is not None
    assert edit.placeholderText() == PLACEHOLDER
    assert child(window, QListView, "resultsView") is not None
    assert child(window, QTextBrowser, "detailView") is not None
    assert child(window, QWidget, "facetPanel") is not None
    assert child(window, QDockWidget, "hotlinePanel") is not None
    assert window.note_edit.placeholderText() == NOTE_HINT
    assert child(window, QListView, "resultsView").uniformItemSizes()
    assert window.status_label.text().endswith("· all data local")
    total = resources_in_catalog(window)
    assert window.status_label.text().startswith(f"{total} resources · catalog ")
    assert window.count_label.text().startswith(f"{total} results")


def test_typing_finds_gems_and_shows_its_details(qtbot: Any, window: MainWindow) -> None:
    edit = child(window, QLineEdit, "searchEdit")
    qtbot.keyClicks(edit, "gems")
    qtbot.waitUntil(lambda: GEMS in _slugs(window), timeout=3000)
    view = child(window, QListView, "resultsView")
    row = _slugs(window).index(GEMS)
    view.setCurrentIndex(window.results_model.index(row, 0))
    text = child(window, QTextBrowser, "detailView").toPlainText()
    assert "Girls Education and Mentoring Services, Inc. (GEMS)" in text
    assert "$600,000" in text
    assert "Dec 2006–Mar 2009" in text


def test_escape_clears_the_search(qtbot: Any, window: MainWindow) -> None:
    edit = child(window, QLineEdit, "searchEdit")
    qtbot.keyClicks(edit, "hotline")
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert edit.text() == ""


def test_misspelling_offers_or_applies_a_correction(qtbot: Any, window: MainWindow) -> None:
    search(qtbot, window, "trafficing")
    assert window.results_model.total > 0
    assert not window.suggestion_label.isHidden()
    assert "trafficking" in window.suggestion_label.text()


def test_facet_narrows_the_results(qtbot: Any, window: MainWindow) -> None:
    panel = child(window, QWidget, "facetPanel")
    boxes = {
        (box.property("facet"), box.property("code")): box for box in panel.findChildren(QCheckBox)
    }
    box = boxes["kind", "hotline"]
    box.setChecked(True)
    hotlines = resources_in_catalog(window, "hotline")
    qtbot.waitUntil(lambda: window.results_model.total == hotlines, timeout=3000)
    model = window.results_model
    kinds = {model.data(model.index(row, 0), HIT_ROLE).kind for row in range(model.rowCount())}
    assert kinds == {"hotline"}

    # the other facets now count hotlines only; the checked value stays checked (the boxes
    # the counts replaced are deleted on a later pass of the event loop)
    def checked() -> list[tuple[str, str]]:
        boxes = panel.findChildren(QCheckBox)
        return [(b.property("facet"), b.property("code")) for b in boxes if b.isChecked()]

    qtbot.waitUntil(lambda: checked() == [("kind", "hotline")], timeout=3000)
    window.facet_panel.clear()
    total = resources_in_catalog(window)
    qtbot.waitUntil(lambda: window.results_model.total == total, timeout=3000)


def test_favorite_and_note_survive_a_new_window(qtbot: Any, data_dir: Path) -> None:
    first = open_window(qtbot, data_dir)
    assert first.show_resource(GEMS)
    assert not first.favorite_button.isChecked()
    first.favorite_button.click()
    assert first.favorite_button.text().startswith("★")
    first.note_edit.setPlainText("Call the intake line first.")
    first.details.save_note()
    first.close()

    second = open_window(qtbot, data_dir)
    assert second.show_resource(GEMS)
    assert second.favorite_button.isChecked()
    assert second.favorite_button.text().startswith("★")
    assert second.note_edit.toPlainText() == "Call the intake line first."
    assert userstore.favorites(second.user) == [GEMS]
    assert isinstance(userstore.setting(second.user, "window.geometry"), str)


@pytest.mark.parametrize("query", ['"', "NEAR(", "\x00", "a" * 3000, "-", "kind:", "*^:()"])
def test_hostile_queries_do_not_crash(qtbot: Any, window: MainWindow, query: str) -> None:
    window.search_edit.setText(query)
    settle(qtbot, window)
    status = window.count_label.text()
    assert re.match(r"(No results|[\d,]+ results?)\b", status), status
    assert window.results_model.rowCount() <= window.results_model.total


def test_hostile_keystrokes(qtbot: Any, window: MainWindow) -> None:
    search(qtbot, window, 'NEAR( "x OR -')
    assert window.count_label.text()


def test_results_model_passes_the_model_tester(
    qtbot: Any, qtmodeltester: Any, window: MainWindow
) -> None:
    qtmodeltester.check(window.results_model)
    search(qtbot, window, "training")
    qtmodeltester.check(window.results_model)


def test_results_are_fetched_lazily(window: MainWindow) -> None:
    model = window.results_model
    engine = window.search_engine
    result = engine.search("", None, "title", 3)
    model.set_result(result.ids, result.query, result.hits)
    assert model.rowCount() == 3
    assert model.canFetchMore(model.index(-1, 0))
    model.fetchMore(model.index(-1, 0))
    assert model.rowCount() == resources_in_catalog(window)
    assert not model.canFetchMore(model.index(-1, 0))


def test_related_links_navigate_and_others_stay_closed(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    class FakeServices:
        @staticmethod
        def openUrl(url: QUrl) -> bool:
            opened.append(url.toString())
            return True

    monkeypatch.setattr(details_controller, "QDesktopServices", FakeServices)
    window.show_resource(GEMS)
    window.details.open_link(QUrl("resource:organization/gems"))
    assert window.current_slug == "organization/gems"
    window.details.open_link(QUrl("javascript:alert(1)"))
    window.details.open_link(QUrl("file:///etc/passwd"))
    assert opened == []
    window.details.open_link(QUrl("tel:18003733966"))
    window.details.open_link(QUrl("https://example.org/"))
    assert opened == ["tel:18003733966", "https://example.org/"]


def test_hotline_dock_lists_numbers_and_toggles(window: MainWindow) -> None:
    dock = child(window, QDockWidget, "hotlinePanel")
    assert dock.isHidden()
    assert window.hotlines_action.shortcut().toString() == "F2"
    window.hotlines_action.trigger()
    assert not dock.isHidden()
    assert len(window.hotline_panel.numbers) >= 6
    assert "988" in window.hotline_panel.numbers


def test_detail_rendering_escapes_catalog_text(qtbot: Any) -> None:
    sections = [
        Section(
            "About",
            [
                Field("Note", "<script>alert(1)</script>"),
                Field("Site", "x", link="javascript:alert(1)"),
                Field("Web", "<b>w</b>", link='https://example.org/"><b>'),
            ],
        ),
        Section("Summary", text="<b>not bold</b> & more"),
    ]
    markup = detail_html("Title <i>x</i>", "", sections)
    assert "<script>" not in markup
    assert "<b>" not in markup
    assert "javascript:" not in markup
    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.setHtml(markup)
    text = browser.toPlainText()
    assert "<script>alert(1)</script>" in text
    assert "<b>not bold</b> & more" in text
    assert "Title <i>x</i>" in text


def test_down_arrow_moves_into_the_results(qtbot: Any, window: MainWindow) -> None:
    window.results_view.clearSelection()
    window.results_view.setCurrentIndex(window.results_model.index(-1, 0))
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Down)
    assert window.results_view.currentIndex().row() == 0
    assert window.current_slug == _slugs(window)[0]


def test_window_paints_its_results(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    painted: list[int] = []
    paint = ResultDelegate.paint

    def counting(self: ResultDelegate, painter: Any, option: Any, index: Any) -> None:
        painted.append(index.row())
        paint(self, painter, option, index)

    monkeypatch.setattr(ResultDelegate, "paint", counting)
    search(qtbot, window, "mentoring")
    window.resize(1200, 800)
    image = window.grab().toImage()
    assert not image.isNull()
    assert image.width() >= 1200
    assert set(painted) == set(range(window.results_model.rowCount()))


def test_damaged_user_data_offers_the_newest_backup(
    qtbot: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csec_desktop.ui import qt

    first = open_window(qtbot, data_dir)
    first.show_resource(GEMS)
    first.favorite_button.click()
    first.close()
    open_window(qtbot, data_dir).close()  # a second start takes the first backup
    (data_dir / "user.sqlite").write_bytes(b"not a database" * 100)
    for sidecar in ("user.sqlite-wal", "user.sqlite-shm"):
        (data_dir / sidecar).unlink(missing_ok=True)
    asked = script_message_boxes(monkeypatch, [qt.QMessageBox.StandardButton.Yes])
    restored = open_window(qtbot, data_dir)
    assert len(asked) == 1
    assert "Restore that backup now?" in asked[0]
    assert userstore.favorites(restored.user) == [GEMS]


def test_no_results_says_so(qtbot: Any, window: MainWindow) -> None:
    search(qtbot, window, "zzqxv wwkjh")
    assert window.results_model.rowCount() == 0
    assert window.count_label.text().startswith("No results")


def test_only_stale_facts_carry_the_warning(window: MainWindow) -> None:
    # Catalog text that merely mentions "older than" is not a warning; a stale date is.
    plain = Field("Summary", "Serves youth older than 12 months of age.")
    stale = Field("Information verified", "2008 — older than 12 months", warning=True)
    assert "⚠" not in detail_html("T", "", [Section("About", [plain])])
    assert "⚠" in detail_html("T", "", [Section("Source", [stale])])

    window.show_resource(GEMS)
    text = window.detail_view.toPlainText()
    assert "⚠" in text and "older than" in text


def test_a_slow_search_never_overwrites_a_newer_one(qtbot: Any, window: MainWindow) -> None:
    """The first query's search is held back until the second query was typed."""
    release = threading.Event()
    engine = window.search_engine
    plain_search = engine.search

    def held_search(query: str, *args: Any, **kwargs: Any) -> Any:
        if query == "mentoring":
            release.wait(5)
        return plain_search(query, *args, **kwargs)

    engine.search = held_search  # type: ignore[method-assign]
    window.search_edit.setText("mentoring")
    qtbot.waitUntil(
        lambda: not window.search_runner.idle() and not window.search.debounce.isActive()
    )
    window.search_edit.setText("kind:hotline")  # typed while "mentoring" is searched
    window.run_search()
    release.set()
    settle(qtbot, window)
    model = window.results_model
    shown = [model.hit(row).slug for row in range(model.rowCount())]  # type: ignore[union-attr]
    assert shown, "the newer query's results are shown"
    assert all(slug.startswith("hotline/") for slug in shown), shown


def test_closing_while_a_search_waits_for_the_worker_raises_nothing(
    qtbot: Any, window: MainWindow
) -> None:
    """A search the worker has not begun when the window closes is cancelled, silently
    (its cancellation is told on the closing thread, while the runner is closing)."""
    runner = window.search_runner
    release = threading.Event()
    assert runner._executor is not None
    runner._executor.submit(release.wait, 10)  # the worker is busy: the next search waits
    window.search_edit.setText("mentoring")
    window.run_search()
    waiting = runner._running
    assert waiting is not None and not waiting.running()
    waiting.add_done_callback(lambda _future: release.set())  # frees the worker on cancel
    told: list[object] = []
    runner.finished.connect(told.append)
    window.close()
    assert waiting.cancelled() and told == []


def test_new_local_resource_from_the_file_menu_is_found_and_editable(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csec_desktop.ui.local_resource_dialog import LocalResourceDialog

    def fill_and_accept(dialog: LocalResourceDialog) -> int:
        title = child(dialog, QLineEdit, "titleEdit")
        qtbot.keyClicks(title, "Riverside Youth Drop-In Center")
        child(dialog, QPlainTextEdit, "summaryEdit").setPlainText(
            "Drop-in meals, showers and case management for young people."
        )
        dialog.accept()
        return 1

    def shown_count() -> int:
        return int(window.status_label.text().split()[0].replace(",", ""))

    before = int(reader.catalog_meta(window.catalog)["resource_count"])
    assert shown_count() == before
    monkeypatch.setattr(LocalResourceDialog, "exec", fill_and_accept)
    assert window.new_local_action.shortcut().matches(QKeySequence.StandardKey.New.value)
    window.new_local_action.trigger()
    assert shown_count() == before + 1, "the status bar counts the new resource at once"
    slug = window.current_slug
    assert slug is not None and slug.startswith("local/")
    assert "Riverside Youth Drop-In Center" in window.detail_view.toPlainText()
    assert window.edit_local_action.isEnabled() and window.delete_local_action.isEnabled()
    search(qtbot, window, "riverside drop")
    assert window.results_model.hit(0).slug == slug  # type: ignore[union-attr]

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    window.delete_local_action.trigger()
    settle(qtbot, window)
    assert slug not in _slugs(window) and window.current_slug != slug
    assert not window.edit_local_action.isEnabled()
    assert shown_count() == before


def test_results_go_onto_the_sheet_and_print_to_pdf(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    search(qtbot, window, "kind:hotline")
    view = child(window, QListView, "resultsView")
    model = window.results_model
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    chosen = [model.hit(row).slug for row in (0, 1)]  # type: ignore[union-attr]
    assert window.sheet.selected_slugs() == chosen
    window.add_to_sheet_action.trigger()
    panel = child(window, SheetPanel, "sheetPanel")
    assert panel.slugs() == chosen
    assert window.sheet_button.text() == "▤ Sheet (2)"
    assert not window.sheet_dock.isHidden()

    assert window.show_resource(GEMS)
    view.clearSelection()
    window.add_to_sheet_button.click()
    window.add_to_sheet_action.trigger()  # the resource shown, already on the sheet
    assert panel.slugs() == [*chosen, GEMS]

    target = tmp_path / "sheet.pdf"
    with qtbot.waitSignal(panel.pdfSaved, timeout=30_000):
        assert panel.save_pdf(target)
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    for slug in panel.slugs():
        record = reader.get_record(window.catalog, slug)
        assert record is not None
        assert " ".join(record.title.split()[:3]) in " ".join(text.split())


def test_nothing_found_shows_search_tips_then_results_again(qtbot: Any, window: MainWindow) -> None:
    search(qtbot, window, "zzqxv blorfendix")
    assert window.count_label.text() == "No results"
    assert window.results_view.isHidden() and not window.empty_state.isHidden()
    assert "kind:hotline" in window.empty_state.text()
    search(qtbot, window, "mentoring")
    assert not window.results_view.isHidden() and window.empty_state.isHidden()
    assert window.results_model.rowCount() > 0


def test_user_data_that_cannot_be_written_is_one_message_and_no_crash(
    qtbot: Any, window: MainWindow
) -> None:
    """user.sqlite turned read-only under the window (as a full disk or a lock would)."""
    assert window.show_resource(GEMS)
    refuse_writes(window.user)
    window.favorite_button.click()
    assert not window.favorite_button.isChecked(), "the star shows what is stored"
    assert window.statusBar().currentMessage() == str(failures.read_only_data())
    assert userstore.favorites(window.user) == []


def test_first_rows_come_first_then_the_rest_as_the_list_scrolls(
    qtbot: Any, window: MainWindow
) -> None:
    from csec_desktop.ui.results import FIRST_PAGE
    from csec_desktop.ui.search_runner import SearchOutcome

    pages: list[SearchOutcome] = []
    window.search_runner.page.connect(pages.append)
    search(qtbot, window, "a")  # the start of many words: more results than one page
    model = window.results_model
    assert pages and not pages[-1].counted
    assert len(pages[-1].result.hits) == FIRST_PAGE  # type: ignore[union-attr]
    total = window.search.last_result.total  # type: ignore[union-attr]
    assert total > FIRST_PAGE
    assert model.rowCount() == FIRST_PAGE and model.total == total
    assert window.count_label.text().startswith(f"{total:,} results")
    first = model.hit(0).slug  # type: ignore[union-attr]
    assert window.current_slug == first, "the first row stayed selected through the count"
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == total


def test_a_request_in_plain_words_is_explained(qtbot: Any, window: MainWindow) -> None:
    search(qtbot, window, "help for runaway wheelchair hotline number ")
    notice = child(window, QLabel, "searchNotice")
    assert window.results_model.total > 0 and not notice.isHidden()
    said = notice.text()
    assert said.startswith("No resource matches all of <i>runaway wheelchair</i> — showing")
    assert "match <i>runaway</i>." in said and said.endswith("Hotlines first.")
    assert _slugs(window)[0] == "hotline/national-runaway-safeline"
    # the filters count what is shown, relaxed: every kind's count adds up to the total
    kinds = [box for box in window.facet_panel.check_boxes() if box.property("facet") == "kind"]
    counts = [int(box.property("count")) for box in kinds]
    assert sum(counts) == window.results_model.total


def test_filler_alone_asks_for_a_word_and_nothing_found_clears_the_details(
    qtbot: Any, window: MainWindow
) -> None:
    search(qtbot, window, "gems ")
    qtbot.waitUntil(lambda: window.current_slug is not None, timeout=3000)
    search(qtbot, window, "help for ")
    empty = child(window, QLabel, "emptyState")
    assert not empty.isHidden() and "Type a word that describes the help you need" in empty.text()
    assert window.current_slug is None
    assert "Choose a result" in window.detail_view.toPlainText()
    search(qtbot, window, "zzqxj ")
    assert window.count_label.text() == "No results" and window.current_slug is None


def test_sheet_output_is_offered_only_with_resources_and_told_in_the_status_bar(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csec_desktop import paths
    from csec_desktop.ui.qt import QFileDialog
    from csec_desktop.ui.sheet_panel import EMPTY_SHEET
    from sheet_helpers import pdf_pages

    outputs = (window.print_sheet_action, window.preview_sheet_action, window.pdf_sheet_action)
    assert window.sheet_panel.slugs() == []
    assert all(not a.isEnabled() and a.statusTip() == EMPTY_SHEET for a in outputs)

    documents = paths.documents_dir()
    assert window.sheet_panel.pdf_folder == documents
    elsewhere = tmp_path / "handouts"
    elsewhere.mkdir()
    offered: list[str] = []

    def choose(_parent: object, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        offered.append(suggested)
        return str(elsewhere / "tonight"), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    window.show_resource(GEMS)
    window.add_to_sheet_action.trigger()
    window.sheet_dock.hide()
    assert all(a.isEnabled() for a in outputs)
    with qtbot.waitSignal(window.sheet_panel.pdfSaved, timeout=30000):
        window.pdf_sheet_action.trigger()
    assert Path(offered[0]).parent == documents
    assert (elsewhere / "tonight.pdf").is_file()
    pages = len(pdf_pages((elsewhere / "tonight.pdf").read_bytes()))
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Saved {pages} page"), message
    assert "tonight.pdf" in message, "seen with the sheet panel hidden"
    with qtbot.waitSignal(window.sheet_panel.pdfSaved, timeout=30000):
        window.pdf_sheet_action.trigger()
    assert Path(offered[1]).parent == elsewhere, "the folder last used is offered next"
