"""Matching and ranking: the search engine over one catalog's FTS5 index and arrays.

:class:`SearchEngine` answers queries on a catalog built by
:func:`csec_desktop.catalog.index.indexing.build_search_index`. It uses the raw ``sqlite3``
connection for FTS5 and numpy arrays (loaded once) for filters, facet counts and sorting
(:mod:`.facets`). Synonym groups ("icac" / "internet crimes against children") expand a
query both ways; unknown words get a "did you mean" (:mod:`.spelling`).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec

import numpy as np

from csec_desktop.catalog import readonly
from csec_desktop.catalog.content.client_needs import ClientNeeds, NeedCount
from csec_desktop.catalog.content.geo import Near, bundled_cities
from csec_desktop.catalog.content.states import STATE_NAMES
from csec_desktop.catalog.hits import CHUNK as HIT_CHUNK
from csec_desktop.catalog.hits import MARK_END, MARK_START, FacetValue, Hit, read_hits
from csec_desktop.catalog.index import index_check
from csec_desktop.catalog.index.index_schema import META_CODES
from csec_desktop.catalog.index.indexing import (
    BIT_FACETS,
    FTS_COLUMNS,
    FTS_TABLE,
    META_SYNONYMS,
    TITLE_FTS_TABLE,
    TITLE_ID_MASK,
    TITLE_PREFIX,
    TOKENIZE,
    words,
)
from csec_desktop.catalog.search import ranking
from csec_desktop.catalog.search.cache import LruCache
from csec_desktop.catalog.search.client import ClientFilter
from csec_desktop.catalog.search.facets import Constraint, FacetIndex, filter_items
from csec_desktop.catalog.search.nearby import Places
from csec_desktop.catalog.search.query import (
    ParsedQuery,
    Term,
    clause_match,
    fts_string,
    parse_query,
)
from csec_desktop.catalog.search.result import SearchIndexError, SearchResult
from csec_desktop.catalog.search.spelling import Speller
from csec_desktop.catalog.search.understanding import (
    Gazetteer,
    QueryVocabulary,
    Understanding,
    bundled_vocabulary,
    understand,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

SORTS = ("relevance", "title", "date", "verified")
#: Matches up to this many are ranked by bm25 in SQLite (about 1.5 µs each); above it (a
#: very common word in a large catalog) title and organization hits come first.
RANK_ALL_BELOW = 5_000
#: bm25 costs 2–4 µs per match and phrase of an expression: one with more phrases than
#: this (a word's synonyms and concepts) is ranked whole only with proportionally fewer
#: matches than RANK_ALL_BELOW (see SearchEngine._ranks_whole).
PHRASES_PER_WORD = 2
#: Words in at least this many resources are searched without their synonyms and concepts,
#: and a synonym or concept phrase is added to a query only if one of its words is in
#: fewer (see SearchEngine._rare).
EXPAND_BELOW = 5_000
#: bm25 ranks a query only if its phrases are in this many resources or fewer, summed
#: (see SearchEngine._cheap_to_rank): about 15 ms of counting at a million resources.
RANK_POSTINGS = 50_000
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
#: Titles read at most to find those that hold a query's words in order (_holding).
TITLE_CANDIDATES = 200
#: Completions of the word being typed added to its prefix query (see _completions).
COMPLETIONS = 8
SNIPPET_TOKENS = 24
#: Arrays the indexer keeps to patch its sort orders (see indexing.py) and searching never
#: reads: not loaded (10 MB at a million resources).
UNREAD_ARRAYS = ("date_key", "verified_key", "title_length")
#: Sort orders read when first asked for, by sort: a caseworker seldom sorts by date, and
#: each is 4 MB of a million-resource catalog the window would hold from its start.
LATER_ORDERS = {"date": "order_date", "verified": "order_verified"}
#: Memory for remembered matches (a million-resource catalog's common word matches ~3 MB
#: of ids): what typing a query reuses, and no more (24 MB measured no faster than 12, and
#: 10 MB more at peak; 8 MB as fast as 12 in benchmarks/gui.py, 2026-12-04).
MATCH_CACHE_BYTES = 8 << 20
#: A word in more resources than this (by the word list) is read from the full index in
#: row id ranges of about as many matches each, at most FETCH_PARTS (see _read_ids).
FETCH_CHUNK = 1 << 17
FETCH_PARTS = 8
#: Ids of a sort order picked at a time (see _picked).
PICK_CHUNK = 1 << 16
#: In a catalog of more resources than this, a query of the title index with a prefix of
#: TITLE_PREFIX_LENGTHS is read in ranges of title lengths cut at TITLE_LENGTHS (most
#: titles are 20 to 90 characters; see _fetch_ranges).
TITLE_CHUNKED_ABOVE = 1 << 19
TITLE_LENGTHS = (32, 40, 48, 56, 64, 80)
#: The prefixes the title index keeps doclists of (indexing.TITLE_PREFIX).
TITLE_PREFIX_LENGTHS = frozenset(int(length) for length in TITLE_PREFIX.split())
#: A unit of a query of several (a word, a phrase, a word and its synonyms) with a word
#: in more resources than this (by the word list) is matched through its remembered
#: mask (see SearchEngine._match_all): FTS5 reads its doclist once, not at every search.
COMMON_UNIT = 20_000
#: Memory for those masks and the places named in requests, packed (one bit per
#: resource): 64 of them at a million resources.
UNIT_MASK_BYTES = 8 << 20
#: Memory for the masks of intent words and category tags (see SearchEngine._uses): one
#: bit per resource each, so 64 at a million resources (the vocabulary has fewer).
INTENT_MASK_BYTES = 8 << 20


@dataclass(frozen=True)
class _Unit:
    """One thing a query asks for (a word, a phrase, an OR group, a synonym run): its
    expression on the full index and the words typed for it."""

    expression: str
    typed: str
    #: The query's clauses it stands for (their indices), a concept asked twice included.
    clauses: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Plan:
    """A query's FTS5 expressions: on the full index, on titles only, and excluded; and
    the units whose AND is ``main``."""

    main: str | None
    titles: str | None
    negative: str | None
    units: tuple[_Unit, ...] = ()

    @property
    def main_full(self) -> str:
        assert self.main is not None
        return f"({self.main}) NOT ({self.negative})" if self.negative else self.main


@dataclass(frozen=True)
class _Preference:
    """What a query's intent and place words prefer, as arrays over resource ids."""

    #: The kind tier of each resource: 0 of a kind the query asks for ("hotline",
    #: "guide") and using its intent words, 1 either, 2 neither.
    kinds: np.ndarray | None = None
    #: The place tier of each resource (ranking.NAMES_PLACE … ranking.ELSEWHERE).
    place_tier: np.ndarray | None = None

    @property
    def empty(self) -> bool:
        """True when the query prefers nothing."""
        return self.kinds is None and self.place_tier is None

    def best(self) -> np.ndarray | None:
        """Resources of the best kind tier and place tier (None: no preference)."""
        keep = None if self.kinds is None else self.kinds == 0
        if self.place_tier is not None:
            there = self.place_tier == ranking.NAMES_PLACE
            keep = there if keep is None else keep & there
        return keep

    def restrict(self) -> np.ndarray | None:
        """For a query of intent or place words only, what it shows (None: everything)."""
        keep = None if self.kinds is None else self.kinds < ranking.NEITHER
        if self.place_tier is not None:
            there = self.place_tier < ranking.ELSEWHERE
            keep = there if keep is None else keep & there
        return keep


P = ParamSpec("P")
#: What a search says when the catalog's full-text index is found damaged.
DAMAGED_INDEX = "The catalog's search index is damaged; rebuild the catalog."


def _index_checked(
    search: Callable[Concatenate[SearchEngine, P], SearchResult],
) -> Callable[Concatenate[SearchEngine, P], SearchResult]:
    """``search`` with the catalog's full-text index checked (:mod:`.index_check`) when a
    search fails on a damaged page, or, once per catalog opened, when it finds nothing
    without a spelling to suggest and the index holds fewer resources for its words than
    the word list says (a tenth of a second, where the full check takes 40 s at a
    million resources and would hold the search up): a damaged index then raises
    :class:`SearchIndexError` (the desk rebuilds the catalog,
    :meth:`~csec_desktop.catalog.desk.Desk.repair_catalog`), never an empty page."""

    @functools.wraps(search)
    def checked(engine: SearchEngine, /, *args: P.args, **kwargs: P.kwargs) -> SearchResult:
        try:
            result = search(engine, *args, **kwargs)
        except sqlite3.DatabaseError as error:
            if index_check.is_damage(error) and engine.index_damaged():
                raise SearchIndexError(DAMAGED_INDEX) from error
            raise
        # An empty page with a spelling suggestion is a typo, not a suspicion.
        suspect = not result.hits and result.query.clauses and result.suggestion is None
        if (
            suspect
            and engine.index_checked != engine.generation
            and engine.index_contradicted(result)
            and engine.index_damaged()
        ):
            raise SearchIndexError(DAMAGED_INDEX)
        return result

    return checked


class SearchEngine:
    """Searches one catalog database; safe to share between threads (calls are serialized).

    ``source`` is a SQLAlchemy engine on the catalog or the path of ``catalog.sqlite``.
    After the catalog file is replaced (a rebuild or an import), call :meth:`reload`.
    ``vocabulary`` is the query-understanding vocabulary (by default the one installed
    with the application, ``data/concepts.toml``).
    """

    def __init__(
        self,
        source: Engine | str | os.PathLike[str],
        vocabulary: QueryVocabulary | None = None,
    ) -> None:
        self._source = source
        self.vocabulary = bundled_vocabulary() if vocabulary is None else vocabulary
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
        #: The generation whose full-text index was checked (see _index_checked).
        self.index_checked = -1
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
                db = readonly.connect(Path(database), check_same_thread=False)
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
            db = readonly.connect(path, check_same_thread=False)
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
        unread = (*UNREAD_ARRAYS, *LATER_ORDERS.values())
        marks = ",".join("?" * len(unread))
        for name, dtype, data in db.execute(
            f"SELECT name, dtype, data FROM search_array WHERE name NOT IN ({marks})", unread
        ):
            array = np.frombuffer(data, dtype=np.dtype(dtype))
            if name in BIT_FACETS:
                width = max(1, (len(self.codes[name]) + 7) // 8)
                array = array.reshape(-1, width)
            self.arrays[name] = array
        self.exists = self.arrays["exists"]
        self._id_type = np.uint32 if self.size < 1 << 32 else np.int64
        self.count = int(self.codes["count"])
        self.facet_index = FacetIndex(db, self.codes, self.arrays, self._id_type)
        self._stems: dict[str, str] = {}
        groups = [
            *json.loads(meta.get(META_SYNONYMS, "[]")),
            *(concept.words for concept in self.vocabulary.concepts),
        ]
        self._synonyms = self._equivalents(groups)
        #: Multi-word synonyms, whose little words are not filler ("… for missing …").
        self._phrases = frozenset(
            tuple(words(member))
            for group in groups
            for member in group
            if isinstance(member, str) and len(words(member)) > 1
        )
        self._longest_synonym = max((len(key) for key in self._synonyms), default=1)
        self._help_now: ranking.HelpNowBoost | None = None
        self.gazetteer = Gazetteer(bundled_cities())
        self._national: np.ndarray | None = None
        self._places: Places | None = None
        self._client_filter = ClientFilter(self.facet_index)
        self._ranks: dict[str, np.ndarray] = {"title": self.arrays["title_rank"]}
        #: The sort orders read so far (see _order).
        self._orders = {
            "title": self.arrays["order_title"],
            "brief": self.arrays.get("order_brief", self.arrays["order_title"]),
        }
        self.speller = Speller(
            lambda: self.db,
            self._stem,
            {word for group in groups for member in group for word in words(member)},
            bool(self.codes.get("terms_complete")),
            {phrase for phrase in self.vocabulary.filler if len(words(phrase)) == 1},
        )
        self._match_cache: LruCache[tuple[str, bool, bool], np.ndarray] = LruCache(
            24, MATCH_CACHE_BYTES
        )
        self._completion_cache: LruCache[str, list[str]] = LruCache(64)
        # Expressions known to match more than so many (a relaxed query asks several
        # times whether a common word has few matches).
        self._more_cache: LruCache[str, int] = LruCache(64)
        self._intent_masks: LruCache[str, np.ndarray] = LruCache(64, INTENT_MASK_BYTES)
        self._unit_masks: LruCache[str, np.ndarray] = LruCache(256, UNIT_MASK_BYTES)
        # The plans of the queries of one call (a search asks for its plan a dozen times).
        self._plans: dict[tuple[object, ...], _Plan] = {}
        # The window asks for facets, then the client counts, of the same query: the ids
        # shown (a relaxed query's take a second pass over its units) serve both.
        self._shown_cache: LruCache[tuple[str, str], tuple[np.ndarray | None]] = LruCache(1)
        # Words the full-text index was found to hold whole since the catalog was opened
        # (see index_contradicted), the catalog's most frequent ones included once.
        self._whole_words: set[str] = set()
        self._frequent_whole = False
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

    @property
    def generation(self) -> int:
        """Counts the catalogs opened (a result must come from the one still open)."""
        return self._generation

    def index_contradicted(self, result: SearchResult) -> bool:
        """Whether the full-text index finds fewer resources for the words of ``result``'s
        query (or the most frequent words) than the word list says
        (:func:`~csec_desktop.catalog.index.index_check.index_contradicts`); each word is
        counted once per catalog opened."""
        words = [t for clause in result.query.clauses for term in clause for t in term.tokens]
        with self._lock:
            # A word counted whole once is not counted again while this catalog is open:
            # counting a common word reads its whole doclist (30 ms for the most frequent
            # at a million resources), at every search that finds nothing.
            unchecked = [word for word in dict.fromkeys(words) if word not in self._whole_words]
            frequent = 0 if self._frequent_whole else index_check.FREQUENT_WORDS
            if not unchecked and not frequent:
                return False
            if index_check.index_contradicts(self.db, unchecked, frequent_words=frequent):
                return True
            self._whole_words.update(unchecked)
            self._frequent_whole = True
            return False

    def index_damaged(self) -> bool:
        """Check the catalog file's full-text index (:mod:`.index_check`, seconds in a large
        catalog); True when it is damaged. Once per catalog opened."""
        with self._lock:
            if self.index_checked == self._generation or self._path is None:
                return False
            self.index_checked = self._generation
            return bool(index_check.index_problems(self._path))

    @_index_checked
    def search(
        self,
        query: str,
        filters: Mapping[str, Collection[str]] | None = None,
        sort: str = "relevance",
        limit: int = 50,
        *,
        near: Near | None = None,
        client: ClientNeeds | None = None,
    ) -> SearchResult:
        """All resources matching ``query`` and ``filters``, in ``sort`` order.

        ``filters`` maps facet names to accepted values (OR within a facet, AND across
        facets). The query is first understood (:mod:`.understanding`): filler words are
        set aside, intent words put a kind first, place words a place. A query that finds
        nothing as typed but would after a spelling correction is searched so
        (``corrected`` is then True, ``suggestion`` the query searched); otherwise a query
        with a word the catalog does not know gets the corrected query as ``suggestion``
        ("did you mean"). When fewer than a handful of resources match all the words, the
        query is relaxed (``relaxed``): resources matching most of its concepts follow.

        ``client`` (a client's age, gender, language and needs) leaves out what is known
        not to serve them (:mod:`.client`). ``near`` (a client's place and a radius) puts
        the matches in distance order instead, leaving out what is known to be elsewhere
        (:mod:`.nearby`); the result's ``nearby`` says how far each one is.

        The first ``limit`` results of a query with very many matches come straight from
        the title index, which lists title hits shortest titles first (their relevance
        order then); every match is fetched and ordered only when the result's ``ids`` or
        ``total`` are first asked for.
        """
        with self._lock:
            self._plans.clear()
            if client is not None and client.is_empty():
                client = None
            if near is None and client is None:
                return self._search(query, filters, sort, limit)
            # Only the rearranged order's first page is read (its rows, snippets).
            limit = _page_size(limit)
            result = self._search(query, filters, sort, limit, rows=False)
            ids = result.ids
            if not len(ids) or not limit:
                return result  # nothing to rearrange, or no page asked for
            explain = None
            if client is not None:
                ids = ids[self._client_filter.mask(client)[ids]]
                needs, describe = client, self._client_filter.why
                explain = lambda rid, language: describe(rid, needs, language)  # noqa: E731
            if near is None:
                return replace(
                    result,
                    hits=self.hits(ids[:limit], result.query),
                    counted=ids,
                    count=None,
                    client=client,
                    explain=explain,
                )
            arranged = self._places_of_resources().arrange(ids, near)
            return replace(
                result,
                hits=self.hits(arranged.ids[:limit], result.query),
                counted=arranged.ids,
                count=None,
                nearby=arranged,
                near=near,
                client=client,
                explain=explain,
            )

    def _search(
        self,
        query: str,
        filters: Mapping[str, Collection[str]] | None,
        sort: str,
        limit: int,
        *,
        rows: bool = True,
    ) -> SearchResult:
        """:meth:`search` but for ``near`` and ``client``; without the first page's
        ``hits`` unless ``rows``."""
        with self._lock:
            if sort not in SORTS:
                sort = "relevance"
            limit = _page_size(limit)
            hits = self.hits if rows else _no_hits
            understood = self._understand(parse_query(query))
            if understood.only_filler:
                return SearchResult(
                    understood.query, counted=np.zeros(0, np.int64), understanding=understood
                )
            prefer = self._preference(understood)
            parsed = understood.query
            page, ids = self._page_or_all(parsed, filters, sort, limit, prefer)
            suggestion: str | None = None
            corrected = False
            if parsed.clauses:
                alternative = self.speller.correct(parsed)
                if alternative is not None and ids is not None and len(ids) == 0:
                    # Corrected only if that finds resources with every word; else the
                    # query as typed is relaxed below, and the correction offered.
                    retry = self._understand(parse_query(alternative))
                    retry_prefer = self._preference(retry)
                    retry_page, found = self._page_or_all(
                        retry.query, filters, sort, limit, retry_prefer
                    )
                    if found is None or len(found) > 0:
                        understood, parsed, prefer = retry, retry.query, retry_prefer
                        corrected = True
                        page, ids = retry_page, found
                    suggestion = alternative
                # The word is in neither the catalog nor its index, so it is a misspelling
                # even if its stem happens to match a prefix ("trafficing" → "traffic*"):
                # offer the correction if it finds anything.
                elif alternative is not None and self._finds_any(
                    self._understand(parse_query(alternative)).query, filters
                ):
                    suggestion = alternative
            strict = None if ids is None else len(ids)
            terms = tuple(unit.typed for unit in self._plan(parsed).units)
            relaxed = None
            if ids is not None and len(ids) < ranking.HANDFUL:
                narrowed = self._narrowed(understood)
                if narrowed is not None:
                    narrow, matched, dropped = narrowed
                    wider, every = self._page_or_all(narrow.query, filters, sort, limit, prefer)
                    if every is None or len(every) >= ranking.HANDFUL:
                        shown = every if every is not None else wider
                        assert shown is not None
                        return SearchResult(
                            parsed,
                            suggestion,
                            corrected,
                            hits(shown[:limit], parsed),
                            every,
                            None
                            if every is not None
                            else self._counter(narrow.query, filters, self._generation, prefer),
                            understanding=understood,
                            relaxed=True,
                            strict_total=strict or 0,
                            matched_terms=matched,
                            dropped_terms=dropped,
                            place_found=self._place_found(shown, prefer),
                            state_found=self._state_found(shown, prefer, understood),
                            terms=terms,
                        )
                relaxed = self._relax(understood, filters, sort, prefer)
            if relaxed is not None:
                ids, matched, dropped = relaxed
                return SearchResult(
                    parsed,
                    suggestion,
                    corrected,
                    hits(ids[:limit], parsed),
                    ids,
                    understanding=understood,
                    relaxed=True,
                    strict_total=strict or 0,
                    matched_terms=matched,
                    dropped_terms=dropped,
                    place_found=self._place_found(ids, prefer),
                    state_found=self._state_found(ids, prefer, understood),
                    terms=terms,
                )
            extra: dict[str, Any] = {
                "understanding": understood,
                "strict_total": strict,
                "terms": terms,
                "matched_terms": terms,
            }
            if ids is not None:
                extra["place_found"] = self._place_found(ids, prefer)
                extra["state_found"] = self._state_found(ids, prefer, understood)
                return SearchResult(
                    parsed, suggestion, corrected, hits(ids[:limit], parsed), ids, **extra
                )
            assert page is not None
            extra["place_found"] = self._place_found(page, prefer)
            extra["state_found"] = self._state_found(page, prefer, understood)
            return SearchResult(
                parsed,
                suggestion,
                corrected,
                hits(page, parsed),
                count=self._counter(parsed, filters, self._generation, prefer),
                **extra,
            )

    def _page_or_all(
        self,
        parsed: ParsedQuery,
        filters: Mapping[str, Collection[str]] | None,
        sort: str,
        limit: int,
        prefer: _Preference,
    ) -> tuple[np.ndarray, None] | tuple[None, np.ndarray]:
        """A first page read alone (see :meth:`_first_page`), or else every match in order."""
        if self._some_unit_empty(parsed):
            return None, np.zeros(0, np.int64)
        page = self._first_page(parsed, filters, limit, prefer) if sort == "relevance" else None
        if page is not None:
            return page, None
        return None, self._run(parsed, filters, sort, prefer)

    def _counter(
        self,
        parsed: ParsedQuery,
        filters: Mapping[str, Collection[str]] | None,
        generation: int,
        prefer: _Preference,
    ) -> Callable[[], np.ndarray]:
        """Every match of a relevance search in order, counted when first asked for."""
        frozen = {facet: list(values) for facet, values in filter_items(filters)}

        def count() -> np.ndarray:
            with self._lock:
                if generation != self._generation:
                    raise SearchIndexError("The catalog changed since this search; search again.")
                return self._run(parsed, frozen, "relevance", prefer)

        return count

    # ---- understanding

    def _understand(self, parsed: ParsedQuery) -> Understanding:
        """``parsed`` with its filler, intent and place words set apart."""
        return understand(
            parsed, self.vocabulary, self.gazetteer, self._is_catalog_word, self._phrases
        )

    def _is_catalog_word(self, word: str) -> bool:
        """True when ``word`` is a catalog word other than the city of a site: "mobile"
        (apps) is a word, "boston" where the catalog has a site is a place."""
        if self.speller.document_frequency(word) == 0:
            return False
        return not len(self._match("{tags} : " + fts_string(word)))

    @property
    def _boost(self) -> ranking.HelpNowBoost:
        """bm25 multipliers by resource id (ranking.HelpNowBoost), made on first use."""
        if self._help_now is None:
            self._help_now = ranking.HelpNowBoost(
                self.arrays["kind"],
                self.arrays["status"],
                self.codes["kind"],
                self.facet_index.code_number("status", "active"),
            )
        return self._help_now

    def _preference(self, understood: Understanding) -> _Preference:
        """The kind and place preferences of an understood query, as arrays."""
        kinds = None
        if understood.kinds:
            codes = {self.facet_index.code_number("kind", kind) for kind in understood.kinds}
            asked = self.facet_index.combined_mask(
                [Constraint("kind", frozenset(codes), frozenset())]
            )
            assert asked is not None
            asked = asked.copy()
            labels = [self.facet_index.labels.get(("category", c)) for c in understood.categories]
            for label in filter(None, labels):
                asked |= self._uses("{tags} : " + fts_string(label))
            says = np.zeros(self.size, dtype=np.bool_)
            for word in understood.intent_words:
                says |= self._uses(fts_string(word))
            kinds = ranking.NEITHER - asked.astype(np.uint8) - says.astype(np.uint8)
            kinds[~self.exists] = ranking.NEITHER
        place_tier = None
        if understood.places:
            place_tier = np.full(self.size, ranking.ELSEWHERE, dtype=np.uint8)
            place_tier[self._national_ids()] = ranking.NATIONAL
            names = " OR ".join(
                fts_string(name) for name in dict.fromkeys(p.name for p in understood.places)
            )
            said = self._place_mask("{title organization body} : (" + names + ")")
            there = self._place_mask("{tags} : (" + names + ")")  # a site's city or state
            place_tier[said] = ranking.MENTIONS_PLACE
            for place in understood.places:
                code = self.facet_index.code_number("state", place.state)
                in_state = self.facet_index.combined_mask(
                    [Constraint("state", frozenset({code}), frozenset())]
                )
                if in_state is None:
                    continue
                if place.city is None:  # a state named is the place; a city's is near it
                    there |= in_state
                else:
                    place_tier[in_state] = np.minimum(place_tier[in_state], ranking.IN_STATE)
            place_tier[there] = ranking.IN_PLACE
            place_tier[there & said] = ranking.NAMES_PLACE
            place_tier[~self.exists] = ranking.ELSEWHERE
        return _Preference(kinds, place_tier)

    def _place_mask(self, expression: str) -> np.ndarray:
        """Which resources match ``expression`` (a place's names in some columns), as a
        new mask over resource ids (a place in a large catalog: 5–12 ms to read)."""
        unpacked: np.ndarray = np.unpackbits(self._unit_mask(expression), count=self.size)
        return unpacked.view(np.bool_)

    def _uses(self, expression: str) -> np.ndarray:
        """Which resources match ``expression``, an intent word ("training", "guide") or
        a category tag ("Research"), as a mask over resource ids.

        The vocabulary has a few dozen of them, each in up to a third of a large catalog
        (50–90 ms to read at a million resources): kept as long as the catalog is open,
        as the national resources are, within INTENT_MASK_BYTES (packed: unpacking one
        takes half a millisecond there).
        """
        packed = _packed_mask(self._intent_masks, expression, self._fetch_mask)
        unpacked: np.ndarray = np.unpackbits(packed, count=self.size)
        return unpacked.view(np.bool_)

    def _national_ids(self) -> np.ndarray:
        """Resources that serve the whole country (their service area's label)."""
        if self._national is None:
            label = self.facet_index.labels.get(("service_area", "national"), "National")
            self._national = self._match("{tags} : " + fts_string(label))
        return self._national

    def _places_of_resources(self) -> Places:
        """Every resource's sites and scope, read at the first search near a place."""
        if self._places is None:
            self._places = Places(self.db, self.size)
        return self._places

    def _place_found(self, ids: np.ndarray, prefer: _Preference) -> bool | None:
        """Whether the first of ``ids`` is in the place the query names (None: it names
        none)."""
        if prefer.place_tier is None:
            return None
        return bool(len(ids)) and bool(prefer.place_tier[ids[0]] <= ranking.IN_PLACE)

    def _state_found(
        self, ids: np.ndarray, prefer: _Preference, understood: Understanding
    ) -> str | None:
        """The state of the city the query names when the first of ``ids`` is in that
        state but not the city; else None."""
        if prefer.place_tier is None or not len(ids):
            return None
        if prefer.place_tier[ids[0]] != ranking.IN_STATE:
            return None
        return next((STATE_NAMES[p.state] for p in understood.places if p.city), None)

    def _some_unit_empty(self, parsed: ParsedQuery) -> bool:
        """True when one of the units a query's matches must all have matches nothing.

        FTS5 evaluates the whole AND before it finds that out, reading the doclists of
        the other (perhaps common) units; a unit's first match, or its absence, is cheap.
        """
        plan = self._plan(parsed)
        if len(plan.units) < 2 or plan.titles is not None:
            return False
        for unit in plan.units:
            if plan.negative is None and self._uses_a_word(unit.expression):
                continue
            if "*" in unit.expression:
                continue  # FTS5 merges every word a prefix begins, even for one row
            expression = self._without_excluded(unit.expression, plan)
            known = self._match_cache.get_or((expression, False, False))
            if known is not None:
                if not len(known):
                    return True
                continue
            first = self.db.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? LIMIT 1", (expression,)
            ).fetchone()
            if first is None:
                return True
        return False

    def _uses_a_word(self, expression: str) -> bool:
        """True when ``expression`` is an OR of alternatives (no AND: a phrase typed as
        words) one of which is a single word that the word list shows in the catalog."""
        return self._least_matches(expression) > 0

    def _least_matches(self, expression: str) -> int:
        """At least how many resources match ``expression`` by the word list: the most
        frequent of its one-word alternatives, when it is an OR of alternatives (0 when
        the list cannot tell)."""
        if " AND " in expression or " NOT " in expression:
            return 0
        least = 0
        for match in _FTS_PREFIXED.finditer(expression):
            tokens = words(match[1].replace('""', '"'))
            if len(tokens) == 1 and self.speller.uses(tokens[0], prefix=bool(match[2])):
                least = max(least, self.speller.document_frequency(tokens[0]), 2)
        return least

    def _narrowed(
        self, understood: Understanding
    ) -> tuple[Understanding, tuple[str, ...], tuple[str, ...]] | None:
        """The query without its units that match nothing, when every other one is
        common (more than RANK_ALL_BELOW matches), with the units kept and dropped; else
        None.

        Relaxing such a query ranks by coverage every resource with any of its common
        words, hundreds of thousands in a large catalog; those with all of them come
        first, and they are the matches of the query without the units that match nothing,
        which a first page reads without fetching them all.
        """
        plan = self._plan(understood.query)
        units = plan.units
        if len(units) < 2 or plan.titles is not None:
            return None
        expressions = [self._without_excluded(unit.expression, plan) for unit in units]
        few = [self._few_matches(expression) for expression in expressions]
        empty = [
            i for i, is_few in enumerate(few) if is_few and not len(self._match(expressions[i]))
        ]
        if (
            not empty
            or len(empty) == len(units)
            or any(f for i, f in enumerate(few) if i not in empty)
        ):
            return None
        gone = {clause for i in empty for clause in units[i].clauses}
        query = understood.query
        kept = tuple(c for j, c in enumerate(query.clauses) if j not in gone)
        narrow = replace(understood, query=replace(query, clauses=kept))
        typed = [unit.typed for unit in units]
        matched = tuple(t for i, t in enumerate(typed) if i not in empty)
        return narrow, matched, tuple(typed[i] for i in empty)

    def _relax(
        self,
        understood: Understanding,
        filters: Mapping[str, Collection[str]] | None,
        sort: str,
        prefer: _Preference,
    ) -> tuple[np.ndarray, tuple[str, ...], tuple[str, ...]] | None:
        """Resources matching some of a query's units, most and most informative first,
        with the units the first of them matches and those it does not; None when
        relaxing finds nothing more than the query itself.

        A query whose words find nothing at all but that names a kind or a place shows
        what those alone show.
        """
        plan = self._plan(understood.query)
        units = plan.units
        if not units or plan.titles is not None:
            return None
        mask = self.facet_index.combined_mask(
            self.facet_index.constraints(understood.query, filters)
        )
        keep = self.exists if mask is None else mask
        typed = tuple(unit.typed for unit in units)
        expressions = [self._without_excluded(unit.expression, plan) for unit in units]
        # Anchors: the units matching a few thousand resources or fewer. Their matches are
        # the candidates, and the other (common) units are matched only among them, so a
        # common word in a large catalog never has all its matches fetched. With no such
        # unit, the least common one anchors.
        few = [self._few_matches(expression) for expression in expressions]
        anchors = [i for i, is_few in enumerate(few) if is_few and len(self._match(expressions[i]))]
        if not anchors and not all(few):
            common = [i for i, is_few in enumerate(few) if not is_few]
            anchors = [min(common, key=lambda i: self._match_count(expressions[i]))]
        if not anchors:
            restrict = prefer.restrict()
            if restrict is None:
                return None
            shown = self._sorted(np.flatnonzero(keep & restrict), "title")
            shown = ranking.prefer(shown, score=self._boost, place_tier=prefer.place_tier)
            return (shown, (), typed) if len(shown) else None
        if len(units) < 2:
            return None
        anchor_expression = " OR ".join(f"({expressions[i]})" for i in anchors)
        found: list[np.ndarray] = []
        for i, expression in enumerate(expressions):
            ids = (
                self._match(expression)
                if i in anchors or few[i]
                else self._match(f"({expression}) AND ({anchor_expression})")
            )
            found.append(ids[keep[ids]])
        weights = [
            ranking.informativeness(self._match_count(expression), self.count)
            for expression in expressions
        ]
        covered, score = ranking.coverage(found, weights, self.size)
        inside = covered > 0
        if sort != "relevance":
            ordered = self._sorted(np.flatnonzero(inside), sort)
        elif self._ranks_whole(anchor_expression, int(inside.sum())):
            ranked = self._match(anchor_expression, ranked=True)
            ordered = ranked[inside[ranked]]
        else:
            order = self._orders["title"]
            ordered = order[inside[order]]
        shown = ranking.prefer(
            ordered.astype(np.int64),
            covered=covered,
            score=score,
            kinds=prefer.kinds if sort == "relevance" else None,
            place_tier=prefer.place_tier if sort == "relevance" else None,
        )
        partial = np.flatnonzero(covered[shown] < len(units))
        if not len(partial):
            return None  # every resource shown matches all the words: nothing relaxed
        first = int(shown[partial[0]])
        matched = tuple(t for t, ids in zip(typed, found, strict=True) if _has(ids, first))
        dropped = tuple(t for t in typed if t not in matched)
        return shown, matched, dropped

    def _match_count(self, expression: str) -> int:
        """How many resources match ``expression``: exact up to RANK_ALL_BELOW (and then
        remembered), else estimated from the word list's document frequencies."""
        if self._few_matches(expression):
            return len(self._match(expression))
        cached = self._match_cache.get((expression, False, False))
        if cached is not None:
            return len(cached)
        return max(RANK_ALL_BELOW + 1, self._estimated_count(expression))

    def _estimated_count(self, expression: str) -> int:
        """The most resources any one word of ``expression``'s strings is in, by the word
        list (estimated from a sample in a large catalog): a cheap stand-in for a count."""
        found = [
            self.speller.document_frequency(word)
            for string in _FTS_STRING.findall(expression)
            for word in words(string.replace('""', '"'))
        ]
        return max(found, default=0)

    @staticmethod
    def _without_excluded(expression: str, plan: _Plan) -> str:
        return f"({expression}) NOT ({plan.negative})" if plan.negative else expression

    def year_span(self) -> tuple[int, int]:
        """The first and last year the ``year`` filter can choose, or (0, 0) if none."""
        with self._lock:
            return self.facet_index.year_span()

    def facets(
        self,
        query: str,
        filters: Mapping[str, Collection[str]] | None = None,
        limit: int | None = 100,
        *,
        near: Near | None = None,
        client: ClientNeeds | None = None,
    ) -> dict[str, list[FacetValue]]:
        """Counts per facet value for the results of ``query`` (near ``near``, for
        ``client``).

        Each facet's counts apply the filters of all *other* facets, so that choosing a
        value narrows the other facets while its siblings stay visible. Values are sorted
        by count (years newest first); at most ``limit`` per facet, plus selected values.
        """
        with self._lock:
            self._plans.clear()
            understood = self._understand(parse_query(query))
            if understood.only_filler:
                return self.facet_index.counts(
                    understood.query, filters, np.zeros(0, self._id_type), limit
                )
            shown = self._for_client(self._shown_ids(understood, filters), near, client)
            return self.facet_index.counts(understood.query, filters, shown, limit)

    def client_counts(
        self,
        query: str,
        filters: Mapping[str, Collection[str]] | None = None,
        near: Near | None = None,
        client: ClientNeeds | None = None,
    ) -> dict[str, NeedCount]:
        """For each need of ``client``, and each yes/no fact, how many results fit it as
        stated and how many do not say (see :meth:`.ClientFilter.counts`)."""
        with self._lock:
            self._plans.clear()
            understood = self._understand(parse_query(query))
            if understood.only_filler:
                return {}
            shown = self._for_client(self._shown_ids(understood, filters), near, None)
            ids = np.flatnonzero(self.exists) if shown is None else shown
            mask = self.facet_index.combined_mask(
                self.facet_index.constraints(understood.query, filters)
            )
            if mask is not None:
                ids = ids[mask[ids]]
            return self._client_filter.counts(ids, client or ClientNeeds())

    def client_label(self, need: str, client: ClientNeeds | None) -> str:
        """How a need of ``client`` is named ("Age 15", "Spanish", "Open 24/7")."""
        return self._client_filter.label(need, client or ClientNeeds())

    def _for_client(
        self, shown: np.ndarray | None, near: Near | None, client: ClientNeeds | None
    ) -> np.ndarray | None:
        """Those of ``shown`` (None: every resource) a search near ``near`` for
        ``client`` keeps."""
        if near is None and (client is None or client.is_empty()):
            return shown
        ids = np.flatnonzero(self.exists) if shown is None else shown
        if client is not None and not client.is_empty():
            ids = ids[self._client_filter.mask(client)[ids]]
        if near is not None:
            ids = self._places_of_resources().reachable(ids, near)
        return ids.astype(self._id_type)

    def _shown_ids(
        self, understood: Understanding, filters: Mapping[str, Collection[str]] | None
    ) -> np.ndarray | None:
        """Ascending ids that :meth:`search` would show for ``understood`` before the
        filters (None: every resource), for facet counts that agree with the results."""
        key = (repr(understood), repr(filter_items(filters)))
        known = self._shown_cache.get_or(key)
        if known is None:
            known = self._shown_cache.put(key, (self._find_shown(understood, filters),))
        return known[0]

    def _find_shown(
        self, understood: Understanding, filters: Mapping[str, Collection[str]] | None
    ) -> np.ndarray | None:
        """:meth:`_shown_ids`, found."""
        parsed = understood.query
        prefer = self._preference(understood)
        matched = (
            np.zeros(0, self._id_type) if self._some_unit_empty(parsed) else self._text_ids(parsed)
        )
        if matched is None:
            restrict = prefer.restrict()
            return None if restrict is None else np.flatnonzero(restrict).astype(self._id_type)
        mask = self.facet_index.combined_mask(self.facet_index.constraints(parsed, filters))
        strict = len(matched) if mask is None else int(mask[matched].sum())
        narrowed = self._narrowed(understood) if strict < ranking.HANDFUL else None
        if narrowed is not None:  # as search() shows it
            wider = self._text_ids(narrowed[0].query)
            assert wider is not None
            if (len(wider) if mask is None else int(mask[wider].sum())) >= ranking.HANDFUL:
                return wider
        if strict < ranking.HANDFUL:
            relaxed = self._relax(understood, None, "relevance", prefer)
            if relaxed is not None:
                return np.sort(relaxed[0]).astype(self._id_type)
        return matched

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
            return read_hits(self.db, wanted, self.facet_index.years_of, marked)

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

    def _stem(self, word: str) -> str:
        """The token FTS5 indexes for ``word`` (its porter stem)."""
        return self._stem_tokens((word,))[0]

    def _stem_tokens(self, tokens: Sequence[str]) -> tuple[str, ...]:
        """The index's tokens (porter stems) of words, remembered."""
        missing = [t for t in tokens if t not in self._stems]
        if missing:
            for word, stems in zip(missing, self._stem_phrases(missing), strict=True):
                self._stems[word] = stems[0] if len(stems) == 1 else word
        return tuple(self._stems[t] for t in tokens)

    def _stem_phrases(self, texts: Sequence[str]) -> list[tuple[str, ...]]:
        """The index's tokens of each text, in one pass through the tokenizer."""
        scratch = self._scratch_db()
        found: dict[int, list[str]] = {}
        try:
            scratch.executemany(
                "INSERT INTO stem (rowid, w) VALUES (?, ?)", enumerate(texts, start=1)
            )
            for doc, term in scratch.execute("SELECT doc, term FROM stem_v ORDER BY doc, offset"):
                found.setdefault(doc, []).append(term)
            scratch.execute("DELETE FROM stem")
        except sqlite3.Error:
            return [tuple(words(text)) for text in texts]
        return [tuple(found.get(i, ())) for i in range(1, len(texts) + 1)]

    def _equivalents(self, groups: Iterable[Sequence[str]]) -> dict[tuple[str, ...], list[str]]:
        """Each synonym or concept phrase (as index tokens) → the other phrases of its
        groups, so that "kids" finds "children" and "teens" finds "adolescents"."""
        groups = [[m for m in group if isinstance(m, str) and words(m)] for group in groups]
        members = sorted({member for group in groups for member in group})
        stems = dict(zip(members, self._stem_phrases(members), strict=True))
        table: dict[tuple[str, ...], dict[str, None]] = {}
        for group in groups:
            for member in group:
                others = table.setdefault(stems[member], {})
                for other in group:
                    if stems[other] != stems[member]:
                        others[other] = None
        return {key: list(others) for key, others in table.items() if key and others}

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
        prefer: _Preference | None = None,
    ) -> np.ndarray:
        """Matching ids in ``sort`` order (any order for None: counting), those the query
        prefers first in relevance order."""
        if sort == "relevance":
            plan = self._plan(parsed)
            # Title hits are not needed when every match is ranked (few, already counted).
            known = (
                None if plan.main is None else self._match_cache.get((plan.main_full, False, False))
            )
            if plan.main is not None and (known is None or not self._ranks_whole(plan.main_full)):
                self._prefetch_titles(plan.main)
        try:
            ids = self._run_query(parsed, filters, sort, prefer or _Preference())
        finally:
            self._settle()
        if sort != "relevance":
            return ids
        exact = self._exact_titles(parsed)
        if prefer is None or prefer.empty:
            return _these_first(ids, exact)
        ids = ranking.prefer(ids, kinds=prefer.kinds, place_tier=prefer.place_tier)
        return _these_first(ids, exact)

    def _exact_titles(self, parsed: ParsedQuery) -> np.ndarray:
        """Resources whose title holds every word typed, in order (all of them, filler and
        places too): a title typed out comes first, whatever else the words say."""
        typed = parse_query(parsed.text)
        if typed.excluded or typed.filters or any(len(c) > 1 or c[0].phrase for c in typed.clauses):
            return np.zeros(0, np.int64)
        tokens = [token for clause in typed.clauses for token in clause[0].tokens]
        if len(tokens) < 2:  # one word is no title typed out
            return np.zeros(0, np.int64)
        phrase = "{title} : " + fts_string(" ".join(tokens))
        key = (phrase, False, True)
        found = self._match_cache.get_or(key)
        if found is None:
            found = self._holding(tokens, phrase)
            found = self._match(phrase, titles=True) if found is None else found
            self._match_cache.put(key, found)
        return found

    def _holding(self, tokens: Sequence[str], phrase: str) -> np.ndarray | None:
        """The resources whose title matches ``phrase``, the words ``tokens`` in order,
        found among the few whose title has its three rarest words; None when more than
        TITLE_CANDIDATES have them.

        FTS5 reads the positions of every word of a phrase, and a request's little words
        ("for", "in") are in most titles: 60–120 ms at a million resources, while the
        rarest words find the few titles worth reading in a moment (usually none).
        """
        if not self._has_title_index:
            return None
        rarest = sorted(set(tokens), key=self.speller.stem_frequency)[:3]
        keys = self._title_keys(
            "{title} : " + " AND ".join(fts_string(t) for t in rarest), 0, TITLE_CANDIDATES + 1
        )
        if len(keys) > TITLE_CANDIDATES:
            return None
        ids = self._valid(keys & TITLE_ID_MASK)
        if not len(ids):
            return ids.astype(self._id_type)
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT rowid, title, '', '', '' FROM {FTS_TABLE} WHERE rowid IN ({marks})",
            [int(i) for i in ids],
        ).fetchall()
        scratch = self._scratch_db()
        try:
            scratch.execute("DELETE FROM hit")
            scratch.executemany(
                f"INSERT INTO hit (rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?)", rows
            )
            text = scratch.execute(
                "SELECT group_concat(rowid) FROM (SELECT rowid FROM hit WHERE hit MATCH ? "
                "ORDER BY rowid)",
                (phrase,),
            ).fetchone()[0]
        except sqlite3.Error:
            return None
        return _id_list(text).astype(self._id_type)

    def _run_query(
        self,
        parsed: ParsedQuery,
        filters: Mapping[str, Collection[str]] | None,
        sort: str | None,
        prefer: _Preference,
    ) -> np.ndarray:
        mask = self.facet_index.combined_mask(self.facet_index.constraints(parsed, filters))
        matched = self._text_ids(parsed)
        if matched is None:  # no words: everything the filters (and intent or place) keep
            keep = self.exists if mask is None else mask
            restrict = prefer.restrict()
            if restrict is not None:
                keep = keep & restrict
                if sort == "relevance":  # help that answers now first
                    return ranking.prefer(
                        self._sorted(np.flatnonzero(keep), "title"), score=self._boost
                    )
            # In the order's own type: at a million resources, 4 MB less for the window
            # to hold while it shows the whole catalog.
            order = self._order("title" if sort in ("relevance", None) else sort)
            every: np.ndarray = order[keep[order]]
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
            if self._ranks_whole(full):
                ranked = self._match(full, ranked=True)
                literal = self._plan(parsed, expand=False)
                if literal.main is not None and _bare(literal.main) != _bare(plan.main):
                    # The words as typed before their synonyms and concepts ("trafficking"
                    # before "child sex trafficking"): a synonym ranks, it does not outrank.
                    first = self._match(literal.main_full, ranked=True)
                    first = first[inside[first]]
                    inside[first] = False
                    ranked = np.concatenate([first, ranked[inside[ranked]]])
                    return ranked.astype(np.int64)
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
        if self._ranks_titles(strong_expression, len(strong)):
            first = self._match(strong_expression, ranked=True, titles=True)
            first = first[inside[first]]
        else:
            first = self._sorted(self._listed(strong[inside[strong]]), "brief")
        order = self._orders["title"]
        if len(ids) * 16 > len(order):  # one pass over the order, not a sort of many
            # In the order's type: the concatenation below makes the int64 ids, with no
            # int64 copy of most of a million resources before it.
            rest = order[inside[order] & ~in_title[order]]
        else:
            rest = self._sorted(self._listed(ids[~in_title[ids]]), "title")
        return np.concatenate([first, rest], dtype=np.int64)

    def _first_page(
        self,
        parsed: ParsedQuery,
        filters: Mapping[str, Collection[str]] | None,
        limit: int,
        prefer: _Preference,
    ) -> np.ndarray | None:
        """The first ``limit`` ids of the relevance order, read without fetching every
        match; None when only the whole order can tell (few matches, which are ranked
        all, exclusions, or fewer title hits than a page).

        It gives what :meth:`_run_query` would: with more than RANK_ALL_BELOW matches,
        title hits come first, ranked if RANK_TITLE_HITS_BELOW or fewer, else in the title
        index's row id order (shortest titles first, as ``order_brief``). A query's title
        hits are among its matches, so past the first RANK_ALL_BELOW title hits there are
        more matches than that without counting them.

        A query that prefers a kind or a place (``prefer``) puts first, in that same
        order, the matches of the best kind and place: the page is theirs when title hits
        alone fill it.
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
        filtered = self.facet_index.combined_mask(self.facet_index.constraints(parsed, filters))
        best = prefer.best()
        mask = filtered if best is None else best if filtered is None else filtered & best
        exact = self._exact_titles(parsed)
        if not len(exact):
            return self._title_page(expression, plan, mask, limit)
        # A title typed out goes first, whatever its kind or place (see _run); then the
        # page as it would be without it.
        first = self._kept(exact, filtered)
        if len(first) >= limit:
            return first[:limit].astype(np.int64)
        rest = self._title_page(expression, plan, mask, limit + len(first))
        if rest is None:
            return None
        rest = rest[~np.isin(rest, first)]
        return np.concatenate([first, rest])[:limit].astype(np.int64)

    def _title_page(
        self, expression: str, plan: _Plan, mask: np.ndarray | None, limit: int
    ) -> np.ndarray | None:
        """:meth:`_first_page` from the title index: the first ``limit`` matches of
        ``expression`` that ``mask`` keeps, or None."""
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
            if plan.main is not None and self._ranks_whole(plan.main_full):
                return None
        except sqlite3.Error:
            return None
        if self._ranks_titles(expression, len(strong)):
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

    def _ranks_whole(self, expression: str, matches: int | None = None) -> bool:
        """True when every match of ``expression`` (``matches`` of them, else counted) is
        ranked by bm25. bm25 costs about a microsecond per match and phrase of the
        expression, so a query whose words expand to many phrases ("kids" to "children",
        "minors", "youth" …) is ranked whole only with fewer matches."""
        if not self._cheap_to_rank(expression):
            return False
        phrases = len(_FTS_STRING.findall(expression))
        most = min(RANK_ALL_BELOW, RANK_ALL_BELOW * PHRASES_PER_WORD // max(1, phrases))
        if matches is None:
            return self._few_matches(expression, most)
        return matches <= most

    def _ranks_titles(self, expression: str, matches: int) -> bool:
        """True when the ``matches`` title hits of ``expression`` are ranked by bm25."""
        return matches <= RANK_TITLE_HITS_BELOW and self._cheap_to_rank(expression)

    def _cheap_to_rank(self, expression: str) -> bool:
        """True when FTS5's bm25 can rank ``expression`` in a few milliseconds.

        Before ranking a single row, bm25 counts the rows of every phrase of the
        expression (its inverse document frequency) by reading its whole doclist: a query
        with a word in a third of a large catalog pays for a third of the catalog however
        few its matches. A phrase costs the doclists of all its words (their positions
        tell where it is), by the word list's counts.
        """
        frequency = self.speller.stem_frequency
        postings = 0
        for string in _FTS_STRING.findall(expression):
            postings += sum(frequency(t) for t in words(string.replace('""', '"')))
        return postings <= RANK_POSTINGS

    def _few_matches(self, expression: str, most: int | None = None) -> bool:
        """True when the full index has ``most`` or fewer matches of ``expression``; then
        they are remembered (as :meth:`_match` would), to be ranked. Only ``most`` + 1
        matches are read to tell."""
        most = RANK_ALL_BELOW if most is None else most
        key = (expression, False, False)
        cached = self._match_cache.get_or(key)
        if cached is not None:
            return len(cached) <= most
        more = self._more_cache.get_or(expression)
        if more is not None and more >= most:
            return False  # more than as many already read
        if self._least_matches(expression) > 2 * most:
            return False  # the word list's estimate, halved, is still more
        text = self.db.execute(
            f"SELECT group_concat(rowid) FROM (SELECT rowid FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH ? ORDER BY rowid LIMIT ?)",
            (expression, most + 1),
        ).fetchone()[0]
        ids = _id_list(text)
        if len(ids) > most:
            self._more_cache.put(expression, most)
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
        mask = self.facet_index.combined_mask(self.facet_index.constraints(parsed, filters))
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
            ids = self._match_all(plan)
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

    def _match_all(self, plan: _Plan) -> np.ndarray:
        """Ascending ids matching ``plan.main_full`` (as :meth:`_match` finds them).

        FTS5 reads the whole doclist of every word of an AND, so a request of several
        common words ("shelter … trafficked youth") costs 20–50 ms at a million resources
        however few its matches. Its units with a word in more than COMMON_UNIT
        resources are taken from their remembered masks (:meth:`_unit_mask`) instead:
        FTS5 reads the other units only, and the masks keep those of their matches that
        every unit has (each unit is a word, a phrase or a group in parentheses, so the
        AND is the intersection of their matches).
        """
        full = plan.main_full
        key = (full, False, False)
        known = self._match_cache.get_or(key)
        if known is not None or plan.negative is not None or len(plan.units) < 2:
            return known if known is not None else self._match(full)
        expressions = list(dict.fromkeys(unit.expression for unit in plan.units))
        common = [e for e in expressions if self._longest_doclist(e) > COMMON_UNIT]
        if not common:
            return self._match(full)
        rest = [e for e in expressions if e not in common]
        if rest:
            ids = self._match(" AND ".join(rest))
            for expression in common:
                ids = ids[_bits(self._unit_mask(expression), ids)]
        else:
            every = np.unpackbits(self._unit_mask(common[0]), count=self.size).view(np.bool_)
            for expression in common[1:]:
                every &= np.unpackbits(self._unit_mask(expression), count=self.size).view(np.bool_)
            ids = np.flatnonzero(every).astype(self._id_type)
        return self._match_cache.put(key, ids)

    def _longest_doclist(self, expression: str) -> int:
        """The most resources one word of ``expression`` is in (by its stem, as FTS5
        reads it): what reading the expression costs, by the word list."""
        frequency = self.speller.stem_frequency
        return max(
            (
                frequency(word)
                for string in _FTS_STRING.findall(expression)
                for word in words(string.replace('""', '"'))
            ),
            default=0,
        )

    def _unit_mask(self, expression: str) -> np.ndarray:
        """The resources matching ``expression`` (a unit of a query, or a place), as
        packed bits over resource ids: remembered while the catalog is open, within
        UNIT_MASK_BYTES, as the intent masks are (the first search with it pays)."""
        return _packed_mask(self._unit_masks, expression, self._fetch_mask)

    def _fetch_mask(self, expression: str) -> np.ndarray:
        """The resources matching ``expression``, as packed bits over resource ids."""
        mask = np.zeros(self.size, dtype=np.bool_)
        mask[self._fetch(self.db, FTS_TABLE, expression, False)] = True
        return np.packbits(mask)

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
        # The title index's row ids are keys that end in the resource id (TITLE_KEY).
        rowid = f"rowid & {TITLE_ID_MASK}" if table == TITLE_FTS_TABLE else "rowid"
        scores: np.ndarray | None = None
        try:
            if ranked:  # bm25 scores too, scaled by ranking.HelpNowBoost
                # In row id order, sorted below: FTS5's ORDER BY rank runs the query again
                # in a nested statement and sorts it there, 2–3 times the cost of the
                # scores alone; its ties come out in row id order, as the sort below keeps.
                text, score_text = db.execute(
                    f"SELECT group_concat(id), group_concat(score) FROM (SELECT {rowid} AS id, "
                    f"rank AS score FROM {table} WHERE {table} MATCH ? ORDER BY rowid)",
                    (expression,),
                ).fetchone()
                scores = _number_list(score_text)
                ids = _id_list(text, self._id_type)
                del text, score_text
            else:
                ids = self._read_ids(db, table, rowid, expression)
        except sqlite3.Error:
            ids = np.zeros(0, self._id_type)
        valid = (ids > 0) & (ids < self.size)
        kept: np.ndarray = ids if valid.all() else ids[valid]
        if scores is not None and len(scores) == len(ids):
            # bm25 is negative, lower is better: a boost above 1 moves a resource up. Ties
            # of the boosted score by bm25, then by row id (the order read).
            bm25 = scores[valid]
            kept = kept[np.lexsort((bm25, bm25 * self._boost[kept]))]
        elif table == TITLE_FTS_TABLE and not ranked:
            kept.sort()
        return kept

    def _read_ids(
        self, db: sqlite3.Connection, table: str, rowid: str, expression: str
    ) -> np.ndarray:
        """The ``rowid`` values of the rows of ``table`` matching ``expression``, in row id
        order, as the engine's id type (in the order of each row id range, see below).

        A word in many resources is read in row id ranges: read at once, its
        ``group_concat`` text (8 bytes a match) is held by SQLite while it grows and copied
        by Python, 12 MB and more for the most common words of a million-resource catalog,
        on top of everything else the window holds. FTS5 seeks each range in the word's
        doclist, so the ranges together cost about what one read does (measured). A
        prefix query is read at once, unless the index keeps that prefix's own doclist:
        FTS5 would merge the doclists of its words again for every range.
        """
        select = (
            f"SELECT group_concat(id) FROM (SELECT {rowid} AS id FROM {table} "
            f"WHERE {table} MATCH ?{{within}} ORDER BY rowid)"
        )
        ranges = self._fetch_ranges(table, expression)
        if not ranges:
            return _id_list(
                db.execute(select.format(within=""), (expression,)).fetchone()[0],
                self._id_type,
            )
        ranged = select.format(within=" AND rowid >= ? AND rowid < ?")
        found = [
            _id_list(db.execute(ranged, (expression, *bounds)).fetchone()[0], self._id_type)
            for bounds in ranges
        ]
        return np.concatenate(found)

    def _fetch_ranges(self, table: str, expression: str) -> list[tuple[int, int]]:
        """The row id ranges :meth:`_read_ids` reads ``expression`` in (none: at once).

        The full index's row ids are resource ids: about FETCH_CHUNK matches a range, by
        the word list's count of the expression's most common word. The title index's are
        keys by title length (TITLE_KEY), cut at TITLE_LENGTHS, in a large catalog, for an
        expression with a prefix of two or three letters (the first letters of a word
        being typed, matched in titles only: "fo" is in most titles), which has no count
        in the word list; others are read at once (each range opens the doclists of all
        their words again: 7 ranges of a request of several words cost more than they
        save).
        """
        prefixes = [len(match) for match in _FTS_PREFIX.findall(expression)]
        if table == FTS_TABLE and not prefixes:
            parts = min(FETCH_PARTS, self._longest_doclist(expression) // FETCH_CHUNK + 1)
            step = -(-self.size // parts)
            starts = range(0, self.size, step) if parts > 1 else range(0)
            return [(low, low + step if low + step < self.size else 1 << 62) for low in starts]
        if (
            table == TITLE_FTS_TABLE
            and self.size > TITLE_CHUNKED_ABOVE
            and prefixes
            and all(length in TITLE_PREFIX_LENGTHS for length in prefixes)
        ):
            cuts = [0, *TITLE_LENGTHS, 1 << 30]
            return [(low << 32, high << 32) for low, high in itertools.pairwise(cuts)]
        return []

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
            db = readonly.connect(self._path, check_same_thread=False)
            db.execute("PRAGMA query_only = ON")
            # One sequential scan of the title index at a time: the operating system caches
            # the file, and more pages here are memory the window holds for nothing.
            db.execute("PRAGMA cache_size = -2000")
            self._worker_db = db
        return self._fetch(self._worker_db, TITLE_FTS_TABLE, expression, False)

    def _settle(self) -> None:
        """Wait for reads started by :meth:`_prefetch_titles`, keeping what they found."""
        pending, self._pending = self._pending, {}
        for key, future in pending.items():
            with contextlib.suppress(Exception):  # else it is read again when needed
                self._match_cache.put(key, future.result())

    def _listed(self, ids: np.ndarray) -> np.ndarray:
        """Those of ``ids`` that the sort orders list (the resources that exist)."""
        listed: np.ndarray = ids[self._ranks["title"][ids] < len(self._orders["title"])]
        return listed

    def _order(self, sort: str) -> np.ndarray:
        """The ids of the resources listed, in ``sort`` order (read on first use for the
        sorts of LATER_ORDERS)."""
        order = self._orders.get(sort)
        if order is None:
            order = self._later_array(LATER_ORDERS[sort])
            if order is None:
                raise SearchIndexError(
                    "The catalog's search index could not be read; rebuild the catalog."
                )
            self._orders[sort] = order
        return order

    def _later_array(self, name: str) -> np.ndarray | None:
        """The search array ``name``, read on first use and kept (None if the catalog has
        none of that name)."""
        array = self.arrays.get(name)
        if array is None:
            row = self.db.execute(
                "SELECT dtype, data FROM search_array WHERE name = ?", (name,)
            ).fetchone()
            if row is None:
                return None
            array = self.arrays[name] = np.frombuffer(row[1], dtype=np.dtype(row[0]))
        return array

    def _sorted(self, ids: np.ndarray, sort: str) -> np.ndarray:
        """``ids`` in ``sort`` order: by a gather over the order for many, else by rank."""
        order = self._order(sort)
        if len(ids) * 16 > len(order):
            inside = np.zeros(self.size, dtype=np.bool_)
            inside[ids] = True
            return _picked(order, inside)
        if sort == "brief" and "order_brief" in self.arrays:
            # The brief order is by title length, then id (indexing._sort_orders): the
            # lengths (2 bytes a resource) sort a few ids as a rank would (4 bytes).
            lengths = self._later_array("title_length")
            if lengths is not None:
                return ids[np.lexsort((ids, lengths[ids]))].astype(np.int64)
        rank = self._ranks.get(sort)
        if rank is None:
            rank = np.zeros(self.size, dtype=np.uint32)
            rank[order] = np.arange(len(order), dtype=np.uint32)
            self._ranks[sort] = rank
        return ids[np.argsort(rank[ids], kind="stable")].astype(np.int64)

    # ---- building FTS5 expressions

    def _term_alternatives(self, term: Term, expand: bool = True) -> list[str]:
        """A term as FTS5 alternatives: itself, its synonyms, completions of a prefix."""
        alternatives = [term.to_match()]
        tokens = tuple(term.tokens)
        synonyms = (
            self._synonyms.get(self._stem_tokens(tokens), [])
            if expand and not term.phrase and self._needs_synonyms(tokens)
            else []
        )
        alternatives += [fts_string(m) for m in self._rare(synonyms)]
        if term.prefix and not synonyms and len(tokens) == 1 and len(tokens[0]) >= 3:
            alternatives += [fts_string(word) for word in self._completions(tokens[0])]
        return alternatives

    def _plan(self, parsed: ParsedQuery, expand: bool = True) -> _Plan:
        """The FTS5 expressions of a query, with synonyms and completions (without
        synonyms and concepts if not ``expand``: the words as typed).

        In a large catalog a word of two or three letters still being typed is looked up
        in titles and organizations only (the small index has prefix indexes; a prefix
        scan of every word of every resource would take hundreds of milliseconds).
        """
        key = (parsed.clauses, parsed.excluded, expand)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._make_plan(parsed, expand)
        return plan

    def _make_plan(self, parsed: ParsedQuery, expand: bool) -> _Plan:
        """:meth:`_plan`, made."""
        short_in_titles = self.count > SHORT_PREFIX_FULL_TEXT_UP_TO
        clauses = parsed.clauses
        main: list[str] = []
        units: list[_Unit] = []
        titles: list[str] = []
        # A concept asked for twice ("victim services … case managers") is one unit.
        seen: dict[frozenset[str], int] = {}

        def add(key: frozenset[str], expression: str, typed: str, said: range) -> None:
            if key in seen:
                unit = units[seen[key]]
                units[seen[key]] = replace(unit, clauses=(*unit.clauses, *said))
                return
            seen[key] = len(units)
            main.append(expression)
            units.append(_Unit(expression, typed, tuple(said)))

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
                titles.append(clause_match([self._term_alternatives(term)]))
                i += 1
                continue
            run = self._synonym_run(clauses, i) if expand else None
            if run:
                length, others = run
                typed = " AND ".join(clauses[j][0].to_match() for j in range(i, i + length))
                typed = typed if length == 1 else f"({typed})"
                expression = "(" + " OR ".join([typed, *(fts_string(m) for m in others)]) + ")"
                said = [t for c in clauses[i : i + length] for t in c[0].tokens]
                group = frozenset(
                    " ".join(self._stem_tokens(tokens))
                    for tokens in (said, *(words(m) for m in others))
                )
                typed = " ".join(c[0].text for c in clauses[i : i + length])
                add(group, expression, typed, range(i, i + length))
                i += length
                continue
            expression = clause_match([self._term_alternatives(t, expand) for t in clause])
            add(
                frozenset([expression]),
                expression,
                " OR ".join(map(_typed, clause)),
                range(i, i + 1),
            )
            i += 1
        negative = [a for t in parsed.excluded for a in self._term_alternatives(t)]
        return _Plan(
            " AND ".join(main) or None,
            " AND ".join(titles) or None,
            " OR ".join(negative) or None,
            tuple(units),
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
            others = self._synonyms.get(self._stem_tokens(tokens))
            if others is not None and self._needs_synonyms(tokens):
                best = (j - start + 1, self._rare(others))
        return best

    def _rare(self, alternatives: Sequence[str]) -> list[str]:
        """Those of a word's synonym and concept phrases with a word in fewer than
        EXPAND_BELOW resources (by the word list).

        A phrase in tens of thousands of resources ("youth" for "teen", "law enforcement"
        for "cops" in a large catalog) costs FTS5 its whole doclist at every search, yet
        changes no first page: bm25 ranks what the rare alternatives match above it. It
        would only swell the count with resources that barely say the thing asked for.
        """
        frequency = self.speller.stem_frequency
        return [
            member
            for member in alternatives
            if min((frequency(word) for word in words(member)), default=0) < EXPAND_BELOW
        ]

    def _needs_synonyms(self, tokens: Sequence[str]) -> bool:
        """False when the words are in so many resources already (by the word list) that
        their synonyms and concepts would add little but cost much: each alternative's
        matches are read, and "youth" in a large catalog has hundreds of thousands."""
        return min((self.speller.stem_frequency(t) for t in tokens), default=0) < EXPAND_BELOW

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


_FTS_STRING = re.compile(r'"((?:[^"]|"")*)"')
#: An FTS5 prefix query's string (its letters as typed, quotes doubled).
_FTS_PREFIX = re.compile(r'"((?:[^"]|"")*)"\*')
#: An FTS5 string (kept), or a parenthesis outside one.
_FTS_GROUPING = re.compile(r'("(?:[^"]|"")*")|[()]')
#: An FTS5 string and the ``*`` of a prefix query after it, if any.
_FTS_PREFIXED = re.compile(r'"((?:[^"]|"")*)"(\*?)')


def _page_size(limit: Any) -> int:
    """A first page's size from what a caller passed (50 for something not a number)."""
    try:
        return max(0, int(limit))
    except (TypeError, ValueError):
        return 50


def _no_hits(_ids: Sequence[int] | np.ndarray, _query: ParsedQuery | None = None) -> list[Hit]:
    """No display rows (for a result whose order is rearranged before it is shown)."""
    return []


def _bare(expression: str) -> str:
    """``expression`` without its parentheses (outside its strings): a run of words
    whose synonyms were all left out is the words as typed, in parentheses."""
    return _FTS_GROUPING.sub(lambda match: match[1] or "", expression)


def _typed(term: Term) -> str:
    """A term as the person typed it (a phrase in its quotes)."""
    return f'"{term.text}"' if term.phrase else term.text


def _these_first(ids: np.ndarray, these: np.ndarray) -> np.ndarray:
    """``ids`` with those of ``these`` first (in the order of ``these``), then the rest in
    their order."""
    if not len(ids) or not len(these):
        return ids
    inside = np.zeros(int(max(ids.max(), these.max())) + 1, dtype=np.bool_)
    inside[ids] = True
    first = these[inside[these]]
    inside[first] = False
    reordered: np.ndarray = np.concatenate([first, ids[inside[ids]]], dtype=np.int64)
    return reordered


def _picked(order: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """The ids of ``order`` that ``inside`` (a mask over ids) holds, in their order, as
    int64: copied a chunk at a time, without a copy of them all in the order's type."""
    chosen = np.empty(int(np.count_nonzero(inside[order])), dtype=np.int64)
    at = 0
    for first in range(0, len(order), PICK_CHUNK):
        part = order[first : first + PICK_CHUNK]
        part = part[inside[part]]
        chosen[at : at + len(part)] = part
        at += len(part)
    return chosen


def _packed_mask(
    cache: LruCache[str, np.ndarray], expression: str, fetch: Callable[[str], np.ndarray]
) -> np.ndarray:
    """The packed mask of ``expression`` remembered in ``cache``, fetched if missing."""
    packed = cache.get_or(expression)
    return cache.put(expression, fetch(expression)) if packed is None else packed


def _bits(packed: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Whether each of ``ids`` is set in ``packed`` (``numpy.packbits`` of a mask).

    More ids than the mask has bytes are looked up in the mask unpacked (a byte per
    resource); fewer, in their own type: arithmetic on int64 copies of the ids of a
    common word (four of them at once) took 20 MB of a million-resource catalog.
    """
    if len(ids) > len(packed):
        unpacked: np.ndarray = np.unpackbits(packed).view(np.bool_)[ids]
        return unpacked
    bit = np.right_shift(np.uint8(0x80), (ids & 7).astype(np.uint8))
    bits: np.ndarray = (packed[ids >> 3] & bit) != 0
    return bits


def _has(ascending: np.ndarray, rid: int) -> bool:
    """True when the ascending array of ids holds ``rid``."""
    at = int(np.searchsorted(ascending, rid))
    return at < len(ascending) and int(ascending[at]) == rid


def _number_list(text: str | None) -> np.ndarray:
    """The numbers of a ``group_concat`` text (None: no rows) as a float64 array."""
    return np.fromstring(text, dtype=np.float64, sep=",") if text else np.zeros(0)


def _id_list(text: str | None, dtype: type[np.integer[Any]] = np.int64) -> np.ndarray:
    """The ids of a ``group_concat`` text (None: no rows) as an array of ``dtype`` (int64,
    or the engine's id type: read straight into it, no int64 copy of a long list)."""
    return np.fromstring(text, dtype=dtype, sep=",") if text else np.zeros(0, dtype)
