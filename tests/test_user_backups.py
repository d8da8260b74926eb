"""The caseworker's saved data: backed up before every session that changes it, backups
thinned, damage (an emptied or unreadable file) reported until the caseworker restores a
backup or starts anew, from the window or the command line."""

from __future__ import annotations

import datetime as dt
import gc
import json
import weakref
from pathlib import Path
from typing import Any

import pytest

from cli_helpers import run
from csec_desktop import paths
from csec_desktop.catalog.desk import Desk
from csec_desktop.catalog.storage import store
from csec_desktop.catalog.user import userstore

CYBERTIPLINE = "hotline/cybertipline"


def favorites(capsys: pytest.CaptureFixture[str]) -> list[str]:
    code, out, err = run(capsys, "favorites", "list", "--json")
    assert code == 0, err
    return [entry["id"] for entry in json.loads(out)]


def backups(data_dir: Path) -> list[Path]:
    return store.list_user_backups(data_dir)


def test_a_session_that_writes_is_backed_up_first_and_one_that_reads_is_not(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert run(capsys, "favorites", "add", CYBERTIPLINE)[0] == 0  # creates user data
    assert backups(data_dir) == []  # nothing to keep in a file made just now
    assert favorites(capsys) == [CYBERTIPLINE]
    assert backups(data_dir) == []  # reading changes nothing
    assert run(capsys, "favorites", "add", "program/gems-2006")[0] == 0
    (backup,) = backups(data_dir)
    assert store.backup_summary(backup)["favorites"] == 1  # as it was before that session


def test_an_emptied_user_file_is_reported_until_a_backup_is_restored(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run(capsys, "favorites", "add", CYBERTIPLINE)
    run(capsys, "favorites", "add", "program/gems-2006")  # takes a backup
    user = paths.user_db_path(data_dir)
    for sidecar in ("-wal", "-shm"):
        user.with_name(user.name + sidecar).unlink(missing_ok=True)
    user.write_bytes(b"")
    for _ in range(2):  # every time, not once
        code, out, err = run(capsys, "favorites", "list")
        assert code == 1 and "No favorites" not in out
        assert "could not be read" in err and "csec-catalog restore" in err
        assert err.count("\n") == 1
        code, out, err = run(capsys, "stats", "--json")  # the catalog still works
        assert code == 0 and json.loads(out)["resources"] > 0
        assert "could not be read" in err
    code, out, err = run(capsys, "check")
    assert code == 1 and "user: damaged, kept aside as user.damaged-" in out
    code, out, err = run(capsys, "backups")
    assert code == 0 and out.count("\n") == 3  # header, rule, one backup
    code, out, err = run(capsys, "restore")
    assert code == 0, err
    assert favorites(capsys) == [CYBERTIPLINE]
    assert run(capsys, "stats")[2] == ""


def test_starting_anew_ends_the_reports_and_keeps_the_damaged_file(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run(capsys, "favorites", "add", CYBERTIPLINE)
    run(capsys, "favorites", "add", "program/gems-2006")
    paths.user_db_path(data_dir).write_bytes(b"not a database at all" * 100)
    assert run(capsys, "favorites", "list")[0] == 1
    assert run(capsys, "restore", "--empty")[0] == 0
    assert favorites(capsys) == []
    kept = list(data_dir.glob("user.damaged-*.sqlite"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"not a database")


def test_restore_takes_a_backup_by_its_time(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run(capsys, "favorites", "add", CYBERTIPLINE)
    run(capsys, "favorites", "add", "program/gems-2006")
    with Desk(data_dir) as desk:
        (backup,) = desk.backups()
        when = f"{store.backup_time(backup):%Y-%m-%d %H:%M}"
        assert desk.find_backup(when) == backup
        with pytest.raises(store.StoreError, match="from 1999-01-01"):
            desk.find_backup("1999-01-01")
    code, _, err = run(capsys, "restore", when)
    assert code == 0, err
    assert favorites(capsys) == [CYBERTIPLINE]
    current = paths.user_db_path(data_dir)
    assert userstore.favorites(store.sqlite_engine(current)) == [CYBERTIPLINE]
    assert list(data_dir.glob("user.before-restore-*.sqlite")), "the replaced data is kept"


def test_backups_are_thinned_as_anki_thins_them(tmp_path: Path) -> None:
    now = dt.datetime(2026, 12, 4, 9, 0)
    # One backup every six hours for two years, newest first.
    times = [now - dt.timedelta(hours=6 * step) for step in range(4 * 730)]
    taken = [tmp_path / f"user-{when:%Y%m%d-%H%M%S}.sqlite" for when in times]
    dropped = set(store.backups_to_drop(taken))
    kept = [backup for backup in taken if backup not in dropped]
    assert kept[: store.BACKUPS_RECENT] == taken[: store.BACKUPS_RECENT]
    older = [store.backup_time(backup) for backup in kept[store.BACKUPS_RECENT :]]
    assert len({when.date() for when in older}) <= (
        store.BACKUPS_DAILY + store.BACKUPS_WEEKLY + store.BACKUPS_MONTHLY
    )
    months = {(when.year, when.month) for when in older}
    assert len(months) == store.BACKUPS_MONTHLY, "one a month reaches back months"
    assert len(kept) < 45


@pytest.mark.gui
def test_the_window_asks_at_every_start_until_the_caseworker_chooses(
    qtbot: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csec_desktop.ui import qt
    from gui_helpers import open_window, script_message_boxes

    first = open_window(qtbot, data_dir)
    userstore.add_favorite(first.user, CYBERTIPLINE)
    first.close()
    second = open_window(qtbot, data_dir)
    userstore.add_favorite(second.user, "program/gems-2006")  # backed up first
    second.close()
    paths.user_db_path(data_dir).write_bytes(b"")
    answers: list[Any] = []
    asked = script_message_boxes(monkeypatch, answers)
    buttons = qt.QMessageBox.StandardButton
    answers[:] = [buttons.No]  # not now
    later = open_window(qtbot, data_dir)
    assert userstore.favorites(later.user) == []
    later.close()
    answers[:] = [buttons.Discard]  # asked again: start anew
    anew = open_window(qtbot, data_dir)
    assert len(asked) == 2 and all("Restore that backup now?" in a for a in asked)
    anew.close()
    open_window(qtbot, data_dir).close()  # not asked any more
    assert len(asked) == 2


def test_listing_backups_leaves_nothing_beside_them(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run(capsys, "favorites", "add", CYBERTIPLINE)
    run(capsys, "favorites", "add", "program/gems-2006")
    assert run(capsys, "backups")[0] == 0
    assert run(capsys, "restore")[0] == 0
    assert sorted(p.name for p in (data_dir / "backups").iterdir()) == [
        backup.name for backup in backups(data_dir)
    ]


def test_damaged_data_leaves_no_cycle_through_the_desk(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    """A desk kept alive by a cycle (the damage's traceback holding its frames) would be
    freed by the cyclic collector on whatever thread runs it, with the window it serves:
    a crash when that thread is not the GUI's."""
    run(capsys, "favorites", "add", CYBERTIPLINE)
    run(capsys, "favorites", "add", "program/gems-2006")
    paths.user_db_path(data_dir).write_bytes(b"")
    gc.disable()
    try:
        desk = Desk(data_dir)
        with pytest.raises(store.UserDataDamaged):
            desk.open_user()
        assert desk.damaged is not None
        freed = weakref.ref(desk)
        del desk
        assert freed() is None, "freed at once, not left to the cyclic collector"
    finally:
        gc.enable()
