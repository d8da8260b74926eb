"""Read resources back out of the catalog database as records and readable details.

:func:`iter_records` yields the lossless :class:`ResourceRecord` form (for export and
bundles); :func:`resource_detail` adds what a person reads: organization names, labels of
codes, the cited source, and the titles of related resources.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from csec_desktop.catalog.model import Meta, Organization, Relation, Resource, Source, Vocabulary
from csec_desktop.catalog.records import (
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
)


def _partial(value: object, precision: str | None) -> PartialDate | None:
    import datetime as dt

    if not isinstance(value, dt.date) or precision is None:
        return None
    return PartialDate.from_stored(value, precision)


def _to_record(row: Resource) -> ResourceRecord:
    tags: dict[str, list[str]] = {"topic": [], "audience": [], "language": []}
    for tag in sorted(row.tags, key=lambda t: (t.facet, t.position)):
        tags.setdefault(tag.facet, []).append(tag.code)
    return ResourceRecord(
        id=row.slug,
        kind=row.kind,
        title=row.title,
        summary=row.summary,
        status=row.status,
        source=row.source.key if row.source else "",
        last_verified=PartialDate.from_stored(row.last_verified, row.last_verified_precision),
        short_title=row.short_title,
        overview=row.overview,
        highlights=row.highlights,
        organization=row.organization.key if row.organization else None,
        funder=row.funder.key if row.funder else None,
        publisher=row.publisher.key if row.publisher else None,
        category=row.category,
        service_area=row.service_area,
        website=row.website,
        email=row.email,
        hours=row.hours,
        languages=tags["language"],
        topics=tags["topic"],
        audiences=tags["audience"],
        published=PartialDate(row.pub_year, row.pub_month) if row.pub_year else None,
        format=row.format,
        series=row.series,
        source_locator=row.source_locator,
        eligibility=EligibilityRecord(
            ages_min=row.ages_min,
            ages_max=row.ages_max,
            minors_without_consent=row.minors_without_consent,
            survivor_led=row.survivor_led,
            lgbtq_affirming=row.lgbtq_affirming,
            immigrant_friendly=row.immigrant_friendly,
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
            for a in row.awards
        ],
        sites=[SiteRecord(city=s.city, state=s.state, role=s.role) for s in row.sites],
        contacts=[
            ContactRecord(
                kind=c.kind,
                value=c.value,
                display=c.display,
                label=c.label,
                hours=c.hours,
                languages=c.languages.split(", ") if c.languages else [],
            )
            for c in row.contacts
        ],
        # Only the links written in the source (position < 1000), not the added reverses,
        # so that an exported record reads back exactly as it was written.
        related=[
            RelatedRecord(id=r.related.slug, relation=r.relation)
            for r in row.relations
            if r.position < 1000
        ],
    )


def _loaded() -> Sequence[object]:
    return (
        selectinload(Resource.organization),
        selectinload(Resource.funder),
        selectinload(Resource.publisher),
        selectinload(Resource.source),
        selectinload(Resource.awards),
        selectinload(Resource.sites),
        selectinload(Resource.contacts),
        selectinload(Resource.tags),
        selectinload(Resource.relations).selectinload(Relation.related),
    )


def iter_records(engine: Engine, batch: int = 500) -> Iterator[ResourceRecord]:
    """Every resource as a record, in slug order."""
    with Session(engine) as session:
        statement = select(Resource).order_by(Resource.slug).options(*_loaded())  # type: ignore[arg-type]
        for row in session.scalars(statement.execution_options(yield_per=batch)):
            yield _to_record(row)


def get_record(engine: Engine, slug: str) -> ResourceRecord | None:
    """One resource by its stable id, or None."""
    with Session(engine) as session:
        statement = select(Resource).where(Resource.slug == slug).options(*_loaded())  # type: ignore[arg-type]
        row = session.scalars(statement).first()
        return _to_record(row) if row else None


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
        return [
            SourceRecord(
                s.key, s.title, s.url, s.publisher, _partial(s.as_of, s.as_of_precision), s.note
            )
            for s in session.scalars(select(Source).order_by(Source.key))
        ]


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
    with Session(engine) as session:
        return {m.key: m.value for m in session.scalars(select(Meta))}


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


def _detail(row: Resource, labels: dict[tuple[str, str], str]) -> ResourceDetail:
    source = row.source
    return ResourceDetail(
        record=_to_record(row),
        organization=_organization(row.organization),
        funder=_organization(row.funder),
        publisher=_organization(row.publisher),
        source=SourceRecord(
            source.key,
            source.title,
            source.url,
            source.publisher,
            _partial(source.as_of, source.as_of_precision),
            source.note,
        )
        if source
        else None,
        labels=labels,
        related=[
            RelatedLink(r.related.slug, r.related.title, r.related.kind, r.relation)
            for r in row.relations
        ],
    )


def resource_details(engine: Engine, slugs: Sequence[str]) -> dict[str, ResourceDetail]:
    """The details of those ``slugs`` the catalog has, by id, read in one go (a sheet of
    twenty resources costs a handful of queries, not a handful per resource)."""
    wanted = list(dict.fromkeys(slugs))
    if not wanted:
        return {}
    with Session(engine) as session:
        statement = select(Resource).where(Resource.slug.in_(wanted)).options(*_loaded())  # type: ignore[arg-type]
        rows = list(session.scalars(statement))
        if not rows:
            return {}
        labels = {(v.facet, v.code): v.label for v in session.scalars(select(Vocabulary))}
        return {row.slug: _detail(row, labels) for row in rows}
