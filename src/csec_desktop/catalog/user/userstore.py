"""Operations on the caseworker's own data in ``user.sqlite``.

Favorites, notes, saved and recent searches, saved sheets and settings, all keyed by
stable resource ids (slugs) so they survive catalog rebuilds and updates. The window and
``csec-catalog`` both call these functions.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from csec_desktop.catalog.content.sentence import QT_TRANSLATE_NOOP, Sentence, SentenceError
from csec_desktop.catalog.display import sheets
from csec_desktop.catalog.display.sheets import SheetOptions, options_from_json, options_to_json
from csec_desktop.catalog.storage import failures
from csec_desktop.catalog.storage.userdata import (
    Favorite,
    Note,
    RecentSearch,
    SavedSearch,
    SavedSheet,
    SavedSheetItem,
    Setting,
    utcnow,
)
from csec_desktop.catalog.user.preferences import (
    LANGUAGE_CHOICES,
    PREFERENCE_KEYS,
    STALE_MONTHS_RANGE,
    TEXT_SIZE_RANGE,
    THEME_CHOICES,
    Preferences,
    decode_settings,
    is_int_in,
    preferences_from,
    preferences_to,
)

RECENT_KEPT = 20
MAX_NOTE = 10_000
MAX_NAME = 200

Filters = Mapping[str, Sequence[str]]


# What user data refuses, as sentences (content/sentence.py) of the context "UserData".
NOTE_TOO_LONG = QT_TRANSLATE_NOOP("UserData", "A note can be at most {most} characters long.")
SEARCH_NEEDS_NAME = QT_TRANSLATE_NOOP("UserData", "A saved search needs a name.")
SHEET_NEEDS_NAME = QT_TRANSLATE_NOOP("UserData", "A saved sheet needs a name.")
NAME_TOO_LONG = QT_TRANSLATE_NOOP("UserData", "A name can be at most {most} characters long.")
THEME_CHOICE = QT_TRANSLATE_NOOP("UserData", "The theme must be one of {choices}.")
LANGUAGE_CHOICE = QT_TRANSLATE_NOOP("UserData", "The language must be one of {choices}.")
WHOLE_NUMBER = QT_TRANSLATE_NOOP(
    "UserData", "The {name} must be a whole number from {low} to {high}."
)
# The preferences WHOLE_NUMBER names.
TEXT_SIZE = QT_TRANSLATE_NOOP("UserData", "text size")
STALE_MONTHS = QT_TRANSLATE_NOOP("UserData", "months before facts count as old")


class UserDataError(SentenceError):
    """A request on user data that cannot be honoured, in one sentence (said in the
    window's language from its parts)."""

    context = "UserData"


_R = TypeVar("_R")
_P = ParamSpec("_P")


@contextmanager
def user_writes() -> Iterator[None]:
    """Turn a database failure while writing user data (disk full, a locked or read-only
    file) into one :class:`UserDataError` sentence, which never holds the statement or
    the record; SQLite has rolled the write back."""
    try:
        yield
    except (SQLAlchemyError, sqlite3.Error, OSError) as error:
        # The error's frames (SQLAlchemy's) refer back to it: a cycle that also holds
        # every calling frame, a window in its closeEvent included, until Python's
        # cyclic collector runs, on whatever thread allocates then. A window freed
        # there is destroyed off the GUI thread, racing its own deleteLater (the full
        # suite once aborted so). Clearing those frames' locals breaks the cycle; the
        # traceback still says where the write failed.
        traceback.clear_frames(error.__traceback__)
        if failures.is_read_only(error):
            raise UserDataError(failures.read_only_data()) from error
        raise UserDataError(Sentence(failures.CONTEXT, failures.NOT_WRITTEN)) from error


def _writes(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function`` under :func:`user_writes`."""

    @functools.wraps(function)
    def guarded(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with user_writes():
            return function(*args, **kwargs)

    return guarded


@dataclass(frozen=True)
class StoredSearch:
    """A saved or recent search: query, filters and sort."""

    id: int
    name: str
    query: str
    filters: dict[str, list[str]]
    sort: str


def _filters_json(filters: Filters) -> str:
    return json.dumps({k: sorted(v) for k, v in sorted(filters.items()) if v}, ensure_ascii=False)


def _filters_from(text: str) -> dict[str, list[str]]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): [str(x) for x in v] for k, v in value.items() if isinstance(v, list)}


def _value(engine: Engine, key_column: Any, value_column: Any, key: str) -> str | None:
    """``value_column`` of the row whose ``key_column`` is ``key``, or None.

    Core rather than the ORM: the window reads these at start-up, and the ORM's first use
    costs a tenth of a second of mapper set-up.
    """
    with engine.connect() as connection:
        found = connection.execute(select(value_column).where(key_column == key)).scalar()
    return None if found is None else str(found)


# --------------------------------------------------------------------------- favorites


def favorites(engine: Engine) -> list[str]:
    """Favorite resource ids, most recently added first."""
    with Session(engine) as session:
        statement = select(Favorite.slug).order_by(Favorite.added_at.desc(), Favorite.slug)
        return list(session.scalars(statement))


def is_favorite(engine: Engine, slug: str) -> bool:
    """True when ``slug`` is a favorite."""
    column = Favorite.__table__.c.slug
    return _value(engine, column, column, slug) is not None


@_writes
def add_favorite(engine: Engine, slug: str) -> bool:
    """Star ``slug``; return False if it already was a favorite."""
    with Session(engine) as session, session.begin():
        if session.get(Favorite, slug) is not None:
            return False
        session.add(Favorite(slug=slug, added_at=utcnow()))
        return True


@_writes
def remove_favorite(engine: Engine, slug: str) -> bool:
    """Unstar ``slug``; return False if it was not a favorite."""
    with Session(engine) as session, session.begin():
        result = session.execute(delete(Favorite).where(Favorite.slug == slug))
        return bool(getattr(result, "rowcount", 0))


# --------------------------------------------------------------------------- notes


def note(engine: Engine, slug: str) -> str:
    """The caseworker's note on ``slug`` ("" when there is none)."""
    return _value(engine, Note.__table__.c.slug, Note.__table__.c.text, slug) or ""


@_writes
def set_note(engine: Engine, slug: str, text: str) -> None:
    """Save (or, when blank, delete) the note on ``slug``."""
    text = text.strip()
    if len(text) > MAX_NOTE:
        raise UserDataError.of(NOTE_TOO_LONG, most=MAX_NOTE)
    with Session(engine) as session, session.begin():
        if not text:
            session.execute(delete(Note).where(Note.slug == slug))
            return
        session.execute(
            insert(Note)
            .values(slug=slug, text=text, updated_at=utcnow())
            .on_conflict_do_update(
                index_elements=[Note.slug], set_={"text": text, "updated_at": utcnow()}
            )
        )


# --------------------------------------------------------------------------- searches


@_writes
def save_search(engine: Engine, name: str, query: str, filters: Filters, sort: str) -> None:
    """Save a named search, replacing one of the same name."""
    name = name.strip()
    if not name:
        raise UserDataError.of(SEARCH_NEEDS_NAME)
    if len(name) > MAX_NAME:
        raise UserDataError.of(NAME_TOO_LONG, most=MAX_NAME)
    values = {"query": query, "filters": _filters_json(filters), "sort": sort}
    with Session(engine) as session, session.begin():
        session.execute(
            insert(SavedSearch)
            .values(name=name, created_at=utcnow(), **values)
            .on_conflict_do_update(index_elements=[SavedSearch.name], set_=values)
        )


def saved_searches(engine: Engine) -> list[StoredSearch]:
    """Saved searches by name."""
    with Session(engine) as session:
        return [
            StoredSearch(s.id, s.name, s.query, _filters_from(s.filters), s.sort)
            for s in session.scalars(select(SavedSearch).order_by(SavedSearch.name))
        ]


@_writes
def delete_saved_search(engine: Engine, name: str) -> None:
    """Forget the saved search ``name``."""
    with Session(engine) as session, session.begin():
        session.execute(delete(SavedSearch).where(SavedSearch.name == name))


@_writes
def record_recent_search(engine: Engine, query: str, filters: Filters) -> None:
    """Remember a search the caseworker ran (the newest :data:`RECENT_KEPT`, no repeats)."""
    query = query.strip()
    if not query and not any(filters.values()):
        return
    encoded = _filters_json(filters)
    with Session(engine) as session, session.begin():
        session.execute(
            delete(RecentSearch).where(RecentSearch.query == query, RecentSearch.filters == encoded)
        )
        session.add(RecentSearch(query=query, filters=encoded, used_at=utcnow()))
        session.flush()
        keep = select(RecentSearch.id).order_by(RecentSearch.used_at.desc(), RecentSearch.id.desc())
        kept = list(session.scalars(keep.limit(RECENT_KEPT)))
        session.execute(delete(RecentSearch).where(RecentSearch.id.not_in(kept)))


def recent_searches(engine: Engine) -> list[StoredSearch]:
    """Recent searches, newest first."""
    with Session(engine) as session:
        statement = select(RecentSearch).order_by(
            RecentSearch.used_at.desc(), RecentSearch.id.desc()
        )
        return [
            StoredSearch(r.id, r.query, r.query, _filters_from(r.filters), "relevance")
            for r in session.scalars(statement)
        ]


# --------------------------------------------------------------------------- sheets


@dataclass(frozen=True)
class StoredSheet:
    """A saved resource sheet: its name, resource ids in order, and options.

    The options carry the sheet's title, note and layout choices; the agency header is not
    kept per sheet (it is a setting, entered once).
    """

    name: str
    slugs: list[str]
    options: SheetOptions


def _stored_sheet(row: SavedSheet) -> StoredSheet:
    return StoredSheet(
        row.name,
        [item.slug for item in row.items],
        options_from_json(row.options, title=row.title, note=row.note),
    )


@_writes
def save_sheet(engine: Engine, name: str, slugs: Sequence[str], options: SheetOptions) -> None:
    """Save a named sheet (resources by id, in order), replacing one of the same name."""
    name = name.strip()
    if not name:
        raise UserDataError.of(SHEET_NEEDS_NAME)
    if len(name) > MAX_NAME:
        raise UserDataError.of(NAME_TOO_LONG, most=MAX_NAME)
    try:
        options.validate()
    except sheets.SheetError as error:
        raise UserDataError(error.sentence) from None
    with Session(engine) as session, session.begin():
        row = session.scalars(select(SavedSheet).where(SavedSheet.name == name)).first()
        if row is None:
            row = SavedSheet(name=name, created_at=utcnow())
            session.add(row)
        row.title = options.title
        row.note = options.note
        row.options = options_to_json(options)
        row.updated_at = utcnow()
        row.items.clear()
        session.flush()  # the old items go before new ones take their positions
        row.items.extend(
            SavedSheetItem(position=i, slug=slug) for i, slug in enumerate(dict.fromkeys(slugs))
        )


def saved_sheets(engine: Engine) -> list[StoredSheet]:
    """Saved sheets by name."""
    with Session(engine) as session:
        rows = session.scalars(select(SavedSheet).order_by(SavedSheet.name))
        return [_stored_sheet(row) for row in rows]


def load_sheet(engine: Engine, name: str) -> StoredSheet | None:
    """The saved sheet ``name``, or None."""
    with Session(engine) as session:
        row = session.scalars(select(SavedSheet).where(SavedSheet.name == name)).first()
        return _stored_sheet(row) if row else None


@_writes
def delete_saved_sheet(engine: Engine, name: str) -> bool:
    """Forget the saved sheet ``name`` (its items go with it); False if there was none."""
    with Session(engine) as session, session.begin():
        row = session.scalars(select(SavedSheet).where(SavedSheet.name == name)).first()
        if row is None:
            return False
        session.delete(row)
        return True


def working_sheet(engine: Engine, language: sheets.Language = "en") -> StoredSheet:
    """The sheet being composed as it was last changed: resources in order, title, note and
    layout choices (its name is empty). With none kept, or one unreadable, an empty sheet
    with the default options in ``language``; an unknown or ill-typed value falls back to
    its default."""
    stored = setting(engine, sheets.WORKING_SHEET_SETTING)
    if not isinstance(stored, dict):
        return StoredSheet("", [], SheetOptions(language=language))
    slugs = stored.get("slugs")
    kept = [s for s in slugs if isinstance(s, str)] if isinstance(slugs, list) else []

    def text(key: str, limit: int) -> str:
        value = stored.get(key)
        return value[:limit] if isinstance(value, str) else ""

    choices = stored.get("options")
    options = SheetOptions(
        title=text("title", sheets.MAX_TITLE), note=text("note", sheets.MAX_NOTE)
    ).with_choices(choices if isinstance(choices, dict) else {})
    return StoredSheet("", list(dict.fromkeys(kept)), options)


@_writes
def save_working_sheet(engine: Engine, slugs: Sequence[str], options: SheetOptions) -> None:
    """Keep the sheet being composed, replacing what was kept: resources by id in order,
    title, note and layout choices, so that the next start (after a crash too) shows it.

    One setting written in one transaction, so a kill leaves the previous sheet or this
    one. The agency header is not part of it (it is a setting of its own), nor is anything
    else: the UI asks that neither title nor note identify a client. A title or note past
    the sheet's limit is kept cut to it; such a sheet cannot be printed anyway.
    """
    set_setting(
        engine,
        sheets.WORKING_SHEET_SETTING,
        {
            "slugs": list(dict.fromkeys(slugs)),
            "title": options.title[: sheets.MAX_TITLE],
            "note": options.note[: sheets.MAX_NOTE],
            "options": options.choices(),
        },
    )


# --------------------------------------------------------------------------- settings


def setting(engine: Engine, key: str, default: Any = None) -> Any:
    """A stored preference (any JSON value), or ``default``."""
    found = _value(engine, Setting.__table__.c.key, Setting.__table__.c.value, key)
    if found is None:
        return default
    try:
        return json.loads(found)
    except ValueError:
        return default


def settings(engine: Engine) -> dict[str, Any]:
    """Every stored preference by key (JSON values decoded; an undecodable one left out)."""
    table = Setting.__table__
    with engine.connect() as connection:  # Core, like _value: read at start-up
        return decode_settings(connection.execute(select(table.c.key, table.c.value)))


@_writes
def set_setting(engine: Engine, key: str, value: Any) -> None:
    """Store a preference as JSON."""
    encoded = json.dumps(value, ensure_ascii=False)
    with Session(engine) as session, session.begin():
        session.execute(
            insert(Setting)
            .values(key=key, value=encoded)
            .on_conflict_do_update(index_elements=[Setting.key], set_={"value": encoded})
        )


# --------------------------------------------------------------------------- preferences


def preferences(engine: Engine) -> Preferences:
    """The stored preferences; a missing or out-of-range value falls back to its default."""
    return preferences_from({key: setting(engine, key) for key in PREFERENCE_KEYS})


def set_preferences(engine: Engine, chosen: Preferences) -> None:
    """Store ``chosen``; a value out of range raises :class:`UserDataError` and stores nothing."""
    if chosen.theme not in THEME_CHOICES:
        raise UserDataError.of(THEME_CHOICE, choices=list(THEME_CHOICES))
    if chosen.language not in LANGUAGE_CHOICES:
        raise UserDataError.of(LANGUAGE_CHOICE, choices=list(LANGUAGE_CHOICES))
    for name, value, (low, high) in (
        (TEXT_SIZE, chosen.text_size, TEXT_SIZE_RANGE),
        (STALE_MONTHS, chosen.stale_months, STALE_MONTHS_RANGE),
    ):
        if not is_int_in(value, (low, high)):
            said = Sentence(UserDataError.context, name)
            raise UserDataError.of(WHOLE_NUMBER, name=said, low=low, high=high)
    for key, value in preferences_to(chosen).items():
        set_setting(engine, key, value)
