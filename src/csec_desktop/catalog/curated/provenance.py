"""Check the curated catalog's facts against the copies of its source pages in ``data/``.

``sources.toml`` names, for a source whose page is kept in the repository, the copy and its
sections in reading order::

    [[page]]
    source = "ojjdp-csec-page"
    file = "sources/ojjdp-csec-page-2016.txt"
    sections = ["Commercial Sexual Exploitation of Children", "OJJDP Materials:", …]

A resource's facts come from its ``source`` at ``source_locator`` unless a ``[[provenance]]``
locator of the resource names the field (see ``data/README.md``). A locator's passage is its
section (up to the next one), narrowed to an ``item`` when it gives one (up to the next
bullet). :func:`check_provenance` reports, one line each, every amount, date, number, place,
organization and title (unless marked descriptive) that its passage does not state, every
locator that points nowhere and every page missing from the repository; and text that copies
12 words or more of its page, or says "currently" of facts confirmed over a year ago.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path

from csec_desktop.catalog.content.records import (
    FACT_FIELDS,
    LocatorRecord,
    OrganizationRecord,
    PartialDate,
    Problem,
    ResourceRecord,
)
from csec_desktop.catalog.content.states import STATE_NAMES
from csec_desktop.catalog.curated.sources import SOURCES_FILE, CatalogContent, read_catalog_source

#: A resource's text may share fewer consecutive words than this with its source page.
COPIED_WORDS = 12
#: Months after which "currently" or "is now" misleads (facts confirmed longer ago).
PRESENT_TENSE_MONTHS = 12
TEXT_FIELDS = ("summary", "overview", "highlights")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
SEASONS = ("spring", "summer", "fall", "autumn", "winter")
_SMALL_NUMBERS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)  # fmt: skip
NUMBER_WORDS = {word: index for index, word in enumerate(_SMALL_NUMBERS)} | {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER = re.compile(
    r"(?<![\w.])\$?\s?(?P<digits>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s+(?P<scale>thousand|million|billion)\b)?",
    re.IGNORECASE,
)
_WORD_NUMBER = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS + SEASONS) + r")\s+(\d{4})\b", re.IGNORECASE)
_FISCAL = re.compile(r"\b(?:FY\s?|fiscal\s+year\s+)(\d{4})\b", re.IGNORECASE)
_PLACE = re.compile(r"\b([A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*), ([A-Z]{2})\b")
_PRESENT = re.compile(r"\b(?:currently|is now|are now)\b", re.IGNORECASE)
_BULLET = re.compile(r"\n {1,2}[•\u2022] ")


def normalise(text: str) -> str:
    """Dashes, quotes and apostrophes unified and whitespace collapsed, for comparing."""
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"[\u2018\u2019\u02bc]", "'", text)
    text = re.sub(r"[\u201c\u201d]", '"', text)
    return " ".join(text.split())


def _squash(text: str) -> str:
    """Lower case without spaces, dashes or commas: "June 2003June 2009" lost its dash."""
    return re.sub(r"[\s,\-\u2010-\u2015]", "", text).casefold()


def words(text: str) -> list[str]:
    """The words of ``text``, lower case, apostrophes dropped ("GEMS'" is "gems")."""
    return re.findall(r"[a-z0-9]+", normalise(text).casefold().replace("'", ""))


def runs(tokens: Sequence[str], length: int = COPIED_WORDS) -> set[tuple[str, ...]]:
    """Every run of ``length`` consecutive words."""
    return {tuple(tokens[i : i + length]) for i in range(len(tokens) - length + 1)}


def numbers(text: str) -> set[Decimal]:
    """The numbers a text states, normalised: "$1,000,000" and "$1 million" are one number,
    "eleven" is 11, "75%" is 75."""
    found: set[Decimal] = set()
    for match in _NUMBER.finditer(text):
        try:
            value = Decimal(match["digits"].rstrip(",").replace(",", ""))
        except InvalidOperation:
            continue
        if match["scale"]:
            value *= SCALES[match["scale"].lower()]
        found.add(value.normalize())
    found |= {Decimal(NUMBER_WORDS[m.lower()]) for m in _WORD_NUMBER.findall(text)}
    return found


def month_years(text: str) -> set[str]:
    """ "January 2008", "Spring 2009": month or season and year pairs, lower case."""
    # "June 2003June 2009" lost its dash: a year runs into the next month.
    text = re.sub(r"(\d)([A-Za-z])", r"\1 \2", text)
    return {f"{m.lower()} {y}" for m, y in _MONTH_YEAR.findall(text)}


class Passage:
    """The text a locator points at, and how to name it in messages."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self._folded = normalise(text).casefold()

    def says(self, phrase: str) -> bool:
        """True when the passage contains ``phrase`` (case, spacing, dashes aside)."""
        return normalise(phrase).casefold() in self._folded

    def says_squashed(self, phrase: str) -> bool:
        """Like :meth:`says`, also ignoring spaces, dashes and commas."""
        return _squash(phrase) in self._squashed

    @cached_property
    def _squashed(self) -> str:
        return _squash(self.text)

    @cached_property
    def numbers(self) -> set[Decimal]:
        """The numbers the passage states (see :func:`numbers`)."""
        return numbers(self.text)

    @cached_property
    def month_years(self) -> set[str]:
        """The months and seasons with years the passage states."""
        return month_years(self.text)


@dataclass
class Page:
    """The repository's copy of a source page and the spans of its sections."""

    source: str
    file: str
    text: str
    sections: list[tuple[str, int, int]]
    _passages: dict[tuple[str, str | None], Passage | str] = field(default_factory=dict)

    def passage(self, section: str, item: str | None) -> Passage | str:
        """The passage of ``section`` (narrowed to ``item``), or why there is none; one
        object per passage, so that what it states is worked out once."""
        key = (section, item)
        if key not in self._passages:
            self._passages[key] = self._locate(section, item)
        return self._passages[key]

    def _locate(self, section: str, item: str | None) -> Passage | str:
        wanted = normalise(section).rstrip(":").casefold()
        name = f"{self.source} › {section}"
        if self.sections:
            spans = [s for s in self.sections if normalise(s[0]).rstrip(":").casefold() == wanted]
            if not spans:
                known = "; ".join(s[0] for s in self.sections)
                return f"section {section!r} is not a section of {self.source} ({known})"
            _, start, end = spans[0]
        else:
            found = _find(self.text, section, 0, len(self.text))
            if found is None:
                return f"section {section!r} does not occur in {self.file}"
            start, end = found, len(self.text)
        if item is not None:
            at = _find(self.text, item, start, end)
            if at is None:
                return f"item {item!r} does not occur in {name}"
            following = _BULLET.search(self.text, at + 1, end)
            start, end = at, following.start() if following else end
            name += f" › {item}"
        return Passage(self.text[start:end], name)


def _find(text: str, phrase: str, start: int, end: int) -> int | None:
    """Where ``phrase`` first occurs in ``text[start:end]``, whatever its spacing."""
    pattern = r"\s+".join(re.escape(part) for part in normalise(phrase).split())
    match = re.compile(pattern).search(normalise_keep_lines(text), start, end)
    return match.start() if match else None


def normalise_keep_lines(text: str) -> str:
    """:func:`normalise` without collapsing whitespace, so positions stay put."""
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"[\u2018\u2019\u02bc]", "'", text)
    return re.sub(r"[\u201c\u201d]", '"', text)


def read_pages(
    directory: Path, raws: object, sources: Iterable[str]
) -> tuple[dict[str, Page], list[Problem]]:
    """The ``[[page]]`` tables of sources.toml, each page read and its sections found."""
    problems: list[Problem] = []
    pages: dict[str, Page] = {}
    known = set(sources)
    for raw in raws if isinstance(raws, list) else []:
        if not isinstance(raw, Mapping):
            problems.append(Problem(SOURCES_FILE, "", "a [[page]] must be a table"))
            continue
        key, file, sections = raw.get("source"), raw.get("file"), raw.get("sections", [])
        entry = key if isinstance(key, str) else ""
        if key not in known or not isinstance(file, str):
            problems.append(Problem(SOURCES_FILE, entry, "a [[page]] needs a source and a file"))
            continue
        path = directory / file
        try:
            text = normalise_keep_lines(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            message = f"page {file} is missing from the repository"
            problems.append(Problem(SOURCES_FILE, entry, message))
            continue
        spans: list[tuple[str, int]] = []
        position = 0
        for section in sections if isinstance(sections, list) else []:
            at = _find(text, str(section), position, len(text))
            if at is None:
                message = f"section {section!r} does not occur in {file} after the one before"
                problems.append(Problem(SOURCES_FILE, entry, message))
                continue
            spans.append((str(section), at))
            position = at + 1
        bounds = [at for _, at in spans[1:]] + [len(text)] if spans else []
        found = [(n, a, b) for (n, a), b in zip(spans, bounds, strict=True)]
        pages[key] = Page(key, file, text, found)
    return pages, problems


def resource_file(record: ResourceRecord) -> str:
    """The file a curated resource is read from (its id names it)."""
    return f"resources/{record.id}.toml"


def locators_of(record: ResourceRecord) -> dict[str, list[LocatorRecord]]:
    """The locators of each fact field: its own, else the resource's source and locator."""
    default = LocatorRecord(list(FACT_FIELDS), record.source_locator or "", record.source)
    result: dict[str, list[LocatorRecord]] = {}
    for name in FACT_FIELDS:
        own = [locator for locator in record.provenance if name in locator.fields]
        result[name] = own or ([default] if record.source_locator else [])
    return result


class _Checker:
    """Checks one resource's facts, collecting problems that name file, id and field."""

    def __init__(
        self,
        record: ResourceRecord,
        pages: Mapping[str, Page],
        organizations: Mapping[str, OrganizationRecord],
        missing: set[str],
    ) -> None:
        self.record = record
        self.pages = pages
        self.organizations = organizations
        self.problems: list[Problem] = []
        self.passages: dict[str, list[Passage]] = {}
        reported: set[str] = set()
        for name, locators in locators_of(record).items():
            found = [self._resolve(locator, pages, missing) for locator in locators]
            errors = [f for f in found if isinstance(f, str)]
            for error in errors:
                if error not in reported:  # one line per locator, not per field it names
                    reported.add(error)
                    self.problem(name, f"provenance points nowhere: {error}")
            passages = [f for f in found if isinstance(f, Passage)]
            # A field with a missing page or a broken locator is not checked in part.
            if passages and not errors and len(passages) == len(found):
                self.passages[name] = passages

    def _resolve(
        self, locator: LocatorRecord, pages: Mapping[str, Page], missing: set[str]
    ) -> Passage | str | None:
        """The passage a locator points at; why it points nowhere; None when unchecked."""
        key = locator.source or self.record.source
        page = pages.get(key)
        if page is not None:
            return page.passage(locator.section, locator.item)
        # A missing page is reported once, by read_pages; a locator of the resource's
        # own must cite a source whose page the repository keeps.
        if key in missing or locator not in self.record.provenance:
            return None
        return f"{key} has no [[page]]"

    def problem(self, name: str, message: str) -> None:
        where = resource_file(self.record)
        self.problems.append(Problem(where, self.record.id, f"{name}: {message}"))

    def check(self, name: str, value: object, ok: bool, what: str) -> None:
        if not ok:
            where = " or ".join(p.name for p in self.passages[name])
            self.problem(name, f"{what} {value!r} is not in {where}")

    def run(self, allowed_years: set[Decimal]) -> list[Problem]:
        """Check every fact field against its passages."""
        for name, passages in self.passages.items():
            if len(passages) == 1:
                passage = passages[0]
            else:
                passage = Passage("\n".join(p.text for p in passages), "")
            for value, ok, what in self._facts(name, passage, allowed_years):
                self.check(name, value, ok, what)
        return self.problems

    def _facts(
        self, name: str, passage: Passage, allowed_years: set[Decimal]
    ) -> Iterator[tuple[object, bool, str]]:
        record = self.record
        text, stated = passage.text, passage.numbers
        if name == "title" and not record.title_descriptive:
            base = re.sub(r"\s*\([^()]*\)$", "", record.title)
            yield record.title, passage.says(record.title) or passage.says(base), "title"
        elif name in ("organization", "funder", "publisher"):
            key = getattr(record, name)
            if key in self.organizations:
                org = self.organizations[key]
                short = org.name.removeprefix("U.S. ").removeprefix("The ")
                names = [org.name, org.acronym or "", short]
                yield org.name, any(n and passage.says(n) for n in names), "organization"
        elif name == "awards":
            for award in record.awards:
                if award.amount is not None:
                    yield f"${award.amount:,}", Decimal(award.amount) in stated, "amount"
                if award.fiscal_year is not None:
                    fiscal = {int(y) for y in _FISCAL.findall(text)}
                    yield f"fiscal year {award.fiscal_year}", award.fiscal_year in fiscal, "date"
                if award.period_text:
                    yield award.period_text, passage.says_squashed(award.period_text), "period"
                for date in (award.start, award.end):
                    if date is not None:
                        yield str(date), _date_stated(date, passage), "date"
                yield from self._text_facts(award.label or "", passage, allowed_years)
        elif name == "sites":
            for site in record.sites:
                if site.city:
                    yield site.city, passage.says(site.city), "place"
                if site.state:
                    yield site.state, _state_stated(site.state, text), "state"
        elif name == "published" and record.published is not None:
            yield str(record.published), _date_stated(record.published, passage), "date"
        elif name == "eligibility":
            for age in (record.eligibility.ages_min, record.eligibility.ages_max):
                if age is not None:
                    yield age, Decimal(age) in stated, "age"
            yield from self._text_facts(record.eligibility.note or "", passage, allowed_years)
        elif name in TEXT_FIELDS:
            yield from self._text_facts(getattr(record, name) or "", passage, allowed_years)
        elif name == "contacts":
            for contact in record.contacts:
                if contact.kind in ("phone", "text", "tty"):
                    yield contact.value, passage.says(contact.value), "number"

    @staticmethod
    def _text_facts(
        value: str, passage: Passage, allowed_years: set[Decimal]
    ) -> Iterator[tuple[object, bool, str]]:
        for number in sorted(numbers(value) - passage.numbers - allowed_years):
            yield _plain_number(number), False, "number"
        for pair in sorted(month_years(value) - passage.month_years):
            yield pair, False, "date"
        for city, state in _PLACE.findall(value):
            parts = city.split()
            known = any(passage.says(" ".join(parts[i:])) for i in range(len(parts)))
            yield f"{city}, {state}", known and _state_stated(state, passage.text), "place"


def _plain_number(number: Decimal) -> str:
    return f"{number:f}"


def _date_stated(date: PartialDate, passage: Passage) -> bool:
    """True when ``passage`` states ``date`` as precisely as it is known."""
    if date.month is None:
        return str(date.year) in passage.text
    return f"{MONTHS[date.month - 1]} {date.year}" in passage.month_years


def _state_stated(state: str, text: str) -> bool:
    name = STATE_NAMES.get(state, "")
    return bool(re.search(rf"(?:, |\b){state}\b", text)) or bool(name and name in text)


def names_of(
    resources: Iterable[ResourceRecord], organizations: Iterable[OrganizationRecord]
) -> set[tuple[str, ...]]:
    """Word runs that are names (titles, organization names): quoting a name is not copying."""
    found: set[tuple[str, ...]] = set()
    texts = [o.name for o in organizations]
    for record in resources:
        texts += [record.title, record.short_title or "", record.series or ""]
    for text in texts:
        found |= runs(words(text))
    return found


def copied_run(
    text: str, page_runs: set[tuple[str, ...]], names: set[tuple[str, ...]]
) -> str | None:
    """The first run of :data:`COPIED_WORDS` words ``text`` shares with a page, if any."""
    for run in sorted(runs(words(text)), key=lambda r: text.lower().find(r[0])):
        if run in page_runs and run not in names:
            return " ".join(run)
    return None


def check_provenance(
    directory: Path,
    *,
    resources: Sequence[ResourceRecord],
    organizations: Sequence[OrganizationRecord],
    page_tables: object,
    sources: Mapping[str, PartialDate | None],
    today: dt.date | None = None,
) -> list[Problem]:
    """Every problem of the catalog's provenance (see the module docstring), one per line.

    ``page_tables`` are the raw ``[[page]]`` tables of sources.toml; ``sources`` maps each
    source key to its ``as_of`` date.
    """
    today = today or dt.date.today()
    pages, problems = read_pages(directory, page_tables, sources)
    tables = page_tables if isinstance(page_tables, list) else []
    declared = {raw.get("source") for raw in tables if isinstance(raw, Mapping)}
    missing = {key for key in declared if isinstance(key, str) and key not in pages}
    by_key = {o.key: o for o in organizations}
    names = names_of(resources, organizations)
    page_runs = {key: runs(words(page.text)) for key, page in pages.items()}
    for record in resources:
        # "As of 2016" dates a text by its verification or its sources, not by a fact.
        cited = {record.source, *(locator.source for locator in record.provenance)}
        dates = [record.last_verified, *(sources.get(key or "") for key in cited)]
        allowed = {Decimal(date.year) for date in dates if date is not None}
        problems += _Checker(record, pages, by_key, missing).run(allowed)
        problems += _text_problems(record, page_runs, names, today)
    return problems


def _text_problems(
    record: ResourceRecord,
    page_runs: Mapping[str, set[tuple[str, ...]]],
    names: set[tuple[str, ...]],
    today: dt.date,
) -> Iterator[Problem]:
    cited = {record.source, *(p.source for p in record.provenance if p.source)}
    shared = set().union(*(page_runs[key] for key in cited if key in page_runs))
    old = (today.year - record.last_verified.last_day().year) * 12 + (
        today.month - record.last_verified.last_day().month
    ) > PRESENT_TENSE_MONTHS
    for name in (*TEXT_FIELDS, "eligibility"):
        value = record.eligibility.note if name == "eligibility" else getattr(record, name)
        if not value:
            continue
        copied = copied_run(value, shared, names) if shared else None
        if copied:
            yield Problem(
                resource_file(record), record.id,
                f"{name}: copies {COPIED_WORDS}+ words of its source page: {copied!r}",
            )  # fmt: skip
        present = _PRESENT.search(value) if old else None
        if present:
            yield Problem(
                resource_file(record), record.id,
                f"{name}: says {present[0]!r} of facts last verified {record.last_verified}",
            )  # fmt: skip


def validate_catalog_source(directory: Path, today: dt.date | None = None) -> CatalogContent:
    """:func:`read_catalog_source` with the steward's provenance checks on top: every fact
    in the page it cites, no text copied from a page or stale in the present tense (see
    :mod:`csec_desktop.catalog.curated.provenance`). Not part of building a catalog: those checks
    depend on today's date and the repository's page copies, a build on neither."""
    content = read_catalog_source(directory)
    if content.resources:
        try:  # read_catalog_source has said what is wrong with a file it could not read
            raw = tomllib.loads((directory / SOURCES_FILE).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            raw = {}
        content.problems.extend(
            check_provenance(
                directory,
                resources=content.resources,
                organizations=content.organizations,
                page_tables=raw.get("page", []),
                sources={s.key: s.as_of for s in content.sources},
                today=today,
            )
        )
    return content
