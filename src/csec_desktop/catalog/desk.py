"""The desk: the one door into a data folder, its catalog and the caseworker's data.

A :class:`Desk` opens a data folder (given, from the environment, the portable folder or
the platform's), and owns what lives there: the catalog database (built or rebuilt from
its source when needed), the user database, the search engine over the catalog, and the
backups of user data. Whatever replaces the catalog (a build, a rebuild, a bundle update,
its undo) goes through the desk, which then brings the agency's local resources back in
by one rule (:meth:`Desk.merge_local`). The window, ``csec-catalog``, the self-test,
updates and imports all use a desk; nothing else opens the databases.

The module itself is light (no SQLAlchemy, no numpy): the window's start makes its desk
before those libraries have loaded, and each part is opened on first use::

    with Desk.open() as desk:
        for warning in desk.prepare():
            print(warning)  # (a Sentence: English here, the window's language there)
        result = desk.search.search("hotline")
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Final

from csec_desktop import paths
from csec_desktop.catalog.content.sentence import QT_TRANSLATE_NOOP, Sentence

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy import Engine

    from csec_desktop.catalog.content.records import ResourceRecord
    from csec_desktop.catalog.first_frame import FirstFrame
    from csec_desktop.catalog.interchange.bundle import Bundle
    from csec_desktop.catalog.interchange.update import Cancel, ImportResult, UpdatePlan
    from csec_desktop.catalog.progress import Progress
    from csec_desktop.catalog.search import SearchEngine
    from csec_desktop.catalog.storage.store import UserDataDamaged


class _Bundled:
    """The default catalog source: the one installed with the application."""


BUNDLED: Final = _Bundled()

# What the desk tells (its own sentences; the storage's are in storage/failures.py).
CONTEXT = "Desk"
REPAIRED = QT_TRANSLATE_NOOP(
    "Desk",
    "The catalog was damaged, so it was rebuilt from the bundled catalog; your saved data "
    "was not touched.",
)
IMPORTED_REPLACED = QT_TRANSLATE_NOOP(
    "Desk",
    "The imported catalog version {version} was replaced by the rebuilt one; "
    "'csec-catalog import --undo' puts it back.",
)
NO_BACKUP = QT_TRANSLATE_NOOP("Desk", "There is no backup of your saved data yet.")
NO_BACKUP_FROM = QT_TRANSLATE_NOOP("Desk", "There is no backup of your saved data from {when}.")
# Two sentences said one after the other (no words of its own: nothing to translate).
_BOTH = "{first} {then}"


class Desk:
    """One data folder's catalog, user data, search engine and backups; close it (or use
    it as a context manager) to let go of every file.

    ``source`` is the catalog source a missing, damaged or outdated catalog is built from:
    the bundled ``data/`` by default; None uses an existing catalog as it is (a benchmark's
    or an imported one) and refuses to build one.
    """

    def __init__(self, directory: Path, *, source: Path | _Bundled | None = BUNDLED) -> None:
        self.directory = directory
        self._source = source
        self._catalog: Engine | None = None
        self._user: Engine | None = None
        self._search: SearchEngine | None = None
        # Why user data could not be opened, when it could not (the caller offers a restore).
        self.damaged: UserDataDamaged | None = None
        # True once :meth:`repair_catalog` rebuilt the catalog (it does so once a session).
        self.repaired = False

    @classmethod
    def open(
        cls,
        override: str | os.PathLike[str] | None = None,
        *,
        source: Path | _Bundled | None = BUNDLED,
    ) -> Desk:
        """The desk of the data folder chosen as :func:`csec_desktop.paths.data_dir` does
        (``override``, the environment, the portable folder, the user's), created if
        needed; raises :class:`~csec_desktop.paths.PortableDataUnwritable`."""
        return cls(paths.data_dir(override), source=source)

    def __enter__(self) -> Desk:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the search engine and both databases (it can be opened again on use)."""
        if self._search is not None:
            self._search.close()
            self._search = None
        for engine in (self._catalog, self._user):
            if engine is not None:
                engine.dispose()
        self._catalog = self._user = None

    @property
    def source(self) -> Path | None:
        """The catalog source a build uses (the bundled one looked up only when needed:
        the window's first frame comes before)."""
        if isinstance(self._source, _Bundled):
            return paths.bundled_catalog_source()
        return self._source

    # ----------------------------------------------------------------------- files

    @property
    def read_only(self) -> bool:
        """True when the data folder cannot be written: the desk reads it as it is (no
        build, merge, migration or backup) and every write is refused in one sentence."""
        from csec_desktop.catalog import readonly

        return readonly.folder_is_read_only(self.directory)

    @property
    def catalog_path(self) -> Path:
        """``catalog.sqlite`` in the data folder."""
        return paths.catalog_db_path(self.directory)

    @property
    def user_path(self) -> Path:
        """``user.sqlite`` in the data folder."""
        return paths.user_db_path(self.directory)

    def first_frame(self, limit: int) -> FirstFrame | None:
        """What the window paints first, read without opening the databases (see
        :mod:`csec_desktop.catalog.first_frame`); None when the catalog must be prepared."""
        from csec_desktop.catalog.first_frame import read_first_frame

        return read_first_frame(self.directory, limit)

    # ----------------------------------------------------------------------- catalog

    def open_catalog(self, progress: Progress | None = None, *, force: bool = False) -> str | None:
        """Open the catalog, building it from :attr:`source` first when it is missing,
        damaged, of another schema version or older than its source (or ``force``); return
        why it was built (None when it was current). A build first lets go of this desk's
        own connections to the file (Windows cannot replace a file in use). Local
        resources are not merged here: see :meth:`prepare`."""
        from csec_desktop.catalog.storage import store

        if self._catalog is not None and not force:
            return None
        engine, reason = store.ensure_catalog(
            self.directory,
            self.source,
            progress=progress,
            force=force,
            origin="data" if isinstance(self._source, _Bundled) else "source",
            before_build=self.release_catalog,
        )
        if self._catalog is not None:
            self._catalog.dispose()
        self._catalog = engine
        return reason

    @property
    def catalog(self) -> Engine:
        """The catalog database (opened, and built if needed, on first use)."""
        if self._catalog is None:
            self.open_catalog()
        assert self._catalog is not None
        return self._catalog

    def prepare(self, progress: Progress | None = None) -> list[Sentence]:
        """Open the catalog (built first if needed) with the agency's local resources in it;
        return what the caseworker should be told, one sentence each (a merge that could
        not be written: the desk still opens, on the catalog as it was; a read-only
        folder, said once)."""
        from csec_desktop.catalog.storage import failures

        self.open_catalog(progress)
        if self.read_only:
            return [failures.read_only_folder(self.directory)]
        warning = self.merge_local()
        return [warning] if warning else []

    def repair_catalog(
        self, error: BaseException, progress: Progress | None = None
    ) -> Sentence | None:
        """When ``error`` came from a damaged catalog (its search index unreadable or found
        damaged, or a database error while SQLite finds the catalog's pages or FTS5 its
        index unsound: :mod:`~csec_desktop.catalog.index.index_check`), rebuild it from
        :attr:`source`, local resources merged back, and return the one sentence that says
        so; None when the catalog is not to blame or cannot be rebuilt (the caller raises
        ``error`` on). The start-up check reads only a few pages, so damage elsewhere shows
        first as such an error; the full check runs only then. Once a session at most."""
        import sqlite3

        from csec_desktop import errorlog
        from csec_desktop.catalog.index import index_check
        from csec_desktop.catalog.search import SearchIndexError
        from csec_desktop.catalog.storage import store

        if self.repaired or self.source is None or not self.catalog_path.is_file():
            return None
        database = errorlog.database_error(error)
        if not isinstance(error, SearchIndexError) and not (
            isinstance(database, sqlite3.DatabaseError)
            and not isinstance(database, sqlite3.OperationalError)  # locked, read-only, …
            and (
                store.integrity_problems(self.catalog_path, quick=True)
                or index_check.index_problems(self.catalog_path)
            )
        ):
            return None
        self.repaired = True
        self.release_catalog()
        self.open_catalog(progress, force=True)
        if self._search is not None:  # the window's engine too: it reads the new file
            self._search.reload()
        warning = self.merge_local()
        repaired = Sentence(CONTEXT, REPAIRED)
        if warning is None:
            return repaired
        return Sentence(CONTEXT, _BOTH, {"first": repaired, "then": warning})

    def release_catalog(self) -> None:
        """Let go of every connection to the catalog file (before it is replaced); the
        search engine stays, to be reloaded (:meth:`SearchEngine.reload`) once it is."""
        if self._search is not None:
            self._search.close()
        if self._catalog is not None:
            self._catalog.dispose()

    def rebuild(self, progress: Progress | None = None) -> list[Sentence]:
        """Build the catalog anew from :attr:`source`, local resources merged back; return
        what to tell (as :meth:`prepare`). A catalog that came from a bundle is kept for
        undo (``import --undo``), and its version still refuses older bundles (see
        :func:`csec_desktop.catalog.storage.store.rollback_guard`)."""
        from csec_desktop.catalog.interchange import update

        told: list[Sentence] = []
        installed = update.installed_meta(self.directory)
        if installed.get("origin") == update.ORIGIN_BUNDLE:
            self.release_catalog()
            update.keep_for_undo(self.directory)
            version = installed.get("catalog_version", "?")
            told.append(Sentence(CONTEXT, IMPORTED_REPLACED, {"version": version}))
        self.open_catalog(progress, force=True)
        warning = self.merge_local()
        return told + ([warning] if warning else [])

    # ----------------------------------------------------------------------- user data

    def open_user(self, *, damaged_ok: bool = False) -> Engine:
        """Open (creating or migrating) the user database. A damaged one is moved aside and
        :class:`~csec_desktop.catalog.storage.store.UserDataDamaged` raised, at every open while a
        backup can be offered, until the caseworker restores one (:meth:`restore`) or starts
        anew (:meth:`start_anew`); ``damaged_ok`` opens a file for this session meanwhile."""
        from csec_desktop.catalog.storage import store

        if self._user is None:
            try:
                self._user = store.open_user_db(self.directory, damaged_ok=damaged_ok)
            except store.UserDataDamaged as damaged:
                # A copy never raised: the raised one's traceback holds every calling frame
                # (a window among them) in a cycle through this desk, which the cyclic
                # collector could then free on whatever thread it runs, a worker's too.
                self.damaged = store.UserDataDamaged(damaged.kept_aside, damaged.backup)
                raise
            self.damaged = None
        return self._user

    @property
    def user(self) -> Engine:
        """The user database (opened, and created if needed, on first use)."""
        return self.open_user()

    @property
    def has_user_data(self) -> bool:
        """True when user data exists (open, a file that was written, or damaged data
        awaiting the caseworker's choice)."""
        return (
            self._user is not None
            or self.user_path.exists()
            or paths.user_damaged_marker_path(self.directory).exists()
        )

    def user_setting(self, key: str, default: object = None) -> object:
        """A stored setting, read without creating the user database when there is none."""
        from csec_desktop.catalog.storage import store
        from csec_desktop.catalog.user import userstore

        if not self.has_user_data:
            return default
        try:
            return userstore.setting(self.user, key, default)
        except store.UserDataDamaged:
            return default

    def backups(self) -> list[Path]:
        """Backups of the user database, newest first."""
        from csec_desktop.catalog.storage import store

        return store.list_user_backups(self.directory)

    def find_backup(self, when: str | None = None) -> Path:
        """The newest backup, or the newest taken at ``when`` (its time written with any
        separators and as precise as wished: ``2026-12-04``, ``2026-12-04 09:30``);
        raises :class:`~csec_desktop.catalog.storage.store.StoreError` when there is none."""
        from csec_desktop.catalog.storage import store

        wanted = "".join(ch for ch in when or "" if ch.isdigit())
        for backup in self.backups():
            if f"{store.backup_time(backup):%Y%m%d%H%M%S}".startswith(wanted):
                return backup
        if when is None:
            raise store.StoreError(Sentence(CONTEXT, NO_BACKUP))
        raise store.StoreError(Sentence(CONTEXT, NO_BACKUP_FROM, {"when": when}))

    def restore(self, backup: Path) -> None:
        """Put ``backup`` in place of the user database (the current one is kept aside)."""
        from csec_desktop.catalog.storage import store

        if self._user is not None:
            self._user.dispose()
            self._user = None
        store.restore_user_backup(self.directory, backup)

    def start_anew(self) -> None:
        """Go on with empty saved data after damage, without restoring a backup (the
        damaged file stays where it was kept aside, and is no longer reported)."""
        from csec_desktop.catalog.storage import store

        if self._user is not None:
            self._user.dispose()
            self._user = None
        store.start_anew(self.directory)

    # ----------------------------------------------------------------------- local resources

    def merge_local(self) -> Sentence | None:
        """The one rule for the agency's local resources: after the catalog was opened,
        built or replaced, it holds exactly those user data holds (a no-op when it does
        already; nothing before user data exists). When the catalog cannot be written it
        stays as it was and whole: return why, in one sentence, rather than fail."""
        from csec_desktop.catalog.storage import store
        from csec_desktop.catalog.user import local

        if not self.has_user_data or self.read_only:  # read as it is: see read_only
            return None
        try:
            local.merge_into_catalog(self.catalog, self.user)
        except (local.LocalMergeError, store.UserDataDamaged) as error:
            return error.sentence
        return None

    # ----------------------------------------------------------------------- checks

    def check(self) -> dict[str, list[str]]:
        """What keeps the desk from working, per database (``catalog``, ``user``; empty
        lists when sound), without changing either file: SQLite's integrity check, FTS5's
        of the search index, schema versions, the user database's tables, columns and
        references, that the catalog opens and searches, and that it holds the local
        resources user data has."""
        from csec_desktop.catalog.storage import store

        catalog = self._catalog_problems()
        user: list[str] = []
        marker = paths.user_damaged_marker_path(self.directory)
        if marker.exists():
            kept = marker.read_text(encoding="utf-8").strip()
            user = [f"damaged, kept aside as {kept}: restore a backup or start anew"]
        elif self.user_path.exists():
            user = store.integrity_problems(self.user_path) or store.user_schema_problems(
                self.user_path
            )
            if not (catalog or user) and (problem := self._local_disagreement()):
                catalog = [problem]
        return {"catalog": catalog, "user": user}

    def _catalog_problems(self) -> list[str]:
        import sqlite3

        from csec_desktop.catalog.index import index_check
        from csec_desktop.catalog.index.index_schema import CATALOG_SCHEMA_VERSION
        from csec_desktop.catalog.search import SearchEngine, SearchIndexError
        from csec_desktop.catalog.storage import store

        path = self.catalog_path
        if not path.exists():
            return ["missing"]
        if problems := store.integrity_problems(path):
            return problems
        # SQLite's check reads the B-trees FTS5 keeps its index in, not the index itself.
        if problems := index_check.index_problems(path):
            return [f"{problems[0]}; 'csec-catalog rebuild' makes it anew", *problems[1:]]
        try:
            version = store.read_catalog_meta(path).get("schema_version")
        except sqlite3.Error as error:
            return [f"its facts cannot be read ({error})"]
        if version != str(CATALOG_SCHEMA_VERSION):
            return [
                f"its schema version {version} is not this application's "
                f"{CATALOG_SCHEMA_VERSION}; 'csec-catalog rebuild' makes it anew"
            ]
        try:
            engine = SearchEngine(path)
            try:
                engine.search("")
            finally:
                engine.close()
        except (SearchIndexError, sqlite3.Error) as error:
            return [f"it cannot be searched ({error}); 'csec-catalog rebuild' makes it anew"]
        return []

    def _local_disagreement(self) -> str | None:
        """How the catalog's local resources differ from user data's (see
        :func:`local.disagreement`), without changing either file (nor migrating or backing
        up user data); None when they agree or user data is of an older version (the next
        open upgrades it, and merges)."""
        from csec_desktop.catalog.storage import store
        from csec_desktop.catalog.storage.migrations import USER_SCHEMA_VERSION
        from csec_desktop.catalog.user import local

        user = store.sqlite_engine(self.user_path)
        catalog = store.sqlite_engine(self.catalog_path)
        try:
            with user.connect() as connection:
                version = connection.exec_driver_sql("PRAGMA user_version").scalar_one()
            return local.disagreement(catalog, user) if version == USER_SCHEMA_VERSION else None
        finally:
            catalog.dispose()
            user.dispose()

    # ----------------------------------------------------------------------- search

    def open_search(self) -> SearchEngine:
        """Open the search engine on the catalog file as it is (without SQLAlchemy: the
        window's start opens it first); the desk closes it."""
        from csec_desktop.catalog.search import SearchEngine

        if self._search is None:
            self._search = SearchEngine(self.catalog_path)
        return self._search

    @property
    def search(self) -> SearchEngine:
        """The search engine on a prepared catalog (see :meth:`prepare`)."""
        if self._search is None:
            self.catalog  # noqa: B018 (built first if needed)
        return self.open_search()

    # ----------------------------------------------------------------------- updates

    def plan_update(
        self,
        bundle: Bundle,
        *,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> UpdatePlan:
        """What ``bundle`` would change in the installed catalog (a rollback is refused)."""
        from csec_desktop.catalog.interchange import update
        from csec_desktop.catalog.storage import reader

        installed = update.installed_meta(self.directory)
        update.refuse_rollback(installed, bundle.manifest)
        # Local resources are not part of what a bundle replaces.
        old = reader.iter_records(self.catalog, include_local=False) if installed else []
        diff = update.diff_records(old, bundle.content.resources, progress=progress, cancel=cancel)
        return update.UpdatePlan(bundle, installed, diff)

    def apply_update(
        self,
        plan: UpdatePlan,
        *,
        extra_records: Iterable[ResourceRecord] = (),
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> list[Sentence]:
        """Apply a planned update (user data backed up first; see
        :func:`~csec_desktop.catalog.interchange.update.apply_plan`), local resources merged
        back; return what to tell (as :meth:`prepare`)."""
        from csec_desktop.catalog.interchange import update

        self.release_catalog()
        update.apply_plan(
            self.directory, plan, extra_records=extra_records, progress=progress, cancel=cancel
        )
        warning = self.merge_local()
        return [warning] if warning else []

    def import_bundle(
        self,
        path: Path,
        *,
        public_key: Path | None = None,
        allow_unverified: bool = False,
        dry_run: bool = False,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> ImportResult:
        """Verify, validate, plan and (unless ``dry_run``) apply the bundle at ``path``."""
        from csec_desktop.catalog.interchange import update
        from csec_desktop.catalog.interchange.bundle import read_bundle

        bundle = read_bundle(path, public_key=public_key, allow_unverified=allow_unverified)
        plan = self.plan_update(bundle, progress=progress, cancel=cancel)
        warnings = [] if dry_run else self.apply_update(plan, progress=progress, cancel=cancel)
        return update.ImportResult(plan, applied=not dry_run, warnings=warnings)

    def can_undo(self) -> bool:
        """True when the catalog a bundle update replaced is kept for :meth:`undo_update`."""
        from csec_desktop.catalog.interchange import update

        return update.can_undo(self.directory)

    def undo_update(self) -> tuple[dict[str, str], list[Sentence]]:
        """Put back the catalog the last update replaced, local resources merged back;
        return its meta facts and what to tell (as :meth:`prepare`)."""
        from csec_desktop.catalog.interchange import update

        self.release_catalog()
        meta = update.undo_last_update(self.directory)
        warning = self.merge_local()
        return meta, [warning] if warning else []
