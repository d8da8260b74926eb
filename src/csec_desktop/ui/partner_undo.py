"""Edit → Undo partner import “name”: a partner import taken back later, not only from the
summary box that follows it (``ui/partner_import.py``).

The window keeps the imports of this session, newest last, and the action undoes the
newest: an older import is never taken back from under a newer one that changed the same
resources. What an import replaced is kept in memory only, so after a restart its local
resources are removed one by one (File → Delete local resource).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from csec_desktop.ui.progress import forget_locals, run_with_progress
from csec_desktop.ui.qt import QT_TRANSLATE_NOOP, QAction, QCoreApplication, QMessageBox, QWidget
from csec_desktop.ui.sentences import told

if TYPE_CHECKING:
    from csec_desktop.catalog.desk import Desk
    from csec_desktop.catalog.interchange.partner import PartnerImport

TITLE = QT_TRANSLATE_NOOP("partner_undo", "Undo partner import")


def _tr(text: str) -> str:
    """A marked constant of this module in the window's language."""
    return QCoreApplication.translate("partner_undo", text)


class UndoHost(Protocol):
    """What undoing needs of the window (the main window is one)."""

    desk: Desk

    def window(self) -> QWidget:
        """The window that dialogs belong to."""
        ...

    def catalog_changed(self) -> None:
        """Show the catalog anew after local resources were added or removed."""
        ...


def take_back(host: UndoHost, done: PartnerImport) -> bool:
    """Undo the import ``done`` on a worker thread (its resources removed, what it changed
    put back); False, with the reason shown, when it could not be."""
    # With its readers and SQLAlchemy, which the window loads behind its first frame.
    from csec_desktop.catalog.interchange.partner import undo_partner_import
    from csec_desktop.catalog.storage.store import StoreError

    window, desk = host.window(), host.desk
    try:
        run_with_progress(
            QCoreApplication.translate("partner_undo", "Undoing the import"),
            lambda _report: undo_partner_import(desk.catalog, desk.user, done),
            parent=window,
        )
    except (StoreError, ValueError) as error:
        forget_locals(error)
        QMessageBox.warning(window, _tr(TITLE), told(error))
        return False
    finally:
        host.catalog_changed()
    return True


class PartnerUndo:
    """The partner imports of this session and the Edit menu action that undoes the newest."""

    def __init__(self, host: UndoHost) -> None:
        self._host = host
        self._done: list[tuple[str, PartnerImport]] = []
        self.action = QAction(_tr(TITLE), host.window())
        self.action.setObjectName("undoPartnerImportAction")
        self.action.triggered.connect(self.undo_newest)
        self._show()

    def add(self, name: str, done: PartnerImport) -> None:
        """Keep the import ``done`` of the directory ``name`` for undoing later."""
        self._done.append((name, done))
        self._show()

    def undo_newest(self) -> bool:
        """Ask, then undo the newest import kept; True when it was undone."""
        if not self._done:
            return False
        name, done = self._done[-1]
        updated = len(done.saved) - done.added
        answer = QMessageBox.question(
            self._host.window(),
            _tr(TITLE),
            QCoreApplication.translate(
                "partner_undo",
                "Undo the import of {name}? The {added} local resource(s) it added are "
                "removed and the {updated} it updated are put back as they were before it; "
                "changes made to them since are lost.",
            ).format(name=name, added=f"{done.added:,}", updated=f"{updated:,}"),
        )
        if answer != QMessageBox.StandardButton.Yes or not take_back(self._host, done):
            return False
        self._done.pop()
        self._show()
        return True

    def _show(self) -> None:
        if self._done:
            name = self._done[-1][0].replace("&", "&&")  # a file's "&" is no shortcut
            self.action.setText(
                QCoreApplication.translate("partner_undo", "Undo partner import “{name}”…").format(
                    name=name
                )
            )
        else:
            self.action.setText(_tr(TITLE))
        self.action.setEnabled(bool(self._done))
