"""What a search returns: the matching ids in order, the first page's rows, and why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from csec_desktop.catalog.content.client_needs import ClientNeeds
from csec_desktop.catalog.content.geo import Near
from csec_desktop.catalog.content.sentence import (
    QT_TRANSLATE_NOOP,
    Sentence,
    Typed,
    Value,
    and_list,
)
from csec_desktop.catalog.content.states import said_in, state_name
from csec_desktop.catalog.hits import Hit
from csec_desktop.catalog.search.nearby import EVERYWHERE, NOT_STATED, STATEWIDE, WITHIN, Arranged
from csec_desktop.catalog.search.query import ParsedQuery
from csec_desktop.catalog.search.understanding import Understanding

# The context of the notices' templates, for the window's translations.
CONTEXT = "SearchNotices"
# What an empty query of filler words gets, instead of results.
TYPE_A_WORD = QT_TRANSLATE_NOOP("SearchNotices", "Type a word that describes the help you need.")
# How the kinds a query asks for are named in "… first".
KIND_PLURALS = {
    "program": QT_TRANSLATE_NOOP("SearchNotices", "Programs"),
    "training": QT_TRANSLATE_NOOP("SearchNotices", "Trainings"),
    "hotline": QT_TRANSLATE_NOOP("SearchNotices", "Hotlines"),
    "publication": QT_TRANSLATE_NOOP("SearchNotices", "Publications"),
    "website": QT_TRANSLATE_NOOP("SearchNotices", "Websites"),
    "organization": QT_TRANSLATE_NOOP("SearchNotices", "Organizations"),
}
KINDS_FIRST = QT_TRANSLATE_NOOP("SearchNotices", "{kinds} first.")
# A relaxed query ({typed}: its words; {kept}: those the first results match).
NONE_MATCH_ALL_KEPT = QT_TRANSLATE_NOOP(
    "SearchNotices", "No resource matches all of {typed} — showing those that match {kept}."
)
NONE_MATCH_ALL = QT_TRANSLATE_NOOP(
    "SearchNotices",
    "No resource matches all of {typed} — showing those that fit what you asked for.",
)
ONE_MATCHES_ALL = QT_TRANSLATE_NOOP(
    "SearchNotices",
    "Only one resource matches all of {typed}; the others shown match fewer of its words.",
)
SOME_MATCH_ALL = QT_TRANSLATE_NOOP(
    "SearchNotices",
    "Only {count} match all of {typed}; the others shown match fewer of its words.",
)
# A place named in the query.
PLACE_FIRST = QT_TRANSLATE_NOOP("SearchNotices", "Resources in {place} first, then national ones.")
STATE_FIRST = QT_TRANSLATE_NOOP(
    "SearchNotices",
    "Nothing in {place} itself — resources in {state} first, then national ones.",
)
NOTHING_IN_PLACE = QT_TRANSLATE_NOOP(
    "SearchNotices", "Nothing in {place} — national resources shown."
)
# A search near the client's place ({then}: the tiers after the nearest, in a list).
NEAREST = QT_TRANSLATE_NOOP(
    "SearchNotices", "Nearest to {where} first ({count} within {miles} miles)."
)
NEAREST_THEN = QT_TRANSLATE_NOOP(
    "SearchNotices", "Nearest to {where} first ({count} within {miles} miles), then {then}."
)
NOTHING_NEAR = QT_TRANSLATE_NOOP("SearchNotices", "Nothing within {miles} miles of {where}.")
NOTHING_NEAR_SHOWING = QT_TRANSLATE_NOOP(
    "SearchNotices", "Nothing within {miles} miles of {where} — showing {then}."
)
NEAR_STATEWIDE = QT_TRANSLATE_NOOP("SearchNotices", "{count} for all of {state}")
NEAR_NATIONAL = QT_TRANSLATE_NOOP("SearchNotices", "{count} national")
NEAR_NOT_STATED = QT_TRANSLATE_NOOP("SearchNotices", "{count} whose place is not stated")


@dataclass(eq=False)
class SearchResult:
    """Every matching resource id in order, and display rows for the first of them.

    ``hits`` (the first page) are there at once. ``ids`` and ``total`` may be counted on
    first use: a query with very many matches has its first page read without them (see
    :meth:`SearchEngine.search`), so a caller can show it before the count is known.
    Counting needs the engine that made the result still open on the same catalog; after
    :meth:`SearchEngine.reload` it raises :class:`SearchIndexError`.

    How the query was understood: ``understanding`` (filler, intent and place words set
    aside); ``relaxed`` when fewer than a handful of resources match all the words
    (``strict_total`` of them) and those that match some follow, ``matched_terms`` being
    what the first of those matches and ``dropped_terms`` what it does not;
    ``place_found`` whether the first result is in the place the query names (None: it
    names none). :meth:`notices` says it in sentences.
    """

    query: ParsedQuery
    suggestion: str | None = None
    corrected: bool = False
    hits: list[Hit] = field(default_factory=list)
    counted: np.ndarray | None = field(default=None, repr=False)
    count: Callable[[], np.ndarray] | None = field(default=None, repr=False)
    understanding: Understanding | None = None
    # The words (units: a word, phrase, OR group or synonym run) every match must have.
    terms: tuple[str, ...] = ()
    relaxed: bool = False
    strict_total: int | None = None
    matched_terms: tuple[str, ...] = ()
    dropped_terms: tuple[str, ...] = ()
    place_found: bool | None = None
    # The state first results are in when the city named has none.
    state_found: str | None = None
    # A search near a client's place: the place and radius, and each result's distance.
    near: Near | None = None
    nearby: Arranged | None = field(default=None, repr=False)
    # What the client needs, when the results were narrowed for a client, and what a
    # resource (by id) states about those needs.
    client: ClientNeeds | None = None
    # What resource ``rid`` states about the client's needs, in a language (a code).
    explain: Callable[[int, str], list[str]] | None = field(default=None, repr=False)

    def fit(self, hit: Hit, language: str = "en") -> str:
        """Why ``hit`` fits the client, for its result row: how far it is and what it
        states about the client's needs ("1.1 mi · ages 12–17 · Spanish"), in
        ``language`` (a code); "" for a search for no client."""
        said = [
            self.reach(hit, language),
            *(self.explain(hit.id, language) if self.explain else []),
        ]
        return " · ".join(part for part in said if part)

    def reach(self, hit: Hit, language: str = "en") -> str:
        """How far ``hit`` is from the place searched near ("3.2 mi", "serves Georgia",
        "serves everywhere", "place not stated"), in ``language`` (a code); "" for a
        search near no place."""
        if self.nearby is None or self.near is None:
            return ""
        return self.nearby.reach(hit.id, self.near.origin.state, language)

    @property
    def ids(self) -> np.ndarray:
        """Every matching id, in the result's order (int64)."""
        if self.counted is None:
            if self.count is None:
                raise ValueError("a search result needs its ids or a way to count them")
            self.counted = self.count()
            self.count = None
        return self.counted

    @property
    def total(self) -> int:
        """How many resources match."""
        return len(self.ids)

    def notices(self, emphasize: Callable[[str], str] = str) -> list[str]:
        """:meth:`notice_parts` in English, one sentence each; ``emphasize`` marks the
        words the person typed."""
        return [sentence.say(emphasize=emphasize) for sentence in self.notice_parts()]

    def notice_parts(self, language: str = "en") -> list[Sentence]:
        """What the search did beyond matching every word, one sentence each, for the line
        above the results (the window says them in its language: ``ui/search_notices.py``;
        the states they name are named in ``language``, a code, by their own table)."""
        understood = self.understanding
        if understood is None:
            return []
        if understood.only_filler:
            return [Sentence(CONTEXT, TYPE_A_WORD)]
        said: list[Sentence] = []
        if self.relaxed:
            typed = Typed(" ".join(self.terms))
            if not self.strict_total:
                kept = [Typed(t) for t in self.matched_terms]
                template = NONE_MATCH_ALL_KEPT if kept else NONE_MATCH_ALL
                said.append(Sentence(CONTEXT, template, {"typed": typed, "kept": kept}))
            elif self.strict_total == 1:
                said.append(Sentence(CONTEXT, ONE_MATCHES_ALL, {"typed": typed}))
            else:
                count = self.strict_total
                said.append(Sentence(CONTEXT, SOME_MATCH_ALL, {"count": count, "typed": typed}))
        if understood.kinds and self.hits:
            kinds = [Sentence(CONTEXT, KIND_PLURALS.get(k, k)) for k in understood.kinds]
            said.append(Sentence(CONTEXT, KINDS_FIRST, {"kinds": and_list(kinds)}))
        if understood.places and self.hits:
            place = Typed(said_in(understood.place_name, language))
            if self.place_found:
                said.append(Sentence(CONTEXT, PLACE_FIRST, {"place": place}))
            elif self.state_found:
                state = Typed(said_in(self.state_found, language))
                said.append(Sentence(CONTEXT, STATE_FIRST, {"place": place, "state": state}))
            else:
                said.append(Sentence(CONTEXT, NOTHING_IN_PLACE, {"place": place}))
        if self.near is not None and self.nearby is not None:
            said.append(self._near_notice(language))
        return said

    def _near_notice(self, language: str) -> Sentence:
        """ "Nearest to 30303 (Atlanta, GA) first (4 within 25 miles), then 2 for all of
        Georgia and 5 national ones." — naming only what the list holds."""
        assert self.near is not None and self.nearby is not None
        where = Typed(self.near.origin.label)
        state = state_name(self.near.origin.state, language)
        tiers = np.bincount(self.nearby.tier.astype(np.int64), minlength=NOT_STATED + 1)
        then: list[Value] = [
            Sentence(CONTEXT, template, {"count": int(tiers[tier]), "state": state})
            for tier, template in (
                (STATEWIDE, NEAR_STATEWIDE),
                (EVERYWHERE, NEAR_NATIONAL),
                (NOT_STATED, NEAR_NOT_STATED),
            )
            if tiers[tier]
        ]
        values: dict[str, Value] = {"where": where, "miles": f"{self.near.miles:g}"}
        if tiers[WITHIN]:
            values["count"] = int(tiers[WITHIN])
            if then:
                values["then"] = and_list(then)
            return Sentence(CONTEXT, NEAREST_THEN if then else NEAREST, values)
        if then:
            values["then"] = and_list(then)
            return Sentence(CONTEXT, NOTHING_NEAR_SHOWING, values)
        return Sentence(CONTEXT, NOTHING_NEAR, values)


class SearchIndexError(Exception):
    """The catalog has no (or an unreadable) search index; rebuild the catalog."""
