"""The menus that list what the caseworker keeps: Searches (saved and recent searches,
Save search…), Go → Favorites and Go → Agency lists.

Each menu is filled when it opens, from the user database, so it always shows what is
stored now (another window, the agency's sync). Before the window has its databases a menu
says it is opening the catalog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from csec_desktop.lazy import lazy_module
from csec_desktop.ui.details_controller import DetailsController
from csec_desktop.ui.panels import FacetPanel
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QAction,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QObject,
)
from csec_desktop.ui.search_controller import SearchController
from csec_desktop.ui.sentences import told
from csec_desktop.ui.sheet_controller import SheetController
from csec_desktop.ui.window_host import WindowHost

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from csec_desktop.catalog.storage import reader
    from csec_desktop.catalog.user import userstore
    from csec_desktop.ui import agency_panel
else:
    # SQLAlchemy loads behind the first frame (csec_desktop.lazy).
    reader = lazy_module("csec_desktop.catalog.storage.reader")
    userstore = lazy_module("csec_desktop.catalog.user.userstore")
    agency_panel = lazy_module("csec_desktop.ui.agency_panel")

# What a menu of the caseworker's own things says while the databases are still opening.
OPENING = QT_TRANSLATE_NOOP("ListsController", "Opening the catalog…")


class ListsHost(WindowHost, Protocol):
    """What the lists need of the window (the main window is one)."""

    catalog: Engine
    user: Engine
    search_edit: QLineEdit
    facet_panel: FacetPanel
    searches_menu: QMenu
    save_search_action: QAction
    favorites_menu: QMenu
    agency_lists_menu: QMenu


class ListsController(QObject):
    """Fills the menus of saved and recent searches, favorites and agency lists, and
    records the searches the caseworker settles on."""

    def __init__(
        self,
        window: ListsHost,
        search: SearchController,
        details: DetailsController,
        sheet: SheetController,
    ) -> None:
        super().__init__(window.window())
        self._window = window
        self._search = search
        self._details = details
        self._sheet = sheet
        # The search last recorded as recent (query, filters), not recorded twice running.
        self._last_recorded: tuple[str, str] | None = None
        window.save_search_action.triggered.connect(self.save_search)
        window.searches_menu.aboutToShow.connect(self.rebuild_searches_menu)
        window.favorites_menu.aboutToShow.connect(self.rebuild_favorites_menu)
        window.agency_lists_menu.aboutToShow.connect(self._rebuild_agency_lists)
        # A search is recorded when Enter settles it, after it ran, and when a result of
        # it is chosen.
        window.search_edit.returnPressed.connect(self.record_recent)
        details.picked.connect(self.record_recent)

    def record_recent(self) -> None:
        """Remember the search on screen among the recent searches."""
        if not self._window.attached:
            return
        query = self._window.search_edit.text().strip()
        filters = self._window.facet_panel.selection()
        key = (query, repr(sorted(filters.items())))
        if key == self._last_recorded or not (query or filters):
            return
        self._last_recorded = key
        try:
            userstore.record_recent_search(self._window.user, query, filters)
        except userstore.UserDataError as error:
            self._window.statusBar().showMessage(told(error), 6000)

    # ------------------------------------------------------------------ saved searches

    def save_search(self) -> None:
        """Ask for a name and save the query, filters and sort under it."""
        query = self._window.search_edit.text().strip()
        name, ok = QInputDialog.getText(
            self._window.window(),
            self.tr("Save search"),
            self.tr("Name for this search:"),
            QLineEdit.EchoMode.Normal,
            query,
        )
        if not ok or not name.strip():
            return
        try:
            userstore.save_search(
                self._window.user,
                name,
                query,
                self._window.facet_panel.selection(),
                self._search.sort(),
            )
        except userstore.UserDataError as error:
            QMessageBox.warning(self._window.window(), self.tr("Save search"), told(error))
            return
        self.rebuild_searches_menu()
        self._window.statusBar().showMessage(
            self.tr("Saved the search “{name}”").format(name=name.strip()), 3000
        )

    def rebuild_favorites_menu(self) -> None:
        """Go → Favorites: every starred resource by title, newest first; a click shows it."""
        menu = self._window.favorites_menu
        menu.clear()
        if not self._window.attached:
            menu.addAction(self.tr(OPENING)).setEnabled(False)
            return
        slugs = userstore.favorites(self._window.user)
        known = reader.titles(self._window.catalog, slugs)
        for slug in slugs:
            title = known.get(slug)
            gone = self.tr("{id} (no longer in the catalog)").format(id=slug)
            action = menu.addAction(_menu_text(title or gone))
            action.setEnabled(title is not None)
            action.triggered.connect(lambda _checked=False, s=slug: self._details.show_resource(s))
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
        if self._window.attached:
            agency_panel.fill_lists_menu(
                self._window.agency_lists_menu,
                self._window.catalog,
                self._window.user,
                self._details.show_resource,
                self._sheet.add_resources,
            )

    def rebuild_searches_menu(self) -> None:
        """Searches: Save search…, the saved searches (and a menu to delete one), the recent."""
        menu = self._window.searches_menu
        menu.clear()
        if not self._window.attached:
            menu.addAction(self.tr(OPENING)).setEnabled(False)
            return
        for old in menu.findChildren(QMenu):
            old.deleteLater()
        menu.addAction(self._window.save_search_action)
        saved = userstore.saved_searches(self._window.user)
        recent = userstore.recent_searches(self._window.user)
        menu.addSection(self.tr("Saved"))
        if not saved:
            menu.addAction(self.tr("No saved searches")).setEnabled(False)
        for item in saved:
            action = menu.addAction(_menu_text(item.name))
            action.setToolTip(self._describe(item))
            action.triggered.connect(
                lambda _checked=False, s=item: self._search.apply_search(s.query, s.filters, s.sort)
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
                lambda _checked=False, s=item: self._search.apply_search(
                    s.query, s.filters, self._search.sort()
                )
            )

    def _delete_saved(self, name: str) -> None:
        try:
            userstore.delete_saved_search(self._window.user, name)
        except userstore.UserDataError as error:
            self._window.statusBar().showMessage(told(error), 8000)
        self.rebuild_searches_menu()


def _menu_text(text: str) -> str:
    """``text`` for a menu entry: ampersands kept, long text cut."""
    text = text if len(text) <= 60 else text[:59] + "…"
    return text.replace("&", "&&")
