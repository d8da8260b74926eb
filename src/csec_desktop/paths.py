"""Where CSEC Resource Desk keeps its files.

Both databases, their backups and the settings live in one data directory, the first of:

1. the directory passed on the command line (``--data-dir``);
2. the directory named by ``CSEC_DESKTOP_DATA_DIR``;
3. portable mode: in a frozen application with a ``csec-desktop.portable`` marker file beside
   the executable, the ``data`` folder beside it (for field laptops and USB drives);
4. the platform's per-user data directory (platformdirs).

The curated catalog source ships inside the package (``csec_desktop/catalog_data``, mapped
from the repository's ``data/``); a frozen application carries it in the same place.
"""

from __future__ import annotations

import os
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

import platformdirs

APP_NAME = "CSEC Resource Desk"
APP_SLUG = "csec-desktop"
DATA_DIR_ENV = "CSEC_DESKTOP_DATA_DIR"
CATALOG_DB_NAME = "catalog.sqlite"
USER_DB_NAME = "user.sqlite"
PORTABLE_MARKER = "csec-desktop.portable"
PORTABLE_DATA_DIR = "data"
ICON_NAME = "csec-desktop.svg"


class PortableDataUnwritable(Exception):
    """Portable mode is on, but the folder beside the application cannot be written; the
    message is one sentence a person can act on."""


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory, creating it: ``override``, else the environment, else the
    portable folder beside a frozen application with a marker, else the platform's user data
    directory. Raises :class:`PortableDataUnwritable` for a read-only portable folder."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    if chosen:
        path = Path(chosen)
    elif (portable := portable_data_dir()) is not None:
        return _writable_portable(portable)
    else:
        path = Path(platformdirs.user_data_dir(APP_SLUG, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def documents_dir() -> Path:
    """The user's documents folder (where a saved sheet is first offered), or the home
    folder where there is none."""
    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def application_dir() -> Path | None:
    """The folder a person sees the frozen application in, or None when not frozen.

    That is the executable's folder, except in a macOS bundle (``Name.app/Contents/MacOS``),
    where it is the folder holding ``Name.app``.
    """
    if not getattr(sys, "frozen", False):
        return None
    folder = Path(sys.executable).resolve().parent
    bundle = folder.parent.parent
    if folder.name == "MacOS" and folder.parent.name == "Contents" and bundle.suffix == ".app":
        return bundle.parent
    return folder


def portable_data_dir() -> Path | None:
    """The portable data folder if portable mode is on (a frozen application with the
    marker file beside it), else None."""
    folder = application_dir()
    if folder is None or not (folder / PORTABLE_MARKER).is_file():
        return None
    return folder / PORTABLE_DATA_DIR


def _writable_portable(path: Path) -> Path:
    """Create ``path`` and prove it can be written, or explain in one sentence."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        # Permission bits do not reveal a read-only drive or share; writing a file does.
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as error:
        raise PortableDataUnwritable(
            f"Portable mode keeps all data in {path}, but that folder cannot be written "
            f"({error.strerror or error}), so copy the application to a writable drive or "
            f"remove {PORTABLE_MARKER} to keep the data in your profile."
        ) from error
    return path


def catalog_db_path(directory: Path) -> Path:
    """The replaceable catalog database inside ``directory``."""
    return directory / CATALOG_DB_NAME


def user_db_path(directory: Path) -> Path:
    """The caseworker's own database (favorites, notes, saved searches and sheets)."""
    return directory / USER_DB_NAME


def user_damaged_marker_path(directory: Path) -> Path:
    """Beside ``user.sqlite`` while a damaged file kept aside awaits the caseworker's choice
    (restore a backup or start anew); it names that file."""
    return directory / (USER_DB_NAME + ".damaged")


def bundled_catalog_source() -> Path:
    """The curated catalog source (the repository's ``data/``) as installed with the package."""
    return Path(str(files("csec_desktop.catalog_data")))


def bundled_resources() -> Path:
    """Icons, style sheets and the desktop entry (the repository's ``resources/``)."""
    return Path(str(files("csec_desktop.resources")))


def app_icon_path() -> Path:
    """The application icon (an SVG in resources/)."""
    return bundled_resources() / ICON_NAME
