"""Search behaviour on a small realistic catalog: syntax, filters, facets, sorting, spans."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import create_engine

from benchmarks.synthetic import SyntheticCatalog
from csec_desktop.catalog.content.records import PartialDate, ResourceRecord
from csec_desktop.catalog.index import indexing
from csec_desktop.catalog.index.index_schema import META_CODES
from csec_desktop.catalog.index.indexing import (
    FTS_COLUMNS,
    FTS_TABLE,
    TITLE_FTS_TABLE,
    TITLE_ID_MASK,
    raw_sqlite,
    words,
)
from csec_desktop.catalog.search import SearchEngine, SearchIndexError, fts_string, parse_query
from csec_desktop.catalog.search import engine as search_module
from csec_desktop.catalog.storage import writer
from csec_desktop.catalog.storage.store import build_catalog
from csec_desktop.catalog.storage.writer import write_catalog
from search_fixtures import (
    ORGANIZATIONS,
    build,
    content,
    realistic_records,
    record,
    vocabulary,
)

RECORDS = realistic_records()
BY_SLUG = {r.id: r for r in RECORDS}
LABELS = {(v.facet, v.code): v.label for v in vocabulary()[0]}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("search") / "catalog.sqlite", RECORDS, ORGANIZATIONS)


@pytest.fixture(scope="module")
def engine(catalog: Path) -> Iterator[SearchEngine]:
    engine = SearchEngine(catalog)
    yield engine
    engine.close()


def slugs(engine: SearchEngine, query: str, **kwargs: object) -> list[str]:
    result = engine.search(query, limit=1000, **kwargs)  # type: ignore[arg-type]
    assert result.total == len(result.ids) == len(result.hits)
    return [hit.slug for hit in result.hits]


def text_of(r: ResourceRecord) -> set[str]:
    """Every indexed word of a record (a brute-force reference for matching)."""
    parts = [r.title, r.short_title, r.summary, r.overview, r.highlights, r.format, r.hours]
    parts += [s.city for s in r.sites] + [c.value for c in r.contacts]
    return set(words(" ".join(p for p in parts if p)))


# --------------------------------------------------------------------------- parsing


def test_parse_words_phrases_exclusions_or_and_prefix() -> None:
    parsed = parse_query('boston "safe harbor" -runaway -"sex trade" gems OR sage kind:hotline tra')
    assert [[t.text for t in c] for c in parsed.clauses] == [
        ["boston"],
        ["safe harbor"],
        ["gems", "sage"],
        ["tra"],
    ]
    assert parsed.clauses[1][0].phrase
    assert [t.text for t in parsed.excluded] == ["runaway", "sex trade"]
    assert [(f.facet, f.value) for f in parsed.filters] == [("kind", "hotline")]
    assert parsed.clauses[-1][0].prefix
    assert not any(t.prefix for t in parsed.terms[:-1])


def test_parse_prefix_only_while_typing() -> None:
    assert parse_query("mentor").terms[0].prefix
    assert not parse_query("mentor ").terms[0].prefix
    assert not parse_query('"mentor"').terms[0].prefix
    assert parse_query('"girls educ').terms[0].prefix
    assert parse_query("boston t").terms == parse_query("boston ").terms  # a lone letter waits


def test_parse_field_filters() -> None:
    parsed = parse_query('state:NY,NJ -status:defunct org:"girls educational" YEAR:2010-2014')
    assert [(f.facet, f.value, f.negated) for f in parsed.filters] == [
        ("state", "NY", False),
        ("state", "NJ", False),
        ("status", "defunct", True),
        ("organization", "girls educational", False),
        ("year", "2010-2014", False),
    ]
    assert not parsed.clauses


def test_unknown_field_is_plain_text() -> None:
    parsed = parse_query("color:blue ")
    assert not parsed.filters
    assert [t.text for t in parsed.terms] == ["color:blue"]


def test_operators_and_fts_syntax_are_literal() -> None:
    parsed = parse_query('NEAR(a b) title:x ^start * ( ) + "unbalanced')
    match = parsed.to_match()
    assert match is not None
    # every piece of user text is inside a quoted string
    outside = re.sub(r'"(?:[^"]|"")*"\*?', "", match)
    assert set(outside.replace("AND", "").replace("OR", "").replace("NOT", "")) <= set(" ()")


def test_only_exclusions_and_only_filters_have_no_match_expression() -> None:
    assert parse_query("-icac").to_match() is None
    assert parse_query("-icac").exclusion_match() == '"icac"*'
    assert parse_query("kind:hotline").to_match() is None
    assert parse_query("").is_empty


# --------------------------------------------------------------------------- matching


def test_resources_matching_all_words_come_first(engine: SearchEngine) -> None:
    result = engine.search("sexual exploitation mentoring ")
    expected = {
        r.id
        for r in RECORDS
        if {"sexual", "exploitation", "mentor"} <= stems(text_of(r) | tags_of(r))
    }
    assert expected and result.strict_total == len(expected)
    shown = [h.slug for h in engine.hits(result.ids, result.query)]
    assert set(shown[: len(expected)]) == expected
    # fewer than a handful match all three words: those matching some follow, and say so
    assert result.relaxed == (len(expected) < 5)


def stems(found: set[str]) -> set[str]:
    return found | {w.removesuffix("ing") for w in found}


def test_a_place_in_the_words_comes_first(engine: SearchEngine) -> None:
    result = engine.search("sexual exploitation boston ")
    assert result.understanding is not None
    assert [p.name for p in result.understanding.places] == ["Boston"]
    shown = [BY_SLUG[h.slug] for h in engine.hits(result.ids, result.query)]
    in_boston = [any(s.city == "Boston" for s in r.sites) for r in shown]
    assert in_boston[0] and result.place_found
    assert "program/little-wanderers" in {
        r.id for r, there in zip(shown, in_boston, strict=True) if there
    }
    # Boston first: once a result is elsewhere, none after it is in Boston
    assert in_boston == sorted(in_boston, reverse=True)


def tags_of(r: ResourceRecord) -> set[str]:
    return set(words(" ".join([*r.topics, *(s.city or "" for s in r.sites)]).replace("_", " ")))


def test_phrase_is_stricter_than_words(engine: SearchEngine) -> None:
    loose = set(slugs(engine, "sex trafficking "))
    strict = set(slugs(engine, '"sex trafficking"'))
    assert strict
    assert strict <= loose
    for slug in strict:
        r = BY_SLUG[slug]
        labels = " ".join(LABELS["topic", t] for t in r.topics)
        text = " ".join(words(f"{r.title} {r.summary} {r.overview or ''} {labels}"))
        assert "sex trafficking" in text


def test_exclusion(engine: SearchEngine) -> None:
    everything = set(slugs(engine, "trafficking "))
    without = set(slugs(engine, "trafficking -hotline "))
    assert "hotline/trafficking-hotline" in everything
    assert "hotline/trafficking-hotline" not in without
    assert without < everything
    phrase_out = set(slugs(engine, 'trafficking -"literature review" '))
    assert "publication/literature-review" not in phrase_out


def test_only_exclusions_is_everything_else(engine: SearchEngine) -> None:
    excluded = set(slugs(engine, '"hotline" '))
    rest = set(slugs(engine, "-hotline "))
    assert rest == set(BY_SLUG) - excluded


def test_an_intent_word_alone_shows_that_kind(engine: SearchEngine) -> None:
    result = engine.search("hotline ")
    assert result.understanding is not None and result.understanding.kinds == ("hotline",)
    hotlines = sum(r.kind == "hotline" for r in RECORDS)
    shown = [BY_SLUG[h.slug] for h in engine.hits(result.ids)]
    assert {r.kind for r in shown[:hotlines]} == {"hotline"}
    # then what speaks of hotlines without being one
    assert all("hotline" in text_of(r) for r in shown[hotlines:])


def test_or_is_the_union(engine: SearchEngine) -> None:
    one = set(slugs(engine, "runaway "))
    other = set(slugs(engine, "judges "))
    assert set(slugs(engine, "runaway OR judges ")) == one | other
    assert one and other


def test_prefix_while_typing_bridges_stemming(engine: SearchEngine) -> None:
    complete = set(slugs(engine, "mentoring "))
    for typed in ("mento", "mentor", "mentori", "mentorin", "mentoring"):
        assert complete <= set(slugs(engine, typed)), typed


def test_empty_query_lists_everything_by_title(engine: SearchEngine) -> None:
    result = engine.search("", limit=5)
    assert result.total == len(RECORDS)
    titles = [BY_SLUG[h.slug].title for h in engine.hits(result.ids, result.query)]
    assert titles == sorted(titles, key=str.casefold)


def test_field_filters_in_query(engine: SearchEngine) -> None:
    assert set(slugs(engine, "kind:hotline")) == {r.id for r in RECORDS if r.kind == "hotline"}
    assert set(slugs(engine, "state:ny")) == {
        r.id for r in RECORDS if any(s.state == "NY" for s in r.sites)
    }
    assert set(slugs(engine, "year:2014")) == {
        r.id for r in RECORDS if r.published and r.published.year == 2014
    }
    assert set(slugs(engine, "org:gems")) == {r.id for r in RECORDS if r.organization == "gems"}
    assert set(slugs(engine, "-status:completed kind:program")) == {
        r.id for r in RECORDS if r.kind == "program" and r.status != "completed"
    }
    ranged = {r.id for r in RECORDS if r.published and 2014 <= r.published.year <= 2015}
    assert set(slugs(engine, "year:2014-2015")) == ranged
    assert set(slugs(engine, "topic:mentoring")) == {
        r.id for r in RECORDS if "mentoring" in r.topics
    }


def test_unresolvable_filter_finds_nothing(engine: SearchEngine) -> None:
    assert engine.search("kind:spaceship").total == 0
    assert engine.search("boston", {"kind": ["spaceship"]}).total == 0


def test_filters_argument(engine: SearchEngine) -> None:
    found = set(
        slugs(engine, "", filters={"kind": ["hotline", "website"], "topic": ["trafficking"]})
    )
    assert found == {
        r.id for r in RECORDS if r.kind in ("hotline", "website") and "trafficking" in r.topics
    }
    by_funder = set(slugs(engine, "", filters={"funder": ["ojjdp"], "status": ["completed"]}))
    assert by_funder == {r.id for r in RECORDS if r.funder == "ojjdp" and r.status == "completed"}
    assert set(slugs(engine, "", filters={"language": ["es"]})) == {
        r.id for r in RECORDS if "es" in r.languages
    }


# --------------------------------------------------------------------------- synonyms, typos


@pytest.mark.parametrize(
    ("acronym", "spelled"),
    [
        ("icac", "internet crimes against children"),
        ("csam", "child pornography"),
        ("mdt", "multi-disciplinary team"),
        ("ncmec", "national center for missing & exploited children"),
    ],
)
def test_synonyms_both_ways(engine: SearchEngine, acronym: str, spelled: str) -> None:
    by_acronym = set(slugs(engine, acronym))
    by_words = set(slugs(engine, spelled + " "))
    for query, found in ((acronym, by_acronym), (spelled, by_words)):
        assert found, query
    # what says it in full is found by the acronym, and what says the acronym by the words
    spelled_out = {r.id for r in RECORDS if " ".join(words(spelled)) in _plain(r)}
    abbreviated = {r.id for r in RECORDS if acronym in text_of(r)}
    assert spelled_out <= by_acronym
    assert abbreviated <= by_words


def _plain(r: ResourceRecord) -> str:
    return " ".join(words(f"{r.title} {r.summary} {r.overview or ''}"))


def test_typo_is_corrected_when_nothing_matches(engine: SearchEngine) -> None:
    result = engine.search("trafficing ")
    assert result.corrected
    assert result.suggestion is not None and "trafficking" in result.suggestion
    assert result.total == engine.search("trafficking ").total > 0


def test_typo_while_typing_gets_did_you_mean(engine: SearchEngine) -> None:
    result = engine.search("trafficing")
    assert result.suggestion is not None and "trafficking" in result.suggestion
    assert result.total > 0


def test_correct_words_get_no_suggestion(engine: SearchEngine) -> None:
    for query in ("trafficking", "boston mentoring", "gems", "kind:hotline", ""):
        assert engine.search(query).suggestion is None, query


def test_suggest(engine: SearchEngine) -> None:
    assert engine.search("mentorng progams").suggestion == "mentoring programs"
    assert engine.search("mentoring").suggestion is None
    assert engine.search("zzzzqqqq").suggestion is None


def test_stopwords_dropped_when_nothing_matches(engine: SearchEngine) -> None:
    result = engine.search("mentoring for victims in miami ")
    assert result.total > 0
    assert "program/mentoring-initiative" in [h.slug for h in result.hits]


# --------------------------------------------------------------------------- facets


def test_facets_count_the_results(engine: SearchEngine) -> None:
    facets = engine.facets("exploitation ")
    found = [BY_SLUG[s] for s in slugs(engine, "exploitation ")]
    assert {v.code: v.count for v in facets["kind"]} == Counter(r.kind for r in found)
    assert {v.code: v.count for v in facets["topic"]} == Counter(t for r in found for t in r.topics)
    states = Counter(st for r in found for st in {s.state for s in r.sites if s.state})
    assert {v.code: v.count for v in facets["state"]} == states
    years = [v.code for v in facets["year"]]
    assert years == sorted(years, reverse=True)
    counts = [v.count for v in facets["topic"]]
    assert counts == sorted(counts, reverse=True)
    labels = {v.code: v.label for v in facets["kind"]}
    assert labels.get("program") == "Program"
    assert {v.label for v in facets["state"] if v.code == "MA"} <= {"Massachusetts"}


def test_facets_are_disjunctive(engine: SearchEngine) -> None:
    chosen = {"kind": ["program"]}
    facets = engine.facets("", chosen)
    # the chosen facet keeps its siblings, counted without its own filter
    assert {v.code: v.count for v in facets["kind"]} == Counter(r.kind for r in RECORDS)
    # the other facets narrow to programs
    programs = [r for r in RECORDS if r.kind == "program"]
    assert {v.code: v.count for v in facets["topic"]} == Counter(
        t for r in programs for t in r.topics
    )
    both = engine.facets("", {"kind": ["program"], "state": ["NY"]})
    in_ny = [r for r in RECORDS if any(s.state == "NY" for s in r.sites)]
    assert {v.code: v.count for v in both["kind"]} == Counter(r.kind for r in in_ny)
    assert {v.code: v.count for v in both["state"]} == Counter(
        st for r in programs for st in {s.state for s in r.sites if s.state}
    )


def test_facets_keep_selected_values_and_organizations(engine: SearchEngine) -> None:
    facets = engine.facets("hotline", {"organization": ["gems"]})
    assert any(v.code == "gems" and v.count == 0 for v in facets["organization"])
    funders = {v.code: v for v in engine.facets("")["funder"]}
    assert funders["ojjdp"].label.startswith("Office of Juvenile Justice")
    assert funders["ojjdp"].count == sum(1 for r in RECORDS if r.funder == "ojjdp")


# --------------------------------------------------------------------------- order, rows


def test_sorts(engine: SearchEngine) -> None:
    by_title = [BY_SLUG[s].title for s in slugs(engine, "", sort="title")]
    assert by_title == sorted(by_title, key=str.casefold)
    verified = [BY_SLUG[s].last_verified.first_day() for s in slugs(engine, "", sort="verified")]
    assert verified == sorted(verified, reverse=True)
    dated = [_date_key(BY_SLUG[s]) for s in slugs(engine, "guide OR report ", sort="date")]
    assert dated == sorted(dated, reverse=True)
    assert engine.search("", sort="nonsense").total == len(RECORDS)


def _date_key(r: ResourceRecord) -> tuple[int, int]:
    if r.published:
        return r.published.year, r.published.month or 0
    starts = [a.start for a in r.awards if a.start]
    if not starts:
        return (0, 0)
    first = min(starts, key=lambda d: d.first_day())
    return first.year, first.month or 0


def test_relevance_prefers_title_hits(engine: SearchEngine) -> None:
    found = slugs(engine, "safe harbor ")
    assert found[0] == "publication/safe-harbor-study"


def test_hits_rows_and_spans(engine: SearchEngine) -> None:
    result = engine.search("mentoring miami", limit=10)
    assert [h.id for h in result.hits] == [int(i) for i in result.ids[:10]]
    top = result.hits[0]
    assert top.slug == "program/mentoring-initiative"
    assert top.title_spans
    for start, end in top.title_spans:
        assert top.title[start:end].casefold().startswith(("mentor", "miami"))
    assert top.place.startswith("Boston, MA +5")
    for start, end in top.snippet_spans:
        assert 0 <= start < end <= len(top.snippet)
    assert isinstance(top.last_verified, PartialDate)

    gems = engine.search("gems new york", limit=1).hits[0]
    assert gems.slug == "program/gems-girls-program"
    assert gems.place == "New York, NY"
    assert gems.year == "2006–2009"
    assert gems.organization == "Girls Educational and Mentoring Services"
    assert gems.status == "completed"
    assert gems.last_verified == PartialDate(2008)
    assert engine.search("national runaway", limit=1).hits[0].place == "National"


def test_hits_in_any_order(engine: SearchEngine) -> None:
    ids = engine.search("").ids[::-1][:7]
    assert [h.id for h in engine.hits(list(ids), None)] == [int(i) for i in ids]
    assert engine.hits([], None) == []
    assert engine.hits([10**9], "x") == []


def test_cheap_ranking_path(engine: SearchEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the ranking threshold, title and organization hits come first."""
    monkeypatch.setattr(search_module, "RANK_ALL_BELOW", 2)
    engine._match_cache.clear()
    try:
        assert_title_hits_first(engine)
    finally:
        engine._match_cache.clear()


def assert_title_hits_first(engine: SearchEngine) -> None:
    """Resources with "exploitation" in their title or organizations come first."""
    result = engine.search("exploitation ", limit=1000)
    assert result.total == engine.search("exploitation ", sort="title").total
    names = {o.key: f"{o.name} {o.acronym or ''}" for o in ORGANIZATIONS}

    def strong(slug: str) -> bool:
        r = BY_SLUG[slug]
        keys = (r.organization, r.funder, r.publisher)
        text = " ".join([r.title, r.short_title or "", *(names[k] for k in keys if k)])
        return any(w.startswith("exploit") for w in words(text))  # porter: one stem

    in_title = [strong(h.slug) for h in result.hits]
    assert any(in_title) and not all(in_title)
    assert in_title == sorted(in_title, reverse=True)


def test_short_prefix_in_titles_when_large(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a large catalog, two or three letters being typed match titles and organizations."""
    everywhere = set(slugs(engine, "mia"))
    monkeypatch.setattr(search_module, "SHORT_PREFIX_FULL_TEXT_UP_TO", 0)
    engine._match_cache.clear()
    try:
        in_titles = set(slugs(engine, "mia"))
        assert in_titles == {
            r.id for r in RECORDS if any(w.startswith("mia") for w in words(r.title))
        }
        assert in_titles < everywhere
        assert set(slugs(engine, "youth mia")) == {
            s for s in in_titles if "youth" in text_of(BY_SLUG[s])
        }
        assert "program/miami-dade-outreach" not in slugs(engine, "-outreach mia")
        assert slugs(engine, "mia", sort="title")
    finally:
        engine._match_cache.clear()


# --------------------------------------------------------------------------- opening


def test_engine_from_sqlalchemy_engine_and_reload(catalog: Path, tmp_path: Path) -> None:
    sa_engine = create_engine(f"sqlite:///{catalog}")
    engine = SearchEngine(sa_engine)
    assert engine.search("gems").total > 0
    engine.reload()
    assert engine.search("gems").total > 0
    engine.close()
    sa_engine.dispose()
    with pytest.raises(SearchIndexError):
        SearchEngine(tmp_path / "missing.sqlite")


def test_a_large_catalog_lists_the_words_of_a_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past TERM_SAMPLE resources, the word list comes from a sample: only catalog words,
    every word of half the resources or more, and their counts close to the true ones."""
    monkeypatch.setattr(indexing, "TERM_SAMPLE", 300)
    catalog = SyntheticCatalog(1500)
    path = tmp_path / "catalog.sqlite"
    build_catalog(path, catalog.content(), resources=catalog)
    db = sqlite3.connect(path)
    exact: Counter[str] = Counter()
    for row in db.execute(f"SELECT {', '.join(FTS_COLUMNS)} FROM {FTS_TABLE}"):
        exact.update(set(words(" ".join(row))))
    listed = dict(db.execute("SELECT term, df FROM search_term"))
    (codes,) = db.execute("SELECT value FROM meta WHERE key = ?", (META_CODES,)).fetchone()
    db.close()
    assert json.loads(codes)["terms_complete"] is False
    assert listed
    assert set(listed) <= set(exact)
    frequent = [word for word, count in exact.items() if count >= 750 and len(word) > 1]
    assert len(frequent) >= 5
    for word in frequent:
        assert abs(listed[word] - exact[word]) <= exact[word] // 5, word


def test_engine_on_an_in_memory_catalog() -> None:
    sa_engine = create_engine("sqlite://")
    with sa_engine.begin() as connection:
        write_catalog(connection, content(RECORDS[:5], ORGANIZATIONS))
    engine = SearchEngine(sa_engine)
    assert engine.search("").total == 5
    assert engine.search(RECORDS[0].title).hits[0].slug == RECORDS[0].id
    engine.close()
    sa_engine.dispose()


def test_the_title_index_is_searched_through_the_connection_that_built_it() -> None:
    """The title index, built in a file of its own and copied in, is found at once by
    the connection that copied it (a catalog in memory has no other): in the build's
    transaction and after it, with its own ranking."""
    sa_engine = create_engine("sqlite://")
    records = RECORDS[:5]

    def title_hits(word: str) -> list[int]:
        rows = db.execute(
            f"SELECT rowid, rank, bm25({TITLE_FTS_TABLE}, 2.0, 1.0) FROM {TITLE_FTS_TABLE} "
            f"WHERE {TITLE_FTS_TABLE} MATCH ? ORDER BY rank",
            (fts_string(word),),
        ).fetchall()
        assert [rank for _, rank, _ in rows] == [weighted for _, _, weighted in rows]
        return [rowid & TITLE_ID_MASK for rowid, _, _ in rows]

    with sa_engine.begin() as connection:
        write_catalog(connection, content(records, ORGANIZATIONS))
        db = raw_sqlite(connection)
        ids = dict(db.execute("SELECT slug, id FROM resource"))
        for record in records:
            word = max(words(record.title), key=len)
            assert ids[record.id] in title_hits(word), word
    with sa_engine.connect() as connection:
        db = raw_sqlite(connection)
        word = max(words(records[0].title), key=len)
        assert ids[records[0].id] in title_hits(word)
        (rank,) = db.execute(f"SELECT v FROM {TITLE_FTS_TABLE}_config WHERE k = 'rank'").fetchone()
        assert rank == "bm25(2.0, 1.0)"
    sa_engine.dispose()


def test_index_progress_and_cancel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Resources are written and full-text indexed together, reporting progress as they
    go; a cancel midway leaves no catalog behind."""
    monkeypatch.setattr(writer, "BATCH", 4)
    calls: list[tuple[int, int, str]] = []
    build_catalog(tmp_path / "a.sqlite", content(RECORDS), progress=lambda *a: calls.append(a))
    writing = [(done, total) for done, total, stage in calls if stage == "Writing resources"]
    assert (4, len(RECORDS)) in writing
    assert writing[-1] == (len(RECORDS), len(RECORDS))
    assert [stage for _, _, stage in calls][-1] == "Index ready"

    class CancelledError(Exception):
        pass

    def cancel(done: int, total: int, stage: str) -> None:
        if stage == "Writing resources" and done == 8:
            raise CancelledError

    with pytest.raises(CancelledError):
        build_catalog(tmp_path / "b.sqlite", content(RECORDS), progress=cancel)
    assert not (tmp_path / "b.sqlite").exists()


def test_codes_missing_from_the_vocabulary(tmp_path: Path) -> None:
    """A status or category the vocabulary does not list still indexes and filters."""
    catalog = content(RECORDS)
    catalog.vocabulary = [
        v
        for v in catalog.vocabulary
        if (v.facet, v.code) not in {("status", "defunct"), ("category", "tta")}
    ]
    build_catalog(tmp_path / "c.sqlite", catalog)
    engine = SearchEngine(tmp_path / "c.sqlite")
    defunct = {r.id for r in RECORDS if r.status == "defunct"}
    assert defunct
    assert set(slugs(engine, "", filters={"status": ["defunct"]})) == defunct
    assert {v.code for v in engine.facets("")["status"]} == {r.status for r in RECORDS}
    assert engine.search("tta").total >= sum(1 for r in RECORDS if r.category == "tta")
    engine.close()


def test_empty_catalog(tmp_path: Path) -> None:
    engine = SearchEngine(build(tmp_path / "empty.sqlite", []))
    result = engine.search("anything")
    assert result.total == 0 and result.hits == [] and len(result.ids) == 0
    assert all(values == [] for values in engine.facets("").values())
    engine.close()


def test_diacritics_and_case(tmp_path: Path) -> None:
    path = build(
        tmp_path / "accents.sqlite",
        [record("program/nino", "Programa para Niños y Jóvenes", "Servicios en español.")],
    )
    engine = SearchEngine(path)
    assert engine.search("ninos jovenes ").total == 1
    assert engine.search("NIÑOS").total == 1
    hit = engine.search("jovenes ").hits[0]
    assert [hit.title[a:b] for a, b in hit.title_spans] == ["Jóvenes"]
    engine.close()


def test_ids_are_numpy_int64(engine: SearchEngine) -> None:
    result = engine.search("boston")
    assert isinstance(result.ids, np.ndarray)
    assert result.ids.dtype == np.int64


# --------------------------------------------------------------------------- fast paths


def test_title_index_read_in_parallel_gives_the_same_order(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The title index read on the worker thread ranks exactly as a read in turn."""
    monkeypatch.setattr(search_module, "RANK_ALL_BELOW", 2)
    engine._match_cache.clear()
    try:
        parallel = engine.search("exploitation ", limit=1000).ids
        assert engine._path is not None and not engine._pending
        path, engine._path = engine._path, None
        try:
            engine._match_cache.clear()
            serial = engine.search("exploitation ", limit=1000).ids
        finally:
            engine._path = path
        assert parallel.tolist() == serial.tolist()
    finally:
        engine._match_cache.clear()


@pytest.mark.parametrize("stream_rows", [1, 256])
def test_did_you_mean_checks_filters_without_fetching_everything(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch, stream_rows: int
) -> None:
    monkeypatch.setattr(search_module, "STREAM_ROWS", stream_rows)
    engine._match_cache.clear()
    kinds = Counter(BY_SLUG[s].kind for s in slugs(engine, "trafficking"))
    for kind in kinds:
        engine._match_cache.clear()
        result = engine.search("trafficing", filters={"kind": [kind]})
        if result.total:
            assert result.suggestion is not None and "trafficking" in result.suggestion
    engine._match_cache.clear()
    assert engine.search("trafficing", filters={"kind": ["nonexistent"]}).total == 0
    assert engine.search("mentorng progams").suggestion == "mentoring programs"


def test_facets_of_the_whole_catalog_are_remembered(engine: SearchEngine) -> None:
    first = engine.facets("")
    first["kind"].clear()
    again = engine.facets("  ")
    assert again["kind"] and again == engine.facets("", {})
    assert sum(v.count for v in again["kind"]) == engine.search("").total
    assert engine.facets("", {"kind": ["program"]}) != again


@pytest.mark.parametrize("ranked_title_hits", [0, 3000])
def test_first_page_read_alone_is_the_head_of_the_whole_order(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch, ranked_title_hits: int
) -> None:
    """A first page read from the title index alone is the first page of the whole
    relevance order, counted afterwards; with filters too."""
    monkeypatch.setattr(search_module, "RANK_ALL_BELOW", 2)
    monkeypatch.setattr(search_module, "RANK_TITLE_HITS_BELOW", ranked_title_hits)
    monkeypatch.setattr(search_module, "PAGE_CHUNK", 1)  # filtered pages read on and on
    cases: list[tuple[str, dict[str, list[str]] | None]] = [
        ("exploitation", None),
        ("trafficking", None),
        ("youth ", None),
        ("trafficking", {"kind": ["program"]}),
        ("kind:program exploitation", None),
        ("law enforcement", {"state": ["CA", "NY"]}),
        ("exploitaton", None),  # corrected, then read alone
    ]
    read_alone = 0
    for query, filters in cases:
        engine._match_cache.clear()
        result = engine.search(query, filters, limit=3)
        read_alone += result.counted is None
        if query == "exploitaton":
            assert result.corrected and result.counted is None
        page = [hit.id for hit in result.hits]
        assert page == result.ids[:3].tolist()
        engine._match_cache.clear()
        whole = engine.search(query, filters, limit=1000)
        assert result.ids.tolist() == whole.ids.tolist() == [h.id for h in whole.hits]
        assert (result.suggestion, result.corrected) == (whole.suggestion, whole.corrected)
    assert read_alone >= 2  # the kind cases; a place needs title hits naming it


@pytest.mark.parametrize("ranked_title_hits", [0, 1000])
def test_a_first_page_of_a_kind_or_place_asked_for_is_the_head_of_the_whole_order(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch, ranked_title_hits: int
) -> None:
    """With a kind or a place asked for, a page of title hits of the best kind and place is
    read alone, and is the head of the whole order, preferences applied."""
    monkeypatch.setattr(search_module, "RANK_ALL_BELOW", 2)
    monkeypatch.setattr(search_module, "RANK_TITLE_HITS_BELOW", ranked_title_hits)
    monkeypatch.setattr(search_module, "PAGE_CHUNK", 1)
    read_alone = 0
    for query in (
        "exploitation training",
        "trafficking hotline",
        "sexual exploitation boston",
        "exploitation in boston",
        "children curriculum",
        "exploitation guide",
    ):
        engine._match_cache.clear()
        result = engine.search(query, limit=1)
        read_alone += result.counted is None
        engine._match_cache.clear()
        whole = engine.search(query, limit=1000)
        assert [hit.id for hit in result.hits] == whole.ids[:1].tolist(), query
        assert result.ids.tolist() == whole.ids.tolist() == [h.id for h in whole.hits], query
        assert result.notices() == whole.notices(), query
    assert read_alone >= 2  # the kind cases; a place needs title hits naming it


def test_a_result_counted_after_a_reload_asks_to_search_again(
    catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "RANK_ALL_BELOW", 2)
    engine = SearchEngine(catalog)
    try:
        result = engine.search("trafficking", limit=2)
        assert len(result.hits) == 2
        engine.reload()
        with pytest.raises(SearchIndexError, match="search again"):
            _ = result.total
        assert engine.search("trafficking", limit=2).total > 2
    finally:
        engine.close()


def test_a_request_whose_other_words_are_common_shows_what_they_all_find(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a word matches nothing and every other word is common, the results are the
    resources with all the other words: the head of the relaxed order, read without
    ranking every resource that has any of them; facet counts agree."""
    query = "exploitation youth qwxqz"
    engine._match_cache.clear()
    relaxed = engine.search(query, limit=1000)
    assert relaxed.relaxed and relaxed.strict_total == 0
    both = set(engine.search("exploitation youth", limit=1000).ids.tolist())
    assert 0 < len(both) < relaxed.total
    head = relaxed.ids[: len(both)].tolist()
    assert set(head) == both
    monkeypatch.setattr(search_module, "RANK_ALL_BELOW", 2)  # every word now common
    engine._match_cache.clear()
    try:
        narrowed = engine.search(query, limit=1000)
        assert narrowed.relaxed and narrowed.strict_total == 0
        assert set(narrowed.ids.tolist()) == both
        assert [h.id for h in narrowed.hits] == narrowed.ids.tolist()
        assert narrowed.matched_terms == ("exploitation", "youth")
        assert narrowed.dropped_terms == ("qwxqz",)
        kinds = engine.facets(query)["kind"]
        assert sum(value.count for value in kinds) == narrowed.total
    finally:
        engine._match_cache.clear()


@pytest.mark.parametrize("common_unit", [0, 3])
def test_common_words_matched_through_their_masks_find_what_fts5_finds(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch, common_unit: int
) -> None:
    """A request's common words (every word, or those in more than three resources)
    taken from remembered masks give the same results, order, notices and facet counts
    as FTS5 evaluating the whole AND; places named too."""
    queries = (
        "exploitation youth",
        "trafficking training for law enforcement",
        "sexual exploitation boston",
        "shelter for trafficked youth in texas",
        "mentoring program for girls",
        "kids sold for sex",
        "exploitation youth qwxqz",
        "youth traf",
    )

    def seen() -> list[tuple[object, ...]]:
        found: list[tuple[object, ...]] = []
        for query in queries:
            engine._match_cache.clear()
            result = engine.search(query, limit=1000)
            found.append(
                (
                    result.ids.tolist(),
                    [hit.id for hit in result.hits],
                    result.notices(),
                    engine.facets(query),
                )
            )
        return found

    monkeypatch.setattr(search_module, "RANK_ALL_BELOW", 2)  # matches not all remembered
    engine._unit_masks.clear()
    by_fts5 = seen()
    assert all(key.startswith("{") for key in engine._unit_masks)  # places only
    monkeypatch.setattr(search_module, "COMMON_UNIT", common_unit)
    try:
        assert seen() == by_fts5
        assert not all(key.startswith("{") for key in engine._unit_masks)  # words too
    finally:
        engine._match_cache.clear()
        engine._unit_masks.clear()


def test_a_title_typed_out_is_found_among_the_titles_with_its_rarest_words(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Titles read from a few candidates order results as a phrase query over every title."""
    titled = [r for r in RECORDS if len(words(r.title)) > 2][:8]
    engine._match_cache.clear()
    found = {r.id: engine.search(r.title, limit=1000).ids.tolist() for r in titled}
    monkeypatch.setattr(search_module, "TITLE_CANDIDATES", 0)  # the phrase query always
    engine._match_cache.clear()
    try:
        for r in titled:
            ids = engine.search(r.title, limit=1000).ids.tolist()
            assert ids == found[r.id], r.title
            assert r.id in {hit.slug for hit in engine.hits(ids[:5])}, r.title
    finally:
        engine._match_cache.clear()


def test_a_query_too_costly_to_rank_puts_title_hits_first(
    engine: SearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bm25 is not asked for when counting its phrases' rows would read too much: title and
    organization hits then come first, as for a very common word."""
    monkeypatch.setattr(search_module, "RANK_POSTINGS", 0)
    engine._match_cache.clear()
    try:
        assert_title_hits_first(engine)
    finally:
        engine._match_cache.clear()
