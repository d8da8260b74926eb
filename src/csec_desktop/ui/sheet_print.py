"""Print a sheet: the printer dialog and the print preview (widgets, so they live in ui/).

The pages themselves come from :class:`~csec_desktop.render.sheet.SheetRenderer`, the same
that writes the PDF, so the preview, the printer and the PDF show the same pages.
"""

from __future__ import annotations

from typing import Any

from csec_desktop.catalog.display.sheets import SheetDocument
from csec_desktop.render.sheet import SheetRenderer, page_layout
from csec_desktop.ui.qt_print import QPrintDialog, QPrinter, QPrintPreviewDialog


def print_to(
    sheet: SheetDocument, printer: QPrinter, renderer: SheetRenderer | None = None
) -> None:
    """Paint the sheet on ``printer`` (also what the print preview calls)."""
    renderer = renderer or SheetRenderer(sheet)
    printer.setPageLayout(renderer.layout)
    renderer.paint(printer)


def _printer(sheet: SheetDocument) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout(sheet))
    metadata = sheet.metadata()
    # What a PDF printed from the dialog says about itself: the same as a saved PDF's.
    printer.setDocName(metadata.title)
    printer.setCreator(metadata.creator)
    return printer


class SheetPreviewDialog(QPrintPreviewDialog):
    """Qt's print preview of a sheet, holding the printer it previews on.

    ``QPrintPreviewDialog`` keeps only a pointer to the printer it is given and never owns
    it, while PySide6 deletes a ``QPrinter`` with its last Python reference. A printer made
    for the call alone was therefore gone before ``exec()`` showed the dialog, and drawing
    the first page read freed memory (a segmentation fault). The dialog keeps the printer
    as an attribute, so it lives exactly as long as the dialog does.
    """

    def __init__(self, sheet: SheetDocument, parent: Any = None) -> None:
        printer = _printer(sheet)
        super().__init__(printer, parent)
        self.sheet_printer = printer
        self.renderer = SheetRenderer(sheet)
        self.setWindowTitle(self.tr("Resource sheet preview"))
        self.paintRequested.connect(self._paint)

    def _paint(self, printer: QPrinter) -> None:
        print_to(self.renderer.sheet, printer, self.renderer)


def preview_dialog(sheet: SheetDocument, parent: Any = None) -> SheetPreviewDialog:
    """A print preview of the sheet (not yet shown); printing from it prints the sheet."""
    return SheetPreviewDialog(sheet, parent)


def print_dialog(sheet: SheetDocument, parent: Any = None) -> tuple[QPrintDialog, QPrinter]:
    """A print dialog for the sheet (not yet shown) and its printer; on accept call
    :func:`print_to` with that printer."""
    printer = _printer(sheet)
    return QPrintDialog(printer, parent), printer
