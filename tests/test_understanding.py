"""Query understanding: filler, intent and place words set apart from what must match."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csec_desktop.catalog.curated.sources import catalog_text, read_catalog_source
from csec_desktop.catalog.search.query import parse_query
from csec_desktop.catalog.search.understanding import (
    Gazetteer,
    QueryVocabulary,
    Understanding,
    concepts_not_in,
    read_query_vocabulary,
    understand,
    vocabulary_from_file,
)

DATA = Path(__file__).resolve().parent.parent / "data"

VOCABULARY, PROBLEMS = read_query_vocabulary(
    {
        "filler": {"words": ["help", "help for", "program for", "number", "in", "near", "my"]},
        "intent": [
            {"kinds": ["hotline"], "words": ["hotline", "number", "call"]},
            {"kinds": ["training"], "words": ["training", "curriculum"]},
        ],
        "concept": [
            {"name": "children", "words": ["kids", "children", "minors"]},
            {"name": "how many", "words": ["how many", "prevalence"]},
        ],
    }
)
GAZETTEER = Gazetteer([("Chicago", "IL"), ("Atlanta", "GA"), ("Mobile", "AL"), ("Boston", "MA")])


def read(text: str, common: frozenset[str] = frozenset()) -> tuple[list[str], Understanding]:
    understood = understand(parse_query(text), VOCABULARY, GAZETTEER, common.__contains__)
    content = [" ".join(t.text for t in clause) for clause in understood.query.clauses]
    return content, understood


def test_the_example_vocabulary_is_valid() -> None:
    assert PROBLEMS == []


def test_filler_costs_nothing() -> None:
    content, understood = read("help for runaway teens ")
    assert content == ["runaway", "teens"]
    assert understood.filler == ("help for",)


def test_intent_words_steer_the_kind_and_are_not_required() -> None:
    content, understood = read("human trafficking hotline number ")
    assert content == ["human", "trafficking"]
    assert understood.kinds == ("hotline",)
    assert understood.intent_words == ("hotline", "number")
    content, understood = read("training for cops ")
    assert understood.kinds == ("training",)


def test_a_concept_phrase_stays_content() -> None:
    content, _ = read("how many kids ")
    assert content == ["how", "many", "kids"]


def test_places_by_name_abbreviation_and_city() -> None:
    for text, name in (
        ("mentoring in chicago ", "Chicago"),
        ("mentoring new york ", "New York"),
        ("shelter CA", "California"),
        ("shelter in ca ", "California"),
        ("atlanta", "Atlanta"),  # still being typed, but a whole place: not "atlantic*"
        ("boston", "Boston"),
    ):
        content, understood = read(text)
        assert [p.name for p in understood.places] == [name], text
        assert content in (["mentoring"], ["shelter"], []), text


def test_words_that_only_look_like_places_stay_words() -> None:
    for text in ("shelter ca ", "IN custody", "mobile apps ", "kids OR teens"):
        _, understood = read(text, common=frozenset({"mobile"}))
        assert not understood.places, text
    _, understood = read("near mobile ", common=frozenset({"mobile"}))
    assert [p.name for p in understood.places] == ["Mobile"]


def test_a_word_being_typed_is_not_filler_until_whole() -> None:
    content, understood = read("runaway hotl")
    assert content == ["runaway", "hotl"]
    assert not understood.kinds


def test_phrases_or_groups_and_filters_are_left_as_typed() -> None:
    content, understood = read('"help for" hotline OR number state:NY -in ')
    assert content == ["help for", "hotline number"]
    assert understood.query.filters and understood.query.excluded


def test_only_filler() -> None:
    _, understood = read("help for my ")
    assert understood.only_filler
    _, understood = read("hotline number ")
    assert not understood.only_filler


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_understanding_never_raises(text: str) -> None:
    understood = understand(parse_query(text), VOCABULARY, GAZETTEER)
    assert len(understood.query.clauses) <= len(parse_query(text).clauses)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({"filler": {"words": "help"}}, "'words' must be a list"),
        ({"intent": [{"kinds": ["shelter"], "words": ["x"]}]}, "'kinds' must list"),
        ({"concept": [{"name": "a", "words": ["kids"]}]}, "two or more words"),
        ({"concept": [{"name": "a", "words": ["Kids", "children"]}]}, "lower case"),
        ({"concept": [{"words": ["a", "b"]}]}, "needs a 'name'"),
    ],
)
def test_a_bad_vocabulary_is_reported(raw: dict[str, object], problem: str) -> None:
    _, problems = read_query_vocabulary(raw)
    assert any(problem in p for p in problems), problems


def test_an_unreadable_vocabulary_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "concepts.toml"
    path.write_bytes(b"[filler\nwords = ")
    vocabulary, problems = vocabulary_from_file(path)
    assert vocabulary == QueryVocabulary() and len(problems) == 1


def test_the_curated_vocabulary_is_valid_and_points_at_catalog_words() -> None:
    vocabulary, problems = vocabulary_from_file(DATA / "concepts.toml")
    assert problems == []
    assert vocabulary.concepts and vocabulary.intents and vocabulary.filler
    content = read_catalog_source(DATA)
    assert concepts_not_in(vocabulary, catalog_text(content)) == []


def test_a_concept_with_no_catalog_word_is_caught() -> None:
    vocabulary, _ = read_query_vocabulary(
        {"concept": [{"name": "dental", "words": ["dentist", "teeth"]}]}
    )
    assert concepts_not_in(vocabulary, "Runaway youth and their families") == ["dental"]
