"""Export the catalog as canonical JSON (lossless) or CSV (one row per resource).

JSON carries every field of every resource plus the organizations, sources and vocabulary
they refer to, so that it can rebuild an equal catalog. CSV is for spreadsheets: lists are
joined with "; " and every cell a spreadsheet would read as a formula is neutralised. Both
carry each record as it may leave the desk (:func:`records.shared`): a confidential
location's places are left out and the record says it is confidential.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from sqlalchemy import Engine

from csec_desktop.catalog.content.records import (
    OrganizationRecord,
    ResourceRecord,
    SourceRecord,
    VocabularyEntry,
    record_to_dict,
    shared,
)
from csec_desktop.catalog.display.presentation import contact_text
from csec_desktop.catalog.index.indexing import META_SYNONYMS
from csec_desktop.catalog.storage import reader

JSON_FORMAT = "csec-desktop-catalog"
JSON_FORMAT_VERSION = 1
#: A leading character that makes Excel, LibreOffice or Sheets evaluate a cell.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")

CSV_COLUMNS = (
    "id", "kind", "title", "short_title", "summary", "organization", "funder", "publisher",
    "category", "status", "service_area", "places", "phone", "text", "tty", "chat", "report",
    "email", "website", "hours", "languages", "topics", "audiences", "published", "format",
    "series", "award_amounts", "award_periods", "ages", "overview", "highlights", "related",
    "source", "source_url", "last_verified", "location_confidential",
)  # fmt: skip
#: The ``location_confidential`` cell of a resource whose location is confidential.
CONFIDENTIAL_CELL = "yes"


def neutralise_formula(cell: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with an apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def vocabularies_table(
    vocabulary: Iterable[VocabularyEntry], synonyms: Iterable[Sequence[str]]
) -> dict[str, Any]:
    """Controlled values and synonym groups in the shape of ``data/vocabularies.toml``
    (facet → code → labels, in display order), which the JSON reader reads back."""
    table: dict[str, Any] = {}
    for entry in sorted(vocabulary, key=lambda e: e.position):
        labels = {"label": entry.label} | ({"es": entry.label_es} if entry.label_es else {})
        table.setdefault(entry.facet, {})[entry.code] = labels
    table["synonyms"] = {"groups": [list(group) for group in synonyms]}
    return table


def catalog_document(
    catalog: Mapping[str, str],
    organizations: Iterable[OrganizationRecord],
    sources: Iterable[SourceRecord],
    vocabularies: Mapping[str, Any],
    resources: Iterable[ResourceRecord],
) -> dict[str, Any]:
    """The canonical JSON document (every field of every resource, and every organization,
    source and controlled value they refer to) that export, bundles and import share."""
    return {
        "format": JSON_FORMAT,
        "format_version": JSON_FORMAT_VERSION,
        "catalog": dict(catalog),
        "vocabularies": dict(vocabularies),
        "organizations": [record_to_dict(o) for o in organizations],
        "sources": [record_to_dict(s) for s in sources],
        "resources": [record_to_dict(r) for r in resources],
    }


def write_json_document(
    out: TextIO,
    catalog: Mapping[str, str],
    organizations: Iterable[OrganizationRecord],
    sources: Iterable[SourceRecord],
    resources: Iterable[ResourceRecord],
    *,
    vocabularies: Mapping[str, Any] | None = None,
) -> int:
    """Write one JSON export document (:func:`catalog_document`); return how many resources.

    Shared by :func:`export_json` and the CSV and HSDS readers, which write what they read in
    this format.
    """
    return write_json_stream(
        out,
        catalog,
        organizations,
        sources,
        (record_to_dict(record) for record in resources),
        vocabularies=vocabularies,
    )


def write_json_stream(
    out: TextIO,
    catalog: Mapping[str, str],
    organizations: Iterable[OrganizationRecord],
    sources: Iterable[SourceRecord],
    resources: Iterable[Mapping[str, Any]],
    *,
    vocabularies: Mapping[str, Any] | None = None,
) -> int:
    """:func:`write_json_document` of resources already as their dictionaries
    (:func:`record_to_dict`), each written as it comes: the text ``json.dump`` writes of
    the whole document, without ever holding the whole document (100k resources would be
    half a gigabyte). Returns how many resources."""
    head = json.dumps(
        catalog_document(catalog, organizations, sources, vocabularies or {}, ()),
        ensure_ascii=False,
        indent=2,
    )
    empty = "[]\n}"  # the resources come last: the head ends with their empty list
    out.write(head.removesuffix(empty))
    count = 0
    for resource in resources:
        # Nested two levels deep; no value holds a raw line break (JSON escapes them).
        item = json.dumps(resource, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        out.write(("[\n    " if count == 0 else ",\n    ") + item)
        count += 1
    out.write("\n  ]\n}\n" if count else empty + "\n")
    return count


def export_json(engine: Engine, out: TextIO) -> int:
    """Write the whole catalog as one JSON document; return the number of resources."""
    meta = reader.catalog_meta(engine)
    return write_json_document(
        out,
        # The search index's own tables are derived data, rebuilt on import.
        {key: value for key, value in meta.items() if not key.startswith("search.")},
        reader.organizations(engine),
        reader.sources(engine),
        (shared(record) for record in reader.iter_records(engine)),
        vocabularies=vocabularies_table(
            reader.vocabulary(engine), json.loads(meta.get(META_SYNONYMS, "[]"))
        ),
    )


def restore_formula(cell: str) -> str:
    """Undo :func:`neutralise_formula`: drop the apostrophe it puts before a formula prefix.

    A cell that starts with an apostrophe followed by anything else is kept as it is.
    """
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES) else cell


def _join(values: Iterable[str | None]) -> str:
    return "; ".join(v for v in values if v)


def csv_row(
    record: ResourceRecord, names: dict[str, str], source_urls: dict[str, str]
) -> list[str]:
    """One resource as CSV cells (before formula neutralisation), in :data:`CSV_COLUMNS` order."""

    def contacts(kind: str) -> str:
        return _join(contact_text(c) for c in record.contacts if c.kind == kind)

    eligibility = record.eligibility
    ages = ""
    if eligibility.ages_min is not None or eligibility.ages_max is not None:
        ages = f"{eligibility.ages_min if eligibility.ages_min is not None else ''}–" + (
            f"{eligibility.ages_max}" if eligibility.ages_max is not None else ""
        )
    return [
        record.id, record.kind, record.title, record.short_title or "", record.summary,
        names.get(record.organization or "", ""), names.get(record.funder or "", ""),
        names.get(record.publisher or "", ""), record.category or "", record.status,
        record.service_area or "",
        _join(", ".join(p for p in (s.city, s.state) if p) for s in record.sites),
        contacts("phone"), contacts("text"), contacts("tty"), contacts("chat"),
        contacts("report"), _join([record.email, contacts("email")]), record.website or "",
        record.hours or "", _join(record.languages), _join(record.topics),
        _join(record.audiences), str(record.published or ""), record.format or "",
        record.series or "",
        _join(str(a.amount) for a in record.awards if a.amount is not None),
        _join(a.period_text or _period(a.start, a.end) for a in record.awards),
        ages, record.overview or "", record.highlights or "",
        _join(r.id for r in record.related), record.source,
        source_urls.get(record.source, ""), str(record.last_verified),
        CONFIDENTIAL_CELL if record.location_confidential else "",
    ]  # fmt: skip


def _period(start: object, end: object) -> str:
    return f"{start or ''}–{end or ''}" if start or end else ""


def export_csv(engine: Engine, out: TextIO) -> int:
    """Write one CSV row per resource (UTF-8, header row); return the number of resources."""
    names = {o.key: o.name for o in reader.organizations(engine)}
    source_urls = {s.key: s.url or "" for s in reader.sources(engine)}
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for record in reader.iter_records(engine):
        cells = csv_row(shared(record), names, source_urls)
        writer.writerow([neutralise_formula(cell) for cell in cells])
        count += 1
    return count
