"""Resources as plain data, and the validation of raw (TOML or JSON) entries into them.

A :class:`ResourceRecord` is the lossless, database-independent form of one resource: the
curated TOML files, the JSON export and update bundles all carry exactly these fields (see
``data/README.md``). :func:`parse_resource` turns a raw mapping into a record and reports
every problem it finds, each naming the entry and the field.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import urlsplit

from csec_desktop.catalog.content.states import STATE_NAMES

Precision = Literal["year", "month", "day"]

ID_PATTERN = re.compile(r"^[a-z]+/[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STATE_PATTERN = re.compile(r"^[A-Z]{2}$")
#: Digits with single dashes ("1-800-843-5678"), or a short number ("988", "711").
PHONE_PATTERN = re.compile(r"^(?:\d{3}|\d(?:-\d{3}){2}-\d{4}|\d{3}-\d{3}-\d{4})$")
SHORT_CODE_PATTERN = re.compile(r"^\d{3,6}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
#: Characters refused in any text: C0 and C1 controls but tab and newline (they would corrupt
#: highlighting markers or terminals), and the invisible marks that reorder text
#: (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069): on a printed sheet
#: "Call \u202e1010-555-815\u202c now" reads "Call 518-555-0101 now".
CONTROL_CHARS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
#: Line and paragraph breaks (and the tab), refused outside the fields that hold paragraphs:
#: a title is one line wherever it is shown, in a table row as much as on a sheet.
LINE_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]")
#: The text fields that may hold several lines (paragraphs).
MULTILINE_FIELDS = frozenset({"summary", "overview", "highlights", "note"})

#: The fields a provenance locator may name: the facts a source states.
FACT_FIELDS = (
    "title", "short_title", "summary", "overview", "highlights", "organization", "funder",
    "publisher", "category", "status", "service_area", "website", "email", "hours",
    "languages", "published", "format", "series", "eligibility", "awards", "sites", "contacts",
)  # fmt: skip
CONTACT_KINDS = ("phone", "text", "tty", "chat", "report", "email")
RELATIONS = {
    "part_of": "has_part",
    "has_part": "part_of",
    "site_of": "has_site",
    "has_site": "site_of",
    "award_of": "has_award",
    "has_award": "award_of",
    "curriculum_of": "has_curriculum",
    "has_curriculum": "curriculum_of",
    "related": "related",
}
#: The id prefix of an agency's own resources (``local/<words>``): their kind may change
#: without changing the id that favorites and notes refer to.
LOCAL_PREFIX = "local"
MAX_TEXT = 20_000
MAX_TITLE = 500


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day (``2006``, ``2006-12``, ``2006-12-01``)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        """How much of the date is known."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def sort_key(self) -> tuple[dt.date, dt.date]:
        """Order by the end of the period, then its start: "2016-05" comes before "2016"."""
        return self.last_day(), self.first_day()

    def first_day(self) -> dt.date:
        """The first day of the period (how it is stored and sorted)."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The last day of the period (for deciding whether a period has ended)."""
        if self.day is not None:
            return self.first_day()
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError otherwise."""
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        result = cls(year, month, day)
        result.first_day()  # raises ValueError for month 13 or 30 February
        return result

    @classmethod
    def from_stored(cls, value: dt.date, precision: str) -> PartialDate:
        """Rebuild from a stored first day and precision."""
        if precision == "year":
            return cls(value.year)
        if precision == "month":
            return cls(value.year, value.month)
        return cls(value.year, value.month, value.day)


@dataclass
class AwardRecord:
    """A grant or cooperative agreement."""

    amount: int | None = None
    label: str | None = None
    fiscal_year: int | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    period_text: str | None = None


@dataclass
class SiteRecord:
    """A place: city and state, or a state alone."""

    city: str | None = None
    state: str | None = None
    role: str | None = None


@dataclass
class ContactRecord:
    """A phone, text short code, TTY, chat or report address, or email."""

    kind: str
    value: str
    display: str | None = None
    label: str | None = None
    hours: str | None = None
    languages: list[str] = field(default_factory=list)


@dataclass
class RelatedRecord:
    """A link to another resource by id."""

    id: str
    relation: str = "related"


#: The yes/no eligibility facts (the ``fact`` vocabulary but ``open_24_7``, which comes
#: from a resource's hours).
ELIGIBILITY_FLAGS = (
    "minors_without_consent",
    "no_police_report",
    "foreign_national_minors",
    "survivor_led",
    "lgbtq_affirming",
    "immigrant_friendly",
    "free_of_charge",
)
#: The oldest age a resource can state it serves.
MAX_AGE = 120


@dataclass
class LocatorRecord:
    """Where on a source some facts of a resource are: the page, a section, an item in it.

    ``fields`` names the resource's fields these facts fill (``awards``, ``summary`` …);
    ``source`` is a key in sources.toml, None for the resource's own source.
    """

    fields: list[str]
    section: str
    source: str | None = None
    item: str | None = None


@dataclass
class EligibilityRecord:
    """Who a resource serves, only as far as a source states it: None (or an empty list)
    is "not stated", never a guess."""

    ages_min: int | None = None
    ages_max: int | None = None
    #: Codes of the ``gender`` vocabulary (girls, boys, transgender_nonbinary).
    genders: list[str] = field(default_factory=list)
    minors_without_consent: bool | None = None
    no_police_report: bool | None = None
    foreign_national_minors: bool | None = None
    survivor_led: bool | None = None
    lgbtq_affirming: bool | None = None
    immigrant_friendly: bool | None = None
    free_of_charge: bool | None = None
    note: str | None = None

    def is_empty(self) -> bool:
        """True when no eligibility fact is known."""
        return all(getattr(self, name) in (None, []) for name in self.__dataclass_fields__)


@dataclass
class ResourceRecord:
    """One resource with every field the catalog knows (the JSON export schema)."""

    id: str
    kind: str
    title: str
    summary: str
    status: str
    source: str
    last_verified: PartialDate
    short_title: str | None = None
    overview: str | None = None
    highlights: str | None = None
    organization: str | None = None
    funder: str | None = None
    publisher: str | None = None
    category: str | None = None
    service_area: str | None = None
    website: str | None = None
    email: str | None = None
    hours: str | None = None
    languages: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    published: PartialDate | None = None
    format: str | None = None
    series: str | None = None
    source_locator: str | None = None
    #: True when the title is the catalog's description, not a name the source gives.
    title_descriptive: bool | None = None
    #: Where each field's facts are on their source (fields no locator names come from
    #: ``source`` at ``source_locator``).
    provenance: list[LocatorRecord] = field(default_factory=list)
    eligibility: EligibilityRecord = field(default_factory=EligibilityRecord)
    awards: list[AwardRecord] = field(default_factory=list)
    sites: list[SiteRecord] = field(default_factory=list)
    contacts: list[ContactRecord] = field(default_factory=list)
    related: list[RelatedRecord] = field(default_factory=list)
    #: A shelter's or safe house's location is confidential: its sites stay on this desk
    #: (see :func:`shared`), and what leaves it says "call for the location".
    location_confidential: bool = False


@dataclass(frozen=True)
class Problem:
    """One validation problem: where (file), which entry, and what is wrong."""

    where: str
    entry: str
    message: str

    def __str__(self) -> str:
        entry = f" [{self.entry}]" if self.entry else ""
        return f"{self.where}{entry}: {self.message}"


@dataclass(frozen=True)
class Vocabularies:
    """The controlled values entries are checked against (facet → known codes).

    The keys of organizations and sources are any set: a streaming reader passes one it
    adds to as it meets new organizations, so each row is checked as soon as it is read."""

    codes: Mapping[str, frozenset[str]]
    organizations: AbstractSet[str] = frozenset()
    sources: AbstractSet[str] = frozenset()

    def knows(self, facet: str, code: str) -> bool:
        """True when ``code`` is a known value of ``facet``."""
        return code in self.codes.get(facet, frozenset())


def is_safe_url(url: str, schemes: Iterable[str] = ("http", "https")) -> bool:
    """True for an absolute URL with one of ``schemes`` and a host (no ``javascript:``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in set(schemes) and bool(parts.netloc) and " " not in url


class _Reader:
    """Reads typed fields out of one raw entry, collecting problems instead of raising."""

    def __init__(self, raw: Mapping[str, Any], where: str, entry: str) -> None:
        self.raw = raw
        self.where = where
        self.entry = entry
        self.problems: list[Problem] = []

    def problem(self, message: str) -> None:
        self.problems.append(Problem(self.where, self.entry, message))

    def text(
        self,
        name: str,
        *,
        required: bool = False,
        limit: int = MAX_TEXT,
        table: Mapping[str, Any] | None = None,
        label: str | None = None,
    ) -> str | None:
        """Read text field ``name`` from ``table`` (a nested table) or the entry itself;
        messages call it ``label`` (``name`` unless given)."""
        shown = label or name
        value = (self.raw if table is None else table).get(name)
        if value is None:
            if required:
                self.problem(f"'{shown}' is required")
            return None
        if not isinstance(value, str):
            self.problem(f"'{shown}' must be text, not {type(value).__name__}")
            return None
        value = value.strip()
        if not value:
            if required:
                self.problem(f"'{shown}' must not be empty")
            return None
        if len(value) > limit:
            self.problem(f"'{shown}' is {len(value)} characters long; the limit is {limit}")
            return None
        if CONTROL_CHARS.search(value):
            self.problem(
                f"'{shown}' contains invisible control or text-direction characters, which "
                f"can make it print differently from how it reads; type it again without them"
            )
            return None
        if name not in MULTILINE_FIELDS and LINE_BREAKS.search(value):
            self.problem(f"'{shown}' must be a single line, without line breaks or tabs")
            return None
        return value

    def integer(self, name: str, raw: Mapping[str, Any], *, minimum: int = 0) -> int | None:
        value = raw.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(f"'{name}' must be a whole number, not {value!r}")
            return None
        if value < minimum or value > 10**12:
            self.problem(f"'{name}' is out of range: {value}")
            return None
        return value

    def boolean(self, name: str, raw: Mapping[str, Any]) -> bool | None:
        value = raw.get(name)
        if value is None or isinstance(value, bool):
            return value
        self.problem(f"'{name}' must be true or false, not {value!r}")
        return None

    def date(
        self, name: str, raw: Mapping[str, Any], *, required: bool = False
    ) -> PartialDate | None:
        value = raw.get(name)
        if value is None:
            if required:
                self.problem(f"'{name}' is required")
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, dt.date):
            value = value.isoformat()
        if not isinstance(value, str):
            self.problem(f'\'{name}\' must be a date such as "2014" or "2014-08"')
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as error:
            self.problem(f"'{name}': {error}")
            return None

    def code(
        self, name: str, facet: str, vocab: Vocabularies, *, required: bool = False
    ) -> str | None:
        value = self.text(name, required=required, limit=100)
        if value is not None and not vocab.knows(facet, value):
            self.problem(f"'{name}' has unknown {facet} {value!r}")
            return None
        return value

    def codes(
        self, name: str, facet: str, vocab: Vocabularies, raw: Mapping[str, Any]
    ) -> list[str]:
        values = raw.get(name, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            self.problem(f"'{name}' must be a list of text values")
            return []
        unknown = [v for v in values if not vocab.knows(facet, v)]
        if unknown:
            self.problem(f"'{name}' has unknown {facet} value(s): {', '.join(map(repr, unknown))}")
        return list(dict.fromkeys(v for v in values if vocab.knows(facet, v)))

    def key(self, name: str, known: AbstractSet[str], what: str) -> str | None:
        value = self.text(name, limit=100)
        if value is not None and value not in known:
            self.problem(f"'{name}' names unknown {what} {value!r}")
            return None
        return value

    def tables(self, name: str) -> list[Mapping[str, Any]]:
        values = self.raw.get(name, [])
        if not isinstance(values, list) or not all(isinstance(v, Mapping) for v in values):
            self.problem(f"'{name}' must be a list of tables")
            return []
        return values


def parse_resource(
    raw: object, where: str, vocab: Vocabularies
) -> tuple[ResourceRecord | None, list[Problem]]:
    """Validate one raw entry and build its record; the record is None if anything is wrong.

    ``where`` names the file (or bundle member) for messages. Every problem is reported, not
    only the first, so that a steward can fix a file in one pass.
    """
    if not isinstance(raw, Mapping):
        return None, [Problem(where, "", "an entry must be a table of fields")]
    entry_id = raw.get("id")
    reader = _Reader(raw, where, entry_id if isinstance(entry_id, str) else "")
    known_fields = set(ResourceRecord.__dataclass_fields__)
    for name in raw:
        if name not in known_fields:
            reader.problem(f"unknown field '{name}'")

    rid = reader.text("id", required=True, limit=200)
    kind = reader.code("kind", "kind", vocab, required=True)
    if rid is not None and not ID_PATTERN.match(rid):
        reader.problem("'id' must look like 'kind/lowercase-words-and-digits'")
    elif rid is not None and kind is not None and rid.split("/", 1)[0] not in (kind, LOCAL_PREFIX):
        reader.problem(f"'id' must start with its kind '{kind}/'")

    website = reader.text("website", limit=2000)
    if website is not None and not is_safe_url(website):
        reader.problem(f"'website' must be an http or https address, not {website!r}")
    email = reader.text("email", limit=320)
    if email is not None and not EMAIL_PATTERN.match(email):
        reader.problem(f"'email' is not an email address: {email!r}")

    eligibility_raw = raw.get("eligibility", {})
    if not isinstance(eligibility_raw, Mapping):
        reader.problem("'eligibility' must be a table")
        eligibility_raw = {}
    eligibility = EligibilityRecord(
        ages_min=reader.integer("ages_min", eligibility_raw),
        ages_max=reader.integer("ages_max", eligibility_raw),
        genders=reader.codes("genders", "gender", vocab, eligibility_raw),
        note=reader.text("note", table=eligibility_raw),
    )
    for flag in ELIGIBILITY_FLAGS:
        setattr(eligibility, flag, reader.boolean(flag, eligibility_raw))
    for bound in ("ages_min", "ages_max"):
        if (age := getattr(eligibility, bound)) is not None and age > MAX_AGE:
            reader.problem(f"'eligibility': {bound} must be an age from 0 to {MAX_AGE}")
            setattr(eligibility, bound, None)
    if (
        eligibility.ages_min is not None
        and eligibility.ages_max is not None
        and eligibility.ages_min > eligibility.ages_max
    ):
        reader.problem("'eligibility': ages_min is greater than ages_max")

    awards = [_parse_award(reader, table) for table in reader.tables("awards")]
    sites = [_parse_site(reader, table) for table in reader.tables("sites")]
    contacts = [c for t in reader.tables("contacts") if (c := _parse_contact(reader, t, vocab))]
    related = [r for t in reader.tables("related") if (r := _parse_related(reader, t))]
    provenance = [p for t in reader.tables("provenance") if (p := _parse_locator(reader, t, vocab))]

    record = ResourceRecord(
        id=rid or "",
        kind=kind or "",
        title=reader.text("title", required=True, limit=MAX_TITLE) or "",
        summary=reader.text("summary", required=True) or "",
        status=reader.code("status", "status", vocab, required=True) or "",
        source=reader.key("source", vocab.sources, "source") or "",
        last_verified=reader.date("last_verified", raw, required=True) or PartialDate(1),
        short_title=reader.text("short_title", limit=MAX_TITLE),
        overview=reader.text("overview"),
        highlights=reader.text("highlights"),
        organization=reader.key("organization", vocab.organizations, "organization"),
        funder=reader.key("funder", vocab.organizations, "organization"),
        publisher=reader.key("publisher", vocab.organizations, "organization"),
        category=reader.code("category", "category", vocab),
        service_area=reader.code("service_area", "service_area", vocab),
        website=website,
        email=email,
        hours=reader.text("hours", limit=200),
        languages=reader.codes("languages", "language", vocab, raw),
        topics=reader.codes("topics", "topic", vocab, raw),
        audiences=reader.codes("audiences", "audience", vocab, raw),
        published=reader.date("published", raw),
        format=reader.text("format", limit=200),
        series=reader.text("series", limit=MAX_TITLE),
        source_locator=reader.text("source_locator", limit=MAX_TITLE),
        title_descriptive=reader.boolean("title_descriptive", raw) or None,
        provenance=provenance,
        eligibility=eligibility,
        awards=awards,
        sites=sites,
        contacts=contacts,
        related=related,
        location_confidential=bool(reader.boolean("location_confidential", raw)),
    )
    return (None if reader.problems else record), reader.problems


def _parse_award(reader: _Reader, raw: Mapping[str, Any]) -> AwardRecord:
    award = AwardRecord(
        amount=reader.integer("amount", raw),
        label=reader.text("label", table=raw, limit=200),
        fiscal_year=reader.integer("fiscal_year", raw, minimum=1900),
        start=reader.date("start", raw),
        end=reader.date("end", raw),
        period_text=reader.text("period_text", table=raw, limit=200),
    )
    if award.start and award.end and award.start.first_day() > award.end.last_day():
        reader.problem(f"award period starts ({award.start}) after it ends ({award.end})")
    return award


def _parse_site(reader: _Reader, raw: Mapping[str, Any]) -> SiteRecord:
    site = SiteRecord(
        city=reader.text("city", table=raw, limit=200),
        state=reader.text("state", table=raw, limit=100),
        role=reader.text("role", table=raw, limit=200),
    )
    if site.state is not None and site.state not in STATE_NAMES:
        reader.problem(
            f"site state must be a two-letter USPS code of a US state or territory (the "
            f"catalog's places are all in the United States), not {site.state!r}"
        )
    if site.city is None and site.state is None:
        reader.problem("a site needs a city or a state")
    return site


def _parse_contact(
    reader: _Reader, raw: Mapping[str, Any], vocab: Vocabularies
) -> ContactRecord | None:
    kind = reader.text("kind", table=raw, limit=10)
    value = reader.text("value", table=raw, limit=2000, label=f"{kind} contact")
    if kind not in CONTACT_KINDS:
        reader.problem(f"contact kind must be one of {', '.join(CONTACT_KINDS)}, not {kind!r}")
        return None
    if value is None:
        reader.problem(f"a {kind} contact needs a value")
        return None
    valid = {
        "phone": PHONE_PATTERN.match(value) is not None,
        "tty": PHONE_PATTERN.match(value) is not None,
        "text": SHORT_CODE_PATTERN.match(value) is not None
        or PHONE_PATTERN.match(value) is not None,
        "chat": is_safe_url(value),
        "report": is_safe_url(value),
        "email": EMAIL_PATTERN.match(value) is not None,
    }[kind]
    if not valid:
        reader.problem(f"{kind} contact has an invalid value {value!r}")
        return None
    return ContactRecord(
        kind=kind,
        value=value,
        display=reader.text("display", table=raw, limit=100),
        label=reader.text("label", table=raw, limit=200),
        hours=reader.text("hours", table=raw, limit=200),
        languages=reader.codes("languages", "language", vocab, raw),
    )


def _parse_related(reader: _Reader, raw: Mapping[str, Any]) -> RelatedRecord | None:
    rid = reader.text("id", table=raw, limit=200)
    relation = reader.text("relation", table=raw, limit=20) or "related"
    if rid is None or not ID_PATTERN.match(rid):
        reader.problem(f"related id {rid!r} is not a resource id")
        return None
    if relation not in RELATIONS:
        reader.problem(f"unknown relation {relation!r}; use one of {', '.join(RELATIONS)}")
        return None
    return RelatedRecord(id=rid, relation=relation)


def _parse_locator(
    reader: _Reader, raw: Mapping[str, Any], vocab: Vocabularies
) -> LocatorRecord | None:
    names = raw.get("fields")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        reader.problem("a provenance locator needs 'fields', a list of field names")
        return None
    unknown = [n for n in names if n not in FACT_FIELDS]
    if unknown:
        reader.problem(f"provenance names unknown field(s): {', '.join(map(repr, unknown))}")
        return None
    section = reader.text("section", table=raw, limit=MAX_TITLE)
    if section is None:
        reader.problem(f"the provenance locator of {', '.join(names)} needs a 'section'")
        return None
    source = reader.text("source", table=raw, limit=100)
    if source is not None and source not in vocab.sources:
        reader.problem(f"provenance names unknown source {source!r}")
        return None
    return LocatorRecord(
        fields=list(names),
        section=section,
        source=source,
        item=reader.text("item", table=raw, limit=MAX_TITLE),
    )


def check_links(records: Iterable[ResourceRecord], where: Mapping[str, str]) -> list[Problem]:
    """Problems across records: duplicate ids and related ids that do not exist.

    ``where`` maps each id to the file it came from, for messages.
    """
    problems: list[Problem] = []
    seen: set[str] = set()
    items = list(records)
    for record in items:
        if record.id in seen:
            problems.append(Problem(where.get(record.id, "?"), record.id, "duplicate id"))
        seen.add(record.id)
    for record in items:
        for link in record.related:
            if link.id not in seen:
                problems.append(
                    Problem(
                        where.get(record.id, "?"),
                        record.id,
                        f"related id {link.id!r} does not exist",
                    )
                )
            elif link.id == record.id:
                problems.append(Problem(where.get(record.id, "?"), record.id, "relates to itself"))
    return problems


@dataclass
class OrganizationRecord:
    """A grantee, publisher, operator or funder, referred to by key."""

    key: str
    name: str
    acronym: str | None = None
    website: str | None = None
    city: str | None = None
    state: str | None = None


@dataclass
class SourceRecord:
    """A document facts come from; ``as_of`` is when its content was current."""

    key: str
    title: str
    url: str | None = None
    publisher: str | None = None
    as_of: PartialDate | None = None
    note: str | None = None


@dataclass
class VocabularyEntry:
    """A controlled value with its labels, in display order."""

    facet: str
    code: str
    label: str
    label_es: str | None = None
    position: int = 0


def parse_organization(raw: object, where: str) -> tuple[OrganizationRecord | None, list[Problem]]:
    """Validate one ``[[organization]]`` table."""
    if not isinstance(raw, Mapping):
        return None, [Problem(where, "", "an organization must be a table")]
    key = raw.get("key")
    reader = _Reader(raw, where, key if isinstance(key, str) else "")
    for name in raw:
        if name not in OrganizationRecord.__dataclass_fields__:
            reader.problem(f"unknown field '{name}'")
    record = OrganizationRecord(
        key=reader.text("key", required=True, limit=100) or "",
        name=reader.text("name", required=True, limit=MAX_TITLE) or "",
        acronym=reader.text("acronym", limit=40),
        website=reader.text("website", limit=2000),
        city=reader.text("city", limit=200),
        state=reader.text("state", limit=100),
    )
    if record.key and not KEY_PATTERN.match(record.key):
        reader.problem("'key' must be lowercase words and digits joined by dashes")
    if record.website is not None and not is_safe_url(record.website):
        reader.problem(f"'website' must be an http or https address, not {record.website!r}")
    if record.state is not None and record.state not in STATE_NAMES:
        reader.problem(
            f"'state' must be a two-letter USPS code of a US state or territory, "
            f"not {record.state!r}"
        )
    return (None if reader.problems else record), reader.problems


def parse_source(raw: object, where: str) -> tuple[SourceRecord | None, list[Problem]]:
    """Validate one ``[[source]]`` table."""
    if not isinstance(raw, Mapping):
        return None, [Problem(where, "", "a source must be a table")]
    key = raw.get("key")
    reader = _Reader(raw, where, key if isinstance(key, str) else "")
    for name in raw:
        if name not in SourceRecord.__dataclass_fields__:
            reader.problem(f"unknown field '{name}'")
    record = SourceRecord(
        key=reader.text("key", required=True, limit=100) or "",
        title=reader.text("title", required=True, limit=MAX_TITLE) or "",
        url=reader.text("url", limit=2000),
        publisher=reader.text("publisher", limit=MAX_TITLE),
        as_of=reader.date("as_of", raw),
        note=reader.text("note"),
    )
    if record.key and not KEY_PATTERN.match(record.key):
        reader.problem("'key' must be lowercase words and digits joined by dashes")
    if record.url is not None and not is_safe_url(record.url):
        reader.problem(f"'url' must be an http or https address, not {record.url!r}")
    return (None if reader.problems else record), reader.problems


def provenance_json(locators: Sequence[LocatorRecord]) -> str | None:
    """Locators as the JSON text the catalog database stores (None for none)."""
    return json.dumps([_plain(locator) for locator in locators]) if locators else None


def provenance_from_json(text: str | None) -> list[LocatorRecord]:
    """Locators back from :func:`provenance_json`."""
    return [LocatorRecord(**item) for item in json.loads(text)] if text else []


def _plain(value: Any) -> Any:
    """JSON-ready form of a record field: dates as text, empty values dropped by callers."""
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        return {
            name: _plain(item)
            for name in value.__dataclass_fields__
            if (item := getattr(value, name)) is not None and item not in ([], {})
        }
    return value


def record_to_dict(record: Any) -> dict[str, Any]:
    """A record (resource, organization or source) as the plain mapping of the JSON export
    and the TOML files; :func:`parse_resource` reads it back to an equal record."""
    data = _plain(record)
    assert isinstance(data, dict)
    if not data.get("eligibility"):
        data.pop("eligibility", None)
    if data.get("location_confidential") is False:
        data.pop("location_confidential")  # the default, omitted as the TOML files omit it
    return data


def shared(record: ResourceRecord) -> ResourceRecord:
    """``record`` as it may leave the desk (exports, bundles, sheets, "Copy"): without its
    sites when its location is confidential. The flag itself is kept, so that the desk
    that reads it knows to ask callers to call for the location."""
    return replace(record, sites=[]) if record.location_confidential else record
