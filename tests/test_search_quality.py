"""Does the right resource come first for what caseworkers actually type?

Two catalogs: the realistic test catalog of ``search_fixtures`` (always), and the curated
catalog in ``data/`` when it is there (its checks skip themselves when an expected entry is
missing, since that catalog is still being written).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from csec_desktop.catalog.curated.sources import read_catalog_source
from csec_desktop.catalog.search import SearchEngine
from csec_desktop.catalog.storage.store import build_catalog
from search_fixtures import ORGANIZATIONS, build, realistic_records

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    path = build(
        tmp_path_factory.mktemp("quality") / "catalog.sqlite", realistic_records(), ORGANIZATIONS
    )
    engine = SearchEngine(path)
    yield engine
    engine.close()


def top(engine: SearchEngine, query: str, n: int = 3) -> list[str]:
    return [hit.slug for hit in engine.search(query, limit=n).hits]


# Typed as a caseworker types: no trailing space, so the last word is still a prefix.
FIRST = [
    ("gems", "program/gems-girls-program"),
    ("GEMS new york", "program/gems-girls-program"),
    ("girls educational mentoring", "program/gems-girls-program"),
    ("internet crimes against children", "program/icac-task-force"),
    ("mentoring miami", "program/mentoring-initiative"),
    ("runaway hotline", "hotline/runaway-safeline"),
    ("human trafficking hotline", "hotline/trafficking-hotline"),
    ("safe harbor", "publication/safe-harbor-study"),
    ("sage", "program/sage-san-francisco"),
    ("cybertip", "hotline/cybertipline"),
    ("1-800-THE-LOST", "hotline/cybertipline"),
    ("judicial institute", "training/judicial-curriculum"),
    ("amber alert", "program/amber-alert"),
    ("lgbtq", "publication/lgbtq-youth-study"),
    ("literature review trafficking", "publication/literature-review"),
]

TOP3 = [
    ("icac", "program/icac-task-force"),
    ("icac", "training/icac-training"),
    ("ncmec", "hotline/cybertipline"),
    ("ncmec", "hotline/missing-children-hotline"),
    ("national center for missing and exploited children", "hotline/cybertipline"),
    ("csam", "publication/p2p-networks"),
    ("child pornography", "hotline/cybertipline"),
    ("mdt", "training/mdt-training"),
    ("judges", "training/judicial-curriculum"),
    ("ojjdp mentoring", "program/mentoring-initiative"),
    ("health care guide", "publication/health-care-guide"),
    ("missing child", "hotline/missing-children-hotline"),
    ("spanish hotline", "hotline/trafficking-hotline"),
    ("csec training", "training/csec-manual"),
    ("commercial sexual exploitation of children training", "training/csec-manual"),
    ("prostitution", "publication/literature-review"),
    ("sex trade", "publication/literature-review"),
    ("peer-to-peer", "publication/p2p-networks"),
    ("p2p", "program/icac-task-force"),
]


@pytest.mark.parametrize(("query", "expected"), FIRST)
def test_first(engine: SearchEngine, query: str, expected: str) -> None:
    assert top(engine, query, 1) == [expected]


@pytest.mark.parametrize(("query", "expected"), TOP3)
def test_top3(engine: SearchEngine, query: str, expected: str) -> None:
    assert expected in top(engine, query, 3)


def test_place(engine: SearchEngine) -> None:
    result = engine.search("boston", limit=3)
    assert result.total >= 3
    for hit in result.hits:
        assert "Boston" in hit.place or "boston" in hit.summary.casefold(), hit.slug


def test_misspelling_finds_and_says_so(engine: SearchEngine) -> None:
    for typed in ("trafficing", "trafficing ", "trafficking victms "):
        result = engine.search(typed, limit=3)
        assert result.suggestion is not None, typed
        assert "traffick" in result.suggestion and "trafficing" not in result.suggestion
        assert result.total > 0
        top_titles = " ".join(h.title + " " + h.summary for h in result.hits).casefold()
        assert "traffick" in top_titles, typed


def test_as_you_type_keeps_the_answer(engine: SearchEngine) -> None:
    """From 'mentoring mia' on, every keystroke keeps the answer on top ('mi' is ambiguous)."""
    text = "mentoring miami"
    for end in range(len("mentoring mia"), len(text) + 1):
        assert top(engine, text[:end], 1) == ["program/mentoring-initiative"], text[:end]


def test_topic_plus_place(engine: SearchEngine) -> None:
    hits = engine.search("runaway miami", limit=3).hits
    assert hits[0].slug == "program/miami-dade-outreach"


# --------------------------------------------------------------------------- curated catalog


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    if not (DATA / "resources").is_dir():
        pytest.skip("the curated catalog is not there")
    content = read_catalog_source(DATA)
    if not content.resources or not content.ok:
        pytest.skip("the curated catalog is empty or does not validate yet")
    path = tmp_path_factory.mktemp("curated") / "catalog.sqlite"
    build_catalog(path, content)
    engine = SearchEngine(path)
    engine.slugs = {r.id for r in content.resources}  # type: ignore[attr-defined]
    yield engine
    engine.close()


CURATED_TOP3 = [
    ("gems", "program/gems-2006"),
    ("icac", "program/icac-task-force-program"),
    ("internet crimes against children", "program/icac-task-force-program"),
    ("ncmec", "hotline/ncmec-hotline"),
    ("cybertipline", "hotline/cybertipline"),
    ("mentoring miami", "program/mentoring-csec-dmst-initiative"),
    ("runaway", "hotline/national-runaway-safeline"),
    ("human trafficking hotline", "hotline/national-human-trafficking-hotline"),
    ("988", "hotline/988-suicide-crisis-lifeline"),
    ("sage", "organization/sage"),
    ("judges", "training/ncjfcj-judicial-curriculum-dcst"),
    ("amber alert", "program/amber-alert-program"),
    ("health care", "publication/confronting-csec-guide-health-care-2014"),
    ("child pornography p2p", "publication/child-pornography-trafficking-p2p-networks-2014"),
    ("mdt training", "training/mdt-training-csec"),
]


@pytest.mark.parametrize(("query", "expected"), CURATED_TOP3)
def test_curated_top3(curated: SearchEngine, query: str, expected: str) -> None:
    if expected not in curated.slugs:  # type: ignore[attr-defined]
        pytest.skip(f"{expected} is not in the curated catalog")
    assert expected in top(curated, query, 3)


def test_curated_place_and_typo(curated: SearchEngine) -> None:
    boston = curated.search("boston", limit=3)
    if boston.total:
        assert any("Boston" in h.place for h in boston.hits)
    typo = curated.search("trafficing ", limit=3)
    assert typo.total > 0 and typo.corrected
    assert typo.suggestion is not None and "trafficking" in typo.suggestion


def test_curated_help_that_answers_now_comes_first(curated: SearchEngine) -> None:
    # An active hotline outranks studies that say "trafficking" as often.
    assert "hotline/national-human-trafficking-hotline" in top(curated, "trafficking", 3)


def test_curated_an_exact_place_beats_a_prefix(curated: SearchEngine) -> None:
    result = curated.search("atlanta", limit=10)
    places = [hit.place for hit in result.hits]
    # The source places the Fulton County initiative in Georgia but names no city.
    assert places and (places[0] == "Georgia" or places[0].endswith(", GA"))
    assert not any("Atlantic" in place for place in places)
    assert result.state_found == "Georgia"
    assert result.notices()[-1].startswith("Nothing in Atlanta itself")
