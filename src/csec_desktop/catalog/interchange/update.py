"""Apply a catalog update from a bundle: compare, check, back up, replace, and undo.

The steps, each usable on its own; the desk (:class:`csec_desktop.catalog.desk.Desk`)
strings them together for the window and the command line, and brings the agency's local
resources back into every catalog put in place:

1. :func:`csec_desktop.catalog.interchange.bundle.read_bundle` verifies and validates;
2. :func:`refuse_rollback` refuses an older bundle, :func:`diff_records` computes the
   changes (:class:`CatalogDiff`) against the installed catalog (``Desk.plan_update``);
3. :func:`apply_plan` (or :func:`apply_update` for any iterable of records) backs up
   ``user.sqlite``, builds the new catalog into a scratch file, keeps the installed one as
   ``catalog.previous.sqlite`` and moves the new one into place in one atomic rename;
4. :func:`undo_last_update` puts the previous catalog back.

The whole catalog is rebuilt rather than edited row by row: the search index and arrays are
derived from every row anyway, and a rename is the one step a crash or a kill cannot leave
half done. ``user.sqlite`` is only read (for its backup), never written.

The new catalog records ``origin = bundle`` in its meta table, so the start-up check
(:func:`csec_desktop.catalog.storage.store.catalog_rebuild_reason`) does not rebuild it from the
bundled ``data/`` when that differs.
"""

from __future__ import annotations

import datetime as dt
import errno
import itertools
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError

from csec_desktop.catalog.content.records import PartialDate, ResourceRecord, record_to_dict
from csec_desktop.catalog.content.sentence import QT_TRANSLATE_NOOP, Sentence
from csec_desktop.catalog.curated.sources import CatalogContent
from csec_desktop.catalog.interchange.bundle import (
    VERSION_PATTERN,
    Bundle,
    Manifest,
    version_key,
)
from csec_desktop.catalog.progress import Progress
from csec_desktop.catalog.storage import store

# cancel() is asked between batches; returning True stops the update and rolls it back.
Cancel = Callable[[], bool]
PREVIOUS_CATALOG = "catalog.previous.sqlite"
ORIGIN_BUNDLE = "bundle"
DIFF_BATCH = 2000


# What an update refused is told with (content/sentence.py), in the context "Updates".
CONTEXT = "Updates"
CANCELLED = QT_TRANSLATE_NOOP("Updates", "The update was cancelled; the catalog is unchanged.")
OLDER = QT_TRANSLATE_NOOP(
    "Updates",
    "The bundle holds catalog version {version} ({date}), older than the installed catalog "
    "{installed}, so importing it would roll the catalog back.",
)
INSTALLED = QT_TRANSLATE_NOOP("Updates", "version {version} ({date})")
READ_ONLY = QT_TRANSLATE_NOOP(
    "Updates", "The data directory {directory} is read-only, so the catalog cannot be updated."
)
DISK_FULL = QT_TRANSLATE_NOOP(
    "Updates",
    "There is not enough free disk space in {directory} to update the catalog, so it is unchanged.",
)
NO_PERMISSION = QT_TRANSLATE_NOOP(
    "Updates",
    "The data directory {directory} cannot be written (permission denied), so the catalog "
    "is unchanged.",
)
NOT_UPDATED = QT_TRANSLATE_NOOP(
    "Updates", "The catalog could not be updated ({problem}), so it is unchanged."
)
NOTHING_TO_UNDO = QT_TRANSLATE_NOOP("Updates", "There is no catalog update to undo.")
PREVIOUS_DAMAGED = QT_TRANSLATE_NOOP(
    "Updates", "The previous catalog {name} is damaged, so the update cannot be undone."
)


class UpdateError(store.StoreError):
    """An update that was not applied, with one sentence saying why; the catalog is unchanged."""

    context = CONTEXT


class UpdateCancelled(UpdateError):
    """The user cancelled; everything written so far was rolled back."""

    def __init__(self) -> None:
        super().__init__(Sentence(CONTEXT, CANCELLED))


class RollbackRefused(UpdateError):
    """The bundle is older than the installed catalog."""


@dataclass(frozen=True)
class FieldChange:
    """One field of a resource that differs, as JSON-ready values (None when absent)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    """A resource that is added, removed or changed (``fields`` only for a change)."""

    id: str
    title: str
    fields: tuple[FieldChange, ...] = ()


@dataclass
class CatalogDiff:
    """What an update does to the installed catalog, resource by resource."""

    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        """True when the update changes nothing."""
        return not (self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (for ``--json`` and the window)."""

        def brief(change: Change) -> dict[str, Any]:
            return {"id": change.id, "title": change.title}

        return {
            "added": [brief(c) for c in self.added],
            "removed": [brief(c) for c in self.removed],
            "changed": [brief(c) | {"fields": [vars(f) for f in c.fields]} for c in self.changed],
            "unchanged": self.unchanged,
        }

    def lines(self) -> list[str]:
        """The changes for people: ``+ id  title``, ``- id  title``, ``~ id  title`` with one
        indented ``field: old → new`` line per changed field."""
        lines = [f"+ {c.id}  {c.title}" for c in self.added]
        lines += [f"- {c.id}  {c.title}" for c in self.removed]
        for change in self.changed:
            lines.append(f"~ {change.id}  {change.title}")
            lines += [
                f"    {f.field}: {json.dumps(f.old, ensure_ascii=False)} → "
                f"{json.dumps(f.new, ensure_ascii=False)}"
                for f in change.fields
            ]
        return lines

    def summary(self) -> str:
        """``1 added, 1 removed, 1 changed, 61 unchanged``."""
        return (
            f"{len(self.added)} added, {len(self.removed)} removed, "
            f"{len(self.changed)} changed, {self.unchanged} unchanged"
        )


@dataclass
class UpdatePlan:
    """A verified bundle, the installed catalog's meta facts, and the changes it would make."""

    bundle: Bundle
    installed: dict[str, str]
    diff: CatalogDiff


def _checked(progress: Progress | None, cancel: Cancel | None) -> Progress:
    """A progress callback that also asks ``cancel`` and stops the work when it says so."""

    def report(done: int, total: int, stage: str) -> None:
        if cancel is not None and cancel():
            raise UpdateCancelled
        if progress is not None:
            progress(done, total, stage)

    return report


def diff_records(
    old: Iterable[ResourceRecord],
    new: Iterable[ResourceRecord],
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> CatalogDiff:
    """Compare two sets of resources by id, field by field (the JSON export's fields)."""
    report = _checked(progress, cancel)
    before: dict[str, ResourceRecord] = {}
    for count, record in enumerate(old, start=1):
        before[record.id] = record
        if count % DIFF_BATCH == 0:
            report(count, 0, "Reading the installed catalog")
    diff = CatalogDiff()
    for count, record in enumerate(new, start=1):
        previous = before.pop(record.id, None)
        if previous is None:
            diff.added.append(Change(record.id, record.title))
        elif previous == record:  # records compare field by field; most are unchanged
            diff.unchanged += 1
        else:
            old_fields, new_fields = record_to_dict(previous), record_to_dict(record)
            diff.changed.append(
                Change(
                    record.id,
                    record.title,
                    tuple(
                        FieldChange(name, old_fields.get(name), new_fields.get(name))
                        for name in sorted(set(old_fields) | set(new_fields))
                        if old_fields.get(name) != new_fields.get(name)
                    ),
                )
            )
        if count % DIFF_BATCH == 0:
            report(count, 0, "Comparing")
    diff.removed = [Change(rid, record.title) for rid, record in sorted(before.items())]
    return diff


def installed_meta(directory: Path) -> dict[str, str]:
    """The installed catalog's meta facts; empty when there is no readable catalog."""
    from csec_desktop.paths import catalog_db_path

    try:
        return store.read_catalog_meta(catalog_db_path(directory))
    except (sqlite3.Error, OSError):
        return {}


def rollback_problem(installed: Mapping[str, str], manifest: Manifest) -> Sentence | None:
    """Why importing ``manifest``'s catalog would roll the installed one back, or None.

    A bundle is older when its newest verified fact ends before the installed catalog's
    begins, or when both came from bundles and its catalog version is lower. A catalog
    rebuilt in place of an imported one still counts that bundle (its rollback guard,
    :func:`csec_desktop.catalog.storage.store.rollback_guard`).
    """
    for date, version in (
        (installed.get("catalog_date", ""), installed.get("catalog_version", "")),
        (installed.get(store.GUARD_DATE, ""), installed.get(store.GUARD_VERSION, "")),
    ):
        if _older(manifest, date, version):
            name = Sentence(CONTEXT, INSTALLED, {"version": version, "date": date})
            values = {"version": manifest.catalog_version, "date": manifest.catalog_date}
            return Sentence(CONTEXT, OLDER, {**values, "installed": name if version else date})
    return None


def _older(manifest: Manifest, installed_date: str, installed_version: str) -> bool:
    """True when ``manifest``'s catalog is older than one of that date and version."""
    older = False
    if installed_date and manifest.catalog_date:
        try:
            older = (
                PartialDate.parse(manifest.catalog_date).last_day()
                < PartialDate.parse(installed_date).first_day()
            )
        except ValueError:
            older = False  # a damaged date decides nothing; the version still may
    if VERSION_PATTERN.match(installed_version):
        older = older or version_key(manifest.catalog_version) < version_key(installed_version)
    return older


def refuse_rollback(installed: Mapping[str, str], manifest: Manifest) -> None:
    """Raise :class:`RollbackRefused` when ``manifest``'s catalog is older than the
    installed one (with its ``installed`` meta facts)."""
    problem = rollback_problem(installed, manifest)
    if problem is not None:
        raise RollbackRefused(problem)


def bundle_meta(bundle: Bundle) -> dict[str, str]:
    """The facts a catalog built from ``bundle`` records about where it came from."""
    manifest = bundle.manifest
    return {
        "catalog_version": manifest.catalog_version,
        "bundle_date": manifest.date,
        "publisher": manifest.publisher,
        "key_id": manifest.key_id,
        "verified": "yes" if bundle.verified else "no",
        "bundle_file": bundle.path.name,
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _disk_full(error: BaseException | None) -> bool:
    if isinstance(error, DBAPIError):  # SQLAlchemy wraps the driver's error
        return _disk_full(error.orig)
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(error, sqlite3.OperationalError) and "full" in str(error).lower()


def apply_update(
    directory: Path,
    content: CatalogContent,
    records: Iterable[ResourceRecord] | None = None,
    *,
    meta: Mapping[str, str],
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> None:
    """Replace the catalog in ``directory`` with ``content`` (its organizations, sources and
    vocabulary) and ``records`` (default ``content.resources``; any iterable, so that more
    records can be chained in), keeping the installed catalog for :func:`undo_last_update`.

    ``user.sqlite`` is backed up first and never written. The new catalog is built in a
    scratch file and moved into place in one rename: on any error, cancel or kill, the
    installed catalog stays as it was. Callers must have closed their catalog connections,
    and merge the local resources into the new catalog (``Desk.apply_update`` does both).
    """
    from csec_desktop.paths import catalog_db_path, user_db_path

    if not os.access(directory, os.W_OK):
        raise UpdateError.of(READ_ONLY, directory=str(directory))
    report = _checked(progress, cancel)
    report(0, 0, "Backing up your saved data")
    try:
        if user_db_path(directory).exists():
            store.backup_user_db(directory)
        store.build_catalog(
            catalog_db_path(directory),
            content,
            resources=records,
            origin=ORIGIN_BUNDLE,
            meta=meta,
            keep_previous=directory / PREVIOUS_CATALOG,
            progress=report,
        )
    except UpdateCancelled:
        raise
    except (OSError, sqlite3.Error, DBAPIError) as error:
        if _disk_full(error):
            raise UpdateError.of(DISK_FULL, directory=str(directory)) from error
        if isinstance(error, PermissionError):
            raise UpdateError.of(NO_PERMISSION, directory=str(directory)) from error
        raise UpdateError.of(NOT_UPDATED, problem=str(error)) from error


def apply_plan(
    directory: Path,
    plan: UpdatePlan,
    *,
    extra_records: Iterable[ResourceRecord] = (),
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> None:
    """Apply a planned bundle update (see :func:`apply_update`); ``extra_records`` follow
    the bundle's resources into the new catalog."""
    apply_update(
        directory,
        plan.bundle.content,
        itertools.chain(plan.bundle.content.resources, extra_records),
        meta=bundle_meta(plan.bundle),
        progress=progress,
        cancel=cancel,
    )


@dataclass
class ImportResult:
    """What ``Desk.import_bundle`` found and did, and what to tell (one sentence each)."""

    plan: UpdatePlan
    applied: bool
    warnings: list[Sentence] = field(default_factory=list)

    @property
    def warning(self) -> str | None:
        """Set when the bundle was imported unverified."""
        return self.plan.bundle.warning


def can_undo(directory: Path) -> bool:
    """True when a previous catalog is kept that :func:`undo_last_update` can restore."""
    return (directory / PREVIOUS_CATALOG).exists()


def undo_last_update(directory: Path) -> dict[str, str]:
    """Put back the catalog that the last update replaced; return its meta facts.

    The undone catalog is discarded (import its bundle again to redo). Callers must have
    closed their catalog connections, and merge the local resources back (as
    ``Desk.undo_update`` does).
    """
    from csec_desktop.paths import catalog_db_path

    previous = directory / PREVIOUS_CATALOG
    if not previous.exists():
        raise UpdateError.of(NOTHING_TO_UNDO)
    try:
        meta = store.read_catalog_meta(previous)
    except sqlite3.Error:
        raise UpdateError.of(PREVIOUS_DAMAGED, name=previous.name) from None
    path = catalog_db_path(directory)
    for sidecar in ("-wal", "-shm"):
        path.with_name(path.name + sidecar).unlink(missing_ok=True)
    previous.replace(path)
    return meta


def keep_for_undo(directory: Path) -> None:
    """Keep the installed catalog as the one :func:`undo_last_update` puts back (before a
    rebuild replaces an imported catalog). Callers must have closed their connections."""
    from csec_desktop.paths import catalog_db_path

    store.keep_copy(catalog_db_path(directory), directory / PREVIOUS_CATALOG)
