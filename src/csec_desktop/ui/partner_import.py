"""File → Import partner directory…: the window's face of interchange/partner.py.

A partner's directory (an HSDS package folder or zip, a CSV file in the export's columns,
or HSDS JSON) is read on a worker thread, previewed (what would be added and changed, each
problem with its file and row), added as local resources with progress and Cancel, and can
be taken back at once with Undo import, or later from the Edit menu (``ui/partner_undo.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from csec_desktop.catalog.content.records import Problem
from csec_desktop.catalog.desk import Desk
from csec_desktop.catalog.interchange.partner import (
    PartnerImport,
    PartnerPreview,
    import_partner,
    preview_partner,
)
from csec_desktop.catalog.storage.store import StoreError
from csec_desktop.ui.partner_undo import PartnerUndo, take_back
from csec_desktop.ui.progress import Cancelled, forget_locals, run_with_progress
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QAbstractItemView,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from csec_desktop.ui.sentences import say, told

TITLE = QT_TRANSLATE_NOOP("partner_import", "Import partner directory")
# Rows listed in each table at most; the heading counts all of them.
LISTED_ROWS = 2000
FILES = QT_TRANSLATE_NOOP(
    "partner_import",
    "Partner directories (datapackage.json *.zip *.csv *.json);;"
    "HSDS package folder (datapackage.json);;HSDS package zip (*.zip);;"
    "CSV in the export's columns (*.csv);;HSDS JSON (*.json);;All files (*)",
)


class PartnerHost(Protocol):
    """What these functions need of the window (the main window is one)."""

    desk: Desk
    # The imports of this session, for Edit → Undo partner import.
    partner_undo: PartnerUndo

    def window(self) -> QWidget:
        """The window that dialogs belong to."""
        ...

    def catalog_changed(self) -> None:
        """Show the catalog anew after local resources were added or removed."""
        ...


def _table(name: str, headers: list[str], rows: list[list[str]], accessible: str) -> QTableWidget:
    """A read-only table of ``rows`` (at most :data:`LISTED_ROWS` of them)."""
    table = QTableWidget(min(len(rows), LISTED_ROWS), len(headers))
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    for row, cells in enumerate(rows[:LISTED_ROWS]):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)  # plain text: a partner's words are never rich text here
            table.setItem(row, column, item)
    header = table.horizontalHeader()
    for column in range(len(headers) - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    # The last column (a title, a problem) takes the rest of the width and wraps.
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _tr(text: str) -> str:
    """A marked constant of this module in the window's language."""
    return QCoreApplication.translate("partner_import", text)


def _where(problem: Problem) -> str:
    return f"{problem.where} [{problem.entry}]" if problem.entry else problem.where


class PreviewDialog(QDialog):
    """What an import would add and change, and every problem, with Import and Cancel."""

    def __init__(self, preview: PartnerPreview, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnerPreviewDialog")
        self.setWindowTitle(_tr(TITLE))
        self.resize(820, 560)
        added, changed, problems = len(preview.added), len(preview.changed), preview.problems
        lines = [
            self.tr(
                "{name} ({kind}): {added} would be added as local resources, "
                "{changed} changed (imported before)."
            ).format(
                name=preview.name,
                kind=QCoreApplication.translate("Partners", preview.kind),
                added=f"{added:,}",
                changed=f"{changed:,}",
            ),
            self.tr("{count} problem(s), each saying what was left out or ignored.").format(
                count=f"{len(problems):,}"
            )
            if problems
            else self.tr("No problems."),
        ]
        if max(added + changed, len(problems)) > LISTED_ROWS:
            lines.append(
                self.tr("Each list shows its first {listed}.").format(listed=f"{LISTED_ROWS:,}")
            )
        if (why := preview.blocked) is not None:
            lines.append(self.tr("⚠ Nothing can be imported. {why}").format(why=say(why)))
        else:
            lines.append(self.tr("You can undo the import when it is done."))
        self.heading = QLabel("\n".join(lines))
        self.heading.setObjectName("partnerSummary")
        self.heading.setWordWrap(True)
        self.resources = _table(
            "partnerResources",
            [self.tr("Action"), self.tr("Local id"), self.tr("Title")],
            # Only the rows listed are read: a preview of 100k would hold them all twice.
            [[action, slug, title] for action, title, slug in preview.rows(LISTED_ROWS)],
            self.tr("Resources the import adds or changes"),
        )
        self.problems = _table(
            "partnerProblems",
            [self.tr("File and row"), self.tr("Problem")],
            [[_where(p), p.message] for p in problems[:LISTED_ROWS]],
            self.tr("Problems, with their file and row"),
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(
            self.tr("Add {count} as local resources").format(count=f"{added + changed:,}"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.import_button.setObjectName("importPartner")
        self.import_button.setEnabled(preview.blocked is None)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(QLabel(self.tr("Resources")))
        layout.addWidget(self.resources, 1)
        layout.addWidget(QLabel(self.tr("Problems")))
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)


def import_directory(host: PartnerHost, path: Path | None = None) -> PartnerImport | None:
    """Ask for a partner's directory (unless ``path`` is given), preview it, import it on
    request, then offer to undo it (at once, or later from the Edit menu). Returns what
    was imported (and kept), or None.

    Every failure is a message, never a crash; Cancel leaves the local resources as they
    were."""
    window, desk = host.window(), host.desk
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(window, _tr(TITLE), "", _tr(FILES))
        if not chosen:
            return None
        path = Path(chosen)
    try:
        preview = run_with_progress(
            QCoreApplication.translate("partner_import", "Reading {file}").format(file=path.name),
            lambda _report: preview_partner(path, desk.catalog, desk.user),
            parent=window,
        )
        if PreviewDialog(preview, window).exec() != QDialog.DialogCode.Accepted:
            return None
        done = run_with_progress(
            QCoreApplication.translate("partner_import", "Adding local resources"),
            lambda report: import_partner(desk.catalog, desk.user, preview, report),
            parent=window,
            cancellable=True,
        )
    except Cancelled as cancelled:
        forget_locals(cancelled)
        host.catalog_changed()
        return None
    except (StoreError, ValueError) as error:
        forget_locals(error)
        QMessageBox.warning(window, _tr(TITLE), told(error))
        return None
    host.catalog_changed()
    return None if _offer_undo(host, preview, done) else done


def _offer_undo(host: PartnerHost, preview: PartnerPreview, done: PartnerImport) -> bool:
    """Say what the import did, with Undo import; True when it was undone."""
    window = host.window()
    updated = len(done.saved) - done.added
    said = QCoreApplication.translate(
        "partner_import", "{added} local resource(s) added and {updated} updated from {name}."
    ).format(added=f"{done.added:,}", updated=f"{updated:,}", name=preview.name)
    if done.problems:
        said += " " + QCoreApplication.translate(
            "partner_import", "{count} could not be saved."
        ).format(count=len(done.problems))
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _tr(TITLE),
        said
        + " "
        + QCoreApplication.translate(
            "partner_import", "Edit → Undo partner import takes it back later too."
        ),
        QMessageBox.StandardButton.Ok,
        window,
    )
    box.setObjectName("partnerDone")
    undo = box.addButton(
        QCoreApplication.translate("partner_import", "Undo import"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    undo.setObjectName("undoPartnerImport")
    box.exec()
    if box.clickedButton() is not undo:
        host.partner_undo.add(preview.name, done)
        return False
    take_back(host, done)
    return True
