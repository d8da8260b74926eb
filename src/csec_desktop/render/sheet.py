"""Render a :class:`~csec_desktop.catalog.display.sheets.SheetDocument` to PDF, a printer or
an image.

One :class:`SheetRenderer` lays the sheet's HTML out once in a ``QTextDocument`` at
:data:`LAYOUT_DPI` and paints it page by page, so the PDF, the printer, the print preview
and test images all show the same pages. ``QTextDocument`` has no running footers, so each
page's footer (date printed, "Page n of m") is painted here. Each resource is one table in
the HTML; a table that would straddle a page break starts on the next page instead.

QR codes arrive as PNG at one pixel per module, are enlarged here without smoothing to
:data:`QR_PIXELS` per module and added with ``QTextDocument.addResource``; the HTML sizes
them in CSS pixels (1/96 inch), which Qt scales to the layout device's resolution, so
they print at over 300 dpi with hard edges.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from csec_desktop.catalog.display.sheets import SheetDocument
from csec_desktop.render.qt import (
    QBuffer,
    QByteArray,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QIODevice,
    QMarginsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QRectF,
    QSizeF,
    Qt,
    QTextDocument,
    QTextFormat,
    QUrl,
)

#: Resolution the document is laid out at (QPdfWriter's own), in dots per inch.
LAYOUT_DPI = 1200
MARGIN_MM = 16.0
#: Pixels per QR module in the PDF: a code about an inch wide prints at over 300 dpi.
QR_PIXELS = 10
#: Font families in order of preference: common, clear sans-serif faces on each platform.
FONT_FAMILIES = ["Segoe UI", "Helvetica Neue", "Arial", "Noto Sans", "DejaVu Sans"]
_PAPER = {"letter": QPageSize.PageSizeId.Letter, "a4": QPageSize.PageSizeId.A4}
_FOOTER_COLOR = "#4a5563"
#: Called with (pages painted, pages in all) as a sheet is painted.
Progress = Callable[[int, int], None]


def _px(points: float) -> float:
    return points * LAYOUT_DPI / 72.0


def page_layout(sheet: SheetDocument) -> QPageLayout:
    """The sheet's paper (Letter or A4), portrait, with its margins."""
    return QPageLayout(
        QPageSize(_PAPER[sheet.options.paper]),
        QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


class SheetRenderer:
    """A sheet laid out into pages; paints any page on any painter.

    Coordinates are layout pixels (:data:`LAYOUT_DPI`) with the origin at the top-left of
    the printable area; :meth:`paint` scales them for the device it paints on.
    """

    def __init__(self, sheet: SheetDocument) -> None:
        if QGuiApplication.instance() is None:
            raise RuntimeError("A QGuiApplication must exist before a sheet is rendered.")
        self.sheet = sheet
        self.layout = page_layout(sheet)
        area = self.layout.paintRect(QPageLayout.Unit.Point)
        self.width = _px(area.width())
        self.footer_font = QFont(FONT_FAMILIES)
        self.footer_font.setStyleHint(QFont.StyleHint.SansSerif)
        self.footer_font.setPixelSize(round(_px(max(8.0, sheet.base_pt * 0.8))))
        self.footer_height = self.footer_font.pixelSize() * 2.2
        # Whole layout pixels, so that page boundaries fall exactly where the layout puts them.
        self.page_height = float(int(_px(area.height()) - self.footer_height))

        # A 1×1 image at LAYOUT_DPI is the layout device: font metrics and image sizes follow
        # its resolution, independent of the screen (offscreen, CLI) or the output device.
        self._device = QImage(1, 1, QImage.Format.Format_RGB32)
        dots_per_meter = round(LAYOUT_DPI / 0.0254)
        self._device.setDotsPerMeterX(dots_per_meter)
        self._device.setDotsPerMeterY(dots_per_meter)

        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self._device)
        doc.setUseDesignMetrics(True)
        doc.setDocumentMargin(0)
        font = QFont(FONT_FAMILIES)
        font.setStyleHint(QFont.StyleHint.SansSerif)
        doc.setDefaultFont(font)
        for name, png in sheet.images.items():
            image = QImage.fromData(png)
            # One pixel per QR module in; QR_PIXELS per module out, without smoothing.
            image = image.scaled(
                image.width() * QR_PIXELS,
                image.height() * QR_PIXELS,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        doc.setHtml(sheet.html)
        doc.setPageSize(QSizeF(self.width, self.page_height))
        self.document = doc
        self._keep_tables_together()

    def _keep_tables_together(self) -> None:
        layout = self.document.documentLayout()
        for frame in self.document.rootFrame().childFrames():
            rect = layout.frameBoundingRect(frame)
            if rect.height() >= self.page_height:
                continue  # taller than a page: it must break somewhere
            if int(rect.top() // self.page_height) != int(rect.bottom() // self.page_height):
                fmt = frame.frameFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                frame.setFrameFormat(fmt)

    def page_count(self) -> int:
        """How many pages the sheet takes."""
        return max(1, self.document.pageCount())

    def paint_page(self, painter: QPainter, index: int) -> None:
        """Paint page ``index`` (from 0) in layout pixels, origin at the printable area."""
        pages = self.page_count()
        painter.save()
        clip = QRectF(0, index * self.page_height, self.width, self.page_height)
        painter.translate(0, -index * self.page_height)
        painter.setClipRect(clip)
        self.document.drawContents(painter, clip)
        painter.restore()

        painter.save()
        top = self.page_height + self.footer_height * 0.25
        pen = QPen(QColor("#9aa3ad"))
        pen.setWidthF(_px(0.5))
        painter.setPen(pen)
        painter.drawLine(0, round(top), round(self.width), round(top))
        painter.setPen(QColor(_FOOTER_COLOR))
        painter.setFont(self.footer_font)
        box = QRectF(0, top, self.width, self.footer_height * 0.75)
        left, right = self.sheet.footer(index + 1, pages)
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(box, align | Qt.AlignmentFlag.AlignLeft, left)
        painter.drawText(box, align | Qt.AlignmentFlag.AlignRight, right)
        painter.restore()

    def paint(self, device: QPagedPaintDevice, progress: Progress | None = None) -> None:
        """Paint every page on ``device`` (a QPdfWriter or QPrinter already set up);
        ``progress(done, pages)`` is called after each page."""
        painter = QPainter()
        if not painter.begin(device):
            raise OSError("The printer or PDF file could not be opened for drawing.")
        pages = self.page_count()
        try:
            scale = device.logicalDpiX() / LAYOUT_DPI
            painter.scale(scale, scale)
            for index in range(pages):
                if index and not device.newPage():
                    raise OSError("The printer could not start a new page.")
                self.paint_page(painter, index)
                if progress is not None:
                    progress(index + 1, pages)
        finally:
            painter.end()

    def page_image(self, index: int, dpi: int = 150) -> QImage:
        """Page ``index`` as a white image of the whole sheet of paper at ``dpi``."""
        full = self.layout.fullRect(QPageLayout.Unit.Point)
        size = (round(full.width() * dpi / 72), round(full.height() * dpi / 72))
        image = QImage(*size, QImage.Format.Format_RGB32)
        dots_per_meter = round(dpi / 0.0254)
        image.setDotsPerMeterX(dots_per_meter)
        image.setDotsPerMeterY(dots_per_meter)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        margins = self.layout.margins(QPageLayout.Unit.Point)
        painter.translate(margins.left() * dpi / 72, margins.top() * dpi / 72)
        painter.scale(dpi / LAYOUT_DPI, dpi / LAYOUT_DPI)
        self.paint_page(painter, index)
        painter.end()
        return image


def pdf_bytes(
    sheet: SheetDocument,
    renderer: SheetRenderer | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The sheet as a PDF file's bytes, with :meth:`SheetDocument.metadata` (neutral on a
    discreet sheet) as the file's title, author and creator."""
    renderer = renderer or SheetRenderer(sheet)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(LAYOUT_DPI)
    writer.setPageLayout(renderer.layout)
    metadata = sheet.metadata()
    writer.setTitle(metadata.title)
    writer.setAuthor(metadata.author)
    writer.setCreator(metadata.creator)
    renderer.paint(writer, progress)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())


def save_pdf(sheet: SheetDocument, path: Path, progress: Progress | None = None) -> int:
    """Write the sheet as PDF to ``path`` and return its page count.

    The file is written next to ``path`` under a temporary name and renamed into place, so
    a failure (no permission, disk full) leaves no partial file behind; OSError says why.
    Any thread may call this while no other thread renders the same ``sheet``: each call
    lays the sheet out in its own ``QTextDocument`` (reentrant) and paints with a
    ``QPainter`` on a ``QPdfWriter`` (both usable off the GUI thread).
    """
    renderer = SheetRenderer(sheet)
    data = pdf_bytes(sheet, renderer, progress)
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        temporary.chmod(0o644)  # mkstemp's 0600 would surprise whoever shares the file
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return renderer.page_count()
