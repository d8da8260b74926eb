"""What the window and the command line say about a failure, and the log that keeps the rest.

A failure a person can act on is one sentence, which the catalog says
(``catalog/storage/failures.py``, in the window's language too): a read-only data folder,
a database that cannot be written. Any other error is a bug: the person reads one
sentence naming the log file where its details went (written by :func:`write_log`), never a
traceback, and never an SQL statement, its parameters or a record's text, which a terminal
or a screenshot would show to whoever stands by. The log, under the data folder
(``logs/``), holds where it happened; database errors are logged by their kind and the
database's own message only, without the statement or its parameters.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import traceback
from pathlib import Path

#: The folder under the data folder that holds the logs.
LOG_FOLDER = "logs"
#: A log is started afresh beyond this size, so that it never grows without end.
LOG_LIMIT = 1_000_000


def database_error(error: BaseException) -> sqlite3.Error | None:
    """The SQLite error behind ``error`` (SQLAlchemy wraps it as ``orig``), if any."""
    if isinstance(error, sqlite3.Error):
        return error
    orig = getattr(error, "orig", None)  # sqlalchemy.exc.DBAPIError, without importing it
    return orig if isinstance(orig, sqlite3.Error) else None


def log_path(directory: Path, program: str) -> Path:
    """The log file of ``program`` (``csec-catalog``, ``csec-desktop``) in ``directory``."""
    return directory / LOG_FOLDER / f"{program}.log"


def write_log(error: BaseException, directory: Path | None, program: str) -> Path | None:
    """Append ``error``'s account to the program's log; return the log's path, or None
    when no log could be written (the data folder and the temporary folder refused)."""
    entry = f"{dt.datetime.now().isoformat(timespec='seconds')} {_account(error)}\n"
    folders = [directory] if directory is not None else []
    for folder in [*folders, Path(tempfile.gettempdir()) / "csec-desktop"]:
        log = log_path(folder, program) if folder in folders else folder / f"{program}.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            mode = "w" if log.exists() and log.stat().st_size > LOG_LIMIT else "a"
            with log.open(mode, encoding="utf-8") as handle:
                handle.write(entry)
        except OSError:
            continue
        return log
    return None


def _account(error: BaseException) -> str:
    """Where ``error`` and the errors that led to it happened, each with its kind and
    message, except that a database error gives the database's message alone."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        database = database_error(current)
        if database is not None:
            message = str(database)
        elif hasattr(current, "statement"):  # SQLAlchemy's StatementError: SQL and values
            message = "(the statement and its values are not logged)"
        else:
            message = str(current)
        parts.append(f"{frames}{type(current).__name__}: {message}")
        current = current.__cause__ or current.__context__
    return "\n-- caused by --\n".join(reversed(parts))
