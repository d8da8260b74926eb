"""What the CSV and HSDS readers share: the records they return, the catalog they read
against, and the keys they give to names that the catalog does not know yet.

A reader turns each row into the raw mapping
:func:`~csec_desktop.catalog.content.records.parse_resource` validates, so an imported
record passes exactly the checks of a curated one. What it returns can be written as the
canonical JSON export (:func:`write_exchange_json`), which the catalog import
(``csec-catalog import FILE``) applies.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from sqlalchemy import Engine

from csec_desktop.catalog.content.records import (
    OrganizationRecord,
    Problem,
    ResourceRecord,
    SourceRecord,
    Vocabularies,
    parse_resource,
    record_to_dict,
)
from csec_desktop.catalog.curated.sources import CatalogContent
from csec_desktop.catalog.interchange.export import write_json_stream
from csec_desktop.catalog.storage import reader

#: The longest cell read (a resource's longest text is 20,000 characters).
MAX_CELL = 100_000
#: The longest line read, in bytes: room for a row of long cells, and a bound on what a file
#: without line breaks can make the reader hold (the csv module bounds each cell as well).
MAX_LINE = 8 * 1024**2


@dataclass
class ExchangeRecords:
    """Resources read from an exchange file, with the organizations and sources they cite."""

    resources: list[ResourceRecord] = field(default_factory=list)
    organizations: list[OrganizationRecord] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)


def installed_catalog(engine: Engine) -> CatalogContent:
    """The organizations, sources and vocabulary of a catalog database (no resources):
    what the readers match names and codes against."""
    return CatalogContent(
        organizations=reader.organizations(engine),
        sources=reader.sources(engine),
        vocabulary=reader.vocabulary(engine),
    )


class RecordSpool:
    """Resources read from an exchange file, kept on disk as they come, with the
    organizations, sources and problems of the reading in memory.

    What a preview lists and what an import or a JSON document then writes, in a private
    temporary SQLite database that SQLite deletes when it is closed: 100k records in memory
    are half a gigabyte, on disk they are a few MB of cache. Filled on one thread and read
    on another (the window reads on a worker, then imports on another), one at a time.
    """

    def __init__(self) -> None:
        self.organizations: list[OrganizationRecord] = []
        self.sources: list[SourceRecord] = []
        self.problems: list[Problem] = []
        self._count = 0
        self._db = sqlite3.connect("", check_same_thread=False)  # "": on disk, private
        self._db.execute("PRAGMA cache_size = -8000")  # 8 MB; the rest stays on disk
        self._db.execute(
            "CREATE TABLE resource (number INTEGER PRIMARY KEY, id TEXT, title TEXT, data TEXT)"
        )

    @classmethod
    def filled(
        cls,
        records: ExchangeRecords,
        resources: Iterable[ResourceRecord],
        problems: list[Problem],
    ) -> RecordSpool:
        """A spool of ``resources`` (taken one at a time), with the organizations and
        sources of ``records`` and the list ``problems``, all as they stand once the
        resources have all been taken."""
        spool = cls()
        try:
            with spool._db:  # one transaction: no journal written per row
                for record in resources:
                    spool._db.execute(
                        "INSERT INTO resource (id, title, data) VALUES (?, ?, ?)",
                        (record.id, record.title, json.dumps(record_to_dict(record))),
                    )
                    spool._count += 1
        except BaseException:
            spool.close()
            raise
        spool.organizations, spool.sources, spool.problems = (
            records.organizations,
            records.sources,
            problems,
        )
        return spool

    def __len__(self) -> int:
        return self._count

    def close(self) -> None:
        """Delete the spool's database."""
        self._db.close()

    def rows(self) -> Iterator[tuple[str, str]]:
        """``(id, title)`` of each resource, in the order read."""
        yield from self._db.execute("SELECT id, title FROM resource ORDER BY number")

    def dicts(self) -> Iterator[dict[str, Any]]:
        """Each resource as its dictionary (:func:`record_to_dict`), in the order read."""
        for (data,) in self._db.execute("SELECT data FROM resource ORDER BY number"):
            yield json.loads(data)

    def write_json(self, out: TextIO, origin: str) -> int:
        """Write the resources as a JSON export document; return how many.

        ``origin`` says where they came from (for example ``hsds:partner-directory``).
        """
        return write_json_stream(
            out, {"origin": origin}, self.organizations, self.sources, self.dicts()
        )


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by dashes: ``"Kids' Place, Inc."`` → ``kids-place-inc``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:80].strip("-")


class Keys:
    """Hands out keys that are unique among those already taken (``name``, ``name-2`` …)."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)

    def new(self, base: str, fallback: str) -> str:
        """A fresh key from ``base`` (``fallback`` when ``base`` has no letters or digits)."""
        stem = base or fallback
        key, number = stem, 2
        while key in self.taken:
            key, number = f"{stem}-{number}", number + 1
        self.taken.add(key)
        return key


def validate_raw(
    raw: dict[str, object], where: str, vocab: Vocabularies, problems: list[Problem]
) -> ResourceRecord | None:
    """Check one mapped entry as a curated one is checked; collect its problems."""
    record, found = parse_resource(raw, where, vocab)
    problems.extend(found)
    return record


def with_known(catalog: CatalogContent, records: ExchangeRecords) -> Vocabularies:
    """The catalog's codes, with both its and the read records' organizations and sources."""
    vocab = catalog.vocabularies()
    return Vocabularies(
        codes=vocab.codes,
        organizations=vocab.organizations | {o.key for o in records.organizations},
        sources=vocab.sources | {s.key for s in records.sources},
    )


def show(value: str) -> str:
    """A value quoted for a message, cut to 40 characters."""
    return repr(value if len(value) <= 40 else value[:37] + "…")


class _Unreadable(Exception):
    """A file stops being readable at a line (its bytes are not UTF-8)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def unknown_column(column: str, known: Iterable[str], what: str) -> str:
    """The message for a header cell that names no column ``what`` has, with the closest
    known name when it looks like a misspelling (``servce_id`` → ``service_id``)."""
    close = difflib.get_close_matches(column, list(known), n=1, cutoff=0.75)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"column {show(column)} is not {what}, so it was not read{hint}"


def _decoded_lines(handle: BinaryIO) -> Iterator[str]:
    """The lines of a binary file as text, naming the line whose bytes are not UTF-8 or that
    is longer than :data:`MAX_LINE` (read no further than that)."""
    number = 0
    while raw := handle.readline(MAX_LINE + 1):
        number += 1
        if len(raw) > MAX_LINE:
            raise _Unreadable(number, f"line {number} is longer than {MAX_LINE:,} bytes")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _Unreadable(
                number, f"byte 0x{raw[error.start]:02x} on line {number} is not UTF-8 text"
            ) from None
        yield text.removeprefix("\ufeff") if number == 1 else text


def _csv_rows(path: Path, where: str, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    number = 0
    try:
        with path.open("rb") as handle:
            for number, values in enumerate(csv.reader(_decoded_lines(handle)), start=1):
                yield number, values
    except _Unreadable as error:
        problems.append(
            Problem(where, "", f"{error}, so the rows from line {error.line} on were left out")
        )
    except csv.Error as error:
        # The csv module stops at a cell longer than its limit (131,072 characters): said
        # in words, with ours, rather than as the module's "field larger than field limit".
        limit = csv.field_size_limit()
        why = (
            f"has a cell longer than {limit:,} characters (the limit is {MAX_CELL:,})"
            if str(error).startswith("field larger than field limit")
            else f"cannot be read as CSV ({error})"
        )
        problems.append(
            Problem(where, f"row {number + 1}", f"{why}, so the rows from there on were left out")
        )


def read_csv_table(
    path: Path, where: str, problems: list[Problem]
) -> tuple[list[str], Iterator[tuple[int, list[str]]]] | None:
    """The header (stripped) and the numbered rows of a UTF-8 CSV file; the header is row 1.

    Reading stops at bytes that are not UTF-8 or text that is not CSV, with one problem
    naming the line or row (the rows before it stand). An empty file is a problem and None.
    """
    rows = _csv_rows(path, where, problems)
    known = len(problems)
    first = next(rows, None)
    if first is None:
        if len(problems) == known:
            problems.append(Problem(where, "", "is empty: it has no header row"))
        return None
    return [name.strip() for name in first[1]], rows
