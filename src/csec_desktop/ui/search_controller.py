"""The search in the window: the query, filters, client's place and sort order go to the
search runner; its answer comes back as the results list, the count, the facet counts, the
filter chips, a spelling suggestion and what the search understood.

Changes made in one pass of the event loop run one search (DEBOUNCE_MS is 0: the runner
coalesces keystrokes); the search and its facet counts run on a worker thread
(ui/search_runner.py), so a slow search on a large catalog never freezes typing. Each run
carries a generation number, so a result that arrives after a newer query was typed is
dropped. The first search, while the window is built, runs at once (:meth:`run_now`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Protocol

from csec_desktop import paths
from csec_desktop.catalog.content.client_needs import INTERPRETERS
from csec_desktop.catalog.first_frame import FirstFrame
from csec_desktop.lazy import lazy_module
from csec_desktop.ui.client_panel import ClientPanel
from csec_desktop.ui.details_controller import DetailsController
from csec_desktop.ui.flow_layout import FlowLabel, FlowLayout
from csec_desktop.ui.panels import FACET_TITLES, FacetPanel, facet_title
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QComboBox,
    QEvent,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QObject,
    Qt,
    QTimer,
    QToolButton,
    QWidget,
    Signal,
)
from csec_desktop.ui.results import FIRST_PAGE, ResultsModel
from csec_desktop.ui.search_notices import notice_html, type_a_word
from csec_desktop.ui.sentences import say
from csec_desktop.ui.window_host import WindowHost

if TYPE_CHECKING:
    from csec_desktop.catalog.desk import Desk
    from csec_desktop.catalog.search import SearchEngine, SearchResult
    from csec_desktop.ui import search_runner
    from csec_desktop.ui.search_runner import SearchOutcome, SearchRequest, SearchRunner
else:
    # These pull in numpy, which loads behind the first frame (csec_desktop.lazy).
    search_runner = lazy_module("csec_desktop.ui.search_runner")

# Changes made in one pass of the event loop (a saved search restoring query, filters and
# sort) run one search; keystrokes need no longer wait, as the runner coalesces them.
DEBOUNCE_MS = 0
# What the results pane shows when nothing matches (fixed text, no catalog data).
EMPTY_STATE = QT_TRANSLATE_NOOP(
    "SearchController",
    "<p><b>Nothing matches.</b> Try fewer or other words, check the spelling, or clear "
    "the filters.</p>"
    "<p>Search tips:</p><ul>"
    "<li><code>mentoring new york</code>: resources with every word first, those in "
    "New York before others</li>"
    '<li><code>"safe harbor"</code>: the exact phrase</li>'
    "<li><code>shelter -adult</code>: leave out a word</li>"
    "<li><code>runaway OR homeless</code>: either word</li>"
    "<li><code>kind:hotline</code>, <code>state:NY</code>, <code>year:2010-2014</code>, "
    "<code>org:gems</code>, <code>topic:mentoring</code>: filters</li>"
    "<li><code>traff</code>: the last word may be the start of a word</li></ul>",
)
# Sort orders offered, as (engine name, label).
SORT_CHOICES = (
    ("relevance", QT_TRANSLATE_NOOP("SearchController", "Relevance")),
    ("title", QT_TRANSLATE_NOOP("SearchController", "Title")),
    ("date", QT_TRANSLATE_NOOP("SearchController", "Date")),
    ("verified", QT_TRANSLATE_NOOP("SearchController", "Last verified")),
)
# The count line's "sorted by …" for each sort order.
SORTED_BY = {
    "relevance": QT_TRANSLATE_NOOP("SearchController", " · sorted by relevance"),
    "title": QT_TRANSLATE_NOOP("SearchController", " · sorted by title"),
    "date": QT_TRANSLATE_NOOP("SearchController", " · sorted by date"),
    "verified": QT_TRANSLATE_NOOP("SearchController", " · sorted by last verified"),
}


class SearchHost(WindowHost, Protocol):
    """What the search needs of the window (the main window is one)."""

    # True once the window has closed.
    closed: bool
    # True once the window has its search engine.
    searchable: bool
    desk: Desk
    # Labels of the vocabulary's values in the window's language.
    value_labels: dict[tuple[str, str], str]
    # The window's language ("en", "es").
    language: str
    search_edit: QLineEdit
    facet_panel: FacetPanel
    client_panel: ClientPanel
    sort_combo: QComboBox
    count_label: FlowLabel
    suggestion_label: QLabel
    notice_label: QLabel
    chip_bar: QWidget
    chip_layout: FlowLayout
    empty_state: QLabel
    results_model: ResultsModel
    results_view: QListView


class SearchController(QObject):
    """Runs the search the window's fields describe and shows what it found."""

    # The search met damage in the catalog and had it rebuilt: read the catalog anew.
    catalog_repaired = Signal()

    engine: SearchEngine
    runner: SearchRunner

    def __init__(self, window: SearchHost, details: DetailsController) -> None:
        super().__init__(window.window())
        self._window = window
        self._details = details
        self.search_edit = window.search_edit
        self.facet_panel = window.facet_panel
        self.client_panel = window.client_panel
        self.sort_combo = window.sort_combo
        self.results_model = window.results_model
        self.results_view = window.results_view
        # The newest search asked for; an answer to an older one is dropped.
        self._generation = 0
        # The latest search's answer (its first page, then the whole of it).
        self.last_result: SearchResult | None = None
        # True from a search's first rows going into the list until the list paints them.
        self.awaiting_paint = False
        # True while the Sort box shows "Title" for a chosen "Relevance": with no words
        # to rank by, relevance lists by title, and the box says what the list shows.
        self._sort_by_title_for_now = False
        self.chips: list[QToolButton] = []
        # Gathers the changes of one pass of the event loop into one search.
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.run_search)

        window.empty_state.setText(self.tr(EMPTY_STATE))
        window.suggestion_label.linkActivated.connect(self._take_suggestion)
        self.sort_combo.currentIndexChanged.connect(self._sort_chosen)
        for code, label in SORT_CHOICES:
            self.sort_combo.addItem(self.tr(label), code)
        self.search_edit.textChanged.connect(self.schedule)
        self.facet_panel.changed.connect(self.schedule)
        self.client_panel.changed.connect(self.schedule)
        self.sort_combo.currentIndexChanged.connect(self.schedule)
        self.search_edit.returnPressed.connect(self.run_search)
        self.search_edit.installEventFilter(self)
        # Asked of every paint of the list: the first rows of a search painted.
        self._viewport = self.results_view.viewport()
        self._viewport.installEventFilter(self)

    def attach(self, engine: SearchEngine) -> SearchRunner:
        """Search ``engine`` from now on, on a worker thread; return that worker."""
        self.engine = engine
        self.runner = search_runner.SearchRunner(engine, self)
        self.runner.page.connect(self._show_page)
        self.runner.finished.connect(self._show_outcome)
        self.results_model.engine = engine
        self.facet_panel.set_year_bounds(*engine.year_span())
        self.label_client_needs(engine)
        return self.runner

    def label_client_needs(self, engine: SearchEngine) -> None:
        """The client's languages and facts by their labels in the window's language."""
        labels = engine.facet_index.labels_in(self._window.language)
        self.client_panel.set_languages(
            [
                (code, label)
                for (facet, code), label in labels.items()
                if facet == "language" and code != INTERPRETERS
            ]
        )
        self.client_panel.set_fact_labels(
            {code: label for (facet, code), label in labels.items() if facet == "fact"}
        )

    def show_first_frame(self, frame: FirstFrame) -> None:
        """Show the first page of the whole catalog read before the search engine was
        open, unless a restored search is waiting for it (attach runs it)."""
        if (
            self.search_edit.text().strip()
            or self.facet_panel.selection()
            or self.sort() != ("relevance")
        ):
            self._window.count_label.setText(self.tr("Searching…"))  # attach runs it
            return
        self._show_sort("")
        self.results_model.set_result([hit.id for hit in frame.hits], None, frame.hits)
        self._show_count(frame.total, "", "relevance")
        self._details.select_after_search(("", ()))  # its details follow in attach

    # ------------------------------------------------------------------ running

    def schedule(self, *_args: object) -> None:
        """Search once this pass of the event loop is over (after other changes in it)."""
        self._generation += 1
        self.debounce.start()

    def _request(self) -> SearchRequest:
        self._show_sort(self.search_edit.text())
        return search_runner.SearchRequest(
            self._generation,
            self.search_edit.text(),
            self.facet_panel.selection(),
            self.sort(),
            FIRST_PAGE,
            self.client_panel.near(),
            self.client_panel.needs(),
        )

    def run_search(self) -> None:
        """Search for the field's text with the checked filters; results arrive shortly."""
        if self._window.closed or not self._window.searchable:
            return  # attach_search searches for what was typed meanwhile
        self.debounce.stop()
        self.runner.submit(self._request())

    def search_again(self) -> None:
        """Search anew for what the fields say (the catalog changed under them)."""
        self._generation += 1
        self.run_search()

    def run_now(self) -> None:
        """Search on this thread and show all of it at once (the window being made whole;
        the details of the first result follow once it has painted)."""
        self.debounce.stop()
        self._show_outcome(search_runner.run_request(self.engine, self._request(), self._show_page))

    def idle(self) -> bool:
        """True when no search is waiting to run or running."""
        return not self.debounce.isActive() and self.runner.idle()

    def close(self) -> None:
        """Run no more searches (the window closes)."""
        self.debounce.stop()
        if self._window.searchable:
            self.runner.close()
            self.results_model.clear()

    def _current(self, outcome: SearchOutcome) -> bool:
        """True when ``outcome`` answers the query as it stands (not an older one)."""
        return not self._window.closed and outcome.request.generation == self._generation

    # ------------------------------------------------------------------ showing

    def _show_page(self, outcome: SearchOutcome) -> None:
        """The first step of a search: its first rows, shown and selected at once."""
        window = self._window
        result = outcome.result
        if not self._current(outcome) or result is None:
            self.runner.page_painted()  # nothing of it is shown: count (or drop) it
            return
        self.last_result = result
        self.results_model.set_result(
            [hit.id for hit in result.hits],
            result.query,
            result.hits,
            partial(result.fit, language=self._window.language),
        )
        if result.hits:  # an empty page may still be a large result being counted
            self.results_view.setVisible(True)
            window.empty_state.setVisible(False)
        self._show_suggestion(result)
        self._show_notices(result)
        request = outcome.request
        self._details.select_after_search((request.query.strip(), _filter_key(request.filters)))
        if result.hits and self.results_view.isVisible():
            self.awaiting_paint = True  # the list's next paint calls _page_painted
        else:  # nothing to paint, or no window on screen yet (being built, or in tests)
            QTimer.singleShot(0, self._page_painted)

    def _page_painted(self) -> None:
        """The first rows of a search are on screen: the worker may count the rest, and
        the first result's details follow (both compete with painting for the interpreter)."""
        self.awaiting_paint = False
        self.runner.page_painted()
        self._details.show_pending_detail()

    def _show_outcome(self, outcome: SearchOutcome) -> None:
        """The second step: every match (the list fetches more rows as it scrolls), the
        count, and the facet counts."""
        window = self._window
        request = outcome.request
        if not self._current(outcome):
            return  # a newer query was typed meanwhile
        if outcome.result is None:
            self.results_model.clear()
            window.count_label.setText(
                outcome.error or self.tr("The catalog could not be searched.")
            )
            told = (
                window.desk.repair_catalog(outcome.failure)
                if window.attached and outcome.failure is not None
                else None
            )
            if told is not None:  # damage only this search met: rebuilt, search again
                QMessageBox.information(window.window(), paths.APP_NAME, say(told))
                self.catalog_repaired.emit()
            return
        result = outcome.result
        self.last_result = result
        self.results_model.set_ids(result.ids)
        self._show_count(
            result.total, request.query, request.sort, nearest=request.near is not None
        )
        # Nothing found: search tips take the list's place, and no details stay beside them.
        self.results_view.setVisible(result.total > 0)
        window.empty_state.setVisible(result.total == 0)
        if result.total == 0:
            understood = result.understanding
            lead = type_a_word() if understood is not None and understood.only_filler else ""
            tips = self.tr(EMPTY_STATE)
            window.empty_state.setText(f"<p><b>{lead}</b></p>{tips}" if lead else tips)
            self._details.clear()
        self.facet_panel.set_facets(outcome.facets)
        self.client_panel.set_counts(outcome.client_counts)
        labels = {
            (facet, v.code): v.label for facet, values in outcome.facets.items() for v in values
        }
        labels.update(window.value_labels)
        self._show_chips(request.filters, labels)

    def _show_count(self, total: int, query: str, sort: str, *, nearest: bool = False) -> None:
        counted = self.tr("1 result") if total == 1 else self.tr("{count} results")
        order = "title" if sort == "relevance" and not query.strip() else sort
        sorted_by = self.tr(SORTED_BY[order]) if total > 1 else ""
        if nearest and total > 1:  # a search near the client's place lists by distance
            sorted_by = self.tr(" · nearest first")
        said = counted.format(count=f"{total:,}") + sorted_by if total else self.tr("No results")
        self._window.count_label.setText(said)
        # What a screen reader says of the search field: how many results it found.
        self.search_edit.setAccessibleDescription(said)

    def _show_chips(
        self, filters: Mapping[str, Sequence[str]], labels: dict[tuple[str, str], str]
    ) -> None:
        chip_layout = self._window.chip_layout
        for chip in self.chips:
            chip_layout.removeWidget(chip)
            chip.hide()
            chip.deleteLater()
        self.chips = []
        for facet, codes in filters.items():
            for code in codes:
                label = labels.get((facet, code)) or (
                    code.replace("-", "–") if facet == "year" else code
                )
                chip = QToolButton()
                chip.setObjectName("filterChip")
                chip.setText(f"{label} ×")
                title = facet_title(facet)
                chip.setToolTip(
                    self.tr("Remove the filter {title}: {label}").format(title=title, label=label)
                )
                chip.setAccessibleName(
                    self.tr("Remove filter {title}: {label}").format(title=title, label=label)
                )
                chip.setProperty("facet", facet)
                chip.setProperty("code", code)
                chip.clicked.connect(
                    lambda _checked=False, f=facet, c=code: self.facet_panel.remove(f, c)
                )
                chip_layout.insertWidget(len(self.chips), chip)
                self.chips.append(chip)
        self._window.chip_bar.setVisible(bool(self.chips))

    def _show_suggestion(self, result: SearchResult) -> None:
        suggestion_label = self._window.suggestion_label
        if not result.suggestion:
            suggestion_label.hide()
            return
        text = html.escape(result.suggestion)
        if result.corrected:
            suggestion_label.setText(self.tr("Showing results for <b>{text}</b>").format(text=text))
        else:
            suggestion_label.setText(
                self.tr('Did you mean <a href="suggest">{text}</a>?').format(text=text)
            )
        suggestion_label.show()

    def _show_notices(self, result: SearchResult) -> None:
        """The line above the results: what the search understood (escaped, typed words
        in italics)."""
        text = notice_html(result)
        self._window.notice_label.setText(text)
        self._window.notice_label.setVisible(bool(text))

    def _take_suggestion(self, _link: str) -> None:
        if self.last_result is not None and self.last_result.suggestion:
            self.search_edit.setText(self.last_result.suggestion)
            self.run_search()

    # ------------------------------------------------------------------ sort order

    def sort(self) -> str:
        """The engine name of the chosen sort order."""
        if self._sort_by_title_for_now:
            return "relevance"
        return str(self.sort_combo.currentData() or "relevance")

    def _show_sort(self, query: str) -> None:
        """With no words typed, "Relevance" lists by title, so the Sort box shows "Title"
        until words are typed again (the header and the box always agree)."""
        no_words = not query.strip()
        if no_words == self._sort_by_title_for_now:
            return
        if no_words and self.sort_combo.currentData() != "relevance":
            return  # the user's own order, kept
        self._sort_by_title_for_now = no_words
        self.sort_combo.blockSignals(True)
        self.sort_combo.setCurrentIndex(
            self.sort_combo.findData("title" if no_words else "relevance")
        )
        self.sort_combo.blockSignals(False)

    def _sort_chosen(self, _index: int) -> None:
        self._sort_by_title_for_now = False  # the user chose: keep what they chose

    # ------------------------------------------------------------------ putting a search back

    def apply_search(self, query: str, filters: dict[str, list[str]], sort: str) -> None:
        """Put ``query``, ``filters`` and ``sort`` back and search."""
        self._set_search(query, filters, sort)
        self.search_again()

    def _set_search(self, query: str, filters: Mapping[str, Sequence[str]], sort: str) -> None:
        for widget in (self.search_edit, self.sort_combo, self.facet_panel):
            widget.blockSignals(True)
        try:
            self.search_edit.setText(query)
            self._sort_by_title_for_now = False
            self.sort_combo.setCurrentIndex(max(0, self.sort_combo.findData(sort)))
            self.facet_panel.set_selection(filters)
        finally:
            for widget in (self.search_edit, self.sort_combo, self.facet_panel):
                widget.blockSignals(False)

    def restore_search(self, stored: object) -> None:
        """Put back the search on screen when the window last closed (a stored value of
        the wrong shape is ignored: the window opens on the whole catalog)."""
        if not isinstance(stored, dict):
            return
        query, filters, sort = stored.get("query"), stored.get("filters"), stored.get("sort")
        if not (isinstance(query, str) and isinstance(filters, dict) and isinstance(sort, str)):
            return
        kept = {
            facet: [str(code) for code in codes]
            for facet, codes in filters.items()
            if facet in FACET_TITLES and isinstance(codes, list)
        }
        self._set_search(query, kept, sort)

    def stored_search(self) -> dict[str, object]:
        """The search on screen, as :meth:`restore_search` takes it back."""
        return {
            "query": self.search_edit.text(),
            "filters": self.facet_panel.selection(),
            "sort": self.sort(),
        }

    # ------------------------------------------------------------------ keys, paints

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc clears the search field and ↓ goes into the results; the list's paint after
        a search's first rows went into it lets the search go on."""
        if self.awaiting_paint and event.type() == QEvent.Type.Paint and watched is self._viewport:
            self.awaiting_paint = False
            QTimer.singleShot(0, self._page_painted)  # after this paint has been drawn
        if event.type() == QEvent.Type.KeyPress and watched is self.search_edit:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape:
                self.search_edit.clear()
                return True
            if event.key() == Qt.Key.Key_Down and self.results_model.rowCount() > 0:
                self.results_view.setFocus(Qt.FocusReason.OtherFocusReason)
                current = self.results_view.currentIndex()
                if not current.isValid():
                    self.results_view.setCurrentIndex(self.results_model.index(0, 0))
                return True
        return super().eventFilter(watched, event)


def _filter_key(filters: Mapping[str, Sequence[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``filters`` in a form that compares equal for the same choice."""
    return tuple(sorted((facet, tuple(sorted(codes))) for facet, codes in filters.items() if codes))
