"""Upgrading from databases that earlier versions wrote (tests/fixtures/README.md), and the
user database's one schema: what the steps make is what the models say."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine

from benchmarks.samples import table_rows
from csec_desktop.catalog.index.index_schema import CATALOG_SCHEMA_VERSION
from csec_desktop.catalog.storage import migrations, reader, store
from csec_desktop.catalog.storage.migrations import USER_SCHEMA_VERSION
from csec_desktop.catalog.storage.userdata import UserBase
from csec_desktop.catalog.user import local, userstore
from csec_desktop.paths import catalog_db_path, user_db_path

FIXTURES = Path(__file__).parent / "fixtures"
#: One user database per released schema version, oldest first.
RELEASED = ("user-v1.sqlite", "user-v2.sqlite", "user-v3.sqlite")


def _rows_by_table(path: Path) -> dict[str, set[tuple[object, ...]]]:
    """Every row of every table, reading only the columns the file itself has."""
    return {table: set(rows) for table, rows in table_rows(path).items()}


def _columns(path: Path, table: str) -> list[str]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
    finally:
        connection.close()


def _differences(engine: Engine, metadata: sa.MetaData = UserBase.metadata) -> list[Any]:
    """What Alembic's autogenerate would change to bring the database to ``metadata``:
    tables, columns, types, nullability, server defaults, primary and foreign keys, unique
    constraints and indexes."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        found = list(compare_metadata(context, metadata))
        return [d for d in found if not _inline_key_read_short(connection, d, found)]


def _key_shape(key: sa.ForeignKeyConstraint) -> tuple[object, ...]:
    assert key.table is not None
    return (key.table.name, tuple(key.column_keys), tuple(e.target_fullname for e in key.elements))


def _inline_key_read_short(connection: Connection, difference: Any, found: list[Any]) -> bool:
    """True for either half of a foreign key seen as removed and added again only because
    SQLAlchemy does not reflect an inline key's ``ON DELETE`` (released files hold
    ``saved_sheet_item``'s key inline), when SQLite itself has the model's actions."""
    if not isinstance(difference, tuple) or difference[0] not in ("add_fk", "remove_fk"):
        return False
    other = "remove_fk" if difference[0] == "add_fk" else "add_fk"
    partners = [
        d[1]
        for d in found
        if isinstance(d, tuple) and d[0] == other and _key_shape(d[1]) == _key_shape(difference[1])
    ]
    if not partners:
        return False
    model = difference[1] if difference[0] == "add_fk" else partners[0]
    table = model.table.name
    actions = {
        (row[2], row[3], row[4]): (row[5], row[6])
        for row in connection.exec_driver_sql(f"PRAGMA foreign_key_list({table})")
    }
    wanted = ((model.onupdate or "NO ACTION").upper(), (model.ondelete or "NO ACTION").upper())
    return all(
        actions.get((element.column.table.name, column, element.column.name)) == wanted
        for column, element in zip(model.column_keys, model.elements, strict=True)
    )


def _open_released(data_dir: Path, fixture: str) -> Engine:
    shutil.copy(FIXTURES / fixture, user_db_path(data_dir))
    return store.open_user_db(data_dir)


def _version(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())


# --------------------------------------------------------------------------- one schema


def test_a_new_user_db_is_what_the_models_say(data_dir: Path) -> None:
    engine = store.open_user_db(data_dir)
    assert _version(engine) == USER_SCHEMA_VERSION
    assert _differences(engine) == []


def test_every_step_from_an_empty_file_makes_what_the_models_say(tmp_path: Path) -> None:
    engine = store.sqlite_engine(tmp_path / "user.sqlite")
    store.apply_steps(engine, 0)
    assert _version(engine) == USER_SCHEMA_VERSION
    assert _differences(engine) == []


@pytest.mark.parametrize("fixture", RELEASED)
def test_every_released_user_db_upgrades_to_what_the_models_say(
    data_dir: Path, fixture: str
) -> None:
    engine = _open_released(data_dir, fixture)
    assert _version(engine) == USER_SCHEMA_VERSION
    assert _differences(engine) == []


def test_the_comparison_sees_types_nullability_keys_and_indexes(data_dir: Path) -> None:
    """The comparison above fails on each kind of difference, not only a missing column."""
    engine = store.open_user_db(data_dir)
    other = sa.MetaData()
    for table in UserBase.metadata.sorted_tables:
        table.to_metadata(other)
    other.tables["note"].c.text.type = sa.Integer()
    other.tables["favorite"].c.added_at.nullable = True
    sa.Index("ix_recent_search_used_at", other.tables["recent_search"].c.used_at)
    other.tables["setting"].append_constraint(sa.UniqueConstraint("value"))
    other.tables["agency_outbox"].append_constraint(
        sa.ForeignKeyConstraint(["slug"], ["local_resource.slug"])
    )
    kinds = {
        difference[0][0] if isinstance(difference, list) else difference[0]
        for difference in _differences(engine, other)
    }
    assert kinds == {"modify_type", "modify_nullable", "add_index", "add_constraint", "add_fk"}


def test_a_rebuilt_sheet_item_table_that_lost_its_cascade_is_seen(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch step on a released file's ``saved_sheet_item`` without its whole definition
    drops ``ON DELETE CASCADE`` (reflection misses the inline key's action): the
    comparison reports it, although SQLAlchemy alone would not tell the two apart."""

    def upgrade(op: Operations) -> None:
        with op.batch_alter_table("saved_sheet_item", recreate="always"):
            pass

    later = (*migrations.steps(), SimpleNamespace(__name__="v999_rebuilt", upgrade=upgrade))
    monkeypatch.setattr(migrations, "steps", lambda: later)
    monkeypatch.setattr(store, "USER_SCHEMA_VERSION", USER_SCHEMA_VERSION + 1)
    engine = _open_released(data_dir, "user-v3.sqlite")
    assert [difference[0] for difference in _differences(engine)] == ["remove_fk", "add_fk"]


def test_the_steps_are_numbered_as_the_version() -> None:
    names = [step.__name__.rsplit(".", 1)[1] for step in migrations.steps()]
    assert len(names) == USER_SCHEMA_VERSION
    assert [int(name[1:4]) for name in names] == list(range(1, USER_SCHEMA_VERSION + 1))


def test_opening_a_current_or_new_user_db_leaves_alembic_unloaded(
    data_dir: Path, tmp_path: Path
) -> None:
    """Only an upgrade pays for Alembic's import; every start but that one opens as before."""
    store.open_user_db(data_dir).dispose()
    code = (
        "import sys; from pathlib import Path\n"
        "from csec_desktop.catalog.storage import store\n"
        "for folder in sys.argv[1:]:\n"
        "    store.open_user_db(Path(folder)).dispose()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    new = tmp_path / "new"
    new.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", code, str(data_dir), str(new)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.strip() == "[]"
    assert (new / "user.sqlite").exists()


# --------------------------------------------------------------------------- data kept


@pytest.mark.parametrize("fixture", RELEASED)
def test_every_released_user_db_keeps_every_row(data_dir: Path, fixture: str) -> None:
    old = _rows_by_table(FIXTURES / fixture)
    _open_released(data_dir, fixture).dispose()
    migrated = sqlite3.connect(user_db_path(data_dir))
    try:
        for table, rows in old.items():
            assert rows, f"{fixture} holds a row in {table}"
            columns = ", ".join(f'"{c}"' for c in _columns(FIXTURES / fixture, table))
            kept = set(migrated.execute(f"SELECT {columns} FROM {table}").fetchall())
            assert rows == kept, table
    finally:
        migrated.close()


def test_user_db_of_version_1_reads_through_the_current_code(data_dir: Path) -> None:
    engine = _open_released(data_dir, "user-v1.sqlite")
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


@pytest.mark.parametrize("fixture", RELEASED)
def test_a_saved_sheet_still_takes_its_items_when_deleted(data_dir: Path, fixture: str) -> None:
    engine = _open_released(data_dir, fixture)
    sheet = userstore.saved_sheets(engine)[0]
    assert sheet.slugs
    assert userstore.delete_saved_sheet(engine, sheet.name)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM saved_sheet_item").scalar() == 0


def test_local_resources_of_version_3_stay_local(data_dir: Path, data_source: Path) -> None:
    catalog, _ = store.ensure_catalog(data_dir, data_source)
    user = _open_released(data_dir, "user-v3.sqlite")
    assert [entry.slug for entry in local.entries(catalog, user)] == [
        "local/example-county-youth-drop-in"
    ]


def test_a_step_that_rebuilds_a_parent_table_keeps_its_children(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later step rebuilding ``saved_sheet`` (batch mode: copy, drop, rename) must not
    take the sheets' items with it by cascade: the runner turns foreign keys off."""

    def upgrade(op: Operations) -> None:
        with op.batch_alter_table("saved_sheet") as batch:
            batch.add_column(sa.Column("pinned", sa.Boolean(), nullable=True))

    later = (*migrations.steps(), SimpleNamespace(__name__="v999_pinned", upgrade=upgrade))
    monkeypatch.setattr(migrations, "steps", lambda: later)
    monkeypatch.setattr(store, "USER_SCHEMA_VERSION", USER_SCHEMA_VERSION + 1)
    engine = _open_released(data_dir, "user-v3.sqlite")
    assert _version(engine) == USER_SCHEMA_VERSION + 1
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM saved_sheet_item").scalar() == 2
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_step_that_would_leave_rows_referring_to_nothing_is_taken_back(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def upgrade(op: Operations) -> None:
        op.execute("INSERT INTO saved_sheet_item (sheet_id, position, slug) VALUES (999, 0, 'x')")

    later = (*migrations.steps(), SimpleNamespace(__name__="v999_orphan", upgrade=upgrade))
    monkeypatch.setattr(migrations, "steps", lambda: later)
    monkeypatch.setattr(store, "USER_SCHEMA_VERSION", USER_SCHEMA_VERSION + 1)
    shutil.copy(FIXTURES / "user-v3.sqlite", user_db_path(data_dir))
    with pytest.raises(store.StoreError, match="referring to nothing"):
        store.open_user_db(data_dir)
    assert _rows_by_table(user_db_path(data_dir)) == _rows_by_table(FIXTURES / "user-v3.sqlite")
    with closing(sqlite3.connect(user_db_path(data_dir))) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (USER_SCHEMA_VERSION,)


# --------------------------------------------------------------------------- catalog


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


# --------------------------------------------------------------------------- next step


def test_the_next_step_is_written_from_the_models(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``scripts/user_migration.py`` writes nothing while the models and the steps agree,
    and, for a changed model, a step that brings a database to it."""
    from scripts.user_migration import render_step

    assert render_step(UserBase.metadata, "nothing") is None
    changed = sa.MetaData()
    for table in UserBase.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["note"].append_column(sa.Column("color", sa.String(20), nullable=True))
    sa.Index("ix_note_updated_at", changed.tables["note"].c.updated_at)
    source = render_step(changed, "a color and an index for notes")
    assert source is not None
    step = SimpleNamespace(__name__=f"v{USER_SCHEMA_VERSION + 1:03d}_note_color")
    exec(compile(source, "step", "exec"), step.__dict__)
    later = (*migrations.steps(), step)
    monkeypatch.setattr(migrations, "steps", lambda: later)
    monkeypatch.setattr(store, "USER_SCHEMA_VERSION", USER_SCHEMA_VERSION + 1)
    engine = _open_released(data_dir, "user-v3.sqlite")
    assert _differences(engine, changed) == []
    assert userstore.note(engine, "program/gems-2006").startswith("Call intake")
