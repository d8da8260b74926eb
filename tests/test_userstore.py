"""The caseworker's own data: favorites, notes, searches and settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from csec_desktop.catalog.storage import store
from csec_desktop.catalog.user import userstore
from csec_desktop.catalog.user.preferences import Preferences
from storage_helpers import refuse_writes


@pytest.fixture
def user(data_dir: Path) -> Engine:
    return store.open_user_db(data_dir)


def test_favorites_add_remove_order(user: Engine) -> None:
    assert userstore.add_favorite(user, "hotline/cybertipline")
    assert not userstore.add_favorite(user, "hotline/cybertipline"), "second add is a no-op"
    assert userstore.add_favorite(user, "program/gems-2006")
    assert set(userstore.favorites(user)) == {"hotline/cybertipline", "program/gems-2006"}
    assert userstore.is_favorite(user, "program/gems-2006")
    assert userstore.remove_favorite(user, "program/gems-2006")
    assert not userstore.remove_favorite(user, "program/gems-2006")
    assert userstore.favorites(user) == ["hotline/cybertipline"]


def test_notes_save_replace_clear_and_limit(user: Engine) -> None:
    userstore.set_note(user, "program/gems-2006", "  first  ")
    userstore.set_note(user, "program/gems-2006", "second")
    assert userstore.note(user, "program/gems-2006") == "second"
    userstore.set_note(user, "program/gems-2006", "   ")
    assert userstore.note(user, "program/gems-2006") == ""
    with pytest.raises(userstore.UserDataError):
        userstore.set_note(user, "program/gems-2006", "x" * (userstore.MAX_NOTE + 1))


def test_saved_searches_keep_filters_and_replace_by_name(user: Engine) -> None:
    userstore.save_search(user, "NY shelters", "shelter", {"state": ["NY"], "kind": []}, "title")
    userstore.save_search(user, "NY shelters", "shelter -adult", {"state": ["NY"]}, "relevance")
    (saved,) = userstore.saved_searches(user)
    assert (saved.query, saved.filters, saved.sort) == (
        "shelter -adult",
        {"state": ["NY"]},
        "relevance",
    )
    with pytest.raises(userstore.UserDataError):
        userstore.save_search(user, "  ", "x", {}, "relevance")
    userstore.delete_saved_search(user, "NY shelters")
    assert userstore.saved_searches(user) == []


def test_recent_searches_are_deduplicated_and_bounded(user: Engine) -> None:
    for number in range(userstore.RECENT_KEPT + 5):
        userstore.record_recent_search(user, f"query {number}", {})
    userstore.record_recent_search(user, "query 3", {})
    recent = [s.query for s in userstore.recent_searches(user)]
    assert len(recent) == userstore.RECENT_KEPT
    assert recent[0] == "query 3" and recent.count("query 3") == 1
    userstore.record_recent_search(user, "   ", {})
    assert userstore.recent_searches(user)[0].query == "query 3"


def test_settings_round_trip_json(user: Engine) -> None:
    assert userstore.setting(user, "theme", "system") == "system"
    userstore.set_setting(user, "theme", "dark")
    userstore.set_setting(user, "agency", {"name": "Agency", "phone": None})
    assert userstore.setting(user, "theme") == "dark"
    assert userstore.setting(user, "agency") == {"name": "Agency", "phone": None}


def test_preferences_default_then_round_trip(user: Engine) -> None:
    assert userstore.preferences(user) == Preferences()
    chosen = Preferences(theme="dark", text_size=14, stale_months=6)
    userstore.set_preferences(user, chosen)
    assert userstore.preferences(user) == chosen


@pytest.mark.parametrize(
    "bad",
    [
        Preferences(theme="purple"),
        Preferences(text_size=-1),
        Preferences(stale_months=0),
        Preferences(stale_months=10_000),
    ],
)
def test_out_of_range_preferences_are_refused_and_nothing_is_stored(
    user: Engine, bad: Preferences
) -> None:
    with pytest.raises(userstore.UserDataError, match="must be"):
        userstore.set_preferences(user, bad)
    assert userstore.preferences(user) == Preferences()


def test_damaged_stored_preferences_fall_back_to_defaults(user: Engine) -> None:
    userstore.set_setting(user, "preferences.theme", 42)
    userstore.set_setting(user, "preferences.stale_months", "twelve")
    userstore.set_setting(user, "preferences.text_size", True)
    assert userstore.preferences(user) == Preferences()


def test_working_sheet_round_trip_keeps_order_and_only_the_sheet(user: Engine) -> None:
    from csec_desktop.catalog.display import sheets
    from csec_desktop.catalog.display.sheets import SheetOptions

    empty = userstore.working_sheet(user)
    assert empty.slugs == [] and empty.options == SheetOptions()
    options = SheetOptions(
        title="Help tonight",
        note="Open late",
        agency_name="Harbor House",
        large_print=True,
        paper="a4",
        language="es",
    )
    slugs = ["program/gems-2006", "hotline/cybertipline", "program/gems-2006", "program/gone"]
    userstore.save_working_sheet(user, slugs, options)
    kept = userstore.working_sheet(user)
    assert kept.slugs == ["program/gems-2006", "hotline/cybertipline", "program/gone"]
    assert kept.options == SheetOptions(
        title="Help tonight", note="Open late", large_print=True, paper="a4", language="es"
    ), "everything but the agency header, which is a setting of its own"
    stored = userstore.setting(user, sheets.WORKING_SHEET_SETTING)
    assert set(stored) == {"slugs", "title", "note", "options"}
    assert "Harbor House" not in str(stored)

    userstore.save_working_sheet(user, [], SheetOptions(note="N" * (sheets.MAX_NOTE + 50)))
    kept = userstore.working_sheet(user)
    assert kept.slugs == [] and kept.options.note == "N" * sheets.MAX_NOTE


def test_damaged_working_sheet_falls_back_to_an_empty_one(user: Engine) -> None:
    from csec_desktop.catalog.display import sheets
    from csec_desktop.catalog.display.sheets import SheetOptions

    for value in ("not a sheet", ["x"], {"slugs": "program/gems-2006", "title": 7}):
        userstore.set_setting(user, sheets.WORKING_SHEET_SETTING, value)
        kept = userstore.working_sheet(user)
        assert kept.slugs == [] and kept.options == SheetOptions(), value
    userstore.set_setting(
        user,
        sheets.WORKING_SHEET_SETTING,
        {"slugs": ["program/gems-2006", 3, None], "options": {"paper": "a3", "layout": "detailed"}},
    )
    kept = userstore.working_sheet(user)
    assert kept.slugs == ["program/gems-2006"]
    assert kept.options == SheetOptions(layout="detailed"), "an unknown paper is the default"


def test_a_failed_write_leaves_the_callers_objects_to_reference_counting(user: Engine) -> None:
    """A write error must not keep its caller's frame alive in a reference cycle: Python's
    cyclic collector may run on any thread, and a window it frees on a worker thread is
    destroyed there (the full suite aborted so once, after the read-only window test)."""
    import contextlib
    import gc
    import weakref

    class Window:
        """Stands for what the calling frame holds (the window, in its closeEvent)."""

    def close(window: Window) -> None:
        with contextlib.suppress(userstore.UserDataError):
            userstore.set_setting(user, "window.state", "x")

    refuse_writes(user)
    window = Window()
    alive = weakref.ref(window)
    gc.disable()  # only reference counting may free it
    try:
        close(window)
        del window
        assert alive() is None, "the failed write left the caller's frame in a cycle"
    finally:
        gc.enable()
