"""File → Import catalog update and Undo: the window's face of interchange/update.py.

The steps are the command line's: read and verify the bundle, compare it with the
installed catalog (on a worker thread, with progress and Cancel), show the changes and
apply only when the user says so (the update puts the agency's local resources back). The
catalog file is replaced while the window holds no connection to it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from csec_desktop.catalog.content.sentence import Sentence
from csec_desktop.catalog.desk import Desk
from csec_desktop.catalog.interchange import bundle as bundles
from csec_desktop.catalog.interchange import update
from csec_desktop.catalog.storage.store import StoreError
from csec_desktop.ui.progress import Cancelled, Report, forget_locals, run_with_progress
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from csec_desktop.ui.sentences import say, told


class UpdateHost(Protocol):
    """What these functions need of the window (the main window is one)."""

    desk: Desk

    def window(self) -> QWidget:
        """The window that dialogs belong to."""
        ...

    def release_catalog(self) -> None:
        """Let go of the catalog file before it is replaced."""
        ...

    def catalog_changed(self) -> None:
        """Show the catalog anew after it was replaced (or not, after a failure)."""
        ...


TITLE = QT_TRANSLATE_NOOP("catalog_update", "Import catalog update")
UNDO_TITLE = QT_TRANSLATE_NOOP("catalog_update", "Undo catalog update")
# Changes listed in the dialog at most; the summary line counts all of them.
LISTED_LINES = 5000


class ChangesDialog(QDialog):
    """The changes an update would make, with Apply and Cancel."""

    def __init__(self, plan: update.UpdatePlan, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("updateChangesDialog")
        self.setWindowTitle(_tr(TITLE))
        self.resize(720, 480)
        manifest = plan.bundle.manifest
        trust = (
            self.tr("The publisher's signature is verified.")
            if plan.bundle.verified
            else self.tr(
                "⚠ This update is NOT verified: import it only if you trust where it came from."
            )
        )
        said = self.tr("Catalog version {version} from {publisher}, {count} resources.").format(
            version=manifest.catalog_version,
            publisher=manifest.publisher,
            count=f"{manifest.resource_count:,}",
        )
        kept = self.tr(
            "Your favorites, notes, saved searches and local resources are kept; a backup is "
            "taken first, and the update can be undone."
        )
        heading = QLabel(f"{said} {trust}\n\n{plan.diff.summary()}. {kept}")
        heading.setWordWrap(True)
        self.changes = QPlainTextEdit()
        self.changes.setObjectName("updateChanges")
        self.changes.setReadOnly(True)
        self.changes.setAccessibleName(self.tr("Changes the update makes"))
        lines = plan.diff.lines()
        shown = lines[:LISTED_LINES]
        if len(lines) > LISTED_LINES:
            more = self.tr("… and {count} more lines")
            shown.append(more.format(count=f"{len(lines) - LISTED_LINES:,}"))
        self.changes.setPlainText("\n".join(shown) or self.tr("The update changes no resource."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        apply = buttons.addButton(self.tr("Apply update"), QDialogButtonBox.ButtonRole.AcceptRole)
        apply.setObjectName("applyUpdate")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.changes, 1)
        layout.addWidget(buttons)


def _read(window: QWidget, path: Path) -> bundles.Bundle | None:
    """The verified bundle, or — after the user's explicit yes — an unverified one."""
    try:
        return bundles.read_bundle(path)
    except bundles.BundleUnverified as error:
        answer = QMessageBox.warning(
            window,
            _tr(TITLE),
            QCoreApplication.translate(
                "catalog_update",
                "{error} Import it anyway? Do this only if you trust where the file came from.",
            ).format(error=error),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return bundles.read_bundle(path, allow_unverified=True)


def import_update(host: UpdateHost, path: Path | None = None) -> bool:
    """Ask for a bundle (unless ``path`` is given), show its changes, apply on request.

    Returns True when the update was applied. Every failure is a message, never a crash,
    and leaves the installed catalog as it was.
    """
    window, desk = host.window(), host.desk
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            window,
            _tr(TITLE),
            "",
            QCoreApplication.translate("catalog_update", "Catalog updates (*.zip);;All files (*)"),
        )
        if not chosen:
            return False
        path = Path(chosen)
    try:
        bundle = _read(window, path)
        if bundle is None:
            return False
        plan = run_with_progress(
            QCoreApplication.translate("catalog_update", "Comparing with the installed catalog"),
            lambda report: desk.plan_update(bundle, progress=report),
            parent=window,
            cancellable=True,
        )
        dialog = ChangesDialog(plan, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False

        warnings = _replace_catalog(
            host,
            lambda report: desk.apply_update(plan, progress=report),
            QCoreApplication.translate("catalog_update", "Applying the catalog update"),
            cancellable=True,
        )
    except Cancelled as cancelled:
        forget_locals(cancelled)
        return False
    except StoreError as error:
        forget_locals(error)
        QMessageBox.warning(window, _tr(TITLE), told(error))
        return False
    for warning in warnings:
        QMessageBox.warning(window, _tr(TITLE), say(warning))
    return True


def undo_update(host: UpdateHost) -> bool:
    """Put back the catalog the last update replaced, after asking."""
    window = host.window()
    answer = QMessageBox.question(
        window,
        _tr(UNDO_TITLE),
        QCoreApplication.translate(
            "catalog_update",
            "Put back the catalog as it was before the last update? Your favorites, notes and "
            "local resources are kept.",
        ),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        warnings = _replace_catalog(
            host,
            lambda _report: host.desk.undo_update()[1],
            QCoreApplication.translate("catalog_update", "Restoring the previous catalog"),
        )
    except StoreError as error:
        forget_locals(error)
        QMessageBox.warning(window, _tr(UNDO_TITLE), told(error))
        return False
    for warning in warnings:
        QMessageBox.warning(window, _tr(UNDO_TITLE), say(warning))
    return True


def _tr(text: str) -> str:
    """A marked constant of this module in the window's language."""
    return QCoreApplication.translate("catalog_update", text)


def _replace_catalog(
    host: UpdateHost,
    work: Callable[[Report], list[Sentence]],
    title: str,
    *,
    cancellable: bool = False,
) -> list[Sentence]:
    """Run ``work`` (which replaces the catalog file, local resources merged back, and
    returns what to tell) with the window's connections closed, then show the catalog (new,
    or old if cancelled)."""
    host.release_catalog()
    try:
        return run_with_progress(title, work, parent=host.window(), cancellable=cancellable)
    finally:
        host.catalog_changed()
