"""The main window: search field, filters · results · details, hotlines dock, menus.

The window builds its widgets, menus and docks, attaches the desk, keeps its layout and
closes; the work is done by its controllers, each in a module of its own, each driving
widgets the window built:

- ui/search_controller.py: the query → the search runner → the results, count and chips;
- ui/details_controller.py: the resource shown, its star and note, back and forward;
- ui/sheet_controller.py: adding to the resource sheet;
- ui/lists_controller.py: the Searches, Favorites and Agency lists menus;
- ui/catalog_controller.py: local resources, imports, catalog updates, the agency server;
- ui/settings_controller.py: Edit → Settings; ui/help_menu.py: the Help menu.

The results column's widgets are built by ui/results_pane.py.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from csec_desktop import paths
from csec_desktop.catalog.content.states import state_names
from csec_desktop.catalog.first_frame import FirstFrame
from csec_desktop.catalog.user.preferences import Preferences, preferences_from
from csec_desktop.lazy import lazy_module
from csec_desktop.ui.catalog_controller import CatalogController
from csec_desktop.ui.client_panel import ClientPanel
from csec_desktop.ui.detail_browser import DetailBrowser
from csec_desktop.ui.details_controller import DetailsController
from csec_desktop.ui.dock_places import DockPlaces
from csec_desktop.ui.flow_layout import FlowLayout
from csec_desktop.ui.help_menu import HelpMenu
from csec_desktop.ui.i18n import use_language
from csec_desktop.ui.lists_controller import OPENING, ListsController
from csec_desktop.ui.panels import FacetPanel, HotlinePanel
from csec_desktop.ui.partner_undo import PartnerUndo
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QAction,
    QByteArray,
    QCloseEvent,
    QDockWidget,
    QEvent,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMainWindow,
    QObject,
    QPlainTextEdit,
    QPushButton,
    QShortcut,
    QSplitter,
    Qt,
    QTextOption,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from csec_desktop.ui.results import ResultsModel
from csec_desktop.ui.results_pane import ResultsPane
from csec_desktop.ui.search_controller import SearchController
from csec_desktop.ui.settings_controller import SettingsController
from csec_desktop.ui.sheet_controller import SheetController
from csec_desktop.ui.theme import apply_appearance, relative_font

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from csec_desktop.catalog.desk import Desk
    from csec_desktop.catalog.search import SearchEngine
    from csec_desktop.catalog.storage import reader
    from csec_desktop.catalog.user import userstore
    from csec_desktop.ui import agency_link, agency_panel
    from csec_desktop.ui.search_runner import SearchRunner
    from csec_desktop.ui.sheet_panel import SheetPanel
else:
    # These pull in SQLAlchemy and numpy, which load behind the first frame (app.py,
    # csec_desktop.lazy); they are first used once the window has its databases.
    reader = lazy_module("csec_desktop.catalog.storage.reader")
    userstore = lazy_module("csec_desktop.catalog.user.userstore")
    agency_panel = lazy_module("csec_desktop.ui.agency_panel")
    agency_link = lazy_module("csec_desktop.ui.agency_link")

PLACEHOLDER = QT_TRANSLATE_NOOP("MainWindow", "Search programs, trainings, hotlines, publications…")
# The setting that keeps the search on screen when the window closed, for the next start.
LAST_SEARCH_KEY = "window.search"


class MainWindow(QMainWindow):
    """The application window over one desk (a data folder's catalog and user data).

    ``MainWindow(desk)`` is the whole window on a prepared desk, its first search done. The
    application's start paints sooner: ``MainWindow(first_frame=…)`` is the window as it
    first appears, showing the first page of results (read with plain sqlite3) and taking
    typing, while the catalog and the search engine load; :meth:`attach` then gives it its
    desk, enables the rest and runs the search typed meanwhile. The window closes its desk.
    """

    # The results list has painted for the first time (the application is interactive).
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
        self.closed = False
        # True once the window has its search engine (see attach_search) and once it has
        # its databases as well (see attach).
        self.searchable = False
        self.attached = False
        self._painted = False
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
        # Labels of the vocabulary's values in the window's language (none in English).
        self.value_labels: dict[tuple[str, str], str] = {}
        # Before any widget is made: the window is built in its language (see ui/i18n.py).
        self.language, self._language_note = use_language(self.preferences.language)
        self.colors = apply_appearance(self.preferences.theme, self.preferences.text_size)

        self._build_local_actions()
        self._build_search_bar()
        self._build_panes()
        self.details = DetailsController(self)
        self.settings = SettingsController(self, self.details)
        self.search = SearchController(self, self.details)
        self.search.catalog_repaired.connect(self.catalog_changed)
        # After the search's filter, so that the first paint is told before all else.
        self.results_view.viewport().installEventFilter(self)
        self._build_hotlines()
        self._build_sheet()
        self.sheet = SheetController(self, self.details)
        self.help = HelpMenu(self)
        self._build_menus()
        self.lists = ListsController(self, self.search, self.details, self.sheet)
        self.changes = CatalogController(self, self.details)
        self._build_status_bar()

        self.resize(1280, 800)
        self._restore_layout(settings)
        self.search.restore_search(settings.get(LAST_SEARCH_KEY))
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
            self.search.show_first_frame(first_frame)
            self.statusBar().showMessage(self.lists.tr(OPENING))
        if desk is not None:
            self.attach(desk)

    def attach_search(self, engine: SearchEngine) -> None:
        """Give the window the catalog's search engine (opened on a loader thread): from
        now on typing and filters search; what needs the databases waits for attach."""
        self.search_engine = engine
        self.search_runner = self.search.attach(engine)
        self._resource_count = engine.count
        for widget in (self.facet_panel, self.client_panel, self.sort_combo):
            widget.setEnabled(True)
            self._waiting.remove(widget)
        self.searchable = True
        self._update_status()
        self.search.schedule()  # what was typed meanwhile, or the first page again

    def _use_vocabulary(self) -> None:
        """In Spanish, name facet values and the details' kinds, topics and the like by the
        Spanish labels of the catalog's vocabulary (English where a value has none), and
        the states by their Spanish names."""
        if self.language != "es":
            return
        self.value_labels = {
            (entry.facet, entry.code): entry.label_es
            for entry in reader.vocabulary(self.catalog)
            if entry.label_es
        }
        states = state_names(self.language).items()
        self.value_labels.update({("state", code): name for code, name in states})
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
            self.settings.follow_preferences(stored)
        self.hotline_panel = HotlinePanel(catalog)
        self.hotline_dock.setWidget(self.hotline_panel)
        if self.hotline_dock.isVisible():
            self.hotline_panel.load()
        self.sheet_panel = self.sheet.attach(catalog, user)
        # Enabled by the panel while the sheet has resources, not by attach.
        self._waiting = [item for item in self._waiting if item not in self.sheet.outputs]
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
        self.lists.rebuild_searches_menu()
        self.statusBar().clearMessage()
        if self._language_note:  # a missing or stale translation, an unknown language
            self.statusBar().showMessage(self._language_note, 20000)
        self._update_status()
        self.details.update_history_actions()
        if opened_here:
            # The first results are shown at once; the details of the first one follow on
            # the next turn of the event loop (see DetailsController), after it has painted.
            self.search.run_now()
        elif not self.search.awaiting_paint:  # details chosen meanwhile are shown now
            self.details.show_pending_detail()
        self.agency.start()

    @property
    def current_slug(self) -> str | None:
        """The resource whose details are shown."""
        return self.details.current_slug

    def show_resource(self, slug: str, *, remember: bool = True) -> bool:
        """Show the details of ``slug`` (see DetailsController.show_resource)."""
        return self.details.show_resource(slug, remember=remember)

    def run_search(self) -> None:
        """Search for the field's text with the checked filters; results arrive shortly."""
        self.search.run_search()

    def apply_preferences(self, chosen: Preferences) -> None:
        """Store ``chosen`` and follow them (see SettingsController.apply_preferences)."""
        self.settings.apply_preferences(chosen)

    def search_idle(self) -> bool:
        """True when no search is waiting to run or running, and its details are shown."""
        return self.attached and self.search.idle() and self.details.pending is None

    # ------------------------------------------------------------------ building

    def _build_local_actions(self) -> None:
        self.new_local_action = QAction(self.tr("&New local resource…"), self)
        self.new_local_action.setShortcut(QKeySequence.StandardKey.New)
        self.edit_local_action = QAction(self.tr("&Edit local resource…"), self)
        self.edit_local_action.setShortcut(QKeySequence("Ctrl+E"))
        self.delete_local_action = QAction(self.tr("&Delete local resource…"), self)
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

        self.back_action = QAction("◀", self)
        self.back_action.setShortcut(QKeySequence("Alt+Left"))
        self.back_action.setToolTip(self.tr("Back to the previous resource (Alt+Left)"))
        self.forward_action = QAction("▶", self)
        self.forward_action.setShortcut(QKeySequence("Alt+Right"))
        self.forward_action.setToolTip(self.tr("Forward to the next resource (Alt+Right)"))
        self.back_button = self._nav_button(self.back_action, "backButton", self.tr("Back"))
        self.forward_button = self._nav_button(
            self.forward_action, "forwardButton", self.tr("Forward")
        )

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

        self.results_model = ResultsModel(None, self)
        self.results_model.stale_months = self.preferences.stale_months
        results_pane = ResultsPane(self.results_model, self.colors)
        self.count_label = results_pane.count_label
        self.suggestion_label = results_pane.suggestion_label
        self.notice_label = results_pane.notice_label
        self.sort_combo = results_pane.sort_combo
        self.clear_filters_button = results_pane.clear_filters_button
        self.clear_filters_button.clicked.connect(self.facet_panel.clear)
        self.chip_bar = results_pane.chip_bar
        self.chip_layout = results_pane.chip_layout
        self.results_view = results_pane.results_view
        self.delegate = results_pane.delegate
        self.empty_state = results_pane.empty_state

        self.detail_view = DetailBrowser()  # names the link Tab reaches
        self.detail_view.setObjectName("detailView")
        self.detail_view.setOpenLinks(False)
        self.detail_view.setOpenExternalLinks(False)
        self.detail_view.document().setDocumentMargin(14)
        # Whole words only ("Organizatio/n" never); addresses wrap at their slashes and dots.
        self.detail_view.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.detail_view.setAccessibleName(self.tr("Details"))

        self.favorite_button = QPushButton(self.tr("☆ Favorite"))
        self.favorite_button.setObjectName("favoriteButton")
        self.favorite_button.setAccessibleName(self.tr("Favorite"))
        self.favorite_button.setCheckable(True)
        self.favorite_button.setShortcut(QKeySequence("Ctrl+D"))
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the details as text (Ctrl+Shift+C)"))
        self.copy_button.setObjectName("copyButton")
        self.copy_button.setAccessibleName(self.tr("Copy details as text"))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.setMaximumHeight(90)
        self.note_edit.setTabChangesFocus(True)  # Tab moves on, as everywhere else

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
        buttons.addWidget(self.favorite_button)
        buttons.addWidget(self.add_to_sheet_button)
        buttons.addWidget(self.copy_button)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(self.note_edit)

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
        self.add_favorites_action = QAction(self.tr("Add &favorites to sheet"), self)
        self.print_sheet_action = QAction(self.tr("&Print sheet…"), self)
        self.print_sheet_action.setShortcut(QKeySequence.StandardKey.Print)
        self.preview_sheet_action = QAction(self.tr("Print pre&view of sheet…"), self)
        self.preview_sheet_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.pdf_sheet_action = QAction(self.tr("Save sheet as P&DF…"), self)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        self.file_menu = menu.addMenu(self.tr("&File"))
        for action in (self.new_local_action, self.edit_local_action, self.delete_local_action):
            self.file_menu.addAction(action)
        self.import_partner_action = QAction(self.tr("Import &partner directory…"), self)
        self.file_menu.addAction(self.import_partner_action)
        self.file_menu.addSeparator()
        for action in (self.print_sheet_action, self.preview_sheet_action, self.pdf_sheet_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.import_update_action = QAction(self.tr("&Import catalog update…"), self)
        self.import_update_action.setShortcut(QKeySequence("Ctrl+I"))
        self.file_menu.addAction(self.import_update_action)
        self.undo_update_action = QAction(self.tr("&Undo last catalog update…"), self)
        self.file_menu.addAction(self.undo_update_action)
        self.file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_action.triggered.connect(self.close)
        self.file_menu.addAction(quit_action)

        edit_menu = menu.addMenu(self.tr("&Edit"))
        self.partner_undo = PartnerUndo(self)
        edit_menu.addAction(self.partner_undo.action)
        edit_menu.addSeparator()
        self.copy_action = QAction(self.tr("&Copy details as text"), self)
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_action.triggered.connect(self.details.copy_details)
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
        self.settings_action.triggered.connect(self.settings.open_settings)
        edit_menu.addAction(self.settings_action)
        self.agency_action = QAction(self.tr("&Agency server…"), self)
        edit_menu.addAction(self.agency_action)
        self.agency_sync_action = QAction(self.tr("S&ync with agency server"), self)
        edit_menu.addAction(self.agency_sync_action)

        self.searches_menu = menu.addMenu(self.tr("&Searches"))
        self.searches_menu.setObjectName("searchesMenu")
        self.save_search_action = QAction(self.tr("&Save search…"), self)
        self.save_search_action.setShortcut(QKeySequence("Ctrl+S"))
        self.searches_menu.addAction(self.save_search_action)

        go_menu = menu.addMenu(self.tr("&Go"))
        go_menu.addAction(self.back_action)
        go_menu.addAction(self.forward_action)
        go_menu.addSeparator()
        self.favorites_menu = go_menu.addMenu(self.tr("&Favorites"))
        self.favorites_menu.setObjectName("favoritesMenu")
        self.agency_lists_menu = go_menu.addMenu(self.tr("Agency &lists"))
        self.agency_lists_menu.setObjectName("agencyListsMenu")

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
        shortcuts_action.triggered.connect(self.help.show_shortcuts)
        help_menu.addAction(shortcuts_action)
        about_action = QAction(self.tr("&About CSEC Resource Desk"), self)
        about_action.triggered.connect(self.help.show_about)
        help_menu.addAction(about_action)
        self._usable_before_attach: tuple[QAction, ...] = (
            quit_action,
            find_action,
            shortcuts_action,
        )

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
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ catalog, hotlines

    def release_catalog(self) -> None:
        """Close every connection to the catalog file (before it is replaced); the next
        :meth:`catalog_changed` opens it again."""
        self.search_runner.settle()
        self.agency.hold()
        self.results_model.clear()
        self.desk.release_catalog()

    def catalog_changed(self) -> None:
        """Read the catalog anew after it changed (a local edit, an import) and search again."""
        self.search_engine.reload()
        self._resource_count = self.search_engine.count
        self.meta = reader.catalog_meta(self.catalog)
        self.facet_panel.set_year_bounds(*self.search_engine.year_span())
        self._update_status()
        self.search.search_again()
        self.agency.resume()  # after a catalog update, which held it

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
        with contextlib.suppress(userstore.UserDataError):
            userstore.set_setting(self.user, LAST_SEARCH_KEY, self.search.stored_search())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.closed:
            if self.attached:  # before that, no note or layout of theirs has been shown
                self.details.save_note()
                self._save_layout()
            self.closed = True
            self.search.close()
            if self.attached:  # else the start that is opening them lets go of them
                self.agency.close()
                self.desk.close()
        super().closeEvent(event)
