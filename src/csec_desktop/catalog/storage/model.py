"""The catalog database: SQLAlchemy 2 typed models.

``catalog.sqlite`` is replaceable: it is rebuilt from ``data/`` (or an imported bundle) and
user data never lives here. Each resource has an integer primary key, which is also the
rowid of its full-text row, and a stable ``slug`` (such as ``program/gems-2006``) by which
user data and other resources refer to it.

Partial dates (a year, or a year and month) are stored as the first day of the period with
a ``*_precision`` column (``year``, ``month`` or ``day``), so they sort as dates and print
as precisely as the source gave them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

KINDS = ("program", "training", "hotline", "publication", "website", "organization")


class CatalogBase(DeclarativeBase):
    """Declarative base of the catalog database (user data has its own base)."""


class Source(CatalogBase):
    """A document the facts come from (a web page, a report), cited by resources."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    #: When the source's content was current (the page "reads as of"), not when it was copied.
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    as_of_precision: Mapped[str | None] = mapped_column(String(5))
    note: Mapped[str | None] = mapped_column(Text)


class Organization(CatalogBase):
    """A grantee, publisher, operator or funder."""

    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(Text)
    acronym: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str | None] = mapped_column(String(2))


class Vocabulary(CatalogBase):
    """Labels of the controlled values (topics, audiences, categories, statuses, …)."""

    __tablename__ = "vocabulary"
    __table_args__ = (UniqueConstraint("facet", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    facet: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(Text)
    label_es: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Resource(CatalogBase):
    """One program, training, hotline, publication, website or organization."""

    __tablename__ = "resource"
    __table_args__ = (
        CheckConstraint(f"kind IN {KINDS!r}", name="known_kind"),
        # For the hotlines. No index on the organization ids: nothing looks resources up
        # by them (the search arrays count them), and at a million it cost 1.5 s a build.
        Index("ix_resource_kind", "kind"),
        # An index rather than a column constraint, so that a build can create it after
        # the rows are in (one sort instead of a million inserts at random places).
        Index("ux_resource_slug", "slug", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    #: A short name people also search by ("GEMS", "ICAC program").
    short_title: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    overview: Mapped[str | None] = mapped_column(Text)
    highlights: Mapped[str | None] = mapped_column(Text)

    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    funder_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    category: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    #: national, state, city or international; sites give the places themselves.
    service_area: Mapped[str | None] = mapped_column(String(20))

    website: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    hours: Mapped[str | None] = mapped_column(Text)

    pub_year: Mapped[int | None] = mapped_column(Integer)
    pub_month: Mapped[int | None] = mapped_column(Integer)
    format: Mapped[str | None] = mapped_column(Text)
    series: Mapped[str | None] = mapped_column(Text)

    ages_min: Mapped[int | None] = mapped_column(Integer)
    ages_max: Mapped[int | None] = mapped_column(Integer)
    minors_without_consent: Mapped[bool | None] = mapped_column(Boolean)
    no_police_report: Mapped[bool | None] = mapped_column(Boolean)
    foreign_national_minors: Mapped[bool | None] = mapped_column(Boolean)
    survivor_led: Mapped[bool | None] = mapped_column(Boolean)
    lgbtq_affirming: Mapped[bool | None] = mapped_column(Boolean)
    immigrant_friendly: Mapped[bool | None] = mapped_column(Boolean)
    free_of_charge: Mapped[bool | None] = mapped_column(Boolean)
    eligibility_note: Mapped[str | None] = mapped_column(Text)

    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"))
    #: Where on the source the facts are (a section heading), when the source is long.
    source_locator: Mapped[str | None] = mapped_column(Text)
    #: True when the title is the catalog's description rather than a name the source gives.
    title_descriptive: Mapped[bool | None] = mapped_column(Boolean)
    #: The provenance locators (records.LocatorRecord) as JSON: where each fact is.
    provenance: Mapped[str | None] = mapped_column(Text)
    last_verified: Mapped[dt.date] = mapped_column(Date)
    last_verified_precision: Mapped[str] = mapped_column(String(5))
    #: True for resources an agency added itself (kept in user data, merged for display).
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The location (its sites) is confidential: it never leaves the desk (records.shared).
    location_confidential: Mapped[bool] = mapped_column(Boolean, default=False)

    organization: Mapped[Organization | None] = relationship(foreign_keys=[organization_id])
    funder: Mapped[Organization | None] = relationship(foreign_keys=[funder_id])
    publisher: Mapped[Organization | None] = relationship(foreign_keys=[publisher_id])
    source: Mapped[Source | None] = relationship()
    awards: Mapped[list[Award]] = relationship(
        back_populates="resource", cascade="all, delete-orphan", order_by="Award.position"
    )
    sites: Mapped[list[Site]] = relationship(
        back_populates="resource", cascade="all, delete-orphan", order_by="Site.position"
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="resource", cascade="all, delete-orphan", order_by="Contact.position"
    )
    tags: Mapped[list[ResourceTag]] = relationship(
        back_populates="resource", cascade="all, delete-orphan"
    )
    relations: Mapped[list[Relation]] = relationship(
        back_populates="resource",
        cascade="all, delete-orphan",
        foreign_keys="Relation.resource_id",
        order_by="Relation.position",
    )


class Award(CatalogBase):
    """A grant or cooperative agreement: amount in whole dollars and its project period."""

    __tablename__ = "award"
    __table_args__ = (CheckConstraint("amount IS NULL OR amount >= 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[int | None] = mapped_column(Integer)
    #: "supplemental award", "planning grant": what distinguishes this award from the others.
    label: Mapped[str | None] = mapped_column(Text)
    fiscal_year: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[dt.date | None] = mapped_column(Date)
    start_precision: Mapped[str | None] = mapped_column(String(5))
    end: Mapped[dt.date | None] = mapped_column(Date)
    end_precision: Mapped[str | None] = mapped_column(String(5))
    #: The period exactly as the source words it ("2006–Spring 2009").
    period_text: Mapped[str | None] = mapped_column(Text)

    resource: Mapped[Resource] = relationship(back_populates="awards")


class Site(CatalogBase):
    """A place where a resource works: city and state (state alone for statewide work)."""

    __tablename__ = "site"
    __table_args__ = (Index("ix_site_resource", "resource_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    city: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str | None] = mapped_column(String(2))
    #: "pilot site", "project site", "study site", "technical assistance", …
    role: Mapped[str | None] = mapped_column(Text)

    resource: Mapped[Resource] = relationship(back_populates="sites")


class Contact(CatalogBase):
    """A way to reach a resource: phone, text, TTY, chat, online report, email."""

    __tablename__ = "contact"
    __table_args__ = (Index("ix_contact_resource", "resource_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: phone, text, tty, chat, report, email
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(Text)
    #: A vanity form people remember ("1-800-THE-LOST").
    display: Mapped[str | None] = mapped_column(Text)
    label: Mapped[str | None] = mapped_column(Text)
    hours: Mapped[str | None] = mapped_column(Text)
    languages: Mapped[str | None] = mapped_column(Text)

    resource: Mapped[Resource] = relationship(back_populates="contacts")


class ResourceTag(CatalogBase):
    """A controlled value attached to a resource: topic, audience or language."""

    __tablename__ = "resource_tag"
    # Read by resource (its primary key, so no row id beside it: one b-tree instead of two
    # for the ~5 tags of each of a million resources); nothing looks tags up by value.
    __table_args__ = ({"sqlite_with_rowid": False},)

    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True
    )
    facet: Mapped[str] = mapped_column(String(20), primary_key=True)
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    #: The order the source gave, so that an export reads back exactly.
    position: Mapped[int] = mapped_column(Integer, default=0)

    resource: Mapped[Resource] = relationship(back_populates="tags")


class Relation(CatalogBase):
    """A link from one resource to another (stored in both directions by the loader)."""

    __tablename__ = "relation"
    __table_args__ = (Index("ix_relation_related", "related_id"),)

    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True
    )
    related_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), primary_key=True
    )
    #: part_of / has_part, site_of / has_site, award_of / has_award, related
    relation: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)

    resource: Mapped[Resource] = relationship(
        back_populates="relations", foreign_keys=[resource_id]
    )
    related: Mapped[Resource] = relationship(foreign_keys=[related_id])


class Meta(CatalogBase):
    """Key/value facts about the database: schema version, content hash, build time."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SearchArray(CatalogBase):
    """Compact arrays (numpy bytes) for facet counts and fast sorting, built with the index."""

    __tablename__ = "search_array"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    dtype: Mapped[str] = mapped_column(String(10))
    data: Mapped[bytes] = mapped_column(LargeBinary)
