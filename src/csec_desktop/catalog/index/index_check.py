"""Whether a catalog's full-text indexes are whole: FTS5's own integrity check.

SQLite's integrity check reads the B-trees of the tables FTS5 keeps its index in, not the
index they hold: a page of ``resource_fts_data`` overwritten inside a sound B-tree passes
it, and a search then finds nothing, or fails on the page it reads (SQLITE_CORRUPT_VTAB).
FTS5's ``integrity-check`` command reads every segment and compares the full index with the
text it indexes: 2 to 5 s at 100k resources and 42 s at a million on two shared cores,
where SQLite's quick check takes 1 s and 13 s (``python -m benchmarks.index_check``); so
it runs in ``check``, and in a session only once, after a search failed on a damaged page,
or found nothing where :func:`index_contradicts` (a tenth of a second at a million) finds
the index short of what the word list says (:class:`~csec_desktop.catalog.search.SearchEngine`).

To SQLite the command is a write (it writes nothing): it needs a connection that may write,
in a transaction that is rolled back. A read-only folder cannot be checked so, nor rebuilt.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from csec_desktop.catalog import readonly
from csec_desktop.catalog.index.index_schema import META_CODES
from csec_desktop.catalog.index.indexing import FTS_TABLE, TITLE_FTS_TABLE

#: The catalog's most frequent words :func:`index_contradicts` counts besides a query's:
#: their resources are in every segment of the index.
FREQUENT_WORDS = 1

#: SQLite's primary result codes that say the file's content is damaged.
DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


def is_damage(error: BaseException) -> bool:
    """True when ``error`` is SQLite saying the file is damaged (not locked, not read-only,
    not a missing table)."""
    code = getattr(error, "sqlite_errorcode", None)
    return (
        isinstance(error, sqlite3.DatabaseError)
        and code is not None
        and code & 0xFF in (DAMAGE_CODES)
    )


def index_problems(path: Path) -> list[str]:
    """What is wrong with the full-text indexes of the catalog at ``path``; empty when
    they are whole, or when they cannot be checked (a read-only folder or file, a catalog
    busy beyond the usual wait: not a finding)."""
    if not path.is_file() or readonly.folder_is_read_only(path.parent):
        return []
    problems: list[str] = []
    connection = sqlite3.connect(path, timeout=5, isolation_level=None)
    try:
        connection.execute("BEGIN")
        for table in (FTS_TABLE, TITLE_FTS_TABLE):
            try:
                connection.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as error:
                if is_damage(error):
                    problems.append(f"its search index ({table}) is damaged: {error}")
                elif "no such table" in str(error):
                    problems.append(f"its search index ({table}) is missing")
                else:
                    return []
    finally:
        connection.close()  # rolls the transaction back: nothing was written
    return problems


def index_contradicts(
    db: sqlite3.Connection, words: Iterable[str], *, frequent_words: int = FREQUENT_WORDS
) -> bool:
    """True when the full-text index finds fewer resources holding one of ``words``, or one
    of the catalog's ``frequent_words`` most frequent words, than the word list
    (``search_term``) says hold it, or cannot be read: a sign of damage, to be confirmed
    by :func:`index_problems`.

    It reads only those words' entries (a tenth of a second at a million resources, where
    the full check takes 40 s), so a page that is empty because nothing matches is not held
    up: the query's own words are whole, and the frequent one touches every segment. A
    match counts stemmed forms too, so a whole index finds at least as many as the word
    list says; a large catalog's word list is estimated from a sample, so there only
    finding fewer than half counts.
    """
    wanted = list(dict.fromkeys(words))[:20]
    try:
        stored = db.execute("SELECT value FROM meta WHERE key = ?", (META_CODES,)).fetchone()
        exact = bool(json.loads(stored[0]).get("terms_complete", True)) if stored else True
        marks = ", ".join("?" for _ in wanted)
        counted = db.execute(
            f"SELECT term, df FROM search_term WHERE term IN ({marks})", wanted
        ).fetchall()
        counted += db.execute(
            "SELECT term, df FROM search_term ORDER BY df DESC LIMIT ?", (frequent_words,)
        ).fetchall()
        for term, df in counted:
            found = db.execute(
                f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?",
                ('"' + str(term).replace('"', '""') + '"',),
            ).fetchone()[0]
            if found < (df if exact else df / 2):
                return True
    except (sqlite3.DatabaseError, ValueError, AttributeError):
        return True  # unreadable: the full check says whether it is damage
    return False
