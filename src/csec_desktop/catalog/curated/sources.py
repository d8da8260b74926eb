"""Read and validate the curated catalog source (the ``data/`` directory).

:func:`read_catalog_source` reads every TOML file, validates every entry (collecting every
problem, each naming file, entry and field) and returns a :class:`CatalogContent` ready to
be written into ``catalog.sqlite`` by :mod:`csec_desktop.catalog.storage.writer`.
:func:`source_hash` fingerprints the directory so that a changed ``data/`` triggers a rebuild.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from csec_desktop.catalog.content.discreet import check_discreet_file
from csec_desktop.catalog.content.records import (
    OrganizationRecord,
    Problem,
    ResourceRecord,
    SourceRecord,
    Vocabularies,
    VocabularyEntry,
    check_links,
    parse_organization,
    parse_resource,
    parse_source,
)
from csec_desktop.catalog.content.spanish import check_spanish_file

SOURCES_FILE = "sources.toml"
ORGANIZATIONS_FILE = "organizations.toml"
VOCABULARIES_FILE = "vocabularies.toml"
RESOURCES_DIR = "resources"
T = TypeVar("T")
#: Facets whose values are controlled by vocabularies.toml.
VOCABULARY_FACETS = (
    "kind", "category", "status", "topic", "audience", "language", "service_area",
    "gender", "fact",
)  # fmt: skip


@dataclass
class CatalogContent:
    """Everything a catalog database is built from, validated."""

    resources: list[ResourceRecord] = field(default_factory=list)
    organizations: list[OrganizationRecord] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)
    vocabulary: list[VocabularyEntry] = field(default_factory=list)
    synonyms: list[list[str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    content_hash: str = ""

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def vocabularies(self) -> Vocabularies:
        """The codes, organization keys and source keys that entries are checked against."""
        codes: dict[str, set[str]] = {}
        for entry in self.vocabulary:
            codes.setdefault(entry.facet, set()).add(entry.code)
        return Vocabularies(
            codes={facet: frozenset(values) for facet, values in codes.items()},
            organizations=frozenset(o.key for o in self.organizations),
            sources=frozenset(s.key for s in self.sources),
        )


def _toml_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*.toml") if p.is_file())


def source_hash(directory: Path) -> str:
    """A SHA-256 over the names and bytes of every TOML file below ``directory``."""
    digest = hashlib.sha256()
    for path in _toml_files(directory):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _load_toml(path: Path, root: Path, problems: list[Problem]) -> dict[str, Any] | None:
    where = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        problems.append(Problem(where, "", f"is not valid TOML: {error}"))
    except UnicodeDecodeError:
        problems.append(Problem(where, "", "is not UTF-8 text"))
    except OSError as error:
        problems.append(Problem(where, "", f"cannot be read: {error.strerror or error}"))
    return None


def read_entry_file(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Read one TOML file of the ``data/resources/`` form; None and the problem if it is bad."""
    problems: list[Problem] = []
    return _load_toml(path, path.parent, problems), problems


def read_vocabularies(
    raw: Mapping[str, Any], where: str, problems: list[Problem]
) -> tuple[list[VocabularyEntry], list[list[str]]]:
    """The controlled values and synonym groups of a ``vocabularies.toml``-shaped mapping."""
    entries: list[VocabularyEntry] = []
    for facet in VOCABULARY_FACETS:
        table = raw.get(facet)
        if not isinstance(table, Mapping):
            problems.append(Problem(where, facet, f"the [{facet}] table is missing"))
            continue
        for position, (code, value) in enumerate(table.items()):
            if not isinstance(value, Mapping) or not isinstance(value.get("label"), str):
                problems.append(Problem(where, f"{facet}.{code}", "needs a text 'label'"))
                continue
            label_es = value.get("es")
            entries.append(
                VocabularyEntry(
                    facet=facet,
                    code=code,
                    label=value["label"],
                    label_es=label_es if isinstance(label_es, str) else None,
                    position=position,
                )
            )
    synonyms: list[list[str]] = []
    synonyms_table = raw.get("synonyms", {})
    groups = synonyms_table.get("groups", []) if isinstance(synonyms_table, Mapping) else None
    if not isinstance(groups, list):
        problems.append(Problem(where, "synonyms", "'groups' must be a list of lists of text"))
        groups = []
    for group in groups:
        if (
            not isinstance(group, list)
            or len(group) < 2
            or not all(isinstance(term, str) and term.strip() for term in group)
        ):
            problems.append(Problem(where, "synonyms", f"a group must list 2+ terms: {group!r}"))
            continue
        synonyms.append([term.strip().lower() for term in group])
    return entries, synonyms


def _read_tables(
    raws: object,
    where: str,
    parse: Callable[[object, str], tuple[T | None, list[Problem]]],
    problems: list[Problem],
) -> list[T]:
    if not isinstance(raws, list):
        problems.append(Problem(where, "", "must hold a list of tables"))
        return []
    records: list[T] = []
    for raw in raws:
        record, found = parse(raw, where)
        problems.extend(found)
        if record is not None:
            records.append(record)
    return records


def read_reference_tables(
    content: CatalogContent,
    vocabularies: Mapping[str, Any],
    organizations: object,
    sources: object,
    *,
    where: tuple[str, str, str],
) -> Vocabularies:
    """Validate the vocabularies, organizations and sources into ``content`` (collecting
    problems there) and return what resources are checked against.

    ``vocabularies`` has the shape of ``vocabularies.toml``; ``organizations`` and ``sources``
    are lists of raw tables. ``where`` names the three origins for messages. The TOML source
    and the JSON export share this, so both are validated alike.
    """
    problems = content.problems
    vocab_where, organizations_where, sources_where = where
    content.vocabulary, content.synonyms = read_vocabularies(vocabularies, vocab_where, problems)
    content.organizations = _read_tables(
        organizations, organizations_where, parse_organization, problems
    )
    content.sources = _read_tables(sources, sources_where, parse_source, problems)
    for kind, keys, origin in (
        ("organization", [o.key for o in content.organizations], organizations_where),
        ("source", [s.key for s in content.sources], sources_where),
    ):
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        problems.extend(Problem(origin, key, f"duplicate {kind} key") for key in duplicates)
    return content.vocabularies()


def read_catalog_source(directory: Path) -> CatalogContent:
    """Read and validate the curated catalog in ``directory``.

    Never raises for bad content: every problem is collected in ``CatalogContent.problems``
    and entries with problems are left out of the content.
    """
    content = CatalogContent()
    problems = content.problems
    if not directory.is_dir():
        problems.append(Problem(str(directory), "", "is not a directory"))
        return content
    content.content_hash = source_hash(directory)

    vocab = read_reference_tables(
        content,
        _load_toml(directory / VOCABULARIES_FILE, directory, problems) or {},
        (_load_toml(directory / ORGANIZATIONS_FILE, directory, problems) or {}).get(
            "organization", []
        ),
        (_load_toml(directory / SOURCES_FILE, directory, problems) or {}).get("source", []),
        where=(VOCABULARIES_FILE, ORGANIZATIONS_FILE, SOURCES_FILE),
    )

    where: dict[str, str] = {}
    resources_dir = directory / RESOURCES_DIR
    for path in _toml_files(resources_dir) if resources_dir.is_dir() else []:
        name = path.relative_to(directory).as_posix()
        raw = _load_toml(path, directory, problems)
        if raw is None:
            continue
        record, found = parse_resource(raw, name, vocab)
        problems.extend(found)
        if record is None:
            continue
        expected = f"{path.parent.name}/{path.stem}"
        if record.id != expected:
            problems.append(Problem(name, record.id, f"the id must match the file: '{expected}'"))
            continue
        where[record.id] = name
        content.resources.append(record)
    problems.extend(check_links(content.resources, where))
    problems.extend(check_query_vocabulary(directory, content))
    problems.extend(check_discreet_file(directory, content.resources))
    problems.extend(check_spanish_file(directory, content.resources))
    return content


def check_query_vocabulary(directory: Path, content: CatalogContent) -> list[Problem]:
    """Problems of the query-understanding vocabulary in ``directory`` (if it has one):
    its form, and concepts none of whose words occur in the catalog ``content``."""
    # Imported here: the search package loads numpy, which reading a catalog needs not.
    from csec_desktop.catalog.search.understanding import (
        VOCABULARY_FILE,
        concepts_not_in,
        vocabulary_from_file,
    )

    path = directory / VOCABULARY_FILE
    if not path.is_file():
        return []
    vocabulary, found = vocabulary_from_file(path)
    problems = [Problem(VOCABULARY_FILE, "", message) for message in found]
    if content.resources:
        problems += [
            Problem(VOCABULARY_FILE, name, "no word of this concept occurs in the catalog")
            for name in concepts_not_in(vocabulary, catalog_text(content))
        ]
    return problems


def catalog_text(content: CatalogContent) -> str:
    """Every text of the catalog's resources and organizations, as one string."""
    texts: list[str] = []

    def collect(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, Mapping):
            for item in value.values():
                collect(item)
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                collect(item)
        elif hasattr(value, "__dataclass_fields__"):
            collect(dataclasses.asdict(value))  # type: ignore[call-overload]

    collect(content.resources)
    collect(content.organizations)
    collect([(entry.label, entry.code.replace("_", " ")) for entry in content.vocabulary])
    return "\n".join(texts)
