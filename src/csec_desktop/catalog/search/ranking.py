"""Ranking beyond bm25: concept coverage when a query is relaxed, and what comes first.

bm25 (FTS5, with field weights) orders the resources that match every word. Three things
it cannot know are applied here, as keys of one stable sort over ids already in
relevance order, the first the strongest:

- **coverage**, when no or few resources match all of a query's words (a relaxed query):
  resources matching more of its concepts first (the kind asked for counts as one), and
  among those, the ones matching the more informative concepts (a rare word tells more
  than a common one, so the least informative word is the first to be set aside);
- **kind**, when the query says which kind it wants ("hotline", "training", "guide"):
  resources of that kind that also use the intent word first ("literature review"), then
  those either of that kind or using it;
- **place**, when it names one: resources there first, then national ones.

:func:`help_now_boost` scales bm25 so that, when relevance is close, an active hotline or
service outranks a completed study: a caseworker with a child in front of them needs the
line that answers today first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

#: Fewer results than this for all the words together, and the query is relaxed.
HANDFUL = 5
#: bm25 multipliers of active resources by kind: help that answers now first. Completed
#: and defunct ones keep their score.
HELP_NOW_BOOST: Mapping[str, float] = {
    "hotline": 1.5,
    "website": 1.1,
    "program": 1.1,
    "training": 1.1,
    "organization": 1.1,
}
#: Kind tiers: worst is of another kind and not using the query's intent words.
NEITHER = 2
#: Place tiers: in the place named and saying so in its text (its title, summary …), in
#: the place, only mentioning it, in its state (for a city), national, elsewhere.
NAMES_PLACE, IN_PLACE, MENTIONS_PLACE, IN_STATE, NATIONAL, ELSEWHERE = 0, 1, 2, 3, 4, 5


def informativeness(matches: int, catalog_size: int) -> float:
    """How much matching a word tells about a resource: its inverse document frequency."""
    return math.log((catalog_size + 1) / (matches + 0.5))


def coverage(
    unit_ids: Sequence[np.ndarray], weights: Sequence[float], size: int
) -> tuple[np.ndarray, np.ndarray]:
    """How many of a query's units each resource matches, and their summed weights."""
    covered = np.zeros(size, dtype=np.uint8)
    score = np.zeros(size, dtype=np.float32)
    for ids, weight in zip(unit_ids, weights, strict=True):
        covered[ids] += 1
        score[ids] += weight
    return covered, score


def help_now_boost(
    kinds: np.ndarray, statuses: np.ndarray, kind_codes: Sequence[str], active_code: int
) -> np.ndarray:
    """bm25 multipliers per resource id from its kind and status codes (1-based codes)."""
    boost = np.ones(len(kinds), dtype=np.float32)
    active = statuses == active_code
    for number, kind in enumerate(kind_codes, start=1):
        factor = HELP_NOW_BOOST.get(kind)
        if factor is not None:
            boost[active & (kinds == number)] = factor
    return boost


def prefer(
    ids: np.ndarray,
    *,
    covered: np.ndarray | None = None,
    score: np.ndarray | None = None,
    kinds: np.ndarray | None = None,
    place_tier: np.ndarray | None = None,
) -> np.ndarray:
    """``ids`` (in relevance order) reordered by coverage (the kind asked for counting as
    a concept), kind, place and score.

    Each argument is an array over resource ids or None; the order among equals stays.
    """
    keys: list[np.ndarray] = []  # least significant first, as numpy.lexsort takes them
    if score is not None:
        keys.append(-score[ids])
    if place_tier is not None:
        keys.append(place_tier[ids])
    if kinds is not None:  # asked for in so many words: "hotline number" wants a hotline
        keys.append(kinds[ids])
    if covered is not None:
        # The kind asked for counts as one more concept covered (half for either of being
        # of that kind or using the intent word): a hotline matching "teen runaway" of
        # "teen runaway girls hotline" ties a study matching all three, and goes first;
        # a training matching one word of three does not outrank a program matching two.
        units = covered[ids].astype(np.int16) * NEITHER
        if kinds is not None:
            units += NEITHER - kinds[ids]
        keys.append(-units)
    if not keys or len(ids) < 2:
        return ids
    order = np.lexsort([np.arange(len(ids)), *keys])
    reordered: np.ndarray = ids[order]
    return reordered
