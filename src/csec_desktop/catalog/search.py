"""Search the catalog: query parsing, FTS5 ranking, facet counts and "did you mean".

Any text a person can type is a valid query. :func:`parse_query` never raises; it reads

- words, all of which must match (``mentoring boston``); the last word matches as a prefix
  while it is being typed (``mentoring bos``);
- ``"quoted phrases"``, ``-word`` and ``-"a phrase"`` to exclude, ``OR`` between terms
  (``NOT word`` also excludes; ``AND`` is the default and ignored);
- field filters ``kind:hotline state:NY year:2014 year:2010-2014 org:gems topic:mentoring
  audience:judges status:active funder:ojjdp lang:es origin:local``, several values with commas
  (``state:NY,NJ``), excluded with a minus (``-status:defunct``). An unknown field is
  plain text.

Nothing the user typed reaches MATCH unquoted: every term becomes an FTS5 string
(``"…"`` with quotes doubled, ``"…"*`` for a prefix), so ``*``, ``^``, ``:``, parentheses,
``NEAR``, ``AND`` and ``NOT`` are only ever text.

:class:`SearchEngine` answers queries on a catalog built by
:func:`csec_desktop.catalog.indexing.build_search_index`. It uses the raw ``sqlite3``
connection for FTS5 and numpy arrays (loaded once) for filters, facet counts and sorting.
Synonym groups ("icac" / "internet crimes against children") expand a query both ways.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import os
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from csec_desktop.catalog.hits import CHUNK as HIT_CHUNK
from csec_desktop.catalog.hits import FACETS, MARK_END, MARK_START, FacetValue, Hit, read_hits
from csec_desktop.catalog.index_schema import META_CODES, STATE_NAMES
from csec_desktop.catalog.indexing import (
    BIT_FACETS,
    CODE_FACETS,
    FTS_COLUMNS,
    FTS_TABLE,
    META_SYNONYMS,
    TITLE_FTS_TABLE,
    TITLE_ID_MASK,
    TOKENIZE,
    words,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

#: The longest query read, in characters, and the most terms and filters kept from it.
MAX_QUERY_CHARS = 500
MAX_TERMS = 32
MAX_FILTERS = 32
SORTS = ("relevance", "title", "date", "verified")
#: Field names a query may use, and the facet each filters.
FIELDS = {
    "kind": "kind",
    "type": "kind",
    "state": "state",
    "year": "year",
    "org": "organization",
    "organization": "organization",
    "funder": "funder",
    "topic": "topic",
    "audience": "audience",
    "status": "status",
    "lang": "language",
    "language": "language",
    "origin": "origin",
}
#: Matches up to this many are ranked by bm25 in SQLite (about 1.5 µs each); above it (a
#: very common word in a large catalog) title and organization hits come first.
RANK_ALL_BELOW = 5_000
#: Above RANK_ALL_BELOW, title and organization hits are still ranked up to this many.
RANK_TITLE_HITS_BELOW = 3_000
#: In catalogs up to this size a word of two or three letters being typed is matched
#: everywhere; in larger ones, in titles and organizations only (see SearchEngine._plan).
SHORT_PREFIX_FULL_TEXT_UP_TO = 50_000
#: Rows streamed from FTS5 to tell whether a query finds anything before fetching all.
STREAM_ROWS = 256
#: Title hits read next (then four times as many) while a first page is filled with
#: those the filters keep.
PAGE_CHUNK = 4096
#: Completions of the word being typed added to its prefix query (see _completions).
COMPLETIONS = 8
SNIPPET_TOKENS = 24
#: Arrays the indexer keeps to patch its sort orders (see indexing.py) and searching never
#: reads: not loaded (10 MB at a million resources).
UNREAD_ARRAYS = ("date_key", "verified_key", "title_length")
#: Memory for remembered matches and filter masks (a million-resource catalog's common
#: word matches ~3 MB of ids; a mask is 1 MB): what typing a query and changing its
#: filters reuse, and no more (24 and 16 MB measured no faster, and 10 MB more at peak).
MATCH_CACHE_BYTES = 12 << 20
MASK_CACHE_BYTES = 6 << 20
#: Words dropped when a query finds nothing and has other words ("mentoring in boston").
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "near",
    ]
)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SMART_QUOTES = str.maketrans(dict.fromkeys("“”„‟″＂", '"'))
_WORD = re.compile(r"[^\W_]+")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:-|–|—|\.\.|to)\s*(\d{4})$")
_YEAR_COMPARE = re.compile(r"^(<=|>=|<|>)\s*(\d{4})$")

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


# --------------------------------------------------------------------------- parsing


def fts_string(text: str, prefix: bool = False) -> str:
    """``text`` as one FTS5 string token (a phrase), ``*`` appended for a prefix query."""
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


@dataclass(frozen=True)
class Term:
    """A word or quoted phrase of a query.

    ``start``/``end`` locate ``text`` in :attr:`ParsedQuery.text` (for rewriting a query
    with a corrected word).
    """

    text: str
    phrase: bool = False
    prefix: bool = False
    start: int = 0
    end: int = 0

    @property
    def tokens(self) -> list[str]:
        """The words of the term as the index sees them (lowercase, no accents)."""
        return words(self.text)

    def to_match(self) -> str:
        """This term as a safe FTS5 expression."""
        return fts_string(self.text, self.prefix)


@dataclass(frozen=True)
class FieldFilter:
    """A ``field:value`` filter typed in a query (``negated`` for ``-field:value``)."""

    facet: str
    value: str
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """A query as understood: AND of OR-clauses of terms, exclusions, field filters."""

    text: str = ""
    clauses: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    filters: tuple[FieldFilter, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term that must (or may, in an OR) match."""
        return tuple(term for clause in self.clauses for term in clause)

    @property
    def is_empty(self) -> bool:
        """True when the query constrains nothing."""
        return not (self.clauses or self.excluded or self.filters)

    def to_match(self) -> str | None:
        """A safe FTS5 expression for the terms, or None when no term must match.

        Exclusions are appended with ``NOT``; a query of exclusions only gives None (see
        :meth:`exclusion_match`), as does a query of filters only.
        """
        positive = " AND ".join(_clause_match([[t.to_match()] for t in c]) for c in self.clauses)
        if not positive:
            return None
        negative = self.exclusion_match()
        return f"({positive}) NOT ({negative})" if negative else positive

    def exclusion_match(self) -> str | None:
        """A safe FTS5 expression matching what is excluded, or None."""
        if not self.excluded:
            return None
        return " OR ".join(term.to_match() for term in self.excluded)

    def __str__(self) -> str:
        return self.text


def _clause_match(alternatives: Sequence[Sequence[str]]) -> str:
    flat = [expression for group in alternatives for expression in group]
    return flat[0] if len(flat) == 1 else "(" + " OR ".join(flat) + ")"


@dataclass
class _Item:
    term: Term | None = None
    negated: bool = False
    operator: str = ""
    reaches_end: bool = False


def _sanitize(text: object) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text[: MAX_QUERY_CHARS * 2]
    text = _CONTROL.sub(" ", text).translate(_SMART_QUOTES)
    # Lone surrogates cannot be encoded for SQLite.
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text[:MAX_QUERY_CHARS]


def parse_query(text: str) -> ParsedQuery:
    """Read a query as typed; never raises (see the module documentation for the syntax)."""
    s = _sanitize(text)
    n = len(s)
    items: list[_Item] = []
    filters: list[FieldFilter] = []
    i = 0
    while i < n:
        if s[i].isspace():
            i += 1
            continue
        negated = False
        if s[i] == "-" and i + 1 < n and not s[i + 1].isspace():
            negated = True
            i += 1
        if s[i] == '"':
            close = s.find('"', i + 1)
            end = n if close == -1 else close
            items.append(
                _Item(Term(s[i + 1 : end], True, False, i + 1, end), negated, "", close == -1)
            )
            i = n if close == -1 else close + 1
            continue
        j = i
        while j < n and not s[j].isspace() and s[j] != '"':
            j += 1
        word = s[i:j]
        colon = word.find(":")
        if colon > 0 and word[:colon].casefold() in FIELDS:
            value = word[colon + 1 :]
            if not value and j < n and s[j] == '"':
                close = s.find('"', j + 1)
                value = s[j + 1 : n if close == -1 else close]
                j = n if close == -1 else close + 1
            for part in value.split(","):
                if part.strip() and len(filters) < MAX_FILTERS:
                    filters.append(
                        FieldFilter(FIELDS[word[:colon].casefold()], part.strip(), negated)
                    )
            i = j
            continue
        if not negated and word in ("OR", "AND", "NOT", "|", "&&", "||"):
            operator = {"|": "OR", "||": "OR", "&&": "AND"}.get(word, word)
            items.append(_Item(operator=operator))
            i = j
            continue
        items.append(_Item(Term(word, False, False, i, j), negated, "", j == n))
        i = j

    # The last word is still being typed unless a space follows it.
    if items and items[-1].term is not None and items[-1].reaches_end and not s[-1:].isspace():
        items[-1].term = _as_prefix(items[-1].term)

    clauses: list[tuple[Term, ...]] = []
    excluded: list[Term] = []
    pending_or = negate_next = False
    count = 0
    for item in items:
        if item.operator:
            pending_or = item.operator == "OR" and bool(clauses)
            negate_next = item.operator == "NOT"
            continue
        term = item.term
        if term is None or not term.tokens or count >= MAX_TERMS:
            continue
        count += 1
        if item.negated or negate_next:
            excluded.append(term)
        elif pending_or and clauses:
            clauses[-1] = (*clauses[-1], term)
        else:
            clauses.append((term,))
        pending_or = negate_next = False
    return ParsedQuery(s, tuple(clauses), tuple(excluded), tuple(filters))


def _as_prefix(term: Term) -> Term | None:
    """The term being typed as a prefix query; a lone letter is not searched yet."""
    tokens = term.tokens
    if not tokens:
        return term
    if len(tokens[-1]) >= 2:
        return Term(term.text, term.phrase, True, term.start, term.end)
    if tokens[-1].isdigit():  # "24/7", "title 9": a digit is a whole word
        return term
    if len(tokens) == 1:
        return None
    # "new y": search the complete words; the letter is not worth a prefix scan.
    found = list(_WORD.finditer(term.text))
    text = term.text[: found[-1].start()] if found else term.text
    return Term(text.rstrip(), term.phrase, False, term.start, term.start + len(text.rstrip()))


# --------------------------------------------------------------------------- results


@dataclass(eq=False)
class SearchResult:
    """Every matching resource id in order, and display rows for the first of them.

    ``hits`` (the first page) are there at once. ``ids`` and ``total`` may be counted on
    first use: a query with very many matches has its first page read without them (see
    :meth:`SearchEngine.search`), so a caller can show it before the count is known.
    Counting needs the engine that made the result still open on the same catalog; after
    :meth:`SearchEngine.reload` it raises :class:`SearchIndexError`.
    """

    query: ParsedQuery
    suggestion: str | None = None
    corrected: bool = False
    hits: list[Hit] = field(default_factory=list)
    counted: np.ndarray | None = field(default=None, repr=False)
    count: Callable[[], np.ndarray] | None = field(default=None, repr=False)

    @property
    def ids(self) -> np.ndarray:
        """Every matching id, in the result's order (int64)."""
        if self.counted is None:
            if self.count is None:
                raise ValueError("a search result needs its ids or a way to count them")
            self.counted = self.count()
            self.count = None
        return self.counted

    @property
    def total(self) -> int:
        """How many resources match."""
        return len(self.ids)


class SearchIndexError(Exception):
    """The catalog has no (or an unreadable) search index; rebuild the catalog."""


class _Cache(OrderedDict[_K, _V]):
    """A small least-recently-used cache, bounded in entries and in bytes (numpy values)."""

    def __init__(self, size: int, budget: int = 1 << 62) -> None:
        super().__init__()
        self.size = size
        self.budget = budget
        self.used = 0

    def get_or(self, key: _K) -> _V | None:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def put(self, key: _K, value: _V) -> _V:
        if key in self:
            self.used -= _bytes(self.pop(key))
        self[key] = value
        self.used += _bytes(value)
        while len(self) > 1 and (len(self) > self.size or self.used > self.budget):
            _, dropped = self.popitem(last=False)
            self.used -= _bytes(dropped)
        return value

    def clear(self) -> None:
        super().clear()
        self.used = 0


def _bytes(value: object) -> int:
    return int(getattr(value, "nbytes", 64))


@dataclass(frozen=True)
class _Plan:
    """A query's FTS5 expressions: on the full index, on titles only, and excluded."""

    main: str | None
    titles: str | None
    negative: str | None

    @property
    def main_full(self) -> str:
        assert self.main is not None
        return f"({self.main}) NOT ({self.negative})" if self.negative else self.main


@dataclass
class _Constraint:
    facet: str
    include: frozenset[int] | None
    exclude: frozenset[int]


# --------------------------------------------------------------------------- engine


class SearchEngine:
    """Searches one catalog database; safe to share between threads (calls are serialized).

    ``source`` is a SQLAlchemy engine on the catalog or the path of ``catalog.sqlite``.
    After the catalog file is replaced (a rebuild or an import), call :meth:`reload`.
    """

    def __init__(self, source: Engine | str | os.PathLike[str]) -> None:
        self._source = source
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self._keepalive: Any = None
        self._scratch: sqlite3.Connection | None = None
        # The title index is read on a second connection by a worker thread while the
        # main index is read (see _prefetch_titles); a file catalog only.
        self._path: Path | None = None
        self._worker: ThreadPoolExecutor | None = None
        self._worker_db: sqlite3.Connection | None = None
        self._pending: dict[tuple[str, bool, bool], Future[np.ndarray]] = {}
        #: Counts up on every close: a result counted later must come from the same catalog.
        self._generation = 0
        self._open()

    # ---- loading

    def _open(self) -> None:
        source = self._source
        if not isinstance(source, str | os.PathLike):  # a SQLAlchemy engine
            url = getattr(source, "url", None)
            if getattr(getattr(source, "dialect", None), "name", None) != "sqlite" or not url:
                raise SearchIndexError("search needs a SQLite catalog database")
            database = url.database
            if database and database != ":memory:" and not database.startswith("file:"):
                if not Path(database).is_file():
                    raise SearchIndexError(f"There is no catalog database at {database}.")
                db = sqlite3.connect(database, check_same_thread=False)
                self._path = Path(database)
            else:  # an in-memory database exists only on the engine's own connection
                self._keepalive = source.raw_connection()
                driver = self._keepalive.driver_connection
                if not isinstance(driver, sqlite3.Connection):
                    raise SearchIndexError("search needs the sqlite3 driver")
                db = driver
        else:
            path = Path(source)
            if not path.is_file():
                raise SearchIndexError(f"There is no catalog database at {path}.")
            db = sqlite3.connect(path, check_same_thread=False)
            self._path = path
        self._db = db
        try:
            db.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab "
                f"USING fts5vocab(main, {FTS_TABLE}, row)"
            )
            if self._keepalive is None:  # a connection of our own: reading is all it does
                db.execute("PRAGMA query_only = ON")
                # 4 MB: the operating system caches the file as well; 16 MB measured no faster
                # at 100k or 1M and cost 9–12 MB of peak memory.
                db.execute("PRAGMA cache_size = -4000")
            self._load(db)
        except (sqlite3.Error, ValueError, KeyError, TypeError) as error:
            self.close()
            raise SearchIndexError(
                "The catalog's search index could not be read; rebuild the catalog."
            ) from error

    def _load(self, db: sqlite3.Connection) -> None:
        meta = dict(
            db.execute(
                "SELECT key, value FROM meta WHERE key IN (?, ?)", (META_CODES, META_SYNONYMS)
            )
        )
        self.codes: dict[str, Any] = json.loads(meta[META_CODES])
        self.size = int(self.codes["size"])
        self.arrays: dict[str, np.ndarray] = {}
        marks = ",".join("?" * len(UNREAD_ARRAYS))
        for name, dtype, data in db.execute(
            f"SELECT name, dtype, data FROM search_array WHERE name NOT IN ({marks})",
            UNREAD_ARRAYS,
        ):
            array = np.frombuffer(data, dtype=np.dtype(dtype))
            if name in BIT_FACETS:
                width = max(1, (len(self.codes[name]) + 7) // 8)
                array = array.reshape(-1, width)
            self.arrays[name] = array
        self.exists = self.arrays["exists"]
        self._id_type = np.uint32 if self.size < 1 << 32 else np.int64
        self.count = int(self.codes["count"])
        # value → code numbers: 1-based for kind, status and origin, bit numbers for the bit sets
        self._code_number: dict[str, dict[str, int]] = {
            **{f: {c: i for i, c in enumerate(self.codes[f], start=1)} for f in CODE_FACETS},
            **{f: {c: i for i, c in enumerate(self.codes[f])} for f in BIT_FACETS},
        }
        self.labels: dict[tuple[str, str], str] = {}
        self._positions: dict[tuple[str, str], int] = {}
        for facet, code, label, position in db.execute(
            "SELECT facet, code, label, position FROM vocabulary"
        ):
            self.labels[facet, code] = label
            self._positions[facet, code] = position
        self.organizations: dict[int, tuple[str, str, str | None]] = {
            oid: (key, name, acronym)
            for oid, key, name, acronym in db.execute(
                "SELECT id, key, name, acronym FROM organization"
            )
        }
        self._org_by_key = {key: oid for oid, (key, _, _) in self.organizations.items()}
        self._synonyms: dict[tuple[str, ...], list[str]] = {}
        self._longest_synonym = 1
        for group in json.loads(meta.get(META_SYNONYMS, "[]")):
            for member in group:
                tokens = tuple(words(member))
                if tokens:
                    self._synonyms[tokens] = [m for m in group if tuple(words(m)) != tokens]
                    self._longest_synonym = max(self._longest_synonym, len(tokens))
        self._ranks: dict[str, np.ndarray] = {"title": self.arrays["title_rank"]}
        self._orders = {
            "title": self.arrays["order_title"],
            "date": self.arrays["order_date"],
            "verified": self.arrays["order_verified"],
            "brief": self.arrays.get("order_brief", self.arrays["order_title"]),
        }
        self._years_present: list[int] | None = None
        #: Facet counts of the whole catalog (the empty query), by limit.
        self._all_facets: dict[int | None, dict[str, list[FacetValue]]] = {}
        self._all_ids: np.ndarray | None = None
        self._terms: list[str] | None = None
        self._term_df: dict[str, int] = {}
        self._terms_by_length: dict[int, list[str]] = {}
        self._match_cache: _Cache[tuple[str, bool, bool], np.ndarray] = _Cache(
            24, MATCH_CACHE_BYTES
        )
        self._mask_cache: _Cache[tuple[Any, ...], np.ndarray] = _Cache(16, MASK_CACHE_BYTES)
        self._completion_cache: _Cache[str, list[str]] = _Cache(64)
        db.execute(f"SELECT rowid FROM {FTS_TABLE} LIMIT 1").fetchall()
        self._has_title_index = bool(
            db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                (TITLE_FTS_TABLE,),
            ).fetchone()
        )

    def reload(self) -> None:
        """Read the catalog again (after it was rebuilt or replaced)."""
        with self._lock:
            self.close()
            self._open()

    def close(self) -> None:
        """Release the database connection."""
        with self._lock:
            self._generation += 1
            if self._keepalive is not None:
                self._keepalive.close()
                self._keepalive = None
            elif self._db is not None:
                self._db.close()
            self._db = None
            if self._scratch is not None:
                self._scratch.close()
                self._scratch = None
            self._settle()
            if self._worker is not None:
                self._worker.shutdown(wait=True)
                self._worker = None
            if self._worker_db is not None:
                self._worker_db.close()
                self._worker_db = None
            self._path = None

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise SearchIndexError("the search engine is closed")
        return self._db

    # ---- public API

    def search(
        self,
        query: str,
        filters: Mapping[str, Collection[str]] | None = None,
        sort: str = "relevance",
        limit: int = 50,
    ) -> SearchResult:
        """All resources matching ``query`` and ``filters``, in ``sort`` order.

        ``filters`` maps facet names to accepted values (OR within a facet, AND across
        facets). A query that finds nothing as typed but would after a spelling
        correction (or without its little words) is searched so (``corrected`` is then
        True, ``suggestion`` the query searched); otherwise a query with a word the catalog
        does not know gets the corrected query as ``suggestion`` ("did you mean").

        The first ``limit`` results of a query with very many matches come straight from
        the title index, which lists title hits shortest titles first (their relevance
        order then); every match is fetched and ordered only when the result's ``ids`` or
        ``total`` are first asked for.
        """
        with self._lock:
            parsed = parse_query(query)
            if sort not in SORTS:
                sort = "relevance"
            try:
                limit = max(0, int(limit))
            except (TypeError, ValueError):
                limit = 50
            page, ids = self._page_or_all(parsed, filters, sort, limit)
            suggestion: str | None = None
            corrected = False
            if parsed.clauses:
                if ids is not None and len(ids) == 0:
                    for retry_text in self._alternatives(parsed):
                        retry = parse_query(retry_text)
                        retry_page, found = self._page_or_all(retry, filters, sort, limit)
                        if found is None or len(found):
                            parsed, suggestion, corrected = retry, retry_text, True
                            page, ids = retry_page, found
                            break
                else:
                    alternative = self._correct(parsed)
                    # The word is in neither the catalog nor its index, so it is a
                    # misspelling even if its stem happens to match a prefix ("trafficing"
                    # → "traffic*"): offer the correction if it finds anything.
                    if alternative is not None and self._finds_any(
                        parse_query(alternative), filters
                    ):
                        suggestion = alternative
            if ids is not None:
                return SearchResult(
                    parsed, suggestion, corrected, self.hits(ids[:limit], parsed), ids
                )
            assert page is not None
            return SearchResult(
                parsed,
                suggestion,
                corrected,
                self.hits(page, parsed),
                count=self._counter(parsed, filters, self._generation),
            )

    def _page_or_all(
        self,
        parsed: ParsedQuery,
        filters: Mapping[str, Collection[str]] | None,
        sort: str,
        limit: int,
    ) -> tuple[np.ndarray, None] | tuple[None, np.ndarray]:
        """A first page read alone (see :meth:`_first_page`), or else every match in order."""
        page = self._first_page(parsed, filters, limit) if sort == "relevance" else None
        if page is not None:
            return page, None
        return None, self._run(parsed, filters, sort)

    def _counter(
        self,
        parsed: ParsedQuery,
        filters: Mapping[str, Collection[str]] | None,
        generation: int,
    ) -> Callable[[], np.ndarray]:
        """Every match of a relevance search in order, counted when first asked for."""
        frozen = {facet: list(values) for facet, values in _filter_items(filters)}

        def count() -> np.ndarray:
            with self._lock:
                if generation != self._generation:
                    raise SearchIndexError("The catalog changed since this search; search again.")
                return self._run(parsed, frozen, "relevance")

        return count

    def year_span(self) -> tuple[int, int]:
        """The first and last year the ``year`` filter can choose, or (0, 0) if none."""
        with self._lock:
            years = self.arrays["year"]
            present = years[years > 0]
            if not len(present):
                return (0, 0)
            return int(present.min()), int(present.max())

    def suggest(self, query: str) -> str | None:
        """A spelling correction of ``query`` that finds something, or None."""
        with self._lock:
            parsed = parse_query(query)
            alternative = self._correct(parsed)
            if alternative is None:
                return None
            return alternative if self._finds_any(parse_query(alternative), None) else None

    def facets(
        self,
        query: str,
        filters: Mapping[str, Collection[str]] | None = None,
        limit: int | None = 100,
    ) -> dict[str, list[FacetValue]]:
        """Counts per facet value for the results of ``query``.

        Each facet's counts apply the filters of all *other* facets, so that choosing a
        value narrows the other facets while its siblings stay visible. Values are sorted
        by count (years newest first); at most ``limit`` per facet, plus selected values.
        """
        with self._lock:
            parsed = parse_query(query)
            constraints = self._constraints(parsed, filters)
            everything = parsed.is_empty and not constraints and not _filter_items(filters)
            if everything and limit in self._all_facets:
                # The counts of the whole catalog do not change while it is open.
                return {facet: list(values) for facet, values in self._all_facets[limit].items()}
            matched = self._text_ids(parsed)
            if matched is None:
                if self._all_ids is None:
                    self._all_ids = np.flatnonzero(self.exists).astype(self._id_type)
                matched = self._all_ids
            selections = {c_index: self._mask(c)[matched] for c_index, c in enumerate(constraints)}
            selected = self._selected_codes(filters, parsed)
            result: dict[str, list[FacetValue]] = {}
            subsets: dict[tuple[int, ...], np.ndarray] = {}
            for facet in FACETS:
                others = tuple(i for i, c in enumerate(constraints) if c.facet != facet)
                if others not in subsets:
                    keep = np.ones(len(matched), dtype=np.bool_)
                    for index in others:
                        keep &= selections[index]
                    subsets[others] = matched[keep]
                result[facet] = self._facet_values(
                    facet, subsets[others], selected.get(facet, set()), limit
                )
            if everything:
                self._all_facets[limit] = {facet: list(values) for facet, values in result.items()}
            return result

    def hits(
        self, ids: Sequence[int] | np.ndarray, query: ParsedQuery | str | None = None
    ) -> list[Hit]:
        """Display rows for ``ids``, in that order, with the matches of ``query`` marked."""
        with self._lock:
            wanted = [int(i) for i in ids]
            if not wanted:
                return []
            parsed = parse_query(query) if isinstance(query, str) else query or ParsedQuery()
            marked: dict[int, tuple[str, str]] = {}
            positive = self._positive_expression(parsed)
            if positive:
                for start in range(0, len(wanted), HIT_CHUNK):
                    chunk = wanted[start : start + HIT_CHUNK]
                    marked.update(self._highlights(chunk, ",".join("?" * len(chunk)), positive))
            return read_hits(self.db, wanted, self._years_of, marked)

    def _years_of(self, rid: int) -> tuple[int, int]:
        return int(self.arrays["year"][rid]), int(self.arrays["year_end"][rid])

    def _scratch_db(self) -> sqlite3.Connection:
        """A private in-memory database with FTS5 tables of the catalog's tokenizer."""
        if self._scratch is None:
            scratch = sqlite3.connect(":memory:", check_same_thread=False)
            scratch.execute(
                f"CREATE VIRTUAL TABLE hit USING fts5({', '.join(FTS_COLUMNS)}, "
                f"tokenize='{TOKENIZE}')"
            )
            scratch.execute(f"CREATE VIRTUAL TABLE stem USING fts5(w, tokenize='{TOKENIZE}')")
            scratch.execute("CREATE VIRTUAL TABLE stem_v USING fts5vocab(stem, instance)")
            self._scratch = scratch
        return self._scratch

    def _highlights(
        self, chunk: list[int], marks: str, expression: str
    ) -> dict[int, tuple[str, str]]:
        """Marked titles and body snippets of the rows ``chunk`` for ``expression``.

        highlight() and snippet() on the catalog index would load the whole doclist of a
        prefix query once per row (tens of milliseconds each in a large catalog), so the
        rows are copied into a private in-memory FTS5 table with the same tokenizer, where
        the same expression runs in a moment.
        """
        scratch = self._scratch_db()
        rows = self.db.execute(
            f"SELECT rowid, {', '.join(FTS_COLUMNS)} FROM {FTS_TABLE} WHERE rowid IN ({marks})",
            chunk,
        ).fetchall()
        try:
            scratch.execute("DELETE FROM hit")
            scratch.executemany(
                f"INSERT INTO hit (rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?)", rows
            )
            return {
                rid: (title, snippet)
                for rid, title, snippet in scratch.execute(
                    f"SELECT rowid, highlight(hit, 0, ?, ?), "
                    f"snippet(hit, 3, ?, ?, '…', {SNIPPET_TOKENS}) FROM hit WHERE hit MATCH ?",
                    (MARK_START, MARK_END, MARK_START, MARK_END, expression),
                )
            }
        except sqlite3.Error:
            return {}

    # ---- running a query

    def _run(
        self,
        parsed: ParsedQuery,
        filters: Mapping[str, Collection[str]] | None,
        sort: str | None,
    ) -> np.ndarray:
        """Matching ids in ``sort`` order (any order for None: counting)."""
        if sort == "relevance":
            plan = self._plan(parsed)
            # Title hits are not needed when every match is ranked (few, already counted).
            known = (
                None if plan.main is None else self._match_cache.get((plan.main_full, False, False))
            )
            if plan.main is not None and (known is None or len(known) > RANK_ALL_BELOW):
                self._prefetch_titles(plan.main)
        try:
            return self._run_query(parsed, filters, sort)
        finally:
            self._settle()

    def _run_query(
        self,
        parsed: ParsedQuery,
        filters: Mapping[str, Collection[str]] | None,
        sort: str | None,
    ) -> np.ndarray:
        mask = self._combined_mask(self._constraints(parsed, filters))
        matched = self._text_ids(parsed)
        if matched is None:  # no words: everything the filters keep
            keep = self.exists if mask is None else mask
            order = self._orders["title" if sort in ("relevance", None) else sort]
            every: np.ndarray = order[keep[order]].astype(np.int64)
            return every
        ids = matched if mask is None else matched[mask[matched]]
        if len(ids) == 0 or sort is None:
            return ids.astype(np.int64)
        if sort != "relevance":
            return self._sorted(ids, sort)
        plan = self._plan(parsed)
        inside = np.zeros(self.size, dtype=np.bool_)
        inside[ids] = True
        if plan.main is not None:
            full = plan.main_full
            if len(self._match(full)) <= RANK_ALL_BELOW:
                ranked = self._match(full, ranked=True)
                best: np.ndarray = ranked[inside[ranked]].astype(np.int64)
                return best
        # Too many to rank one by one (a very common word in a large catalog), or a short
        # prefix: title and organization hits first (from the small title index), ranked
        # if few enough, else shortest titles first; then the rest in title order.
        strong_expression = plan.main or plan.titles
        if strong_expression is None:  # exclusions only
            return self._sorted(ids, "title")
        strong = self._match(strong_expression, titles=True)
        in_title = np.zeros(self.size, dtype=np.bool_)
        in_title[strong] = True
        if len(strong) <= RANK_TITLE_HITS_BELOW:
            first = self._match(strong_expression, ranked=True, titles=True)
            first = first[inside[first]]
        else:
            brief = self._orders["brief"]
            first = brief[inside[brief] & in_title[brief]]
        order = self._orders["title"]
        rest = order[inside[order] & ~in_title[order]]
        return np.concatenate([first, rest]).astype(np.int64)

    def _first_page(
        self, parsed: ParsedQuery, filters: Mapping[str, Collection[str]] | None, limit: int
    ) -> np.ndarray | None:
        """The first ``limit`` ids of the relevance order, read without fetching every
        match; None when only the whole order can tell (few matches, which are ranked
        all, exclusions, or fewer title hits than a page).

        It gives what :meth:`_run_query` would: with more than RANK_ALL_BELOW matches,
        title hits come first, ranked if RANK_TITLE_HITS_BELOW or fewer, else in the title
        index's row id order (shortest titles first, as ``order_brief``). A query's title
        hits are among its matches, so past the first RANK_ALL_BELOW title hits there are
        more matches than that without counting them.
        """
        plan = self._plan(parsed)
        if (
            limit <= 0
            or not self._has_title_index
            or plan.negative is not None
            or (plan.main is None) == (plan.titles is None)  # none, or words and short prefixes
        ):
            return None
        expression = plan.main or plan.titles
        assert expression is not None
        mask = self._combined_mask(self._constraints(parsed, filters))
        head = max(RANK_ALL_BELOW, RANK_TITLE_HITS_BELOW)
        try:
            keys = self._title_keys(expression, 0, head + 1)
            strong = self._valid(keys & TITLE_ID_MASK)
            if len(keys) > head:
                page = self._kept(strong, mask)
                chunk = PAGE_CHUNK
                while len(page) < limit:
                    keys = self._title_keys(expression, int(keys[-1]), chunk)
                    if not len(keys):
                        return None
                    page = np.concatenate(
                        [page, self._kept(self._valid(keys & TITLE_ID_MASK), mask)]
                    )
                    chunk *= 4
                return page[:limit].astype(np.int64)
            if plan.main is not None and self._few_matches(plan.main_full):
                return None
        except sqlite3.Error:
            return None
        if len(strong) <= RANK_TITLE_HITS_BELOW:
            strong = self._match(expression, ranked=True, titles=True)
        page = self._kept(strong, mask)[:limit]
        return page.astype(np.int64) if len(page) == limit else None

    def _title_keys(self, expression: str, after: int, limit: int) -> np.ndarray:
        """The first ``limit`` title index row ids above ``after`` matching ``expression``,
        in order (one text from SQLite, not a Python row each: no garbage to collect)."""
        text = self.db.execute(
            f"SELECT group_concat(rowid) FROM (SELECT rowid FROM {TITLE_FTS_TABLE} "
            f"WHERE {TITLE_FTS_TABLE} MATCH ? AND rowid > ? ORDER BY rowid LIMIT ?)",
            (expression, after, limit),
        ).fetchone()[0]
        return _id_list(text)

    def _valid(self, ids: np.ndarray) -> np.ndarray:
        """Those of ``ids`` that can be resources of this catalog, in their order."""
        valid: np.ndarray = ids[(ids > 0) & (ids < self.size)]
        return valid

    def _kept(self, ids: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
        """Those of ``ids`` that exist and that ``mask`` (the filters) keeps, in order."""
        kept: np.ndarray = ids[self.exists[ids] if mask is None else mask[ids]]
        return kept

    def _few_matches(self, expression: str) -> bool:
        """True when the full index has RANK_ALL_BELOW or fewer matches of ``expression``;
        then they are remembered (as :meth:`_match` would), to be ranked."""
        key = (expression, False, False)
        cached = self._match_cache.get_or(key)
        if cached is not None:
            return len(cached) <= RANK_ALL_BELOW
        text = self.db.execute(
            f"SELECT group_concat(rowid) FROM (SELECT rowid FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH ? ORDER BY rowid LIMIT ?)",
            (expression, RANK_ALL_BELOW + 1),
        ).fetchone()[0]
        ids = _id_list(text)
        if len(ids) > RANK_ALL_BELOW:
            return False
        self._match_cache.put(key, self._valid(ids).astype(self._id_type))
        return True

    def _finds_any(
        self, parsed: ParsedQuery, filters: Mapping[str, Collection[str]] | None
    ) -> bool:
        """True when ``parsed`` with ``filters`` matches something (as ``len(_run(…))``).

        A query on the full index only is streamed from FTS5 and stops at the first few
        rows the filters keep, instead of fetching every match (a "did you mean" check
        of a common word would otherwise cost as much as the search itself).
        """
        plan = self._plan(parsed)
        if plan.main is None or plan.titles is not None:
            return len(self._run(parsed, filters, None)) > 0
        expression = plan.main_full
        cached = self._match_cache.get_or((expression, False, False))
        mask = self._combined_mask(self._constraints(parsed, filters))
        if cached is not None:
            return bool(len(cached)) if mask is None else bool(mask[cached].any())
        try:
            cursor = self.db.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", (expression,)
            )
            try:
                rows = cursor.fetchmany(STREAM_ROWS)
            finally:
                cursor.close()
        except sqlite3.Error:
            return False
        for (rid,) in rows:
            if 0 < rid < self.size and (mask is None or mask[rid]):
                return True
        if len(rows) < STREAM_ROWS:  # every match was seen
            return False
        return len(self._run(parsed, filters, None)) > 0

    def _text_ids(self, parsed: ParsedQuery) -> np.ndarray | None:
        """Ascending ids matching the words of the query (no filters); None: no words."""
        plan = self._plan(parsed)
        ids: np.ndarray | None = None
        if plan.main is not None:
            ids = self._match(plan.main_full)
        if plan.titles is not None:
            in_titles = self._match(plan.titles, titles=True)
            ids = in_titles if ids is None else np.intersect1d(ids, in_titles, assume_unique=True)
            if plan.main is None and plan.negative is not None:
                keep = np.zeros(self.size, dtype=np.bool_)
                keep[ids] = True
                keep[self._match(plan.negative)] = False
                ids = ids[keep[ids]]
        if ids is None and plan.negative is not None:
            keep = self.exists.copy()
            keep[self._match(plan.negative)] = False
            ids = np.flatnonzero(keep).astype(self._id_type)
        return ids

    def _match(self, expression: str, ranked: bool = False, titles: bool = False) -> np.ndarray:
        """Row ids matching an FTS5 expression: ascending, or by rank.

        ``titles`` asks the small index of titles and organizations (or, in a catalog
        built without it, the same columns of the full index).
        """
        key = (expression, ranked, titles)
        cached = self._match_cache.get_or(key)
        if cached is not None:
            return cached
        pending = self._pending.pop(key, None)
        if pending is not None:
            with contextlib.suppress(Exception):  # else it is read here
                return self._match_cache.put(key, pending.result())
        table = FTS_TABLE
        if titles:
            if self._has_title_index:
                table = TITLE_FTS_TABLE
            else:
                expression = "{title organization} : (" + expression + ")"
        return self._match_cache.put(key, self._fetch(self.db, table, expression, ranked))

    def _fetch(
        self, db: sqlite3.Connection, table: str, expression: str, ranked: bool
    ) -> np.ndarray:
        """Every row id of ``table`` matching ``expression`` (ascending, or by rank)."""
        order = "rank" if ranked else "rowid"
        # The title index's row ids are keys that end in the resource id (TITLE_KEY).
        rowid = f"rowid & {TITLE_ID_MASK}" if table == TITLE_FTS_TABLE else "rowid"
        try:
            text = db.execute(
                f"SELECT group_concat(id) FROM (SELECT {rowid} AS id FROM {table} "
                f"WHERE {table} MATCH ? ORDER BY {order})",
                (expression,),
            ).fetchone()[0]
        except sqlite3.Error:
            text = None
        ids = _id_list(text)
        kept: np.ndarray = ids[(ids > 0) & (ids < self.size)].astype(self._id_type)
        if table == TITLE_FTS_TABLE and not ranked:
            kept.sort()
        return kept

    def _prefetch_titles(self, expression: str) -> None:
        """Start reading the title-index matches of ``expression`` on a worker thread.

        Ranking a query with many matches needs them after the full index's matches;
        SQLite runs the two reads in parallel on two connections (it releases the GIL),
        so a common word costs one index scan instead of two in a row. :meth:`_match`
        picks the result up; :meth:`_settle` waits for it before the call returns.
        """
        key = (expression, False, True)
        if (
            self._path is None
            or not self._has_title_index
            or key in self._pending
            or self._match_cache.get(key) is not None
        ):
            return
        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="csec-search")
        self._pending[key] = self._worker.submit(self._fetch_titles, expression)

    def _fetch_titles(self, expression: str) -> np.ndarray:
        """(On the worker thread.) Title-index matches of ``expression``, ascending."""
        if self._worker_db is None:
            assert self._path is not None
            db = sqlite3.connect(self._path, check_same_thread=False)
            db.execute("PRAGMA query_only = ON")
            db.execute("PRAGMA cache_size = -4000")  # one sequential scan at a time
            self._worker_db = db
        return self._fetch(self._worker_db, TITLE_FTS_TABLE, expression, False)

    def _settle(self) -> None:
        """Wait for reads started by :meth:`_prefetch_titles`, keeping what they found."""
        pending, self._pending = self._pending, {}
        for key, future in pending.items():
            with contextlib.suppress(Exception):  # else it is read again when needed
                self._match_cache.put(key, future.result())

    def _sorted(self, ids: np.ndarray, sort: str) -> np.ndarray:
        order = self._orders[sort]
        if len(ids) * 16 > len(order):
            inside = np.zeros(self.size, dtype=np.bool_)
            inside[ids] = True
            subset: np.ndarray = order[inside[order]].astype(np.int64)
            return subset
        rank = self._ranks.get(sort)
        if rank is None:
            rank = np.zeros(self.size, dtype=np.uint32)
            rank[order] = np.arange(len(order), dtype=np.uint32)
            self._ranks[sort] = rank
        return ids[np.argsort(rank[ids], kind="stable")].astype(np.int64)

    # ---- building FTS5 expressions

    def _term_alternatives(self, term: Term) -> list[str]:
        """A term as FTS5 alternatives: itself, its synonyms, completions of a prefix."""
        alternatives = [term.to_match()]
        tokens = tuple(term.tokens)
        synonyms = self._synonyms.get(tokens, [])
        alternatives += [fts_string(m) for m in synonyms]
        if term.prefix and not synonyms and len(tokens) == 1 and len(tokens[0]) >= 3:
            alternatives += [fts_string(word) for word in self._completions(tokens[0])]
        return alternatives

    def _plan(self, parsed: ParsedQuery) -> _Plan:
        """The FTS5 expressions of a query, with synonyms and completions.

        In a large catalog a word of two or three letters still being typed is looked up
        in titles and organizations only (the small index has prefix indexes; a prefix
        scan of every word of every resource would take hundreds of milliseconds).
        """
        short_in_titles = self.count > SHORT_PREFIX_FULL_TEXT_UP_TO
        clauses = parsed.clauses
        main: list[str] = []
        titles: list[str] = []
        i = 0
        while i < len(clauses):
            clause = clauses[i]
            term = clause[0]
            if (
                short_in_titles
                and len(clause) == 1
                and term.prefix
                and not term.phrase
                and len(term.tokens) == 1
                and len(term.tokens[0]) <= 3
            ):
                titles.append(_clause_match([self._term_alternatives(term)]))
                i += 1
                continue
            run = self._synonym_run(clauses, i)
            if run:
                length, others = run
                typed = " AND ".join(clauses[j][0].to_match() for j in range(i, i + length))
                typed = typed if length == 1 else f"({typed})"
                main.append("(" + " OR ".join([typed, *(fts_string(m) for m in others)]) + ")")
                i += length
                continue
            main.append(_clause_match([self._term_alternatives(t) for t in clause]))
            i += 1
        negative = [a for t in parsed.excluded for a in self._term_alternatives(t)]
        return _Plan(
            " AND ".join(main) or None, " AND ".join(titles) or None, " OR ".join(negative) or None
        )

    def _positive_expression(self, parsed: ParsedQuery) -> str | None:
        """Everything that must match, as one expression (for highlighting)."""
        plan = self._plan(parsed)
        parts = [p for p in (plan.main, plan.titles) if p]
        if len(parts) > 1:
            return " AND ".join(f"({p})" for p in parts)
        return parts[0] if parts else None

    def _synonym_run(
        self, clauses: Sequence[tuple[Term, ...]], start: int
    ) -> tuple[int, list[str]] | None:
        """The longest run of plain words from ``start`` that is a synonym-group member."""
        tokens: list[str] = []
        best: tuple[int, list[str]] | None = None
        for j in range(start, min(len(clauses), start + self._longest_synonym)):
            clause = clauses[j]
            if len(clause) != 1 or clause[0].phrase:
                break
            tokens += clause[0].tokens
            if len(tokens) > self._longest_synonym:
                break
            others = self._synonyms.get(tuple(tokens))
            if others is not None:
                best = (j - start + 1, others)
        return best

    def _full_expression(self, parsed: ParsedQuery) -> str | None:
        """Everything as one expression on the full index (the tests check its quoting)."""
        positive = self._positive_expression(parsed)
        if positive is None:
            return None
        negative = self._plan(parsed).negative
        return f"({positive}) NOT ({negative})" if negative else positive

    def _completions(self, prefix: str) -> list[str]:
        """Frequent catalog words starting with ``prefix`` whose stem the prefix misses.

        FTS5 stems the index ("mentoring" → "mentor") and the prefix alike, so a prefix
        such as "mentori" matches nothing until the word is complete; its completions
        bridge that gap while typing.
        """
        cached = self._completion_cache.get_or(prefix)
        if cached is not None:
            return cached
        found: list[str] = []
        stems: set[str] = set()
        try:
            rows = self.db.execute(
                "SELECT term, stem FROM search_term WHERE term > ? AND term < ? "
                "ORDER BY df DESC LIMIT 200",
                (prefix, prefix + "\U0010ffff"),
            ).fetchall()
        except sqlite3.Error:
            rows = []
        for term, stem in rows:
            if not stem.startswith(prefix) and stem not in stems:
                stems.add(stem)
                found.append(term)
                if len(found) >= COMPLETIONS:
                    break
        return self._completion_cache.put(prefix, found)

    # ---- filters

    def _constraints(
        self, parsed: ParsedQuery, filters: Mapping[str, Collection[str]] | None
    ) -> list[_Constraint]:
        constraints: list[_Constraint] = []
        for facet, values in _filter_items(filters):
            if values:
                codes: set[int] = set()
                for value in values:
                    codes |= self._resolve(facet, value, exact=True)
                constraints.append(_Constraint(facet, frozenset(codes), frozenset()))
        # Filters typed in the query: values of one field are alternatives.
        include: dict[str, set[int]] = {}
        exclude: dict[str, set[int]] = {}
        for item in parsed.filters:
            codes = self._resolve(item.facet, item.value, exact=False)
            (exclude if item.negated else include).setdefault(item.facet, set()).update(codes)
        for facet in dict.fromkeys([*include, *exclude]):
            accepted = include.get(facet)
            constraints.append(
                _Constraint(
                    facet,
                    None if accepted is None else frozenset(accepted),
                    frozenset(exclude.get(facet, ())),
                )
            )
        return constraints

    def _combined_mask(self, constraints: list[_Constraint]) -> np.ndarray | None:
        if not constraints:
            return None
        key = tuple((c.facet, c.include, c.exclude) for c in constraints)
        cached = self._mask_cache.get_or(key)
        if cached is not None:
            return cached
        mask = self.exists.copy()
        for constraint in constraints:
            mask &= self._mask(constraint)
        return self._mask_cache.put(key, mask)

    def _mask(self, constraint: _Constraint) -> np.ndarray:
        """Which resources (by id) a constraint keeps."""
        key = ("one", constraint.facet, constraint.include, constraint.exclude)
        cached = self._mask_cache.get_or(key)
        if cached is not None:
            return cached
        keep = self.exists.copy()
        if constraint.include is not None:
            keep &= self._has_any(constraint.facet, constraint.include)
        if constraint.exclude:
            keep &= ~self._has_any(constraint.facet, constraint.exclude)
        return self._mask_cache.put(key, keep)

    def _has_any(self, facet: str, codes: frozenset[int]) -> np.ndarray:
        if facet in BIT_FACETS:
            matrix = self.arrays[facet]
            wanted = np.zeros(matrix.shape[1], dtype=np.uint8)
            for bit in codes:
                if 0 <= bit < matrix.shape[1] * 8:
                    wanted[bit >> 3] |= np.uint8(1 << (bit & 7))
            result = np.zeros(self.size, dtype=np.bool_)
            for column in np.flatnonzero(wanted):
                result |= (matrix[:, column] & wanted[column]) != 0
            return result
        values = self.arrays[facet]
        table = np.zeros(max(int(values.max(initial=0)), max(codes, default=0)) + 1, dtype=np.bool_)
        table[[c for c in codes if c > 0]] = True
        kept: np.ndarray = table[values]
        return kept

    def _resolve(self, facet: str, value: str, *, exact: bool) -> set[int]:
        """The code numbers a filter value stands for (empty if none)."""
        value = value.strip()
        folded = value.casefold()
        if facet == "year":
            return self._years(folded)
        if facet in ("organization", "funder"):
            return self._organizations(folded, exact)
        numbers = self._code_number.get(facet, {})
        if value in numbers:
            return {numbers[value]}
        if facet == "state":
            upper = value.upper()
            if upper in numbers:
                return {numbers[upper]}
            if exact:
                return set()
            wanted = " ".join(words(value))
            return {
                n
                for code, n in numbers.items()
                if wanted and " ".join(words(STATE_NAMES.get(code, ""))).startswith(wanted)
            }
        for code, n in numbers.items():
            if code.casefold() == folded:
                return {n}
        if exact:
            return set()
        wanted = " ".join(words(value))
        if not wanted:
            return set()
        found: set[int] = set()
        singular = wanted[:-1] if wanted.endswith("s") and len(wanted) > 3 else wanted
        for code, n in numbers.items():
            label = " ".join(words(self.labels.get((facet, code), code)))
            spelled = " ".join(words(code.replace("_", " ")))
            for candidate in (label, spelled):
                if candidate.startswith((wanted, singular)) or f" {wanted}" in f" {candidate}":
                    found.add(n)
        return found

    def _years(self, text: str) -> set[int]:
        text = text.strip()
        if re.fullmatch(r"\d{4}", text):
            return {int(text)}
        if match := _YEAR_RANGE.match(text):
            low, high = sorted((int(match[1]), int(match[2])))
            return set(range(low, high + 1))
        if match := _YEAR_COMPARE.match(text):
            year = int(match[2])
            low, high = {
                "<": (1, year - 1),
                "<=": (1, year),
                ">": (year + 1, 9999),
                ">=": (year, 9999),
            }[match[1]]
            if self._years_present is None:
                self._years_present = [int(y) for y in np.unique(self.arrays["year"]) if y]
            return {y for y in self._years_present if low <= y <= high}
        return set()

    def _organizations(self, text: str, exact: bool) -> set[int]:
        if text in self._org_by_key:
            return {self._org_by_key[text]}
        if text.isdigit() and int(text) in self.organizations:
            return {int(text)}
        if exact:
            return set()
        wanted = " ".join(words(text))
        if not wanted:
            return set()
        found = set()
        for oid, (key, name, acronym) in self.organizations.items():
            if (
                (acronym and acronym.casefold() == text)
                or key.startswith(text)
                or f" {wanted}" in " " + " ".join(words(name))
            ):
                found.add(oid)
        return found

    def _selected_codes(
        self, filters: Mapping[str, Collection[str]] | None, parsed: ParsedQuery
    ) -> dict[str, set[int]]:
        selected: dict[str, set[int]] = {}
        for facet, values in _filter_items(filters):
            for value in values:
                selected.setdefault(facet, set()).update(self._resolve(facet, value, exact=True))
        return selected

    # ---- facet counts

    def _facet_values(
        self, facet: str, ids: np.ndarray, selected: set[int], limit: int | None
    ) -> list[FacetValue]:
        counts: dict[int, int] = {}
        if facet in BIT_FACETS:
            matrix = self.arrays[facet][ids]
            for column in range(matrix.shape[1]):
                per_value = np.bincount(matrix[:, column], minlength=256)
                per_bit = per_value @ _BIT_TABLE
                for bit in np.flatnonzero(per_bit):
                    counts[column * 8 + int(bit)] = int(per_bit[bit])
            codes = self.codes[facet]
            values = [
                (n, codes[n], counts.get(n, 0))
                for n in set(counts) | selected
                if 0 <= n < len(codes)
            ]
        else:
            array = self.arrays[facet][ids]
            tally = np.bincount(array.astype(np.int64), minlength=1) if len(array) else np.zeros(1)
            counts = {int(n): int(tally[n]) for n in np.flatnonzero(tally) if n != 0}
            values = []
            for n in set(counts) | selected:
                code = self._code_of(facet, n)
                if code is not None:
                    values.append((n, code, counts.get(n, 0)))
        result = [FacetValue(code, self._label(facet, code, n), count) for n, code, count in values]
        if facet == "year":
            result.sort(key=lambda v: -int(v.code))
        else:
            result.sort(
                key=lambda v: (-v.count, self._positions.get((facet, v.code), 1 << 30), v.label)
            )
        if limit is not None and len(result) > limit:
            codes_selected = {self._code_of(facet, n) for n in selected}
            result = result[:limit] + [v for v in result[limit:] if v.code in codes_selected]
        return result

    def _code_of(self, facet: str, number: int) -> str | None:
        if facet == "year":
            return str(number) if number > 0 else None
        if facet in ("organization", "funder"):
            organization = self.organizations.get(number)
            return organization[0] if organization else None
        codes = self.codes.get(facet, [])
        index = number if facet in BIT_FACETS else number - 1
        return codes[index] if 0 <= index < len(codes) else None

    def _label(self, facet: str, code: str, number: int) -> str:
        if facet in ("organization", "funder"):
            return self.organizations[number][1]
        if facet == "year":
            return code
        if facet == "state":
            return STATE_NAMES.get(code, code)
        return self.labels.get((facet, code)) or code.replace("_", " ").capitalize()

    # ---- display rows

    # ---- spelling

    def _load_terms(self) -> None:
        if self._terms is not None:
            return
        try:
            rows = self.db.execute("SELECT term, df FROM search_term").fetchall()
        except sqlite3.Error:
            rows = []
        self._term_df = dict(rows)
        for tokens in self._synonyms:
            for token in tokens:
                self._term_df.setdefault(token, 1)
        self._terms = sorted(self._term_df)
        self._terms_by_length = {}
        for term in self._terms:
            self._terms_by_length.setdefault(len(term), []).append(term)

    def _known(self, word: str, prefix: bool) -> bool:
        """True when ``word`` is in the catalog (or, being typed, begins a catalog word)."""
        if word in self._term_df or word.isdigit() or len(word) < 3:
            return True
        if prefix:
            terms = self._terms or []
            at = bisect.bisect_left(terms, word)
            if at < len(terms) and terms[at].startswith(word):
                return True
        if self.codes.get("terms_complete"):
            return False
        # A large catalog's word list is a sample: ask the index (its words are stems; a
        # word being typed must begin one as typed, not as stemmed).
        try:
            if prefix:
                found = self.db.execute(
                    "SELECT 1 FROM temp.search_vocab WHERE term >= ? AND term < ? LIMIT 1",
                    (word, word + "\U0010ffff"),
                ).fetchone()
            else:
                found = self.db.execute(
                    "SELECT 1 FROM temp.search_vocab WHERE term = ?", (self._stem(word),)
                ).fetchone()
        except sqlite3.Error:
            return True
        return found is not None

    def _stem(self, word: str) -> str:
        """The token FTS5 indexes for ``word`` (its porter stem)."""
        scratch = self._scratch_db()
        try:
            scratch.execute("INSERT INTO stem (rowid, w) VALUES (1, ?)", (word,))
            row = scratch.execute("SELECT term FROM stem_v WHERE doc = 1 LIMIT 1").fetchone()
            scratch.execute("DELETE FROM stem")
        except sqlite3.Error:
            return word
        return str(row[0]) if row else word

    def _best_correction(self, word: str) -> str | None:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        limit = 1 if len(word) < 7 else 2
        candidates = [
            term
            for length in range(len(word) - limit, len(word) + limit + 1)
            for term in self._terms_by_length.get(length, [])
        ]
        if not candidates:
            return None
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=limit, limit=50)
        if not found:
            return None
        best = min(
            found,
            key=lambda item: (item[1], item[0][:1] != word[:1], -self._term_df.get(item[0], 0)),
        )
        return str(best[0])

    def _correct(self, parsed: ParsedQuery) -> str | None:
        """The query text with its unknown words replaced by the closest catalog words."""
        self._load_terms()
        replacements: list[tuple[int, int, str]] = []
        for term in (*parsed.terms, *parsed.excluded):
            matches = list(_WORD.finditer(term.text))
            for index, match in enumerate(matches):
                word = " ".join(words(match.group()))
                if not word or " " in word or not word.isalpha():
                    continue
                prefix = term.prefix and index == len(matches) - 1
                if self._known(word, prefix):
                    continue
                better = self._best_correction(word)
                if better and better != word:
                    start = term.start + match.start()
                    replacements.append((start, start + len(match.group()), better))
        if not replacements:
            return None
        text = parsed.text
        for start, end, better in sorted(replacements, reverse=True):
            text = text[:start] + better + text[end:]
        return text

    def _alternatives(self, parsed: ParsedQuery) -> Iterable[str]:
        """Queries to try when ``parsed`` finds nothing: corrected, then without stopwords."""
        corrected = self._correct(parsed)
        if corrected is not None:
            yield corrected
        base = parse_query(corrected) if corrected else parsed
        spans = [
            (t.start, t.end)
            for clause in base.clauses
            for t in clause
            if len(clause) == 1 and not t.phrase and " ".join(t.tokens) in STOPWORDS
        ]
        if spans and len(spans) < len(base.terms):
            text = base.text
            for start, end in sorted(spans, reverse=True):
                text = text[:start] + text[end:]
            yield " ".join(text.split())


def _id_list(text: str | None) -> np.ndarray:
    """The ids of a ``group_concat`` text (None: no rows) as an int64 array."""
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, np.int64)


def _filter_items(filters: object) -> list[tuple[str, list[str]]]:
    """(facet, values) pairs of a filters mapping, tolerating odd shapes and names."""
    items: list[tuple[str, list[str]]] = []
    if not isinstance(filters, Mapping):
        return items
    for name, values in filters.items():
        facet = FIELDS.get(str(name).casefold())
        if facet is None:
            continue
        if isinstance(values, str | int):
            items.append((facet, [str(values)]))
            continue
        try:
            items.append((facet, [str(v) for v in values]))
        except TypeError:
            continue
    return items


_BIT_TABLE = ((np.arange(256)[:, None] >> np.arange(8)[None, :]) & 1).astype(np.int64)
