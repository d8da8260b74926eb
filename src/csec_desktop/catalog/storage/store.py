"""Open, create, migrate, check and back up the two SQLite databases.

- ``catalog.sqlite`` is replaceable. It is built into a temporary file and moved into place
  in one atomic rename, so a crash or power loss leaves either the old or the new catalog.
  It is rebuilt when it is missing, damaged, of another schema version, or older than the
  curated source it was built from (content hash).
- ``user.sqlite`` is the caseworker's and is never replaced silently. It is migrated step
  by step after a backup, and backed up again before the first write of every session
  that changes it (backups thinned as Anki thins its own: :func:`backups_to_drop`). A
  damaged file (or one emptied to 0 bytes) is moved aside and :class:`UserDataDamaged`
  tells the caller, who offers the newest backup (:func:`restore_user_backup`); with a
  backup to offer, it keeps telling at every open until the caseworker restores one or
  starts anew (:func:`start_anew`).

Every connection has foreign keys on, a busy timeout, and WAL journaling.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import NullPool, StaticPool

from csec_desktop.catalog import readonly
from csec_desktop.catalog.content.records import ResourceRecord
from csec_desktop.catalog.content.sentence import QT_TRANSLATE_NOOP, Sentence, SentenceFailure
from csec_desktop.catalog.curated.sources import CatalogContent, read_catalog_source, source_hash
from csec_desktop.catalog.index.index_schema import CATALOG_SCHEMA_VERSION, TITLE_INDEX_SUFFIX
from csec_desktop.catalog.progress import Progress
from csec_desktop.catalog.storage.failures import CONTEXT
from csec_desktop.catalog.storage.migrations import USER_SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000
BACKUP_DIR = "backups"
# Backups kept: the newest RECENT, then one a day for DAILY days, one a week for WEEKLY
# weeks and one a month for MONTHLY months (Anki's thinning).
BACKUPS_RECENT = 10
BACKUPS_DAILY = 12
BACKUPS_WEEKLY = 10
BACKUPS_MONTHLY = 9
# SQL that changes data: the first such statement of a session backs user data up first.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# Meta keys a rebuilt catalog keeps of the newest bundle installed before it, so that a
# rebuild from the bundled source never lets an older bundle in (see rollback_guard).
GUARD_VERSION = "guard.catalog_version"
GUARD_DATE = "guard.catalog_date"


FOLDER_NOT_FILE = QT_TRANSLATE_NOOP(
    "Storage",
    "The catalog database {path} is a folder, not a file; move or remove that folder and "
    "try again (it is rebuilt from the bundled catalog).",
)
SOURCE_INVALID = QT_TRANSLATE_NOOP(
    "Storage",
    "The catalog source has {count} problem(s); run 'csec-catalog validate' to see them.",
)
CANNOT_BUILD_READ_ONLY = QT_TRANSLATE_NOOP(
    "Storage",
    "The data folder {directory} is read-only and its catalog is {reason}, so it cannot be "
    "built there; make the folder writable or choose another.",
)
NO_SOURCE = QT_TRANSLATE_NOOP(
    "Storage", "The catalog database {path} is {reason} and there is no source."
)
# Why a catalog is rebuilt (catalog_rebuild_reason), as the two sentences above say it.
REASONS = {
    "missing": QT_TRANSLATE_NOOP("Storage", "missing"),
    "damaged": QT_TRANSLATE_NOOP("Storage", "damaged"),
    "schema": QT_TRANSLATE_NOOP("Storage", "of another schema"),
    "changed": QT_TRANSLATE_NOOP("Storage", "older than its source"),
    "requested": QT_TRANSLATE_NOOP("Storage", "to be rebuilt"),
}
NEWER_VERSION = QT_TRANSLATE_NOOP(
    "Storage",
    "Your saved data was written by a newer version of CSEC Resource Desk; please update "
    "the application.",
)
UPGRADE_BROKEN = QT_TRANSLATE_NOOP(
    "Storage",
    "Upgrading your saved data to version {number} would leave {count} row(s) of {table} "
    "referring to nothing, so it stays at version {before}.",
)
DAMAGED_BACKUP = QT_TRANSLATE_NOOP(
    "Storage",
    "Your saved favorites, notes and searches could not be read, so the damaged file was "
    "kept as {kept}. The newest backup is from {when}.",
)
DAMAGED_NO_BACKUP = QT_TRANSLATE_NOOP(
    "Storage",
    "Your saved favorites, notes and searches could not be read, so the damaged file was "
    "kept as {kept}. There is no backup to restore.",
)
UNREADABLE_READ_ONLY = QT_TRANSLATE_NOOP(
    "Storage",
    "Your saved data in the read-only folder {folder} is missing or cannot be read, and "
    "nothing can be repaired there; make the folder writable.",
)
OTHER_VERSION_READ_ONLY = QT_TRANSLATE_NOOP(
    "Storage",
    "Your saved data in the read-only folder {folder} is of another version and cannot be "
    "upgraded there; make the folder writable.",
)
BACKUP_UNREADABLE = QT_TRANSLATE_NOOP("Storage", "The backup {name} cannot be read either.")


class StoreError(SentenceFailure):
    """A database problem, with one sentence a person can act on as its message (said in
    the window's language from its parts, :attr:`sentence`)."""

    context = CONTEXT

    def __init__(self, sentence: Sentence | str) -> None:
        # A plain str is an English sentence kept whole: the publisher's own errors at the
        # command line (signing keys, a bundle's version: interchange/bundle.py), said as
        # they are in every language.
        if isinstance(sentence, str):
            sentence = Sentence(CONTEXT, "{text}", {"text": sentence})
        super().__init__(sentence)


class CatalogSourceInvalid(StoreError):
    """The catalog source has validation problems, so no catalog can be built from it."""

    def __init__(self, sentence: Sentence | str, problems: list[Any]) -> None:
        super().__init__(sentence)
        self.problems = problems


class UserDataDamaged(StoreError):
    """``user.sqlite`` could not be read; it was moved aside, and a backup may be offered."""

    def __init__(self, kept_aside: Path, backup: Path | None) -> None:
        values: dict[str, str] = {"kept": kept_aside.name}
        if backup:
            values["when"] = f"{backup_time(backup):%Y-%m-%d %H:%M}"
        super().__init__(Sentence(CONTEXT, DAMAGED_BACKUP if backup else DAMAGED_NO_BACKUP, values))
        self.kept_aside = kept_aside
        self.backup = backup


def _reason(reason: str) -> Sentence:
    """Why a catalog is rebuilt, as a part of a sentence."""
    return Sentence(CONTEXT, REASONS.get(reason, reason))


def _set_pragmas(dbapi_connection: sqlite3.Connection, wal: bool) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if wal:
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def sqlite_engine(path: Path, *, wal: bool = True) -> Engine:
    """An engine on the SQLite file ``path`` with the house pragmas on every connection.

    Connections may be used from a worker thread (``check_same_thread`` off); each is used
    by one thread at a time.
    """
    read_only = readonly.folder_is_read_only(path.parent)  # (every write then refused)
    target = f"{readonly.reading_uri(path)}&uri=true" if read_only else str(path)
    engine = create_engine(
        f"sqlite+pysqlite:///{target}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        _set_pragmas(dbapi_connection, wal and not read_only)

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection to ``engine``'s SQLite database in a transaction that holds the write
    lock from its start, committed at the end, rolled back on any exception.

    ``BEGIN IMMEDIATE``: the driver would begin only at the first write, so what was read
    before it (is the catalog in line? which rows are local? which change was seen last?)
    could be stale by then.
    """
    with engine.connect() as connection, _holding_write_lock(connection):
        yield connection


@contextmanager
def _holding_write_lock(connection: Connection) -> Iterator[None]:
    """A transaction on ``connection`` that holds the write lock from its start (see
    :func:`write_transaction`), committed at the end, rolled back on any exception."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.rollback()
        raise
    connection.commit()


def looks_like_sqlite(path: Path) -> bool:
    """True when ``path`` is a non-empty file that SQLite reads as a database.

    Asked of SQLite itself rather than by reading the header with ``open()``: closing any
    other descriptor of a file drops the POSIX locks this process holds on it, so reading
    a live database that way could let another process write under a connection of ours.
    SQLite keeps such descriptors open until its own connections close.
    """
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        connection = sqlite3.connect(readonly.reading_uri(path), uri=True)
        try:
            connection.execute("PRAGMA schema_version").fetchone()  # reads the header
        finally:
            connection.close()
    except (OSError, sqlite3.Error):
        return False
    return True


# Files SQLite, and a catalog build, keep beside a database file.
SIDECARS = ("-wal", "-shm", TITLE_INDEX_SUFFIX)


def _remove_with_sidecars(path: Path) -> None:
    for candidate in (path, *(path.with_name(path.name + sidecar) for sidecar in SIDECARS)):
        candidate.unlink(missing_ok=True)


# --------------------------------------------------------------------------- catalog


def read_catalog_meta(path: Path) -> dict[str, str]:
    """The catalog's meta table, or raise :class:`sqlite3.DatabaseError` if it is unreadable."""
    if not looks_like_sqlite(path):
        raise sqlite3.DatabaseError("not a SQLite database")
    connection = sqlite3.connect(readonly.reading_uri(path), uri=True)
    try:
        rows = connection.execute("SELECT key, value FROM meta").fetchall()
        # Touch the search index too: a catalog whose index is gone is as good as damaged.
        connection.execute("SELECT rowid FROM resource_fts LIMIT 1").fetchall()
    finally:
        connection.close()
    return dict(rows)


def catalog_rebuild_reason(path: Path, source_dir: Path | None) -> str | None:
    """Why the catalog at ``path`` must be (re)built from ``source_dir``, or None if current."""
    if not path.exists():
        return "missing"
    try:
        meta = read_catalog_meta(path)
    except sqlite3.Error:
        return "damaged"
    if meta.get("schema_version") != str(CATALOG_SCHEMA_VERSION):
        return "schema"
    if (
        source_dir is not None
        and meta.get("origin") == "data"
        and meta.get("content_hash") != source_hash(source_dir)
    ):
        return "changed"
    return None


def rollback_guard(meta: Mapping[str, str]) -> dict[str, str]:
    """What a catalog built in place of one with ``meta`` keeps of the newest bundle
    installed so far: that catalog's own version and date when it came from a bundle
    (an import never installs an older one), else the guard it carried itself."""
    if meta.get("origin") == "bundle" and meta.get("catalog_version"):
        return {
            GUARD_VERSION: meta["catalog_version"],
            GUARD_DATE: meta.get("catalog_date", ""),
        }
    return {key: meta[key] for key in (GUARD_VERSION, GUARD_DATE) if key in meta}


def build_catalog(
    path: Path,
    content: CatalogContent,
    *,
    resources: Iterable[ResourceRecord] | None = None,
    origin: str = "data",
    meta: Mapping[str, str] | None = None,
    keep_previous: Path | None = None,
    progress: Progress | None = None,
    parallel: bool = False,
) -> None:
    """Build a catalog database from ``content`` and move it into place at ``path``.

    The work happens in ``<path>.building``; only a complete, committed database replaces
    the old one. Callers must have closed their connections to ``path`` first.
    ``resources`` streams records in place of ``content.resources`` and ``meta`` adds meta
    facts (see the writer). With ``keep_previous``, the catalog being replaced stays there
    (for undo), put in place before the new one so that a crash leaves both consistent.
    ``parallel`` makes the rows in a second process (see the writer; for large catalogs).
    """
    from csec_desktop.catalog.storage.writer import write_catalog  # the writer pulls in the indexer

    if path.is_dir():  # found before the work, and named (not the scratch file it would fail on)
        raise StoreError.of(FOLDER_NOT_FILE, path=str(path))
    building = path.with_name(path.name + ".building")
    _remove_with_sidecars(building)
    # Millions of short-lived row tuples trigger the cyclic collector for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        engine = create_engine(f"sqlite+pysqlite:///{building}", poolclass=NullPool)
        with engine.begin() as db:
            # A scratch file needs no journal: if the build fails, the file is thrown away.
            db.exec_driver_sql("PRAGMA journal_mode = OFF")
            db.exec_driver_sql("PRAGMA synchronous = OFF")
            db.exec_driver_sql("PRAGMA cache_size = -200000")
            db.exec_driver_sql("PRAGMA temp_store = MEMORY")
            write_catalog(
                db,
                content,
                resources=resources,
                origin=origin,
                meta=meta,
                progress=progress,
                parallel=parallel,
            )
        with engine.connect() as db:
            db.exec_driver_sql("PRAGMA journal_mode = WAL")
            db.exec_driver_sql("PRAGMA optimize")
        engine.dispose()
        # Left where a file open could not be removed (see indexing.remove_title_index).
        building.with_name(building.name + TITLE_INDEX_SUFFIX).unlink(missing_ok=True)
        with building.open("rb+") as handle:
            os.fsync(handle.fileno())
        if keep_previous is not None and path.exists():
            keep_copy(path, keep_previous)
        # A stale WAL beside the new file would be replayed into it: remove it first.
        for sidecar in ("-wal", "-shm"):
            path.with_name(path.name + sidecar).unlink(missing_ok=True)
        building.replace(path)
    except BaseException:
        _remove_with_sidecars(building)
        raise
    finally:
        if collecting:
            gc.enable()


def keep_copy(path: Path, target: Path) -> None:
    """Put a consistent copy of the catalog ``path`` at ``target`` in one atomic rename.

    A hard link costs nothing; where links are not supported, SQLite's online backup copies.
    """
    staging = target.with_name(target.name + ".partial")
    _remove_with_sidecars(staging)
    try:
        os.link(path, staging)
    except OSError:
        _copy_database(path, staging)
    for sidecar in ("-wal", "-shm"):
        target.with_name(target.name + sidecar).unlink(missing_ok=True)
    staging.replace(target)


def read_valid_source(source_dir: Path) -> CatalogContent:
    """Read the catalog source in ``source_dir``; raise :class:`CatalogSourceInvalid` if it
    has any problem (the caller shows ``problems`` or points to ``csec-catalog validate``)."""
    content = read_catalog_source(source_dir)
    if not content.ok:
        raise CatalogSourceInvalid(
            Sentence(CONTEXT, SOURCE_INVALID, {"count": len(content.problems)}),
            content.problems,
        )
    return content


def ensure_catalog(
    directory: Path,
    source_dir: Path | None,
    *,
    progress: Progress | None = None,
    force: bool = False,
    origin: str = "data",
    before_build: Callable[[], None] | None = None,
) -> tuple[Engine, str | None]:
    """Open the catalog in ``directory``, building it from ``source_dir`` first if needed.

    Returns the engine and the reason it was rebuilt (None if it was current). With
    ``source_dir`` None, an existing catalog is used as is (a benchmark or imported catalog).
    Only a catalog of origin ``data`` (the bundled source) is rebuilt when that source
    changes; one built on request from another source stays until the next rebuild.
    ``before_build`` is called when a build is about to replace the file, for a caller
    that must let go of it first. The catalog replaced passes on its rollback guard.
    """
    from csec_desktop.paths import catalog_db_path

    path = catalog_db_path(directory)
    reason = "requested" if force else catalog_rebuild_reason(path, source_dir)
    if reason is not None and readonly.folder_is_read_only(directory):
        if reason != "changed":  # an older but whole catalog is read as it is
            raise StoreError.of(
                CANNOT_BUILD_READ_ONLY, directory=str(directory), reason=_reason(reason)
            )
        reason = None
    if reason is not None:
        if source_dir is None:
            raise StoreError.of(NO_SOURCE, path=str(path), reason=_reason(reason))
        if before_build is not None:
            before_build()
        try:
            guard = rollback_guard(read_catalog_meta(path)) if path.exists() else {}
        except sqlite3.Error:
            guard = {}  # a damaged catalog vouches for nothing
        content = read_valid_source(source_dir)
        build_catalog(path, content, origin=origin, meta=guard, progress=progress)
    return sqlite_engine(path), reason


def user_schema_problems(path: Path) -> list[str]:
    """What keeps the application from using the user database at ``path`` although its
    pages are sound: a schema version it does not know, a table or column missing, a row
    referring to one that does not exist. Read only; an older version is no problem (the
    next open migrates it, after a backup)."""
    from csec_desktop.catalog.storage.userdata import UserBase

    try:
        connection = sqlite3.connect(readonly.reading_uri(path), uri=True)
        try:
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if version > USER_SCHEMA_VERSION:
                return [
                    f"its schema version {version} is newer than this application's "
                    f"{USER_SCHEMA_VERSION}; update the application"
                ]
            if version < USER_SCHEMA_VERSION:
                return []
            problems: list[str] = []
            for table in UserBase.metadata.sorted_tables:
                found = {row[1] for row in connection.execute(f'PRAGMA table_info("{table.name}")')}
                missing = [column.name for column in table.columns if column.name not in found]
                if not found:
                    problems.append(f"the table {table.name} is missing")
                elif missing:
                    problems.append(f"the table {table.name} lacks {', '.join(missing)}")
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                problems.append(
                    f"{len(broken)} row(s) of {broken[0][0]} refer to rows that do not exist"
                )
            return problems
        finally:
            connection.close()
    except sqlite3.Error as error:
        return [str(error)]


def integrity_problems(path: Path, *, quick: bool = False) -> list[str]:
    """Run SQLite's integrity check (``quick``: its quicker form, which skips matching
    indexes to their tables); an empty list means the database is sound."""
    if not looks_like_sqlite(path):
        return ["the file is not a SQLite database"]
    try:
        connection = sqlite3.connect(readonly.reading_uri(path), uri=True)
        try:
            check = "quick_check" if quick else "integrity_check"
            rows = [row[0] for row in connection.execute(f"PRAGMA {check}")]
        finally:
            connection.close()
    except sqlite3.Error as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


# --------------------------------------------------------------------------- user data


def backup_dir(directory: Path) -> Path:
    """Where backups of ``user.sqlite`` are kept."""
    return directory / BACKUP_DIR


def backup_time(path: Path) -> dt.datetime:
    """The time a backup was taken, from its name (``user-YYYYmmdd-HHMMSS.sqlite``)."""
    try:
        return dt.datetime.strptime(path.stem.removeprefix("user-"), "%Y%m%d-%H%M%S")
    except ValueError:
        return dt.datetime.fromtimestamp(path.stat().st_mtime)


def list_user_backups(directory: Path) -> list[Path]:
    """Backups of ``user.sqlite``, newest first."""
    folder = backup_dir(directory)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("user-*.sqlite"), key=lambda p: p.name, reverse=True)


def backups_to_drop(backups: list[Path]) -> list[Path]:
    """Which of ``backups`` (newest first) thinning drops: the newest
    :data:`BACKUPS_RECENT` stay, and of the older ones the newest of each day, week and
    month, for the last :data:`BACKUPS_DAILY` days, :data:`BACKUPS_WEEKLY` weeks and
    :data:`BACKUPS_MONTHLY` months that have one."""
    kept = set(backups[:BACKUPS_RECENT])
    older = backups[BACKUPS_RECENT:]
    buckets: tuple[tuple[Callable[[dt.datetime], object], int], ...] = (
        (lambda when: when.date(), BACKUPS_DAILY),
        (lambda when: when.isocalendar()[:2], BACKUPS_WEEKLY),
        (lambda when: (when.year, when.month), BACKUPS_MONTHLY),
    )
    for bucket, limit in buckets:
        seen: set[object] = set()
        for backup in older:
            key = bucket(backup_time(backup))
            if key not in seen and len(seen) < limit:
                seen.add(key)
                kept.add(backup)
    return [backup for backup in backups if backup not in kept]


def backup_user_db(directory: Path) -> Path:
    """Copy ``user.sqlite`` consistently (SQLite's online backup) into the backup folder,
    thinning the older backups (:func:`backups_to_drop`); return the new backup's path."""
    from csec_desktop.paths import user_db_path

    folder = backup_dir(directory)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"user-{stamp}.sqlite"
    counter = 1
    while target.exists():
        target = folder / f"user-{stamp}-{counter}.sqlite"
        counter += 1
    _copy_database(user_db_path(directory), target)
    # A copy keeps the WAL mode, and reading a WAL file leaves -wal and -shm files beside it:
    # a backup nobody writes is better in rollback mode.
    connection = sqlite3.connect(target)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()
    for old in backups_to_drop(list_user_backups(directory)):
        _remove_with_sidecars(old)
    return target


def backup_summary(backup: Path) -> dict[str, int]:
    """How many favorites, notes, saved searches, saved sheets and local resources a
    backup holds (read only; tables it lacks count 0)."""
    counts: dict[str, int] = {}
    # immutable: nobody writes a backup, so no locks and no -shm file (older backups are WAL).
    connection = sqlite3.connect(f"file:{backup}?mode=ro&immutable=1", uri=True)
    try:
        for name, table in (
            ("favorites", "favorite"),
            ("notes", "note"),
            ("saved_searches", "saved_search"),
            ("saved_sheets", "saved_sheet"),
            ("local_resources", "local_resource"),
        ):
            try:
                counts[name] = int(
                    connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                )
            except sqlite3.OperationalError:
                counts[name] = 0
    finally:
        connection.close()
    return counts


def _copy_database(source: Path, target: Path) -> None:
    """Copy a database consistently with SQLite's online backup (safe while it is in use)."""
    reading = sqlite3.connect(readonly.reading_uri(source), uri=True)
    try:
        writing = sqlite3.connect(target)
        try:
            reading.backup(writing)
        finally:
            writing.close()
    finally:
        reading.close()


def _user_db_readable(path: Path) -> bool:
    if not looks_like_sqlite(path):
        return False
    try:
        connection = sqlite3.connect(readonly.reading_uri(path), uri=True)
        try:
            return bool(connection.execute("PRAGMA quick_check").fetchone() == ("ok",))
        finally:
            connection.close()
    except sqlite3.Error:
        return False


def _keep_aside(path: Path, why: str = "damaged") -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}.{why}-{stamp}{path.suffix}")
    counter = 1
    while kept.exists():
        kept = path.with_name(f"{path.stem}.{why}-{stamp}-{counter}{path.suffix}")
        counter += 1
    path.replace(kept)
    for sidecar in ("-wal", "-shm"):
        side = path.with_name(path.name + sidecar)
        if side.exists():
            side.replace(kept.with_name(kept.name + sidecar))
    return kept


def migrate_user_db(engine: Engine) -> int:
    """Bring the user database to :data:`USER_SCHEMA_VERSION`; return that version.

    A current database costs one pragma. A new one (version 0) gets the models' tables at
    once; an older one the missing steps of :mod:`csec_desktop.catalog.storage.migrations`, the
    only case that imports Alembic (about half a second on a busy machine). A database
    from a newer version of the application is refused rather than touched.
    """
    with engine.connect() as connection:
        version = int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())
    if version > USER_SCHEMA_VERSION:
        raise StoreError.of(NEWER_VERSION)
    if version == 0:
        _create_from_models(engine)
    elif version < USER_SCHEMA_VERSION:
        apply_steps(engine, version)
    return USER_SCHEMA_VERSION


def _create_from_models(engine: Engine) -> None:
    """Make a new user database: the models' tables and the version, in one transaction
    (the same schema as every step from an empty file; tests/test_migrations.py)."""
    from csec_desktop.catalog.storage.userdata import UserBase

    with write_transaction(engine) as connection:
        UserBase.metadata.create_all(connection)
        connection.exec_driver_sql(f"PRAGMA user_version = {USER_SCHEMA_VERSION}")


def apply_steps(engine: Engine, version: int) -> None:
    """Run the steps after ``version``, each in a transaction that holds the write lock.

    Foreign keys are off meanwhile and checked before each commit: SQLite's way to rebuild
    a table (what Alembic's batch mode does), since dropping the old table with them on
    would delete, by cascade, the rows that refer to it.
    """
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    from csec_desktop.catalog.storage.migrations import steps

    with engine.connect() as connection:
        # Before the transaction begins: inside one, SQLite ignores this pragma.
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        try:
            for number, step in enumerate(steps()[version:], start=version + 1):
                with _holding_write_lock(connection):
                    step.upgrade(Operations(MigrationContext.configure(connection)))
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise StoreError.of(
                            UPGRADE_BROKEN,
                            number=number,
                            count=len(broken),
                            table=str(broken[0][0]),
                            before=number - 1,
                        )
                    connection.exec_driver_sql(f"PRAGMA user_version = {number}")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")
            connection.commit()


def open_user_db(directory: Path, *, damaged_ok: bool = False) -> Engine:
    """Open (creating or migrating) ``user.sqlite`` in ``directory``.

    A damaged file, or one emptied to 0 bytes while a backup exists, is moved aside and
    :class:`UserDataDamaged` raised; nothing is deleted. While a backup can be offered,
    every later open raises it again, until :func:`restore_user_backup` or
    :func:`start_anew`; ``damaged_ok`` opens (creating) a file for this session meanwhile.
    A backup is taken before a migration, and before the first write of the session.
    """
    from csec_desktop.paths import user_damaged_marker_path, user_db_path

    path = user_db_path(directory)
    if readonly.folder_is_read_only(directory):
        return _open_user_db_read_only(path)
    marker = user_damaged_marker_path(directory)
    backups = list_user_backups(directory)
    if marker.exists() and not damaged_ok:
        kept = directory / marker.read_text(encoding="utf-8").strip()
        raise UserDataDamaged(kept, backups[0] if backups else None)
    emptied = path.exists() and path.stat().st_size == 0 and bool(backups)
    existed = path.exists() and path.stat().st_size > 0
    if emptied or (existed and not _user_db_readable(path)):
        kept = _keep_aside(path)
        if backups:  # else there is nothing to offer, and saying it once is all there is
            marker.write_text(kept.name, encoding="utf-8")
        raise UserDataDamaged(kept, backups[0] if backups else None)
    engine = sqlite_engine(path)
    if existed:
        with engine.connect() as connection:
            version = int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())
        if version < USER_SCHEMA_VERSION:
            backup_user_db(directory)
    migrate_user_db(engine)
    if existed:  # a file made just now holds nothing to keep
        _back_up_before_first_write(engine, directory)
    return engine


def _open_user_db_read_only(path: Path) -> Engine:
    """The user database of a read-only folder as it is: not created, migrated, moved
    aside or backed up (nothing can be written there); every write is refused. With no
    file there, empty saved data held in memory for the session, which refuses writes too."""
    if not path.exists():
        return _empty_user_db_read_only(path)
    if not looks_like_sqlite(path) or integrity_problems(path, quick=True):
        raise StoreError.of(UNREADABLE_READ_ONLY, folder=str(path.parent))
    engine = sqlite_engine(path)
    with engine.connect() as connection:
        version = int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())
    if version != USER_SCHEMA_VERSION:
        engine.dispose()
        raise StoreError.of(OTHER_VERSION_READ_ONLY, folder=str(path.parent))
    return engine


def _empty_user_db_read_only(path: Path) -> Engine:
    """Empty saved data of the current schema in memory: one connection for the engine
    (a memory database lives and dies with its connection), refusing writes once made."""
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    engine = create_engine("sqlite+pysqlite://", creator=lambda: connection, poolclass=StaticPool)
    migrate_user_db(engine)
    connection.execute("PRAGMA query_only = ON")
    return engine


def _back_up_before_first_write(engine: Engine, directory: Path) -> None:
    """Take a backup just before the first statement through ``engine`` that changes data
    (the driver begins its transaction after this, so the copy is of committed data)."""
    taken = False

    @event.listens_for(engine, "before_cursor_execute")
    def _before(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        nonlocal taken
        if not taken and statement.lstrip()[:7].upper().startswith(_WRITES):
            taken = True
            backup_user_db(directory)


def start_anew(directory: Path) -> None:
    """The caseworker chose to go on without restoring: stop reporting the damaged file
    (it stays where it was kept aside); the next open starts with empty saved data."""
    from csec_desktop.paths import user_damaged_marker_path

    user_damaged_marker_path(directory).unlink(missing_ok=True)


def restore_user_backup(directory: Path, backup: Path) -> None:
    """Put ``backup`` in place as ``user.sqlite``; a current file is moved aside, not lost."""
    from csec_desktop.paths import user_db_path

    if not _user_db_readable(backup):
        raise StoreError.of(BACKUP_UNREADABLE, name=backup.name)
    path = user_db_path(directory)
    if path.exists():
        _keep_aside(path, "before-restore")
    _copy_database(backup, path)
    start_anew(directory)
