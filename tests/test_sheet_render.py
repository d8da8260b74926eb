"""The sheet as PDF and pages: text read back with pypdf, type sizes, paper, page count,
footer, and QR codes decoded from rendered pages with zxing-cpp."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pypdf
import pytest
from sqlalchemy import Engine

from csec_desktop.catalog.content.records import PartialDate
from csec_desktop.catalog.display import sheets
from csec_desktop.catalog.display.presentation import contact_text
from csec_desktop.catalog.display.sheets import Paper, SheetOptions, build_sheet
from csec_desktop.catalog.storage import reader
from sheet_helpers import decode_qr, font_sizes, pdf_pages, pdf_text, qimage_gray, websites

pytestmark = pytest.mark.gui

GEMS = "program/gems-2006"


@pytest.fixture
def render(qapp: Any) -> Any:
    from csec_desktop.render import sheet

    return sheet


def fullest(engine: Engine, count: int) -> list[str]:
    """The ``count`` resources with the most to print (contacts, sites), a worst case."""
    records = list(reader.iter_records(engine))
    records.sort(key=lambda r: (-len(r.contacts) - len(r.sites) - bool(r.website), r.id))
    return [r.id for r in records[:count]]


def test_pdf_text_has_titles_numbers_and_verified_dates(
    render: Any, catalog_engine: Engine
) -> None:
    slugs = [*sheets.hotline_slugs(catalog_engine)[:4], GEMS]
    options = SheetOptions(title="Help near you", hotlines=False)
    text = pdf_text(render.pdf_bytes(build_sheet(catalog_engine, slugs, options)))
    assert "Help near you" in text
    for slug in slugs:
        record = reader.get_record(catalog_engine, slug)
        assert record is not None
        assert " ".join(record.title.split()) in text
        for contact in record.contacts:
            if contact.kind in ("phone", "text", "tty"):
                assert contact_text(contact) in text, (slug, contact)
        assert f"Information verified: {sheets.format_date(record.last_verified)}" in text


def test_pdf_in_spanish(render: Any, catalog_engine: Engine) -> None:
    hotline = sheets.hotline_slugs(catalog_engine)[0]
    record = reader.get_record(catalog_engine, hotline)
    assert record is not None
    data = render.pdf_bytes(build_sheet(catalog_engine, [hotline], SheetOptions(language="es")))
    text = pdf_text(data)
    verified = sheets.format_date(record.last_verified, "es")
    assert f"Información verificada: {verified}" in text
    assert "Teléfono:" in text and "Líneas de ayuda" in text
    assert "Página 1 de" in text and "Impreso el" in text


def test_footer_has_page_numbers_and_the_date_printed(render: Any, catalog_engine: Engine) -> None:
    slugs = fullest(catalog_engine, 24)
    document = build_sheet(catalog_engine, slugs, SheetOptions(layout="detailed"))
    pages = pdf_pages(render.pdf_bytes(document))
    assert len(pages) >= 2
    today = sheets.format_date(PartialDate(*dt.date.today().timetuple()[:3]))
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert f"Printed {today}" in page


def test_ten_resources_fit_on_two_pages_in_compact_mode(
    render: Any, catalog_engine: Engine
) -> None:
    slugs = fullest(catalog_engine, 10)
    papers: tuple[Paper, ...] = ("letter", "a4")
    for paper in papers:
        document = build_sheet(catalog_engine, slugs, SheetOptions(paper=paper))
        renderer = render.SheetRenderer(document)
        assert renderer.page_count() <= 2, paper
        assert len(pdf_pages(render.pdf_bytes(document, renderer))) == renderer.page_count()


def test_no_resource_is_split_across_pages(render: Any, catalog_engine: Engine) -> None:
    slugs = fullest(catalog_engine, 30)
    document = build_sheet(catalog_engine, slugs, SheetOptions(layout="detailed"))
    pages = pdf_pages(render.pdf_bytes(document))
    for slug in slugs:
        detail = reader.resource_detail(catalog_engine, slug)
        assert detail is not None
        record = detail.record
        # A resource begins with its title and then "organization · kind" (a title alone
        # may also be another resource's organization name).
        who = [
            detail.organization.name if detail.organization else "",
            detail.label("kind", record.kind),
        ]
        head = " ".join(f"{record.title} {' · '.join(w for w in who if w)}".split())
        verified = f"Information verified: {sheets.format_date(record.last_verified)}"
        holding = [page for page in pages if head in page]
        assert len(holding) == 1, head
        assert verified in holding[0].split(head, 1)[1], f"{record.title} runs onto the next page"


def test_paper_sizes(render: Any, catalog_engine: Engine) -> None:
    points: dict[Paper, tuple[int, int]] = {"letter": (612, 792), "a4": (595, 842)}
    for paper, (width, height) in points.items():
        data = render.pdf_bytes(build_sheet(catalog_engine, [GEMS], SheetOptions(paper=paper)))
        box = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (width, height)


def test_large_print_is_larger(render: Any, catalog_engine: Engine) -> None:
    record = reader.get_record(catalog_engine, GEMS)
    assert record is not None
    runs: dict[bool, list[float]] = {}
    for large in (False, True):
        options = SheetOptions(large_print=large, hotlines=False)
        data = render.pdf_bytes(build_sheet(catalog_engine, [GEMS], options))
        # The title, the organization line that starts with the same words, the verified line.
        runs[large] = font_sizes(data, record.title[:20]) + font_sizes(data, "Information")
    assert len(runs[False]) == len(runs[True]) >= 2
    for normal_pt, large_pt in zip(runs[False], runs[True], strict=True):
        assert large_pt >= 1.3 * normal_pt
    assert max(runs[False]) >= 12, "the title is at least 12 pt even in compact print"
    assert min(runs[True]) >= 11, "nothing in large print is under 11 pt"


def test_qr_codes_scan_to_each_resources_web_address(render: Any, catalog_engine: Engine) -> None:
    slugs = sheets.hotline_slugs(catalog_engine)
    expected = websites(catalog_engine, slugs)
    assert len(expected) >= 3
    renderer = render.SheetRenderer(build_sheet(catalog_engine, slugs, SheetOptions()))
    found = []
    for page in range(renderer.page_count()):
        found += decode_qr(qimage_gray(renderer.page_image(page, dpi=200)))
    assert sorted(found) == sorted(expected.values())


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_qr_codes_in_the_pdf_itself_scan(
    render: Any, catalog_engine: Engine, tmp_path: Path
) -> None:
    slugs = [s for s in fullest(catalog_engine, 10) if s in websites(catalog_engine, [s])][:4]
    expected = websites(catalog_engine, slugs)
    path = tmp_path / "sheet.pdf"
    render.save_pdf(build_sheet(catalog_engine, slugs, SheetOptions(hotlines=False)), path)
    subprocess.run(["pdftoppm", "-r", "150", "-gray", path, tmp_path / "page"], check=True)
    found = []
    for image in sorted(tmp_path.glob("page*.pgm")):
        found += decode_qr(read_pgm(image))
    assert sorted(found) == sorted(expected.values())


def read_pgm(path: Path) -> np.ndarray:
    """A binary (P5) 8-bit PGM as written by pdftoppm."""
    data = path.read_bytes()
    fields = data.split(maxsplit=4)
    width, height = int(fields[1]), int(fields[2])
    return np.frombuffer(fields[4][-width * height :], dtype=np.uint8).reshape(height, width)


def test_save_pdf_writes_the_file_atomically(
    render: Any, catalog_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = build_sheet(catalog_engine, [GEMS], SheetOptions())
    target = tmp_path / "sheet.pdf"
    assert render.save_pdf(document, target) == 1
    assert target.read_bytes().startswith(b"%PDF")
    before = target.read_bytes()

    class FullDisk(io.BytesIO):
        def write(self, data: Any) -> int:
            raise OSError(28, "No space left on device")

    def open_full_disk(handle: int, mode: str) -> FullDisk:
        os.close(handle)
        return FullDisk()

    monkeypatch.setattr(os, "fdopen", open_full_disk)
    with pytest.raises(OSError, match="No space left"):
        render.save_pdf(document, target)
    monkeypatch.undo()
    assert target.read_bytes() == before, "the old file is intact"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"], "no partial file is left"


def test_absurd_and_hostile_text_still_makes_a_pdf(render: Any, catalog_engine: Engine) -> None:
    options = SheetOptions(
        title="W" * sheets.MAX_TITLE,
        note=("<b>not bold</b> " * 120)[: sheets.MAX_NOTE],
        agency_name="A&B <Agency>",
    )
    document = build_sheet(catalog_engine, [GEMS, "program/gone"], options)
    text = pdf_text(render.pdf_bytes(document))
    assert "A&B <Agency>" in text and "<b>not bold</b>" in text
    assert "This resource is no longer in the catalog (program/gone)" in text


def test_preview_dialog_paints_the_sheet(
    render: Any, catalog_engine: Engine, qtbot: Any, tmp_path: Path
) -> None:
    from csec_desktop.ui.qt import QPageSize
    from csec_desktop.ui.qt_print import QPrinter

    record = reader.get_record(catalog_engine, GEMS)
    assert record is not None
    document = build_sheet(catalog_engine, [GEMS], SheetOptions(paper="a4"))
    from csec_desktop.ui.sheet_print import preview_dialog

    dialog = preview_dialog(document)
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.paintRequested.emit(printer)  # what the dialog does to draw its pages
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    assert record.title in pdf_text((tmp_path / "printed.pdf").read_bytes())


def test_benchmark_reports_every_figure(render: Any, tmp_path: Path) -> None:
    import sys

    repo = str(Path(__file__).resolve().parent.parent)
    if repo not in sys.path:
        sys.path.insert(0, repo)
    from benchmarks import sheet as bench

    report = bench.measure(1, tmp_path)
    assert report["resources"] == bench.SIZE
    for prefix in bench.VARIANTS:
        for name in ("pdf", "pdf_uncached_qr", "build", "render", "floor"):
            for q in ("p50", "p95"):
                assert report[f"{prefix}{name}_{q}_ms"] > 0
    assert report["pages"] >= 1 and isinstance(report["meets_target"], bool)
