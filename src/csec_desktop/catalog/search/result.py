"""What a search returns: the matching ids in order, the first page's rows, and why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from csec_desktop.catalog.content.geo import Near
from csec_desktop.catalog.content.states import STATE_NAMES
from csec_desktop.catalog.hits import Hit
from csec_desktop.catalog.search.client import ClientNeeds
from csec_desktop.catalog.search.nearby import EVERYWHERE, NOT_STATED, STATEWIDE, WITHIN, Arranged
from csec_desktop.catalog.search.query import ParsedQuery
from csec_desktop.catalog.search.understanding import Understanding

#: What an empty query of filler words gets, instead of results.
TYPE_A_WORD = "Type a word that describes the help you need."
#: How the kinds a query asks for are named in "… first".
KIND_PLURALS = {
    "program": "Programs",
    "training": "Trainings",
    "hotline": "Hotlines",
    "publication": "Publications",
    "website": "Websites",
    "organization": "Organizations",
}


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
    #: The words (units: a word, phrase, OR group or synonym run) every match must have.
    terms: tuple[str, ...] = ()
    relaxed: bool = False
    strict_total: int | None = None
    matched_terms: tuple[str, ...] = ()
    dropped_terms: tuple[str, ...] = ()
    place_found: bool | None = None
    #: The state first results are in when the city named has none.
    state_found: str | None = None
    #: A search near a client's place: the place and radius, and each result's distance.
    near: Near | None = None
    nearby: Arranged | None = field(default=None, repr=False)
    #: What the client needs, when the results were narrowed for a client, and what a
    #: resource (by id) states about those needs.
    client: ClientNeeds | None = None
    explain: Callable[[int], list[str]] | None = field(default=None, repr=False)

    def fit(self, hit: Hit) -> str:
        """Why ``hit`` fits the client, for its result row: how far it is and what it
        states about the client's needs ("1.1 mi · ages 12–17 · Spanish"); "" for a
        search for no client."""
        said = [self.reach(hit), *(self.explain(hit.id) if self.explain else [])]
        return " · ".join(part for part in said if part)

    def reach(self, hit: Hit) -> str:
        """How far ``hit`` is from the place searched near ("3.2 mi", "serves Georgia",
        "serves everywhere", "place not stated"); "" for a search near no place."""
        if self.nearby is None or self.near is None:
            return ""
        return self.nearby.reach(hit.id, self.near.origin.state)

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
        """What the search did beyond matching every word, one sentence each, for the line
        above the results; ``emphasize`` marks the words the person typed (the window
        escapes and italicises them)."""
        understood = self.understanding
        if understood is None:
            return []
        if understood.only_filler:
            return [TYPE_A_WORD]
        said: list[str] = []
        if self.relaxed:
            typed = " ".join(self.terms)
            kept = ", ".join(emphasize(t) for t in self.matched_terms)
            if not self.strict_total:
                said.append(
                    f"No resource matches all of {emphasize(typed)} — showing those that "
                    + (f"match {kept}." if kept else "fit what you asked for.")
                )
            else:
                one = self.strict_total == 1
                said.append(
                    f"{'Only one resource matches' if one else f'Only {self.strict_total} match'}"
                    f" all of {emphasize(typed)}; the others shown match fewer of its words."
                )
        if understood.kinds and self.hits:
            kinds = [KIND_PLURALS.get(k, k) for k in understood.kinds]
            said.append(
                " and ".join([", ".join(kinds[:-1]), kinds[-1]] if len(kinds) > 1 else kinds)
                + " first."
            )
        if understood.places and self.hits:
            place = emphasize(understood.place_name)
            if self.place_found:
                said.append(f"Resources in {place} first, then national ones.")
            elif self.state_found:
                state = emphasize(self.state_found)
                said.append(
                    f"Nothing in {place} itself — resources in {state} first, then national ones."
                )
            else:
                said.append(f"Nothing in {place} — national resources shown.")
        if self.near is not None and self.nearby is not None:
            said.append(self._near_notice(emphasize))
        return said

    def _near_notice(self, emphasize: Callable[[str], str]) -> str:
        """ "Nearest to 30303 (Atlanta, GA) first (4 within 25 miles), then 2 for all of
        Georgia and 5 national ones." — naming only what the list holds."""
        assert self.near is not None and self.nearby is not None
        where = emphasize(self.near.origin.label)
        state = STATE_NAMES.get(self.near.origin.state, self.near.origin.state)
        tiers = np.bincount(self.nearby.tier.astype(np.int64), minlength=NOT_STATED + 1)
        then = [
            f"{count} {words}"
            for count, words in (
                (tiers[STATEWIDE], f"for all of {state}"),
                (tiers[EVERYWHERE], "national"),
                (tiers[NOT_STATED], "whose place is not stated"),
            )
            if count
        ]
        rest = ", then " + _and(then) if then else ""
        radius = f"{self.near.miles:g} miles"
        if tiers[WITHIN]:
            return f"Nearest to {where} first ({tiers[WITHIN]} within {radius}){rest}."
        return f"Nothing within {radius} of {where}" + (
            f" — showing {_and(then)}." if then else "."
        )


def _and(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


class SearchIndexError(Exception):
    """The catalog has no (or an unreadable) search index; rebuild the catalog."""
