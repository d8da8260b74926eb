"""The application's start: the first frame paints before the catalog has loaded, takes
typing, and becomes the whole window once the databases and the search engine are open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from csec_desktop import app
from csec_desktop.app import start_window
from csec_desktop.catalog.desk import Desk
from csec_desktop.catalog.search import SearchEngine
from csec_desktop.catalog.storage import store
from csec_desktop.catalog.user import userstore
from csec_desktop.catalog.user.preferences import Preferences
from csec_desktop.ui.main_window import MainWindow
from csec_desktop.ui.qt import QListView, QMenu, QTextBrowser
from gui_helpers import GEMS, child, open_window, settle


@pytest.fixture
def prepared(qtbot: Any, data_dir: Path) -> Path:
    """A data directory whose catalog and user data an earlier start made."""
    window = open_window(qtbot, data_dir)
    userstore.set_preferences(window.user, Preferences(theme="dark", text_size=15))
    window.close()
    return data_dir


def first_frame_window(qtbot: Any, data_dir: Path) -> MainWindow:
    window = start_window(data_dir)
    assert window is not None
    qtbot.addWidget(window)
    return window


def engine_page(data_dir: Path, limit: int) -> list[str]:
    engine = SearchEngine(data_dir / "catalog.sqlite")
    try:
        return [hit.slug for hit in engine.search("", limit=limit).hits]
    finally:
        engine.close()


def shown_slugs(window: MainWindow) -> list[str]:
    model = window.results_model
    return [hit.slug for row in range(model.rowCount()) if (hit := model.hit(row))]


def shown_detail(window: MainWindow) -> str | None:
    """The resource whose details are shown."""
    return window.current_slug


def test_first_frame_shows_the_catalog_before_it_is_loaded(
    qtbot: Any, qtmodeltester: Any, prepared: Path
) -> None:
    window = first_frame_window(qtbot, prepared)
    # Not shown yet: nothing has loaded the databases, and the first page is there.
    assert not window.attached
    qtmodeltester.check(window.results_model)
    assert shown_slugs(window) == engine_page(prepared, len(shown_slugs(window)))
    assert len(shown_slugs(window)) > 5
    engine = SearchEngine(prepared / "catalog.sqlite")
    total = engine.count
    engine.close()
    assert child(window, QListView, "resultsView").model().rowCount() > 0
    assert window.count_label.text().startswith(f"{total:,} results")
    assert f"{total:,} resources" in window.status_label.text()
    # The caseworker's settings apply from the first paint.
    assert window.preferences == Preferences(theme="dark", text_size=15)
    # What needs the databases waits for them, visibly disabled.
    assert not window.facet_panel.isEnabled()
    assert not window.import_update_action.isEnabled()

    window.show()
    qtbot.waitUntil(lambda: window.attached, timeout=10_000)
    settle(qtbot, window)
    assert window.facet_panel.isEnabled() and window.import_update_action.isEnabled()
    assert shown_slugs(window)[:5] == engine_page(prepared, 5)
    # The first result's details follow once the window is whole.
    assert window.current_slug == shown_slugs(window)[0]
    assert child(window, QTextBrowser, "detailView").toPlainText().strip()


def test_typing_before_the_catalog_loads_is_searched_once_it_has(
    qtbot: Any, prepared: Path
) -> None:
    window = first_frame_window(qtbot, prepared)
    window.show()
    qtbot.keyClicks(window.search_edit, "gems")  # at once, before the catalog has loaded
    assert window.search_edit.text() == "gems"
    qtbot.waitUntil(lambda: window.attached, timeout=10_000)
    settle(qtbot, window)
    assert GEMS in shown_slugs(window)[:3]
    assert window.search_edit.text() == "gems"


def test_a_result_chosen_before_the_catalog_loads_is_shown_after(
    qtbot: Any, prepared: Path
) -> None:
    window = first_frame_window(qtbot, prepared)
    view = child(window, QListView, "resultsView")
    third = shown_slugs(window)[2]
    view.setFocus()
    view.setCurrentIndex(window.results_model.index(2, 0))
    window.show()
    qtbot.waitUntil(lambda: window.attached, timeout=10_000)
    settle(qtbot, window)
    assert window.current_slug == third
    assert window.results_model.hit(view.currentIndex().row()).slug == third  # type: ignore[union-attr]


def test_closing_while_the_catalog_loads_leaves_user_data_alone(
    qtbot: Any, prepared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (prepared / "user.sqlite").read_bytes()
    window = first_frame_window(qtbot, prepared)
    opened: list[Any] = []

    def open_then_close(desk: Desk, parent: Any = None, **options: Any) -> bool:
        changed = real_open(desk, parent, **options)
        opened.append(desk)
        window.close()  # the caseworker closes the window while the catalog opens
        return changed

    real_open = app._open_databases
    monkeypatch.setattr(app, "_open_databases", open_then_close)
    window.show()
    qtbot.waitUntil(lambda: bool(opened) and not window.isVisible(), timeout=10_000)
    qtbot.wait(50)
    assert not window.attached
    assert (prepared / "user.sqlite").read_bytes() == before


def test_without_a_catalog_the_start_builds_it_first(qtbot: Any, data_dir: Path) -> None:
    window = first_frame_window(qtbot, data_dir)
    assert window.attached  # built with progress, then the whole window at once
    settle(qtbot, window)
    assert shown_slugs(window)


def test_a_damaged_catalog_is_rebuilt_on_the_slow_path(qtbot: Any, prepared: Path) -> None:
    (prepared / "catalog.sqlite").write_bytes(b"\0" * 8192)
    window = first_frame_window(qtbot, prepared)
    assert window.attached
    settle(qtbot, window)
    assert store.integrity_problems(prepared / "catalog.sqlite") == []
    assert window.current_slug is not None


def test_the_last_search_comes_back_at_the_next_start(qtbot: Any, data_dir: Path) -> None:
    first = open_window(qtbot, data_dir)
    first.search.apply_search("mentoring", {"kind": ["program"]}, "title")
    settle(qtbot, first)
    shown = shown_slugs(first)
    assert shown
    first.close()

    # The next start: the first frame has the search in place and says it is searching …
    second = first_frame_window(qtbot, data_dir)
    assert second.search_edit.text() == "mentoring"
    assert second.count_label.text() == "Searching…"
    assert second.results_model.rowCount() == 0  # not the whole catalog's first page
    # … and once the catalog is open, shows what the last window showed.
    second.show()
    qtbot.waitUntil(lambda: second.attached, timeout=10_000)
    settle(qtbot, second)
    assert second.facet_panel.selection() == {"kind": ["program"]}
    assert second.search.sort() == "title"
    assert shown_slugs(second) == shown
    second.close()

    third = open_window(qtbot, data_dir)  # the ready window restores it as well
    assert (third.search_edit.text(), third.search.sort()) == ("mentoring", "title")
    assert shown_slugs(third) == shown


@pytest.mark.parametrize(
    "stored",
    [
        "mentoring",
        {"query": 3, "filters": {}, "sort": "title"},
        {"query": "x", "filters": ["kind"], "sort": "title"},
        {"query": "gems", "filters": {"nonsense": ["a"], "kind": "program"}, "sort": "?"},
    ],
)
def test_a_stored_search_of_the_wrong_shape_is_not_a_crash(
    qtbot: Any, prepared: Path, stored: Any
) -> None:
    user = store.open_user_db(prepared)
    userstore.set_setting(user, "window.search", stored)
    user.dispose()
    window = first_frame_window(qtbot, prepared)
    window.show()
    qtbot.waitUntil(lambda: window.attached, timeout=10_000)
    settle(qtbot, window)
    assert window.facet_panel.selection() == {}
    assert window.search.sort() == "relevance"
    assert shown_slugs(window)


def test_typing_searches_once_the_engine_is_open_before_the_databases(
    qtbot: Any, prepared: Path
) -> None:
    """The two steps behind the first frame, one at a time: the search engine (numpy),
    then the databases (SQLAlchemy), as app._open_behind gives them to the window."""
    window = first_frame_window(qtbot, prepared)
    desk = Desk(prepared)
    engine = desk.open_search()
    window.attach_search(engine)
    assert window.searchable and not window.attached
    assert window.facet_panel.isEnabled()
    qtbot.keyClicks(window.search_edit, "gems")
    qtbot.waitUntil(lambda: GEMS in shown_slugs(window)[:3], timeout=10_000)
    qtbot.waitUntil(window.search_runner.idle, timeout=10_000)
    assert shown_detail(window) is None  # details need the databases
    assert not window.import_update_action.isEnabled()

    assert not app._open_databases(desk)
    window.attach(desk)
    settle(qtbot, window)
    assert window.search_engine is engine
    assert shown_detail(window) == shown_slugs(window)[0]
    assert child(window, QTextBrowser, "detailView").toPlainText().strip()
    assert window.import_update_action.isEnabled()


def test_menus_open_before_the_databases_have(qtbot: Any, prepared: Path) -> None:
    """The menus of the first frame open (their items wait, greyed, for the databases)."""
    window = first_frame_window(qtbot, prepared)
    for menu in window.menuBar().findChildren(QMenu):
        menu.aboutToShow.emit()  # what opening it sends
    texts = [action.text() for action in window.favorites_menu.actions()]
    assert texts == ["Opening the catalog…"]
    assert not window.favorites_menu.actions()[0].isEnabled()
    assert not window.save_search_action.isEnabled()

    window.show()
    qtbot.waitUntil(lambda: window.attached, timeout=10_000)
    settle(qtbot, window)
    window.favorites_menu.aboutToShow.emit()
    assert [a.text() for a in window.favorites_menu.actions()] != texts
