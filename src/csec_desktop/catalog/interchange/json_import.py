"""Read the canonical JSON document (see :mod:`.export`) back into validated catalog content.

Every part goes through the same validation as the curated TOML source
(:func:`csec_desktop.catalog.curated.sources.read_reference_tables` and
:func:`csec_desktop.catalog.content.records.parse_resource`), so an exported catalog reads back to
equal records, and a damaged or hostile document yields precise problems, never an
exception. Each problem names the document, the entry and the field
(``catalog.json resources[12] [program/gems-2006]: 'title' is required``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from csec_desktop.catalog.content.records import Problem, check_links, parse_resource
from csec_desktop.catalog.curated.sources import CatalogContent, read_reference_tables
from csec_desktop.catalog.interchange.export import JSON_FORMAT, JSON_FORMAT_VERSION


def parse_catalog_json(data: bytes, where: str) -> CatalogContent:
    """Decode and validate a JSON document given as UTF-8 bytes (the file as read).

    ``where`` names the document in messages (a file name or a bundle member).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _failed(where, f"is not UTF-8 text (byte {error.start} cannot be decoded)")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return _failed(
            where, f"is not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
        )
    except RecursionError:
        return _failed(where, "is nested too deeply to be a catalog")
    return read_catalog_document(document, where)


def read_catalog_document(document: object, where: str) -> CatalogContent:
    """Validate an already parsed JSON document into catalog content.

    Never raises for bad content: problems are collected in ``CatalogContent.problems`` and
    entries with problems are left out.
    """
    if not isinstance(document, Mapping):
        return _failed(where, "must be a JSON object")
    if document.get("format") != JSON_FORMAT:
        return _failed(where, f"is not a catalog document (its 'format' is not {JSON_FORMAT!r})")
    version = document.get("format_version")
    if version != JSON_FORMAT_VERSION:
        return _failed(
            where,
            f"has format version {version!r}; this version of the application reads "
            f"version {JSON_FORMAT_VERSION}",
        )
    content = CatalogContent()
    vocabularies = document.get("vocabularies")
    if not isinstance(vocabularies, Mapping):
        content.problems.append(Problem(where, "vocabularies", "must be a JSON object"))
        vocabularies = {}
    vocab = read_reference_tables(
        content,
        vocabularies,
        document.get("organizations", []),
        document.get("sources", []),
        where=(f"{where} vocabularies", f"{where} organizations", f"{where} sources"),
    )
    resources = document.get("resources")
    if not isinstance(resources, list):
        content.problems.append(Problem(where, "resources", "must be a list of objects"))
        return content
    origins: dict[str, str] = {}
    for index, raw in enumerate(resources):
        origin = f"{where} resources[{index}]"
        record, found = parse_resource(raw, origin, vocab)
        content.problems.extend(found)
        if record is not None:
            origins[record.id] = origin
            content.resources.append(record)
    content.problems.extend(check_links(content.resources, origins))
    return content


def _failed(where: str, message: str) -> CatalogContent:
    content = CatalogContent()
    content.problems.append(Problem(where, "", message))
    return content
