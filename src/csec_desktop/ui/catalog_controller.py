"""What changes the catalog under the window: local resources (new, edit, delete), a
partner's directory, a catalog update and its undo, and the agency server's sync.

Each change is made by its own module (``ui/local_resource_dialog.py``,
``ui/partner_import.py``, ``ui/catalog_update.py``, ``ui/agency_link.py``); this controller
answers the File and Edit menus and, once a change is made, has the window read the catalog
anew (the window's ``catalog_changed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from csec_desktop.lazy import lazy_module
from csec_desktop.ui.details_controller import DetailsController
from csec_desktop.ui.partner_undo import PartnerUndo
from csec_desktop.ui.qt import QAction, QMenu, QMessageBox, QObject
from csec_desktop.ui.sentences import told
from csec_desktop.ui.window_host import WindowHost

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from csec_desktop.catalog.desk import Desk
    from csec_desktop.catalog.user import local, userstore
    from csec_desktop.ui import agency_panel, catalog_update, local_resource_dialog
    from csec_desktop.ui.agency_link import AgencyLink
else:
    # These pull in SQLAlchemy, which loads behind the first frame (csec_desktop.lazy).
    local = lazy_module("csec_desktop.catalog.user.local")
    userstore = lazy_module("csec_desktop.catalog.user.userstore")
    agency_panel = lazy_module("csec_desktop.ui.agency_panel")
    catalog_update = lazy_module("csec_desktop.ui.catalog_update")
    local_resource_dialog = lazy_module("csec_desktop.ui.local_resource_dialog")


class CatalogHost(WindowHost, Protocol):
    """What changing the catalog needs of the window (the main window is one); it is also
    what ``ui/catalog_update.py`` and ``ui/partner_import.py`` need of it."""

    desk: Desk
    catalog: Engine
    user: Engine
    agency: AgencyLink
    # The partner imports of this session, for Edit → Undo partner import.
    partner_undo: PartnerUndo
    file_menu: QMenu
    new_local_action: QAction
    edit_local_action: QAction
    delete_local_action: QAction
    import_partner_action: QAction
    import_update_action: QAction
    undo_update_action: QAction
    agency_action: QAction
    agency_sync_action: QAction

    def release_catalog(self) -> None:
        """Let go of the catalog file before it is replaced."""
        ...

    def catalog_changed(self) -> None:
        """Read the catalog anew after it changed and search again."""
        ...


class CatalogController(QObject):
    """Answers File → local resources, imports and updates, and Edit → agency server."""

    def __init__(self, window: CatalogHost, details: DetailsController) -> None:
        super().__init__(window.window())
        self._window = window
        self._details = details
        window.new_local_action.triggered.connect(lambda: self.edit_local_resource(None))
        window.edit_local_action.triggered.connect(
            lambda: self.edit_local_resource(details.current_slug)
        )
        window.delete_local_action.triggered.connect(self.delete_local_resource)
        window.import_partner_action.triggered.connect(self.import_partner_directory)
        window.import_update_action.triggered.connect(self.import_update)
        window.undo_update_action.triggered.connect(self.undo_update)
        window.file_menu.aboutToShow.connect(self.update_file_menu)
        window.agency_action.triggered.connect(self.connect_agency)
        window.agency_sync_action.triggered.connect(self.sync_agency)

    # ------------------------------------------------------------------ local resources

    def edit_local_resource(self, slug: str | None) -> None:
        """Open the form for a new local resource (``slug`` None) or for ``slug``."""
        if slug is not None and not local.is_local_id(slug):
            return
        window = self._window
        dialog = local_resource_dialog.LocalResourceDialog(
            window.catalog, window.user, slug, window.window()
        )
        dialog.saved.connect(self._local_saved)
        dialog.exec()

    def _local_saved(self, slug: str) -> None:
        self._window.catalog_changed()
        self._details.show_resource(slug)

    def delete_local_resource(self) -> None:
        """Delete the local resource shown, after asking."""
        window = self._window
        slug = self._details.current_slug
        if slug is None or not local.is_local_id(slug):
            return
        answer = QMessageBox.question(
            window.window(),
            self.tr("Delete local resource"),
            self.tr("Delete this resource your agency added? This cannot be undone."),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            local.delete(window.catalog, window.user, slug)
        except (local.LocalResourceError, userstore.UserDataError) as error:
            QMessageBox.warning(window.window(), self.tr("Delete local resource"), told(error))
            return
        self._details.clear()
        window.catalog_changed()

    # ------------------------------------------------------------------ imports, updates

    def import_partner_directory(self) -> None:
        """File → Import partner directory: a partner's HSDS package, CSV file or HSDS JSON,
        previewed, then added as local resources (the import can be undone)."""
        from csec_desktop.ui import partner_import  # loads the readers only when asked

        partner_import.import_directory(self._window)

    def import_update(self) -> None:
        """File → Import catalog update."""
        catalog_update.import_update(self._window)

    def undo_update(self) -> None:
        """File → Undo last catalog update."""
        catalog_update.undo_update(self._window)

    def update_file_menu(self) -> None:
        """Offer Undo last catalog update only when there is one to undo."""
        if self._window.attached:
            self._window.undo_update_action.setEnabled(self._window.desk.can_undo())

    # ------------------------------------------------------------------ agency server

    def connect_agency(self) -> None:
        """Edit → Agency server: connect this desk; it syncs at once, off the GUI thread."""
        agency_panel.AgencyServerDialog(self._window.agency, self._window.window()).exec()

    def sync_agency(self) -> None:
        """Sync with the agency server on its worker; the search, the status and the lists
        follow when it ends."""
        self._window.agency.request(tell=True)
