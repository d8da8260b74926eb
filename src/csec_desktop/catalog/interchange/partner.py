"""A partner's directory added as local resources: read, preview, import, undo.

The window's File → Import partner directory… is the face of these functions; the
readers are the command line's (``import-hsds``, ``import-csv``). A directory is an HSDS
3.0 package (a folder, or a zip of one), a CSV file in the columns of ``export --format
csv``, or HSDS JSON (see :mod:`.hsds_json`). :func:`preview_partner` says what an import
would add and change and every problem, with its file and row; :func:`import_partner`
saves the resources, and puts everything back as it was if it is stopped (Cancel) or
fails; :func:`undo_partner_import` takes an import back in one step.
"""

from __future__ import annotations

import contextlib
import itertools
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from csec_desktop.catalog.content.records import PartialDate, Problem
from csec_desktop.catalog.content.sentence import QT_TRANSLATE_NOOP, Sentence
from csec_desktop.catalog.curated.sources import CatalogContent
from csec_desktop.catalog.interchange.csv_import import spool_csv
from csec_desktop.catalog.interchange.exchange import RecordSpool, installed_catalog
from csec_desktop.catalog.interchange.hsds import DESCRIPTOR
from csec_desktop.catalog.interchange.hsds_import import (
    HsdsPackageError,
    streamed_hsds_package,
    unpacked_package,
)
from csec_desktop.catalog.interchange.hsds_json import is_hsds_json, streamed_hsds_json
from csec_desktop.catalog.progress import Progress
from csec_desktop.catalog.user import local

# What a partner's directory is (PartnerPreview.kind, English; the window says it in its
# language) and what an import refuses, in the context "Partners" (HsdsPackageError's).
CONTEXT = "Partners"
HSDS_PACKAGE = QT_TRANSLATE_NOOP("Partners", "HSDS package")
CSV_FILE = QT_TRANSLATE_NOOP("Partners", "CSV file")
HSDS_JSON = QT_TRANSLATE_NOOP("Partners", "HSDS JSON")
NOTHING_READ = QT_TRANSLATE_NOOP("Partners", "No resource could be read from it.")
CSV_WHOLE = QT_TRANSLATE_NOOP(
    "Partners", "A CSV file is imported only when every row reads without a problem."
)
NOT_A_DIRECTORY = QT_TRANSLATE_NOOP(
    "Partners",
    "{name} is not a partner directory: choose an HSDS package (its folder's "
    "datapackage.json, or a zip), a CSV file in the export's columns, or HSDS JSON.",
)
NO_FILE = QT_TRANSLATE_NOOP("Partners", "There is no file or folder {path}.")
CANNOT_IMPORT = QT_TRANSLATE_NOOP("Partners", "{name} cannot be imported. {why}")


@dataclass
class PartnerPreview:
    """What importing a partner's directory would do, before anything is written.

    The records wait on disk (:class:`RecordSpool`), not in memory; the preview lists only
    the ids of those it would add and change."""

    name: str
    kind: str  # "HSDS package", "CSV file" or "HSDS JSON"
    records: RecordSpool
    problems: list[Problem]
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def rows(self, limit: int | None = None) -> list[tuple[str, str, str]]:
        """``(action, title, local id)`` of each resource, action ``add`` or ``change``, in
        the order read; the first ``limit`` only when given (a window lists a few thousand
        of 100k, and reads no more of the spool than those)."""
        changed = set(self.changed)
        return [
            ("change" if slug in changed else "add", title, slug)
            for record_id, title in itertools.islice(self.records.rows(), limit)
            for slug in [local.imported_id(record_id)]
        ]

    @property
    def blocked(self) -> Sentence | None:
        """Why nothing can be imported, or None: a CSV file is imported only whole (as
        ``import-csv`` writes it), and a file of no usable resource adds nothing."""
        if not len(self.records):
            return Sentence(CONTEXT, NOTHING_READ)
        if self.kind == CSV_FILE and self.problems:
            return Sentence(CONTEXT, CSV_WHOLE)
        return None


@dataclass(frozen=True)
class PartnerImport:
    """What an import did: the ids saved, the problems of those refused, and each touched
    local resource as it was before (None: it was not there), for :func:`undo_partner_import`."""

    saved: list[str]
    problems: list[Problem]
    previous: dict[str, dict[str, Any] | None]

    @property
    def added(self) -> int:
        """How many local resources the import added (the others it updated)."""
        return sum(1 for slug in self.saved if self.previous.get(slug) is None)


def spool_hsds(
    path: Path, catalog: CatalogContent, *, verified: PartialDate | None = None
) -> RecordSpool:
    """Read the HSDS package (a folder or a zip of one) or the HSDS JSON file at ``path``
    against the installed ``catalog`` into a :class:`RecordSpool`, one resource at a time.
    Raises :class:`HsdsPackageError` (one sentence) when it is neither."""
    with contextlib.ExitStack() as stack:
        if is_hsds_json(path):
            streamed = streamed_hsds_json(path, catalog, verified=verified)
        else:
            directory = path if path.is_dir() else stack.enter_context(unpacked_package(path))
            streamed = streamed_hsds_package(directory, catalog, verified=verified)
        records, resources = stack.enter_context(streamed)
        # The same list of problems: the reader names them (JSON) when its block ends.
        return RecordSpool.filled(records, resources, records.problems)


def _read(path: Path, catalog: Engine) -> tuple[str, RecordSpool]:
    content = installed_catalog(catalog)
    if path.name == DESCRIPTOR:  # the folder, chosen by its descriptor in a file dialog
        path = path.parent
    if path.is_dir():
        return HSDS_PACKAGE, spool_hsds(path, content)
    if path.suffix.lower() == ".csv":
        return CSV_FILE, spool_csv(path, content)
    if is_hsds_json(path):
        return HSDS_JSON, spool_hsds(path, content)
    if zipfile.is_zipfile(path):
        return HSDS_PACKAGE, spool_hsds(path, content)
    raise HsdsPackageError.of(NOT_A_DIRECTORY, name=path.name)


def preview_partner(path: Path, catalog: Engine, user: Engine) -> PartnerPreview:
    """Read the partner's directory at ``path`` and say what importing it would add and
    change. Raises :class:`~csec_desktop.catalog.interchange.hsds_import.HsdsPackageError` (one
    sentence) when the file is not one; problems with rows are in the preview."""
    if not path.exists():
        raise HsdsPackageError.of(NO_FILE, path=str(path))
    kind, records = _read(path, catalog)
    stored = local.stored_slugs(user)
    preview = PartnerPreview(path.name, kind, records, records.problems)
    for record_id, _title in records.rows():
        slug = local.imported_id(record_id)
        (preview.changed if slug in stored else preview.added).append(slug)
    return preview


def import_partner(
    catalog: Engine, user: Engine, preview: PartnerPreview, progress: Progress | None = None
) -> PartnerImport:
    """Save the previewed resources as local resources, reporting to ``progress``.

    If ``progress`` raises (Cancel) or the import fails, what it saved is taken back before
    the exception goes on: nothing is left half-imported.
    """
    if (why := preview.blocked) is not None:
        raise HsdsPackageError.of(CANNOT_IMPORT, name=preview.name, why=why)
    previous = local.stored_records(user, [*preview.added, *preview.changed])
    records = preview.records
    try:
        saved, refused = local.import_exchange(
            catalog,
            user,
            records.dicts(),
            records.organizations,
            records.sources,
            total=len(records),
            progress=progress,
        )
    except BaseException:
        _put_back(catalog, user, previous)
        raise
    return PartnerImport(saved, refused, previous)


def undo_partner_import(catalog: Engine, user: Engine, done: PartnerImport) -> None:
    """Take an import back: remove what it added, in one step, and put back what it changed."""
    _put_back(catalog, user, done.previous)


def _put_back(catalog: Engine, user: Engine, previous: dict[str, dict[str, Any] | None]) -> None:
    local.delete_many(catalog, user, [slug for slug, data in previous.items() if data is None])
    now = local.stored_records(user, [slug for slug, data in previous.items() if data])
    changed = [data for slug, data in previous.items() if data and now.get(slug) != data]
    if changed:
        _, problems = local.save_many(catalog, user, changed)
        if problems:
            raise local.LocalResourceError(
                f"{len(problems)} local resource(s) could not be put back as they were: "
                f"{problems[0].message}.",
                problems,
            )
