"""Time the HSDS 3.0 and CSV exchange of CSEC Resource Desk against plain ``csv`` floors.

    python benchmarks/hsds.py --size 0              # the curated catalog (data/)
    python benchmarks/hsds.py --size 100000 --json  # a synthetic catalog, one JSON object

A synthetic catalog comes from ``benchmarks/.cache/<size>/`` (built first, in a
subprocess, when missing or stale: see :mod:`benchmarks.synthetic`); the curated one is
built from ``data/`` into a temporary folder. Each pass, in the same loop:

- ``export_ms``: :func:`~csec_desktop.catalog.interchange.hsds_export.export_hsds` into an empty
  folder; floor ``export_floor_ms``: ``csv.writer`` writing the same rows (read back from
  that export beforehand) into the same files.
- ``validate_ms``: :func:`~csec_desktop.catalog.interchange.hsds_import.check_hsds_package`, the
  application's own check of every table against the HSDS descriptor; ``import_ms``:
  :func:`~csec_desktop.catalog.interchange.hsds_import.streamed_hsds_package` (checks,
  mapping, and ``parse_resource`` of every record, taken one at a time as a writer takes
  them). Floor ``read_floor_ms``: ``csv.reader`` reading every row of the same files.
- ``csv_export_ms`` / ``csv_import_ms``: ``export_csv`` / ``read_csv``; floors
  ``csv_write_floor_ms`` / ``csv_read_floor_ms``: ``csv.writer`` of the same rows,
  ``csv.reader`` of the same file.

The figures are medians over ``--repeats`` passes; ``*_ratio`` is a figure over its floor.
``iter_records_ms`` is the part any export spends reading the records from the catalog.
``peak_rss_mb`` gives, for each step, the process's peak resident memory while it ran (on
Linux the high-water mark is reset before each step; elsewhere None). Memory Python has
freed but not returned stays resident, so a step's figure is an upper bound; the write
floors, which hold every row in memory, run after the application's steps.
"""

from __future__ import annotations

import argparse
import csv
import gc
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

if __package__ in {None, ""}:  # run as a script: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine

from benchmarks.run import PeakMemory, build_in_subprocess, emit, load_average
from benchmarks.synthetic import DATA
from csec_desktop.catalog.curated.sources import CatalogContent
from csec_desktop.catalog.interchange.csv_import import read_csv
from csec_desktop.catalog.interchange.exchange import installed_catalog
from csec_desktop.catalog.interchange.export import export_csv
from csec_desktop.catalog.interchange.hsds_export import export_hsds
from csec_desktop.catalog.interchange.hsds_import import check_hsds_package, streamed_hsds_package
from csec_desktop.catalog.storage import reader, store

#: (figure, its floor) pairs whose ratio is reported.
RATIOS = (
    ("export_ms", "export_floor_ms"),
    ("validate_ms", "read_floor_ms"),
    ("import_ms", "read_floor_ms"),
    ("csv_export_ms", "csv_write_floor_ms"),
    ("csv_import_ms", "csv_read_floor_ms"),
)


def _timed(call: Callable[[], object]) -> tuple[float, float | None, Any]:
    """Milliseconds ``call()`` takes (after a full collection), the peak resident memory
    (MB) while it ran (Linux only, else None), and what it returned."""
    gc.collect()
    exact = PeakMemory.reset()
    started = time.perf_counter()
    result = call()
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, PeakMemory.high_water_mb() if exact else None, result


def read_tables(folder: Path) -> dict[str, list[list[str]]]:
    """Every row (header included) of every CSV file in ``folder``, by file name."""
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            tables[path.name] = list(csv.reader(handle))
    return tables


def write_tables(folder: Path, tables: dict[str, list[list[str]]]) -> None:
    """The floor of an export: ``csv.writer`` writing rows that are already in memory."""
    folder.mkdir()
    for name, rows in tables.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)


def count_rows(paths: Iterable[Path]) -> int:
    """The floor of a reader: ``csv.reader`` visiting every row of the CSV files."""
    count = 0
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            count += sum(1 for _ in csv.reader(handle))
    return count


def import_streamed(package: Path, catalog: CatalogContent) -> tuple[int, int]:
    """Read the package as an import does (:func:`streamed_hsds_package`: every resource
    mapped and validated, taken one at a time by its writer); how many resources and
    problems."""
    with streamed_hsds_package(package, catalog) as (records, resources):
        count = sum(1 for _ in resources)
    return count, len(records.problems)


def _export_csv_file(engine: Engine, path: Path) -> int:
    with path.open("w", encoding="utf-8", newline="") as out:
        return export_csv(engine, out)


Sample = Callable[[str, Callable[[], Any]], Any]


def _one_pass(
    engine: Engine, catalog: CatalogContent, root: Path, sample: Sample
) -> dict[str, Any]:
    """One timed pass of every figure and floor, in ``root`` (left empty); the counts."""
    facts: dict[str, Any] = {}
    package, floor, csv_file = root / "package", root / "floor", root / "catalog.csv"
    sample("iter_records_ms", lambda: sum(1 for _ in reader.iter_records(engine)))
    facts["resources"] = sample("export_ms", lambda: export_hsds(engine, package))
    facts["problems"] = len(sample("validate_ms", lambda: check_hsds_package(package)))
    facts["imported"], facts["import_problems"] = sample(
        "import_ms", lambda: import_streamed(package, catalog)
    )
    files = sorted(package.glob("*.csv"))
    facts["rows"] = sample("read_floor_ms", lambda: count_rows(files))
    facts["hsds_bytes"] = sum(p.stat().st_size for p in package.iterdir())
    # The write floors come last: their rows in memory must not count in the app's peaks.
    tables = read_tables(package)
    sample("export_floor_ms", partial(write_tables, floor, tables))
    del tables
    shutil.rmtree(floor)

    sample("csv_export_ms", lambda: _export_csv_file(engine, csv_file))
    records, problems = sample("csv_import_ms", lambda: read_csv(csv_file, catalog))
    facts["csv_imported"], facts["csv_problems"] = len(records.resources), len(problems)
    del records, problems
    sample("csv_read_floor_ms", lambda: count_rows([csv_file]))
    facts["csv_bytes"] = csv_file.stat().st_size
    rows = read_tables(root)
    sample("csv_write_floor_ms", partial(write_tables, floor, rows))
    del rows
    for path in (package, floor):
        shutil.rmtree(path)
    csv_file.unlink()
    return facts


def measure(engine: Engine, *, repeats: int = 3) -> dict[str, Any]:
    """Time export, check and import (HSDS and CSV) of the catalog behind ``engine``, with
    their floors in the same loop; medians over ``repeats`` passes."""
    catalog = installed_catalog(engine)
    samples: dict[str, list[float]] = {}
    peaks: dict[str, float | None] = {}

    def sample(name: str, call: Callable[[], Any]) -> Any:
        elapsed, peak, result = _timed(call)
        samples.setdefault(name, []).append(elapsed)
        step = name.removesuffix("_ms")
        peaks[step] = None if peak is None else max(peak, peaks.get(step) or 0.0)
        return result

    with tempfile.TemporaryDirectory(prefix="hsds-bench-") as scratch:
        for _ in range(repeats):
            facts = _one_pass(engine, catalog, Path(scratch), sample)
    report: dict[str, Any] = {
        name: round(statistics.median(values), 1) for name, values in samples.items()
    }
    for figure, floor_name in RATIOS:
        floor_ms = report[floor_name]
        report[figure.removesuffix("_ms") + "_ratio"] = (
            round(report[figure] / floor_ms, 1) if floor_ms else None
        )
    return {**report, **facts, "repeats": repeats, "peak_rss_mb": peaks}


@contextmanager
def open_catalog(size: int) -> Iterator[tuple[Engine, dict[str, Any]]]:
    """An engine on the curated catalog (``size`` 0) or the cached synthetic one."""
    if size == 0:
        with tempfile.TemporaryDirectory(prefix="hsds-bench-data-") as folder:
            engine, _ = store.ensure_catalog(Path(folder), DATA)
            try:
                yield engine, {"catalog": "curated"}
            finally:
                engine.dispose()
        return
    path, info, built = build_in_subprocess(size, rebuild=False)
    engine = store.sqlite_engine(path)
    try:
        yield engine, {"catalog": "synthetic", "build_s": info.build_s, "build_cached": not built}
    finally:
        engine.dispose()


def render(report: Mapping[str, Any]) -> str:
    """The report as a few lines for a person."""
    lines = [
        f"{report['catalog']} catalog, {report['resources']:,} resources; HSDS "
        f"{report['hsds_bytes'] / 1e6:.1f} MB in {report['rows']:,} rows, CSV "
        f"{report['csv_bytes'] / 1e6:.1f} MB; median of {report['repeats']}; "
        f"load {report['load_before']} → {report['load_after']}",
        f"{'':<14}{'ms':>10}{'floor ms':>10}{'ratio':>7}",
    ]
    for figure, floor_name in RATIOS:
        ratio = report[figure.removesuffix("_ms") + "_ratio"]
        lines.append(
            f"{figure.removesuffix('_ms'):<14}{report[figure]:>10.1f}"
            f"{report[floor_name]:>10.1f}{ratio if ratio is not None else '–':>7}"
        )
    lines.append(f"(reading the records from the catalog: {report['iter_records_ms']:.1f} ms)")
    peaks = report["peak_rss_mb"]
    lines.append("peak RSS (MB): " + ", ".join(f"{k} {v}" for k, v in peaks.items()))
    lines.append(
        f"problems: check {report['problems']}, import {report['import_problems']}, "
        f"csv import {report['csv_problems']}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--size", type=int, default=0, help="synthetic resources; 0 (default): the curated data"
    )
    parser.add_argument("--repeats", type=int, default=3, help="timed passes (default 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--output", type=Path, help="also write the JSON report to this file")
    args = parser.parse_args(argv)
    with open_catalog(args.size) as (engine, about):
        report: dict[str, Any] = {"size": args.size, **about, "load_before": load_average()}
        report.update(measure(engine, repeats=args.repeats))
        report["load_after"] = load_average()
    emit(report, args.output, as_json=args.json, render=render)
    return 0


if __name__ == "__main__":
    sys.exit(main())
