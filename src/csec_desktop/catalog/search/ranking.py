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

:class:`HelpNowBoost` scales bm25 so that, when relevance is close, an active hotline or
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
#: Combinations of small keys that :func:`prefer` walks through rather than sorting (a
#: pass each: the three kind tiers take less time than a sort, the 18 of kind and place
#: three times more).
PARTITIONS = 6
#: Ids copied at a time by :func:`prefer`'s walk through those combinations.
PARTITION_CHUNK = 1 << 16
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


class HelpNowBoost:
    """bm25 multipliers of resources by id, from their kind and status codes (1-based).

    Indexed like an array over resource ids (``boost[ids]``), but computed for the ids
    asked: a float per resource of a million-resource catalog is 4 MB the window would hold
    for a few thousand ids looked up per search.
    """

    def __init__(
        self, kinds: np.ndarray, statuses: np.ndarray, kind_codes: Sequence[str], active_code: int
    ) -> None:
        self._kinds = kinds
        self._statuses = statuses
        self._active = active_code
        #: The multiplier of an active resource by its kind code (any uint8 code).
        self._by_kind = np.ones(256, dtype=np.float32)
        for number, kind in enumerate(kind_codes, start=1):
            factor = HELP_NOW_BOOST.get(kind)
            if factor is not None and number < len(self._by_kind):
                self._by_kind[number] = factor

    def __getitem__(self, ids: np.ndarray) -> np.ndarray:
        """The multipliers of ``ids`` (float32, 1 for all but active resources)."""
        boost: np.ndarray = np.where(
            self._statuses[ids] == self._active,
            self._by_kind[self._kinds[ids]],
            np.float32(1),
        )
        return boost


def prefer(
    ids: np.ndarray,
    *,
    covered: np.ndarray | None = None,
    score: np.ndarray | HelpNowBoost | None = None,
    kinds: np.ndarray | None = None,
    place_tier: np.ndarray | None = None,
) -> np.ndarray:
    """``ids`` (in relevance order) reordered by coverage (the kind asked for counting as
    a concept), kind, place and score.

    Each argument is an array over resource ids (or indexed like one) or None; the order
    among equals stays.
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
    if score is None and covered is None and all(key.dtype == np.uint8 for key in keys):
        partitioned = _partitioned(ids, keys)
        if partitioned is not None:
            return partitioned
    # The position as the last key keeps equals in order; int32 halves it for a million.
    position = np.arange(len(ids), dtype=np.int32 if len(ids) < 1 << 31 else np.int64)
    order = np.lexsort([position, *keys])
    reordered: np.ndarray = ids[order]
    return reordered


def _partitioned(ids: np.ndarray, keys: Sequence[np.ndarray]) -> np.ndarray | None:
    """``ids`` stably sorted by small ``keys`` (uint8, least significant first), as
    ``numpy.lexsort`` would order them: each combination of key values in turn, its ids
    copied in their order into the result; None when there are more than PARTITIONS
    combinations (a pass over the ids each). Sorting needs an int64 order and a copy of
    the ids besides the result: 20 bytes an id, 14 MB for the most common words of a
    million-resource catalog, where this needs the result and a byte an id."""
    widths = [int(key.max()) + 1 for key in keys]
    if math.prod(widths) > PARTITIONS:
        return None
    combined = np.zeros(len(ids), dtype=np.uint8)
    weight = 1
    for key, width in zip(keys, widths, strict=True):  # each next key weighs more
        combined += key * np.uint8(weight)
        weight *= width
    # Where each combination's ids start in the result; then the ids are copied a chunk
    # at a time (picking them all at once takes an int64 index of each: 8 bytes an id).
    starts = [0]
    for value in range(weight - 1):
        starts.append(starts[-1] + int(np.count_nonzero(combined == value)))
    reordered = np.empty_like(ids)
    for first in range(0, len(ids), PARTITION_CHUNK):
        chunk = ids[first : first + PARTITION_CHUNK]
        values = combined[first : first + PARTITION_CHUNK]
        for value in range(weight):
            chosen = chunk[values == value]
            reordered[starts[value] : starts[value] + len(chosen)] = chosen
            starts[value] += len(chosen)
    return reordered
