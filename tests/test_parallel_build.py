"""A parallel catalog build (rows made by a producer process) writes the same catalog as
the plain one, and a producer that fails or a build that stops leaves nothing behind."""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import SyntheticCatalog
from csec_desktop.catalog.content.records import (
    AwardRecord,
    PartialDate,
    ResourceRecord,
    SiteRecord,
)
from csec_desktop.catalog.index import indexing
from csec_desktop.catalog.index.index_schema import META_CODES
from csec_desktop.catalog.storage import writer
from csec_desktop.catalog.storage.store import build_catalog
from search_fixtures import ORGANIZATIONS, content, realistic_records

RECORDS = realistic_records()


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (the full-text indexes' own tables too), the schema and the
    number of pages in use and free."""
    db = sqlite3.connect(path)
    try:
        schema = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        tables = [name for kind, name, _, sql in schema if kind == "table" and sql]
        rows = {
            "sqlite_master": schema,
            "pages": [
                db.execute(f"PRAGMA {p}").fetchone() for p in ("page_count", "freelist_count")
            ],
        }
        for table in tables:
            rows[table] = db.execute(f'SELECT * FROM "{table}"').fetchall()
    finally:
        db.close()
    rows["meta"] = [row for row in rows["meta"] if row[0] != "built_at"]
    return rows


@pytest.mark.slow
def test_a_parallel_build_writes_the_same_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "BATCH", 997)  # several batches, the last one short
    # Small FTS5 buffers: written out, and their segments merged, many times in the build
    # (where the file's layout, and so its size, depends on when they are written out).
    monkeypatch.setattr(indexing, "HASH_SIZE", 250_000)
    monkeypatch.setattr(indexing, "TERM_SAMPLE", 5000)  # a sampled word list
    catalog = SyntheticCatalog(20_000)
    build_catalog(tmp_path / "plain.sqlite", catalog.content(), resources=catalog)
    generated = catalog.generate_seconds
    build_catalog(tmp_path / "parallel.sqlite", catalog.content(), resources=catalog, parallel=True)

    plain, parallel = dump(tmp_path / "plain.sqlite"), dump(tmp_path / "parallel.sqlite")
    assert len(plain["resource"]) == 20_000
    assert plain["relation"]  # links between batches were resolved
    assert parallel == plain
    # Nothing left beside them (the title index is built in a file of its own).
    assert sorted(path.name for path in tmp_path.iterdir()) == ["parallel.sqlite", "plain.sqlite"]
    # The producer's copy of the catalog counted its generating time into the same total.
    assert catalog.generate_seconds > generated


class FailingRecords:
    """Records that fail after the first ``good`` (as a source that cannot be read would)."""

    def __init__(self, records: Sequence[ResourceRecord], good: int) -> None:
        self.records = records
        self.good = good

    def __iter__(self) -> Iterator[ResourceRecord]:
        yield from self.records[: self.good]
        raise ValueError("record 7 cannot be read")


def test_a_failing_producer_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "BATCH", 4)
    path = tmp_path / "catalog.sqlite"
    records = FailingRecords(RECORDS, 7)
    with pytest.raises(RuntimeError, match="record 7 cannot be read"):
        build_catalog(path, content([], ORGANIZATIONS), resources=records, parallel=True)
    assert not list(tmp_path.iterdir())
    assert not multiprocessing.active_children()


@pytest.mark.parametrize(
    ("stage", "done"),
    [
        ("Writing resources", 4),  # while the producer makes batches
        ("Indexing", 0),  # while it writes the title index
        ("Indexing titles", None),  # when it is done
    ],
)
def test_a_stopped_build_stops_the_producer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str, done: int | None
) -> None:
    monkeypatch.setattr(writer, "BATCH", 4)
    path = tmp_path / "catalog.sqlite"

    class CancelledError(Exception):
        pass

    def cancel(done_now: int, total: int, stage_now: str) -> None:
        if stage_now == stage and done in (None, done_now):
            raise CancelledError

    with pytest.raises(CancelledError):
        build_catalog(path, content(RECORDS, ORGANIZATIONS), progress=cancel, parallel=True)
    assert not list(tmp_path.iterdir())
    assert not multiprocessing.active_children()


def test_a_producer_that_cannot_write_the_title_index_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The producer fails after its last batch, while the writer makes its indexes: the
    build stops with the producer's error, and leaves no catalog and no process."""
    monkeypatch.setattr(writer, "BATCH", 4)
    blocked = tmp_path / "not a file"
    blocked.mkdir()
    monkeypatch.setattr(writer, "title_index_file", lambda db: blocked)
    path = tmp_path / "catalog.sqlite"
    with pytest.raises(RuntimeError, match="making the catalog rows failed"):
        build_catalog(path, content(RECORDS, ORGANIZATIONS), parallel=True)
    assert not path.exists()
    assert not multiprocessing.active_children()


def test_titles_are_ordered_as_sqlite_orders_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The producer orders titles in Python as SQLite would (``COLLATE NOCASE``, ties by
    id; the title index by length): accents, case, ties and long titles."""
    monkeypatch.setattr(writer, "BATCH", 5)
    titles = ["Élan Vital", "apple", "Apple", "éclair", "Zebra", "APPLE", "ábaco", "a b",
              "Ärger", "a", "Z" * 70_000, "mentoring", "Mentoring", "ß", "SS"]  # fmt: skip
    records = [replace(record, title=title) for record, title in zip(RECORDS, titles, strict=False)]
    assert len(records) == len(titles)
    catalog = content(records, ORGANIZATIONS)
    build_catalog(tmp_path / "plain.sqlite", catalog)
    build_catalog(tmp_path / "parallel.sqlite", catalog, parallel=True)
    assert dump(tmp_path / "parallel.sqlite") == dump(tmp_path / "plain.sqlite")


def test_facet_arrays_are_made_as_sqlite_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The producer's facet columns give the arrays SQL gives from the tables: awards of
    every shape (years, months, fiscal years, open ends, several), a status and a topic
    the vocabulary lacks, sites without a state, and resources with none of these."""
    monkeypatch.setattr(writer, "BATCH", 3)
    year, month = PartialDate(2004), PartialDate(2006, 7)
    awards = [
        [AwardRecord(start=month, end=PartialDate(2009, 3))],
        [AwardRecord(fiscal_year=2012)],
        [AwardRecord(start=year), AwardRecord(start=PartialDate(2001, 2), end=PartialDate(2003))],
        [AwardRecord(fiscal_year=2015), AwardRecord(start=month, end=PartialDate(2020, 1, 5))],
        [AwardRecord(amount=5000)],
        [AwardRecord(start=PartialDate(2010, 11, 2)), AwardRecord(fiscal_year=1999)],
    ]
    records = [
        replace(record, awards=shape, published=None)
        for record, shape in zip(RECORDS, awards, strict=False)
    ]
    records += [
        replace(RECORDS[6], status="paused", topics=["mentoring", "beekeeping"]),
        replace(RECORDS[7], sites=[SiteRecord(city="Somewhere"), SiteRecord(state="WY")]),
        *RECORDS[8:],
    ]
    catalog = content(records, ORGANIZATIONS)
    build_catalog(tmp_path / "plain.sqlite", catalog)
    build_catalog(tmp_path / "parallel.sqlite", catalog, parallel=True)
    plain, parallel = dump(tmp_path / "plain.sqlite"), dump(tmp_path / "parallel.sqlite")
    codes = dict(plain["meta"])[META_CODES]
    assert "paused" in codes and "beekeeping" in codes and "WY" in codes
    assert parallel["search_array"] == plain["search_array"]
    assert parallel == plain
    # Nothing left beside them (the title index is built in a file of its own).
    assert sorted(path.name for path in tmp_path.iterdir()) == ["parallel.sqlite", "plain.sqlite"]
