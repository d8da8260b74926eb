"""The Spanish text operators publish about their own resources (``data/spanish.toml``).

A Spanish sheet prints a resource's summary in Spanish only when the operator itself
publishes that text in Spanish: it is copied here with the address of the page it comes
from and the month it was checked, and reviewed like the rest of ``data/``. A summary the
catalog has only in English is printed as it is with the marker "(en inglés)"; nothing is
machine-translated. No Qt here.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csec_desktop.catalog.content.records import Problem, ResourceRecord, is_safe_url

SPANISH_FILE = "spanish.toml"
MAX_SUMMARY = 600
_FIELDS = {"id", "summary", "source_url", "checked", "note"}


@dataclass(frozen=True)
class SpanishText:
    """An operator's own Spanish summary of one resource, with where it was read."""

    summary: str
    source_url: str
    checked: str


@dataclass(frozen=True)
class SpanishTexts:
    """The operators' Spanish texts by resource id."""

    entries: Mapping[str, SpanishText] = field(default_factory=dict)

    def text(self, slug: str) -> SpanishText | None:
        """The Spanish text of ``slug``, if an operator publishes one."""
        return self.entries.get(slug)


def parse_spanish(raw: Mapping[str, Any]) -> tuple[SpanishTexts, list[Problem]]:
    """Spanish texts from the parsed TOML ``raw``; every problem is collected."""
    problems: list[Problem] = []
    entries: dict[str, SpanishText] = {}
    tables = raw.get("resource", [])
    if not isinstance(tables, list):
        return SpanishTexts(), [Problem(SPANISH_FILE, "", "'resource' must be [[resource]] tables")]
    for table in tables:
        slug = table.get("id") if isinstance(table, Mapping) else None
        if not isinstance(slug, str) or not slug:
            problems.append(Problem(SPANISH_FILE, "", "each [[resource]] needs an 'id'"))
            continue
        found = _entry(slug, table)
        if slug in entries:
            found = [Problem(SPANISH_FILE, slug, "duplicate id")]
        problems += found
        if not found:
            entries[slug] = SpanishText(
                " ".join(table["summary"].split()), table["source_url"], table["checked"]
            )
    return SpanishTexts(entries), problems


def _entry(slug: str, table: Mapping[str, Any]) -> list[Problem]:
    """The problems of one entry: a field it may not have, or one missing or empty."""
    problems = []
    unknown = set(table) - _FIELDS
    if unknown:
        names = ", ".join(sorted(unknown))
        problems.append(Problem(SPANISH_FILE, slug, f"unknown field(s): {names}"))
    for name in ("summary", "source_url", "checked"):
        value = table.get(name)
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(SPANISH_FILE, slug, f"'{name}' is required (text)"))
    summary, url, checked = (table.get(n) for n in ("summary", "source_url", "checked"))
    if isinstance(summary, str) and len(summary) > MAX_SUMMARY:
        problems.append(Problem(SPANISH_FILE, slug, f"'summary' is longer than {MAX_SUMMARY}"))
    if isinstance(url, str) and url.strip() and not is_safe_url(url):
        problems.append(Problem(SPANISH_FILE, slug, "'source_url' must be an http(s) address"))
    if isinstance(checked, str) and checked.strip() and not _is_month(checked):
        problems.append(Problem(SPANISH_FILE, slug, "'checked' must be a month, YYYY-MM"))
    return problems


def _is_month(text: str) -> bool:
    year, _, month = text.partition("-")
    return len(year) == 4 and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12


def read_spanish(path: Path) -> tuple[SpanishTexts, list[Problem]]:
    """Read a ``spanish.toml``; a missing file has no texts, an unreadable one is a problem."""
    if not path.is_file():
        return SpanishTexts(), []
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return SpanishTexts(), [Problem(SPANISH_FILE, "", f"cannot be read: {error}")]
    return parse_spanish(raw)


def check_spanish_file(directory: Path, resources: Iterable[ResourceRecord]) -> list[Problem]:
    """Problems of ``directory``'s Spanish texts, including ids the catalog does not have."""
    texts, problems = read_spanish(directory / SPANISH_FILE)
    known = {record.id for record in resources}
    return problems + [
        Problem(SPANISH_FILE, slug, "no resource has this id")
        for slug in texts.entries
        if slug not in known
    ]


@functools.cache
def bundled_texts() -> SpanishTexts:
    """The Spanish texts installed with the application (the repository's ``data/``); a
    file that cannot be read gives none, so every summary is printed marked "(en inglés)"
    (``csec-catalog validate`` reports the problem)."""
    from csec_desktop.paths import bundled_catalog_source

    return read_spanish(bundled_catalog_source() / SPANISH_FILE)[0]
