"""Search results for display: rows (:class:`Hit`, read from a catalog with plain
``sqlite3``) and facet values (:class:`FacetValue`).

The search engine reads its pages through :func:`read_hits`, and so does the window's first
page at start-up, before the engine, numpy and SQLAlchemy have loaded
(:mod:`csec_desktop.catalog.first_frame`): this module imports neither.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from csec_desktop.catalog.content.records import PartialDate
from csec_desktop.catalog.content.sentence import QT_TRANSLATE_NOOP
from csec_desktop.catalog.content.states import STATE_NAMES

# How a result row names the place of a resource without sites, by its service area
# (the window says them in its language: ``ui/results.py``).
AREA_NAMES = {
    "national": QT_TRANSLATE_NOOP("Places", "National"),
    "international": QT_TRANSLATE_NOOP("Places", "International"),
    "state": QT_TRANSLATE_NOOP("Places", "Statewide"),
}
# Start and end of a matched term in FTS5 highlight() and snippet() output.
MARK_START = "\x02"
MARK_END = "\x03"
SUMMARY_CHARS = 220
# Ids per query (SQLite's limit on ``?`` parameters is far above it).
CHUNK = 500

# Facet names, in display order.
FACETS = (
    "kind",
    "topic",
    "audience",
    "state",
    "organization",
    "funder",
    "status",
    "year",
    "language",
    "origin",
)
# The year and last year of a resource by id (0 = none), from the index's arrays.
YearsOf = Callable[[int], tuple[int, int]]


@dataclass(frozen=True)
class Hit:
    """One result row for display. Spans are (start, end) character offsets, not markup."""

    id: int
    slug: str
    kind: str
    title: str
    title_spans: list[tuple[int, int]]
    organization: str | None
    summary: str
    snippet: str
    snippet_spans: list[tuple[int, int]]
    place: str
    year: str
    last_verified: PartialDate | None
    status: str
    short_title: str | None = None
    organization_acronym: str | None = None


@dataclass(frozen=True)
class FacetValue:
    """A value of a facet with the number of results it would keep."""

    code: str
    label: str
    count: int


def read_hits(
    db: sqlite3.Connection,
    ids: Sequence[int],
    years: YearsOf,
    marked: Mapping[int, tuple[str, str]] | None = None,
) -> list[Hit]:
    """Display rows for ``ids``, in that order; an id not in the catalog is left out.

    ``marked`` holds, by id, the title and body snippet with matches between
    :data:`MARK_START` and :data:`MARK_END` (FTS5 ``highlight()`` / ``snippet()``).
    """
    rows: dict[int, tuple[Any, ...]] = {}
    sites: dict[int, list[tuple[str | None, str | None]]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            f"""
            SELECT r.id, r.slug, r.kind, r.title, r.short_title, r.summary, r.status,
                   r.service_area, r.last_verified, r.last_verified_precision,
                   o.name, o.acronym
            FROM resource r LEFT JOIN organization o ON o.id = r.organization_id
            WHERE r.id IN ({marks})
            """,
            chunk,
        ):
            rows[row[0]] = row
        for rid, city, state in db.execute(
            f"SELECT resource_id, city, state FROM site WHERE resource_id IN ({marks}) "
            "ORDER BY resource_id, position, id",
            chunk,
        ):
            sites.setdefault(rid, []).append((city, state))
    marked = marked or {}
    return [
        _hit(rows[rid], sites.get(rid, []), marked.get(rid), years(rid))
        for rid in ids
        if rid in rows
    ]


def _hit(
    row: tuple[Any, ...],
    sites: list[tuple[str | None, str | None]],
    marked: tuple[str, str] | None,
    years: tuple[int, int],
) -> Hit:
    (rid, slug, kind, title, short_title, summary, status, service_area, verified,
     precision, org_name, org_acronym) = row  # fmt: skip
    title_spans: list[tuple[int, int]] = []
    snippet = _short(summary)
    snippet_spans: list[tuple[int, int]] = []
    if marked is not None:
        plain, spans = _spans(marked[0])
        if plain.startswith(title):
            title_spans = [(a, min(b, len(title))) for a, b in spans if a < len(title)]
        snippet, snippet_spans = _spans(marked[1])
    year, year_end = years
    year_text = "" if not year else (f"{year}–{year_end}" if year_end > year else str(year))
    return Hit(
        id=rid,
        slug=slug,
        kind=kind,
        title=title,
        title_spans=title_spans,
        organization=org_name,
        summary=summary,
        snippet=snippet,
        snippet_spans=snippet_spans,
        place=_place(sites, service_area),
        year=year_text,
        last_verified=_partial(verified, precision),
        status=status,
        short_title=short_title,
        organization_acronym=org_acronym,
    )


def _spans(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Text without the highlight markers, and the spans they marked."""
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for piece in re.split(f"([{MARK_START}{MARK_END}])", marked):
        if piece == MARK_START:
            start = length
        elif piece == MARK_END:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        else:
            text.append(piece)
            length += len(piece)
    return "".join(text), spans


def _short(text: str, limit: int = SUMMARY_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,.;:") + "…"


def _place(sites: list[tuple[str | None, str | None]], service_area: str | None) -> str:
    names: list[str] = []
    for city, state in sites:
        if city and state:
            name = f"{city}, {state}"
        else:
            name = city or STATE_NAMES.get(state or "", state or "")
        if name and name not in names:
            names.append(name)
    if names:
        return names[0] + (f" +{len(names) - 1}" if len(names) > 1 else "")
    return AREA_NAMES.get(service_area or "", "")


def _partial(value: str | None, precision: str | None) -> PartialDate | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return PartialDate.from_stored(day, precision or "day")
