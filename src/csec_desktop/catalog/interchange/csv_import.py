"""Read a CSV file written by :func:`~csec_desktop.catalog.interchange.export.export_csv`
(one row per resource, lists joined with "; ") back into validated records.

Every row becomes the raw entry :func:`~csec_desktop.catalog.content.records.parse_resource` checks,
so an imported resource passes exactly the checks of a curated one. Organizations are
written by name: a name the installed catalog knows gets its key, a new name a new
organization. Sources are written by key and must be the catalog's.

What a CSV row does not carry comes back empty: site roles, contact labels, hours and
languages, award labels and fiscal years, eligibility flags and note, the source locator,
and the kind of a relation (every related resource comes back as ``related``). Where the
row alone cannot say which value belongs with which, nothing is guessed: the first address
of the ``email`` column is the resource's email and the rest are email contacts; award
amounts and periods pair up in order only when there are as many of each, otherwise each
becomes an award of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from csec_desktop.catalog.content.records import (
    STATE_PATTERN,
    OrganizationRecord,
    Problem,
    ResourceRecord,
    SourceRecord,
    Vocabularies,
    parse_organization,
)
from csec_desktop.catalog.curated.sources import CatalogContent
from csec_desktop.catalog.interchange.exchange import (
    MAX_CELL,
    ExchangeRecords,
    Keys,
    RecordSpool,
    read_csv_table,
    show,
    slugify,
    unknown_column,
    validate_raw,
)
from csec_desktop.catalog.interchange.export import (
    CONFIDENTIAL_CELL,
    CSV_COLUMNS,
    FORMULA_PREFIXES,
    restore_formula,
)

#: The columns without which no resource can be read.
REQUIRED_COLUMNS = ("id", "kind", "title", "summary", "status", "source", "last_verified")
#: Columns whose cell is the field's value as it is.
TEXT_COLUMNS = (
    "id", "kind", "title", "short_title", "summary", "category", "status", "service_area",
    "website", "hours", "published", "format", "series", "overview", "highlights", "source",
    "last_verified",
)  # fmt: skip
ROLE_COLUMNS = ("organization", "funder", "publisher")
CODE_COLUMNS = ("languages", "topics", "audiences")
CONTACT_COLUMNS = ("phone", "text", "tty", "chat", "report")
#: ``1-800-THE-LOST (1-800-843-5678)``: a contact's display form, then its value.
DISPLAYED = re.compile(r"(.+) \(([^()]+)\)")
AMOUNT = re.compile(r"\$?(\d{1,3}(?:,\d{3})+|\d+)")
PARTIAL_DATE = r"\d{4}(?:-\d{1,2}){0,2}"
PERIOD = re.compile(rf"({PARTIAL_DATE})?–({PARTIAL_DATE})?")
AGES = re.compile(r"(\d+)?\s*[–-]\s*(\d+)?")


def _items(cell: str, separator: str = ";") -> list[str]:
    """The values of a joined cell. Codes, ids, amounts and places never hold a ";", so a
    separator without its space (typed in a spreadsheet) still splits them; contacts and
    periods split on "; " only."""
    return [item.strip() for item in cell.split(separator) if item.strip()]


class _RowMapper:
    """Turns cells into raw entries; collects the organizations and sources they cite."""

    def __init__(self, catalog: CatalogContent, problems: list[Problem]) -> None:
        self.problems = problems
        self.by_name = {o.name.casefold(): o for o in catalog.organizations}
        self.keys = Keys(o.key for o in catalog.organizations)
        self.sources = {s.key: s for s in catalog.sources}
        self.organizations: dict[str, OrganizationRecord] = {}
        #: The keys a row may cite: the catalog's organizations and the new ones met so far.
        self.known_keys = {o.key for o in catalog.organizations}
        self.cited_sources: dict[str, SourceRecord] = {}

    def raw(self, cells: dict[str, str], where: str) -> dict[str, Any] | None:
        """The raw entry of one row's cells (the empty ones left out), or None when a cell
        cannot be read (each such cell is a problem)."""
        entry = restore_formula(cells.get("id", "")).strip()
        count = len(self.problems)

        def problem(message: str) -> None:
            self.problems.append(Problem(where, entry, message))

        for column, cell in cells.items():
            if len(cell) > MAX_CELL:
                problem(
                    f"column '{column}' is {len(cell)} characters long; the limit is {MAX_CELL}"
                )
            elif cell.startswith(FORMULA_PREFIXES):
                problem(
                    f"column '{column}' starts with {cell[0]!r} as a spreadsheet formula does, "
                    "and the export writes such text after an apostrophe, so it was not read",
                )
        if len(self.problems) > count:
            return None
        cells = {column: restore_formula(cell) for column, cell in cells.items()}
        raw: dict[str, Any] = {name: cells[name] for name in TEXT_COLUMNS if name in cells}
        for name in ROLE_COLUMNS:
            if name in cells:
                raw[name] = self._organization(cells[name], where)
        for name in CODE_COLUMNS:
            raw[name] = _items(cells.get(name, ""))
        raw["related"] = [{"id": rid} for rid in _items(cells.get("related", ""))]
        raw["sites"] = [_site(place) for place in _items(cells.get("places", ""))]
        emails = _items(cells.get("email", ""), "; ")
        if emails:
            raw["email"] = emails[0]
        raw["contacts"] = [
            _contact(kind, item)
            for kind in CONTACT_COLUMNS
            for item in _items(cells.get(kind, ""), "; ")
        ] + [{"kind": "email", "value": address} for address in emails[1:]]
        raw["awards"] = self._awards(cells, problem)
        confidential = cells.get("location_confidential", "").strip().casefold()
        if confidential == CONFIDENTIAL_CELL:
            raw["location_confidential"] = True
        elif confidential:
            problem(
                f"column 'location_confidential' must be '{CONFIDENTIAL_CELL}' or empty, "
                f"not {show(cells['location_confidential'])}"
            )
        if "ages" in cells:
            match = AGES.fullmatch(cells["ages"].strip())
            if match is None or match.groups() == (None, None):
                problem(f"column 'ages': {show(cells['ages'])} is not an age range such as 12–17")
            else:
                low, high = (int(g) if g else None for g in match.groups())
                raw["eligibility"] = {
                    k: v for k, v in (("ages_min", low), ("ages_max", high)) if v is not None
                }
        self._check_source(cells, problem)
        return None if len(self.problems) > count else raw

    def _organization(self, name: str, where: str) -> str:
        """The key of the organization named ``name``: the catalog's, or a new one."""
        known = self.by_name.get(name.strip().casefold())
        if known is None:
            key = self.keys.new(slugify(name), "organization")
            record, found = parse_organization({"key": key, "name": name}, where)
            self.problems.extend(found)
            if record is None:
                return key
            known = self.by_name[name.strip().casefold()] = record
            self.known_keys.add(key)
        self.organizations.setdefault(known.key, known)
        return known.key

    def _awards(
        self, cells: dict[str, str], problem: Callable[[str], None]
    ) -> list[dict[str, Any]]:
        amounts: list[dict[str, Any]] = []
        for item in _items(cells.get("award_amounts", "")):
            match = AMOUNT.fullmatch(item)
            if match is None:
                problem(f"column 'award_amounts': {show(item)} is not a whole number of dollars")
            else:
                amounts.append({"amount": int(match.group(1).replace(",", ""))})
        periods: list[dict[str, Any]] = []
        for item in _items(cells.get("award_periods", ""), "; "):
            match = PERIOD.fullmatch(item)
            if match is None or match.groups() == (None, None):
                periods.append({"period_text": item})
            else:
                start, end = match.groups()
                periods.append({k: v for k, v in (("start", start), ("end", end)) if v})
        if len(amounts) == len(periods):
            return [amount | period for amount, period in zip(amounts, periods, strict=True)]
        return amounts + periods

    def _check_source(self, cells: dict[str, str], problem: Callable[[str], None]) -> None:
        source = self.sources.get(cells.get("source", "").strip())
        if source is None:
            return  # an unknown source is reported by the record checks
        self.cited_sources.setdefault(source.key, source)
        url = cells.get("source_url", "").strip()
        if url and url != (source.url or ""):
            problem(
                f"column 'source_url': {show(url)} is not the address the catalog has for "
                f"source {source.key}; a source is changed in the catalog, not in this file",
            )


def _site(place: str) -> dict[str, str]:
    """``Chicago, IL``, ``IL`` or ``Chicago`` as a site (as the export writes a place)."""
    city, comma, state = place.rpartition(",")
    if comma:
        return {"city": city.strip(), "state": state.strip()}
    return {"state": place} if STATE_PATTERN.match(place) else {"city": place}


def _contact(kind: str, item: str) -> dict[str, str]:
    match = DISPLAYED.fullmatch(item)
    if match is None:
        return {"kind": kind, "value": item}
    return {"kind": kind, "value": match.group(2).strip(), "display": match.group(1).strip()}


def read_csv(path: Path, catalog: CatalogContent) -> tuple[ExchangeRecords, list[Problem]]:
    """Read a CSV file in the export's columns into records validated as curated ones are,
    every record in memory (:func:`spool_csv` keeps them on disk; :func:`streamed_csv` says
    what is checked and reported).
    """
    records, problems = ExchangeRecords(), list[Problem]()
    records.resources.extend(streamed_csv(path, catalog, records, problems))
    return records, problems


def spool_csv(path: Path, catalog: CatalogContent) -> RecordSpool:
    """Read a CSV file in the export's columns (see :func:`streamed_csv`) into a
    :class:`RecordSpool`, one row at a time: a file of any length is read in little memory."""
    records, problems = ExchangeRecords(), list[Problem]()
    return RecordSpool.filled(records, streamed_csv(path, catalog, records, problems), problems)


def streamed_csv(
    path: Path, catalog: CatalogContent, records: ExchangeRecords, problems: list[Problem]
) -> Iterator[ResourceRecord]:
    """The resources of a CSV file in the export's columns, validated as curated ones are,
    one row at a time as the file is read: no row is held once it is given.

    ``catalog`` is the installed catalog (see
    :func:`~csec_desktop.catalog.interchange.exchange.installed_catalog`): codes and sources
    are checked against it and organizations matched to it by name. The organizations and
    sources the rows cite go into ``records`` as the reading ends. Never raises for bad
    content: each problem goes into ``problems`` as it is met, naming the file and row (the
    header is row 1), the resource and the column, and a row with a problem is not given.
    """
    name = path.name
    if not path.is_file():
        problems.append(Problem(str(path), "", "is not a file"))
        return
    table = read_csv_table(path, name, problems)
    if table is None:
        return
    header, rows = table
    repeated = sorted({column for column in header if header.count(column) > 1})
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if repeated or missing:
        why = (
            f"has the column {', '.join(repeated)} more than once"
            if repeated
            else f"has no column {', '.join(missing)}, which every resource needs"
        )
        problems.append(Problem(name, "", why))
        return
    for column in header:
        if column not in CSV_COLUMNS:
            problems.append(
                Problem(name, "", unknown_column(column, CSV_COLUMNS, "one the export writes"))
            )
    mapper = _RowMapper(catalog, problems)
    vocab = catalog.vocabularies()
    # A row is checked as soon as it is mapped, against the organizations the rows so far
    # brought too: the mapper's set grows as it meets new names.
    vocab = Vocabularies(codes=vocab.codes, organizations=mapper.known_keys, sources=vocab.sources)
    first_row: dict[str, int] = {}
    try:
        for number, values in rows:
            where = f"{name} row {number}"
            if len(values) > len(header):
                problems.append(
                    Problem(
                        where,
                        "",
                        f"has {len(values)} cells but the header has {len(header)}; "
                        "the row was left out",
                    )
                )
                continue
            cells = {
                column: value
                for column, value in zip(header, values, strict=False)
                if value.strip() and column in CSV_COLUMNS
            }
            if not cells or (raw := mapper.raw(cells, where)) is None:
                continue
            record = validate_raw(raw, where, vocab, problems)
            if record is None:
                continue
            if record.id in first_row:
                message = f"the id is used by row {first_row[record.id]} too; this row was left out"
                problems.append(Problem(where, record.id, message))
                continue
            first_row[record.id] = number
            yield record
    finally:
        records.organizations = list(mapper.organizations.values())
        records.sources = list(mapper.cited_sources.values())
