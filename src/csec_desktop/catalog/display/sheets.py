"""A resource sheet as a document: chosen resources and options in, HTML and images out.

The sheet is what a caseworker hands a client, so it is laid out for reading in a hurry:
each resource's name, who runs it, its numbers with their hours, its web address (with a
QR code), where it is, whom it serves as its source states it (the facts its result row
gives: ages, languages, "no police report required" …), and when its facts were last
verified. The HTML uses only what ``QTextDocument`` renders (tables, inline styles in
``pt``, images by name); the UI and the CLI render it through the same
``render/sheet.py``. No Qt here.

Every catalog string is escaped with :func:`html.escape`. Labels exist in English and
Spanish; catalog text stays as the catalog has it. A resource id the catalog no longer
has is printed as missing, never raised.

A discreet sheet (``SheetOptions.discreet``, "to give to a young person") prints a neutral
title and each resource only under its curated discreet name and description
(``catalog/content/discreet.py``): numbers, and web addresses and QR codes only when the address
is neutral. A resource without discreet texts is left off (``SheetDocument.left_off``),
and a finished sheet with any deny-listed word in its text, its QR codes or its metadata
is refused, never made.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal, get_args

from sqlalchemy import Engine

from csec_desktop.catalog.content import discreet as discreet_texts
from csec_desktop.catalog.content import spanish as spanish_texts
from csec_desktop.catalog.content.discreet import DenyList, DiscreetText, DiscreetTexts
from csec_desktop.catalog.content.eligibility import FIT_WORDS, FIT_WORDS_ES, stated, why_it_fits
from csec_desktop.catalog.content.hours import IN_ENGLISH, hours_text
from csec_desktop.catalog.content.records import (
    LOCAL_PREFIX,
    ContactRecord,
    PartialDate,
    is_safe_url,
    shared,
)
from csec_desktop.catalog.content.sentence import (
    QT_TRANSLATE_NOOP,
    Sentence,
    SentenceError,
)
from csec_desktop.catalog.display.presentation import (
    contact_text,
    format_partial,
    is_stale,
    place_text,
)
from csec_desktop.catalog.storage import reader

Language = Literal["en", "es"]
Layout = Literal["compact", "detailed"]
Paper = Literal["letter", "a4"]

MAX_TITLE = 200
MAX_AGENCY_FIELD = 200
MAX_NOTE = 2_000
# Contact kinds printed on a sheet, in this order (chat and report addresses are web pages).
SHEET_CONTACTS = ("phone", "text", "tty", "chat", "report", "email")
# Contact kinds a hotline shows in the hotlines block.
HOTLINE_CONTACTS = ("phone", "text", "tty")
# Hotlines the hotlines block lists at most, so that it stays a short block on the page.
SHEET_HOTLINES = 8

LABELS: dict[Language, dict[str, str]] = {
    "en": {
        "default_title": "Resources",
        "discreet_title": "Helpful numbers",
        "phone": "Phone",
        "text": "Text",
        "tty": "TTY",
        "chat": "Chat",
        "report": "Report online",
        "email": "Email",
        "hours": "Hours",
        "spanish_spoken": "Spanish spoken",
        "website": "Website",
        "place": "Where",
        "fits": "Good to know",
        "ages": FIT_WORDS["ages"],
        "ages_from": FIT_WORDS["ages_from"],
        "ages_to": FIT_WORDS["ages_to"],
        "confidential_place": "Call for the location",
        "verified": "Information verified",
        "source": "Source",
        "spanish_source": "Spanish text from",
        "stale": "may be out of date; confirm before relying on it",
        "hotlines": "Hotlines",
        "missing": "This resource is no longer in the catalog",
        "empty": "No resources were chosen for this sheet.",
        "printed": "Printed {date}",
        "page": "Page {page} of {pages}",
    },
    "es": {
        "default_title": "Recursos",
        "discreet_title": "Números útiles",
        "phone": "Teléfono",
        "text": "Mensaje de texto",
        "tty": "TTY",
        "chat": "Chat",
        "report": "Denuncia en línea",
        "email": "Correo electrónico",
        "hours": "Horario",
        "spanish_spoken": "Atención en español",
        "website": "Sitio web",
        "place": "Lugar",
        "fits": "A tener en cuenta",
        "ages": FIT_WORDS_ES["ages"],
        "ages_from": FIT_WORDS_ES["ages_from"],
        "ages_to": FIT_WORDS_ES["ages_to"],
        "confidential_place": "Llame para saber la ubicación",
        "verified": "Información verificada",
        "source": "Fuente",
        "spanish_source": "Texto en español de",
        "stale": "puede estar desactualizada; confírmela antes de usarla",
        "hotlines": "Líneas de ayuda",
        "missing": "Este recurso ya no está en el catálogo",
        "empty": "No se eligieron recursos para esta hoja.",
        "printed": "Impreso el {date}",
        "page": "Página {page} de {pages}",
    },
}
MONTHS_ES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip

# The user setting that holds the agency header ({"name", "phone", "address"}), entered once.
AGENCY_SETTING = "sheet.agency"
# The user setting that holds the sheet being composed ({"slugs", "title", "note",
# "options"}), rewritten on every change so that a crash or a kill loses none of it.
WORKING_SHEET_SETTING = "sheet.working"

# The application, as a PDF's "Creator" names it (a discreet sheet's names no subject).
APPLICATION_NAME = "CSEC Resource Desk"
DISCREET_APPLICATION_NAME = "Resource Desk"
_MUTED = "#4a5563"
_SHADE = "#eef1f4"
_WARN = "#8a4b00"


# What :class:`SheetError` says (``content/sentence.py``).
CONTEXT = "Sheets"
TITLE_TOO_LONG = QT_TRANSLATE_NOOP("Sheets", "A sheet title can be at most {most} characters long.")
AGENCY_TOO_LONG = QT_TRANSLATE_NOOP(
    "Sheets", "Each agency header field can be at most {most} characters long."
)
NOTE_TOO_LONG = QT_TRANSLATE_NOOP("Sheets", "The note can be at most {most} characters long.")
NOT_A_CHOICE = QT_TRANSLATE_NOOP("Sheets", "The sheet's {name} must be {allowed}.")
NOTHING_DISCREET = QT_TRANSLATE_NOOP(
    "Sheets",
    "No resource on this discreet sheet has a discreet name yet, so it would print nothing; "
    "add a hotline or turn the hotlines block on.",
)
DISCREET_UNREADABLE = QT_TRANSLATE_NOOP(
    "Sheets",
    "The discreet names cannot be read, so no discreet sheet can be made: {problem}.",
)
DENIED_TYPED = QT_TRANSLATE_NOOP(
    "Sheets",
    "A discreet sheet never prints “{word}”: reword the {what}, or make the sheet an ordinary one.",
)
DENIED_PRINTED = QT_TRANSLATE_NOOP(
    "Sheets", "The discreet sheet would print “{word}”, so it was not made."
)
# The typed parts of a sheet a denied word can be found in.
TYPED_PARTS = {
    "title": QT_TRANSLATE_NOOP("Sheets", "title"),
    "note": QT_TRANSLATE_NOOP("Sheets", "note"),
    "agency header": QT_TRANSLATE_NOOP("Sheets", "agency header"),
}


class SheetError(SentenceError):
    """Sheet options that cannot be honoured, in one sentence (its parts in ``sentence``,
    so that the window says it in its language)."""

    context = CONTEXT


@dataclass(frozen=True)
class SheetOptions:
    """How a sheet looks: its title, the agency header, a note and the layout choices.

    The agency header and the note are printed as typed; the UI asks that nothing in them
    identifies a client.
    """

    title: str = ""
    agency_name: str = ""
    agency_phone: str = ""
    agency_address: str = ""
    note: str = ""
    hotlines: bool = True
    large_print: bool = False
    layout: Layout = "compact"
    qr_codes: bool = True
    language: Language = "en"
    paper: Paper = "letter"
    # "To give to a young person": neutral title, names and metadata (see the module).
    discreet: bool = False

    def validate(self) -> None:
        """Raise :class:`SheetError` when a text is too long or a choice is unknown."""
        if len(self.title) > MAX_TITLE:
            raise SheetError.of(TITLE_TOO_LONG, most=MAX_TITLE)
        for name in ("agency_name", "agency_phone", "agency_address"):
            if len(getattr(self, name)) > MAX_AGENCY_FIELD:
                raise SheetError.of(AGENCY_TOO_LONG, most=MAX_AGENCY_FIELD)
        if len(self.note) > MAX_NOTE:
            raise SheetError.of(NOTE_TOO_LONG, most=MAX_NOTE)
        for name, kind in (("layout", Layout), ("language", Language), ("paper", Paper)):
            if getattr(self, name) not in get_args(kind):
                # Codes, as the command line and saved sheets spell them.
                allowed = " or ".join(get_args(kind))
                raise SheetError.of(NOT_A_CHOICE, name=name, allowed=allowed)

    def choices(self) -> dict[str, Any]:
        """The layout choices alone (no title, note or agency), as saved with a sheet."""
        return {
            k: v
            for k, v in asdict(self).items()
            if k not in {"title", "note", "agency_name", "agency_phone", "agency_address"}
        }

    def with_choices(self, choices: Mapping[str, Any]) -> SheetOptions:
        """A copy with the known, well-typed ``choices`` applied; anything else is ignored,
        so options saved by another version never stop a sheet from opening."""
        defaults = SheetOptions()
        result = self
        for key, value in choices.items():
            if key not in self.choices() or not isinstance(value, type(getattr(defaults, key))):
                continue
            candidate = replace(result, **{key: value})
            try:
                candidate.validate()
            except SheetError:
                continue
            result = candidate
        return result


def with_agency(options: SheetOptions, stored: Any) -> SheetOptions:
    """``options`` with the agency header from the stored setting (ignored if malformed)."""
    if not isinstance(stored, dict):
        return options

    def text(key: str, current: str) -> str:
        value = stored.get(key)
        return value[:MAX_AGENCY_FIELD] if isinstance(value, str) else current

    return replace(
        options,
        agency_name=text("name", options.agency_name),
        agency_phone=text("phone", options.agency_phone),
        agency_address=text("address", options.agency_address),
    )


@dataclass(frozen=True)
class SheetMetadata:
    """What a PDF file says about itself (its document information)."""

    title: str
    author: str
    creator: str


@dataclass(frozen=True)
class SheetDocument:
    """A sheet ready to render: HTML, the PNG images it names, and its footer text."""

    html: str
    # Image name (as in ``<img src=…>``) → PNG bytes.
    images: dict[str, bytes]
    options: SheetOptions
    printed: dt.date
    # The requested ids the catalog no longer has (shown as missing on the sheet).
    missing: tuple[str, ...] = ()
    # Base font size in points, for the renderer's footer.
    base_pt: float = 10.0
    # The title as printed at the top of the sheet.
    title: str = ""
    # The requested ids a discreet sheet left off, having no discreet texts for them.
    left_off: tuple[str, ...] = ()
    # The ids a Spanish discreet sheet printed under their English discreet texts.
    in_english: tuple[str, ...] = ()

    def metadata(self) -> SheetMetadata:
        """The file's title (the printed one), author (the agency) and creator."""
        return SheetMetadata(
            title=self.title or LABELS[self.options.language]["default_title"],
            author=self.options.agency_name,
            creator=DISCREET_APPLICATION_NAME if self.options.discreet else APPLICATION_NAME,
        )

    def footer(self, page: int, pages: int) -> tuple[str, str]:
        """The footer's left (date printed) and right (page number) texts for ``page``."""
        language = self.options.language
        printed = PartialDate(self.printed.year, self.printed.month, self.printed.day)
        return (
            LABELS[language]["printed"].format(date=format_date(printed, language)),
            LABELS[language]["page"].format(page=page, pages=pages),
        )


def format_date(value: PartialDate, language: Language = "en") -> str:
    """A partial date as precise as it is known, in English or Spanish."""
    if language == "en":
        return format_partial(value)
    if value.month is None:
        return str(value.year)
    month = f"{MONTHS_ES[value.month - 1]} de {value.year}"
    return f"{value.day} de {month}" if value.day else month


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


@functools.lru_cache(maxsize=256)
def qr_png(url: str) -> bytes:
    """A QR code for ``url`` as PNG, one pixel per module with the standard 4-module quiet
    zone. The renderer enlarges it without smoothing to over 300 dpi, so it prints sharp;
    enlarging there is far cheaper than writing a large PNG here. Cached: the same
    addresses come back on every preview and save of a sheet."""
    import segno  # imported here: only sheets need it

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=1, border=4)
    return out.getvalue()


def one_value(values: Iterable[str | None]) -> str | None:
    """The value all of ``values`` share, or None when they differ or there is none."""
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else None


def hotline_slugs(engine: Engine) -> list[str]:
    """The hotlines a sheet lists: nationwide ones first, at most :data:`SHEET_HOTLINES`."""
    return reader.hotline_slugs(engine, SHEET_HOTLINES)


class _Builder:
    """Accumulates one sheet's HTML and images."""

    def __init__(
        self,
        engine: Engine,
        options: SheetOptions,
        today: dt.date,
        details: Mapping[str, reader.ResourceDetail],
        discreet: DiscreetTexts | None = None,
    ) -> None:
        self.details = details
        # Operators' own Spanish summaries (on a Spanish sheet).
        self.spanish_texts = spanish_texts.bundled_texts() if options.language == "es" else None
        # The ids a Spanish discreet sheet printed under their English discreet texts.
        self.in_english: list[str] = []
        # The discreet texts on a discreet sheet, else None.
        self.discreet = discreet
        # The web addresses encoded as QR codes, in order.
        self.qr_targets: list[str] = []
        self.options = options
        self.today = today
        self.labels = LABELS[options.language]
        self.scale = 1.4 if options.large_print else 1.0
        self.base = (10.0 if options.layout == "compact" else 11.0) * self.scale
        self.qr_px = round((84 if options.layout == "compact" else 96) * self.scale)
        self.images: dict[str, bytes] = {}
        vocabulary = reader.vocabulary(engine) if options.language == "es" else []
        self.spanish = {(v.facet, v.code): v.label_es or v.label for v in vocabulary}

    def pt(self, factor: float) -> str:
        return f"{self.base * factor:.1f}pt"

    def label(self, detail: reader.ResourceDetail, facet: str, code: str | None) -> str:
        if self.options.language == "es" and code is not None:
            return self.spanish.get((facet, code), detail.label(facet, code))
        return detail.label(facet, code)

    def qr(self, url: str) -> str:
        name = f"qr/{len(self.images)}.png"
        self.images[name] = qr_png(url)
        self.qr_targets.append(url)
        return f'<img src="{_e(name)}" width="{self.qr_px}" height="{self.qr_px}">'

    def hours(self, hours: str | None) -> str:
        """Hours as written in the catalog, read into the sheet's language."""
        return hours_text(hours, self.options.language) if hours else ""

    def english(self, text: str) -> str:
        """Catalog text the sheet has only in English, marked so on a Spanish sheet."""
        return f"{text} {IN_ENGLISH}" if self.options.language == "es" else text

    def contact_line(
        self, contact: ContactRecord, detail: reader.ResourceDetail, hours: bool = True
    ) -> str:
        label = self.labels.get(contact.kind, contact.kind)
        extras = [self.hours(contact.hours) if hours else ""]
        extras.append(", ".join(self.label(detail, "language", c) for c in contact.languages))
        extra = " · ".join(e for e in extras if e)
        value = f"<b>{_e(contact_text(contact))}</b>"
        if extra:
            value += f" ({_e(extra)})"
        return f"{_e(label)}: {value}"

    def line(self, text: str, size: float = 1.0, color: str | None = None) -> str:
        style = f"margin: 0px; font-size: {self.pt(size)};"
        if color:
            style += f" color: {color};"
        return f'<p style="{style}">{text}</p>'

    def discreet_text(self, slug: str) -> DiscreetText | None:
        """What a discreet sheet prints for ``slug``; None when it has no discreet texts.

        A Spanish sheet falls back to the English discreet texts (reviewed as neutral as
        the Spanish ones), marked "(en inglés)"; never to the resource's own title.
        """
        assert self.discreet is not None
        text = self.discreet.text(slug, self.options.language)
        if text is not None or self.options.language == "en":
            return text
        english = self.discreet.text(slug, "en")
        if english is None:
            return None
        if slug not in self.in_english:
            self.in_english.append(slug)
        return DiscreetText(english.name, self.english(english.description))

    def address(self, url: str | None) -> str | None:
        """``url`` when this sheet may print it: a web address, neutral on a discreet sheet."""
        if self.discreet is not None:
            return discreet_texts.neutral_address(url, self.discreet.deny)
        return url if url and is_safe_url(url) else None

    def printable(self, contact: ContactRecord, website: str | None) -> bool:
        """Whether ``contact`` goes on the sheet."""
        # A chat at the resource's own web address is already printed as its website.
        if contact.kind not in SHEET_CONTACTS or (
            contact.kind == "chat" and contact.value == website
        ):
            return False
        if self.discreet is None or contact.kind in discreet_texts.NUMBER_KINDS:
            return True
        return self.discreet.deny.is_clean(contact.value) and (
            contact.kind == "email" or self.address(contact.value) is not None
        )

    def fits(self, detail: reader.ResourceDetail) -> str:
        """Why the resource fits, as its result row says it (ages, languages, "no police
        report required" …): only what its source states, nothing of any client. A
        discreet sheet leaves off a fact whose wording it never prints."""
        said = why_it_fits(
            stated(detail.record),
            lambda facet, code: self.label(detail, facet, code),
            words=self.labels,
        )
        if self.discreet is not None:
            said = [fact for fact in said if self.discreet.deny.is_clean(fact)]
        return " · ".join(said)

    def resource(self, slug: str) -> str | None:
        """The resource's block, or None when the catalog has no such id (or, on a discreet
        sheet, no discreet texts for it)."""
        detail = self.details.get(slug)
        if detail is None:
            return None
        record = shared(detail.record)
        if self.discreet is None:
            lines = [self.line(f"<b>{_e(record.title)}</b>", 1.25)]
            who = [detail.organization.name if detail.organization else ""]
            who.append(self.label(detail, "kind", record.kind))
            lines.append(self.line(_e(" · ".join(w for w in who if w)), 0.95, _MUTED))
        else:
            text = self.discreet_text(slug)
            if text is None:
                return None
            lines = [
                self.line(f"<b>{_e(text.name)}</b>", 1.25),
                self.line(_e(text.description), 0.95, _MUTED),
            ]
        contacts = [c for c in record.contacts if self.printable(c, record.website)]
        # Hours that every number shares are printed once, not after each number.
        shared_hours = one_value(c.hours for c in contacts) if len(contacts) > 1 else None
        for contact in contacts:
            lines.append(self.line(self.contact_line(contact, detail, not shared_hours)))
        hours = shared_hours or (
            record.hours if not any(c.hours for c in record.contacts) else None
        )
        if hours:
            lines.append(self.line(f"{_e(self.labels['hours'])}: {_e(self.hours(hours))}"))
        website = self.address(record.website)
        # An address already printed as a contact ("Report online") keeps only its QR code.
        if website and website not in {c.value for c in contacts}:
            link = f'<a href="{_e(website)}">{_e(website)}</a>'
            lines.append(self.line(f"{_e(self.labels['website'])}: {link}"))
        place = place_text(record.sites) or (
            self.label(detail, "service_area", record.service_area) if record.service_area else ""
        )
        if record.location_confidential:
            place = self.labels["confidential_place"]
        if place:
            lines.append(self.line(f"{_e(self.labels['place'])}: {_e(place)}"))
        fits = self.fits(detail)
        if fits:
            lines.append(self.line(f"{_e(self.labels['fits'])}: {_e(fits)}"))
        if self.options.layout == "detailed" and record.summary and self.discreet is None:
            lines += self.summary(slug, record.summary)
        verified = (
            f"{_e(self.labels['verified'])}: "
            f"{_e(format_date(record.last_verified, self.options.language))}"
        )
        stale = is_stale(record.last_verified, self.today)
        if stale:
            verified += f" — {_e(self.labels['stale'])}"
        lines.append(self.line(verified, 0.85, _WARN if stale else _MUTED))
        if detail.source and self.discreet is None:  # where the facts come from; not discreet
            # Every source the catalog cites is an English page.
            source = f"{_e(self.labels['source'])}: {_e(self.english(detail.source.title))}"
            lines.append(self.line(source, 0.85, _MUTED))
        qr = self.qr(website) if website and self.options.qr_codes else ""
        return self._block("".join(lines), qr)

    def summary(self, slug: str, summary: str) -> list[str]:
        """The summary paragraph: the operator's own Spanish text on a Spanish sheet when it
        publishes one (with where it was read), else the catalog's English one, marked."""
        spanish = self.spanish_texts.text(slug) if self.spanish_texts else None
        text = spanish.summary if spanish else self.english(summary)
        lines = [f'<p style="margin: 3px 0px 0px 0px; font-size: {self.pt(1.0)};">{_e(text)}</p>']
        if spanish:
            checked = format_date(PartialDate(*map(int, spanish.checked.split("-"))), "es")
            where = f"{self.labels['spanish_source']}: {spanish.source_url} ({checked})"
            lines.append(self.line(_e(where), 0.85, _MUTED))
        return lines

    def missing(self, slug: str) -> str:
        """What stands in for a resource the catalog no longer has."""
        text = f"<b>{_e(self.labels['missing'])}</b> ({_e(slug)})"
        return self._block(self.line(text, 1.0, _WARN), "")

    def _block(self, text: str, qr: str) -> str:
        # One table per resource, so the renderer can keep a resource on one page.
        cell = f'<td width="{self.qr_px + 8}" align="right" valign="top">{qr}</td>' if qr else ""
        return (
            '<table width="100%" cellspacing="0" cellpadding="0" '
            'style="margin-top: 0px; margin-bottom: 10px;">'
            f'<tr><td valign="top">{text}</td>{cell}</tr></table>'
        )

    def hotlines(self, slugs: Sequence[str]) -> str:
        rows = []
        for slug in slugs:
            detail = self.details.get(slug)
            if detail is None:
                continue
            name = detail.record.title
            if self.discreet is not None:
                text = self.discreet_text(slug)
                if text is None:
                    continue
                name = text.name
            if "es" in detail.record.languages:
                name += f" · {self.labels['spanish_spoken']}"
            contacts = [c for c in detail.record.contacts if c.kind in HOTLINE_CONTACTS]
            if not contacts:
                continue
            shared_hours = one_value(c.hours for c in contacts)
            numbers = [
                f"{_e(self.labels[c.kind])} <b>{_e(contact_text(c))}</b>"
                + (f" ({_e(self.hours(c.hours))})" if c.hours and not shared_hours else "")
                for c in contacts
            ]
            reach = " · ".join(numbers)
            if shared_hours:
                reach += f" — {_e(self.hours(shared_hours))}"
            rows.append(
                f'<tr><td style="font-size: {self.pt(0.95)};">{_e(name)}</td>'
                f'<td style="font-size: {self.pt(0.95)};">{reach}</td></tr>'
            )
        if not rows:
            return ""
        # The heading is the table's first row, so that it never stays behind on a page.
        heading = (
            f'<tr><td colspan="2" bgcolor="{_SHADE}" style="font-size: {self.pt(1.15)};">'
            f"<b>{_e(self.labels['hotlines'])}</b></td></tr>"
        )
        return (
            '<table width="100%" cellspacing="0" cellpadding="4" border="1" '
            'style="margin-top: 6px; border-collapse: collapse; border-color: #b8c0c8; '
            f'border-style: solid;">{heading}{"".join(rows)}</table>'
        )

    def title(self) -> str:
        """The title printed at the top (the options' own, or the default)."""
        default = "discreet_title" if self.discreet is not None else "default_title"
        return self.options.title.strip() or self.labels[default]

    def header(self) -> str:
        options = self.options
        parts = []
        agency = [
            f"<b>{_e(options.agency_name)}</b>" if options.agency_name else "",
            _e(options.agency_phone),
            _e(options.agency_address),
        ]
        if any(agency):
            parts.append(self.line(" · ".join(a for a in agency if a), 0.95, _MUTED))
        parts.append(
            f'<p style="margin: 4px 0px 8px 0px; font-size: {self.pt(1.8)};">'
            f"<b>{_e(self.title())}</b></p>"
        )
        if options.note.strip():
            # A shaded box, so the agency's own words read apart from the catalog's.
            paragraphs = [p.strip() for p in options.note.split("\n\n") if p.strip()]
            text = "".join(
                f'<p style="margin: 0px; font-size: {self.pt(1.0)};">'
                f"{_e(p).replace(chr(10), '<br>')}</p>"
                for p in paragraphs
            )
            parts.append(
                '<table width="100%" cellspacing="0" cellpadding="6" '
                f'style="margin-bottom: 12px;"><tr><td bgcolor="{_SHADE}">{text}</td></tr></table>'
            )
        return "".join(parts)


def build_sheet(
    engine: Engine,
    slugs: Sequence[str],
    options: SheetOptions,
    today: dt.date | None = None,
    *,
    discreet: DiscreetTexts | None = None,
    local_discreet: object = None,
) -> SheetDocument:
    """The sheet for ``slugs`` (in order, duplicates dropped) from the catalog ``engine``.

    Raises :class:`SheetError` for invalid options; unknown ids are printed as missing. A
    discreet sheet uses ``discreet`` (by default the texts installed with the application)
    and leaves off what has none; it raises :class:`SheetError` when the typed title, note
    or agency header has a deny-listed word, or the installed texts cannot be read.
    ``local_discreet`` is the stored setting of the discreet names a steward gave local
    resources (:data:`discreet.LOCAL_SETTING`); a local resource without one is left off.
    """
    options.validate()
    texts = _discreet(options, discreet)
    if texts is not None and local_discreet:
        texts = discreet_texts.local_texts(texts, local_discreet)[0]
    today = today or dt.date.today()
    chosen = list(dict.fromkeys(slugs))
    # Hotlines already on the sheet are not repeated in the hotlines block.
    hotlines = [s for s in hotline_slugs(engine) if s not in chosen] if options.hotlines else []
    details = reader.resource_details(engine, chosen + hotlines)
    builder = _Builder(engine, options, today, details, texts)
    body = [builder.header()]
    missing = []
    left_off = []
    for slug in chosen:
        block = builder.resource(slug)
        if block is None and texts is not None:
            left_off.append(slug)  # never printed, not even as missing: its id may tell
            continue
        if block is None:
            missing.append(slug)
            block = builder.missing(slug)
        body.append(block)
    block = builder.hotlines(hotlines)
    if texts is not None:
        left_off += [s for s in hotlines if s in details and builder.discreet_text(s) is None]
    if len(body) == 1 and not block:
        if texts is not None and left_off:
            raise SheetError.of(NOTHING_DISCREET)
        body.append(builder.line(_e(builder.labels["empty"])))
    body.append(block)
    document = (
        f'<html><body style="font-size: {builder.pt(1.0)}; color: #111111;">'
        f"{''.join(body)}</body></html>"
    )
    sheet = SheetDocument(
        html=document,
        images=builder.images,
        options=options,
        printed=today,
        missing=tuple(missing),
        base_pt=builder.base,
        title=builder.title(),
        left_off=tuple(left_off),
        in_english=tuple(builder.in_english),
    )
    if texts is not None:
        _refuse_denied(sheet, builder.qr_targets, texts.deny)
    return sheet


def _discreet(options: SheetOptions, given: DiscreetTexts | None) -> DiscreetTexts | None:
    """The discreet texts a sheet with ``options`` uses (None for an ordinary sheet), after
    checking what the caseworker typed against their deny-list."""
    if not options.discreet:
        return None
    if given is None:
        given, problems = discreet_texts.bundled_texts()
        if problems:
            raise SheetError.of(DISCREET_UNREADABLE, problem=str(problems[0]))
    for what, text in (
        ("title", options.title),
        ("note", options.note),
        ("agency header", f"{options.agency_name} {options.agency_phone} {options.agency_address}"),
    ):
        found = given.deny.found(text)
        if found:
            what_typed = Sentence(CONTEXT, TYPED_PARTS[what])
            raise SheetError.of(DENIED_TYPED, word=found[0], what=what_typed)
    return given


_TAG = re.compile(r"<[^>]*>")
_HREF = re.compile(r'href="([^"]*)"')


def _refuse_denied(sheet: SheetDocument, qr_targets: Sequence[str], deny: DenyList) -> None:
    """Raise :class:`SheetError` when a discreet sheet would print a deny-listed word in its
    text, links, QR codes, footer or metadata (the last guard: none should get this far)."""
    metadata = sheet.metadata()
    parts = [
        html.unescape(_TAG.sub(" ", sheet.html)),
        *(html.unescape(link) for link in _HREF.findall(sheet.html)),
        *qr_targets,
        *sheet.footer(1, 1),
        metadata.title,
        metadata.author,
        metadata.creator,
    ]
    found = deny.found(" \n ".join(parts))
    if found:
        raise SheetError.of(DENIED_PRINTED, word=found[0])


def left_off_note(engine: Engine, sheet: SheetDocument) -> str:
    """For the caseworker (never printed): what a discreet sheet left off, and why, and
    what a Spanish one printed under its English discreet name."""
    titles = reader.titles(engine, (*sheet.left_off, *sheet.in_english))

    def names(slugs: Sequence[str]) -> str:
        return ", ".join(f"“{titles.get(slug, slug)}”" for slug in slugs)

    notes = []
    if sheet.left_off:
        count = len(sheet.left_off)
        noun = "resource has" if count == 1 else "resources have"
        notes.append(
            f"Left off the discreet sheet: {count} {noun} no discreet name yet "
            f"({names(sheet.left_off)})."
        )
        if any(slug.startswith(f"{LOCAL_PREFIX}/") for slug in sheet.left_off):
            notes.append(
                "A data steward gives a local resource its discreet name with "
                "“csec-catalog local discreet ID --name … --description …”."
            )
    if sheet.in_english:
        notes.append(
            "Printed with its English discreet name, having no Spanish one yet: "
            f"{names(sheet.in_english)}."
        )
    return " ".join(notes)


def sheet_language(code: str) -> tuple[Language, str]:
    """The sheet language for a code such as ``es``, ``es-MX`` or ``ES_us``, and, for a
    language a sheet has no labels in, the sentence that says English labels are used."""
    base = code.strip().replace("_", "-").split("-")[0].casefold()
    for language in get_args(Language):
        if base == language:
            return language, ""
    return "en", (
        f"Sheets have no labels in the language “{code}” (only en, English, and es, "
        "Spanish), so this one uses English labels."
    )


def options_to_json(options: SheetOptions) -> str:
    """The layout choices of ``options`` as JSON (what a saved sheet keeps)."""
    return json.dumps(options.choices(), ensure_ascii=False, sort_keys=True)


def options_from_json(text: str, title: str = "", note: str = "") -> SheetOptions:
    """Options from saved JSON; unreadable or unknown values fall back to the defaults."""
    try:
        choices = json.loads(text)
    except ValueError:
        choices = {}
    base = SheetOptions(title=title, note=note)
    return base.with_choices(choices if isinstance(choices, dict) else {})
