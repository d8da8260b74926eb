"""The main window: search field, filters · results · details, hotlines dock, menus.

Changes made in one pass of the event loop run one search (DEBOUNCE_MS is 0: the runner
coalesces keystrokes); the search and its facet counts run on a worker thread
(ui/search_runner.py), so a slow search on a large catalog never freezes typing. Each run
carries a generation number, so a result that arrives after a newer query was typed is
dropped. The first search, while the window is built, runs at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from csec_desktop import __version__, paths
from csec_desktop.catalog.display.presentation import detail_sections, detail_text, subtitle
from csec_desktop.catalog.first_frame import FirstFrame
from csec_desktop.catalog.search.client import INTERPRETERS
from csec_desktop.catalog.user.preferences import Preferences, preferences_from
from csec_desktop.lazy import lazy_module
from csec_desktop.ui.client_panel import ClientPanel
from csec_desktop.ui.detail_browser import DetailBrowser
from csec_desktop.ui.detail_html import RESOURCE_SCHEME, detail_html, link_allowed
from csec_desktop.ui.detail_words import detail_word
from csec_desktop.ui.dock_places import DockPlaces
from csec_desktop.ui.flow_layout import FlowLabel, FlowLayout
from csec_desktop.ui.i18n import use_language
from csec_desktop.ui.panels import (
    FACET_TITLES,
    FacetPanel,
    FittedScrollArea,
    HotlinePanel,
    facet_title,
)
from csec_desktop.ui.partner_undo import PartnerUndo
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QAbstractItemView,
    QAction,
    QByteArray,
    QCloseEvent,
    QComboBox,
    QDesktopServices,
    QDockWidget,
    QEvent,
    QGuiApplication,
    QHBoxLayout,
    QInputDialog,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QModelIndex,
    QObject,
    QPlainTextEdit,
    QPushButton,
    QShortcut,
    QSizePolicy,
    QSplitter,
    Qt,
    QTextOption,
    QTimer,
    QToolButton,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
)
from csec_desktop.ui.results import FIRST_PAGE, ResultDelegate, ResultsModel
from csec_desktop.ui.search_notices import notice_html, type_a_word
from csec_desktop.ui.settings_dialog import SettingsDialog
from csec_desktop.ui.theme import apply_appearance, relative_font

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from csec_desktop.catalog.desk import Desk
    from csec_desktop.catalog.search import SearchEngine, SearchResult
    from csec_desktop.catalog.storage import reader
    from csec_desktop.catalog.user import local, userstore
    from csec_desktop.ui import (
        agency_link,
        agency_panel,
        catalog_update,
        local_resource_dialog,
        search_runner,
        sheet_panel,
    )
    from csec_desktop.ui.search_runner import SearchOutcome, SearchRequest, SearchRunner
    from csec_desktop.ui.sheet_panel import SheetPanel
else:
    # These pull in SQLAlchemy and numpy, which load behind the first frame (app.py,
    # csec_desktop.lazy); they are first used once the window has its databases.
    local = lazy_module("csec_desktop.catalog.user.local")
    reader = lazy_module("csec_desktop.catalog.storage.reader")
    userstore = lazy_module("csec_desktop.catalog.user.userstore")
    catalog_update = lazy_module("csec_desktop.ui.catalog_update")
    agency_panel = lazy_module("csec_desktop.ui.agency_panel")
    agency_link = lazy_module("csec_desktop.ui.agency_link")
    local_resource_dialog = lazy_module("csec_desktop.ui.local_resource_dialog")
    search_runner = lazy_module("csec_desktop.ui.search_runner")
    sheet_panel = lazy_module("csec_desktop.ui.sheet_panel")

PLACEHOLDER = QT_TRANSLATE_NOOP("MainWindow", "Search programs, trainings, hotlines, publications…")
NOTE_HINT = QT_TRANSLATE_NOOP(
    "MainWindow",
    "Your own notes about this resource — do not enter anything that identifies a client.",
)
#: Changes made in one pass of the event loop (a saved search restoring query, filters and
#: sort) run one search; keystrokes need no longer wait, as the runner coalesces them.
DEBOUNCE_MS = 0
NOTE_SAVE_MS = 600
#: Characters of width below which the details put each label above its value.
DETAILS_SIDE_BY_SIDE = 36
#: Characters of width the details pane keeps at the least.
DETAILS_LEAST_CHARS = 18
HISTORY_KEPT = 100
#: What the results pane shows when nothing matches (fixed text, no catalog data).
EMPTY_STATE = QT_TRANSLATE_NOOP(
    "MainWindow",
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
#: Sort orders offered, as (engine name, label).
SORT_CHOICES = (
    ("relevance", QT_TRANSLATE_NOOP("MainWindow", "Relevance")),
    ("title", QT_TRANSLATE_NOOP("MainWindow", "Title")),
    ("date", QT_TRANSLATE_NOOP("MainWindow", "Date")),
    ("verified", QT_TRANSLATE_NOOP("MainWindow", "Last verified")),
)
#: The count line's "sorted by …" for each sort order.
SORTED_BY = {
    "relevance": QT_TRANSLATE_NOOP("MainWindow", " · sorted by relevance"),
    "title": QT_TRANSLATE_NOOP("MainWindow", " · sorted by title"),
    "date": QT_TRANSLATE_NOOP("MainWindow", " · sorted by date"),
    "verified": QT_TRANSLATE_NOOP("MainWindow", " · sorted by last verified"),
}
#: What a menu of the caseworker's own things says while the databases are still opening.
OPENING = QT_TRANSLATE_NOOP("MainWindow", "Opening the catalog…")
#: The setting that keeps the search on screen when the window closed, for the next start.
LAST_SEARCH_KEY = "window.search"
CHIP_STYLE = (
    "QToolButton#filterChip { border: 1px solid palette(mid); border-radius: 10px;"
    " padding: 1px 8px; background: palette(alternate-base); }"
    "QToolButton#filterChip:hover { background: palette(midlight); }"
)
#: Keys (as a person reads them) and what they do, both translated where shown.
SHORTCUTS = (
    (
        QT_TRANSLATE_NOOP("MainWindow", "Ctrl+F, Ctrl+K or /"),
        QT_TRANSLATE_NOOP("MainWindow", "Go to the search field"),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "Esc"),
        QT_TRANSLATE_NOOP("MainWindow", "Clear the search field"),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "Enter"),
        QT_TRANSLATE_NOOP("MainWindow", "Run the search now and remember it"),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "Alt+Left / Alt+Right"),
        QT_TRANSLATE_NOOP("MainWindow", "Back / forward through the resources viewed"),
    ),
    (QT_TRANSLATE_NOOP("MainWindow", "Ctrl+S"), QT_TRANSLATE_NOOP("MainWindow", "Save the search")),
    (
        QT_TRANSLATE_NOOP("MainWindow", "↓"),
        QT_TRANSLATE_NOOP("MainWindow", "From the search field into the results"),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "F2"),
        QT_TRANSLATE_NOOP("MainWindow", "Show or hide the hotlines"),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "F3"),
        QT_TRANSLATE_NOOP("MainWindow", "Show or hide the resource sheet"),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "Ctrl+Shift+A"),
        QT_TRANSLATE_NOOP(
            "MainWindow", "Add the selected results (or the resource shown) to the sheet"
        ),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "Ctrl+P / Ctrl+Shift+P"),
        QT_TRANSLATE_NOOP("MainWindow", "Print the sheet / print preview"),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "Ctrl+N / Ctrl+E"),
        QT_TRANSLATE_NOOP("MainWindow", "New local resource / edit the local resource shown"),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "Ctrl+I"),
        QT_TRANSLATE_NOOP("MainWindow", "Import a catalog update"),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "Ctrl+Shift+C"),
        QT_TRANSLATE_NOOP("MainWindow", "Copy the details as text"),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "Ctrl+D"),
        QT_TRANSLATE_NOOP("MainWindow", "Star or unstar the resource shown"),
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "Ctrl+,"),
        QT_TRANSLATE_NOOP("MainWindow", "Settings: appearance, text size, old facts, language"),
    ),
    (QT_TRANSLATE_NOOP("MainWindow", "Ctrl+Q"), QT_TRANSLATE_NOOP("MainWindow", "Quit")),
)


class MainWindow(QMainWindow):
    """The application window over one desk (a data folder's catalog and user data).

    ``MainWindow(desk)`` is the whole window on a prepared desk, its first search done. The
    application's start paints sooner: ``MainWindow(first_frame=…)`` is the window as it
    first appears, showing the first page of results (read with plain sqlite3) and taking
    typing, while the catalog and the search engine load; :meth:`attach` then gives it its
    desk, enables the rest and runs the search typed meanwhile. The window closes its desk.
    """

    #: The results list has painted for the first time (the application is interactive).
    first_painted = Signal()

    desk: Desk
    catalog: Engine
    user: Engine
    search_engine: SearchEngine
    search_runner: SearchRunner
    hotline_panel: HotlinePanel
    sheet_panel: SheetPanel

    def __init__(
        self,
        desk: Desk | None = None,
        parent: Any = None,
        *,
        first_frame: FirstFrame | None = None,
    ) -> None:
        super().__init__(parent)
        self.current_slug: str | None = None
        self.last_result: SearchResult | None = None
        self._generation = 0
        self._closed = False
        #: True once the window has its search engine (see attach_search) and once it has
        #: its databases as well (see attach).
        self.searchable = False
        self.attached = False
        self._painted = False
        self._history: list[str] = []
        self._history_at = -1
        self._auto_selecting = False
        #: The result whose details are shown once a search's first rows are painted.
        self._pending_detail: str | None = None
        #: True from a search's first rows going into the list until the list paints them.
        self._awaiting_paint = False
        self._last_recorded: tuple[str, str] | None = None
        #: A result the caseworker chose in the first frame: attach's search keeps it.
        self._chosen_before_attach: str | None = None
        #: The query and filters whose results the selection belongs to.
        self._selection_search: tuple[str, object] | None = None
        self.setWindowTitle(paths.APP_NAME)
        self.setObjectName("mainWindow")
        if first_frame is not None:
            settings = first_frame.settings
        elif desk is not None:
            settings = userstore.settings(desk.user)
        else:
            settings = {}
        self.meta: dict[str, str] = first_frame.meta if first_frame is not None else {}
        self._resource_count = first_frame.total if first_frame is not None else 0
        self.preferences = preferences_from(settings)
        #: Labels of the vocabulary's values in the window's language (none in English).
        self.value_labels: dict[tuple[str, str], str] = {}
        # Before any widget is made: the window is built in its language (see ui/i18n.py).
        self.language, self._language_note = use_language(self.preferences.language)
        self.colors = apply_appearance(self.preferences.theme, self.preferences.text_size)

        self._build_local_actions()
        self._build_search_bar()
        self._build_panes()
        self._build_hotlines()
        self._build_sheet()
        self._build_menus()
        self._build_status_bar()

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_MS)
        self._note_timer.timeout.connect(self.save_note)

        self.search_edit.textChanged.connect(self._schedule_search)
        self.facet_panel.changed.connect(self._schedule_search)
        self.client_panel.changed.connect(self._schedule_search)
        self.sort_combo.currentIndexChanged.connect(self._schedule_search)
        self.search_edit.returnPressed.connect(self._search_settled)

        self.resize(1280, 800)
        self._restore_layout(settings)
        self._restore_search(settings.get(LAST_SEARCH_KEY))
        self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        # Until attach: the search field and the list work, what needs the databases waits.
        self._waiting: list[QAction | QWidget] = [
            action
            for action in self.findChildren(QAction)
            if action.isEnabled()
            and action.menu() is None  # menus open; what they offer waits
            and action not in self._usable_before_attach
        ]
        self._waiting += [self.facet_panel, self.client_panel, self.sort_combo]
        for item in self._waiting:
            item.setEnabled(False)
        if first_frame is not None:
            self._show_first_frame(first_frame)
            self.statusBar().showMessage(self.tr(OPENING))
        if desk is not None:
            self.attach(desk)

    def _show_first_frame(self, frame: FirstFrame) -> None:
        if (
            self.search_edit.text().strip()
            or self.facet_panel.selection()
            or self.sort() != ("relevance")
        ):
            self.count_label.setText(self.tr("Searching…"))  # a restored search: attach runs it
            return
        self._show_sort("")
        self.results_model.set_result([hit.id for hit in frame.hits], None, frame.hits)
        self._show_count(frame.total, "", "relevance")
        self._select_after_search(("", ()))  # its details follow in attach

    def attach_search(self, engine: SearchEngine) -> None:
        """Give the window the catalog's search engine (opened on a loader thread): from
        now on typing and filters search; what needs the databases waits for attach."""
        self.search_engine = engine
        self.search_runner = search_runner.SearchRunner(engine, self)
        self.search_runner.page.connect(self._show_page)
        self.search_runner.finished.connect(self._show_outcome)
        self.results_model.engine = engine
        self._resource_count = engine.count
        self.facet_panel.set_year_bounds(*engine.year_span())
        self._label_client_needs()
        for widget in (self.facet_panel, self.client_panel, self.sort_combo):
            widget.setEnabled(True)
            self._waiting.remove(widget)
        self.searchable = True
        self._update_status()
        self._schedule_search()  # what was typed meanwhile, or the first page again

    def _label_client_needs(self) -> None:
        """The client's languages and facts by their labels in the window's language."""
        labels = self.search_engine.facet_index.labels_in(self.language)
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

    def _use_vocabulary(self) -> None:
        """In Spanish, name facet values and the details' kinds, topics and
        the like by the Spanish labels of the catalog's vocabulary (English where a value
        has none)."""
        if self.language != "es":
            return
        self.value_labels = {
            (entry.facet, entry.code): entry.label_es
            for entry in reader.vocabulary(self.catalog)
            if entry.label_es
        }
        self.facet_panel.relabel(self.value_labels)

    def attach(self, desk: Desk) -> None:
        """Give the window its prepared desk: details, favorites, notes, saved searches and
        the sheet. The search engine is the desk's, given here unless attach_search gave
        it already; the window is then whole, its search done."""
        self.desk = desk
        catalog = self.catalog = desk.catalog
        user = self.user = desk.user
        opened_here = not self.searchable
        if opened_here:
            self.attach_search(desk.search)
        self.meta = reader.catalog_meta(catalog)
        self._use_vocabulary()
        stored = userstore.preferences(user)
        if stored != self.preferences:  # the first frame could not read them
            self._follow_preferences(stored)
        self.hotline_panel = HotlinePanel(catalog)
        self.hotline_dock.setWidget(self.hotline_panel)
        if self.hotline_dock.isVisible():
            self.hotline_panel.load()
        self._attach_sheet()
        self.agency = agency_link.AgencyLink(desk, self)  # syncs off the GUI thread
        self.agency_status = agency_panel.AgencyStatus()
        self.statusBar().addPermanentWidget(agency_panel.AgencyProgress(self.agency))
        self.statusBar().addPermanentWidget(self.agency_status)
        self.agency_status.follow(user, self.agency)
        self.agency.changed.connect(self.catalog_changed)
        for item in self._waiting:
            item.setEnabled(True)
        self._waiting = []
        self.attached = True
        self._rebuild_searches_menu()
        self.statusBar().clearMessage()
        if self._language_note:  # a missing or stale translation, an unknown language
            self.statusBar().showMessage(self._language_note, 20000)
        self._update_status()
        self._update_history_actions()
        if opened_here:
            # The first results are shown at once; the details of the first one follow on
            # the next turn of the event loop (see _current_changed), after it has painted.
            self._debounce.stop()
            self._show_outcome(
                search_runner.run_request(self.search_engine, self._request(), self._show_page)
            )
        elif not self._awaiting_paint:  # details chosen meanwhile are shown now
            self._show_pending_detail()
        self.agency.start()

    # ------------------------------------------------------------------ building

    def _build_local_actions(self) -> None:
        self.new_local_action = QAction(self.tr("&New local resource…"), self)
        self.new_local_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_local_action.triggered.connect(lambda: self.edit_local_resource(None))
        self.edit_local_action = QAction(self.tr("&Edit local resource…"), self)
        self.edit_local_action.setShortcut(QKeySequence("Ctrl+E"))
        self.edit_local_action.triggered.connect(
            lambda: self.edit_local_resource(self.current_slug)
        )
        self.delete_local_action = QAction(self.tr("&Delete local resource…"), self)
        self.delete_local_action.triggered.connect(self.delete_local_resource)
        for action in (self.edit_local_action, self.delete_local_action):
            action.setEnabled(False)  # until a local resource is shown

    def _build_search_bar(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(self.tr(PLACEHOLDER))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(500)
        self.search_edit.setAccessibleName(self.tr("Search"))
        for clear in self.search_edit.findChildren(QToolButton):  # the field's ✕ button
            clear.setAccessibleName(self.tr("Clear the search"))
        relative_font(self.search_edit, 1.2)  # follows the text size chosen in Settings
        self.search_edit.setMinimumHeight(34)
        self.search_edit.installEventFilter(self)
        self.hotline_button = QPushButton(self.tr("☎ Hotlines"))
        self.hotline_button.setToolTip(self.tr("Show or hide the hotlines (F2)"))
        self.hotline_button.setObjectName("hotlineButton")
        self.hotline_button.setMinimumHeight(34)
        self.hotline_button.setAccessibleName(self.tr("Show or hide the hotlines"))
        self.sheet_button = QPushButton()
        self.sheet_button.setToolTip(self.tr("Show or hide the resource sheet (F3)"))
        self.sheet_button.setObjectName("sheetButton")
        self.sheet_button.setMinimumHeight(34)
        self.sheet_button.setAccessibleName(self.tr("Show or hide the resource sheet"))
        self._show_sheet_count(0)

        self.back_action = QAction("◀", self)
        self.back_action.setShortcut(QKeySequence("Alt+Left"))
        self.back_action.setToolTip(self.tr("Back to the previous resource (Alt+Left)"))
        self.back_action.triggered.connect(self.go_back)
        self.forward_action = QAction("▶", self)
        self.forward_action.setShortcut(QKeySequence("Alt+Right"))
        self.forward_action.setToolTip(self.tr("Forward to the next resource (Alt+Right)"))
        self.forward_action.triggered.connect(self.go_forward)
        self.back_button = self._nav_button(self.back_action, "backButton", self.tr("Back"))
        self.forward_button = self._nav_button(
            self.forward_action, "forwardButton", self.tr("Forward")
        )
        self._update_history_actions()

    def _nav_button(self, action: QAction, name: str, accessible: str) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setAutoRaise(True)
        button.setMinimumSize(34, 34)
        return button

    def _build_panes(self) -> None:
        self.facet_panel = FacetPanel()
        self.client_panel = ClientPanel()
        # The left column: the client's place above the filters.
        self.left_pane = QWidget()
        self.left_pane.setObjectName("leftPane")
        left_layout = QVBoxLayout(self.left_pane)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.client_panel)
        left_layout.addWidget(self.facet_panel, 1)

        # Wraps rather than running into the Sort box when the pane is narrow.
        self.count_label = FlowLabel()
        self.count_label.setObjectName("countLabel")
        self.suggestion_label = QLabel()
        self.suggestion_label.setObjectName("suggestionLabel")
        self.suggestion_label.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion_label.linkActivated.connect(self._take_suggestion)
        self.suggestion_label.hide()
        # What the search understood: words set aside, a kind or place put first.
        self.notice_label = QLabel()
        self.notice_label.setObjectName("searchNotice")
        self.notice_label.setTextFormat(Qt.TextFormat.RichText)
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        self.sort_combo = QComboBox()
        self.sort_combo.setObjectName("sortCombo")
        self.sort_combo.setAccessibleName(self.tr("Sort results"))
        self.sort_combo.setToolTip(self.tr("Sort results"))
        # As wide as its longest choice at every text size, not as at first show.
        self.sort_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sort_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.sort_combo.currentIndexChanged.connect(self._sort_chosen)
        #: True while the Sort box shows "Title" for a chosen "Relevance": with no words
        #: to rank by, relevance lists by title, and the box says what the list shows.
        self._sort_by_title_for_now = False
        for code, label in SORT_CHOICES:
            self.sort_combo.addItem(self.tr(label), code)
        self.clear_filters_button = QPushButton(self.tr("Clear all"))
        self.clear_filters_button.setObjectName("clearFiltersButton")
        self.clear_filters_button.setAccessibleName(self.tr("Clear all filters"))
        self.clear_filters_button.setFlat(True)
        self.clear_filters_button.clicked.connect(self.facet_panel.clear)
        self.chip_bar = QWidget()
        self.chip_bar.setObjectName("filterChips")
        self.chip_bar.setStyleSheet(CHIP_STYLE)
        self.chip_bar.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # Chips wrap onto more lines when there are more than fit, "Clear all" last.
        self._chip_layout = FlowLayout(self.chip_bar)
        self._chip_layout.setContentsMargins(6, 0, 6, 0)
        self._chip_layout.addWidget(self.clear_filters_button)
        self.chips: list[QToolButton] = []
        self.chip_bar.hide()

        self.results_model = ResultsModel(None, self)
        self.results_model.stale_months = self.preferences.stale_months
        self.results_view = QListView()
        self.results_view.setObjectName("resultsView")
        self.results_view.setModel(self.results_model)
        self.delegate = ResultDelegate(self.results_view)
        self.delegate.colors = self.colors
        self.results_view.setItemDelegate(self.delegate)
        self.results_view.setUniformItemSizes(True)
        # Shift/Ctrl pick several results for the sheet; the current one is shown.
        self.results_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.results_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.results_view.customContextMenuRequested.connect(self._results_menu)
        self.results_view.viewport().installEventFilter(self)
        self.results_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results_view.setAlternatingRowColors(True)
        self.results_view.setAccessibleName(self.tr("Results"))
        self.results_view.selectionModel().currentChanged.connect(self._current_changed)

        results_pane = QWidget()
        results_layout = QVBoxLayout(results_pane)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.setSpacing(4)
        # The count, then the Sort box on the same line or, when the pane is narrow, below.
        header = FlowLayout(spacing=12)
        header.setContentsMargins(6, 0, 6, 0)
        header.addWidget(self.count_label)
        sort_box = QWidget()
        sort_row = QHBoxLayout(sort_box)
        sort_row.setContentsMargins(0, 0, 0, 0)
        sort_label = QLabel(self.tr("Sort:"))
        sort_label.setBuddy(self.sort_combo)
        sort_row.addWidget(sort_label)
        sort_row.addWidget(self.sort_combo)
        header.addWidget(sort_box)
        results_layout.addLayout(header)
        results_layout.addWidget(self.chip_bar)
        results_layout.addWidget(self.suggestion_label)
        results_layout.addWidget(self.notice_label)
        self.notice_label.setContentsMargins(6, 0, 6, 0)
        self.suggestion_label.setContentsMargins(6, 0, 6, 0)
        results_layout.addWidget(self.results_view, 1)
        self.empty_state = QLabel(self.tr(EMPTY_STATE))
        self.empty_state.setObjectName("emptyState")
        self.empty_state.setTextFormat(Qt.TextFormat.RichText)
        self.empty_state.setWordWrap(True)
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_state.setContentsMargins(18, 18, 18, 18)
        self.empty_state.hide()
        results_layout.addWidget(self.empty_state, 1)

        self.detail_view = DetailBrowser()  # names the link Tab reaches
        self.detail_view.setObjectName("detailView")
        self.detail_view.setOpenLinks(False)
        self.detail_view.setOpenExternalLinks(False)
        self.detail_view.anchorClicked.connect(self._open_link)
        self.detail_view.document().setDocumentMargin(14)
        # Whole words only ("Organizatio/n" never); addresses wrap at their slashes and dots.
        self.detail_view.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.detail_view.viewport().installEventFilter(self)  # labels above values if narrow
        self._fit_detail_width()
        self._details_stacked = False
        self.detail_view.setAccessibleName(self.tr("Details"))

        self.favorite_button = QPushButton(self.tr("☆ Favorite"))
        self.favorite_button.setObjectName("favoriteButton")
        self.favorite_button.setAccessibleName(self.tr("Favorite"))
        self.favorite_button.setCheckable(True)
        self.favorite_button.setShortcut(QKeySequence("Ctrl+D"))
        self.favorite_button.toggled.connect(self._favorite_toggled)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the details as text (Ctrl+Shift+C)"))
        self.copy_button.setObjectName("copyButton")
        self.copy_button.setAccessibleName(self.tr("Copy details as text"))
        self.copy_button.clicked.connect(self.copy_details)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText(self.tr(NOTE_HINT))
        self.note_edit.setToolTip(self.tr(NOTE_HINT))
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.setMaximumHeight(90)
        self.note_edit.setTabChangesFocus(True)  # Tab moves on, as everywhere else
        self.note_edit.textChanged.connect(self._note_changed)

        detail_pane = QWidget()
        detail_layout = QVBoxLayout(detail_pane)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.setSpacing(6)
        detail_layout.addWidget(self.detail_view, 1)
        buttons = FlowLayout(spacing=6)  # wraps when the pane is narrow or the text large
        buttons.setContentsMargins(6, 0, 6, 0)
        self.add_to_sheet_button = QPushButton(self.tr("+ Sheet"))
        self.add_to_sheet_button.setObjectName("addToSheetButton")
        self.add_to_sheet_button.setToolTip(self.tr("Add to the resource sheet (Ctrl+Shift+A)"))
        self.add_to_sheet_button.setAccessibleName(self.tr("Add to the resource sheet"))
        self.add_to_sheet_button.clicked.connect(self.add_shown_to_sheet)
        buttons.addWidget(self.favorite_button)
        buttons.addWidget(self.add_to_sheet_button)
        buttons.addWidget(self.copy_button)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(self.note_edit)
        self._set_detail_enabled(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.left_pane)
        self.splitter.addWidget(results_pane)
        self.splitter.addWidget(detail_pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 4)
        self.splitter.setSizes([260, 500, 620])
        self.splitter.setChildrenCollapsible(False)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        bar.setSpacing(4)
        bar.addWidget(self.back_button)
        bar.addWidget(self.forward_button)
        bar.addSpacing(4)
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.hotline_button)
        bar.addWidget(self.sheet_button)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _build_hotlines(self) -> None:
        self.hotline_dock = QDockWidget(self.tr("Hotlines"), self)
        self.hotline_dock.setObjectName("hotlinePanel")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.hotline_dock)
        self.hotline_dock.hide()
        self.hotline_button.clicked.connect(self.toggle_hotlines)

    def _build_sheet(self) -> None:
        self.sheet_dock = QDockWidget(self.tr("Resource sheet"), self)
        self.sheet_dock.setObjectName("sheetDock")
        self.sheet_dock.setMinimumWidth(320)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.sheet_dock)
        self.sheet_dock.hide()
        # Beside the panes, or below them when the window is too narrow for both.
        self.dock_places = DockPlaces(self, [self.hotline_dock, self.sheet_dock])
        self.add_to_sheet_action = QAction(self.tr("&Add to sheet"), self)
        self.add_to_sheet_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.add_to_sheet_action.triggered.connect(self.add_to_sheet)
        self.add_favorites_action = QAction(self.tr("Add &favorites to sheet"), self)
        self.add_favorites_action.triggered.connect(self.add_favorites_to_sheet)
        self.print_sheet_action = QAction(self.tr("&Print sheet…"), self)
        self.print_sheet_action.setShortcut(QKeySequence.StandardKey.Print)
        self.preview_sheet_action = QAction(self.tr("Print pre&view of sheet…"), self)
        self.preview_sheet_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.pdf_sheet_action = QAction(self.tr("Save sheet as P&DF…"), self)

    def _attach_sheet(self) -> None:
        self.sheet_panel = sheet_panel.SheetPanel(self.catalog, self.user)
        self.sheet_panel.countChanged.connect(self._show_sheet_count)
        self._show_sheet_count(len(self.sheet_panel.slugs()))  # the sheet kept from before
        # The panel is taller than a small screen: it scrolls rather than being cut off,
        # and the dock is as wide as the panel needs.
        scroller = FittedScrollArea()
        scroller.setWidget(self.sheet_panel)
        self.sheet_dock.setWidget(scroller)
        self.print_sheet_action.triggered.connect(self.sheet_panel.print_sheet)
        self.preview_sheet_action.triggered.connect(self.sheet_panel.preview)
        self.pdf_sheet_action.triggered.connect(self.sheet_panel.ask_save_pdf)
        # Enabled by the panel while the sheet has resources, not by attach.
        outputs = [self.print_sheet_action, self.preview_sheet_action, self.pdf_sheet_action]
        self._waiting = [item for item in self._waiting if item not in outputs]
        self.sheet_panel.follow_outputs(outputs)
        self.sheet_panel.said.connect(lambda message: self.statusBar().showMessage(message, 8000))

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        for action in (self.new_local_action, self.edit_local_action, self.delete_local_action):
            file_menu.addAction(action)
        self.import_partner_action = QAction(self.tr("Import &partner directory…"), self)
        self.import_partner_action.triggered.connect(self.import_partner_directory)
        file_menu.addAction(self.import_partner_action)
        file_menu.addSeparator()
        for action in (self.print_sheet_action, self.preview_sheet_action, self.pdf_sheet_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.import_update_action = QAction(self.tr("&Import catalog update…"), self)
        self.import_update_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_update_action.triggered.connect(self.import_update)
        file_menu.addAction(self.import_update_action)
        self.undo_update_action = QAction(self.tr("&Undo last catalog update…"), self)
        self.undo_update_action.triggered.connect(self.undo_update)
        file_menu.addAction(self.undo_update_action)
        file_menu.aboutToShow.connect(self._update_file_menu)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = menu.addMenu(self.tr("&Edit"))
        self.partner_undo = PartnerUndo(self)
        edit_menu.addAction(self.partner_undo.action)
        edit_menu.addSeparator()
        self.copy_action = QAction(self.tr("&Copy details as text"), self)
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_action.triggered.connect(self.copy_details)
        edit_menu.addAction(self.copy_action)
        find_action = QAction(self.tr("&Find"), self)
        find_action.setShortcuts([QKeySequence("Ctrl+F"), QKeySequence("Ctrl+K")])
        find_action.triggered.connect(self.focus_search)
        edit_menu.addAction(find_action)
        slash = QShortcut(QKeySequence("/"), self)
        slash.activated.connect(self.focus_search)
        edit_menu.addSeparator()
        edit_menu.addAction(self.add_to_sheet_action)
        edit_menu.addAction(self.add_favorites_action)
        edit_menu.addSeparator()
        self.settings_action = QAction(self.tr("Se&ttings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.open_settings)
        edit_menu.addAction(self.settings_action)
        self.agency_action = QAction(self.tr("&Agency server…"), self)
        self.agency_action.triggered.connect(self.connect_agency)
        edit_menu.addAction(self.agency_action)
        self.agency_sync_action = QAction(self.tr("S&ync with agency server"), self)
        self.agency_sync_action.triggered.connect(self.sync_agency)
        edit_menu.addAction(self.agency_sync_action)

        self.searches_menu = menu.addMenu(self.tr("&Searches"))
        self.searches_menu.setObjectName("searchesMenu")
        self.save_search_action = QAction(self.tr("&Save search…"), self)
        self.save_search_action.setShortcut(QKeySequence("Ctrl+S"))
        self.save_search_action.triggered.connect(self.save_search)
        self.searches_menu.aboutToShow.connect(self._rebuild_searches_menu)
        self.searches_menu.addAction(self.save_search_action)

        go_menu = menu.addMenu(self.tr("&Go"))
        go_menu.addAction(self.back_action)
        go_menu.addAction(self.forward_action)
        go_menu.addSeparator()
        self.favorites_menu = go_menu.addMenu(self.tr("&Favorites"))
        self.favorites_menu.setObjectName("favoritesMenu")
        self.favorites_menu.aboutToShow.connect(self._rebuild_favorites_menu)
        self.agency_lists_menu = go_menu.addMenu(self.tr("Agency &lists"))
        self.agency_lists_menu.setObjectName("agencyListsMenu")
        self.agency_lists_menu.aboutToShow.connect(self._rebuild_agency_lists)

        view_menu = menu.addMenu(self.tr("&View"))
        self.hotlines_action = self.hotline_dock.toggleViewAction()
        self.hotlines_action.setText(self.tr("&Hotlines"))
        self.hotlines_action.setShortcut(QKeySequence("F2"))
        self.hotlines_action.toggled.connect(self._hotlines_toggled)
        self.hotlines_action.triggered.connect(self._hotlines_chosen)
        view_menu.addAction(self.hotlines_action)
        self.sheet_action = self.sheet_dock.toggleViewAction()
        self.sheet_action.setText(self.tr("Resource &sheet"))
        self.sheet_action.setShortcut(QKeySequence("F3"))
        view_menu.addAction(self.sheet_action)
        self.sheet_button.clicked.connect(self.sheet_action.trigger)
        filters_action = QAction(self.tr("&Filters"), self)
        filters_action.setCheckable(True)
        filters_action.setChecked(True)
        filters_action.toggled.connect(self.left_pane.setVisible)
        view_menu.addAction(filters_action)

        help_menu = menu.addMenu(self.tr("&Help"))
        shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), self)
        shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(shortcuts_action)
        about_action = QAction(self.tr("&About CSEC Resource Desk"), self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)
        self._usable_before_attach = (quit_action, find_action, shortcuts_action)

    def _build_status_bar(self) -> None:
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.statusBar().addPermanentWidget(self.status_label)
        # A message (what was just added or saved) has the whole bar for its few seconds:
        # at a large text size the count beside it would cut it off.
        self.statusBar().messageChanged.connect(
            lambda message: self.status_label.setHidden(bool(message))
        )
        self._update_status()

    def _update_status(self) -> None:
        date = self.meta.get("catalog_date", "")
        self.status_label.setText(
            self.tr("{count} resources · catalog {date} · all data local").format(
                count=f"{self._resource_count:,}", date=date
            )
        )

    # ------------------------------------------------------------------ searching

    def _schedule_search(self, *_args: object) -> None:
        self._generation += 1
        self._debounce.start()

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
        if self._closed or not self.searchable:
            return  # attach_search searches for what was typed meanwhile
        self._debounce.stop()
        self.search_runner.submit(self._request())

    def search_idle(self) -> bool:
        """True when no search is waiting to run or running, and its details are shown."""
        return (
            self.attached
            and not self._debounce.isActive()
            and self.search_runner.idle()
            and self._pending_detail is None
        )

    def _current(self, outcome: SearchOutcome) -> bool:
        """True when ``outcome`` answers the query as it stands (not an older one)."""
        return not self._closed and outcome.request.generation == self._generation

    def _show_page(self, outcome: SearchOutcome) -> None:
        """The first step of a search: its first rows, shown and selected at once."""
        result = outcome.result
        if not self._current(outcome) or result is None:
            self.search_runner.page_painted()  # nothing of it is shown: count (or drop) it
            return
        self.last_result = result
        self.results_model.set_result(
            [hit.id for hit in result.hits],
            result.query,
            result.hits,
            partial(result.fit, language=self.language),
        )
        if result.hits:  # an empty page may still be a large result being counted
            self.results_view.setVisible(True)
            self.empty_state.setVisible(False)
        self._show_suggestion(result)
        self._show_notices(result)
        request = outcome.request
        self._select_after_search((request.query.strip(), _filter_key(request.filters)))
        if result.hits and self.results_view.isVisible():
            self._awaiting_paint = True  # the list's next paint calls _page_painted
        else:  # nothing to paint, or no window on screen yet (being built, or in tests)
            QTimer.singleShot(0, self._page_painted)

    def _page_painted(self) -> None:
        """The first rows of a search are on screen: the worker may count the rest, and
        the first result's details follow (both compete with painting for the interpreter)."""
        self._awaiting_paint = False
        self.search_runner.page_painted()
        self._show_pending_detail()

    def _show_outcome(self, outcome: SearchOutcome) -> None:
        """The second step: every match (the list fetches more rows as it scrolls), the
        count, and the facet counts."""
        request = outcome.request
        if not self._current(outcome):
            return  # a newer query was typed meanwhile
        if outcome.result is None:
            self.results_model.clear()
            self.count_label.setText(outcome.error or self.tr("The catalog could not be searched."))
            told = (
                self.desk.repair_catalog(outcome.failure)
                if self.attached and outcome.failure is not None
                else None
            )
            if told is not None:  # damage only this search met: rebuilt, search again
                QMessageBox.information(self, paths.APP_NAME, told)
                self.catalog_changed()
            return
        result = outcome.result
        self.last_result = result
        self.results_model.set_ids(result.ids)
        self._show_count(
            result.total, request.query, request.sort, nearest=request.near is not None
        )
        # Nothing found: search tips take the list's place, and no details stay beside them.
        self.results_view.setVisible(result.total > 0)
        self.empty_state.setVisible(result.total == 0)
        if result.total == 0:
            understood = result.understanding
            lead = type_a_word() if understood is not None and understood.only_filler else ""
            tips = self.tr(EMPTY_STATE)
            self.empty_state.setText(f"<p><b>{lead}</b></p>{tips}" if lead else tips)
            self.current_slug = None
            self._set_detail_enabled(False)
        self.facet_panel.set_facets(outcome.facets)
        self.client_panel.set_counts(outcome.client_counts)
        labels = {
            (facet, v.code): v.label for facet, values in outcome.facets.items() for v in values
        }
        labels.update(self.value_labels)
        self._show_chips(request.filters, labels)

    def _show_count(self, total: int, query: str, sort: str, *, nearest: bool = False) -> None:
        counted = self.tr("1 result") if total == 1 else self.tr("{count} results")
        order = "title" if sort == "relevance" and not query.strip() else sort
        sorted_by = self.tr(SORTED_BY[order]) if total > 1 else ""
        if nearest and total > 1:  # a search near the client's place lists by distance
            sorted_by = self.tr(" · nearest first")
        said = counted.format(count=f"{total:,}") + sorted_by if total else self.tr("No results")
        self.count_label.setText(said)
        # What a screen reader says of the search field: how many results it found.
        self.search_edit.setAccessibleDescription(said)

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

    def _show_chips(
        self, filters: Mapping[str, Sequence[str]], labels: dict[tuple[str, str], str]
    ) -> None:
        for chip in self.chips:
            self._chip_layout.removeWidget(chip)
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
                self._chip_layout.insertWidget(len(self.chips), chip)
                self.chips.append(chip)
        self.chip_bar.setVisible(bool(self.chips))

    def _show_suggestion(self, result: SearchResult) -> None:
        import html

        if not result.suggestion:
            self.suggestion_label.hide()
            return
        text = html.escape(result.suggestion)
        if result.corrected:
            self.suggestion_label.setText(
                self.tr("Showing results for <b>{text}</b>").format(text=text)
            )
        else:
            self.suggestion_label.setText(
                self.tr('Did you mean <a href="suggest">{text}</a>?').format(text=text)
            )
        self.suggestion_label.show()

    def _show_notices(self, result: SearchResult) -> None:
        """The line above the results: what the search understood (escaped, typed words
        in italics)."""
        text = notice_html(result)
        self.notice_label.setText(text)
        self.notice_label.setVisible(bool(text))

    def _take_suggestion(self, _link: str) -> None:
        if self.last_result is not None and self.last_result.suggestion:
            self.search_edit.setText(self.last_result.suggestion)
            self.run_search()

    def _select_after_search(self, search: tuple[str, object]) -> None:
        """Select the first result of a new search; the same search again (a new sort
        order, a changed catalog, the databases attached) keeps the resource shown."""
        same = search == self._selection_search
        self._selection_search = search
        wanted = (self.current_slug if same else None) or self._chosen_before_attach
        self._chosen_before_attach = None
        row = self.results_model.row_of(wanted) if wanted else -1
        if row < 0 and self.results_model.rowCount() > 0:
            row = 0
        if row < 0:
            self.results_view.clearSelection()
            return
        index = self.results_model.index(row, 0)
        self._auto_selecting = True
        try:
            self.results_view.setCurrentIndex(index)
        finally:
            self._auto_selecting = False
        self.results_view.scrollTo(index)

    def _search_settled(self) -> None:
        """Enter in the search field: search now and remember the search."""
        self.run_search()
        self._record_recent()

    def _record_recent(self) -> None:
        if not self.attached:
            return
        query = self.search_edit.text().strip()
        filters = self.facet_panel.selection()
        key = (query, repr(sorted(filters.items())))
        if key == self._last_recorded or not (query or filters):
            return
        self._last_recorded = key
        try:
            userstore.record_recent_search(self.user, query, filters)
        except userstore.UserDataError as error:
            self.statusBar().showMessage(str(error), 6000)

    # ------------------------------------------------------------------ saved searches

    def save_search(self) -> None:
        """Ask for a name and save the query, filters and sort under it."""
        query = self.search_edit.text().strip()
        name, ok = QInputDialog.getText(
            self,
            self.tr("Save search"),
            self.tr("Name for this search:"),
            QLineEdit.EchoMode.Normal,
            query,
        )
        if not ok or not name.strip():
            return
        try:
            userstore.save_search(self.user, name, query, self.facet_panel.selection(), self.sort())
        except userstore.UserDataError as error:
            QMessageBox.warning(self, self.tr("Save search"), str(error))
            return
        self._rebuild_searches_menu()
        self.statusBar().showMessage(
            self.tr("Saved the search “{name}”").format(name=name.strip()), 3000
        )

    def apply_search(self, query: str, filters: dict[str, list[str]], sort: str) -> None:
        """Put ``query``, ``filters`` and ``sort`` back and search."""
        self._set_search(query, filters, sort)
        self._generation += 1
        self.run_search()

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

    def _restore_search(self, stored: object) -> None:
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

    def _rebuild_favorites_menu(self) -> None:
        """Go → Favorites: every starred resource by title, newest first; a click shows it."""
        menu = self.favorites_menu
        menu.clear()
        if not self.attached:
            menu.addAction(self.tr(OPENING)).setEnabled(False)
            return
        slugs = userstore.favorites(self.user)
        known = reader.titles(self.catalog, slugs)
        for slug in slugs:
            title = known.get(slug)
            gone = self.tr("{id} (no longer in the catalog)").format(id=slug)
            action = menu.addAction(_menu_text(title or gone))
            action.setEnabled(title is not None)
            action.triggered.connect(lambda _checked=False, s=slug: self.show_resource(s))
        if not slugs:
            menu.addAction(self.tr("No favorites yet: star a resource with Ctrl+D")).setEnabled(
                False
            )

    def _describe(self, item: userstore.StoredSearch) -> str:
        """A recent or saved search in one line: the query, then its filter values."""
        codes = [code for facet in sorted(item.filters) for code in item.filters[facet]]
        query = item.query or self.tr("(everything)")
        return f"{query} · {', '.join(codes)}" if codes else query

    def _rebuild_agency_lists(self) -> None:
        """Go → Agency lists, beside the favorites (see agency_panel.fill_lists_menu)."""
        if self.attached:
            agency_panel.fill_lists_menu(
                self.agency_lists_menu,
                self.catalog,
                self.user,
                self.show_resource,
                self._add_to_sheet,
            )

    def _rebuild_searches_menu(self) -> None:
        menu = self.searches_menu
        menu.clear()
        if not self.attached:
            menu.addAction(self.tr(OPENING)).setEnabled(False)
            return
        for old in menu.findChildren(QMenu):
            old.deleteLater()
        menu.addAction(self.save_search_action)
        saved = userstore.saved_searches(self.user)
        recent = userstore.recent_searches(self.user)
        menu.addSection(self.tr("Saved"))
        if not saved:
            menu.addAction(self.tr("No saved searches")).setEnabled(False)
        for item in saved:
            action = menu.addAction(_menu_text(item.name))
            action.setToolTip(self._describe(item))
            action.triggered.connect(
                lambda _checked=False, s=item: self.apply_search(s.query, s.filters, s.sort)
            )
        if saved:
            forget = QMenu(self.tr("&Delete saved search"), menu)
            for item in saved:
                action = forget.addAction(_menu_text(item.name))
                action.triggered.connect(lambda _checked=False, n=item.name: self._delete_saved(n))
            menu.addMenu(forget)
        menu.addSection(self.tr("Recent"))
        if not recent:
            menu.addAction(self.tr("No recent searches")).setEnabled(False)
        for item in recent:
            action = menu.addAction(_menu_text(self._describe(item)))
            action.triggered.connect(
                lambda _checked=False, s=item: self.apply_search(s.query, s.filters, self.sort())
            )

    def _delete_saved(self, name: str) -> None:
        try:
            userstore.delete_saved_search(self.user, name)
        except userstore.UserDataError as error:
            self.statusBar().showMessage(str(error), 8000)
        self._rebuild_searches_menu()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._painted
            and watched is self.results_view.viewport()
            and event.type() == QEvent.Type.Paint
        ):
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)  # after this paint has been drawn
        if (
            self._awaiting_paint
            and watched is self.results_view.viewport()
            and event.type() == QEvent.Type.Paint
        ):
            self._awaiting_paint = False
            QTimer.singleShot(0, self._page_painted)  # after this paint has been drawn
        if (
            watched is self.detail_view.viewport()
            and event.type() == QEvent.Type.Resize
            and self.current_slug is not None
            and self._details_narrow() != self._details_stacked
        ):
            QTimer.singleShot(0, self._relayout_details)  # not inside the resize itself
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
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

    # ------------------------------------------------------------------ details

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.results_model.hit(current.row()) if current.isValid() else None
        if hit is not None and not self.attached and not self._auto_selecting:
            self._chosen_before_attach = hit.slug
        if hit is not None and hit.slug != self.current_slug:
            if self._auto_selecting or not self.attached:
                # A search chose the first result: its details follow once the results are
                # painted (see _page_painted), so typing shows results at once.
                self._pending_detail = hit.slug
            else:
                self._pending_detail = None
                self.show_resource(hit.slug)
        if hit is not None and not self._auto_selecting:
            self._record_recent()

    def _fit_detail_width(self) -> None:
        """Keep the details wide enough for a few words of their title at any text size
        (when the window is short of room, the results give way first)."""
        least = self.detail_view.fontMetrics().averageCharWidth() * DETAILS_LEAST_CHARS
        self.detail_view.setMinimumWidth(least)

    def _details_narrow(self) -> bool:
        """True when the details pane is too narrow for labels beside their values."""
        room = self.detail_view.viewport().width()
        return room < self.detail_view.fontMetrics().averageCharWidth() * DETAILS_SIDE_BY_SIDE

    def _relayout_details(self) -> None:
        if self.current_slug is not None and self._details_narrow() != self._details_stacked:
            self.show_resource(self.current_slug, remember=False)

    def _show_pending_detail(self) -> None:
        if not self.attached:
            return  # attach shows it
        slug, self._pending_detail = self._pending_detail, None
        if slug is not None and not self._closed and slug != self.current_slug:
            self.show_resource(slug)

    def show_resource(self, slug: str, *, remember: bool = True) -> bool:
        """Show the details of ``slug``; False if the catalog does not have it.

        With ``remember`` the resource joins the back/forward history.
        """
        self.save_note()
        detail = reader.resource_detail(self.catalog, slug)
        if detail is None:
            return False
        self.current_slug = slug
        if remember:
            self._remember(slug)
        record = detail.record
        detail.labels.update(self.value_labels)  # kinds, topics … in the window's language
        sections = detail_sections(
            detail, dt.date.today(), self.preferences.stale_months, on_desk=True
        )
        self._details_stacked = stacked = self._details_narrow()
        self.detail_view.setHtml(
            detail_html(
                record.title,
                subtitle(detail),
                sections,
                self.colors,
                stacked=stacked,
                word=detail_word,
            )
        )
        self._set_detail_enabled(True)
        for action in (self.edit_local_action, self.delete_local_action):
            action.setEnabled(local.is_local_id(slug))
        starred = userstore.is_favorite(self.user, slug)
        self.favorite_button.blockSignals(True)
        self.favorite_button.setChecked(starred)
        self.favorite_button.blockSignals(False)
        self._update_favorite_text()
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(userstore.note(self.user, slug))
        self.note_edit.blockSignals(False)
        return True

    # ------------------------------------------------------------------ history

    def _remember(self, slug: str) -> None:
        if 0 <= self._history_at < len(self._history) and self._history[self._history_at] == slug:
            return
        del self._history[self._history_at + 1 :]
        self._history.append(slug)
        del self._history[:-HISTORY_KEPT]
        self._history_at = len(self._history) - 1
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self._history_at > 0)
        self.forward_action.setEnabled(self._history_at < len(self._history) - 1)

    def go_back(self) -> None:
        """Show the resource viewed before this one."""
        self._go(-1)

    def go_forward(self) -> None:
        """Show the resource viewed after this one (after going back)."""
        self._go(1)

    def _go(self, step: int) -> None:
        at = self._history_at + step
        if not 0 <= at < len(self._history):
            return
        slug = self._history[at]
        if self.show_resource(slug, remember=False):
            self._history_at = at
            self._select_slug(slug)
        self._update_history_actions()

    def _select_slug(self, slug: str) -> None:
        """Make ``slug``'s row current, or no row when the results do not hold it."""
        row = self.results_model.row_of(slug)
        index = self.results_model.index(row, 0) if row >= 0 else QModelIndex()
        self._auto_selecting = True
        try:
            self.results_view.setCurrentIndex(index)
        finally:
            self._auto_selecting = False
        if not index.isValid():
            self.results_view.clearSelection()

    def _set_detail_enabled(self, enabled: bool) -> None:
        for widget in (
            self.favorite_button,
            self.copy_button,
            self.note_edit,
            self.add_to_sheet_button,
        ):
            widget.setEnabled(enabled)
        if not enabled:
            self.edit_local_action.setEnabled(False)
            self.delete_local_action.setEnabled(False)
            self.detail_view.setHtml(
                f"<p style='color:{self.colors.muted}; margin:24px'>"
                + self.tr("Choose a result to see its details.")
                + "</p>"
            )

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() == RESOURCE_SCHEME:
            slug = url.toString()[len(RESOURCE_SCHEME) + 1 :]
            if self.show_resource(slug):
                self._select_slug(slug)
            return
        if link_allowed(url.toString()):
            QDesktopServices.openUrl(url)

    def copy_details(self) -> None:
        if self.current_slug is None:
            return
        detail = reader.resource_detail(self.catalog, self.current_slug)
        if detail is not None:
            QGuiApplication.clipboard().setText(
                detail_text(detail, dt.date.today(), self.preferences.stale_months)
            )
            self.statusBar().showMessage(self.tr("Details copied"), 3000)

    # ------------------------------------------------------------------ favorites, notes

    def _favorite_toggled(self, checked: bool) -> None:
        if self.current_slug is None:
            return
        try:
            if checked:
                userstore.add_favorite(self.user, self.current_slug)
            else:
                userstore.remove_favorite(self.user, self.current_slug)
        except userstore.UserDataError as error:
            self.favorite_button.blockSignals(True)  # show what is stored, not what was asked
            self.favorite_button.setChecked(not checked)
            self.favorite_button.blockSignals(False)
            self.statusBar().showMessage(str(error), 8000)
        self._update_favorite_text()

    def _update_favorite_text(self) -> None:
        starred = self.favorite_button.isChecked()
        self.favorite_button.setText(self.tr("★ Favorite") if starred else self.tr("☆ Favorite"))

    def _note_changed(self) -> None:
        self._note_timer.start()

    def save_note(self) -> None:
        """Save the note being edited (called after a pause in typing and on leaving)."""
        if not self._note_timer.isActive() or self.current_slug is None:
            return
        self._note_timer.stop()
        try:
            userstore.set_note(self.user, self.current_slug, self.note_edit.toPlainText())
        except userstore.UserDataError as error:
            self.statusBar().showMessage(str(error), 6000)

    # ------------------------------------------------------------------ dialogs, docks

    # ------------------------------------------------------------------ local resources

    def edit_local_resource(self, slug: str | None) -> None:
        """Open the form for a new local resource (``slug`` None) or for ``slug``."""
        if slug is not None and not local.is_local_id(slug):
            return
        dialog = local_resource_dialog.LocalResourceDialog(self.catalog, self.user, slug, self)
        dialog.saved.connect(self._local_saved)
        dialog.exec()

    def _local_saved(self, slug: str) -> None:
        self.catalog_changed()
        self.show_resource(slug)

    def delete_local_resource(self) -> None:
        """Delete the local resource shown, after asking."""
        slug = self.current_slug
        if slug is None or not local.is_local_id(slug):
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete local resource"),
            self.tr("Delete this resource your agency added? This cannot be undone."),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            local.delete(self.catalog, self.user, slug)
        except (local.LocalResourceError, userstore.UserDataError) as error:
            QMessageBox.warning(self, self.tr("Delete local resource"), str(error))
            return
        self.current_slug = None
        self._set_detail_enabled(False)
        self.catalog_changed()

    def import_partner_directory(self) -> None:
        """File → Import partner directory: a partner's HSDS package, CSV file or HSDS JSON,
        previewed, then added as local resources (the import can be undone)."""
        from csec_desktop.ui import partner_import  # loads the readers only when asked

        partner_import.import_directory(self)

    def release_catalog(self) -> None:
        """Close every connection to the catalog file (before it is replaced); the next
        :meth:`catalog_changed` opens it again."""
        self.search_runner.settle()
        self.agency.hold()
        self.results_model.clear()
        self.desk.release_catalog()

    def import_update(self) -> None:
        """File → Import catalog update."""
        catalog_update.import_update(self)

    def undo_update(self) -> None:
        """File → Undo last catalog update."""
        catalog_update.undo_update(self)

    def _update_file_menu(self) -> None:
        if self.attached:
            self.undo_update_action.setEnabled(self.desk.can_undo())

    def catalog_changed(self) -> None:
        """Read the catalog anew after it changed (a local edit, an import) and search again."""
        self.search_engine.reload()
        self._resource_count = self.search_engine.count
        self.meta = reader.catalog_meta(self.catalog)
        self.facet_panel.set_year_bounds(*self.search_engine.year_span())
        self._update_status()
        self._generation += 1
        self.run_search()
        self.agency.resume()  # after a catalog update, which held it

    def connect_agency(self) -> None:
        """Edit → Agency server: connect this desk; it syncs at once, off the GUI thread."""
        agency_panel.AgencyServerDialog(self.agency, self).exec()

    def sync_agency(self) -> None:
        """Sync with the agency server on its worker; the search, the status and the lists
        follow when it ends."""
        self.agency.request(tell=True)

    def open_settings(self) -> None:
        """Ask for new preferences (and the agency server) and apply them."""
        agency = agency_panel.AgencyServerForm(self.agency) if self.attached else None
        dialog = SettingsDialog(self.preferences, self, agency)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.apply_preferences(dialog.chosen())

    def apply_preferences(self, chosen: Preferences) -> None:
        """Store ``chosen`` and show the window by it: colours, text size, old facts.

        If they cannot be stored, the window still follows them for this session.
        """
        try:
            userstore.set_preferences(self.user, chosen)
        except userstore.UserDataError as error:
            QMessageBox.warning(
                self,
                self.tr("Settings"),
                self.tr("{error} They apply until you close the window.").format(error=error),
            )
        if chosen.language != self.preferences.language:
            self.statusBar().showMessage(
                self.tr("The new language takes effect the next time you start the desk."), 10000
            )
        self._follow_preferences(chosen)

    def _follow_preferences(self, chosen: Preferences) -> None:
        self.preferences = chosen
        self.colors = apply_appearance(chosen.theme, chosen.text_size)
        self.delegate.colors = self.colors
        self.results_model.stale_months = chosen.stale_months
        self._fit_detail_width()
        self.results_view.doItemsLayout()  # row heights follow the text size
        self.results_view.viewport().update()
        if self.current_slug is not None:
            self.show_resource(self.current_slug, remember=False)
        else:
            self._set_detail_enabled(False)

    # ------------------------------------------------------------------ resource sheet

    def _show_sheet_count(self, count: int) -> None:
        self.sheet_button.setText(self.tr("▤ Sheet ({count})").format(count=count))

    def selected_slugs(self) -> list[str]:
        """The ids of the selected results, in list order."""
        rows = sorted(index.row() for index in self.results_view.selectionModel().selectedRows())
        hits = (self.results_model.hit(row) for row in rows)
        return [hit.slug for hit in hits if hit is not None]

    def add_to_sheet(self) -> None:
        """Add the selected results (or, with none, the resource shown) to the sheet."""
        self._add_to_sheet(
            self.selected_slugs() or ([self.current_slug] if self.current_slug else [])
        )

    def add_shown_to_sheet(self) -> None:
        """Add the resource shown in the details to the sheet."""
        if self.current_slug is not None:
            self._add_to_sheet([self.current_slug])

    def add_favorites_to_sheet(self) -> None:
        """Add every favorite to the sheet."""
        self._add_to_sheet(userstore.favorites(self.user))

    def _add_to_sheet(self, slugs: list[str]) -> None:
        if not slugs:
            return
        added = self.sheet_panel.add_resources(slugs)
        self.sheet_dock.show()
        said = (
            self.tr("Added 1 resource to the sheet.")
            if added == 1
            else self.tr("Added {count} resources to the sheet.").format(count=added)
        )
        already = len(slugs) - added
        if already:
            said += " " + self.tr("({count} already on it)").format(count=already)
        self.statusBar().showMessage(said, 4000)

    def _results_menu(self, position: Any) -> None:
        if not self.attached:
            return
        menu = QMenu(self)
        menu.addAction(self.add_to_sheet_action)
        menu.exec(self.results_view.viewport().mapToGlobal(position))

    def toggle_hotlines(self) -> None:
        """Show or hide the hotlines dock."""
        self.hotlines_action.trigger()

    def _hotlines_toggled(self, shown: bool) -> None:
        if shown:  # read the hotlines the first time they are shown
            self.hotline_panel.load()

    def _hotlines_chosen(self, shown: bool) -> None:
        # Opened by the user (F2, the button, the menu): the keyboard goes to the first
        # number, so a screen reader says it at once, not after every filter and result.
        if shown and self.attached:
            self.hotline_panel.focus_first()

    def show_about(self) -> None:
        sources = ", ".join(s.title for s in reader.sources(self.catalog))
        QMessageBox.about(
            self,
            self.tr("About {name}").format(name=paths.APP_NAME),
            f"<b>{paths.APP_NAME}</b> {__version__}<br>"
            + self.tr("Catalog of {date}, {count} resources.").format(
                date=self.meta.get("catalog_date", "?"),
                count=self.meta.get("resource_count", "?"),
            )
            + "<br><br>"
            + self.tr("Sources: {sources}").format(sources=_escape(sources))
            + "<br><br>"
            + self.tr(
                "Everything stays on this computer: no account, no telemetry, and a link "
                "opens only when you click it."
            ),
        )

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td><b>{_escape(self.tr(keys))}</b>&nbsp;&nbsp;</td>"
            f"<td>{_escape(self.tr(what))}</td></tr>"
            for keys, what in SHORTCUTS
        )
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), f"<table>{rows}</table>")

    # ------------------------------------------------------------------ layout, closing

    def _restore_layout(self, settings: Mapping[str, Any]) -> None:
        for key, restore in (
            ("window.geometry", self.restoreGeometry),
            ("window.state", self.restoreState),
            ("window.splitter", self.splitter.restoreState),
        ):
            value = settings.get(key)
            if isinstance(value, str) and value:
                restore(QByteArray.fromBase64(value.encode("ascii")))

    def _save_layout(self) -> None:
        for key, state in (
            ("window.geometry", self.saveGeometry()),
            ("window.state", self.saveState()),
            ("window.splitter", self.splitter.saveState()),
        ):
            try:
                userstore.set_setting(
                    self.user, key, bytes(state.toBase64().data()).decode("ascii")
                )
            except userstore.UserDataError:
                return  # the layout is a convenience; closing must not fail over it
        search = {
            "query": self.search_edit.text(),
            "filters": self.facet_panel.selection(),
            "sort": self.sort(),
        }
        with contextlib.suppress(userstore.UserDataError):
            userstore.set_setting(self.user, LAST_SEARCH_KEY, search)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            if self.attached:  # before that, no note or layout of theirs has been shown
                self.save_note()
                self._save_layout()
            self._closed = True
            self._debounce.stop()
            if self.searchable:
                self.search_runner.close()
                self.results_model.clear()
            if self.attached:  # else the start that is opening them lets go of them
                self.agency.close()
                self.desk.close()
        super().closeEvent(event)


def _filter_key(filters: Mapping[str, Sequence[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``filters`` in a form that compares equal for the same choice."""
    return tuple(sorted((facet, tuple(sorted(codes))) for facet, codes in filters.items() if codes))


def _menu_text(text: str) -> str:
    """``text`` for a menu entry: ampersands kept, long text cut."""
    text = text if len(text) <= 60 else text[:59] + "…"
    return text.replace("&", "&&")


def _escape(text: str) -> str:
    import html

    return html.escape(text)
