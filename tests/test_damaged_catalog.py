"""A catalog damaged where the start's quick look does not read (one page overwritten):
the command line and the window rebuild it from its source, say so in one sentence, and
go on; a catalog replaced by a folder is one sentence in the window too. A search index
overwritten inside sound pages (which SQLite's own check cannot see) is found by ``check``
and by the first search it empties, and rebuilt: never a silently empty page."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from benchmarks.faults import overwrite_index_segments
from cli_helpers import run
from csec_desktop.catalog.desk import Desk
from csec_desktop.catalog.index.index_check import index_problems
from csec_desktop.catalog.storage.store import catalog_rebuild_reason, integrity_problems

REPAIRED = "The catalog was damaged, so it was rebuilt"


def _overwrite_root_page(path: Path, table: str) -> None:
    """Overwrite the first page of ``table`` in the SQLite file ``path`` with junk."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (page,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
    (size,) = connection.execute("PRAGMA page_size").fetchone()
    connection.close()
    data = bytearray(path.read_bytes())
    data[(page[0] - 1) * size : page[0] * size] = b"\x5a" * size
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged(data_dir: Path) -> tuple[Path, int]:
    """A data folder whose catalog has one table's root page overwritten (the start-up
    check still finds it current); and how many resources the sound catalog holds."""
    with Desk(data_dir) as desk:
        desk.prepare()
        total = desk.search.count
    return data_dir, total


def test_the_command_line_rebuilds_a_damaged_catalog_and_goes_on(
    capsys: pytest.CaptureFixture[str], damaged: tuple[Path, int]
) -> None:
    data_dir, total = damaged
    catalog = data_dir / "catalog.sqlite"
    _overwrite_root_page(catalog, "search_array")
    assert catalog_rebuild_reason(catalog, None) is None, "the quick look misses it"
    assert integrity_problems(catalog, quick=True)
    args = ["search", "", "--json", "--limit", "1"]
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert err.count("\n") == 1 and REPAIRED in err and "Traceback" not in err
    assert str(total) in out
    assert integrity_problems(catalog) == []
    code, _, err = run(capsys, *args)
    assert code == 0 and err == "", "said once: the catalog is sound now"


@pytest.mark.gui
def test_the_window_rebuilds_a_damaged_catalog_and_searches(
    qtbot: Any, damaged: tuple[Path, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gui_helpers import start_telling

    data_dir, total = damaged
    _overwrite_root_page(data_dir / "catalog.sqlite", "search_array")
    window, told = start_telling(qtbot, data_dir, monkeypatch)
    assert len(told) == 1 and REPAIRED in told[0]
    assert window.results_model.rowCount() > 0 and window.search_engine.count == total


@pytest.mark.gui
def test_a_catalog_replaced_by_a_folder_is_one_message_in_the_window(
    qtbot: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csec_desktop.app import start_window
    from csec_desktop.ui.qt import QMessageBox

    catalog = data_dir / "catalog.sqlite"
    catalog.mkdir()
    (catalog / "something").write_text("not a database", encoding="utf-8")
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _w, _t, text, *_a: told.append(text))
    assert start_window(data_dir) is None
    assert len(told) == 1 and "is a folder, not a file" in told[0] and str(catalog) in told[0]


def test_an_overwritten_search_index_is_found_by_check_and_rebuilt_at_search(
    capsys: pytest.CaptureFixture[str], damaged: tuple[Path, int]
) -> None:
    data_dir, _total = damaged
    catalog = data_dir / "catalog.sqlite"
    code, out, _ = run(capsys, "search", "trafficking", "--json")
    found = len(json.loads(out)["results"])
    assert code == 0 and found > 0
    assert overwrite_index_segments(catalog) > 0
    assert integrity_problems(catalog) == [], "SQLite's own check cannot see it"
    code, out, err = run(capsys, "check")
    said = out + err
    assert code != 0 and "search index" in said and "damaged" in said and "rebuild" in said
    code, out, err = run(capsys, "search", "trafficking", "--json")
    assert code == 0, err
    assert err.count("\n") == 1 and REPAIRED in err and "Traceback" not in err
    assert len(json.loads(out)["results"]) == found, "the page is whole again"
    assert index_problems(catalog) == []
    code, _, err = run(capsys, "check")
    assert code == 0, err


@pytest.mark.gui
def test_the_window_rebuilds_an_overwritten_search_index_at_the_first_empty_page(
    qtbot: Any, damaged: tuple[Path, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gui_helpers import search, start_telling

    data_dir, _total = damaged
    assert overwrite_index_segments(data_dir / "catalog.sqlite") > 0
    window, told = start_telling(qtbot, data_dir, monkeypatch)
    search(qtbot, window, "trafficking")
    qtbot.waitUntil(lambda: bool(told), timeout=30_000)
    assert len(told) == 1 and REPAIRED in told[0]
    qtbot.waitUntil(lambda: window.search_idle() and window.results_model.rowCount() > 0)
    assert index_problems(data_dir / "catalog.sqlite") == []


def test_an_empty_page_runs_the_full_index_check_only_when_the_words_come_up_short(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full check takes seconds at a million resources: a page empty because nothing
    matches must not wait for it; an index that lost its entries is still found."""
    from csec_desktop.catalog.index import index_check
    from csec_desktop.catalog.search import SearchIndexError

    checked: list[Path] = []
    whole_check = index_check.index_problems

    def counted(path: Path) -> list[str]:
        checked.append(path)
        return whole_check(path)

    monkeypatch.setattr(index_check, "index_problems", counted)
    with Desk(data_dir) as desk:
        desk.prepare()
        result = desk.search.search("qxzvjkw")
        assert result.hits == [] and result.suggestion is None
        assert checked == [], "nothing matches: no reason to read the whole index"
    assert overwrite_index_segments(data_dir / "catalog.sqlite") > 0
    with Desk(data_dir) as desk, pytest.raises(SearchIndexError):
        desk.search.search("qxzvjkw")
    assert checked == [data_dir / "catalog.sqlite"]


def test_an_empty_page_counts_each_word_once_per_catalog_opened(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting a common word reads its whole doclist (30 ms at a million resources): a
    word found whole is not counted again at the next empty page, while the catalog is
    open; a new word still is, and a catalog opened again starts over."""
    from csec_desktop.catalog.index import index_check

    counted: list[tuple[list[str], int]] = []
    count_words = index_check.index_contradicts

    def recorded(db: sqlite3.Connection, words: list[str], *, frequent_words: int) -> bool:
        counted.append((list(words), frequent_words))
        return count_words(db, words, frequent_words=frequent_words)

    monkeypatch.setattr(index_check, "index_contradicts", recorded)
    with Desk(data_dir) as desk:
        desk.prepare()
        for query in ('"trafficking qxzvjkw"', '"trafficking qxzvjkw"', '"trafficking wvzqxj"'):
            result = desk.search.search(query)
            assert result.hits == [] and result.suggestion is None
        assert counted == [
            (["trafficking", "qxzvjkw"], index_check.FREQUENT_WORDS),
            (["wvzqxj"], 0),
        ]
    with Desk(data_dir) as desk:
        desk.prepare()
        desk.search.search('"trafficking qxzvjkw"')
    assert len(counted) == 3 and "trafficking" in counted[-1][0]
    assert counted[-1][1] == index_check.FREQUENT_WORDS
