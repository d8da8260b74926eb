"""The detail view's own words in the window's language.

``catalog/display/presentation.py`` (no Qt) names the sections and fields of a resource's details
in English, for the CLI and "Copy" as well; the window shows those names, and the few whole
values it writes itself (yes, no, a confidential location), through :func:`detail_word`.
They are marked here, in the ``Details`` context, for ``pyside6-lupdate``. Catalog text is
never translated: a field whose value is not one of VALUES is shown as it is.
"""

from __future__ import annotations

import re

from csec_desktop.ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Details"
# Section titles and field labels that presentation.detail_sections writes.
LABELS = frozenset(
    {
        QT_TRANSLATE_NOOP("Details", "About"),
        QT_TRANSLATE_NOOP("Details", "Summary"),
        QT_TRANSLATE_NOOP("Details", "Contact"),
        QT_TRANSLATE_NOOP("Details", "Award"),
        QT_TRANSLATE_NOOP("Details", "Places"),
        QT_TRANSLATE_NOOP("Details", "Publication"),
        QT_TRANSLATE_NOOP("Details", "Overview"),
        QT_TRANSLATE_NOOP("Details", "Highlights"),
        QT_TRANSLATE_NOOP("Details", "Who it is for"),
        QT_TRANSLATE_NOOP("Details", "Related"),
        QT_TRANSLATE_NOOP("Details", "Sources"),
        QT_TRANSLATE_NOOP("Details", "Title"),
        QT_TRANSLATE_NOOP("Details", "Kind"),
        QT_TRANSLATE_NOOP("Details", "Organization"),
        QT_TRANSLATE_NOOP("Details", "Funder"),
        QT_TRANSLATE_NOOP("Details", "Publisher"),
        QT_TRANSLATE_NOOP("Details", "Category"),
        QT_TRANSLATE_NOOP("Details", "Status"),
        QT_TRANSLATE_NOOP("Details", "Service area"),
        QT_TRANSLATE_NOOP("Details", "Call"),
        QT_TRANSLATE_NOOP("Details", "Text"),
        QT_TRANSLATE_NOOP("Details", "TTY"),
        QT_TRANSLATE_NOOP("Details", "Chat"),
        QT_TRANSLATE_NOOP("Details", "Report online"),
        QT_TRANSLATE_NOOP("Details", "Email"),
        QT_TRANSLATE_NOOP("Details", "Website"),
        QT_TRANSLATE_NOOP("Details", "Hours"),
        QT_TRANSLATE_NOOP("Details", "Languages"),
        QT_TRANSLATE_NOOP("Details", "Amount"),
        QT_TRANSLATE_NOOP("Details", "Project period"),
        QT_TRANSLATE_NOOP("Details", "As the source puts it"),
        QT_TRANSLATE_NOOP("Details", "Note"),
        QT_TRANSLATE_NOOP("Details", "Fiscal year"),
        QT_TRANSLATE_NOOP("Details", "Site"),
        QT_TRANSLATE_NOOP("Details", "Location"),
        QT_TRANSLATE_NOOP("Details", "Published"),
        QT_TRANSLATE_NOOP("Details", "Format"),
        QT_TRANSLATE_NOOP("Details", "Series"),
        QT_TRANSLATE_NOOP("Details", "Audiences"),
        QT_TRANSLATE_NOOP("Details", "Topics"),
        QT_TRANSLATE_NOOP("Details", "Ages"),
        QT_TRANSLATE_NOOP("Details", "Genders"),
        QT_TRANSLATE_NOOP("Details", "Eligibility"),
        QT_TRANSLATE_NOOP("Details", "Not stated"),
        QT_TRANSLATE_NOOP("Details", "Source"),
        QT_TRANSLATE_NOOP("Details", "Section"),
        QT_TRANSLATE_NOOP("Details", "Information verified"),
        QT_TRANSLATE_NOOP("Details", "Id"),
        QT_TRANSLATE_NOOP("Details", "Part of"),
        QT_TRANSLATE_NOOP("Details", "Includes"),
        QT_TRANSLATE_NOOP("Details", "Site of"),
        QT_TRANSLATE_NOOP("Details", "Award of"),
        QT_TRANSLATE_NOOP("Details", "Curriculum of"),
        QT_TRANSLATE_NOOP("Details", "Curriculum"),
    }
)
# Whole values that presentation.detail_sections writes (not catalog text).
VALUES = frozenset(
    {
        QT_TRANSLATE_NOOP("Details", "Yes"),
        QT_TRANSLATE_NOOP("Details", "No"),
        QT_TRANSLATE_NOOP("Details", "National"),
        QT_TRANSLATE_NOOP("Details", "International"),
        QT_TRANSLATE_NOOP("Details", "Added by your agency (local resource)"),
        QT_TRANSLATE_NOOP("Details", "Confidential: never printed, copied or exported"),
        QT_TRANSLATE_NOOP(
            "Details", "(descriptive title) the catalog's description; the source gives no name"
        ),
    }
)
# What a site is to its resource: the short roles the curated data gives sites (a label
# for the site, not prose; a role not listed here: OTHER_ROLE).
ROLES = frozenset(
    {
        QT_TRANSLATE_NOOP("Details", "services"),
        QT_TRANSLATE_NOOP("Details", "study site"),
        QT_TRANSLATE_NOOP("Details", "project site"),
        QT_TRANSLATE_NOOP("Details", "pilot site"),
        QT_TRANSLATE_NOOP("Details", "demonstration site"),
        QT_TRANSLATE_NOOP("Details", "grantee"),
        QT_TRANSLATE_NOOP("Details", "technical assistance"),
        QT_TRANSLATE_NOOP("Details", "curriculum delivery"),
        QT_TRANSLATE_NOOP("Details", "prevention education"),
        QT_TRANSLATE_NOOP("Details", "statewide"),
        QT_TRANSLATE_NOOP("Details", "statewide expansion"),
    }
)
# A role not in ROLES (a local resource's, a partner's, or a rarer curated one) is the
# catalog's own words, never translated: in English it is the label as it is; in
# another language the label names it a site in that language and keeps the words
# beside ("Sede (Fulton County initiative)"), so that no label is left in English.
OTHER_ROLE = QT_TRANSLATE_NOOP("Details", "{role}")
# Words of the comma-separated lists the details write: the facts a source locator
# covers (field names, presentation.FACT_LABELS) and what a resource does not state.
LIST_WORDS = frozenset(
    {
        QT_TRANSLATE_NOOP("Details", "title"),
        QT_TRANSLATE_NOOP("Details", "summary"),
        QT_TRANSLATE_NOOP("Details", "overview"),
        QT_TRANSLATE_NOOP("Details", "highlights"),
        QT_TRANSLATE_NOOP("Details", "organization"),
        QT_TRANSLATE_NOOP("Details", "funder"),
        QT_TRANSLATE_NOOP("Details", "publisher"),
        QT_TRANSLATE_NOOP("Details", "status"),
        QT_TRANSLATE_NOOP("Details", "category"),
        QT_TRANSLATE_NOOP("Details", "kind"),
        QT_TRANSLATE_NOOP("Details", "hours"),
        QT_TRANSLATE_NOOP("Details", "website"),
        QT_TRANSLATE_NOOP("Details", "email"),
        QT_TRANSLATE_NOOP("Details", "topics"),
        QT_TRANSLATE_NOOP("Details", "audiences"),
        QT_TRANSLATE_NOOP("Details", "award"),
        QT_TRANSLATE_NOOP("Details", "places"),
        QT_TRANSLATE_NOOP("Details", "who it is for"),
        QT_TRANSLATE_NOOP("Details", "contact"),
        QT_TRANSLATE_NOOP("Details", "publication date"),
        QT_TRANSLATE_NOOP("Details", "ages"),
        QT_TRANSLATE_NOOP("Details", "genders"),
        QT_TRANSLATE_NOOP("Details", "languages"),
    }
)
# Values presentation.detail_sections writes with a fact in them.
TEMPLATES = (
    QT_TRANSLATE_NOOP(
        "Details", "{date} — older than {months} months; confirm before relying on it"
    ),
    QT_TRANSLATE_NOOP("Details", "{age} or younger"),
    QT_TRANSLATE_NOOP("Details", "{age} or older"),
)
# presentation.MONTHS, as dates are written ("Dec 2006", "5 Dec 2006").
MONTHS = (
    QT_TRANSLATE_NOOP("Details", "Jan"),
    QT_TRANSLATE_NOOP("Details", "Feb"),
    QT_TRANSLATE_NOOP("Details", "Mar"),
    QT_TRANSLATE_NOOP("Details", "Apr"),
    QT_TRANSLATE_NOOP("Details", "May"),
    QT_TRANSLATE_NOOP("Details", "Jun"),
    QT_TRANSLATE_NOOP("Details", "Jul"),
    QT_TRANSLATE_NOOP("Details", "Aug"),
    QT_TRANSLATE_NOOP("Details", "Sep"),
    QT_TRANSLATE_NOOP("Details", "Oct"),
    QT_TRANSLATE_NOOP("Details", "Nov"),
    QT_TRANSLATE_NOOP("Details", "Dec"),
)
# "Award 2": a numbered title.
_NUMBERED = re.compile(r"(.+) (\d+)")
_MONTH_YEAR = re.compile(rf"\b({'|'.join(MONTHS)}) (\d{{4}})\b")
_PATTERNS = [
    (re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(template))), template)
    for template in TEMPLATES
]


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def detail_word(text: str) -> str:
    """``text`` (a section title, a field label or a value of the details) in the window's
    language when it is one of the details' own words, or holds them (a date's month, a
    list of field names); otherwise, as catalog text, as it is."""
    numbered = _NUMBERED.fullmatch(text)
    if numbered and numbered[1] in LABELS:
        return f"{_tr(numbered[1])} {numbered[2]}"
    if text in LABELS or text in VALUES:
        return _tr(text)
    for pattern, template in _PATTERNS:
        if found := pattern.fullmatch(text):
            return _tr(template).format(**{k: detail_word(v) for k, v in found.groupdict().items()})
    pieces = text.split(", ")
    if any(piece in LIST_WORDS for piece in pieces):
        return ", ".join(_tr(piece) if piece in LIST_WORDS else piece for piece in pieces)
    return _MONTH_YEAR.sub(lambda found: f"{_tr(found[1])} {found[2]}", text)


def site_role(role: str) -> str:
    """A site's role (the label of its place in the details) in the window's language:
    one of :data:`ROLES` translated, any other as :data:`OTHER_ROLE` says it."""
    if role in ROLES:
        return _tr(role)
    return _tr(OTHER_ROLE).format(role=role)
