"""Measure a 20-resource resource sheet to PDF, the way the window and the CLI make it.

    python benchmarks/sheet.py            # a table
    python benchmarks/sheet.py --json     # one JSON object

The sheet holds the 20 resources of the curated catalog with the most to print (contacts,
sites, a web address, so the most QR codes), with the hotlines block, in compact and in
detailed layout (also in Spanish, ``detailed_es_``: hours read into Spanish, summaries
marked), and as a discreet sheet in English and in Spanish (``discreet_`` and
``discreet_es_``; compact). Few resources of the curated catalog have discreet names yet, so
the discreet passes give these 20 neutral names and descriptions made up here (as long as
the curated ones) and check them against the real deny-list: the cost measured is that of
the discreet path, with all 20 printed. QR codes are cached per address within a session (``pdf``);
``pdf_uncached_qr`` clears that cache before each pass. Each timed pass is what the user
waits for after "Save as PDF…":
:func:`~csec_desktop.catalog.display.sheets.build_sheet` (catalog reads, HTML, QR codes) plus
:func:`~csec_desktop.render.sheet.pdf_bytes` (layout, pagination, painting). The floor,
in the same loop on the same HTML and images, is ``QTextDocument.print_`` to a
``QPdfWriter``: Qt's own paginated PDF output with nothing of ours around it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in {None, ""}:  # run as a script: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.run import percentile
from csec_desktop import paths
from csec_desktop.catalog.content import discreet
from csec_desktop.catalog.display import sheets
from csec_desktop.catalog.storage import reader, store

SIZE = 20
_app: Any = None
TARGET_P50_MS = 150.0
#: The sheets measured, by the prefix of their figures in the report.
VARIANTS = {
    "": sheets.SheetOptions(),
    "detailed_": sheets.SheetOptions(layout="detailed"),
    "detailed_es_": sheets.SheetOptions(layout="detailed", language="es"),
    "discreet_": sheets.SheetOptions(discreet=True),
    "discreet_es_": sheets.SheetOptions(discreet=True, language="es"),
}


def fullest(engine: Any, count: int) -> list[str]:
    """The ``count`` resources with the most to print."""
    records = list(reader.iter_records(engine))
    records.sort(key=lambda r: (-len(r.contacts) - len(r.sites) - bool(r.website), r.id))
    return [r.id for r in records[:count]]


def bench_discreet_texts(slugs: list[str]) -> discreet.DiscreetTexts:
    """Neutral names and descriptions for ``slugs``, with the installed deny-list."""
    installed, _ = discreet.bundled_texts()
    text = {
        "en": discreet.DiscreetText("Helpline", "Call or text to reach a counselor, 24/7."),
        "es": discreet.DiscreetText(
            "Línea de ayuda", "Llame o envíe un mensaje de texto a un consejero, 24/7."
        ),
    }
    return discreet.DiscreetTexts(dict.fromkeys(slugs, text), installed.deny)


def timed(function: Callable[[], object], repeats: int) -> list[float]:
    """Milliseconds of each of ``repeats`` calls."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def measure(repeats: int, directory: Path | None = None) -> dict[str, Any]:
    """The report: percentiles of the sheet to PDF, its parts, and the floor. The curated
    catalog is built in ``directory`` (a new temporary folder by default)."""
    from csec_desktop.render import sheet as sheet_render
    from csec_desktop.render.qt import (
        QBuffer,
        QByteArray,
        QGuiApplication,
        QImage,
        QIODevice,
        QPdfWriter,
        QTextDocument,
        QUrl,
    )

    global _app  # noqa: PLW0603 - lives until exit: tearing Qt down early crashes at exit
    _app = QGuiApplication.instance() or QGuiApplication([])
    directory = directory or Path(tempfile.mkdtemp(prefix="sheet-bench-"))
    engine, _ = store.ensure_catalog(directory, paths.bundled_catalog_source())
    slugs = fullest(engine, SIZE)
    report: dict[str, Any] = {"resources": len(slugs), "repeats": repeats}

    first_start = time.perf_counter()
    first = sheets.build_sheet(engine, slugs, sheets.SheetOptions())
    sheet_render.pdf_bytes(first)
    report["first_pdf_ms"] = round((time.perf_counter() - first_start) * 1000, 1)

    texts = bench_discreet_texts(slugs)
    for prefix, options in VARIANTS.items():
        given = texts if options.discreet else None
        document = sheets.build_sheet(engine, slugs, options, discreet=given)
        assert len(document.left_off) == 0

        def whole(options: sheets.SheetOptions = options) -> bytes:
            return sheet_render.pdf_bytes(build(options))

        def render(document: sheets.SheetDocument = document) -> bytes:
            return sheet_render.pdf_bytes(document)

        def floor(document: sheets.SheetDocument = document) -> bytes:
            doc = QTextDocument()
            for name, png in document.images.items():
                doc.addResource(
                    QTextDocument.ResourceType.ImageResource, QUrl(name), QImage.fromData(png)
                )
            doc.setHtml(document.html)
            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            writer = QPdfWriter(buffer)
            doc.print_(writer)
            del writer
            return bytes(data.data())

        def build(options: sheets.SheetOptions = options) -> sheets.SheetDocument:
            return sheets.build_sheet(
                engine, slugs, options, discreet=texts if options.discreet else None
            )

        def uncached(options: sheets.SheetOptions = options) -> bytes:
            sheets.qr_png.cache_clear()  # as the first time these addresses are printed
            return sheet_render.pdf_bytes(build(options))

        pages = sheet_render.SheetRenderer(document).page_count()
        samples: dict[str, list[float]] = {
            "pdf": [],
            "pdf_uncached_qr": [],
            "build": [],
            "render": [],
            "floor": [],
        }
        calls: dict[str, Callable[[], object]] = {
            "pdf": whole,
            "pdf_uncached_qr": uncached,
            "build": build,
            "render": render,
            "floor": floor,
        }
        for _ in range(repeats):  # interleaved, so that machine noise hits all alike
            for name, call in calls.items():
                samples[name] += timed(call, 1)
        report[f"{prefix}pages"] = pages
        for name, values in samples.items():
            report[f"{prefix}{name}_p50_ms"] = round(percentile(values, 50), 1)
            report[f"{prefix}{name}_p95_ms"] = round(percentile(values, 95), 1)
    report["target_pdf_p50_ms"] = TARGET_P50_MS
    report["meets_target"] = all(
        report[f"{prefix}pdf_p50_ms"] <= TARGET_P50_MS for prefix in VARIANTS
    )
    engine.dispose()
    return report


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table or JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeats", type=int, default=30, help="timed passes (default 30)")
    args = parser.parse_args(argv)
    report = measure(max(1, args.repeats))
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{report['resources']} resources, {report['repeats']} passes")
    for prefix in VARIANTS:
        title = prefix.rstrip("_") or "compact"
        print(f"\n{title} ({report[prefix + 'pages']} pages)    p50 ms   p95 ms")
        for name in ("pdf", "pdf_uncached_qr", "build", "render", "floor"):
            p50, p95 = report[f"{prefix}{name}_p50_ms"], report[f"{prefix}{name}_p95_ms"]
            print(f"  {name:<16}{p50:>8}{p95:>9}")
    print(f"\nfirst sheet after start {report['first_pdf_ms']} ms; target p50 ≤ {TARGET_P50_MS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
