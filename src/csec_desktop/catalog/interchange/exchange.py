"""What the CSV and HSDS readers share: the records they return, the catalog they read
against, and the keys they give to names that the catalog does not know yet.

A reader turns each row into the raw mapping :func:`~csec_desktop.catalog.records.parse_resource`
validates, so an imported record passes exactly the checks of a curated one. What it
returns can be written as the canonical JSON export (:func:`write_exchange_json`), which the
catalog import (``csec-catalog import FILE``) applies.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from sqlalchemy import Engine

from csec_desktop.catalog import reader
from csec_desktop.catalog.interchange.export import write_json_document
from csec_desktop.catalog.records import (
    OrganizationRecord,
    Problem,
    ResourceRecord,
    SourceRecord,
    Vocabularies,
    parse_resource,
)
from csec_desktop.catalog.sources import CatalogContent


@dataclass
class ExchangeRecords:
    """Resources read from an exchange file, with the organizations and sources they cite."""

    resources: list[ResourceRecord] = field(default_factory=list)
    organizations: list[OrganizationRecord] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)


def installed_catalog(engine: Engine) -> CatalogContent:
    """The organizations, sources and vocabulary of a catalog database (no resources):
    what the readers match names and codes against."""
    return CatalogContent(
        organizations=reader.organizations(engine),
        sources=reader.sources(engine),
        vocabulary=reader.vocabulary(engine),
    )


def write_exchange_json(records: ExchangeRecords, out: TextIO, origin: str) -> int:
    """Write ``records`` as a JSON export document; return the number of resources.

    ``origin`` says where they came from (for example ``hsds:partner-directory``).
    """
    return write_json_document(
        out, {"origin": origin}, records.organizations, records.sources, records.resources
    )


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by dashes: ``"Kids' Place, Inc."`` → ``kids-place-inc``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:80].strip("-")


class Keys:
    """Hands out keys that are unique among those already taken (``name``, ``name-2`` …)."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)

    def new(self, base: str, fallback: str) -> str:
        """A fresh key from ``base`` (``fallback`` when ``base`` has no letters or digits)."""
        stem = base or fallback
        key, number = stem, 2
        while key in self.taken:
            key, number = f"{stem}-{number}", number + 1
        self.taken.add(key)
        return key


def validate_raw(
    raw: dict[str, object], where: str, vocab: Vocabularies, problems: list[Problem]
) -> ResourceRecord | None:
    """Check one mapped entry as a curated one is checked; collect its problems."""
    record, found = parse_resource(raw, where, vocab)
    problems.extend(found)
    return record


def with_known(catalog: CatalogContent, records: ExchangeRecords) -> Vocabularies:
    """The catalog's codes, with both its and the read records' organizations and sources."""
    vocab = catalog.vocabularies()
    return Vocabularies(
        codes=vocab.codes,
        organizations=vocab.organizations | {o.key for o in records.organizations},
        sources=vocab.sources | {s.key for s in records.sources},
    )
