"""A large catalog's common words, title prefixes and whole-catalog facet counts are read
and counted in pieces (to bound the window's peak memory): the pieces give exactly what one
read gives."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from benchmarks.synthetic import SyntheticCatalog
from csec_desktop.catalog.index.indexing import FTS_TABLE, TITLE_FTS_TABLE
from csec_desktop.catalog.search import SearchEngine, ranking
from csec_desktop.catalog.search import engine as search_module
from csec_desktop.catalog.search import facets as facets_module
from csec_desktop.catalog.storage.store import build_catalog

QUERIES = (
    "",
    "t",
    "tr",
    "tra",
    "youth",
    "youth ",
    "training",
    "training fo",
    "shelter for trafficked yout",
    "hotline",
    "teen runaway girls",
    "mentoring new york",
    "youth -shelter",
    "type:hotline",
)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    synthetic = SyntheticCatalog(1500)
    path = tmp_path_factory.mktemp("memory") / "catalog.sqlite"
    build_catalog(path, synthetic.content(), resources=synthetic)
    return path


def answers(engine: SearchEngine) -> list[object]:
    """Every id, count and facet count of QUERIES, in every sort."""
    found: list[object] = []
    for query in QUERIES:
        for sort in ("relevance", "title", "date"):
            result = engine.search(query, sort=sort, limit=20)
            found.append((query, sort, result.ids.tolist(), [hit.id for hit in result.hits]))
        found.append((query, repr(engine.facets(query))))
    return found


def test_reads_in_pieces_give_what_one_read_gives(
    catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Short prefixes matched in titles only, as in a large catalog.
    monkeypatch.setattr(search_module, "SHORT_PREFIX_FULL_TEXT_UP_TO", 0)
    whole = SearchEngine(catalog)
    expected = answers(whole)
    whole.close()
    # Pieces of a few matches, title ranges in a catalog of any size, counts of a few ids.
    monkeypatch.setattr(search_module, "FETCH_CHUNK", 16)
    monkeypatch.setattr(search_module, "TITLE_CHUNKED_ABOVE", 0)
    monkeypatch.setattr(facets_module, "COUNT_CHUNK", 100)
    cut: set[str] = set()  # the indexes read in pieces
    ranges = SearchEngine._fetch_ranges

    def spied(self: SearchEngine, table: str, expression: str) -> list[tuple[int, int]]:
        found = ranges(self, table, expression)
        if found:
            cut.add(table)
        return found

    monkeypatch.setattr(SearchEngine, "_fetch_ranges", spied)
    pieces = SearchEngine(catalog)
    assert answers(pieces) == expected
    pieces.close()
    assert cut == {FTS_TABLE, TITLE_FTS_TABLE}


def test_a_prefix_of_the_full_index_is_read_at_once(catalog: Path) -> None:
    engine = SearchEngine(catalog)
    engine_ranges = engine._fetch_ranges
    assert engine_ranges(FTS_TABLE, '"yout"*') == []
    assert engine_ranges(TITLE_FTS_TABLE, '"yout"*') == []
    engine.close()


def test_help_now_boost_by_kind_and_status() -> None:
    kinds = np.array([0, 1, 2, 1, 3, 2], dtype=np.uint8)
    statuses = np.array([0, 1, 1, 2, 1, 2], dtype=np.uint8)
    boost = ranking.HelpNowBoost(kinds, statuses, ["hotline", "study", "program"], 1)
    ids = np.array([5, 4, 3, 2, 1, 0])
    # Active (status 1) hotlines and programs are boosted; a study or an inactive one not.
    assert boost[ids].tolist() == pytest.approx([1.0, 1.1, 1.0, 1.0, 1.5, 1.0])
    assert boost[ids].dtype == np.float32


@pytest.mark.parametrize("count", [3, 40, 999])
def test_bits_of_few_and_many_ids(count: int) -> None:
    rng = np.random.default_rng(count)
    mask = rng.random(1000) < 0.3
    ids = np.sort(rng.choice(1000, size=count, replace=False)).astype(np.uint32)
    assert search_module._bits(np.packbits(mask), ids).tolist() == mask[ids].tolist()


@pytest.mark.parametrize("places", [False, True])
def test_prefer_by_small_keys_orders_as_a_sort(places: bool) -> None:
    rng = np.random.default_rng(7)
    kinds = rng.integers(0, ranking.NEITHER + 1, 5000).astype(np.uint8)
    tiers = rng.integers(0, ranking.ELSEWHERE + 1, 5000).astype(np.uint8)
    ids = rng.permutation(5000)[:3000].astype(np.int64)
    keys: list[np.ndarray] = [tiers[ids], kinds[ids]] if places else [kinds[ids]]
    expected = ids[np.lexsort((np.arange(len(ids)), *keys))]
    found = ranking.prefer(ids, kinds=kinds, place_tier=tiers if places else None)
    assert found.tolist() == expected.tolist()


def test_picked_keeps_the_order_and_leaves_out_what_it_does_not_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_module, "PICK_CHUNK", 3)
    order = np.array([7, 2, 9, 4, 0, 5, 8], dtype=np.uint32)  # 1, 3 and 6 not listed
    inside = np.zeros(10, dtype=np.bool_)
    inside[[1, 2, 4, 6, 8, 9]] = True
    picked = search_module._picked(order, inside)
    assert picked.tolist() == [2, 9, 4, 8]
    assert picked.dtype == np.int64


def test_a_search_of_the_window_gives_freed_memory_back(
    catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csec_desktop import memory
    from csec_desktop.ui import search_runner

    released: list[bool] = []

    def release() -> bool:
        released.append(True)
        return True

    monkeypatch.setattr(memory, "release", release)
    engine = SearchEngine(catalog)
    request = search_runner.SearchRequest(
        generation=1, query="youth", filters={}, sort="relevance", limit=20
    )
    outcome = search_runner.run_request(engine, request)
    engine.close()
    assert outcome.result is not None and released == [True]


def test_release_on_this_system() -> None:
    from csec_desktop import memory

    assert memory.release() is sys.platform.startswith("linux")


def test_a_few_ids_in_brief_order_as_the_stored_order_has_them(catalog: Path) -> None:
    engine = SearchEngine(catalog)
    order = engine._order("brief")
    rng = np.random.default_rng(3)
    ids = rng.choice(order, size=len(order) // 20, replace=False).astype(np.int64)
    chosen = set(ids.tolist())
    expected = [rid for rid in order.tolist() if rid in chosen]
    assert engine._sorted(ids, "brief").tolist() == expected
    assert "brief" not in engine._ranks
    engine.close()
