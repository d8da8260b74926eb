"""Read resources back out of the catalog database as records and readable details.

:func:`iter_records` yields the lossless :class:`ResourceRecord` form (for export and
bundles); :func:`resource_detail` adds what a person reads: organization names, labels of
codes, the cited source, and the titles of related resources.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Row, Select, func, select
from sqlalchemy.orm import Session, selectinload

from csec_desktop.catalog.content.records import (
    AwardRecord,
    ContactRecord,
    EligibilityRecord,
    OrganizationRecord,
    PartialDate,
    RelatedRecord,
    ResourceRecord,
    SiteRecord,
    SourceRecord,
    VocabularyEntry,
    provenance_from_json,
)
from csec_desktop.catalog.storage.model import (
    Award,
    Contact,
    Meta,
    Organization,
    Relation,
    Resource,
    ResourceTag,
    Site,
    Source,
    Vocabulary,
)


def _partial(value: object, precision: str | None) -> PartialDate | None:
    import datetime as dt

    if not isinstance(value, dt.date) or precision is None:
        return None
    return PartialDate.from_stored(value, precision)


def _by_resource(
    connection: Connection, statement: Select[*tuple[Any, ...]], ids: Sequence[int]
) -> dict[int, list[Row[Any]]]:
    """Child rows of the resources ``ids``, grouped by their ``resource_id`` column."""
    grouped: dict[int, list[Row[Any]]] = {}
    for row in connection.execute(statement.where(statement.selected_columns.resource_id.in_(ids))):
        grouped.setdefault(row.resource_id, []).append(row)
    return grouped


def _keys(connection: Connection) -> tuple[dict[int, str], dict[int, str]]:
    """Organization keys and source keys by row id."""
    organizations = {
        row.id: row.key for row in connection.execute(select(Organization.id, Organization.key))
    }
    sources = {row.id: row.key for row in connection.execute(select(Source.id, Source.key))}
    return organizations, sources


def _records(
    connection: Connection,
    rows: Sequence[Row[Any]],
    keys: tuple[dict[int, str], dict[int, str]],
) -> list[ResourceRecord]:
    """Records for resource rows, with their child rows fetched in one query per table.

    Core queries, not the ORM: exporting or comparing a 100k catalog builds a million
    child objects, and the ORM's identity bookkeeping was most of that time.
    """
    ids = [row.id for row in rows]
    organization_keys, source_keys = keys
    awards = _by_resource(connection, _children(Award), ids)
    sites = _by_resource(connection, _children(Site), ids)
    contacts = _by_resource(connection, _children(Contact), ids)
    tags = _by_resource(connection, _children(ResourceTag), ids)
    related = _by_resource(
        connection,
        select(Relation.resource_id, Relation.relation, Resource.slug)
        .join(Resource, Resource.id == Relation.related_id)
        # Only the links written in the source (position < 1000), not the added reverses,
        # so that an exported record reads back exactly as it was written.
        .where(Relation.position < 1000)
        .order_by(Relation.resource_id, Relation.position),
        ids,
    )
    records = []
    for row in rows:
        tag_codes: dict[str, list[str]] = {"topic": [], "audience": [], "language": []}
        for tag in sorted(tags.get(row.id, []), key=lambda t: (t.facet, t.position)):
            tag_codes.setdefault(tag.facet, []).append(tag.code)
        records.append(
            ResourceRecord(
                id=row.slug,
                kind=row.kind,
                title=row.title,
                summary=row.summary,
                status=row.status,
                source=source_keys.get(row.source_id, ""),
                last_verified=PartialDate.from_stored(
                    row.last_verified, row.last_verified_precision
                ),
                short_title=row.short_title,
                overview=row.overview,
                highlights=row.highlights,
                organization=organization_keys.get(row.organization_id),
                funder=organization_keys.get(row.funder_id),
                publisher=organization_keys.get(row.publisher_id),
                category=row.category,
                service_area=row.service_area,
                website=row.website,
                email=row.email,
                hours=row.hours,
                languages=tag_codes["language"],
                topics=tag_codes["topic"],
                audiences=tag_codes["audience"],
                published=PartialDate(row.pub_year, row.pub_month) if row.pub_year else None,
                format=row.format,
                series=row.series,
                source_locator=row.source_locator,
                title_descriptive=row.title_descriptive or None,
                provenance=provenance_from_json(row.provenance),
                eligibility=EligibilityRecord(
                    ages_min=row.ages_min,
                    ages_max=row.ages_max,
                    genders=tag_codes.get("gender", []),
                    minors_without_consent=row.minors_without_consent,
                    no_police_report=row.no_police_report,
                    foreign_national_minors=row.foreign_national_minors,
                    survivor_led=row.survivor_led,
                    lgbtq_affirming=row.lgbtq_affirming,
                    immigrant_friendly=row.immigrant_friendly,
                    free_of_charge=row.free_of_charge,
                    note=row.eligibility_note,
                ),
                awards=[
                    AwardRecord(
                        amount=a.amount,
                        label=a.label,
                        fiscal_year=a.fiscal_year,
                        start=_partial(a.start, a.start_precision),
                        end=_partial(a.end, a.end_precision),
                        period_text=a.period_text,
                    )
                    for a in awards.get(row.id, [])
                ],
                sites=[
                    SiteRecord(city=s.city, state=s.state, role=s.role)
                    for s in sites.get(row.id, [])
                ],
                contacts=[
                    ContactRecord(
                        kind=c.kind,
                        value=c.value,
                        display=c.display,
                        label=c.label,
                        hours=c.hours,
                        languages=c.languages.split(", ") if c.languages else [],
                    )
                    for c in contacts.get(row.id, [])
                ],
                related=[
                    RelatedRecord(id=r.slug, relation=r.relation) for r in related.get(row.id, [])
                ],
                location_confidential=bool(row.location_confidential),
            )
        )
    return records


def _children(model: Any) -> Select[*tuple[Any, ...]]:
    table = model.__table__
    return select(table).order_by(table.c.resource_id, table.c.position)


def _loaded() -> Sequence[object]:
    """What the detail view reads beside the record: names of organizations, the source,
    and the titles of related resources."""
    return (
        selectinload(Resource.organization),
        selectinload(Resource.funder),
        selectinload(Resource.publisher),
        selectinload(Resource.source),
        selectinload(Resource.relations).selectinload(Relation.related),
    )


def iter_records(
    engine: Engine, batch: int = 500, *, include_local: bool = True
) -> Iterator[ResourceRecord]:
    """Every resource as a record, in slug order; without the agency's own with
    ``include_local`` False (they live in user data and are merged into every catalog)."""
    statement = select(Resource.__table__).order_by(Resource.slug)
    if not include_local:
        statement = statement.where(Resource.is_local.is_(False))
    with engine.connect() as connection:
        keys = _keys(connection)
        result = connection.execution_options(yield_per=batch).execute(statement)
        for rows in result.partitions():
            yield from _records(connection, rows, keys)


def local_records(engine: Engine) -> list[ResourceRecord]:
    """The agency's own resources as the catalog holds them (``is_local``), by id."""
    statement = select(Resource.__table__).where(Resource.is_local.is_(True))
    with engine.connect() as connection:
        rows = connection.execute(statement.order_by(Resource.slug)).all()
        return _records(connection, rows, _keys(connection)) if rows else []


def hotline_slugs(engine: Engine, limit: int = 50) -> list[str]:
    """Hotlines that are not defunct, nationwide ones first, then by title.

    ``limit`` keeps a quick-reference list short on a catalog with thousands of local lines.
    """
    statement = (
        select(Resource.slug)
        .where(Resource.kind == "hotline", Resource.status != "defunct")
        .order_by((Resource.service_area != "national"), Resource.title, Resource.slug)
        .limit(limit)
    )
    with engine.connect() as connection:
        return list(connection.scalars(statement))


def hotline_records(engine: Engine, limit: int = 50) -> list[ResourceRecord]:
    """The records of :func:`hotline_slugs`, in its order."""
    slugs = hotline_slugs(engine, limit)
    with engine.connect() as connection:
        rows = connection.execute(select(Resource.__table__).where(Resource.slug.in_(slugs))).all()
        found = {r.id: r for r in _records(connection, rows, _keys(connection))} if rows else {}
    return [found[slug] for slug in slugs if slug in found]


def titles(engine: Engine, slugs: Sequence[str]) -> dict[str, str]:
    """The titles of those ``slugs`` the catalog has (missing ids are left out)."""
    with engine.connect() as connection:
        statement = select(Resource.slug, Resource.title).where(Resource.slug.in_(list(slugs)))
        return {row.slug: row.title for row in connection.execute(statement)}


def slugs(engine: Engine) -> set[str]:
    """The id of every resource in the catalog."""
    with engine.connect() as connection:
        return set(connection.scalars(select(Resource.slug)))


def counts(engine: Engine) -> tuple[dict[str, int], int]:
    """How many resources there are of each kind (kinds in order), and how many
    organizations."""
    by_kind = select(Resource.kind, func.count()).group_by(Resource.kind).order_by(Resource.kind)
    with engine.connect() as connection:
        kinds = {str(kind): int(count) for kind, count in connection.execute(by_kind)}
        organizations = connection.scalar(select(func.count()).select_from(Organization))
    return kinds, int(organizations or 0)


def get_record(engine: Engine, slug: str) -> ResourceRecord | None:
    """One resource by its stable id, or None."""
    with engine.connect() as connection:
        rows = connection.execute(select(Resource.__table__).where(Resource.slug == slug)).all()
        return _records(connection, rows, _keys(connection))[0] if rows else None


def organizations(engine: Engine) -> list[OrganizationRecord]:
    """Every organization, by key."""
    with Session(engine) as session:
        return [
            OrganizationRecord(o.key, o.name, o.acronym, o.website, o.city, o.state)
            for o in session.scalars(select(Organization).order_by(Organization.key))
        ]


def sources(engine: Engine) -> list[SourceRecord]:
    """Every cited source, by key."""
    with Session(engine) as session:
        return [_source(s) for s in session.scalars(select(Source).order_by(Source.key))]


def vocabulary(engine: Engine) -> list[VocabularyEntry]:
    """Every controlled value with its labels, in display order."""
    with Session(engine) as session:
        return [
            VocabularyEntry(v.facet, v.code, v.label, v.label_es, v.position)
            for v in session.scalars(
                select(Vocabulary).order_by(Vocabulary.facet, Vocabulary.position)
            )
        ]


def catalog_meta(engine: Engine) -> dict[str, str]:
    """The catalog's meta facts (schema version, content hash, catalog date, …)."""
    table = Meta.__table__
    with engine.connect() as connection:  # Core: read at start-up, before any ORM use
        return {
            str(row[0]): str(row[1])
            for row in connection.execute(select(table.c.key, table.c.value))
        }


@dataclass(frozen=True)
class RelatedLink:
    """A related resource as shown: its id, title, kind and how it relates."""

    id: str
    title: str
    kind: str
    relation: str


@dataclass(frozen=True)
class ResourceDetail:
    """Everything known about one resource, with names and labels resolved for reading."""

    record: ResourceRecord
    organization: OrganizationRecord | None
    funder: OrganizationRecord | None
    publisher: OrganizationRecord | None
    source: SourceRecord | None
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    related: list[RelatedLink] = field(default_factory=list)
    #: True for a resource the agency added itself (see :mod:`csec_desktop.catalog.user.local`).
    is_local: bool = False
    #: The other sources its provenance locators cite, by key.
    cited: dict[str, SourceRecord] = field(default_factory=dict)

    def label(self, facet: str, code: str | None) -> str:
        """The label of a code (the code itself if it has none)."""
        if code is None:
            return ""
        return self.labels.get((facet, code), code)


def resource_detail(engine: Engine, slug: str) -> ResourceDetail | None:
    """Everything known about the resource ``slug``, ready to show; None if unknown."""
    return resource_details(engine, [slug]).get(slug)


def _organization(value: Organization | None) -> OrganizationRecord | None:
    if value is None:
        return None
    return OrganizationRecord(
        value.key, value.name, value.acronym, value.website, value.city, value.state
    )


def _source(source: Source) -> SourceRecord:
    return SourceRecord(
        source.key,
        source.title,
        source.url,
        source.publisher,
        _partial(source.as_of, source.as_of_precision),
        source.note,
    )


def _detail(
    row: Resource,
    record: ResourceRecord,
    labels: dict[tuple[str, str], str],
    sources: dict[str, SourceRecord],
) -> ResourceDetail:
    source = row.source
    return ResourceDetail(
        record=record,
        organization=_organization(row.organization),
        funder=_organization(row.funder),
        publisher=_organization(row.publisher),
        source=_source(source) if source else None,
        labels=labels,
        related=[
            RelatedLink(r.related.slug, r.related.title, r.related.kind, r.relation)
            for r in row.relations
        ],
        is_local=bool(row.is_local),
        cited={
            key: sources[key]
            for key in dict.fromkeys(p.source for p in record.provenance if p.source)
            if key in sources
        },
    )


def resource_details(engine: Engine, slugs: Sequence[str]) -> dict[str, ResourceDetail]:
    """The details of those ``slugs`` the catalog has, by id, read in one go (a sheet of
    twenty resources costs a handful of queries, not a handful per resource)."""
    wanted = list(dict.fromkeys(slugs))
    if not wanted:
        return {}
    with engine.connect() as connection:
        rows = connection.execute(select(Resource.__table__).where(Resource.slug.in_(wanted))).all()
        if not rows:
            return {}
        records = {r.id: r for r in _records(connection, rows, _keys(connection))}
    with Session(engine) as session:
        statement = select(Resource).where(Resource.slug.in_(records)).options(*_loaded())  # type: ignore[arg-type]
        labels = {(v.facet, v.code): v.label for v in session.scalars(select(Vocabulary))}
        sources = {s.key: _source(s) for s in session.scalars(select(Source))}
        return {
            row.slug: _detail(row, records[row.slug], labels, sources)
            for row in session.scalars(statement)
        }
