"""The line under the search bar: what a search did beyond matching every word ("did you
mean", a relaxed query, the kinds and place understood, nearest first), in the window's
language, from the parts the search result gives (``SearchResult.notice_parts``)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from csec_desktop.ui.i18n import current_language
from csec_desktop.ui.qt import QCoreApplication
from csec_desktop.ui.sentences import say

if TYPE_CHECKING:
    from csec_desktop.catalog.search import SearchResult


def _typed(words: str) -> str:
    # Marked before escaping, so that the typed words' own text is escaped too.
    return f"\x00{words}\x01"


def notice_html(result: SearchResult) -> str:
    """The notices of ``result`` as one line of rich text: escaped, the words the person
    typed in italics ("" when the search did nothing beyond matching)."""
    parts = result.notice_parts(current_language())
    said = " ".join(say(sentence, _typed) for sentence in parts)
    return html.escape(said).replace("\x00", "<i>").replace("\x01", "</i>")


def type_a_word() -> str:
    """What a query of filler words alone gets instead of results."""
    # Said after a search, so the search package (and numpy) is loaded by then; importing
    # it with this module would load them before the window's first frame.
    from csec_desktop.catalog.search.result import TYPE_A_WORD

    return QCoreApplication.translate("SearchNotices", TYPE_A_WORD)
