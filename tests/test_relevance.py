"""The judged queries: the set is sound, and search answers them no worse than recorded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.relevance import BASELINE, NDCG_AT, QUERIES, evaluate, load_judgments
from csec_desktop.catalog.curated.sources import read_catalog_source
from csec_desktop.catalog.search import SearchEngine
from csec_desktop.catalog.storage.store import build_catalog

DATA = Path(__file__).resolve().parent.parent / "data"
JUDGED = load_judgments(QUERIES)


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchEngine]:
    path = tmp_path_factory.mktemp("relevance") / "catalog.sqlite"
    build_catalog(path, read_catalog_source(DATA))
    engine = SearchEngine(path)
    yield engine
    engine.close()


def test_the_judged_set_is_large_and_points_at_real_resources() -> None:
    ids = {r.id for r in read_catalog_source(DATA).resources}
    assert len(JUDGED) >= 150
    assert sum(q.answerable for q in JUDGED) >= 140
    for query in JUDGED:
        assert set(query.grades) <= ids, query.text
    assert len({q.text for q in JUDGED}) == len(JUDGED), "a query is judged twice"


def test_search_answers_no_worse_than_the_recorded_baseline(curated: SearchEngine) -> None:
    def search(text: str) -> tuple[list[str], int]:
        result = curated.search(text, limit=NDCG_AT)
        return [hit.slug for hit in result.hits], result.total

    summary, outcomes = evaluate(search, JUDGED)
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    misses = [o.query.text for o in outcomes if o.query.answerable and not o.success]
    assert summary["success_at_5"] >= baseline["success_at_5"] - 1e-9, misses
    assert summary["ndcg_at_10"] >= baseline["ndcg_at_10"] - 1e-9
    # Every request the catalog has an answer for shows something.
    assert summary["zero_result_rate"] == 0, [
        o.query.text for o in outcomes if o.query.answerable and not o.total
    ]
