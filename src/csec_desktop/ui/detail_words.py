"""The detail view's own words in the window's language.

``catalog/presentation.py`` (no Qt) names the sections and fields of a resource's details
in English, for the CLI and "Copy" as well; the window shows those names, and the few whole
values it writes itself (yes, no, a confidential location), through :func:`detail_word`.
They are marked here, in the ``Details`` context, for ``pyside6-lupdate``. Catalog text is
never translated: a field whose value is not one of VALUES is shown as it is.
"""

from __future__ import annotations

import re

from csec_desktop.ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Details"
#: Section titles and field labels that presentation.detail_sections writes.
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
#: Whole values that presentation.detail_sections writes (not catalog text).
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
#: "Award 2": a numbered title.
_NUMBERED = re.compile(r"(.+) (\d+)")


def detail_word(text: str) -> str:
    """``text`` (a section title, a field label or a value of the details) in the window's
    language when it is one of the details' own words; otherwise as it is."""
    numbered = _NUMBERED.fullmatch(text)
    if numbered and numbered[1] in LABELS:
        return f"{QCoreApplication.translate(CONTEXT, numbered[1])} {numbered[2]}"
    if text in LABELS or text in VALUES:
        return QCoreApplication.translate(CONTEXT, text)
    return text
