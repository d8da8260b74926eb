"""How a resource reads: amounts, periods, places, staleness, and its details as sections.

:func:`detail_sections` turns a :class:`ResourceDetail` into plain data (sections of labelled
values with optional links) that the CLI prints as text, "Copy" puts on the clipboard, and
the window renders as escaped rich text: one description, several faces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from csec_desktop.catalog.content.eligibility import FACTS, lower_first, stated_facts
from csec_desktop.catalog.content.records import (
    AwardRecord,
    ContactRecord,
    PartialDate,
    SiteRecord,
    shared,
)

if TYPE_CHECKING:
    from csec_desktop.catalog.storage.reader import ResourceDetail

MONTHS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
DEFAULT_STALE_MONTHS = 12
CONTACT_LABELS = {
    "phone": "Call",
    "text": "Text",
    "tty": "TTY",
    "chat": "Chat",
    "report": "Report online",
    "email": "Email",
}
RELATION_LABELS = {
    "part_of": "Part of",
    "has_part": "Includes",
    "site_of": "Site of",
    "has_site": "Site",
    "award_of": "Award of",
    "has_award": "Award",
    "curriculum_of": "Curriculum of",
    "has_curriculum": "Curriculum",
    "related": "Related",
}


#: What the detail view says of a title the catalog made up (``title_descriptive``).
DESCRIPTIVE_TITLE = "(descriptive title) the catalog's description; the source gives no name"
#: How the Sources section names the fields a provenance locator covers.
FACT_LABELS = {
    "awards": "award",
    "sites": "places",
    "eligibility": "who it is for",
    "contacts": "contact",
    "published": "publication date",
}
#: What the detail view says of the source of a resource the agency added itself.
LOCAL_SOURCE = "Added by your agency (local resource)"


def format_amount(amount: int) -> str:
    """Whole dollars with thousands separators: ``$1,335,659``."""
    return f"${amount:,}"


def format_partial(value: PartialDate) -> str:
    """``2006``, ``Dec 2006`` or ``5 Dec 2006`` — as precise as it is known, no more."""
    if value.month is None:
        return str(value.year)
    month = MONTHS[value.month - 1]
    return f"{value.day} {month} {value.year}" if value.day else f"{month} {value.year}"


def format_period(award: AwardRecord) -> str:
    """An award's project period, from its parsed dates, else the source's own words."""
    if award.start or award.end:
        start = format_partial(award.start) if award.start else "?"
        end = format_partial(award.end) if award.end else "?"
        return f"{start}–{end}"
    return award.period_text or ""


#: Service areas a place line names when a resource has no sites.
WIDE_AREAS = ("national", "international")


def site_text(site: SiteRecord) -> str:
    """``New York, NY``, ``Connecticut`` as a state code, or a city alone."""
    return ", ".join(part for part in (site.city, site.state) if part)


def place_text(sites: Iterable[SiteRecord], limit: int = 3) -> str:
    """A short place line: the first sites and how many more ("" for none)."""
    names = list(dict.fromkeys(site_text(s) for s in sites if site_text(s)))
    if not names:
        return ""
    shown = "; ".join(names[:limit])
    return shown + (f" +{len(names) - limit}" if len(names) > limit else "")


def subtitle(detail: ResourceDetail) -> str:
    """The line under a resource's title: its kind and where it is ("Hotline · National",
    "Program · New York, NY"), named by the labels ``detail`` carries (the window puts
    its language's there). A resource without sites says its service area only when it
    reaches past one place (national, international)."""
    record = detail.record
    wide = record.service_area if record.service_area in WIDE_AREAS else None
    place = place_text(record.sites) or detail.label("service_area", wide)
    return " · ".join(part for part in (detail.label("kind", record.kind), place) if part)


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from ``earlier`` to ``later``."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def is_stale(
    last_verified: PartialDate, today: dt.date | None = None, months: int = DEFAULT_STALE_MONTHS
) -> bool:
    """True when the facts were last confirmed more than ``months`` ago (counting from the
    end of the verified period, so "2008" is not held against the source before 2009)."""
    today = today or dt.date.today()
    return months_between(last_verified.last_day(), today) > months


def contact_text(contact: ContactRecord) -> str:
    """``1-800-THE-LOST (1-800-843-5678)``, the display alone when it shows the value
    (``312-555-0100 ext. 204``), or the value alone."""
    if contact.display and contact.display.startswith(contact.value):
        return contact.display
    if contact.display:
        return f"{contact.display} ({contact.value})"
    return contact.value


def contact_link(contact: ContactRecord) -> str | None:
    """The link a contact opens: ``tel:`` for phones and TTY, ``sms:`` never (short codes
    differ by carrier), ``mailto:`` for email, the address itself for chat and reports."""
    if contact.kind in {"phone", "tty"}:
        return "tel:" + "".join(ch for ch in contact.value if ch.isdigit() or ch == "+")
    if contact.kind == "email":
        return "mailto:" + contact.value
    if contact.kind in {"chat", "report"}:
        return contact.value
    return None


@dataclass(frozen=True)
class Field:
    """One labelled value; ``link`` is an address the value opens (http, https, tel, mailto)."""

    label: str
    value: str
    link: str | None = None
    #: A related resource's id, for "go to" navigation inside the application.
    target: str | None = None
    #: True when the value is a caution the reader must not miss (stale facts).
    warning: bool = False
    #: True when the label is a site's role as the catalog gives it (its own words, which
    #: a face shows as they are), not one of the details' labels.
    role: bool = False


@dataclass(frozen=True)
class Section:
    """A titled group of fields, or a paragraph when ``text`` is set."""

    title: str
    fields: list[Field] = field(default_factory=list)
    text: str | None = None


def _nonempty(*fields: Field) -> list[Field]:
    return [f for f in fields if f.value]


#: What stands for a confidential location wherever it would leave the desk.
CALL_FOR_LOCATION = "Confidential: call for the location"
#: How the desk's own detail view marks a confidential location it shows.
CONFIDENTIAL_ON_DESK = "Confidential: never printed, copied or exported"


def detail_sections(
    detail: ResourceDetail,
    today: dt.date | None = None,
    stale_months: int = DEFAULT_STALE_MONTHS,
    *,
    on_desk: bool = False,
) -> list[Section]:
    """Everything known about a resource, as sections in reading order.

    A confidential location is shown (and marked) only ``on_desk``, the window's own
    detail view; text that may leave the desk ("Copy", ``show``) says to call for it.
    """
    record = detail.record if on_desk else shared(detail.record)
    sections: list[Section] = []

    about = _nonempty(
        Field("Kind", detail.label("kind", record.kind)),
        Field("Organization", detail.organization.name if detail.organization else ""),
        Field("Funder", detail.funder.name if detail.funder else ""),
        Field("Publisher", detail.publisher.name if detail.publisher else ""),
        Field("Category", detail.label("category", record.category)),
        Field("Status", detail.label("status", record.status)),
        Field("Service area", detail.label("service_area", record.service_area)),
    )
    if record.title_descriptive:
        about.insert(0, Field("Title", DESCRIPTIVE_TITLE))
    sections.append(Section("About", about))
    sections.append(Section("Summary", text=record.summary))

    contacts = [
        Field(
            c.label or CONTACT_LABELS.get(c.kind, c.kind), _contact_line(c, detail), contact_link(c)
        )
        for c in record.contacts
    ]
    contacts += _nonempty(
        Field("Website", record.website or "", record.website),
        Field("Email", record.email or "", f"mailto:{record.email}" if record.email else None),
        Field("Hours", record.hours or ""),
        Field("Languages", ", ".join(detail.label("language", code) for code in record.languages)),
    )
    if contacts:
        sections.append(Section("Contact", contacts))

    for position, award in enumerate(record.awards, start=1):
        title = "Award" if len(record.awards) == 1 else f"Award {position}"
        period = format_period(award)
        # The source's own wording is shown only where it says more than the parsed dates.
        wording = award.period_text if award.period_text != period else None
        sections.append(
            Section(
                title,
                _nonempty(
                    Field(
                        "Amount", format_amount(award.amount) if award.amount is not None else ""
                    ),
                    Field("Project period", period),
                    Field("As the source puts it", wording or ""),
                    Field("Note", award.label or ""),
                    Field("Fiscal year", str(award.fiscal_year or "")),
                ),
            )
        )

    places = [
        Field(s.role, site_text(s), role=True) if s.role else Field("Site", site_text(s))
        for s in record.sites
    ]
    if record.location_confidential:
        text = CONFIDENTIAL_ON_DESK if on_desk else CALL_FOR_LOCATION
        places.append(Field("Location", text, warning=True))
    if places:
        sections.append(Section("Places", places))

    publication = _nonempty(
        Field("Published", format_partial(record.published) if record.published else ""),
        Field("Format", record.format or ""),
        Field("Series", record.series or ""),
    )
    if publication:
        sections.append(Section("Publication", publication))

    if record.overview:
        sections.append(Section("Overview", text=record.overview))
    if record.highlights:
        sections.append(Section("Highlights", text=record.highlights))

    eligibility = record.eligibility
    facts = stated_facts(record)
    unknown = [
        *(["ages"] if eligibility.ages_min is None and eligibility.ages_max is None else []),
        *(["genders"] if not eligibility.genders else []),
        *(["languages"] if not record.languages else []),
        *(lower_first(detail.label("fact", fact)) for fact in FACTS if fact not in facts),
    ]
    who = _nonempty(
        Field("Audiences", ", ".join(detail.label("audience", a) for a in record.audiences)),
        Field("Topics", ", ".join(detail.label("topic", t) for t in record.topics)),
        Field("Ages", _ages(eligibility.ages_min, eligibility.ages_max)),
        Field("Genders", ", ".join(detail.label("gender", g) for g in eligibility.genders)),
        *(Field(detail.label("fact", fact), _yes_no(facts.get(fact))) for fact in FACTS),
        Field("Eligibility", eligibility.note or ""),
        # Unknown is said, never guessed: the caseworker sees what to ask.
        Field("Not stated", ", ".join(unknown)),
    )
    if who:
        sections.append(Section("Who it is for", who))

    if detail.related:
        sections.append(
            Section(
                "Related",
                [
                    Field(RELATION_LABELS.get(r.relation, "Related"), r.title, target=r.id)
                    for r in detail.related
                ],
            )
        )

    verified = format_partial(record.last_verified)
    stale = is_stale(record.last_verified, today, stale_months)
    if stale:
        verified += f" — older than {stale_months} months; confirm before relying on it"
    source = detail.source
    sections.append(
        Section(
            "Sources",
            _nonempty(
                Field(
                    "Source",
                    source.title
                    if source
                    else (LOCAL_SOURCE if detail.is_local else record.source),
                    source.url if source else None,
                ),
                Field("Section", record.source_locator or ""),
                *_locator_fields(detail),
                Field("Information verified", verified, warning=stale),
                Field("Id", record.id),
            ),
        )
    )
    return sections


def _locator_fields(detail: ResourceDetail) -> list[Field]:
    """One line per provenance locator: which facts, and where on which source they are."""
    lines = []
    for locator in detail.record.provenance:
        cited = detail.cited.get(locator.source or "") or detail.source
        place = [cited.title if cited else locator.source or detail.record.source]
        place += [locator.section, locator.item or ""]
        facts = ", ".join(FACT_LABELS.get(name, name.replace("_", " ")) for name in locator.fields)
        lines.append(Field(facts, " › ".join(p for p in place if p)))
    return lines


def _contact_line(contact: ContactRecord, detail: ResourceDetail) -> str:
    extras = [contact.hours or ""]
    extras.append(", ".join(detail.label("language", code) for code in contact.languages))
    extra = " · ".join(e for e in extras if e)
    return contact_text(contact) + (f" ({extra})" if extra else "")


def _ages(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return ""
    if low is None:
        return f"{high} or younger"
    if high is None:
        return f"{low} or older"
    return f"{low}–{high}"


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def detail_text(
    detail: ResourceDetail, today: dt.date | None = None, stale_months: int = DEFAULT_STALE_MONTHS
) -> str:
    """The details as plain text (the CLI's ``show`` and the window's "Copy")."""
    lines = [detail.record.title, "=" * min(len(detail.record.title), 78)]
    for section in detail_sections(detail, today, stale_months):
        lines.append("")
        lines.append(section.title)
        if section.text:
            lines.append(section.text)
        for item in section.fields:
            value = item.value
            if item.link and item.link not in value and not item.link.startswith("tel:"):
                value += f" <{item.link}>"
            lines.append(f"  {item.label}: {value}")
    return "\n".join(lines)
