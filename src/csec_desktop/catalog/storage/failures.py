"""What the desk says of a failure a person can act on: a data folder or saved data that
cannot be written, a full disk, a database that cannot be used, a read-only drive.

Said as sentences (``content/sentence.py``): the command line says them in English, the
window in its language. ``errorlog.py`` keeps what is never said to a person (the database
error behind an exception, the log of a bug); it lives outside the catalog, which imports
it, so these sentences cannot live there without a circle between the package's modules
(the ``acyclic`` import contract). Light (no SQLAlchemy): the window's start says the
read-only folder's sentence.
"""

from __future__ import annotations

import errno
from pathlib import Path

from csec_desktop import errorlog
from csec_desktop.catalog.content.sentence import QT_TRANSLATE_NOOP, Sentence

# The translation context of the storage's sentences (store.StoreError's as well).
CONTEXT = "Storage"
READ_ONLY_FOLDER = QT_TRANSLATE_NOOP(
    "Storage",
    "The data folder {folder} is read-only, so the desk opens for reading only: you can "
    "search and print, but nothing can be saved or changed.",
)
READ_ONLY_DATA = QT_TRANSLATE_NOOP(
    "Storage",
    "Your saved data is read-only (the data folder or user.sqlite cannot be written), so "
    "nothing can be saved or changed; everything saved before is unchanged.",
)
DISK_FULL = QT_TRANSLATE_NOOP(
    "Storage", "The disk is full, so nothing could be saved; nothing was changed."
)
DATABASE_UNUSABLE = QT_TRANSLATE_NOOP(
    "Storage", "The database could not be used ({problem}); nothing was changed."
)
READ_ONLY_DRIVE = QT_TRANSLATE_NOOP(
    "Storage", "{folder} is on a read-only drive, so nothing was written there or changed."
)
BUG_LOGGED = QT_TRANSLATE_NOOP(
    "Storage", "Unexpected error ({kind}); the details are in {log}; please report it."
)
BUG_NOT_LOGGED = QT_TRANSLATE_NOOP(
    "Storage", "Unexpected error ({kind}); no log could be written; please report it."
)
NOT_WRITTEN = QT_TRANSLATE_NOOP(
    "Storage",
    "Your saved data could not be written (the disk may be full, or user.sqlite locked or "
    "read-only); nothing was changed.",
)


def read_only_folder(directory: Path) -> Sentence:
    """What the desk says, once, when it opens a read-only data folder."""
    return Sentence(CONTEXT, READ_ONLY_FOLDER, {"folder": str(directory)})


def read_only_data() -> Sentence:
    """The one sentence for a write refused because the saved data is read-only."""
    return Sentence(CONTEXT, READ_ONLY_DATA)


def is_read_only(error: BaseException) -> bool:
    """True when ``error`` is SQLite refusing a write to a read-only database or folder."""
    database = errorlog.database_error(error)
    text = str(database).lower() if database is not None else ""
    return "readonly" in text or "read-only" in text


def known_failure(error: BaseException) -> Sentence | None:
    """The one sentence for a failure a person can act on (a read-only data folder or
    database, a full disk), or None for anything else. Never the record or the SQL."""
    database = errorlog.database_error(error)
    if database is not None:
        text = str(database).lower()
        if is_read_only(error):
            return read_only_data()
        if "disk" in text and "full" in text:
            return Sentence(CONTEXT, DISK_FULL)
        # SQLite's own words (its message, never the statement): what a helper would ask.
        return Sentence(CONTEXT, DATABASE_UNUSABLE, {"problem": str(database)})
    if isinstance(error, OSError) and error.errno == errno.EROFS and error.filename:
        folder = Path(str(error.filename)).parent
        return Sentence(CONTEXT, READ_ONLY_DRIVE, {"folder": str(folder)})
    return None


def reported_bug(error: BaseException, directory: Path | None, program: str) -> Sentence:
    """Log ``error`` under ``directory`` (else the temporary folder; ``errorlog``) and
    return the one sentence to show: what kind of error, and where its details are."""
    log = errorlog.write_log(error, directory, program)
    kind = type(error).__name__
    if log is None:
        return Sentence(CONTEXT, BUG_NOT_LOGGED, {"kind": kind})
    return Sentence(CONTEXT, BUG_LOGGED, {"kind": kind, "log": str(log)})
