"""Smoke test of the benchmarks: a tiny synthetic catalog, built and measured in-process.

The timings themselves are not checked (they belong to benchmarks/, not to timed tests);
only that the generator makes valid, deterministic records and that the report has every
field with a sensible value.
"""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pytest

from benchmarks import hsds, index_check, partner_import, run, synthetic
from csec_desktop.catalog.content.records import parse_resource, record_to_dict
from csec_desktop.catalog.storage.store import sqlite_engine

SIZE = 200
REQUIRED = (
    "size", "search_p50_ms", "search_p95_ms", "floor_p50_ms", "floor_p95_ms",
    "facets_p50_ms", "facets_p95_ms", "build_s", "build_cached", "db_bytes", "peak_rss_mb",
    "build_peak_rss_mb", "classes", "counts", "queries",
)  # fmt: skip
CLASSES = (
    "one_word", "two_words", "prefix", "phrase", "rare", "very_common", "no_match",
    "filtered",
)  # fmt: skip


def test_synthetic_records_are_deterministic_and_valid() -> None:
    catalog = synthetic.SyntheticCatalog(SIZE)
    first = list(catalog)
    assert len(first) == SIZE
    assert first == list(synthetic.SyntheticCatalog(SIZE))
    assert len({r.id for r in first}) == SIZE

    content = catalog.content()
    vocab = content.vocabularies()
    for record in islice(first, 100):
        parsed, problems = parse_resource(record_to_dict(record), "synthetic", vocab)
        assert not problems, problems
        assert parsed is not None and parsed.id == record.id
    kinds = {r.kind for r in first}
    assert {"program", "training", "publication", "hotline"} <= kinds


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    path = tmp_path_factory.mktemp("bench") / "catalog.sqlite"
    info = synthetic.build_with_info(SIZE, path)
    result = run.collect(SIZE, path, info, built=True, repeats=1)
    json.dumps(result)  # one JSON object, as `run.py --json` prints
    return result


def test_report_has_the_required_fields(report: dict[str, object]) -> None:
    for key in REQUIRED:
        assert key in report, key
    assert report["size"] == SIZE
    assert report["build_cached"] is False
    for key, value in report.items():
        if key.startswith("rss_") and value is None:  # only measured on Linux
            continue
        if key.endswith(("_ms", "_s", "_mb", "_bytes")):
            assert isinstance(value, int | float), key
            assert value >= 0, key
    assert isinstance(report["db_bytes"], int) and report["db_bytes"] > 0
    classes = report["classes"]
    assert isinstance(classes, dict)
    for name in CLASSES:
        assert name in classes, name
        assert classes[name]["search_p95_ms"] >= classes[name]["search_p50_ms"] >= 0
    assert report["errors"] == []


def test_report_counts_make_sense(report: dict[str, object]) -> None:
    counts = report["counts"]
    assert isinstance(counts, dict)
    assert counts["resources"] == SIZE
    queries = report["queries"]
    assert isinstance(queries, list)
    common = [q for q in queries if q["class"] == "very_common"]
    assert common and all(q["total"] > 0 for q in common)
    assert all(q["floor_matches"] == 0 for q in queries if q["class"] == "no_match")
    assert all(q["floor_matches"] >= 1 for q in queries if q["class"] == "rare")


def test_exchange_benchmark_round_trips_a_synthetic_catalog(tmp_path: Path) -> None:
    """The exchange benchmark's report, and its synthetic catalog surviving HSDS and CSV."""
    path = tmp_path / "catalog.sqlite"
    synthetic.build_with_info(SIZE, path)
    engine = sqlite_engine(path)
    try:
        report = hsds.measure(engine, repeats=1)
    finally:
        engine.dispose()
    json.dumps(report)
    assert report["resources"] == report["imported"] == report["csv_imported"] == SIZE
    assert (report["problems"], report["import_problems"], report["csv_problems"]) == (0, 0, 0)
    for figure, floor in hsds.RATIOS:
        assert report[figure] > 0 and report[floor] > 0, figure
        assert report[figure.removesuffix("_ms") + "_ratio"] > 0


def test_index_check_benchmark_measures_a_sound_catalog(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    synthetic.build_with_info(SIZE, path)
    report = index_check.measure(path, repeats=1)
    json.dumps(report)
    assert report["problems"] == []
    for figure in ("index_check_s", "probe_s", "quick_check_s", "read_index_s"):
        seconds = report[figure]
        assert isinstance(seconds, float) and seconds >= 0, figure


@pytest.mark.parametrize("form", ["hsds", "csv"])
def test_partner_import_benchmark_runs_each_path_in_its_own_process(
    tmp_path: Path, form: str
) -> None:
    catalog = tmp_path / "catalog.sqlite"
    synthetic.build_with_info(SIZE, catalog)
    if form == "csv":
        package = tmp_path / "partner.csv"
        partner_import.export_csv_file(catalog, package)
    else:
        package = tmp_path / "package"
        partner_import.export_package(catalog, package)
    report = partner_import.measure(catalog, package, partner_import.PATHS)
    json.dumps(report)
    output, as_local, window = (report[path]["after"] for path in partner_import.PATHS)
    assert output["exit"] == as_local["exit"] == 0 and output["out_mb"] > 0
    assert as_local["saved"] == window["saved"] == SIZE and window["after_undo"] == 0
    for facts in (output, as_local, window):
        assert facts["peak_rss_mb"] >= facts["floor_rss_mb"] >= facts["startup_rss_mb"] > 0
    if form == "csv":
        # The merge after a rebuild (of what an as_local import leaves), the window's preview.
        more = partner_import.measure(catalog, package, partner_import.MORE_PATHS)
        merge, preview = (more[path]["after"] for path in partner_import.MORE_PATHS)
        assert merge["merged"] == SIZE and merge["warning"] is None
        assert preview["listed"] == SIZE
        for facts in (merge, preview):
            assert facts["peak_rss_mb"] >= facts["floor_rss_mb"] > 0
