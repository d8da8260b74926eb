"""Write validated catalog content into an empty catalog database.

Rows go in through ``executemany`` on plain tuples, in batches, because the same code builds
the curated catalog (a hundred resources) and the benchmark catalogs (a million): the ORM's
per-object cost would dominate there. Each resource's full-text row goes in with its other
rows, put together from the record in hand (:class:`csec_desktop.catalog.indexing.FullText`);
the title index, the search arrays and the word list are built last, in the same
transaction, by :func:`csec_desktop.catalog.indexing.build_search_index`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence, Sized
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table

from csec_desktop.catalog.index_schema import CATALOG_SCHEMA_VERSION
from csec_desktop.catalog.indexing import (
    FTS_INSERT,
    FullText,
    build_search_index,
    create_full_text_index,
    raw_sqlite,
)
from csec_desktop.catalog.model import (
    Award,
    CatalogBase,
    Contact,
    Meta,
    Organization,
    Resource,
    ResourceTag,
    Site,
    Source,
    Vocabulary,
)
from csec_desktop.catalog.progress import Progress
from csec_desktop.catalog.records import RELATIONS, PartialDate, ResourceRecord
from csec_desktop.catalog.sources import CatalogContent

#: progress(done, total, stage): called now and then during long work.
BATCH = 5000


def _insert(
    connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> None:
    quoted = ", ".join(f'"{column}"' for column in columns)  # "end" is an SQL keyword
    sql = f"INSERT INTO {table.name} ({quoted}) VALUES ({', '.join('?' for _ in columns)})"
    batch = list(rows)
    if batch:
        connection.exec_driver_sql(sql, batch)


def _insert_sql(connection: Connection, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
    batch = list(rows)
    if batch:
        connection.exec_driver_sql(sql, batch)


PENDING_LINKS = (
    "CREATE TEMP TABLE pending_link (slug TEXT, target TEXT, relation TEXT, position INT)"
)


def _queue_links(connection: Connection, records: Iterable[ResourceRecord]) -> None:
    """Keep the links of ``records`` by slug until every resource has its row id."""
    _insert_sql(
        connection,
        "INSERT INTO pending_link VALUES (?, ?, ?, ?)",
        (
            (record.id, link.id, link.relation, position)
            for record in records
            for position, link in enumerate(record.related)
        ),
    )


def _resolve_links(connection: Connection) -> None:
    """Turn the pending links into relation rows, each stored in both directions."""
    reverse = " ".join(f"WHEN '{a}' THEN '{b}'" for a, b in RELATIONS.items())
    connection.exec_driver_sql(
        """
        INSERT OR IGNORE INTO relation (resource_id, related_id, relation, position)
        SELECT a.id, b.id, l.relation, l.position
        FROM pending_link l JOIN resource a ON a.slug = l.slug JOIN resource b ON b.slug = l.target
        WHERE a.id != b.id
        ORDER BY l.rowid
        """
    )
    # The reverse link goes after the other resource's own links.
    connection.exec_driver_sql(
        f"""
        INSERT OR IGNORE INTO relation (resource_id, related_id, relation, position)
        SELECT b.id, a.id, CASE l.relation {reverse} END, 1000 + l.position
        FROM pending_link l JOIN resource a ON a.slug = l.slug JOIN resource b ON b.slug = l.target
        WHERE a.id != b.id
        ORDER BY l.rowid
        """
    )
    connection.exec_driver_sql("DROP TABLE pending_link")


def _date(value: PartialDate | None) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    return value.first_day().isoformat(), value.precision


def _batches(items: Iterable[ResourceRecord], size: int) -> Iterator[Sequence[ResourceRecord]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def write_catalog(
    connection: Connection,
    content: CatalogContent,
    *,
    resources: Iterable[ResourceRecord] | None = None,
    origin: str = "data",
    meta: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> None:
    """Create the catalog schema on ``connection`` and fill it with ``content``.

    ``connection`` must be on an empty database and inside a transaction; the caller commits
    (or rolls back) as a whole. ``resources`` replaces ``content.resources`` with any
    iterable (the benchmarks stream a million synthetic resources through here). ``origin``
    records where the content came from; ``meta`` adds facts of that origin (a bundle's
    version, publisher and date) to the meta table.
    """
    CatalogBase.metadata.create_all(connection)
    # Secondary indexes are cheaper to build once over all rows than to keep up per insert.
    deferred = [index for table in CatalogBase.metadata.sorted_tables for index in table.indexes]
    for index in deferred:
        index.drop(connection)
    records = content.resources if resources is None else resources
    total = len(records) if isinstance(records, Sized) else 0
    report = progress or (lambda done, total, stage: None)
    report(0, total, "Writing resources")

    _insert(
        connection,
        Vocabulary.__table__,  # type: ignore[arg-type]
        ("facet", "code", "label", "label_es", "position"),
        ((v.facet, v.code, v.label, v.label_es, v.position) for v in content.vocabulary),
    )
    organization_ids = {o.key: i for i, o in enumerate(content.organizations, start=1)}
    _insert(
        connection,
        Organization.__table__,  # type: ignore[arg-type]
        ("id", "key", "name", "acronym", "website", "city", "state"),
        (
            (organization_ids[o.key], o.key, o.name, o.acronym, o.website, o.city, o.state)
            for o in content.organizations
        ),
    )
    source_ids = {s.key: i for i, s in enumerate(content.sources, start=1)}
    _insert(
        connection,
        Source.__table__,  # type: ignore[arg-type]
        ("id", "key", "title", "url", "publisher", "as_of", "as_of_precision", "note"),
        (
            (source_ids[s.key], s.key, s.title, s.url, s.publisher, *_date(s.as_of), s.note)
            for s in content.sources
        ),
    )

    # Resources stream in batches (a benchmark catalog holds a million); links are kept by
    # slug in a scratch table and resolved in SQL once every resource has its row id.
    connection.exec_driver_sql(PENDING_LINKS)
    create_full_text_index(raw_sqlite(connection))
    fulltext = FullText(raw_sqlite(connection))
    next_id = 1
    newest: PartialDate | None = None
    for chunk in _batches(records, BATCH):
        ids = {record.id: next_id + offset for offset, record in enumerate(chunk)}
        next_id += len(chunk)
        _write_resources(connection, chunk, ids, organization_ids, source_ids, fulltext=fulltext)
        _queue_links(connection, chunk)
        # A set first: a chunk has a few hundred distinct dates, and sort_key is not free.
        newest = max(
            {r.last_verified for r in chunk} | ({newest} if newest else set()),
            key=PartialDate.sort_key,
        )
        report(next_id - 1, total, "Writing resources")

    facts = {
        **(meta or {}),
        "schema_version": str(CATALOG_SCHEMA_VERSION),
        "content_hash": content.content_hash,
        "origin": origin,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "resource_count": str(next_id - 1),
        "catalog_date": str(newest) if newest else "",
    }
    _insert(connection, Meta.__table__, ("key", "value"), facts.items())  # type: ignore[arg-type]
    for index in deferred:
        index.create(connection)
    _resolve_links(connection)  # by slug: after its index is made
    build_search_index(connection, content.synonyms, progress=progress)


def insert_resources(
    connection: Connection,
    records: Sequence[ResourceRecord],
    *,
    reuse_ids: Mapping[str, int] | None = None,
    local: bool = False,
) -> dict[str, int]:
    """Write ``records`` into a built catalog with their links; return slug → row id.

    A record keeps the row id ``reuse_ids`` gives it (an edited resource whose old rows
    were deleted), else it gets one after the last. Their full-text rows are written too;
    the caller brings the rest of the search index up to date
    (:func:`csec_desktop.catalog.indexing.index_resources`). ``local`` marks an
    agency's own resources.
    """
    organization_ids = {
        str(key): int(rid)
        for key, rid in connection.exec_driver_sql("SELECT key, id FROM organization")
    }
    source_ids = {
        str(key): int(rid) for key, rid in connection.exec_driver_sql("SELECT key, id FROM source")
    }
    next_id = int(
        connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM resource").scalar_one()
    )
    ids: dict[str, int] = {}
    for record in records:
        reused = (reuse_ids or {}).get(record.id)
        if reused is None:
            next_id += 1
        ids[record.id] = reused if reused is not None else next_id
    fulltext = FullText(raw_sqlite(connection))
    _write_resources(
        connection, records, ids, organization_ids, source_ids, fulltext=fulltext, local=local
    )
    link_resources(connection, records)
    return ids


def link_resources(connection: Connection, records: Sequence[ResourceRecord]) -> None:
    """Store the links of ``records`` (in both directions) where they are missing."""
    connection.exec_driver_sql(PENDING_LINKS)
    _queue_links(connection, records)
    _resolve_links(connection)


def _write_resources(
    connection: Connection,
    chunk: Sequence[ResourceRecord],
    resource_ids: Mapping[str, int],
    organization_ids: dict[str, int],
    source_ids: dict[str, int],
    *,
    fulltext: FullText,
    local: bool = False,
) -> None:
    resources: list[tuple[Any, ...]] = []
    texts: list[tuple[Any, ...]] = []
    awards: list[tuple[Any, ...]] = []
    sites: list[tuple[Any, ...]] = []
    contacts: list[tuple[Any, ...]] = []
    tags: list[tuple[Any, ...]] = []
    for record in chunk:
        rid = resource_ids[record.id]
        eligibility = record.eligibility
        verified, verified_precision = _date(record.last_verified)
        organizations = (
            organization_ids.get(record.organization or ""),
            organization_ids.get(record.funder or ""),
            organization_ids.get(record.publisher or ""),
        )
        texts.append((rid, *fulltext.row(record, organizations)))
        resources.append(
            (
                rid, record.id, record.kind, record.title, record.short_title, record.summary,
                record.overview, record.highlights, *organizations,
                record.category, record.status, record.service_area, record.website,
                record.email, record.hours,
                record.published.year if record.published else None,
                record.published.month if record.published else None,
                record.format, record.series,
                eligibility.ages_min, eligibility.ages_max, eligibility.minors_without_consent,
                eligibility.survivor_led, eligibility.lgbtq_affirming,
                eligibility.immigrant_friendly, eligibility.note,
                source_ids.get(record.source), record.source_locator,
                verified, verified_precision, local,
            )
        )  # fmt: skip
        for position, award in enumerate(record.awards):
            awards.append(
                (rid, position, award.amount, award.label, award.fiscal_year,
                 *_date(award.start), *_date(award.end), award.period_text)
            )  # fmt: skip
        for position, site in enumerate(record.sites):
            sites.append((rid, position, site.city, site.state, site.role))
        for position, contact in enumerate(record.contacts):
            contacts.append(
                (rid, position, contact.kind, contact.value, contact.display, contact.label,
                 contact.hours, ", ".join(contact.languages) or None)
            )  # fmt: skip
        for facet, codes in (
            ("topic", record.topics),
            ("audience", record.audiences),
            ("language", record.languages),
        ):
            tags.extend((rid, facet, code, position) for position, code in enumerate(codes))

    _insert(connection, Resource.__table__, RESOURCE_COLUMNS, resources)  # type: ignore[arg-type]
    _insert(
        connection,
        Award.__table__,  # type: ignore[arg-type]
        ("resource_id", "position", "amount", "label", "fiscal_year", "start",
         "start_precision", "end", "end_precision", "period_text"),
        awards,
    )  # fmt: skip
    _insert(
        connection,
        Site.__table__,  # type: ignore[arg-type]
        ("resource_id", "position", "city", "state", "role"),
        sites,
    )
    _insert(
        connection,
        Contact.__table__,  # type: ignore[arg-type]
        ("resource_id", "position", "kind", "value", "display", "label", "hours", "languages"),
        contacts,
    )
    _insert(connection, ResourceTag.__table__, ("resource_id", "facet", "code", "position"), tags)  # type: ignore[arg-type]
    _insert_sql(connection, FTS_INSERT, texts)


RESOURCE_COLUMNS = (
    "id", "slug", "kind", "title", "short_title", "summary", "overview", "highlights",
    "organization_id", "funder_id", "publisher_id", "category", "status", "service_area",
    "website", "email", "hours", "pub_year", "pub_month", "format", "series",
    "ages_min", "ages_max", "minors_without_consent", "survivor_led", "lgbtq_affirming",
    "immigrant_friendly", "eligibility_note", "source_id", "source_locator",
    "last_verified", "last_verified_precision", "is_local",
)  # fmt: skip
