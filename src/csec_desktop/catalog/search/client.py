"""Filters for the client in front of the caseworker: age, gender, language and yes/no
facts ("no police report required"), over the eligibility tags of the index
(:mod:`csec_desktop.catalog.content.eligibility`).

What a source does not state is unknown, not "no". So the *who* needs (age, gender,
language) leave out only resources known not to serve the client, and keep those that do
not say; a yes/no fact asked for keeps only resources that state it. Counts say both: how
many fit as stated and how many do not say, so the caseworker sees how much is unknown.

What is typed here describes a client: callers never store it (see the window's
:mod:`csec_desktop.ui.client_panel`).
"""

from __future__ import annotations

import numpy as np

from csec_desktop.catalog.content.client_needs import INTERPRETERS, ClientNeeds, NeedCount
from csec_desktop.catalog.content.eligibility import (
    FACTS,
    MAX_CLIENT_AGE,
    Stated,
    fit_words,
    why_it_fits,
)
from csec_desktop.catalog.search.cache import LruCache
from csec_desktop.catalog.search.facets import FacetIndex

#: Memory for the remembered need masks (packed, a mask is 125 KB at a million resources).
MASK_CACHE_BYTES = 4 << 20


class ClientFilter:
    """Masks and counts of :class:`ClientNeeds` over one open catalog's facet arrays."""

    def __init__(self, facets: FacetIndex) -> None:
        self._facets = facets
        # A mask depends only on the open catalog: each need's is made once.
        self._masks: LruCache[tuple[str, tuple[str, ...]], np.ndarray] = LruCache(
            48, MASK_CACHE_BYTES
        )

    def _has(self, facet: str, codes: list[str]) -> np.ndarray:
        """Which resources have any of ``codes`` of ``facet``, as packed bits over resource
        ids: the counts beside every need read a dozen such masks at each search, an
        eighth of the memory and of the bytes to combine of a mask of booleans."""
        key = (facet, tuple(codes))
        cached = self._masks.get_or(key)
        if cached is not None:
            return cached
        numbers = self._facets.numbers(facet, codes)
        if not numbers:
            return self._masks.put(key, np.packbits(np.zeros(self._facets.size, dtype=np.bool_)))
        return self._masks.put(key, np.packbits(self._facets.has_any(facet, numbers)))

    def _stated(self, facet: str) -> np.ndarray:
        return self._has(facet, list(self._facets.codes.get(facet, [])))

    def _parts(self, needs: ClientNeeds) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """For each need given: (fits as stated, states something about it), packed."""
        parts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        if needs.age is not None:
            age = str(min(needs.age, MAX_CLIENT_AGE))
            parts["age"] = (self._has("age", [age]), self._stated("age"))
        if needs.gender:
            parts["gender"] = (self._has("gender", [needs.gender]), self._stated("gender"))
        if needs.language:
            fits = self._has("language", [needs.language, INTERPRETERS])
            parts["language"] = (fits, self._stated("language"))
        for fact in sorted(needs.facts):
            parts[fact] = (self._has("fact", [fact]), self._has("fact_stated", [fact]))
        return parts

    def mask(self, needs: ClientNeeds) -> np.ndarray:
        """Which resources (by id) the client's needs keep."""
        keep = np.packbits(self._facets.exists)
        for name, (fits, stated) in self._parts(needs).items():
            keep &= fits if name in FACTS else (fits | ~stated)
        unpacked: np.ndarray = np.unpackbits(keep, count=self._facets.size).view(np.bool_)
        return unpacked

    def label(self, need: str, needs: ClientNeeds) -> str:
        """How a need is named: "Age 15", "Girls and young women", "Spanish", "Open 24/7"."""
        labels = self._facets.labels
        if need == "age":
            return f"Age {needs.age}"
        if need == "gender" and needs.gender:
            return labels.get(("gender", needs.gender), needs.gender)
        if need == "language" and needs.language:
            return labels.get(("language", needs.language), needs.language)
        return labels.get(("fact", need), need.replace("_", " "))

    def why(self, rid: int, needs: ClientNeeds, language: str = "en") -> list[str]:
        """What resource ``rid`` states about the client's needs, short, for its result
        row (:func:`.eligibility.why_it_fits`): "ages 12–21", "girls", "Spanish", "no
        police report required"; and "ages not stated" and the like where it does not say
        (the caseworker then knows to ask); in ``language`` (a code), the vocabulary's
        labels in it where it has them."""
        labels = self._facets.labels_in(language)
        facts = Stated(
            ages=[int(code) for code in self._codes_of(rid, "age")],
            genders=self._codes_of(rid, "gender"),
            languages=self._codes_of(rid, "language"),
            facts=self._codes_of(rid, "fact"),
        )
        asked = [
            *(["age"] if needs.age is not None else []),
            *(["gender"] if needs.gender else []),
            *(["language"] if needs.language else []),
            *needs.facts,
        ]
        return why_it_fits(
            facts,
            lambda facet, code: labels.get((facet, code), code),
            asked,
            fit_words(language),
        )

    def _codes_of(self, rid: int, facet: str) -> list[str]:
        """The codes of bit facet ``facet`` that resource ``rid`` has, in code order."""
        row = self._facets.arrays[facet][rid]
        codes = self._facets.codes.get(facet, [])
        return [code for bit, code in enumerate(codes) if row[bit >> 3] & (1 << (bit & 7))]

    def counts(self, ids: np.ndarray, needs: ClientNeeds) -> dict[str, NeedCount]:
        """For each need given, and each yes/no fact, how many of ``ids`` fit it as stated
        and how many do not say, among those the client's *other* needs keep."""
        asked = self._parts(needs)
        every = dict(asked)
        for fact in FACTS:
            if fact not in every:
                every[fact] = (self._has("fact", [fact]), self._has("fact_stated", [fact]))
        # Whole-catalog masks, not gathers of ``ids``: an and of two million-long masks
        # costs a fraction of picking a million ids out of one. Packed, the padding bits
        # past the last resource are 0 in ``shown``, so a negation cannot count them.
        marked = np.zeros(self._facets.size, dtype=np.bool_)
        marked[ids] = True
        shown = np.packbits(marked & self._facets.exists)
        result: dict[str, NeedCount] = {}
        for name, (fits, stated) in every.items():
            keep = shown.copy()
            for other, (other_fits, other_stated) in asked.items():
                if other != name:
                    keep &= other_fits if other in FACTS else (other_fits | ~other_stated)
            result[name] = NeedCount(_bits_set(fits & keep), _bits_set(keep & ~stated))
        return result


def _bits_set(packed: np.ndarray) -> int:
    """How many bits of ``packed`` are 1."""
    return int(np.bitwise_count(packed).sum(dtype=np.int64))
