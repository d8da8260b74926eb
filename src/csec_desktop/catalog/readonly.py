"""A data folder that cannot be written, and its SQLite files opened for reading there.

SQLite keeps a WAL database's ``-shm`` file beside it, which it must create even to read;
in a folder that cannot be written it cannot, and every open fails. Such a folder's files
are opened read-only and ``immutable`` (no ``-shm`` needed; nobody can change them
there), unless a ``-wal`` file is there, which only a normal read-only open replays.
Light (no SQLAlchemy): the window's first frame uses it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any


def folder_is_read_only(directory: Path) -> bool:
    """True when ``directory`` exists and this process cannot create files in it."""
    return directory.is_dir() and not os.access(directory, os.W_OK)


def reading_uri(path: Path) -> str:
    """The SQLite URI that opens ``path`` for reading only (``uri=True``)."""
    wal = path.with_name(path.name + "-wal")
    immutable = folder_is_read_only(path.parent) and not wal.exists()
    return f"file:{path}?mode=ro" + ("&immutable=1" if immutable else "")


def connect(path: Path, **options: Any) -> sqlite3.Connection:
    """``sqlite3.connect(path)``, read-only in a read-only folder (see the module)."""
    if folder_is_read_only(path.parent):
        connection: sqlite3.Connection = sqlite3.connect(reading_uri(path), uri=True, **options)
    else:
        connection = sqlite3.connect(path, **options)
    return connection
