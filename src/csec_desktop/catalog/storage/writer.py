"""Write validated catalog content into an empty catalog database.

Rows go in through ``executemany`` on plain tuples, in batches, because the same code builds
the curated catalog (a hundred resources) and the benchmark catalogs (a million): the ORM's
per-object cost would dominate there. Each resource's full-text row goes in with its other
rows, put together from those rows (:class:`csec_desktop.catalog.index.indexing.FullText`);
the title index, the search arrays and the word list are built last, in the same
transaction, by :func:`csec_desktop.catalog.index.indexing.build_search_index`. For a large
catalog a second process can make the rows while this one inserts them (``parallel``).
"""

from __future__ import annotations

import datetime as dt
import gc
import marshal
import multiprocessing
import threading
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence, Sized
from concurrent.futures import Future
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection as Pipe
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, Table

from csec_desktop.catalog.content.eligibility import derived_tags
from csec_desktop.catalog.content.records import (
    RELATIONS,
    PartialDate,
    ResourceRecord,
    provenance_json,
)
from csec_desktop.catalog.curated.sources import CatalogContent
from csec_desktop.catalog.index import indexing
from csec_desktop.catalog.index.index_schema import CATALOG_SCHEMA_VERSION
from csec_desktop.catalog.index.indexing import (
    FTS_INSERT,
    FacetCollector,
    FacetColumns,
    FullText,
    TitleCollector,
    TitleIndex,
    build_search_index,
    column_getter,
    create_full_text_index,
    raw_sqlite,
    remove_title_index,
    title_index_file,
    write_title_index,
)
from csec_desktop.catalog.progress import Progress
from csec_desktop.catalog.storage.model import (
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


PENDING_LINK_INSERT = "INSERT INTO pending_link VALUES (?, ?, ?, ?)"


def _link_rows(records: Iterable[ResourceRecord]) -> list[tuple[str, str, str, int]]:
    """The ``pending_link`` rows of ``records``."""
    return [
        (record.id, link.id, link.relation, position)
        for record in records
        for position, link in enumerate(record.related)
    ]


def _queue_links(connection: Connection, records: Iterable[ResourceRecord]) -> None:
    """Keep the links of ``records`` by slug until every resource has its row id."""
    _insert_sql(connection, PENDING_LINK_INSERT, _link_rows(records))


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


@dataclass
class _Rows:
    """The rows of some resources, ready for ``executemany``, table by table."""

    resources: list[tuple[Any, ...]]
    awards: list[tuple[Any, ...]]
    sites: list[tuple[Any, ...]]
    contacts: list[tuple[Any, ...]]
    tags: list[tuple[Any, ...]]
    links: list[tuple[str, str, str, int]]
    #: The latest ``last_verified`` of these resources (None for none).
    newest: PartialDate | None

    def to_wire(self) -> tuple[Any, ...]:
        """These rows as plain tuples and lists, which :mod:`marshal` writes (for the
        producer's pipe: two to three times faster than pickling this dataclass)."""
        newest = self.newest
        return (
            self.resources, self.awards, self.sites, self.contacts, self.tags,
            self.links, None if newest is None else (newest.year, newest.month, newest.day),
        )  # fmt: skip

    @classmethod
    def from_wire(cls, wire: Sequence[Any]) -> _Rows:
        """The rows :meth:`to_wire` gave."""
        resources, awards, sites, contacts, tags, links, newest = wire
        return cls(
            resources, awards, sites, contacts, tags, links,
            None if newest is None else PartialDate(*newest),
        )  # fmt: skip

    def titles(self, fulltext: FullText) -> list[tuple[int, str, str, str]]:
        """Each resource's id, title, and full-text title and organization."""
        return [
            (
                resource[0],
                resource[_TITLE],
                fulltext.title(*fulltext.titles(resource)),
                fulltext.organization(fulltext.organization_ids(resource)),
            )
            for resource in self.resources
        ]

    def full_text(self, fulltext: FullText) -> list[tuple[Any, ...]]:
        """The full-text rows of these resources (row id, then the FTS_COLUMNS)."""
        labels = fulltext.labels
        tags: dict[int, list[str]] = {}
        for rid, facet, code, _ in self.tags:
            if facet in TEXT_TAG_FACETS:
                tags.setdefault(rid, []).append(labels[facet, code])
        for rid, _, city, state, role in self.sites:  # after the tags
            tags.setdefault(rid, []).append(fulltext.site_text(city, state, role))
        contacts: dict[int, list[str]] = {}
        for rid, _, _, value, display, label, hours, _ in self.contacts:
            contacts.setdefault(rid, []).append(FullText.contact_text(label, display, value, hours))
        return fulltext.rows(self.resources, tags, contacts)

    def add_facets(self, facets: FacetCollector) -> None:
        """Add the values of these resources the search arrays are made of to ``facets``."""
        facets.add(
            map(_FACET_FIELDS, self.resources),
            map(_AWARD_FACET_FIELDS, self.awards),
            [
                *((rid, facet, code) for rid, facet, code, _ in self.tags),
                *((site[0], "state", site[3]) for site in self.sites if site[3]),
            ],
        )


@dataclass(frozen=True)
class _RowMaker:
    """Turns resource records into their rows. It pickles: a producer process gets a copy."""

    organization_ids: Mapping[str, int]
    source_ids: Mapping[str, int]
    #: Resources per batch.
    batch: int

    def batches(self, records: Iterable[ResourceRecord]) -> Iterator[_Rows]:
        """The rows of ``records`` in batches, the resources numbered from 1."""
        iterator = iter(records)
        next_id = 1
        while chunk := list(islice(iterator, self.batch)):
            ids = {record.id: next_id + offset for offset, record in enumerate(chunk)}
            next_id += len(chunk)
            yield _rows(chunk, ids, self.organization_ids, self.source_ids)


def _produce_rows(
    maker: _RowMaker,
    fulltext: FullText,
    records: Iterable[ResourceRecord],
    sending: Pipe,
    *,
    title_index: Path,
    hash_size: int,
) -> None:
    """The producer process: send ``maker``'s batches of ``records`` through ``sending``,
    then the end of the rows, then their title order and :class:`FacetColumns`; then
    write their title index (``fulltext`` makes its texts, FTS5 buffers ``hash_size``
    bytes) into the file ``title_index`` and send the end; or, if anything fails, the
    traceback as text. Each message is :mod:`marshal` data (see _Producer)."""
    # Millions of short-lived row tuples trigger the cyclic collector for nothing.
    gc.disable()
    try:
        titles = TitleCollector()
        facets = FacetCollector()
        for rows in maker.batches(records):
            sending.send_bytes(marshal.dumps((_ROWS, rows.to_wire())))
            titles.add(rows.titles(fulltext))
            rows.add_facets(facets)
        sending.send_bytes(marshal.dumps((_END, None)))
        # Sorted and indexed here while the writer makes its indexes, arrays and word list.
        order = titles.order().tobytes()
        message = marshal.dumps((_FOR_INDEX, (order, facets.columns().to_wire())))
        # Sent by a thread: the writer reads it when it has made its indexes, and a pipe
        # holds far less, so a send would wait that long for nothing. (SQLite lets go of
        # the GIL as it writes the title index.)
        sender = threading.Thread(target=sending.send_bytes, args=(message,))
        sender.start()
        try:
            write_title_index(title_index, titles.index_rows(), hash_size)
        finally:
            sender.join()  # before anything else goes through the pipe
        sending.send_bytes(marshal.dumps((_END, None)))
    except Exception:  # the writer re-raises it; the exception itself may not marshal
        sending.send_bytes(marshal.dumps((_FAILED, traceback.format_exc())))
    finally:
        sending.close()


#: What a message from the producer holds.
_ROWS, _END, _FOR_INDEX, _FAILED = "rows", "end", "for index", "failed"


class _Producer:
    """``maker``'s batches of ``records``, made by a second process while this one writes.

    Making the records and their row tuples is Python work that would otherwise share one
    core with SQLite's inserts (a thread would not help: both need the interpreter lock).
    The batches come through a pipe as marshal data, whose sends wait for this process to
    read them, so the producer stays at most a batch ahead. After the last batch it sorts
    the titles and puts the facet columns together (:meth:`for_index`), then builds the
    title index in the file ``title_index``, while this process goes on. "spawn" rather
    than "fork": forking a process that runs other threads (the application's) is unsafe,
    and spawn behaves the same on every platform; ``records`` must pickle. Call
    :meth:`close` when done, also after a failure.
    """

    def __init__(
        self,
        maker: _RowMaker,
        fulltext: FullText,
        records: Iterable[ResourceRecord],
        title_index: Path,
    ) -> None:
        self.maker = maker
        self.fulltext = fulltext
        self.records = records
        self.title_index = title_index
        self._receiving: Pipe | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._receiver: threading.Thread | None = None

    def batches(self) -> Iterator[_Rows]:
        """Start the producer and yield its batches until the last."""
        context = multiprocessing.get_context("spawn")
        self._receiving, sending = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_produce_rows,
            args=(self.maker, self.fulltext, self.records, sending),
            kwargs={"title_index": self.title_index, "hash_size": indexing.HASH_SIZE},
            name="catalog-rows",
            daemon=True,
        )
        self._process.start()
        sending.close()  # the producer holds the only writing end: its exit ends the pipe
        while (message := self._receive(_ROWS, _END)) is not None:
            yield _Rows.from_wire(message)

    def for_index(self) -> Future[tuple[TitleIndex, FacetColumns]]:
        """The resources' title order and their facet columns, which follow the last
        batch, and their title index (being written): received by a thread, while this
        one makes the catalog's indexes (SQLite lets go of the GIL meanwhile)."""
        received: Future[tuple[TitleIndex, FacetColumns]] = Future()

        def receive() -> None:
            try:
                order, facets = self._receive(_FOR_INDEX)
                titles = TitleIndex(np.frombuffer(order, dtype=np.int64).copy(), self._title_index)
                received.set_result((titles, FacetColumns.from_wire(facets)))
            except BaseException as error:  # raised where the result is awaited
                received.set_exception(error)

        self._receiver = threading.Thread(target=receive, name="catalog-rows-receiver")
        self._receiver.start()
        return received

    def _title_index(self) -> Path:
        """The title index's file, once written; then close."""
        self._receive(_END)
        self.close()
        return self.title_index

    def _receive(self, *expected: str) -> Any:
        """The payload of the next message, which must be of a kind ``expected``."""
        assert self._receiving is not None, "the producer has not started"
        try:
            # Data from the process this one started, through its own pipe.
            kind, payload = marshal.loads(self._receiving.recv_bytes())  # noqa: S302
        except EOFError as error:
            raise RuntimeError("the process making the catalog rows stopped") from error
        if kind == _FAILED:
            raise RuntimeError(f"making the catalog rows failed:\n{payload}")
        if kind not in expected:
            raise RuntimeError(f"the process making the catalog rows sent {kind!r}")
        return payload

    def close(self) -> None:
        """End the process (stopping it if the build stopped early) and close the pipe."""
        if self._process is not None:
            if self._process.is_alive():  # the build stopped early (an error, a cancel)
                self._process.terminate()
            self._process.join()
        if self._receiver is not None:
            self._receiver.join()  # the process is gone: its pipe has ended
        if self._receiving is not None:
            self._receiving.close()


def write_catalog(
    connection: Connection,
    content: CatalogContent,
    *,
    resources: Iterable[ResourceRecord] | None = None,
    origin: str = "data",
    meta: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    parallel: bool = False,
) -> None:
    """Create the catalog schema on ``connection`` and fill it with ``content``.

    ``connection`` must be on an empty database and inside a transaction; the caller commits
    (or rolls back) as a whole. ``resources`` replaces ``content.resources`` with any
    iterable (the benchmarks stream a million synthetic resources through here). ``origin``
    records where the content came from; ``meta`` adds facts of that origin (a bundle's
    version, publisher and date) to the meta table.

    With ``parallel``, a second process iterates ``resources`` and makes their rows while
    this one inserts them: the same catalog, sooner on two cores, for hundreds of thousands
    of resources (starting the process costs about a second). ``resources`` (or the
    content's) must pickle, the main module must be safe to import (the producer imports
    it: ``if __name__ == "__main__"``), and a frozen application must call
    :func:`multiprocessing.freeze_support` first.
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
    maker = _RowMaker(organization_ids, source_ids, BATCH)
    fulltext = FullText(raw_sqlite(connection), RESOURCE_COLUMNS)
    title_index = title_index_file(raw_sqlite(connection)) if parallel else None
    producer = _Producer(maker, fulltext, records, title_index) if title_index else None
    try:
        next_id = 1
        newest: PartialDate | None = None
        for rows in producer.batches() if producer else maker.batches(records):
            next_id += len(rows.resources)
            _insert_rows(connection, rows, fulltext)
            _insert_sql(connection, PENDING_LINK_INSERT, rows.links)
            newest = max(
                filter(None, (newest, rows.newest)), key=PartialDate.sort_key, default=None
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
        for_index = producer.for_index() if producer else None
        for index in deferred:
            index.create(connection)
        _resolve_links(connection)  # by slug: after its index is made
        titles, facets = for_index.result() if for_index else (None, None)
        build_search_index(
            connection, content.synonyms, progress=progress, titles=titles, facets=facets
        )
    finally:
        if producer is not None:
            producer.close()
        if title_index is not None:
            remove_title_index(title_index)


def insert_resources(
    connection: Connection,
    records: Sequence[ResourceRecord],
    *,
    reuse_ids: Mapping[str, int] | None = None,
    local: bool = False,
) -> dict[str, int]:
    """Write ``records`` into a built catalog with their links; return slug → row id.

    A record keeps the row id ``reuse_ids`` gives it (an edited resource whose old rows
    were deleted), else it gets one after the last row and after every id ``reuse_ids``
    holds. Their full-text rows are written too;
    the caller brings the rest of the search index up to date
    (:func:`csec_desktop.catalog.index.indexing.index_resources`). ``local`` marks an
    agency's own resources.
    """
    organization_ids = {
        str(key): int(rid)
        for key, rid in connection.exec_driver_sql("SELECT key, id FROM organization")
    }
    source_ids = {
        str(key): int(rid) for key, rid in connection.exec_driver_sql("SELECT key, id FROM source")
    }
    reused = dict(reuse_ids or {})
    # The ids to reuse were freed by deleting their rows, so max(id) no longer counts them:
    # a new resource numbered from it alone would take one of them as well (issue 16).
    next_id = max(
        int(connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM resource").scalar_one()),
        *reused.values(),
        0,
    )
    ids: dict[str, int] = {}
    for record in records:
        if record.id in reused:
            ids[record.id] = reused[record.id]
        else:
            next_id += 1
            ids[record.id] = next_id
    _insert_rows(
        connection,
        _rows(records, ids, organization_ids, source_ids, local=local),
        FullText(raw_sqlite(connection), RESOURCE_COLUMNS),
    )
    link_resources(connection, records)
    return ids


def link_resources(connection: Connection, records: Sequence[ResourceRecord]) -> None:
    """Store the links of ``records`` (in both directions) where they are missing."""
    connection.exec_driver_sql(PENDING_LINKS)
    _queue_links(connection, records)
    _resolve_links(connection)


def _rows(
    chunk: Sequence[ResourceRecord],
    resource_ids: Mapping[str, int],
    organization_ids: Mapping[str, int],
    source_ids: Mapping[str, int],
    *,
    local: bool = False,
) -> _Rows:
    """The rows of the resources ``chunk``, whose row ids ``resource_ids`` gives."""
    resources: list[tuple[Any, ...]] = []
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
                eligibility.no_police_report, eligibility.foreign_national_minors,
                eligibility.survivor_led, eligibility.lgbtq_affirming,
                eligibility.immigrant_friendly, eligibility.free_of_charge, eligibility.note,
                source_ids.get(record.source), record.source_locator,
                verified, verified_precision, local, record.location_confidential,
                record.title_descriptive, provenance_json(record.provenance),
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
        tags.extend(
            (rid, facet, code, position)
            for position, (facet, code) in enumerate(derived_tags(record))
        )

    # A set first: a chunk has a few hundred distinct dates, and sort_key is not free.
    dates = {record.last_verified for record in chunk}
    return _Rows(
        resources, awards, sites, contacts, tags, _link_rows(chunk),
        max(dates, key=PartialDate.sort_key) if dates else None,
    )  # fmt: skip


def _insert_rows(connection: Connection, rows: _Rows, fulltext: FullText) -> None:
    """Insert ``rows`` and their full-text rows (which ``fulltext`` puts together), but
    their links (which wait in ``pending_link`` for row ids)."""
    _insert(connection, Resource.__table__, RESOURCE_COLUMNS, rows.resources)  # type: ignore[arg-type]
    _insert(
        connection,
        Award.__table__,  # type: ignore[arg-type]
        ("resource_id", "position", "amount", "label", "fiscal_year", "start",
         "start_precision", "end", "end_precision", "period_text"),
        rows.awards,
    )  # fmt: skip
    _insert(
        connection,
        Site.__table__,  # type: ignore[arg-type]
        ("resource_id", "position", "city", "state", "role"),
        rows.sites,
    )
    _insert(
        connection,
        Contact.__table__,  # type: ignore[arg-type]
        ("resource_id", "position", "kind", "value", "display", "label", "hours", "languages"),
        rows.contacts,
    )
    _insert(
        connection,
        ResourceTag.__table__,  # type: ignore[arg-type]
        ("resource_id", "facet", "code", "position"),
        rows.tags,
    )
    _insert_sql(connection, FTS_INSERT, rows.full_text(fulltext))


#: The tags whose labels the full-text index holds (the eligibility tags are filters only).
TEXT_TAG_FACETS = ("topic", "audience", "language")

RESOURCE_COLUMNS = (
    "id", "slug", "kind", "title", "short_title", "summary", "overview", "highlights",
    "organization_id", "funder_id", "publisher_id", "category", "status", "service_area",
    "website", "email", "hours", "pub_year", "pub_month", "format", "series",
    "ages_min", "ages_max", "minors_without_consent", "no_police_report",
    "foreign_national_minors", "survivor_led", "lgbtq_affirming", "immigrant_friendly",
    "free_of_charge", "eligibility_note", "source_id", "source_locator",
    "last_verified", "last_verified_precision", "is_local", "location_confidential",
    "title_descriptive", "provenance",
)  # fmt: skip
#: Where the title is in a resource row.
_TITLE = RESOURCE_COLUMNS.index("title")


#: A resource row's values for FacetCollector.add.
_FACET_FIELDS = column_getter(
    RESOURCE_COLUMNS,
    "id", "kind", "status", "pub_year", "pub_month", "organization_id", "funder_id",
    "last_verified", "title", "is_local",
)  # fmt: skip
#: An award row's values for FacetCollector.add: resource id, fiscal year, start, its
#: precision, end.
_AWARD_FACET_FIELDS = itemgetter(0, 4, 5, 6, 7)
