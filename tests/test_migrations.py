"""Upgrading from databases that earlier versions wrote (tests/fixtures/README.md)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from benchmarks.samples import table_rows
from csec_desktop.catalog import reader, store, userstore
from csec_desktop.catalog.index_schema import CATALOG_SCHEMA_VERSION
from csec_desktop.catalog.userdata import USER_SCHEMA_VERSION
from csec_desktop.paths import catalog_db_path, user_db_path

FIXTURES = Path(__file__).parent / "fixtures"


def _columns(path: Path, table: str) -> list[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
    finally:
        connection.close()


def test_user_db_of_version_1_keeps_every_row(data_dir: Path) -> None:
    fixture = FIXTURES / "user-v1.sqlite"
    shutil.copy(fixture, user_db_path(data_dir))
    old = {table: set(rows) for table, rows in table_rows(fixture).items()}
    engine = store.open_user_db(data_dir)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA user_version").scalar_one() == USER_SCHEMA_VERSION
    engine.dispose()
    migrated = sqlite3.connect(user_db_path(data_dir))
    try:
        for table, rows in old.items():
            columns = ", ".join(f'"{c}"' for c in _columns(fixture, table))
            kept = set(migrated.execute(f"SELECT {columns} FROM {table}").fetchall())
            assert rows <= kept, table
    finally:
        migrated.close()


def test_user_db_of_version_1_reads_through_the_current_code(data_dir: Path) -> None:
    shutil.copy(FIXTURES / "user-v1.sqlite", user_db_path(data_dir))
    engine = store.open_user_db(data_dir)
    # Most recent first, as the window lists them.
    assert userstore.favorites(engine) == [
        "publication/gone-from-the-catalog",
        "program/gems-2006",
        "hotline/cybertipline",
    ]
    assert userstore.note(engine, "program/gems-2006").startswith("Call intake")
    saved = {s.name: s for s in userstore.saved_searches(engine)}
    assert saved["Mentoring in NY"].filters == {"state": ["NY"]}
    assert userstore.setting(engine, "sheet.language") == "es"


def test_catalog_of_schema_version_1_is_rebuilt(data_dir: Path, data_source: Path) -> None:
    path = catalog_db_path(data_dir)
    shutil.copy(FIXTURES / "catalog-schema-v1.sqlite", path)
    assert store.read_catalog_meta(path)["schema_version"] == "1"
    assert store.catalog_rebuild_reason(path, data_source) == "schema"
    engine, reason = store.ensure_catalog(data_dir, data_source)
    assert reason == "schema"
    meta = reader.catalog_meta(engine)
    assert meta["schema_version"] == str(CATALOG_SCHEMA_VERSION)
    assert int(meta["resource_count"]) == len(list(reader.iter_records(engine))) > 6
