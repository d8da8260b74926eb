"""What the window shows the moment it opens, read with plain ``sqlite3``.

Loading SQLAlchemy, numpy and the search engine takes longer than the window takes to
paint, so the application paints first: the first page of the catalog in title order
(what the engine answers for an empty query, so its first search shows the same rows),
the catalog's facts for the status bar, and the caseworker's stored settings (theme, text
size, window layout). It then loads the rest while the window already takes typing.

Nothing here repairs or rebuilds: when the catalog cannot be read as it is, or is older
than this version of the application, :func:`read_first_frame` returns None and the
application takes the slow path, which does.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csec_desktop.catalog import readonly
from csec_desktop.catalog.hits import Hit, read_hits
from csec_desktop.catalog.index.index_schema import CATALOG_SCHEMA_VERSION, META_CODES
from csec_desktop.catalog.user.preferences import decode_settings
from csec_desktop.paths import catalog_db_path, user_db_path


@dataclass(frozen=True)
class FirstFrame:
    """The first page of results and what else the first paint needs."""

    hits: list[Hit]
    #: Resources in the catalog.
    total: int
    #: The catalog's meta facts (as :func:`csec_desktop.catalog.storage.reader.catalog_meta`).
    meta: dict[str, str]
    #: The caseworker's stored settings (decoded JSON values) by key.
    settings: dict[str, Any] = field(default_factory=dict)


def read_first_frame(directory: Path, limit: int) -> FirstFrame | None:
    """The first frame of the catalog in ``directory``, or None when only the slow path can
    show it (no catalog, one of another schema version, a damaged or unreadable file)."""
    path = catalog_db_path(directory)
    if not path.is_file():
        return None
    try:
        with _reading(path) as db:
            rows = db.execute("SELECT key, value FROM meta")
            meta = {str(key): str(value) for key, value in rows}
            if meta.get("schema_version") != str(CATALOG_SCHEMA_VERSION):
                return None
            total = int(json.loads(meta[META_CODES])["count"])
            with _Array(db, "year") as year, _Array(db, "year_end") as year_end:
                hits = read_hits(db, _first_ids(db, limit), lambda rid: (year[rid], year_end[rid]))
    except (sqlite3.Error, KeyError, ValueError, TypeError, IndexError):
        return None
    return FirstFrame(hits, total, meta, read_settings(directory))


def read_settings(directory: Path) -> dict[str, Any]:
    """The stored settings of ``user.sqlite`` in ``directory``; empty when there are none or
    the file cannot be read (the slow path then opens, migrates or repairs it)."""
    path = user_db_path(directory)
    if not path.is_file():
        return {}
    try:
        with _reading(path) as db:
            return decode_settings(db.execute("SELECT key, value FROM setting"))
    except sqlite3.Error:
        return {}


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    # Not "mode=ro": a read-only connection cannot open a WAL database whose shared-memory
    # file is missing. query_only keeps this one from writing all the same.
    db = readonly.connect(path, timeout=1.0)
    try:
        db.execute("PRAGMA query_only = ON")
        yield db
    finally:
        db.close()


def _first_ids(db: sqlite3.Connection, limit: int) -> list[int]:
    """The first ``limit`` resource ids in title order, leaving out deleted ones."""
    ids: list[int] = []
    with _Array(db, "order_title") as order, _Array(db, "exists") as exists:
        position, size = 0, len(order)
        while len(ids) < limit and position < size:
            count = min(2 * limit, size - position)
            ids.extend(rid for rid in order.values(position, count) if exists[rid])
            position += count
    return ids[:limit]


class _Array:
    """One of the index's arrays (``search_array``), read in place a few values at a time
    through SQLite's blob I/O rather than loaded whole (a million resources: 4 MB each)."""

    def __init__(self, db: sqlite3.Connection, name: str) -> None:
        row = db.execute("SELECT rowid, dtype FROM search_array WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise KeyError(name)
        rowid, dtype = row  # a numpy type string: "<u4", "|b1", "<i4" …
        self._width = int(dtype[2:])
        self._signed = dtype[1] == "i"
        self._byteorder: Any = "big" if dtype[0] == ">" else "little"
        self._blob = db.blobopen("search_array", "data", rowid, readonly=True)

    def __enter__(self) -> _Array:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._blob.close()

    def __len__(self) -> int:
        return len(self._blob) // self._width

    def __getitem__(self, index: int) -> int:
        return self.values(index, 1)[0]

    def values(self, start: int, count: int) -> list[int]:
        """``count`` values from ``start`` (fewer at the end)."""
        width = self._width
        self._blob.seek(start * width)
        data = self._blob.read(count * width)
        return [
            int.from_bytes(data[i : i + width], self._byteorder, signed=self._signed)
            for i in range(0, len(data) - width + 1, width)
        ]
