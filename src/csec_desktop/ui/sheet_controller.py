"""The resource sheet in the window: what adds to it (the selected results, the resource
shown, the favorites), its count on the Sheet button, and its dock.

The sheet itself (its list, labels, printing) is ``ui/sheet_panel.py``; it is made once the
window has its databases (:meth:`SheetController.attach`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from csec_desktop.lazy import lazy_module
from csec_desktop.ui.details_controller import DetailsController
from csec_desktop.ui.panels import FittedScrollArea
from csec_desktop.ui.qt import (
    QAction,
    QDockWidget,
    QListView,
    QMenu,
    QObject,
    QPushButton,
)
from csec_desktop.ui.results import ResultsModel
from csec_desktop.ui.window_host import WindowHost

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from csec_desktop.catalog.user import userstore
    from csec_desktop.ui import sheet_panel
    from csec_desktop.ui.sheet_panel import SheetPanel
else:
    # SQLAlchemy loads behind the first frame (csec_desktop.lazy).
    userstore = lazy_module("csec_desktop.catalog.user.userstore")
    sheet_panel = lazy_module("csec_desktop.ui.sheet_panel")


class SheetHost(WindowHost, Protocol):
    """What the sheet needs of the window (the main window is one)."""

    user: Engine
    sheet_button: QPushButton
    sheet_dock: QDockWidget
    results_model: ResultsModel
    results_view: QListView
    add_to_sheet_button: QPushButton
    add_to_sheet_action: QAction
    add_favorites_action: QAction
    print_sheet_action: QAction
    preview_sheet_action: QAction
    pdf_sheet_action: QAction


class SheetController(QObject):
    """Adds resources to the sheet and shows how many it has."""

    panel: SheetPanel

    def __init__(self, window: SheetHost, details: DetailsController) -> None:
        super().__init__(window.sheet_dock)
        self._window = window
        self._details = details
        self.dock = window.sheet_dock
        # The window's print, preview and save-as-PDF: enabled while the sheet has
        # resources, by the panel.
        self.outputs = [
            window.print_sheet_action,
            window.preview_sheet_action,
            window.pdf_sheet_action,
        ]
        window.add_to_sheet_action.triggered.connect(self.add_to_sheet)
        window.add_favorites_action.triggered.connect(self.add_favorites_to_sheet)
        window.add_to_sheet_button.clicked.connect(self.add_shown_to_sheet)
        window.results_view.customContextMenuRequested.connect(self._results_menu)
        self._show_count(0)

    def attach(self, catalog: Engine, user: Engine) -> SheetPanel:
        """Make the sheet (the one kept from before) on the window's databases."""
        window = self._window
        self.panel = sheet_panel.SheetPanel(catalog, user)
        self.panel.countChanged.connect(self._show_count)
        self._show_count(len(self.panel.slugs()))  # the sheet kept from before
        # The panel is taller than a small screen: it scrolls rather than being cut off,
        # and the dock is as wide as the panel needs.
        scroller = FittedScrollArea()
        scroller.setWidget(self.panel)
        self.dock.setWidget(scroller)
        print_action, preview_action, pdf_action = self.outputs
        print_action.triggered.connect(self.panel.print_sheet)
        preview_action.triggered.connect(self.panel.preview)
        pdf_action.triggered.connect(self.panel.ask_save_pdf)
        self.panel.follow_outputs(self.outputs)
        self.panel.said.connect(lambda message: window.statusBar().showMessage(message, 8000))
        return self.panel

    def _show_count(self, count: int) -> None:
        self._window.sheet_button.setText(self.tr("▤ Sheet ({count})").format(count=count))

    def selected_slugs(self) -> list[str]:
        """The ids of the selected results, in list order."""
        window = self._window
        rows = sorted(index.row() for index in window.results_view.selectionModel().selectedRows())
        hits = (window.results_model.hit(row) for row in rows)
        return [hit.slug for hit in hits if hit is not None]

    def add_to_sheet(self) -> None:
        """Add the selected results (or, with none, the resource shown) to the sheet."""
        shown = self._details.current_slug
        self.add_resources(self.selected_slugs() or ([shown] if shown else []))

    def add_shown_to_sheet(self) -> None:
        """Add the resource shown in the details to the sheet."""
        if self._details.current_slug is not None:
            self.add_resources([self._details.current_slug])

    def add_favorites_to_sheet(self) -> None:
        """Add every favorite to the sheet."""
        self.add_resources(userstore.favorites(self._window.user))

    def add_resources(self, slugs: list[str]) -> None:
        """Add ``slugs`` to the sheet, show it, and say how many were added."""
        if not slugs:
            return
        added = self.panel.add_resources(slugs)
        self.dock.show()
        said = (
            self.tr("Added 1 resource to the sheet.")
            if added == 1
            else self.tr("Added {count} resources to the sheet.").format(count=added)
        )
        already = len(slugs) - added
        if already:
            said += " " + self.tr("({count} already on it)").format(count=already)
        self._window.statusBar().showMessage(said, 4000)

    def _results_menu(self, position: Any) -> None:
        window = self._window
        if not window.attached:
            return
        menu = QMenu(window.results_view.window())
        menu.addAction(window.add_to_sheet_action)
        menu.exec(window.results_view.viewport().mapToGlobal(position))
