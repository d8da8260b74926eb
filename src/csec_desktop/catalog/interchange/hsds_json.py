"""HSDS JSON as HSDS and Open Referral UK APIs serve it, read through the package reader.

A partner's API answers ``GET /services`` with a page (``{"contents": [...],
"total_items": …}``, ``"content"`` in Open Referral UK) or a plain list, and
``GET /services/{id}`` with one full service object whose organization, locations,
phones, schedules, languages and attributes are nested in it. :func:`unpacked_json`
flattens those objects into the CSV tables of an HSDS package in a temporary folder, so
that :func:`~csec_desktop.catalog.interchange.hsds_import.read_hsds_package` checks and maps them
exactly as it does a partner's package; :func:`json_problem` then names each problem by
where it is in the JSON file (``services.json contents[3]``), not by the table row.

The file is refused whole, in one sentence, when it is not HSDS JSON (a web page, a
login form, something else) or is larger than :data:`MAX_JSON_BYTES`.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csec_desktop.catalog.content.records import PartialDate, Problem, ResourceRecord
from csec_desktop.catalog.content.sentence import QT_TRANSLATE_NOOP
from csec_desktop.catalog.curated.sources import CatalogContent
from csec_desktop.catalog.interchange.exchange import ExchangeRecords, slugify
from csec_desktop.catalog.interchange.export import neutralise_formula
from csec_desktop.catalog.interchange.hsds import DESCRIPTOR, READ_TABLES, table_resource
from csec_desktop.catalog.interchange.hsds_import import (
    HsdsPackageError,
    HsdsRecords,
    streamed_hsds_package,
)

# The largest JSON file read (it is parsed whole): 10,000 services like the test
# fixture's take 9.8 MB and read in 5 s within 270 MB (benchmarks/hsds_json.py); a bigger
# directory comes as a package (CSV tables, a zip).
MAX_JSON_BYTES = 40 * 1024**2
# The object a JSON key holds nested, by the key (HSDS 3.0 and Open Referral UK names).
NESTED = {
    "organization": "organization",
    "program": "program",
    "location": "location",
    "taxonomy_term": "taxonomy_term",
    "locations": "location",
    "phones": "phone",
    "schedules": "schedule",
    "regular_schedules": "schedule",
    "service_at_locations": "service_at_location",
    "languages": "language",
    "addresses": "address",
    "physical_addresses": "address",
    "attributes": "attribute",
    "contacts": "contact",
    "funding": "funding",
    "cost_options": "cost_option",
    "service_areas": "service_area",
    "required_documents": "required_document",
    "accessibility": "accessibility",
    "organization_identifiers": "organization_identifier",
    "programs": "program",
    "metadata": "metadata",
}
_ROW = re.compile(r"^(?P<file>[\w.]+\.csv)(?: row (?P<row>\d+))?$")
_NAMED = re.compile(r"^(?P<file>[\w.]+\.csv) \((?P<name>.*)\)$")


@dataclass
class _Tables:
    """The rows of each table, with where in the JSON file each came from."""

    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    places: dict[str, list[str]] = field(default_factory=dict)
    seen: dict[str, set[str]] = field(default_factory=dict)

    def add(self, table: str, item: Mapping[str, Any], place: str, links: dict[str, str]) -> None:
        """Add ``item`` (and what it nests) as rows; ``links`` are its parent's foreign keys."""
        cells: dict[str, str] = {}
        nested: list[tuple[str, str, Any]] = []
        for key, value in item.items():
            child = NESTED.get(key)
            if child is not None and isinstance(value, Mapping | list):
                nested.append((key, child, value))
            elif value is not None and value != "":
                cells[key] = _cell(value)
        for key, value in links.items():
            cells.setdefault(key, value)
        own_id = cells.get("id", "")
        for key, child, value in nested:
            if isinstance(value, Mapping):  # one object: the parent points to it
                if value.get("id") is not None:
                    cells.setdefault(f"{child}_id", _cell(value["id"]))
                self.add(child, value, f"{place}.{key}", {})
                continue
            for index, entry in enumerate(value):
                if isinstance(entry, Mapping):
                    self.add(child, entry, f"{place}.{key}[{index}]", _links(table, child, own_id))
        if table not in READ_TABLES:
            return
        if own_id:  # one organization or location nested in many services: written once
            seen = self.seen.setdefault(table, set())
            if own_id in seen:
                return
            seen.add(own_id)
        self.rows.setdefault(table, []).append(cells)
        self.places.setdefault(table, []).append(place)


def _links(parent: str, child: str, parent_id: str) -> dict[str, str]:
    """The foreign keys a child row nested in a ``parent`` row gets."""
    if child == "attribute":
        return {"link_id": parent_id, "link_entity": parent}
    columns = {f["name"] for f in table_resource(child)["schema"]["fields"]}
    column = f"{parent}_id"
    return {column: parent_id} if column in columns else {}


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# Why a file is not HSDS JSON (HsdsPackageError's context, "Partners").
NO_SERVICES = QT_TRANSLATE_NOOP(
    "Partners",
    "{name} holds no HSDS services: it is neither a list of services, nor a page of them "
    "('contents'), nor one service object.",
)
TOO_LARGE = QT_TRANSLATE_NOOP(
    "Partners",
    "{name} is {size} MB, larger than the {most} MB an HSDS JSON file may be; ask the "
    "partner for an HSDS package (CSV tables, or a zip of them) instead.",
)
UNREADABLE = QT_TRANSLATE_NOOP("Partners", "{name} cannot be read ({problem}).")
NOT_UTF8 = QT_TRANSLATE_NOOP(
    "Partners", "{name} is not HSDS JSON: it is not UTF-8 text (byte {byte})."
)
A_WEB_PAGE = QT_TRANSLATE_NOOP(
    "Partners",
    "{name} is a web page, not HSDS JSON (perhaps a login or error page saved instead of "
    "the API's answer).",
)
XML = QT_TRANSLATE_NOOP(
    "Partners",
    "{name} is XML, not HSDS JSON (perhaps a login or error page saved instead of the "
    "API's answer).",
)
# (Python's JSON parser names the problem, in English: what a helper would ask for.)
NOT_JSON = QT_TRANSLATE_NOOP(
    "Partners", "{name} is not valid JSON ({problem} at line {line} column {column})."
)
TOO_DEEP = QT_TRANSLATE_NOOP("Partners", "{name} is nested too deeply to be HSDS JSON.")


def _services(document: object, name: str) -> tuple[list[Any], str]:
    """The service objects of a page, a list or one full service, with how the file names
    the first (``contents[0]``); one sentence if it holds none."""
    if isinstance(document, list):
        return document, "[0]"
    if isinstance(document, Mapping):
        for key in ("contents", "content"):
            if isinstance(document.get(key), list):
                return list(document[key]), f"{key}[0]"
        if "id" in document and "name" in document:
            return [document], "service"
    raise HsdsPackageError.of(NO_SERVICES, name=name)


def _document(path: Path) -> object:
    """The parsed JSON of ``path``, or one sentence saying why it is not HSDS JSON."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise HsdsPackageError.of(
                TOO_LARGE, name=name, size=f"{size / 1024**2:.0f}", most=MAX_JSON_BYTES // 1024**2
            )
        data = path.read_bytes()
    except OSError as error:
        raise HsdsPackageError.of(UNREADABLE, name=name, problem=str(error.strerror)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise HsdsPackageError.of(NOT_UTF8, name=name, byte=error.start) from None
    start = text.lstrip()[:200].lower()
    if start.startswith("<"):
        page = "html" in start or start.startswith("<!")
        raise HsdsPackageError.of(A_WEB_PAGE if page else XML, name=name)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise HsdsPackageError.of(
            NOT_JSON, name=name, problem=error.msg, line=error.lineno, column=error.colno
        ) from None
    except RecursionError:
        raise HsdsPackageError.of(TOO_DEEP, name=name) from None


@dataclass(frozen=True)
class JsonPackage:
    """A JSON file flattened into an HSDS package folder, and where each row came from."""

    directory: Path
    name: str
    places: Mapping[str, list[str]]
    notes: list[Problem]

    def problem(self, problem: Problem) -> Problem:
        """``problem`` of the package reader, named by where it is in the JSON file."""
        if (match := _ROW.match(problem.where)) is not None:
            places = self.places.get(match["file"], [])
            row = match["row"]
            if row is None and problem.entry.startswith("row "):
                row, entry = problem.entry[4:], ""
            else:
                entry = problem.entry
            if row is not None and row.isdigit() and 2 <= int(row) < len(places) + 2:
                return Problem(f"{self.name} {places[int(row) - 2]}", entry, _worded(problem))
            return Problem(self.name, entry, _worded(problem))
        if (match := _NAMED.match(problem.where)) is not None:
            return Problem(f"{self.name} organization ({match['name']})", "", _worded(problem))
        return problem


def _worded(problem: Problem) -> str:
    """The package reader's message in the words of a JSON file (fields, objects)."""
    return (
        problem.message.replace("column", "field")
        .replace("the package does not have", "the file does not have")
        .replace("the row was left out", "it was left out")
        .replace("this row was left out", "this one was left out")
    )


def is_hsds_json(path: Path) -> bool:
    """True when ``path`` is a file to read as HSDS JSON rather than as a zipped package:
    named ``.json``, or beginning (after blanks) with ``{``, ``[`` or ``<`` (a web page)."""
    if not path.is_file():
        return False
    if path.suffix.lower() == ".json":
        return True
    with path.open("rb") as handle:
        start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return start[:1] in (b"{", b"[", b"<")


@contextmanager
def unpacked_json(path: Path) -> Iterator[JsonPackage]:
    """The HSDS JSON file at ``path`` as a temporary package folder, removed afterwards.

    Raises :class:`~csec_desktop.catalog.interchange.hsds_import.HsdsPackageError` (one sentence)
    when the file is not HSDS JSON or is too large; nothing is read from it then.
    """
    name = path.name
    document = _document(path)
    services, first = _services(document, name)
    tables = _Tables()
    notes: list[Problem] = []
    for index, service in enumerate(services):
        place = first.replace("[0]", f"[{index}]")
        if isinstance(service, Mapping):
            tables.add("service", service, place, {})
        else:
            notes.append(Problem(name, place, "is not a service object; left out"))
    total = document.get("total_items") if isinstance(document, Mapping) else None
    if isinstance(total, int) and total > len(services):
        notes.append(
            Problem(
                name,
                "",
                f"is one page: it holds {len(services)} of the partner's {total} services; "
                "import the other pages too",
            )
        )
    with tempfile.TemporaryDirectory(prefix="csec-hsds-json-") as scratch:
        folder = Path(scratch) / (slugify(path.stem) or "services")
        folder.mkdir()
        (folder / DESCRIPTOR).write_text(json.dumps({"title": name}), encoding="utf-8")
        places: dict[str, list[str]] = {}
        for table in READ_TABLES:  # all of them, so that every foreign key is checked
            rows = tables.rows.get(table, [])
            where = table_resource(table)["path"]
            places[where] = tables.places.get(table, [])
            fields = [f["name"] for f in table_resource(table)["schema"]["fields"]]
            columns = list(dict.fromkeys(column for row in rows for column in row)) or fields
            with (folder / where).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, columns, lineterminator="\n")
                writer.writeheader()
                for row in rows:
                    writer.writerow({k: neutralise_formula(v) for k, v in row.items()})
        yield JsonPackage(folder, name, places, notes)


def read_hsds_json(
    path: Path, catalog: CatalogContent, *, verified: PartialDate | None = None
) -> tuple[ExchangeRecords, list[Problem]]:
    """Read an HSDS JSON file into validated records, as
    :func:`~csec_desktop.catalog.interchange.hsds_import.read_hsds_package` reads a package (same
    arguments), each problem named by where it is in the file; all in memory:
    :func:`streamed_hsds_json` for a file too large to hold.

    Raises :class:`~csec_desktop.catalog.interchange.hsds_import.HsdsPackageError` (one sentence)
    when the file is not HSDS JSON or is too large.
    """
    with streamed_hsds_json(path, catalog, verified=verified) as (records, resources):
        records.resources.extend(resources)
    return records, records.problems


@contextmanager
def streamed_hsds_json(
    path: Path, catalog: CatalogContent, *, verified: PartialDate | None = None
) -> Iterator[tuple[HsdsRecords, Iterator[ResourceRecord]]]:
    """Read an HSDS JSON file as
    :func:`~csec_desktop.catalog.interchange.hsds_import.streamed_hsds_package` reads a
    package: the resources one at a time. Once they have all been taken and the block
    ends, the problems are named by where they are in the file."""
    with (
        unpacked_json(path) as package,
        streamed_hsds_package(package.directory, catalog, verified=verified) as (
            records,
            resources,
        ),
    ):
        yield records, resources
        named = [package.problem(p) for p in records.problems]
        # What a left-out service nests (its phones, its locations) has nothing left to
        # point to: the service's own sentence says it all.
        left_out = {p.where + "." for p in named if p.message.endswith("it was left out")}
        records.problems[:] = package.notes + [
            p for p in named if not any(p.where.startswith(where) for where in left_out)
        ]
