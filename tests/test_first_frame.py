"""The first frame: the page the window paints before the search engine has loaded."""

from __future__ import annotations

import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Engine

from csec_desktop import paths
from csec_desktop.catalog.first_frame import read_first_frame, read_settings
from csec_desktop.catalog.search import SearchEngine
from csec_desktop.catalog.storage import reader
from csec_desktop.catalog.user import local, userstore
from csec_desktop.catalog.user.preferences import Preferences


def engine_first_page(catalog: Engine, limit: int) -> list[str]:
    engine = SearchEngine(catalog)
    try:
        return [hit.slug for hit in engine.search("", limit=limit).hits]
    finally:
        engine.close()


def test_first_frame_is_the_engines_first_page(dbs: tuple[Engine, Engine], data_dir: Path) -> None:
    catalog, _ = dbs
    frame = read_first_frame(data_dir, 12)
    assert frame is not None
    engine = SearchEngine(catalog)
    try:
        expected = engine.search("", limit=12)
        # Every field of every row, not only which rows: the window shows these as they are.
        assert frame.hits == expected.hits
        assert frame.total == expected.total == engine.count
    finally:
        engine.close()
    assert frame.meta == reader.catalog_meta(catalog)


def test_first_frame_leaves_out_a_deleted_resource(
    dbs: tuple[Engine, Engine], data_dir: Path
) -> None:
    catalog, user = dbs
    slug = local.save(catalog, user, {**_LOCAL, "title": "Aardvark Youth Drop-in"}).id
    # A page longer than the catalog: every resource, in the engine's order.
    frame = read_first_frame(data_dir, 1000)
    assert frame is not None and slug in [h.slug for h in frame.hits]
    assert [h.slug for h in frame.hits] == engine_first_page(catalog, 1000)

    local.delete(catalog, user, slug)
    frame = read_first_frame(data_dir, 1000)
    assert frame is not None
    assert slug not in [h.slug for h in frame.hits]
    assert [h.slug for h in frame.hits] == engine_first_page(catalog, 1000)


def test_settings_are_read_as_stored(dbs: tuple[Engine, Engine], data_dir: Path) -> None:
    _, user = dbs
    userstore.set_preferences(user, Preferences(theme="dark", text_size=14, stale_months=6))
    userstore.set_setting(user, "window.splitter", "AAAA")
    settings = read_settings(data_dir)
    assert settings["preferences.theme"] == "dark"
    assert settings["preferences.text_size"] == 14
    assert settings["window.splitter"] == "AAAA"
    assert userstore.preferences(user) == Preferences(theme="dark", text_size=14, stale_months=6)


def test_no_catalog_means_the_slow_path(data_dir: Path) -> None:
    assert read_first_frame(data_dir, 20) is None
    assert read_settings(data_dir) == {}


@pytest.mark.parametrize(
    "damage",
    ["garbage", "empty", "other schema", "no arrays"],
)
def test_a_catalog_that_cannot_be_shown_as_is_means_the_slow_path(
    dbs: tuple[Engine, Engine], data_dir: Path, damage: str
) -> None:
    catalog, user = dbs
    catalog.dispose()
    user.dispose()
    path = paths.catalog_db_path(data_dir)
    if damage == "garbage":
        path.write_bytes(b"not a database" * 100)
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        with closing(sqlite3.connect(path)) as db, db:
            if damage == "other schema":
                db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
            else:
                db.execute("DELETE FROM search_array WHERE name = 'order_title'")
    assert read_first_frame(data_dir, 20) is None
    # The caseworker's settings are still read (a damaged user file is the slow path's).
    assert isinstance(read_settings(data_dir), dict)


def test_a_damaged_user_file_gives_default_settings(
    dbs: tuple[Engine, Engine], data_dir: Path
) -> None:
    _, user = dbs
    user.dispose()
    paths.user_db_path(data_dir).write_bytes(b"\0" * 4096)
    assert read_settings(data_dir) == {}
    frame = read_first_frame(data_dir, 3)
    assert frame is not None and frame.settings == {} and len(frame.hits) == 3


def test_reading_the_first_frame_loads_neither_numpy_nor_sqlalchemy(
    dbs: tuple[Engine, Engine], data_dir: Path
) -> None:
    import subprocess

    code = (
        "import sys; from pathlib import Path\n"
        "from csec_desktop.catalog.first_frame import read_first_frame\n"
        f"frame = read_first_frame(Path({str(data_dir)!r}), 20)\n"
        "assert frame is not None and len(frame.hits) == 20\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'sqlalchemy')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_the_window_paints_its_first_frame_before_numpy_and_sqlalchemy(
    dbs: tuple[Engine, Engine], data_dir: Path
) -> None:
    """The start as the application makes it (``app.start_window``), stopped the moment
    its first page has painted: the heavy libraries load behind it (docs/startup.md)."""
    import subprocess

    code = (
        "import sys; from pathlib import Path\n"
        "from csec_desktop import app\n"
        "from csec_desktop.ui.qt import QApplication\n"
        "def painted(window, desk):\n"
        "    heavy = {'numpy', 'sqlalchemy', 'zipcodes', 'alembic'}\n"
        "    print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
        "    QApplication.quit()\n"
        "app._open_behind = painted\n"
        "qapp = QApplication([])\n"
        "window = app.start_window(Path(sys.argv[1]))\n"
        "assert window is not None\n"
        "window.show()\n"
        "qapp.exec()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


_LOCAL = {
    "kind": "program",
    "summary": "A drop-in center where young people can rest, eat and talk to an advocate.",
    "status": "active",
    "last_verified": "2026-11-02",
    "sites": [{"city": "Albany", "state": "NY"}],
}
