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
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from csec_desktop.catalog.content.records import Problem
from csec_desktop.catalog.interchange.csv_import import read_csv
from csec_desktop.catalog.interchange.exchange import ExchangeRecords, installed_catalog
from csec_desktop.catalog.interchange.hsds import DESCRIPTOR
from csec_desktop.catalog.interchange.hsds_import import (
    HsdsPackageError,
    read_hsds_package,
    unpacked_package,
)
from csec_desktop.catalog.interchange.hsds_json import is_hsds_json, read_hsds_json
from csec_desktop.catalog.progress import Progress
from csec_desktop.catalog.user import local


@dataclass
class PartnerPreview:
    """What importing a partner's directory would do, before anything is written."""

    name: str
    kind: str  # "HSDS package", "CSV file" or "HSDS JSON"
    records: ExchangeRecords
    problems: list[Problem]
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str, str]]:
        """``(action, title, local id)`` of each resource, action ``add`` or ``change``."""
        changed = set(self.changed)
        return [
            ("change" if slug in changed else "add", record.title, slug)
            for record in self.records.resources
            for slug in [local.imported_id(record.id)]
        ]

    @property
    def blocked(self) -> str | None:
        """Why nothing can be imported, or None: a CSV file is imported only whole (as
        ``import-csv`` writes it), and a file of no usable resource adds nothing."""
        if not self.records.resources:
            return "No resource could be read from it."
        if self.kind == "CSV file" and self.problems:
            return "A CSV file is imported only when every row reads without a problem."
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


def _read(path: Path, catalog: Engine) -> tuple[str, ExchangeRecords, list[Problem]]:
    content = installed_catalog(catalog)
    if path.is_dir():
        return "HSDS package", *read_hsds_package(path, content)
    if path.name == DESCRIPTOR:  # the folder, chosen by its descriptor in a file dialog
        return "HSDS package", *read_hsds_package(path.parent, content)
    if path.suffix.lower() == ".csv":
        return "CSV file", *read_csv(path, content)
    if is_hsds_json(path):
        return "HSDS JSON", *read_hsds_json(path, content)
    if zipfile.is_zipfile(path):
        with contextlib.ExitStack() as stack:
            return "HSDS package", *read_hsds_package(
                stack.enter_context(unpacked_package(path)), content
            )
    raise HsdsPackageError(
        f"{path.name} is not a partner directory: choose an HSDS package (its folder's "
        "datapackage.json, or a zip), a CSV file in the export's columns, or HSDS JSON."
    )


def preview_partner(path: Path, catalog: Engine, user: Engine) -> PartnerPreview:
    """Read the partner's directory at ``path`` and say what importing it would add and
    change. Raises :class:`~csec_desktop.catalog.interchange.hsds_import.HsdsPackageError` (one
    sentence) when the file is not one; problems with rows are in the preview."""
    if not path.exists():
        raise HsdsPackageError(f"There is no file or folder {path}.")
    kind, records, problems = _read(path, catalog)
    stored = {entry.slug for entry in local.entries(catalog, user)}
    preview = PartnerPreview(path.name, kind, records, problems)
    for record in records.resources:
        slug = local.imported_id(record.id)
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
        raise HsdsPackageError(f"{preview.name} cannot be imported. {why}")
    previous = {slug: local.stored_data(user, slug) for slug in preview.added + preview.changed}
    records = preview.records
    try:
        saved, refused = local.import_exchange(
            catalog,
            user,
            records.resources,
            records.organizations,
            records.sources,
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
    for slug, data in previous.items():
        if data is not None and local.stored_data(user, slug) != data:
            local.save(catalog, user, data, slug)
