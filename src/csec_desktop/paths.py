"""Where CSEC Resource Desk keeps its files.

Both databases and the settings live in one data directory: the platform's per-user data
directory (platformdirs), or the directory named by ``CSEC_DESKTOP_DATA_DIR``. The curated
catalog source ships inside the package (``csec_desktop/catalog_data``, mapped from the
repository's ``data/``).
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

import platformdirs

APP_NAME = "CSEC Resource Desk"
APP_SLUG = "csec-desktop"
DATA_DIR_ENV = "CSEC_DESKTOP_DATA_DIR"
CATALOG_DB_NAME = "catalog.sqlite"
USER_DB_NAME = "user.sqlite"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory, creating it: ``override``, else the environment, else the
    platform's user data directory."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_SLUG, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def catalog_db_path(directory: Path) -> Path:
    """The replaceable catalog database inside ``directory``."""
    return directory / CATALOG_DB_NAME


def user_db_path(directory: Path) -> Path:
    """The caseworker's own database (favorites, notes, saved searches and sheets)."""
    return directory / USER_DB_NAME


def bundled_catalog_source() -> Path:
    """The curated catalog source (the repository's ``data/``) as installed with the package."""
    return Path(str(files("csec_desktop.catalog_data")))


def bundled_resources() -> Path:
    """Icons, style sheets and the desktop entry (the repository's ``resources/``)."""
    return Path(str(files("csec_desktop.resources")))
