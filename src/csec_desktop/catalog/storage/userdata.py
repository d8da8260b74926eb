"""The caseworker's own data in ``user.sqlite``: favorites, notes, saved and recent searches,
saved sheets, the agency's local resources and settings. Nothing here identifies a client:
notes are the caseworker's own notes about a resource, and the UI says so where they are
typed.

User data refers to catalog resources by their stable slug, never by row id, so it survives
every catalog rebuild and update. These models are the one definition of the schema: the
steps in :mod:`csec_desktop.catalog.storage.migrations` are written from them (Alembic's
autogenerate) and a test compares a migrated database with them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    """The current time in UTC, without tzinfo (as SQLite stores it)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class UserBase(DeclarativeBase):
    """Declarative base of the user database."""


class Favorite(UserBase):
    """A resource the caseworker starred."""

    __tablename__ = "favorite"

    slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Note(UserBase):
    """The caseworker's own note about a resource (never about a client)."""

    __tablename__ = "note"

    slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SavedSearch(UserBase):
    """A named query with its filters (JSON) and sort order."""

    __tablename__ = "saved_search"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    query: Mapped[str] = mapped_column(Text)
    filters: Mapped[str] = mapped_column(Text, default="{}")
    sort: Mapped[str] = mapped_column(String(20), default="relevance")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RecentSearch(UserBase):
    """A query the caseworker ran recently (kept short)."""

    __tablename__ = "recent_search"

    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(Text)
    filters: Mapped[str] = mapped_column(Text, default="{}")
    used_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SavedSheet(UserBase):
    """A named resource sheet: title, note, options (JSON) and resources in order."""

    __tablename__ = "saved_sheet"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    options: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    items: Mapped[list[SavedSheetItem]] = relationship(
        cascade="all, delete-orphan", order_by="SavedSheetItem.position"
    )


class SavedSheetItem(UserBase):
    """One resource on a saved sheet, by slug (shown as missing if the catalog lost it)."""

    __tablename__ = "saved_sheet_item"

    sheet_id: Mapped[int] = mapped_column(
        ForeignKey("saved_sheet.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(200))


class Setting(UserBase):
    """A preference (JSON value): theme, text size, stale threshold, agency header, …"""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LocalResource(UserBase):
    """A resource the agency added itself, as its JSON export record (``local/<slug>`` id)."""

    __tablename__ = "local_resource"

    slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    record: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AgencyState(UserBase):
    """Where the desk's copy of the agency server stands (``cursor``, ``agency_id``, …)."""

    __tablename__ = "agency_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AgencyResource(UserBase):
    """The agency server's version of one of its resources, as this desk last saw it."""

    __tablename__ = "agency_resource"

    slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    record: Mapped[str] = mapped_column(Text)


class AgencyList(UserBase):
    """An agency list: its name and resource ids (a JSON array), as last pulled."""

    __tablename__ = "agency_list"

    name: Mapped[str] = mapped_column(Text, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    items: Mapped[str] = mapped_column(Text)


class AgencyEdition(UserBase):
    """The signed catalog edition the agency server holds, as last pulled."""

    __tablename__ = "agency_edition"

    edition_id: Mapped[str] = mapped_column(Text, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    bundle: Mapped[bytes] = mapped_column(LargeBinary)


class AgencyOutbox(UserBase):
    """A steward's edit not yet on the server: the record (None: delete) and the server
    version it was made on (None: a new resource)."""

    __tablename__ = "agency_outbox"

    slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    record: Mapped[str | None] = mapped_column(Text)
    base_version: Mapped[int | None] = mapped_column(Integer)
    queued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AgencyConflict(UserBase):
    """A resource changed both here and on the server: both versions (None: deleted), kept
    until someone chooses."""

    __tablename__ = "agency_conflict"

    slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    mine: Mapped[str | None] = mapped_column(Text)
    theirs: Mapped[str | None] = mapped_column(Text)
    their_version: Mapped[int | None] = mapped_column(Integer)
    their_by: Mapped[str] = mapped_column(Text)
    their_at: Mapped[str] = mapped_column(Text)
    found_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
