"""Shared test set-up: Qt offscreen, and fresh data directories per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Tests never need a display; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The window follows the system's language: tests see it in English whatever the machine's
# locale, unless they choose Spanish (tests/test_translations.py).
os.environ["LC_ALL"] = "C.UTF-8"

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


@pytest.fixture
def data_source() -> Path:
    """The curated catalog source in the repository."""
    return DATA


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty data directory, also set as CSEC_DESKTOP_DATA_DIR."""
    directory = tmp_path / "data-dir"
    directory.mkdir()
    monkeypatch.setenv("CSEC_DESKTOP_DATA_DIR", str(directory))
    yield directory


@pytest.fixture
def window(qtbot: Any, data_dir: Path) -> Any:
    """A real main window on a fresh data directory (the window tests drive it)."""
    from gui_helpers import open_window

    return open_window(qtbot, data_dir)


@pytest.fixture(scope="session")
def catalog_engine(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The curated catalog, built once per session (for tests that only read it)."""
    from csec_desktop.catalog.storage import store

    engine, _ = store.ensure_catalog(tmp_path_factory.mktemp("catalog"), DATA)
    return engine


@pytest.fixture
def dbs(data_dir: Path, data_source: Path) -> tuple[Any, Any]:
    """The curated catalog and a user database in a fresh data directory (engines)."""
    from csec_desktop.catalog.storage import store

    catalog, _ = store.ensure_catalog(data_dir, data_source)
    return catalog, store.open_user_db(data_dir)


# --------------------------------------------------------------------------- agency server

#: The PostgreSQL server the agency tests use (a database and roles are made per test).
PG_URL_ENV = "CSEC_TEST_PG_URL"
PG_URL_DEFAULT = "postgresql://127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The URL of a reachable PostgreSQL server, from $CSEC_TEST_PG_URL or the default.

    Unreachable, the agency tests are skipped on a developer's machine and fail in CI
    (``CI`` set), where the server is part of the machine.
    """
    import psycopg

    url = os.environ.get(PG_URL_ENV, PG_URL_DEFAULT)
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error as error:
        message = f"no PostgreSQL server at {url} ({error}); set {PG_URL_ENV}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def agency_db(pg_server: str) -> Iterator[Any]:
    """A fresh database on the test server (dropped afterwards, with its roles)."""
    from agency_helpers import fresh_database

    with fresh_database(pg_server) as database:
        yield database
    # Free what the test left in reference cycles (engines, errors and their frames) here,
    # on the main thread, not whenever a later test's worker thread happens to allocate.
    import gc

    gc.collect()


@pytest.fixture
def agency(agency_db: Any, tmp_path: Path, catalog_engine: Any) -> Iterator[Any]:
    """An agency server initialised in a fresh database (an ``agency_helpers.Agency``):
    ``agency.desk(name, steward=…)`` makes a desk connected as its own login role."""
    from agency_helpers import Agency

    with Agency.made(agency_db, tmp_path, catalog_engine) as made:
        yield made
