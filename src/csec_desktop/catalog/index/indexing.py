"""Build the search index of a catalog: FTS5 text, compact facet arrays and a term list.

The writer creates ``resource_fts`` (:func:`create_full_text_index`) and adds each
resource's row as it writes the resource (:class:`FullText`, from the rows in hand).
:func:`build_search_index` runs at the end of a catalog build, in the same transaction,
after every row is in, and makes the rest:

- ``resource_fts``: an FTS5 table (rowid = ``resource.id``) with the columns ``title``
  (title and short title), ``organization`` (organization, funder, publisher: names and
  acronyms), ``tags`` (kind, category, service area, topic, audience and language labels,
  cities, states and state names) and ``body`` (summary, overview, highlights, format,
  series, hours, eligibility, contacts, email, website).
- ``resource_title_fts``: the ``title`` and ``organization`` columns again, contentless,
  with prefix indexes: a small index for "title hits first" and for the first letters of
  a word being typed in a large catalog (the full index has no prefix indexes: at a
  million resources they would cost 40 s of build time). Its row ids (:data:`TITLE_KEY`)
  order title hits shortest titles first, so a first page of them needs no sort.
- ``search_array`` rows: numpy arrays indexed by resource id (kind, status, year,
  organization, funder, topic/audience/language/state bit sets, sort orders), read once by
  :class:`csec_desktop.catalog.search.SearchEngine` for facet counts and sorting without SQL.
- ``search_term``: the unstemmed words of the catalog with their stem and document
  frequency (estimated from a sample in a large catalog), for "did you mean" and for
  completing the word being typed.
- ``meta`` rows ``search.codes`` (the value → code tables, JSON) and ``search.synonyms``
  (the synonym groups, which the search engine expands queries with, both ways).

The arrays come from a few plain queries into numpy, with no Python work per resource;
or, in a large build, from the values a producer process collected as it made the rows
(:class:`FacetColumns`), which the writer would otherwise read back from a million rows
after the last insert.

The title index is built in a file of its own (:func:`write_title_index`) and copied in
as its tables stand: so a parallel build's producer makes it while the writer makes the
rest, and a plain build goes the same way (both write the same catalog, byte for byte).

While a build fills the two full-text indexes, FTS5 does not merge their segments
(:func:`_start_bulk_load`): merging as they grow rewrote the index about twice over.

Synonyms are expanded at query time rather than stored: matching phrases in every document
from Python cost more than the rest of the build at a million resources, and a query-side
expansion ranks a title that says "ICAC" as a title hit for "Internet Crimes Against
Children".
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from csec_desktop.catalog.content.eligibility import FACTS, MAX_CLIENT_AGE
from csec_desktop.catalog.content.states import STATE_NAMES
from csec_desktop.catalog.index.index_schema import META_CODES, TITLE_INDEX_SUFFIX
from csec_desktop.catalog.progress import Progress

if TYPE_CHECKING:
    from sqlalchemy import Connection


#: Bump when the layout of the index or the arrays changes.
SEARCH_INDEX_VERSION = 5
FTS_TABLE = "resource_fts"
FTS_COLUMNS = ("title", "organization", "tags", "body")
#: bm25 weights of FTS_COLUMNS: a hit in the title counts most.
FTS_WEIGHTS = (10.0, 5.0, 3.0, 1.0)
TOKENIZE = "porter unicode61 remove_diacritics 2"
#: Prefix indexes of the full index: none. At a million resources they triple the time
#: FTS5 takes to build it (60 s instead of 22 s); the small title index has them instead.
PREFIX = ""
#: Titles and organizations again, contentless, with prefix indexes: for "title hits
#: first" and for the first letters of a word being typed in a large catalog.
TITLE_FTS_TABLE = "resource_title_fts"
TITLE_PREFIX = "2 3"
#: The title index's row id of resource ``r``: its title length, then its id
#: (``length << 32 | id``), so that the index returns title hits shortest titles first
#: (the ``order_brief`` array) and a first page of them is read with ``LIMIT``, unsorted.
TITLE_KEY = "min(length(r.title), 65535) * 4294967296 + r.id"
#: The resource id in a title index row id.
TITLE_ID_MASK = 0xFFFFFFFF
#: Bytes FTS5 buffers in memory while indexing (its default is 1 MB).
HASH_SIZE = 64 * 1024 * 1024
#: FTS5's default ``automerge``, which a build turns off while it fills an index.
AUTOMERGE = 4
#: Facets kept as bit sets (a resource may have several values).
BIT_FACETS = ("topic", "audience", "language", "state", "gender", "fact", "fact_stated", "age")
#: Facets kept as one small code per resource (0 = none).
CODE_FACETS = ("kind", "status", "origin")
#: Codes of the origin facet: a resource of the catalog, or one the agency added itself.
ORIGINS = ("catalog", "local")
META_SYNONYMS = "search.synonyms"
#: Catalogs larger than this are sampled (this many resources) for the word list.
TERM_SAMPLE = 30_000
MAX_TERMS = 200_000
#: Values of one bit-set facet beyond this many are not counted (vocabularies hold ~25).
MAX_BIT_CODES = 256


_ASCII_FOLD = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})
_NON_WORD = re.compile(r"[\W_]+")
#: Upper-case ASCII letters to lower case: SQLite's NOCASE collation, on UTF-8 bytes.
_NOCASE = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


def words(text: str) -> list[str]:
    """Lowercase words of ``text`` split like FTS5's unicode61 tokenizer (diacritics off)."""
    if text.isascii():
        return text.lower().translate(_ASCII_FOLD).split()
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", folded).split()


def raw_sqlite(connection: Connection) -> sqlite3.Connection:
    """The DBAPI ``sqlite3`` connection underneath a SQLAlchemy connection."""
    driver = connection.connection.driver_connection
    if not isinstance(driver, sqlite3.Connection):
        raise TypeError("the search index needs a SQLite catalog database")
    return driver


def _smallest_uint(maximum: int) -> np.dtype[Any]:
    for dtype in (np.uint8, np.uint16, np.uint32):
        if maximum <= np.iinfo(dtype).max:
            return np.dtype(dtype)
    return np.dtype(np.uint64)


def fetch_ints(db: sqlite3.Connection, columns: Sequence[str], rest: str, *args: Any) -> np.ndarray:
    """``SELECT columns rest`` as an ``(n, len(columns))`` int64 array.

    The rows travel as one ``group_concat`` text parsed by numpy, several times faster than
    fetching a tuple per row. Every column must be a non-NULL integer expression.
    """
    joined = " || ',' || ".join(f"({c})" for c in columns)
    text = db.execute(f"SELECT group_concat({joined}) {rest}", args).fetchone()[0]
    if not text:
        return np.zeros((0, len(columns)), dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",").reshape(-1, len(columns))


class _Labels(dict[tuple[str, str], str]):
    """Labels by (facet, code); a code the vocabulary lacks is spelled out."""

    def __missing__(self, key: tuple[str, str]) -> str:
        return key[1].replace("_", " ")


def column_getter(columns: Sequence[str], *names: str) -> itemgetter[Any]:
    """A getter of the columns ``names`` from a row whose columns are ``columns``."""
    return itemgetter(*(columns.index(name) for name in names))


class FullText:
    """Puts together the full-text row of a resource (:data:`FTS_COLUMNS`) from its rows.

    The writer adds each resource's row as it writes the resource, from the rows in hand,
    rather than reading every table back afterwards. Labels and organization names come
    from the catalog's ``vocabulary`` and ``organization`` tables (written first).
    """

    def __init__(self, db: sqlite3.Connection, columns: Sequence[str]) -> None:
        """Labels and names from ``db``; resource rows have the ``resource`` table's
        ``columns`` in that order."""
        self.labels = _Labels(
            ((facet, code), label)
            for facet, code, label in db.execute("SELECT facet, code, label FROM vocabulary")
        )
        self.organizations: dict[int, str] = {
            oid: name if acronym is None else f"{name} {acronym}"
            for oid, name, acronym in db.execute("SELECT id, name, acronym FROM organization")
        }
        # Texts remembered: a catalog has far fewer of each than resources.
        self._organization_texts: dict[tuple[int | None, ...], str] = {}
        self._kind_texts: dict[tuple[str, str | None, str | None], str] = {}
        self._site_texts: dict[tuple[str | None, str | None, str | None], str] = {}

        def fields(*names: str) -> itemgetter[Any]:
            return column_getter(columns, *names)

        self.id = fields("id")
        self.titles = fields("title", "short_title")
        self.organization_ids = fields("organization_id", "funder_id", "publisher_id")
        self._kind = fields("kind", "category", "service_area")
        # The body: these, the contacts, then the addresses.
        self._texts = fields(
            "summary", "overview", "highlights", "format", "series", "hours", "eligibility_note"
        )
        self._addresses = fields("email", "website")

    @staticmethod
    def title(title: str, short_title: str | None) -> str:
        """The ``title`` column: the title, and the short title on a line of its own."""
        return title if short_title is None else f"{title}\n{short_title}"

    def organization(self, organization_ids: tuple[int | None, ...]) -> str:
        """The ``organization`` column of a resource whose organization, funder and
        publisher have the row ids ``organization_ids``."""
        # Remembered: a catalog has far fewer such triples than resources.
        text = self._organization_texts.get(organization_ids)
        if text is None:
            names = self.organizations
            known = sorted({o for o in organization_ids if o in names})
            text = self._organization_texts[organization_ids] = " ".join(names[o] for o in known)
        return text

    def site_text(self, city: str | None, state: str | None, role: str | None) -> str:
        """A site's text in the ``tags`` column: city, state, the state's name, role."""
        key = (city, state, role)
        text = self._site_texts.get(key)  # remembered: cities repeat
        if text is None:
            parts = (city, state, STATE_NAMES.get(state or ""), role)
            text = self._site_texts[key] = " ".join(filter(None, parts))
        return text

    @staticmethod
    def contact_text(*parts: str | None) -> str:
        """A contact's text in the ``body`` column: its label, display, value and hours."""
        return " ".join(filter(None, parts))

    def rows(
        self,
        resources: Iterable[Sequence[Any]],
        tags: Mapping[int, Sequence[str]],
        contacts: Mapping[int, Sequence[str]],
    ) -> list[tuple[int, str, str, str, str]]:
        """The full-text rows (row id, then :data:`FTS_COLUMNS`) of the resources whose
        table rows are ``resources``, with, by resource id, the labels of their tags
        (topics, audiences, then languages) followed by their sites' texts
        (:meth:`site_text`), and their contacts' texts (:meth:`contact_text`)."""
        # One plain loop, the getters and caches in locals: it runs for every resource of a
        # million-resource build, in the process that inserts them.
        resource_id, titles, organization_ids = self.id, self.titles, self.organization_ids
        kinds, texts, addresses = self._kind, self._texts, self._addresses
        kind_texts, organization, title_text = self._kind_texts, self.organization, self.title
        none: Sequence[str] = ()
        rows = []
        for resource in resources:
            rid = resource_id(resource)
            kind = kinds(resource)
            kind_text = kind_texts.get(kind)
            if kind_text is None:
                kind_text = kind_texts[kind] = self._kind_text(*kind)
            body = [*texts(resource), *contacts.get(rid, none), *addresses(resource)]
            rows.append(
                (
                    rid,
                    title_text(*titles(resource)),
                    organization(organization_ids(resource)),
                    " ".join((kind_text, *tags.get(rid, none))),
                    "\n".join(filter(None, body)),
                )
            )
        return rows

    def _kind_text(self, kind: str, category: str | None, service_area: str | None) -> str:
        """The labels of a kind, category and service area."""
        labels = self.labels
        parts = [labels["kind", kind]]
        if category is not None:
            parts.append(labels["category", category])
        if service_area is not None:
            parts.append(labels["service_area", service_area])
        return " ".join(parts)


#: Adds one resource's row (rowid, then FTS_COLUMNS) to the full-text index.
FTS_INSERT = (
    f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(FTS_COLUMNS)}) "
    f"VALUES (?{', ?' * len(FTS_COLUMNS)})"
)


@dataclass
class TitleIndex:
    """A title index built apart, in a file of its own (:func:`write_title_index`), by a
    writer that has its rows in hand and time to spare (a parallel build's producer
    process), while :func:`build_search_index` makes the rest; and the title order."""

    #: Resource ids by ``title COLLATE NOCASE, id``.
    title_order: np.ndarray
    #: Waits until the title index is written, then gives its file.
    file: Callable[[], Path]


class TitleCollector:
    """The title order and the title index's rows of resources that come in id order,
    collected as they come (by a parallel build's producer, which has them in hand), so
    that :func:`build_search_index` need not read them back and sort them."""

    def __init__(self) -> None:
        self._titles: list[tuple[int, str]] = []
        self._by_length: defaultdict[int, list[tuple[int, str, str]]] = defaultdict(list)

    def add(self, resources: Iterable[tuple[int, str, str, str]]) -> None:
        """Add ``resources`` (id, title, full-text title, organization), which follow
        those added before."""
        titles, by_length = self._titles, self._by_length
        for rid, title, text, organization in resources:
            titles.append((rid, title))
            length = min(len(title), 65535)
            by_length[length].append((length << 32 | rid, text, organization))

    def order(self) -> np.ndarray:
        """The ids by ``title COLLATE NOCASE, id``: a stable sort by title keeps ties in id
        order (and compares titles alone, twice as fast as (title, id) pairs)."""
        titles = sorted(self._titles, key=lambda resource: resource[1].encode().translate(_NOCASE))
        return np.array([rid for rid, _ in titles], dtype=np.int64)

    def index_rows(self) -> Iterator[tuple[int, str, str]]:
        """The title index's rows (:data:`TITLE_KEY`, full-text title, organization) by
        key: by title length, and in id order within a length, as they came, so that none
        need sorting."""
        return chain.from_iterable(self._by_length[length] for length in sorted(self._by_length))


class _Positions(dict[str, int]):
    """1 + the position of each value, numbered as they come."""

    def __missing__(self, key: str) -> int:
        self[key] = number = len(self) + 1
        return number


#: The facet of a tag (or a site's state) as a number: its place in BIT_FACETS.
_FACET_NUMBERS = {facet: number for number, facet in enumerate(BIT_FACETS)}


@dataclass
class FacetColumns:
    """What the facet arrays are made of, from a writer that has the rows in hand (a
    parallel build's producer process, which has time to spare), so that
    :func:`build_search_index` need not read a million rows back: the values the SQL of
    :func:`_read_facet_columns` reads, but kinds, statuses, tags and states are numbered
    by ``values`` rather than coded (the codes depend on every value in use)."""

    #: One row per resource: :data:`FACET_ROW`, kind and status as 1 + their position in
    #: ``values``. (All three are int32 arrays.)
    resources: np.ndarray
    #: One row per resource with awards: id, first year, last year, first month (YYYYMM).
    awards: np.ndarray
    #: One row per tag and site state: resource id, facet (its place in BIT_FACETS),
    #: 1 + the position of the value in ``values``.
    tags: np.ndarray
    #: The kinds, statuses, tags and states in use, by facet.
    values: dict[str, list[str]]

    def coded(self, codes: Mapping[str, Sequence[str]]) -> _CodedColumns:
        """These columns with each value as its code in ``codes`` (as SQL reads them)."""

        def numbers(facet: str, first: int) -> np.ndarray:
            """Each position's code, numbered from ``first`` (-1: none)."""
            number = {code: n for n, code in enumerate(codes[facet], start=first)}
            known = (number.get(value, -1) for value in self.values[facet])
            return np.array([-1, *known], dtype=np.int64)

        resources = self.resources.astype(np.int64)
        for column, facet in ((1, "kind"), (2, "status")):
            resources[:, column] = np.maximum(numbers(facet, 1)[resources[:, column]], 0)
        packed = []
        for facet, number in _FACET_NUMBERS.items():
            tags = self.tags[self.tags[:, 1] == number]
            bits = numbers(facet, 0)[tags[:, 2]]
            counted = bits >= 0  # values beyond MAX_BIT_CODES, and empty states, are not
            packed.append(tags[counted, 0].astype(np.int64) * 4096 + number * 256 + bits[counted])
        return _CodedColumns(resources, self.awards.astype(np.int64), np.concatenate(packed))

    def to_wire(self) -> tuple[Any, ...]:
        """These columns as arrays and lists, which :mod:`marshal` writes (the arrays as
        their bytes, without a copy)."""
        return self.resources, self.awards, self.tags, self.values

    @classmethod
    def from_wire(cls, wire: Sequence[Any]) -> FacetColumns:
        """The columns :meth:`to_wire` gave."""
        resources, awards, tags, values = wire
        return cls(
            np.frombuffer(resources, dtype=np.int32).reshape(-1, len(FACET_ROW)),
            np.frombuffer(awards, dtype=np.int32).reshape(-1, 4),
            np.frombuffer(tags, dtype=np.int32).reshape(-1, 3),
            values,
        )


class FacetCollector:
    """Collects the :class:`FacetColumns` of a catalog from the rows a writer writes."""

    def __init__(self) -> None:
        self._positions = {facet: _Positions() for facet in ("kind", "status", *BIT_FACETS)}
        self._resources: list[np.ndarray] = []
        self._awards: list[np.ndarray] = []
        self._tags: list[np.ndarray] = []

    def add(
        self,
        resources: Iterable[tuple[Any, ...]],
        awards: Iterable[tuple[Any, ...]],
        tags: Iterable[tuple[int, str, str]],
    ) -> None:
        """Add some resources' values as the writer writes them: for each resource its
        id, kind, status, publication year and month, organization and funder ids, last
        verified date (ISO), title and whether it is local; for each award its resource
        id, fiscal year, start (ISO), start precision and end (ISO); and each topic,
        audience and language tag and site state as (resource id, facet, value)."""
        kinds, statuses = self._positions["kind"], self._positions["status"]
        rows = [
            (
                rid, kinds[kind], statuses[status], pub_year or 0, pub_month or 0,
                organization or 0, funder or 0, int(verified[:10].replace("-", "")),
                len(title), 2 if local else 1,
            )
            for rid, kind, status, pub_year, pub_month, organization, funder, verified,
            title, local in resources
        ]  # fmt: skip
        self._resources.append(_int32_rows(rows, len(FACET_ROW)))
        # As the SQL aggregates them: min and max skip what is missing (None).
        spans: dict[int, tuple[int | None, int | None, int | None]] = {}
        for rid, fiscal_year, start, precision, end in awards:
            start_year = int(start[:4]) if start else None
            first = fiscal_year if start_year is None else start_year
            last = int(end[:4]) if end else first
            month = (
                None
                if start_year is None
                else start_year * 100 + (0 if precision == "year" else int(start[5:7]))
            )
            if rid in spans:
                was = spans[rid]
                first, last = _aggregate(min, was[0], first), _aggregate(max, was[1], last)
                month = _aggregate(min, was[2], month)
            spans[rid] = (first, last, month)
        self._awards.append(
            _int32_rows([(rid, a or 0, b or 0, c or 0) for rid, (a, b, c) in spans.items()], 4)
        )
        positions = self._positions
        numbered = [
            (rid, _FACET_NUMBERS[facet], positions[facet][value]) for rid, facet, value in tags
        ]
        self._tags.append(_int32_rows(numbered, 3))

    def columns(self) -> FacetColumns:
        """The columns of every resource added."""

        def joined(parts: list[np.ndarray], width: int) -> np.ndarray:
            whole = np.concatenate(parts) if parts else np.zeros((0, width), dtype=np.int32)
            parts.clear()  # the parts' memory goes back before the next column's is taken
            return whole

        return FacetColumns(
            joined(self._resources, len(FACET_ROW)),
            joined(self._awards, 4),
            joined(self._tags, 3),
            {facet: list(positions) for facet, positions in self._positions.items()},
        )


def _int32_rows(rows: Sequence[tuple[int, ...]], width: int) -> np.ndarray:
    """``rows`` (tuples of ``width`` numbers) as an int32 array (several times faster than
    ``np.array`` of the tuples)."""
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.int32, count=len(rows) * width)
    return flat.reshape(-1, width)


def _aggregate(pick: Callable[[int, int], int], a: int | None, b: int | None) -> int | None:
    """``pick`` (min or max) of ``a`` and ``b`` as SQL's aggregate does it: None is skipped."""
    return b if a is None else a if b is None else pick(a, b)


def create_full_text_index(db: sqlite3.Connection) -> None:
    """Create the (empty) full-text index of a catalog being built."""
    db.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    prefix = f", prefix='{PREFIX}'" if PREFIX else ""
    db.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(FTS_COLUMNS)}, "
        f"tokenize='{TOKENIZE}'{prefix})"
    )
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    db.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('rank', 'bm25({weights})')")
    _start_bulk_load(db, FTS_TABLE)


def _start_bulk_load(db: sqlite3.Connection, table: str, hash_size: int | None = None) -> None:
    """Set the FTS5 index ``table`` up to be filled with many rows at once.

    A larger in-memory buffer before FTS5 writes a segment: fewer, larger segments. (Rows
    come one INSERT at a time, which does not write it out; a statement of many rows
    would, when it starts.) No merging of segments meanwhile: at a million resources it
    rewrote the index about twice over (5 s of the build, and 100 MB of free pages), and
    searches of the unmerged segments measured no slower. :func:`_end_bulk_load` turns
    merging back on for the small updates that follow. ``hash_size`` replaces
    :data:`HASH_SIZE`.
    """
    size = HASH_SIZE if hash_size is None else int(hash_size)
    db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', {size})")
    db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)")


def _end_bulk_load(db: sqlite3.Connection, table: str) -> None:
    """Merge segments again as rows are added (FTS5's default), after a bulk load."""
    db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', {AUTOMERGE})")


def build_search_index(
    connection: Connection,
    synonyms: Sequence[Sequence[str]],
    progress: Progress | None = None,
    titles: TitleIndex | None = None,
    facets: FacetColumns | None = None,
) -> None:
    """(Re)build the title index, the search arrays and the term list of a catalog, from
    its tables and its full-text index (filled by the writer, see :class:`FullText`), and
    from ``titles`` and ``facets`` if the writer has them.

    ``connection`` is inside the build's transaction; nothing is committed here.
    ``synonyms`` are groups of equivalent words and phrases (``["icac", "internet crimes
    against children"]``), kept for the search engine, which expands a query with them.
    ``progress(done, total, stage)`` is called now and then.
    """
    db = raw_sqlite(connection)
    report = progress or (lambda done, total, stage: None)
    total = int(db.execute("SELECT count(*) FROM resource").fetchone()[0])
    max_id = int(db.execute("SELECT coalesce(max(id), 0) FROM resource").fetchone()[0])
    size = max_id + 1
    report(0, total, "Indexing")

    codes = _prepare_lookups(db, None if facets is None else facets.values)
    _write_out_buffers(db)
    _end_bulk_load(db, FTS_TABLE)
    report(total, total, "Indexing facets")
    arrays = _build_arrays(
        db,
        codes,
        size,
        total,
        title_order=None if titles is None else titles.title_order,
        facets=facets,
    )
    _store_arrays(db, arrays, codes, size, total, terms_complete=total <= TERM_SAMPLE)
    groups = [[m.strip() for m in group if isinstance(m, str) and words(m)] for group in synonyms]
    db.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        (META_SYNONYMS, json.dumps([g for g in groups if len(g) > 1])),
    )
    report(total, total, "Indexing words")
    _write_terms(db, arrays["order_title"], total)
    _drop_lookups(db)
    # Last: a parallel build's producer makes it meanwhile.
    report(total, total, "Indexing titles")
    if titles is None:
        built = title_index_file(db)
        try:
            write_title_index(
                built,
                db.execute(
                    f"SELECT {TITLE_KEY}, f.title, f.organization "
                    f"FROM {FTS_TABLE} f JOIN resource r ON r.id = f.rowid ORDER BY 1"
                ),
            )
            _copy_title_index(db, built)
        finally:
            remove_title_index(built)
    else:
        _copy_title_index(db, titles.file())
    report(total, total, "Index ready")


def title_index_file(db: sqlite3.Connection) -> Path:
    """Where to build the title index of the catalog ``db``: beside its file (on the same
    disk), or in the temporary folder for a catalog in memory."""
    main = next(file for _, name, file in db.execute("PRAGMA database_list") if name == "main")
    if main:
        return Path(main + TITLE_INDEX_SUFFIX)
    handle, name = tempfile.mkstemp(prefix="csec-titles-", suffix=".sqlite")
    os.close(handle)
    return Path(name)


def write_title_index(
    path: Path, rows: Iterable[tuple[int, str, str]], hash_size: int | None = None
) -> None:
    """Build a title index of ``rows`` (:data:`TITLE_KEY`, full-text title, organization;
    in key order) in a new database file at ``path``, for :func:`build_search_index` to
    copy into the catalog. The file is scratch: no journal, no syncing. ``hash_size``
    replaces :data:`HASH_SIZE` (for a process that does not share this one's)."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("BEGIN")
        _create_title_index(db)
        db.execute(
            f"INSERT INTO {TITLE_FTS_TABLE}({TITLE_FTS_TABLE}, rank) "
            "VALUES ('rank', 'bm25(2.0, 1.0)')"
        )
        _start_bulk_load(db, TITLE_FTS_TABLE, hash_size)
        # In key order, one row per statement: FTS5 keeps buffering (it writes its buffer
        # out whenever a row id is not above the last, and when a statement of many rows
        # starts).
        db.executemany(
            f"INSERT INTO {TITLE_FTS_TABLE} (rowid, title, organization) VALUES (?, ?, ?)", rows
        )
        _write_out_buffers(db)
        _end_bulk_load(db, TITLE_FTS_TABLE)
        db.execute("COMMIT")
    finally:
        db.close()


def _create_title_index(db: sqlite3.Connection) -> None:
    db.execute(
        f"CREATE VIRTUAL TABLE {TITLE_FTS_TABLE} USING fts5(title, organization, content='', "
        f"tokenize='{TOKENIZE}', prefix='{TITLE_PREFIX}')"
    )


def _copy_title_index(db: sqlite3.Connection, path: Path) -> None:
    """Put the title index built at ``path`` (:func:`write_title_index`) into the catalog
    ``db``: an empty one with the tables FTS5 keeps it in copied over as they stand (FTS5
    writes nothing there that names the table or its database)."""
    db.execute(f"DROP TABLE IF EXISTS {TITLE_FTS_TABLE}")
    _create_title_index(db)
    # Stays attached until the build's transaction ends (SQLite detaches no database a
    # transaction has read); closing the catalog's connection lets it go.
    db.execute("ATTACH DATABASE ? AS built_titles", (str(path),))
    shadows = [
        name
        for (name,) in db.execute(
            "SELECT name FROM built_titles.sqlite_master WHERE type = 'table' "
            "AND substr(name, 1, ?) = ?",
            (len(TITLE_FTS_TABLE) + 1, TITLE_FTS_TABLE + "_"),
        )
    ]
    for table in shadows:
        db.execute(f"DELETE FROM main.{table}")
        db.execute(f"INSERT INTO main.{table} SELECT * FROM built_titles.{table}")
    # FTS5 keeps an index's settings (its ranking), read when the table was created, per
    # connection; rolling back to a savepoint makes it read them again, for a catalog in
    # memory, which is searched through this same connection.
    db.execute("SAVEPOINT reread_titles")
    db.execute("ROLLBACK TO reread_titles")
    db.execute("RELEASE reread_titles")


def remove_title_index(path: Path) -> None:
    """Remove the file of a title index built apart, if it is there and can be removed.

    It cannot while the catalog's connection has it attached, where open files cannot be
    removed (Windows): the catalog store removes it once the build's connection is closed.
    """
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _write_out_buffers(db: sqlite3.Connection) -> None:
    """Make FTS5 write out the rows its indexes hold in memory (at a savepoint, it does).

    Before merging is turned back on (:func:`_end_bulk_load`): written out later, by the
    commit, the last rows would be merged into the segments before them, which frees
    pages nothing reuses (17 MB of a 1M catalog).
    """
    db.execute("SAVEPOINT write_out")
    db.execute("RELEASE write_out")


#: Resources whose texts :func:`index_resources` reads at a time.
INDEX_SLICE = 5000


def unindex_resources(connection: Connection, ids: Iterable[int]) -> None:
    """Take the resources ``ids`` out of the full-text indexes and the word list.

    Call it before their rows are deleted or rewritten, then :func:`index_resources`. The
    texts to remove are read back from ``resource_fts`` (the title index keeps none).
    """
    db = raw_sqlite(connection)
    removed: list[tuple[str, ...]] = []
    for rid in ids:
        row = db.execute(
            f"SELECT {', '.join(FTS_COLUMNS)} FROM {FTS_TABLE} WHERE rowid = ?", (rid,)
        ).fetchone()
        if row is None:
            continue
        removed.append(row)
        db.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = ?", (rid,))
        # A contentless index forgets a row when given the exact text it indexed.
        db.execute(
            f"INSERT INTO {TITLE_FTS_TABLE} ({TITLE_FTS_TABLE}, rowid, title, organization) "
            f"SELECT 'delete', {TITLE_KEY}, ?, ? FROM resource r WHERE r.id = ?",
            (row[0], row[1], rid),
        )
    # By how many of the removed resources hold each word, not by one: a merge removes
    # every local resource at once, and the counts crept up at each.
    counts = _document_terms(removed)
    db.executemany(
        "UPDATE search_term SET df = df - ? WHERE term = ?",
        ((count, term) for term, count in counts.items()),
    )
    # Only the words just counted down can have reached zero: a scan of the whole word list
    # cost most of an incremental sync of 100 changes.
    db.executemany("DELETE FROM search_term WHERE term = ? AND df <= 0", ((t,) for t in counts))


def index_resources(
    connection: Connection, ids: Sequence[int], removed: Iterable[int] = ()
) -> None:
    """Add the resources ``ids`` (already written, with their full-text rows) to the title
    index, the word list and the search arrays.

    The incremental path for a few resources in a built catalog (local resources): their
    title rows and their words; then the arrays are patched at ``ids`` and
    ``removed`` (ids whose rows are gone), or rebuilt whole when a patch cannot say the
    same (a new state or status, or many resources).
    """
    db = raw_sqlite(connection)
    total = int(db.execute("SELECT count(*) FROM resource").fetchone()[0])
    size = int(db.execute("SELECT coalesce(max(id), 0) FROM resource").fetchone()[0]) + 1
    codes = _prepare_lookups(db)
    try:
        # In slices: the texts of an import of 100k resources are hundreds of MB.
        for start in range(0, len(ids), INDEX_SLICE):
            listed = ", ".join(str(int(rid)) for rid in ids[start : start + INDEX_SLICE])
            db.execute(
                f"INSERT INTO {TITLE_FTS_TABLE} (rowid, title, organization) "
                f"SELECT {TITLE_KEY}, f.title, f.organization FROM {FTS_TABLE} f "
                f"JOIN resource r ON r.id = f.rowid WHERE f.rowid IN ({listed}) ORDER BY 1"
            )
            added = db.execute(
                f"SELECT {', '.join(FTS_COLUMNS)} FROM {FTS_TABLE} WHERE rowid IN ({listed})"
            ).fetchall()
            _add_terms(db, _document_terms(added))
        stored = db.execute("SELECT value FROM meta WHERE key = ?", (META_CODES,)).fetchone()
        tables: dict[str, Any] = json.loads(stored[0]) if stored else {}
        changed = sorted({int(rid) for rid in (*ids, *removed)})
        if not changed:
            return
        arrays = _patched_arrays(db, codes, tables=tables, changed=changed, size=size, total=total)
        if arrays is None:
            arrays = _build_arrays(db, codes, size, total)
        _store_arrays(
            db, arrays, codes, size, total, terms_complete=bool(tables.get("terms_complete", 1))
        )
    finally:
        _drop_lookups(db)


def _drop_lookups(db: sqlite3.Connection) -> None:
    db.execute("DROP TABLE IF EXISTS temp.search_code")


def _store_arrays(
    db: sqlite3.Connection,
    arrays: dict[str, np.ndarray],
    codes: dict[str, list[str]],
    size: int,
    total: int,
    *,
    terms_complete: bool,
) -> None:
    """Store the search arrays with the code tables the search engine reads them by."""
    db.execute("DELETE FROM search_array")
    db.executemany(
        "INSERT INTO search_array (name, dtype, data) VALUES (?, ?, ?)",
        (
            (name, value.dtype.str, np.ascontiguousarray(value).tobytes())
            for name, value in arrays.items()
        ),
    )
    tables = {
        "version": SEARCH_INDEX_VERSION,
        "size": size,
        "count": total,
        "terms_complete": terms_complete,
        **{facet: codes[facet] for facet in (*CODE_FACETS, *BIT_FACETS)},
    }
    db.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (META_CODES, json.dumps(tables))
    )


def _prepare_lookups(
    db: sqlite3.Connection, in_use: Mapping[str, Sequence[str]] | None = None
) -> dict[str, list[str]]:
    """The code tables of the facets, and a scratch table of them for SQL; ``in_use`` gives
    the kinds, statuses, tags and states in use (:attr:`FacetColumns.values`) instead of
    reading them from the tables."""
    db.execute("DROP TABLE IF EXISTS temp.search_code")
    db.execute(
        "CREATE TEMP TABLE search_code "
        "(facet TEXT, code TEXT, n INTEGER, f INTEGER, PRIMARY KEY (facet, code))"
    )
    order: dict[str, list[str]] = {}
    for facet, code in db.execute(
        "SELECT facet, code FROM vocabulary ORDER BY facet, position, id"
    ):
        order.setdefault(facet, []).append(code)
    # Codes in use beyond the vocabulary (records are validated against it, so these are
    # rare): kinds and tags from the tables; a status is found while reading the rows
    # (_read_facet_columns), unless ``in_use`` tells.
    used = _values_in_use(db) if in_use is None else in_use
    codes: dict[str, list[str]] = {}
    for facet in ("kind", "status", "topic", "audience", "language", "gender"):
        known = order.get(facet, [])
        codes[facet] = known + sorted(set(used.get(facet, ())) - set(known))
    # The eligibility tags (eligibility.derived_tags) have fixed codes, in use or not.
    codes["fact"] = list(FACTS)
    codes["fact_stated"] = list(FACTS)
    codes["age"] = [str(age) for age in range(MAX_CLIENT_AGE + 1)]
    codes["state"] = sorted(s for s in used.get("state", ()) if s)  # no vocabulary order
    codes["origin"] = list(ORIGINS)
    for facet in BIT_FACETS:  # bit numbers are packed in a byte
        del codes[facet][MAX_BIT_CODES:]
    rows = [(f, c, n, -1) for f in CODE_FACETS for n, c in enumerate(codes[f], start=1)]
    rows += [(f, c, n, i) for i, f in enumerate(BIT_FACETS) for n, c in enumerate(codes[f])]
    db.executemany("INSERT INTO temp.search_code VALUES (?, ?, ?, ?)", rows)
    return codes


def _values_in_use(db: sqlite3.Connection) -> dict[str, list[str]]:
    """The kinds, tags and states the catalog's tables hold."""
    used = {
        "kind": [k for (k,) in db.execute("SELECT DISTINCT kind FROM resource")],
        "state": [
            s for (s,) in db.execute("SELECT DISTINCT state FROM site WHERE state IS NOT NULL")
        ],
    }
    for facet, code in db.execute("SELECT DISTINCT facet, code FROM resource_tag"):
        used.setdefault(facet, []).append(code)
    return used


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _case(column: str, values: Sequence[str]) -> str:
    """An SQL expression giving the 1-based position of ``column`` in ``values`` (0 if absent)."""
    if not values:
        return "0"
    branches = " ".join(
        f"WHEN {_quote(value)} THEN {number}" for number, value in enumerate(values, start=1)
    )
    return f"CASE {column} {branches} ELSE 0 END"


def _build_arrays(
    db: sqlite3.Connection,
    codes: dict[str, list[str]],
    size: int,
    total: int,
    *,
    title_order: np.ndarray | None = None,
    facets: FacetColumns | None = None,
) -> dict[str, np.ndarray]:
    """Facet and sort arrays indexed by resource id (0 = none / not a resource);
    ``title_order`` and ``facets`` are read from the tables unless given."""
    columns = _read_facet_columns(db, codes) if facets is None else facets.coded(codes)
    arrays = _facet_arrays(columns, codes, size)
    if title_order is None:
        title_order = fetch_ints(
            db, ("id",), "FROM (SELECT id FROM resource ORDER BY title COLLATE NOCASE, id)"
        )[:, 0]
    arrays.update(_sort_orders(arrays, title_order, size, total))
    return arrays


class _CodedColumns(NamedTuple):
    """What the facet arrays are made of, with each kind, status, tag and state as its code."""

    #: One row per resource: :data:`FACET_ROW`, kind and status as codes (0: none).
    resources: np.ndarray
    #: One row per resource with awards: id, first year, last year, first month (YYYYMM).
    awards: np.ndarray
    #: One number per (resource, bit facet, code): id * 4096 + facet * 256 + bit.
    packed: np.ndarray


#: The columns of a resource's row in :class:`_CodedColumns` and :class:`FacetColumns`.
FACET_ROW = (
    "id", "kind", "status", "pub_year", "pub_month", "organization", "funder",
    "verified_key", "title_length", "origin",
)  # fmt: skip


def _read_facet_columns(
    db: sqlite3.Connection, codes: dict[str, list[str]], only: str = ""
) -> _CodedColumns:
    """The facet columns of the catalog's resources, or of those ``only`` lists (ids
    joined by commas); a status the codes lack is added to them."""
    where = f"WHERE r.id IN ({only})" if only else ""
    columns = (
        "r.id", _case("r.kind", codes["kind"]), _case("r.status", codes["status"]),
        "coalesce(r.pub_year, 0)", "coalesce(r.pub_month, 0)",
        "coalesce(r.organization_id, 0)", "coalesce(r.funder_id, 0)",
        "coalesce(CAST(replace(substr(r.last_verified, 1, 10), '-', '') AS INTEGER), 0)",
        "length(r.title)", "CASE WHEN r.is_local THEN 2 ELSE 1 END",
    )  # fmt: skip
    rows = fetch_ints(db, columns, f"FROM resource r {where}")
    if len(rows) and not rows[:, 2].all():  # a status the vocabulary does not list
        known = set(codes["status"])
        codes["status"] += sorted(
            {s for (s,) in db.execute("SELECT DISTINCT status FROM resource")} - known
        )
        rows[:, 2] = fetch_ints(
            db, (_case("r.status", codes["status"]),), f"FROM resource r {where}"
        )[:, 0]
    awards = fetch_ints(
        db,
        ("resource_id", "first", "last", "month"),
        f"""
        FROM (
            SELECT resource_id,
                coalesce(min(coalesce(CAST(substr(start, 1, 4) AS INTEGER), fiscal_year)), 0)
                    AS first,
                coalesce(max(coalesce(CAST(substr("end", 1, 4) AS INTEGER),
                                      CAST(substr(start, 1, 4) AS INTEGER), fiscal_year)), 0)
                    AS last,
                coalesce(min(CAST(substr(start, 1, 4) AS INTEGER) * 100
                             + CASE WHEN start_precision = 'year' THEN 0
                                    ELSE CAST(substr(start, 6, 2) AS INTEGER) END), 0)
                    AS month
            FROM award {where.replace("r.id", "resource_id")} GROUP BY resource_id
        )
        """,
    )
    # One number per (resource, facet, value): id * 4096 + facet * 256 + bit.
    packed = np.concatenate(
        [
            fetch_ints(
                db,
                ("t.resource_id * 4096 + b.f * 256 + b.n",),
                "FROM resource_tag t "
                "JOIN temp.search_code b ON b.facet = t.facet AND b.code = t.code "
                + where.replace("r.id", "t.resource_id"),
            )[:, 0],
            fetch_ints(
                db,
                ("s.resource_id * 4096 + b.f * 256 + b.n",),
                "FROM site s JOIN temp.search_code b ON b.facet = 'state' AND b.code = s.state "
                + where.replace("r.id", "s.resource_id"),
            )[:, 0],
        ]
    )
    return _CodedColumns(rows, awards, packed)


def _facet_arrays(
    columns: _CodedColumns, codes: dict[str, list[str]], size: int
) -> dict[str, np.ndarray]:
    """The arrays indexed by resource id but the sort orders, of the resources ``columns``
    holds (the others stay zero)."""
    rows, awards, packed = columns
    ids = rows[:, 0]
    awards = awards[(awards[:, 0] > 0) & (awards[:, 0] < size)]

    def by_id(values: np.ndarray, dtype: np.dtype[Any] | type[Any]) -> np.ndarray:
        result = np.zeros(size, dtype=dtype)
        result[ids] = values
        return result

    first_year = np.zeros(size, dtype=np.int64)
    last_year = np.zeros(size, dtype=np.int64)
    first_month = np.zeros(size, dtype=np.int64)
    first_year[awards[:, 0]] = awards[:, 1]
    last_year[awards[:, 0]] = awards[:, 2]
    first_month[awards[:, 0]] = awards[:, 3]
    pub_year = by_id(rows[:, 3], np.int64)
    pub_month = by_id(rows[:, 4], np.int64)
    published = pub_year > 0
    year = np.where(published, pub_year, first_year)
    year_end = np.where(published, pub_year, np.where(last_year > 0, last_year, first_year))
    date_key = np.where(published, pub_year * 100 + pub_month, first_month)

    arrays: dict[str, np.ndarray] = {
        "exists": by_id(np.ones(len(ids), dtype=np.bool_), np.bool_),
        "kind": by_id(rows[:, 1], _smallest_uint(len(codes["kind"]))),
        "status": by_id(rows[:, 2], _smallest_uint(len(codes["status"]))),
        "year": np.clip(year, 0, 65535).astype(np.uint16),
        "year_end": np.clip(year_end, 0, 65535).astype(np.uint16),
        "organization": by_id(rows[:, 5], _smallest_uint(int(rows[:, 5].max(initial=0)))),
        "funder": by_id(rows[:, 6], _smallest_uint(int(rows[:, 6].max(initial=0)))),
        "date_key": date_key.astype(np.int32),
        "verified_key": by_id(rows[:, 7], np.int32),
        "origin": by_id(rows[:, 9], np.uint8),
    }
    # One int64 per tag: 6 million at 200k resources, 48 MB a copy. Copied only when some
    # must go, and each tag's facet kept in a byte, not in a temporary int64 per facet.
    owners = packed >> 12
    kept = (owners > 0) & (owners < size)
    del owners
    if not kept.all():
        packed = packed[kept]
    del kept
    facet_of = ((packed >> 8) & 15).astype(np.uint8)
    for number, facet in enumerate(BIT_FACETS):
        chosen = packed[facet_of == number]
        pairs = np.stack([chosen >> 12, chosen & 255], axis=1)
        matrix = np.zeros((size, max(1, (len(codes[facet]) + 7) // 8)), dtype=np.uint8)
        np.bitwise_or.at(
            matrix, (pairs[:, 0], pairs[:, 1] >> 3), (1 << (pairs[:, 1] & 7)).astype(np.uint8)
        )
        arrays[facet] = matrix

    # For the "shortest titles first" order of a patch (the rules allow 500 characters).
    title_length = np.zeros(size, dtype=np.int64)
    title_length[ids] = rows[:, 8]
    arrays["title_length"] = np.clip(title_length, 0, 65535).astype(np.uint16)
    return arrays


def _sort_orders(
    arrays: dict[str, np.ndarray], title_order: np.ndarray, size: int, total: int
) -> dict[str, np.ndarray]:
    """Sort orders from the ids in title order: by title, newest first (ties by title) for
    the two dates, and shortest titles first."""
    title_order = title_order.astype(np.int64)
    title_rank = np.full(size, total, dtype=np.uint32)
    title_rank[title_order] = np.arange(total, dtype=np.uint32)
    orders = {"title_rank": title_rank, "order_title": title_order.astype(np.uint32)}
    for name, key in (("order_date", "date_key"), ("order_verified", "verified_key")):
        keys = arrays[key][title_order].astype(np.int64)
        orders[name] = title_order[np.argsort(-keys, kind="stable")].astype(np.uint32)
    # Shortest titles first, then by id (the title index's row id order, TITLE_KEY): how
    # the search ranks title hits too many to score one by one (a short title that has the
    # word is mostly about it).
    listed = np.sort(title_order)
    brief = np.argsort(arrays["title_length"][listed], kind="stable")
    orders["order_brief"] = listed[brief].astype(np.uint32)
    return orders


#: More changed resources than this are cheaper to index by a rebuild of the arrays.
PATCH_LIMIT = 1000


def _patched_arrays(
    db: sqlite3.Connection,
    codes: dict[str, list[str]],
    *,
    tables: Mapping[str, Any],
    changed: Sequence[int],
    size: int,
    total: int,
) -> dict[str, np.ndarray] | None:
    """The stored arrays with the resources ``changed`` (written or deleted) brought up to
    date, equal to what :func:`_build_arrays` would make; None when only it can tell."""
    if len(changed) > PATCH_LIMIT or any(
        tables.get(facet) != codes[facet] for facet in (*CODE_FACETS, *BIT_FACETS)
    ):
        return None
    stored = {
        name: np.frombuffer(data, dtype=np.dtype(dtype))
        for name, dtype, data in db.execute("SELECT name, dtype, data FROM search_array")
    }
    if "title_length" not in stored:  # built before patches were possible
        return None
    listed = ", ".join(str(rid) for rid in changed)
    fresh = _facet_arrays(_read_facet_columns(db, codes, listed), codes, size)
    if any(tables.get(facet) != codes[facet] for facet in CODE_FACETS):
        return None  # a status the vocabulary does not list: its number changes the others
    at = np.array(changed, dtype=np.int64)
    at = at[at < size]
    arrays: dict[str, np.ndarray] = {}
    for name, value in fresh.items():
        old = stored[name].reshape(-1, *value.shape[1:])
        grown = np.zeros((size, *old.shape[1:]), dtype=old.dtype)
        kept = min(len(old), size)
        grown[:kept] = old[:kept]
        grown[at] = value[at]
        if not np.array_equal(grown[at], value[at]):  # a value beyond the stored type
            return None
        arrays[name] = grown
    order = stored["order_title"].astype(np.int64)
    order = order[~np.isin(order, np.array(changed, dtype=np.int64))]
    for rid in at[arrays["exists"][at]]:
        order = _insert_by_title(db, order, int(rid))
    if len(order) != total:
        return None
    arrays.update(_sort_orders(arrays, order, size, total))
    return arrays


def _insert_by_title(db: sqlite3.Connection, order: np.ndarray, rid: int) -> np.ndarray:
    """``order`` (ids by ``title COLLATE NOCASE, id``) with ``rid`` in its place, found by
    binary search on the titles read one by one."""

    def key(resource: int) -> tuple[bytes, int]:
        (title,) = db.execute("SELECT title FROM resource WHERE id = ?", (resource,)).fetchone()
        return str(title).encode().translate(_NOCASE), resource

    wanted = key(rid)
    low, high = 0, len(order)
    while low < high:
        middle = (low + high) // 2
        if key(int(order[middle])) < wanted:
            low = middle + 1
        else:
            high = middle
    return np.insert(order, low, rid)


def _write_terms(db: sqlite3.Connection, title_order: np.ndarray, total: int) -> None:
    """The word list for suggestions and completion: unstemmed words, stems, frequencies.

    Small catalogs are read whole. Large ones are sampled (every so many resources in
    title order): a word missing from the sample is rare in the catalog, and a word's
    frequency is estimated from the sample's. Frequencies only order completions and
    suggestions; counting each word's resources in the full-text index instead took 3 s
    of a million-resource build, most of it for the few words in nearly every resource.
    """
    complete = total <= TERM_SAMPLE
    scale = 1 if complete else total / TERM_SAMPLE  # resources per resource sampled
    counts: Counter[str] = Counter()
    if complete:
        texts: Iterable[tuple[str, ...]] = db.execute(
            f"SELECT {', '.join(FTS_COLUMNS)} FROM {FTS_TABLE}"
        )
    else:
        sample = [int(title_order[int(i * scale)]) for i in range(TERM_SAMPLE)]
        query = f"SELECT {', '.join(FTS_COLUMNS)} FROM {FTS_TABLE} WHERE rowid = ?"
        texts = (row for rid in sample for row in db.execute(query, (rid,)))
    for row in texts:
        counts.update(set(words(" ".join(row))))
    kept = [(term, df) for term, df in counts.items() if _listed(term) and (complete or df >= 2)]
    if len(kept) > MAX_TERMS:
        kept.sort(key=lambda item: -item[1])
        del kept[MAX_TERMS:]
    kept.sort()

    stems = _stems(db, [term for term, _ in kept])
    db.execute("DROP TABLE IF EXISTS search_term")
    db.execute(
        "CREATE TABLE search_term (term TEXT PRIMARY KEY, stem TEXT NOT NULL, "
        "df INTEGER NOT NULL) WITHOUT ROWID"
    )
    db.executemany(
        "INSERT INTO search_term (term, stem, df) VALUES (?, ?, ?)",
        ((term, stems.get(i, term), round(df * scale)) for i, (term, df) in enumerate(kept)),
    )


def _listed(term: str) -> bool:
    """True for a word worth keeping in the word list."""
    return 2 <= len(term) <= 40 and not term.isdigit()


def _document_terms(rows: Iterable[Sequence[str]]) -> Counter[str]:
    """How many of the full-text ``rows`` contain each listed word."""
    counts: Counter[str] = Counter()
    for row in rows:
        counts.update(term for term in set(words(" ".join(row))) if _listed(term))
    return counts


def _stems(db: sqlite3.Connection, terms: Sequence[str]) -> dict[int, str]:
    """FTS5's own stem of each of ``terms`` by position, read back through a scratch index
    of one word per row."""
    db.execute("DROP TABLE IF EXISTS temp.search_stem")
    db.execute(f"CREATE VIRTUAL TABLE temp.search_stem USING fts5(w, tokenize='{TOKENIZE}')")
    db.executemany("INSERT INTO temp.search_stem (rowid, w) VALUES (?, ?)", enumerate(terms))
    db.execute(
        "CREATE VIRTUAL TABLE temp.search_stem_v USING fts5vocab(temp, search_stem, instance)"
    )
    stems: dict[int, str] = dict(db.execute("SELECT doc, term FROM temp.search_stem_v"))
    db.execute("DROP TABLE temp.search_stem_v")
    db.execute("DROP TABLE temp.search_stem")
    return stems


def _add_terms(db: sqlite3.Connection, counts: Counter[str]) -> None:
    """Count ``counts`` into the word list, adding the words it does not have yet."""
    terms = sorted(counts)
    stems = _stems(db, terms)
    db.executemany(
        "INSERT INTO search_term (term, stem, df) VALUES (?, ?, ?) "
        "ON CONFLICT (term) DO UPDATE SET df = df + excluded.df",
        ((term, stems.get(i, term), counts[term]) for i, term in enumerate(terms)),
    )
