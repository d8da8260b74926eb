"""Any text a person can type is a valid query (Hypothesis).

Arbitrary text — control characters, NUL, unbalanced quotes, FTS5 operators and keywords,
field names, very long strings — must never make the parser, the MATCH expression or the
search engine fail, and nothing typed may reach MATCH outside a quoted string.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csec_desktop.catalog.hits import FACETS
from csec_desktop.catalog.index.indexing import TOKENIZE
from csec_desktop.catalog.search import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    SearchEngine,
    SearchResult,
    parse_query,
)
from search_fixtures import ORGANIZATIONS, build, realistic_records

PIECES = [
    '"', '""', "-", "--", "*", "^", ":", "(", ")", "+", "{", "}", "[", "]", "'", "\\",
    "NEAR", "NEAR(", "AND", "OR", "NOT", "and", "or", "not", "|", "&&",
    "kind:", "kind:hotline", "state:NY", "year:2014", "year:2010-2014", "year:>2010",
    "org:", "org:gems", 'org:"', "topic:", "audience:judges", "status:active", "-kind:program",
    "lang:es", "funder:ojjdp", "title:", "color:blue", "state:,,", "year:abcd",
    "trafficking", "traf", "t", "icac", "internet crimes against children", "boston",
    "mentoring", "miami", "ñiños", "ǅ", "ﬁ", "İ", "ß", "\u0301", "\u200b", "\ufeff",
    "\x00", "\x01", "\x1b", "\x7f", "\u2028", "\t", "\n", " ", "  ", "\ud800",
    "日本語", "😀", "٣", "…", "“", "”", "7", "24/7", "1-800-843-5678", "%", "_",
]  # fmt: skip

queries = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.lists(st.sampled_from(PIECES), max_size=14).map("".join),
    st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join),
    st.lists(st.sampled_from(PIECES), min_size=100, max_size=400).map(" ".join),
    st.text(max_size=5).map(lambda s: s * 400),
)
filters = st.dictionaries(
    st.sampled_from([*FACETS, "org", "nonsense", "KIND"]),
    st.lists(st.sampled_from(["NY", "program", "gems", "2014", "x", "", "ojjdp", "active"])),
    max_size=3,
)

QUOTED = re.compile(r'"(?:[^"]|"")*"\*?')
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(":memory:")
    db.execute(
        f"CREATE VIRTUAL TABLE t USING fts5(title, organization, tags, body, tokenize='{TOKENIZE}')"
    )
    db.execute("INSERT INTO t VALUES ('a title', 'an org', 'tags', 'some body text')")
    yield db
    db.close()


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    path = build(
        tmp_path_factory.mktemp("parser") / "catalog.sqlite", realistic_records(), ORGANIZATIONS
    )
    engine = SearchEngine(Path(path))
    yield engine
    engine.close()


def _only_operators_outside_quotes(expression: str) -> bool:
    outside = QUOTED.sub(" ", expression)
    leftover = re.sub(r"\b(AND|OR|NOT)\b", " ", outside)
    return set(leftover) <= set(" (){}:") and "{" not in outside.replace("{title organization}", "")


@SETTINGS
@given(queries)
def test_parse_never_raises_and_match_is_safe(fts: sqlite3.Connection, text: str) -> None:
    parsed = parse_query(text)
    assert len(parsed.text) <= MAX_QUERY_CHARS
    assert len(parsed.terms) + len(parsed.excluded) <= MAX_TERMS
    assert not re.search(r"[\x00-\x1f\x7f]", parsed.text)
    for expression in (parsed.to_match(), parsed.exclusion_match()):
        if expression is None:
            continue
        assert _only_operators_outside_quotes(expression), expression
        fts.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()
    for term in parsed.terms:
        assert term.tokens
        assert parsed.text[term.start : term.end] == term.text


@SETTINGS
@given(queries, filters, st.sampled_from(["relevance", "title", "date", "verified", "?"]))
def test_engine_never_raises(
    engine: SearchEngine, text: str, chosen: dict[str, list[str]], sort: str
) -> None:
    result = engine.search(text, chosen, sort=sort, limit=5)
    assert isinstance(result, SearchResult)
    assert result.total == len(result.ids)
    assert len(result.hits) == min(5, result.total)
    assert len(set(result.ids.tolist())) == result.total
    for hit in result.hits:
        for start, end in hit.title_spans:
            assert 0 <= start < end <= len(hit.title)
        for start, end in hit.snippet_spans:
            assert 0 <= start < end <= len(hit.snippet)
    facets = engine.facets(text, chosen)
    assert set(facets) == set(FACETS)
    if not result.corrected:
        # every facet counts exactly the results its own filter leaves out, at most all
        assert sum(v.count for v in facets["kind"]) >= result.total
    engine.hits(result.ids[:3], text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30))
def test_engine_engine_expression_is_safe(engine: SearchEngine, text: str) -> None:
    """The expression the engine builds (synonyms, completions) is quoted like the parser's."""
    parsed = parse_query(text)
    negative = engine._plan(parsed).negative
    for expression in (engine._positive_expression(parsed), negative):
        if expression is not None:
            assert _only_operators_outside_quotes(expression), expression
