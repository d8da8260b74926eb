"""Discreet sheets: the neutral names and descriptions curated in ``data/discreet.toml``,
and the deny-list of words such a sheet never prints.

A discreet sheet goes home with a young person and may be read by the person harming
them, so it never names what the catalog is about. :class:`DenyList` finds the words that
would; :func:`read_discreet` reads and checks the curated file; ``catalog/display/sheets.py``
prints a resource on a discreet sheet only under its curated name. No Qt here.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from csec_desktop.catalog.content.records import LOCAL_PREFIX, Problem, ResourceRecord, is_safe_url

DISCREET_FILE = "discreet.toml"
#: The user setting that holds the discreet names a data steward gave the agency's own
#: resources: {id: {"en": {"name", "description"}, "es": {…}}}.
LOCAL_SETTING = "sheet.discreet.local"
LANGUAGES: tuple[Literal["en", "es"], ...] = ("en", "es")
MAX_NAME = 80
MAX_DESCRIPTION = 200
#: Contact kinds whose value is a number to call or text (printed from the catalog).
NUMBER_KINDS = ("phone", "text", "tty")


def fold(text: str) -> str:
    """``text`` for matching: lower case, accents off, one kind of apostrophe, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


@dataclass(frozen=True)
class DenyList:
    """Words a discreet sheet never prints (English and Spanish).

    ``words`` are whole words or phrases, or stems when they end with ``*``; ``anywhere``
    are found inside longer words too, as in a web address.
    """

    words: tuple[str, ...] = ()
    anywhere: tuple[str, ...] = ()
    _pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = []
        for word in self.words:
            body = re.escape(fold(word.rstrip("*")))
            parts.append(rf"(?<![\w']){body}" + ("" if word.endswith("*") else r"(?![\w'])"))
        parts += [re.escape(fold(word)) for word in self.anywhere]
        # An empty list matches nothing (a pattern that can never match).
        pattern = "|".join(parts) or r"(?!x)x"
        object.__setattr__(self, "_pattern", re.compile(pattern))

    def found(self, text: str) -> list[str]:
        """The denied words in ``text``, each the whole word it is part of (folded), in order."""
        folded = fold(text)
        words = []
        for match in self._pattern.finditer(folded):
            start, end = match.span()
            while start and (folded[start - 1].isalnum() or folded[start - 1] in "_'"):
                start -= 1
            while end < len(folded) and (folded[end].isalnum() or folded[end] in "_'"):
                end += 1
            words.append(folded[start:end])
        return list(dict.fromkeys(words))

    def is_clean(self, text: str) -> bool:
        """True when ``text`` has no denied word."""
        return self._pattern.search(fold(text)) is None


@dataclass(frozen=True)
class DiscreetText:
    """What a discreet sheet prints for one resource in one language."""

    name: str
    description: str


@dataclass(frozen=True)
class DiscreetTexts:
    """The curated discreet texts by resource id and language, and the deny-list."""

    entries: Mapping[str, Mapping[str, DiscreetText]] = field(default_factory=dict)
    deny: DenyList = field(default_factory=DenyList)

    def text(self, slug: str, language: str) -> DiscreetText | None:
        """The discreet name and description of ``slug`` in ``language``, if curated."""
        return self.entries.get(slug, {}).get(language)


def _strings(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    return None


def parse_discreet(raw: Mapping[str, Any]) -> tuple[DiscreetTexts, list[Problem]]:
    """Discreet texts from the parsed TOML ``raw``; every problem is collected."""
    problems: list[Problem] = []

    def problem(entry: str, message: str) -> None:
        problems.append(Problem(DISCREET_FILE, entry, message))

    deny_raw = raw.get("deny", {})
    words: list[str] = []
    anywhere: tuple[str, ...] = ()
    if not isinstance(deny_raw, Mapping):
        problem("deny", "'deny' must be a table of word lists")
        deny_raw = {}
    for name in (*LANGUAGES, "anywhere"):
        values = _strings(deny_raw.get(name))
        if values is None:
            problem("deny", f"'deny.{name}' must be a list of words")
        elif name == "anywhere":
            anywhere = values
        else:
            words += values
    deny = DenyList(tuple(words), anywhere)

    entries: dict[str, dict[str, DiscreetText]] = {}
    resources = raw.get("resource", [])
    if not isinstance(resources, list):
        problem("", "'resource' must be a list of tables ([[resource]])")
        resources = []
    for table in resources:
        slug = table.get("id") if isinstance(table, Mapping) else None
        if not isinstance(slug, str) or not slug:
            problem("", "each [[resource]] needs an 'id'")
            continue
        if slug in entries:
            problem(slug, "duplicate id")
            continue
        unknown = set(table) - {"id", "note", *LANGUAGES}
        if unknown:
            problem(slug, f"unknown field(s): {', '.join(sorted(unknown))}")
        texts: dict[str, DiscreetText] = {}
        for language in LANGUAGES:
            text = _text(table.get(language), slug, language, deny, problem)
            if text is not None:
                texts[language] = text
        entries[slug] = texts
    return DiscreetTexts(entries, deny), problems


def _text(
    raw: object, slug: str, language: str, deny: DenyList, problem: Any
) -> DiscreetText | None:
    if not isinstance(raw, Mapping):
        problem(slug, f"'{language}' must be a table with a name and a description")
        return None
    values = []
    for name, limit in (("name", MAX_NAME), ("description", MAX_DESCRIPTION)):
        value = raw.get(name)
        if not isinstance(value, str) or not value.strip():
            problem(slug, f"'{language}.{name}' is required")
            return None
        value = " ".join(value.split())
        if len(value) > limit:
            problem(slug, f"'{language}.{name}' is longer than {limit} characters")
        denied = deny.found(value)
        if denied:
            problem(slug, f"'{language}.{name}' has deny-listed word(s): {', '.join(denied)}")
        values.append(value)
    return DiscreetText(*values)


def read_discreet(path: Path) -> tuple[DiscreetTexts, list[Problem]]:
    """Read a ``discreet.toml``; an unreadable file is one problem, never an exception."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return DiscreetTexts(), [Problem(DISCREET_FILE, "", f"cannot be read: {error}")]
    return parse_discreet(raw)


def check_against_catalog(
    texts: DiscreetTexts, resources: Iterable[ResourceRecord]
) -> list[Problem]:
    """Problems of the discreet texts against the catalog: an id it does not have, or a
    resource a discreet sheet would show nothing to reach by."""
    by_id = {record.id: record for record in resources}
    problems = []
    for slug in texts.entries:
        record = by_id.get(slug)
        if record is None:
            problems.append(Problem(DISCREET_FILE, slug, "no resource has this id"))
        elif not reachable(record, texts.deny):
            problems.append(
                Problem(
                    DISCREET_FILE,
                    slug,
                    "the resource has no number and no neutral web address to print",
                )
            )
    return problems


def neutral_address(url: str | None, deny: DenyList) -> str | None:
    """``url`` when a discreet sheet may print it (and encode it as a QR code)."""
    return url if url and is_safe_url(url) and deny.is_clean(url) else None


def reachable(record: ResourceRecord, deny: DenyList) -> bool:
    """True when a discreet sheet can print a way to reach ``record``."""
    return any(c.kind in NUMBER_KINDS for c in record.contacts) or bool(
        neutral_address(record.website, deny)
        or any(neutral_address(c.value, deny) for c in record.contacts)
    )


def check_discreet_file(directory: Path, resources: Iterable[ResourceRecord]) -> list[Problem]:
    """Problems of ``directory``'s discreet texts (if it has the file), for validation."""
    path = directory / DISCREET_FILE
    if not path.is_file():
        return []
    texts, problems = read_discreet(path)
    return problems + check_against_catalog(texts, resources)


@functools.cache
def bundled_texts() -> tuple[DiscreetTexts, tuple[Problem, ...]]:
    """The discreet texts installed with the application (the repository's ``data/``), and
    the problems found reading them (a discreet sheet is refused while there are any)."""
    from csec_desktop.paths import bundled_catalog_source

    texts, problems = read_discreet(bundled_catalog_source() / DISCREET_FILE)
    return texts, tuple(problems)


def local_texts(texts: DiscreetTexts, stored: object) -> tuple[DiscreetTexts, list[Problem]]:
    """``texts`` with the discreet names a steward gave local resources (the user setting
    :data:`LOCAL_SETTING`, as stored). An entry that is not a local id, or has a text that
    is empty, too long or uses a denied word, is dropped (its resource is then left off the
    sheet) and told as a problem."""
    problems: list[Problem] = []
    entries = dict(texts.entries)
    for slug, raw in (stored if isinstance(stored, Mapping) else {}).items():
        found = _local_entry(str(slug), raw, texts.deny)
        if isinstance(found, list):
            problems += found
        else:
            entries[str(slug)] = found
    return DiscreetTexts(entries, texts.deny), problems


def _local_entry(slug: str, raw: object, deny: DenyList) -> dict[str, DiscreetText] | list[Problem]:
    """One stored local entry's texts by language, or its problems."""
    problems: list[Problem] = []

    def problem(entry: str, message: str) -> None:
        problems.append(Problem(LOCAL_SETTING, entry, message))

    if not slug.startswith(f"{LOCAL_PREFIX}/"):
        problem(slug, "only a local resource can be given a discreet name here")
    table: Mapping[str, object] = raw if isinstance(raw, Mapping) else {}
    languages = [language for language in LANGUAGES if language in table]
    if not languages:
        problem(slug, "no discreet name in English or Spanish")
    found = {
        language: _text(table[language], slug, language, deny, problem) for language in languages
    }
    if problems:
        return problems
    return {lang: text for lang, text in found.items() if text is not None}


def with_local_text(
    stored: object, slug: str, language: str, text: DiscreetText | None, deny: DenyList
) -> dict[str, Any]:
    """The setting :data:`LOCAL_SETTING` with ``slug``'s discreet text in ``language`` set
    (or removed, for None). Raises ValueError, in one sentence, for a text it refuses."""
    if not slug.startswith(f"{LOCAL_PREFIX}/"):
        raise ValueError(f"Only a local resource can be given a discreet name here, not '{slug}'.")
    updated = {
        str(k): dict(v) if isinstance(v, Mapping) else {}
        for k, v in (stored if isinstance(stored, Mapping) else {}).items()
    }
    texts = updated.setdefault(slug, {})
    if text is None:
        texts.pop(language, None)
    else:
        raw = {"name": text.name, "description": text.description}
        found = _local_entry(slug, {language: raw}, deny)
        if isinstance(found, list):
            raise ValueError(f"The discreet text cannot be kept: {found[0].message}.")
        texts[language] = raw
    if not texts:
        del updated[slug]
    return updated
