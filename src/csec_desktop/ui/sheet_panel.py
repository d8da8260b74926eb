"""The resource sheet panel: choose and order resources, set the options, preview, print or
save as PDF, and keep named sheets.

The panel holds resource ids only; titles are looked up in the catalog, and an id the
catalog no longer has stays on the list marked as missing (and prints as missing). The
sheet being composed is written to the user data on every change and shown again at the
next start, so that a crash or a kill loses none of it (``userstore.working_sheet``). Saving
a PDF runs on a worker thread (:class:`~csec_desktop.render.jobs.PdfSaveJob`) with a
progress bar, so a long sheet never freezes the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from csec_desktop import paths
from csec_desktop.catalog.content import discreet
from csec_desktop.catalog.display import sheets
from csec_desktop.catalog.display.sheets import SheetDocument, SheetError, SheetOptions
from csec_desktop.catalog.storage import reader
from csec_desktop.catalog.user import userstore
from csec_desktop.lazy import lazy_module
from csec_desktop.render.jobs import PdfSaveJob
from csec_desktop.ui.flow_layout import FlowLayout
from csec_desktop.ui.i18n import current_language
from csec_desktop.ui.panels import FittedScrollArea
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QAbstractItemView,
    QAction,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QInputDialog,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from csec_desktop.ui.sentences import told
from csec_desktop.ui.theme import set_tone

if TYPE_CHECKING:
    from csec_desktop.ui import sheet_print
else:  # QtPrintSupport loads when a sheet is first printed or previewed, not with the window
    sheet_print = lazy_module("csec_desktop.ui.sheet_print")

NOTE_HINT = QT_TRANSLATE_NOOP("SheetPanel", "Do not enter client-identifying information.")
# Why an empty sheet cannot be previewed, printed or saved, said where those are offered.
EMPTY_SHEET = QT_TRANSLATE_NOOP(
    "SheetPanel", "Add resources to the sheet first: select results and choose Add to sheet."
)
_SLUG_ROLE = Qt.ItemDataRole.UserRole


class SheetList(QListWidget):
    """The chosen resources: reorder by drag, or Ctrl+Up / Ctrl+Down; Delete removes."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("sheetList")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName(self.tr("Resources on the sheet"))

    def move_current(self, step: int) -> bool:
        """Move the current resource ``step`` places (-1 up, 1 down); False at an end."""
        row = self.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.count():
            return False
        item = self.takeItem(row)
        self.insertItem(target, item)
        self.setCurrentRow(target)
        return True

    def remove_current(self) -> bool:
        """Remove the current resource; False when there is none."""
        row = self.currentRow()
        if row < 0:
            return False
        self.takeItem(row)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if control and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_current()
            return
        super().keyPressEvent(event)


def _combo(name: str, choices: Sequence[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for label, value in choices:
        combo.addItem(label, value)
    return combo


class SheetPanel(QWidget):
    """Compose a resource sheet; ``countChanged`` tells how many resources it holds."""

    countChanged = Signal(int)  # noqa: N815 - the name the main window connects to
    # A PDF was written: its path and page count (after :meth:`save_pdf` returned).
    pdfSaved = Signal(str, int)  # noqa: N815 - Qt's naming
    # A PDF could not be written: the sentence shown in the status line.
    pdfFailed = Signal(str)  # noqa: N815 - Qt's naming
    # Every outcome the panel tells (saved, printed, failed): the main window shows it in
    # its status bar too, where it is seen with the panel hidden.
    said = Signal(str)

    def __init__(self, catalog_engine: Engine, user_engine: Engine, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("sheetPanel")
        self._catalog = catalog_engine
        self._user = user_engine
        self._count = 0
        # The PDF being saved, or None.
        self.pdf_job: PdfSaveJob | None = None
        # Where the next PDF is offered: the user's documents, then the folder last used.
        # Kept for the session only: a folder's name may name a client, and is not stored.
        self.pdf_folder = paths.documents_dir()

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("sheetTitleEdit")
        self.title_edit.setPlaceholderText(self.tr("Title, e.g. Help in Miami"))
        self.title_edit.setMaxLength(sheets.MAX_TITLE)
        self.title_edit.setAccessibleName(self.tr("Sheet title"))

        self.list = SheetList()
        model = self.list.model()
        model.rowsInserted.connect(self._count_changed)
        model.rowsRemoved.connect(self._count_changed)
        up = self._button(self.tr("Up"), "sheetUpButton", self.tr("Move up (Ctrl+Up)"))
        down = self._button(self.tr("Down"), "sheetDownButton", self.tr("Move down (Ctrl+Down)"))
        remove = self._button(
            self.tr("Remove"), "sheetRemoveButton", self.tr("Remove from the sheet (Delete)")
        )
        up.clicked.connect(lambda: self.list.move_current(-1))
        down.clicked.connect(lambda: self.list.move_current(1))
        remove.clicked.connect(self.list.remove_current)
        list_buttons = FlowLayout()  # rows of buttons wrap in a narrow dock or at large text
        for button in (up, down, remove):
            list_buttons.addWidget(button)

        self.agency_name = self._agency_edit("sheetAgencyName", self.tr("Agency name"))
        self.agency_phone = self._agency_edit("sheetAgencyPhone", self.tr("Agency phone"))
        self.agency_address = self._agency_edit("sheetAgencyAddress", self.tr("Agency address"))
        stored = userstore.setting(self._user, sheets.AGENCY_SETTING, {})
        agency = sheets.with_agency(SheetOptions(), stored)
        self.agency_name.setText(agency.agency_name)
        self.agency_phone.setText(agency.agency_phone)
        self.agency_address.setText(agency.agency_address)
        agency_box = QGroupBox(self.tr("Agency header"))  # short: a group's title cannot wrap
        agency_form = QFormLayout(agency_box)
        kept = QLabel(self.tr("Kept for every sheet."))
        kept.setWordWrap(True)
        agency_form.addRow(kept)
        agency_form.addRow(self.tr("Name"), self.agency_name)
        agency_form.addRow(self.tr("Phone"), self.agency_phone)
        agency_form.addRow(self.tr("Address"), self.agency_address)

        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("sheetNoteEdit")
        self.note_edit.setPlaceholderText(self.tr("A note printed under the title"))
        self.note_edit.setAccessibleName(self.tr("Sheet note"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.note_hint = QLabel(self.tr(NOTE_HINT))
        self.note_hint.setObjectName("sheetNoteHint")
        set_tone(self.note_hint, "warning")
        self.note_hint.setWordWrap(True)

        self.hotlines_check = self._check(self.tr("Hotlines block"), "sheetHotlines", True)
        self.large_check = self._check(self.tr("Large print"), "sheetLargePrint", False)
        self.qr_check = self._check(self.tr("QR codes for web addresses"), "sheetQrCodes", True)
        self.discreet_check = self._check(self.tr("Discreet: for a youth"), "sheetDiscreet", False)
        self.discreet_check.setToolTip(
            self.tr(
                "A neutral title and neutral names only; resources without a discreet name "
                "are left off, and you are told which."
            )
        )
        self.layout_combo = _combo(
            "sheetLayout",
            [(self.tr("Compact"), "compact"), (self.tr("Detailed (with summaries)"), "detailed")],
        )
        self.language_combo = _combo("sheetLanguage", [("English", "en"), ("Español", "es")])
        self.paper_combo = _combo("sheetPaper", [(self.tr("Letter"), "letter"), ("A4", "a4")])
        options_box = QGroupBox(self.tr("Options"))
        options_form = QFormLayout(options_box)
        options_form.addRow(self.hotlines_check)
        options_form.addRow(self.large_check)
        options_form.addRow(self.qr_check)
        options_form.addRow(self.discreet_check)
        options_form.addRow(self.tr("Layout"), self.layout_combo)
        options_form.addRow(self.tr("Labels"), self.language_combo)
        options_form.addRow(self.tr("Paper"), self.paper_combo)

        preview = self._button(
            self.tr("Preview…"), "sheetPreviewButton", self.tr("See the pages before printing")
        )
        print_ = self._button(self.tr("Print…"), "sheetPrintButton", self.tr("Print the sheet"))
        save_pdf = self._button(
            self.tr("Save as PDF…"), "sheetSavePdfButton", self.tr("Save the sheet as PDF")
        )
        preview.clicked.connect(self.preview)
        print_.clicked.connect(self.print_sheet)
        save_pdf.clicked.connect(self.ask_save_pdf)
        # Their tips, said while there is something to print (the reason why not otherwise).
        self._output_tips = {button: button.toolTip() for button in (preview, print_, save_pdf)}
        self._outputs: list[QPushButton | QAction] = [preview, print_, save_pdf]
        output_buttons = FlowLayout()
        for button in (preview, print_, save_pdf):
            output_buttons.addWidget(button)
        self.save_pdf_button = save_pdf
        self.pdf_progress = QProgressBar()
        self.pdf_progress.setObjectName("sheetPdfProgress")
        self.pdf_progress.setAccessibleName(self.tr("Saving the PDF"))
        self.pdf_progress.setTextVisible(False)
        self.pdf_progress.hide()
        self.status = QLabel()
        self.status.setObjectName("sheetStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        self.saved_combo = QComboBox()
        self.saved_combo.setObjectName("sheetSavedCombo")
        self.saved_combo.setAccessibleName(self.tr("Saved sheets"))
        save_as = self._button(
            self.tr("Save as…"), "sheetSaveAsButton", self.tr("Keep this sheet under a name")
        )
        open_ = self._button(
            self.tr("Open"), "sheetOpenButton", self.tr("Open the chosen saved sheet")
        )
        delete = self._button(
            self.tr("Delete"), "sheetDeleteButton", self.tr("Delete the chosen saved sheet")
        )
        save_as.clicked.connect(self._ask_save_as)
        open_.clicked.connect(lambda: self.open_saved(self.saved_combo.currentText()))
        delete.clicked.connect(self._ask_delete)
        saved_box = QGroupBox(self.tr("Saved sheets"))
        saved_layout = QVBoxLayout(saved_box)
        saved_layout.addWidget(self.saved_combo)
        saved_buttons = FlowLayout()
        for button in (save_as, open_, delete):
            saved_buttons.addWidget(button)
        saved_layout.addLayout(saved_buttons)
        self._refresh_saved()

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(10, 8, 10, 10)
        column.addWidget(QLabel(self.tr("Title")))
        column.addWidget(self.title_edit)
        reorder = QLabel(self.tr("Resources (drag or Ctrl+Up/Down to reorder)"))
        reorder.setWordWrap(True)
        column.addWidget(reorder)
        column.addWidget(self.list, 1)
        column.addLayout(list_buttons)
        column.addLayout(output_buttons)
        column.addWidget(self.pdf_progress)
        column.addWidget(self.status)
        column.addWidget(options_box)
        column.addWidget(QLabel(self.tr("Note")))
        column.addWidget(self.note_edit)
        column.addWidget(self.note_hint)
        column.addWidget(agency_box)
        column.addWidget(saved_box)
        scroll = FittedScrollArea()
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        # A new sheet speaks the window's language; a kept sheet keeps its own.
        working = userstore.working_sheet(self._user, "es" if current_language() == "es" else "en")
        self.add_resources(working.slugs)
        self.set_options(working.options)
        self._update_outputs()
        self._follow_changes()  # only now: showing the kept sheet need not write it back

    def _follow_changes(self) -> None:
        """Write the sheet, and the agency header, to the user data on every change."""
        model = self.list.model()
        # Adding, removing, Up/Down and Delete insert or remove rows; a drag moves them.
        # Not modelReset: the list's model also resets as it is destroyed, and writing the
        # sheet then would keep an empty one at every close; clear() saves instead.
        for changed in (model.rowsInserted, model.rowsRemoved, model.rowsMoved):
            changed.connect(self.save_working)
        self.title_edit.textChanged.connect(self.save_working)
        self.note_edit.textChanged.connect(self.save_working)
        for check in (self.hotlines_check, self.large_check, self.qr_check, self.discreet_check):
            check.toggled.connect(self.save_working)
        for combo in (self.layout_combo, self.language_combo, self.paper_combo):
            combo.currentIndexChanged.connect(self.save_working)
        for edit in (self.agency_name, self.agency_phone, self.agency_address):
            edit.textChanged.connect(self.save_agency)

    # ------------------------------------------------------------------ building blocks

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        return button

    def _check(self, text: str, name: str, checked: bool) -> QCheckBox:
        box = QCheckBox(text)
        box.setObjectName(name)
        box.setChecked(checked)
        return box

    def _agency_edit(self, name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setMaxLength(sheets.MAX_AGENCY_FIELD)
        return edit

    def _count_changed(self) -> None:
        if self.list.count() != self._count:
            self._count = self.list.count()
            self._update_outputs()
            self.countChanged.emit(self._count)

    def follow_outputs(self, actions: Sequence[QAction]) -> None:
        """Enable ``actions`` (the window's print, preview and save-as-PDF) only when the
        sheet has something to print, as the panel's own buttons are."""
        self._outputs += actions
        self._update_outputs()

    def _update_outputs(self) -> None:
        ready = self.list.count() > 0
        for output in self._outputs:
            output.setEnabled(ready)
            output.setStatusTip("" if ready else self.tr(EMPTY_SHEET))
        for button, tip in self._output_tips.items():
            button.setToolTip(tip if ready else self.tr(EMPTY_SHEET))
        if not ready:
            self._say(self.tr(EMPTY_SHEET), tell=False)
        elif self.status.text() == self.tr(EMPTY_SHEET):
            self._say("")

    def _say(self, message: str, warning: bool = False, *, tell: bool = True) -> None:
        """Show ``message`` under the buttons and, with ``tell``, in the status bar."""
        set_tone(self.status, "warning" if warning else "")
        self.status.setText(message)
        if tell and message:
            self.said.emit(message)

    # ------------------------------------------------------------------ resources

    def add_resources(self, slugs: Sequence[str]) -> int:
        """Append ``slugs`` in order, skipping those already on the sheet; return how many
        were added."""
        present = set(self.slugs())
        new = [s for s in dict.fromkeys(slugs) if s not in present]
        known = reader.titles(self._catalog, new)
        for slug in new:
            # A missing resource is marked in words, in the list's own colours (a fixed dark
            # red was 1.9:1 on the dark scheme).
            missing = self.tr("⚠ Missing from the catalog: {id}").format(id=slug)
            item = QListWidgetItem(known.get(slug, missing))
            item.setData(_SLUG_ROLE, slug)
            item.setToolTip(slug)
            self.list.addItem(item)
        return len(new)

    def slugs(self) -> list[str]:
        """The resource ids on the sheet, in printed order."""
        return [str(self.list.item(row).data(_SLUG_ROLE)) for row in range(self.list.count())]

    def clear(self) -> None:
        """Take every resource off the sheet."""
        self.list.clear()
        self.save_working()

    def save_working(self) -> None:
        """Keep the sheet as it is now in the user data (what the next start shows)."""
        try:
            userstore.save_working_sheet(self._user, self.slugs(), self.options())
        except userstore.UserDataError as error:
            self._say(told(error), warning=True)

    # ------------------------------------------------------------------ options

    def options(self) -> SheetOptions:
        """The sheet's options as the panel shows them."""
        return SheetOptions(
            title=self.title_edit.text().strip(),
            agency_name=self.agency_name.text().strip(),
            agency_phone=self.agency_phone.text().strip(),
            agency_address=self.agency_address.text().strip(),
            note=self.note_edit.toPlainText().strip(),
            hotlines=self.hotlines_check.isChecked(),
            large_print=self.large_check.isChecked(),
            layout=self.layout_combo.currentData(),
            qr_codes=self.qr_check.isChecked(),
            language=self.language_combo.currentData(),
            paper=self.paper_combo.currentData(),
            discreet=self.discreet_check.isChecked(),
        )

    def set_options(self, options: SheetOptions) -> None:
        """Show ``options`` (the agency header stays as entered in settings)."""
        self.title_edit.setText(options.title)
        self.note_edit.setPlainText(options.note)
        self.hotlines_check.setChecked(options.hotlines)
        self.large_check.setChecked(options.large_print)
        self.qr_check.setChecked(options.qr_codes)
        self.discreet_check.setChecked(options.discreet)
        for combo, value in (
            (self.layout_combo, options.layout),
            (self.language_combo, options.language),
            (self.paper_combo, options.paper),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)))

    def save_agency(self) -> None:
        """Keep the agency header in the user settings for every later sheet."""
        options = self.options()
        try:
            userstore.set_setting(
                self._user,
                sheets.AGENCY_SETTING,
                {
                    "name": options.agency_name,
                    "phone": options.agency_phone,
                    "address": options.agency_address,
                },
            )
        except userstore.UserDataError as error:
            self._say(told(error), warning=True)

    # ------------------------------------------------------------------ output

    def document(self) -> SheetDocument | None:
        """The sheet as a document, or None (with the reason shown) when it cannot be made."""
        options = self.options()
        if not self.slugs():  # a heading and the hotlines over no resource: not a sheet
            self._say(self.tr(EMPTY_SHEET), warning=True)
            return None
        try:
            # The discreet names the agency's steward gave its own resources.
            local_discreet = (
                userstore.setting(self._user, discreet.LOCAL_SETTING) if options.discreet else None
            )
            document = sheets.build_sheet(
                self._catalog, self.slugs(), options, local_discreet=local_discreet
            )
        except SheetError as error:
            self._say(told(error), warning=True)
            return None
        note = sheets.left_off_note(self._catalog, document)
        if note:
            self._say(note, warning=True)
        return document

    def save_pdf(self, path: Path | str) -> bool:
        """Start saving the sheet as PDF at ``path`` on a worker thread; False (with the
        reason shown) when it cannot start. ``pdfSaved`` or ``pdfFailed`` tells the end,
        and the status line says it."""
        if self.pdf_job is not None:
            self._say(self.tr("A PDF is still being saved; wait for it to finish."), warning=True)
            return False
        document = self.document()
        if document is None:
            return False
        job = PdfSaveJob(document, Path(path))
        job.progress.connect(self._pdf_progress)
        # Bound methods, not lambdas: Qt drops them if the panel is gone before the job ends.
        job.finished.connect(self._pdf_saved)
        job.failed.connect(self._pdf_failed)
        self.pdf_job = job
        self.save_pdf_button.setEnabled(False)
        self.pdf_progress.setRange(0, 0)  # busy until the first page is painted
        self.pdf_progress.show()
        self._say(self.tr("Saving {file}…").format(file=job.path.name))
        job.start()
        return True

    def _pdf_progress(self, done: int, pages: int) -> None:
        self.pdf_progress.setRange(0, pages)
        self.pdf_progress.setValue(done)

    def _pdf_done(self) -> PdfSaveJob:
        job, self.pdf_job = self.pdf_job, None
        assert job is not None
        self.pdf_progress.hide()
        self.save_pdf_button.setEnabled(True)
        return job

    def _pdf_saved(self, pages: int) -> None:
        job = self._pdf_done()
        saved = (
            self.tr("Saved 1 page to {file}.")
            if pages == 1
            else self.tr("Saved {count} pages to {file}.")
        ).format(count=pages, file=job.path.name)
        missing = len(job.sheet.missing)
        if missing:
            saved += " " + self.tr(
                "{count} resource(s) no longer in the catalog are marked."
            ).format(count=missing)
        left_off = sheets.left_off_note(self._catalog, job.sheet)
        self._say(
            saved + (f" {left_off}" if left_off else ""),
            warning=bool(left_off),
        )
        self.pdfSaved.emit(str(job.path), pages)

    def _pdf_failed(self, sentence: str) -> None:
        self._pdf_done()
        self._say(sentence, warning=True)
        self.pdfFailed.emit(sentence)

    def ask_save_pdf(self) -> None:
        """Ask where to save the sheet as PDF (in the folder last used, at first the user's
        documents), then save it."""
        if not self.slugs():  # nothing to save: say why, open no dialog
            self._say(self.tr(EMPTY_SHEET), warning=True)
            return
        suggested = self.pdf_folder / (
            (self.title_edit.text().strip() or "resource-sheet") + ".pdf"
        )
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save sheet as PDF"), str(suggested), self.tr("PDF (*.pdf)")
        )
        if path:
            target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
            self.pdf_folder = target.parent
            self.save_pdf(target)

    def preview(self) -> None:
        """Show the print preview (from which the sheet can be printed)."""
        document = self.document()
        if document is None:
            return
        dialog = sheet_print.preview_dialog(document, self)
        dialog.exec()
        # Parented to the panel, a closed preview (its laid-out pages, its printer) would
        # otherwise stay until the window closes, one more for every preview.
        dialog.deleteLater()

    def print_sheet(self) -> None:
        """Ask for a printer and print the sheet."""
        document = self.document()
        if document is None:
            return
        dialog, printer = sheet_print.print_dialog(document, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            sheet_print.print_to(document, printer)
            self._say(self.tr("Sent to the printer."))

    # ------------------------------------------------------------------ saved sheets

    def _refresh_saved(self, current: str = "") -> None:
        self.saved_combo.clear()
        self.saved_combo.addItems([s.name for s in userstore.saved_sheets(self._user)])
        self.saved_combo.setCurrentIndex(max(0, self.saved_combo.findText(current)))

    def save_as(self, name: str) -> bool:
        """Keep the sheet (resources, title, note, options) under ``name``."""
        try:
            userstore.save_sheet(self._user, name, self.slugs(), self.options())
        except ValueError as error:  # UserDataError and SheetError both say it in a sentence
            self._say(told(error), warning=True)
            return False
        self._refresh_saved(name.strip())
        self._say(self.tr("Saved the sheet as “{name}”.").format(name=name.strip()))
        return True

    def open_saved(self, name: str) -> bool:
        """Replace the sheet with the saved sheet ``name``."""
        stored = userstore.load_sheet(self._user, name)
        if stored is None:
            self._say(self.tr("Choose a saved sheet to open."), warning=True)
            return False
        self.clear()
        self.add_resources(stored.slugs)
        self.set_options(stored.options)
        self._say(self.tr("Opened “{name}”.").format(name=stored.name))
        return True

    def delete_saved(self, name: str) -> bool:
        """Forget the saved sheet ``name``."""
        try:
            deleted = userstore.delete_saved_sheet(self._user, name)
        except userstore.UserDataError as error:
            self._say(told(error), warning=True)
            return False
        self._refresh_saved()
        if deleted:
            self._say(self.tr("Deleted the saved sheet “{name}”.").format(name=name))
        return deleted

    def _ask_save_as(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("Save sheet"), self.tr("Name:"), text=self.title_edit.text().strip()
        )
        if ok:
            self.save_as(name)

    def _ask_delete(self) -> None:
        name = self.saved_combo.currentText()
        if not name:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete saved sheet"), self.tr("Delete “{name}”?").format(name=name)
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_saved(name)
