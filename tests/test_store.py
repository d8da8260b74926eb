"""The databases: built when missing, rebuilt when damaged or stale, user data never lost."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from csec_desktop import paths
from csec_desktop.catalog.curated.sources import read_catalog_source
from csec_desktop.catalog.storage import reader, store
from csec_desktop.catalog.storage.migrations import USER_SCHEMA_VERSION
from csec_desktop.catalog.user import userstore


def test_first_open_builds_catalog_and_reports_progress(data_dir: Path, data_source: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    engine, reason = store.ensure_catalog(
        data_dir, data_source, progress=lambda d, t, s: seen.append((d, t, s))
    )
    assert reason == "missing"
    expected = len(read_catalog_source(data_source).resources)
    assert reader.catalog_meta(engine)["resource_count"] == str(expected)
    assert seen, "a build reports progress"
    assert not (data_dir / "catalog.sqlite.building").exists()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one() > 0


def test_current_catalog_is_not_rebuilt(data_dir: Path, data_source: Path) -> None:
    store.ensure_catalog(data_dir, data_source)
    _, reason = store.ensure_catalog(data_dir, data_source)
    assert reason is None


def test_changed_source_triggers_rebuild(tmp_path: Path, data_dir: Path, data_source: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(data_source, source)
    store.ensure_catalog(data_dir, source)
    victim = next((source / "resources" / "hotline").glob("*.toml"))
    victim.write_text(
        victim.read_text(encoding="utf-8").replace('summary = "', 'summary = "Changed. ', 1),
        encoding="utf-8",
    )
    engine, reason = store.ensure_catalog(data_dir, source)
    assert reason == "changed"
    record = reader.get_record(engine, f"hotline/{victim.stem}")
    assert record is not None and record.summary.startswith("Changed. ")


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"this is not a database at all" * 100),
        lambda p: p.write_bytes(p.read_bytes()[:4096]),
        lambda p: p.write_bytes(b""),
    ],
    ids=["garbage", "truncated", "empty"],
)
def test_damaged_catalog_is_rebuilt(data_dir: Path, data_source: Path, damage: object) -> None:
    engine, _ = store.ensure_catalog(data_dir, data_source)
    engine.dispose()
    path = paths.catalog_db_path(data_dir)
    damage(path)  # type: ignore[operator]
    engine, reason = store.ensure_catalog(data_dir, data_source)
    assert reason == "damaged"
    assert store.integrity_problems(path) == []
    assert int(reader.catalog_meta(engine)["resource_count"]) > 0


def test_failed_build_keeps_the_old_catalog(data_dir: Path, data_source: Path) -> None:
    engine, _ = store.ensure_catalog(data_dir, data_source)
    before = reader.catalog_meta(engine)["built_at"]
    engine.dispose()

    def explode(done: int, total: int, stage: str) -> None:
        if done > 0:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        store.ensure_catalog(data_dir, data_source, progress=explode, force=True)
    assert not (data_dir / "catalog.sqlite.building").exists()
    engine, reason = store.ensure_catalog(data_dir, data_source)
    assert reason is None
    assert reader.catalog_meta(engine)["built_at"] == before


def test_invalid_source_is_refused_with_a_count(
    tmp_path: Path, data_dir: Path, data_source: Path
) -> None:
    source = tmp_path / "source"
    shutil.copytree(data_source, source)
    (source / "resources" / "hotline" / "broken.toml").write_text("id = [", encoding="utf-8")
    with pytest.raises(store.CatalogSourceInvalid, match="1 problem"):
        store.ensure_catalog(data_dir, source)


def test_user_data_survives_catalog_rebuild(data_dir: Path, data_source: Path) -> None:
    store.ensure_catalog(data_dir, data_source)
    user = store.open_user_db(data_dir)
    userstore.add_favorite(user, "hotline/cybertipline")
    userstore.set_note(user, "hotline/cybertipline", "Call first for online cases.")
    store.ensure_catalog(data_dir, data_source, force=True)
    user.dispose()
    again = store.open_user_db(data_dir)
    assert userstore.favorites(again) == ["hotline/cybertipline"]
    assert userstore.note(again, "hotline/cybertipline") == "Call first for online cases."


def test_damaged_user_db_is_kept_aside_and_backup_offered(data_dir: Path) -> None:
    user = store.open_user_db(data_dir)
    userstore.add_favorite(user, "hotline/cybertipline")
    user.dispose()
    backup = store.backup_user_db(data_dir)
    path = paths.user_db_path(data_dir)
    original = path.read_bytes()
    path.write_bytes(b"\x00garbage" + original[64:])

    with pytest.raises(store.UserDataDamaged) as caught:
        store.open_user_db(data_dir)
    error = caught.value
    assert error.backup == backup
    assert error.kept_aside.exists(), "the damaged file is kept, never deleted"
    assert "kept as" in str(error) and "newest backup" in str(error)
    assert str(error).count(". ") <= 2

    store.restore_user_backup(data_dir, backup)
    assert userstore.favorites(store.open_user_db(data_dir)) == ["hotline/cybertipline"]


def test_damaged_user_db_without_backup_says_so(data_dir: Path) -> None:
    paths.user_db_path(data_dir).write_bytes(b"not sqlite" * 50)
    with pytest.raises(store.UserDataDamaged, match="no backup") as caught:
        store.open_user_db(data_dir)
    assert caught.value.backup is None


def test_user_db_from_a_newer_version_is_refused(data_dir: Path) -> None:
    engine = store.open_user_db(data_dir)
    with engine.connect() as connection:
        connection.exec_driver_sql(f"PRAGMA user_version = {USER_SCHEMA_VERSION + 5}")
    engine.dispose()
    with pytest.raises(store.StoreError, match="newer version"):
        store.open_user_db(data_dir)


def test_catalog_of_another_schema_version_is_rebuilt(data_dir: Path, data_source: Path) -> None:
    engine, _ = store.ensure_catalog(data_dir, data_source)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    engine.dispose()
    engine, reason = store.ensure_catalog(data_dir, data_source)
    assert reason == "schema"
    assert reader.catalog_meta(engine)["schema_version"] != "0"


def test_ensure_catalog_says_before_it_replaces_the_file(data_dir: Path, data_source: Path) -> None:
    """A caller holding the file open (the window's search engine) is told to let go."""
    calls: list[int] = []
    store.ensure_catalog(data_dir, data_source, before_build=lambda: calls.append(1))
    assert calls == [1]  # missing: built
    _, reason = store.ensure_catalog(data_dir, data_source, before_build=lambda: calls.append(2))
    assert reason is None and calls == [1]  # current: left alone
    store.ensure_catalog(data_dir, data_source, force=True, before_build=lambda: calls.append(3))
    assert calls == [1, 3]


def test_looking_at_a_live_database_keeps_its_locks(tmp_path: Path) -> None:
    """Reading a header with open() and closing the file drops every POSIX lock this
    process holds on it: another process could then write under our transaction."""
    path = tmp_path / "live.sqlite"
    with closing(sqlite3.connect(path, isolation_level=None)) as ours:
        ours.execute("CREATE TABLE t (x)")
        ours.execute("BEGIN IMMEDIATE")  # our write lock, on the file itself (no WAL)
        ours.execute("INSERT INTO t VALUES (1)")
        assert store.looks_like_sqlite(path)
        code = (
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(path)!r}, timeout=0, isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
        )
        other = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert other.returncode != 0 and "locked" in other.stderr
        ours.execute("COMMIT")
