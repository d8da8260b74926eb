"""Facets: what filters keep, and how many results each facet value has.

The indexer (:mod:`csec_desktop.catalog.index.indexing`) stores one compact array per facet:
a code per resource for ``kind``, ``status`` and ``origin``, a bit set per resource for
``topic``, ``audience``, ``language`` and ``state``, the organization and funder ids and
the years. Filters become boolean masks over resource ids, and counts are numpy tallies
of the matching ids, with no SQL on the way.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from csec_desktop.catalog.content.states import STATE_NAMES, STATE_NAMES_ES
from csec_desktop.catalog.hits import FACETS, FacetValue
from csec_desktop.catalog.index.indexing import BIT_FACETS, CODE_FACETS, words
from csec_desktop.catalog.search.cache import LruCache
from csec_desktop.catalog.search.query import FIELDS, ParsedQuery

#: Memory for remembered filter masks (a mask is 1 MB at a million resources): the kinds
#: and states a query's words ask for, and its filters.
MASK_CACHE_BYTES = 4 << 20
#: Ids counted (or found) at a time over a whole catalog (see FacetIndex._count).
COUNT_CHUNK = 1 << 18

_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:-|–|—|\.\.|to)\s*(\d{4})$")
_YEAR_COMPARE = re.compile(r"^(<=|>=|<|>)\s*(\d{4})$")


@dataclass
class Constraint:
    """One facet's filter: the codes it accepts (None: any) and the codes it rejects."""

    facet: str
    include: frozenset[int] | None
    exclude: frozenset[int]


class FacetIndex:
    """The facet arrays of one open catalog, with its value labels and organizations."""

    def __init__(
        self,
        db: sqlite3.Connection,
        codes: dict[str, Any],
        arrays: dict[str, np.ndarray],
        id_type: type[np.integer[Any]],
    ) -> None:
        self.codes = codes
        self.arrays = arrays
        self.exists: np.ndarray = arrays["exists"]
        self.size = int(codes["size"])
        self._id_type = id_type
        # value → code numbers: 1-based for kind, status and origin, bit numbers for the bit sets
        self._code_number: dict[str, dict[str, int]] = {
            **{f: {c: i for i, c in enumerate(codes[f], start=1)} for f in CODE_FACETS},
            **{f: {c: i for i, c in enumerate(codes[f])} for f in BIT_FACETS},
        }
        self.labels: dict[tuple[str, str], str] = {}
        #: The vocabulary's Spanish labels (the English where a value has none).
        self._labels_es: dict[tuple[str, str], str] = {}
        self._positions: dict[tuple[str, str], int] = {}
        for facet, code, label, label_es, position in db.execute(
            "SELECT facet, code, label, label_es, position FROM vocabulary"
        ):
            self.labels[facet, code] = label
            self._labels_es[facet, code] = label_es or label
            self._positions[facet, code] = position
        # The states are named by their own table, not the vocabulary (see _label).
        self._labels_es.update({("state", code): name for code, name in STATE_NAMES_ES.items()})
        self.organizations: dict[int, tuple[str, str, str | None]] = {
            oid: (key, name, acronym)
            for oid, key, name, acronym in db.execute(
                "SELECT id, key, name, acronym FROM organization"
            )
        }
        self._org_by_key = {key: oid for oid, (key, _, _) in self.organizations.items()}
        self._years_present: list[int] | None = None
        #: Facet counts of the whole catalog (the empty query), by limit.
        self._all_facets: dict[int | None, dict[str, list[FacetValue]]] = {}
        #: Each facet's tally over the whole catalog (see :meth:`_tally`).
        self._whole_tallies: dict[str, np.ndarray] = {}
        self._mask_cache: LruCache[tuple[Any, ...], np.ndarray] = LruCache(16, MASK_CACHE_BYTES)

    def _all_ids(self) -> np.ndarray:
        """The ids of every resource, made when asked: kept, they would be 4 MB of a
        million-resource catalog held by the window for a millisecond's work. Found a
        chunk at a time, in the ids' own type (``flatnonzero`` gives int64)."""
        if len(self.exists) <= COUNT_CHUNK:
            return np.flatnonzero(self.exists).astype(self._id_type)
        return np.concatenate(
            [
                np.flatnonzero(self.exists[start : start + COUNT_CHUNK]).astype(self._id_type)
                + self._id_type(start)
                for start in range(0, len(self.exists), COUNT_CHUNK)
            ]
        )

    def code_number(self, facet: str, code: str) -> int:
        """The number ``code`` has in ``facet``'s array (0: not in this catalog)."""
        return self._code_number.get(facet, {}).get(code, 0)

    def year_span(self) -> tuple[int, int]:
        """The first and last year the ``year`` filter can choose, or (0, 0) if none."""
        years = self.arrays["year"]
        present = years[years > 0]
        if not len(present):
            return (0, 0)
        return int(present.min()), int(present.max())

    def years_of(self, rid: int) -> tuple[int, int]:
        """The first and last year of resource ``rid`` (0 when unknown)."""
        return int(self.arrays["year"][rid]), int(self.arrays["year_end"][rid])

    def counts(
        self,
        parsed: ParsedQuery,
        filters: Mapping[str, Collection[str]] | None,
        matched: np.ndarray | None,
        limit: int | None,
    ) -> dict[str, list[FacetValue]]:
        """Counts per facet value of the resources ``matched`` by the words (None: all).

        Each facet's counts apply the filters of all *other* facets, so that choosing a
        value narrows the other facets while its siblings stay visible. Values are sorted
        by count (years newest first); at most ``limit`` per facet, plus selected values.
        """
        constraints = self.constraints(parsed, filters)
        everything = matched is None and not constraints and not filter_items(filters)
        if everything and limit in self._all_facets:
            # The counts of the whole catalog do not change while it is open.
            return {facet: list(values) for facet, values in self._all_facets[limit].items()}
        if matched is None:
            matched = self._all_ids()
        selections = {c_index: self._mask(c)[matched] for c_index, c in enumerate(constraints)}
        selected = self._selected_codes(filters)
        result: dict[str, list[FacetValue]] = {}
        subsets: dict[tuple[int, ...], np.ndarray] = {}
        left_out: dict[tuple[int, ...], np.ndarray | None] = {}
        for facet in FACETS:
            others = tuple(i for i, c in enumerate(constraints) if c.facet != facet)
            if others not in subsets:
                subsets[others] = matched  # no other constraint: no copy of them all
                if others:
                    keep = selections[others[0]].copy()
                    for index in others[1:]:
                        keep &= selections[index]
                    subsets[others] = matched[keep]
                left_out[others] = self._left_out(subsets[others])
            result[facet] = self._facet_values(
                facet, subsets[others], selected.get(facet, set()), limit, left_out[others]
            )
        if everything:
            self._all_facets[limit] = {facet: list(values) for facet, values in result.items()}
        return result

    def constraints(
        self, parsed: ParsedQuery, filters: Mapping[str, Collection[str]] | None
    ) -> list[Constraint]:
        constraints: list[Constraint] = []
        for facet, values in filter_items(filters):
            if values:
                codes: set[int] = set()
                for value in values:
                    codes |= self._resolve(facet, value, exact=True)
                constraints.append(Constraint(facet, frozenset(codes), frozenset()))
        # Filters typed in the query: values of one field are alternatives.
        include: dict[str, set[int]] = {}
        exclude: dict[str, set[int]] = {}
        for item in parsed.filters:
            codes = self._resolve(item.facet, item.value, exact=False)
            (exclude if item.negated else include).setdefault(item.facet, set()).update(codes)
        for facet in dict.fromkeys([*include, *exclude]):
            accepted = include.get(facet)
            constraints.append(
                Constraint(
                    facet,
                    None if accepted is None else frozenset(accepted),
                    frozenset(exclude.get(facet, ())),
                )
            )
        return constraints

    def combined_mask(self, constraints: list[Constraint]) -> np.ndarray | None:
        if not constraints:
            return None
        if len(constraints) == 1:  # the constraint's own mask, not a copy of it kept too
            return self._mask(constraints[0])
        key = tuple((c.facet, c.include, c.exclude) for c in constraints)
        cached = self._mask_cache.get_or(key)
        if cached is not None:
            return cached
        mask = self.exists.copy()
        for constraint in constraints:
            mask &= self._mask(constraint)
        return self._mask_cache.put(key, mask)

    def _mask(self, constraint: Constraint) -> np.ndarray:
        """Which resources (by id) a constraint keeps."""
        key = ("one", constraint.facet, constraint.include, constraint.exclude)
        cached = self._mask_cache.get_or(key)
        if cached is not None:
            return cached
        keep = self.exists.copy()
        if constraint.include is not None:
            keep &= self.has_any(constraint.facet, constraint.include)
        if constraint.exclude:
            keep &= ~self.has_any(constraint.facet, constraint.exclude)
        return self._mask_cache.put(key, keep)

    def numbers(self, facet: str, codes: Collection[str]) -> frozenset[int]:
        """The numbers of those of ``codes`` that ``facet``'s array knows."""
        known = self._code_number.get(facet, {})
        return frozenset(known[code] for code in codes if code in known)

    def has_any(self, facet: str, codes: frozenset[int]) -> np.ndarray:
        """Which resources (by id) have any of the code numbers ``codes`` of ``facet``."""
        if facet in BIT_FACETS:
            matrix = self.arrays[facet]
            wanted = np.zeros(matrix.shape[1], dtype=np.uint8)
            for bit in codes:
                if 0 <= bit < matrix.shape[1] * 8:
                    wanted[bit >> 3] |= np.uint8(1 << (bit & 7))
            result = np.zeros(self.size, dtype=np.bool_)
            for column in np.flatnonzero(wanted):
                result |= (matrix[:, column] & wanted[column]) != 0
            return result
        values = self.arrays[facet]
        table = np.zeros(max(int(values.max(initial=0)), max(codes, default=0)) + 1, dtype=np.bool_)
        table[[c for c in codes if c > 0]] = True
        kept: np.ndarray = table[values]
        return kept

    def _resolve(self, facet: str, value: str, *, exact: bool) -> set[int]:
        """The code numbers a filter value stands for (empty if none)."""
        value = value.strip()
        folded = value.casefold()
        if facet == "year":
            return self._years(folded)
        if facet in ("organization", "funder"):
            return self._organizations(folded, exact)
        numbers = self._code_number.get(facet, {})
        if value in numbers:
            return {numbers[value]}
        if facet == "state":
            upper = value.upper()
            if upper in numbers:
                return {numbers[upper]}
            if exact:
                return set()
            wanted = " ".join(words(value))
            return {
                n
                for code, n in numbers.items()
                if wanted and " ".join(words(STATE_NAMES.get(code, ""))).startswith(wanted)
            }
        for code, n in numbers.items():
            if code.casefold() == folded:
                return {n}
        if exact:
            return set()
        wanted = " ".join(words(value))
        if not wanted:
            return set()
        found: set[int] = set()
        singular = wanted[:-1] if wanted.endswith("s") and len(wanted) > 3 else wanted
        for code, n in numbers.items():
            label = " ".join(words(self.labels.get((facet, code), code)))
            spelled = " ".join(words(code.replace("_", " ")))
            for candidate in (label, spelled):
                if candidate.startswith((wanted, singular)) or f" {wanted}" in f" {candidate}":
                    found.add(n)
        return found

    def _years(self, text: str) -> set[int]:
        text = text.strip()
        if re.fullmatch(r"\d{4}", text):
            return {int(text)}
        if match := _YEAR_RANGE.match(text):
            low, high = sorted((int(match[1]), int(match[2])))
            return set(range(low, high + 1))
        if match := _YEAR_COMPARE.match(text):
            year = int(match[2])
            low, high = {
                "<": (1, year - 1),
                "<=": (1, year),
                ">": (year + 1, 9999),
                ">=": (year, 9999),
            }[match[1]]
            if self._years_present is None:
                self._years_present = [int(y) for y in np.unique(self.arrays["year"]) if y]
            return {y for y in self._years_present if low <= y <= high}
        return set()

    def _organizations(self, text: str, exact: bool) -> set[int]:
        if text in self._org_by_key:
            return {self._org_by_key[text]}
        if text.isdigit() and int(text) in self.organizations:
            return {int(text)}
        if exact:
            return set()
        wanted = " ".join(words(text))
        if not wanted:
            return set()
        found = set()
        for oid, (key, name, acronym) in self.organizations.items():
            if (
                (acronym and acronym.casefold() == text)
                or key.startswith(text)
                or f" {wanted}" in " " + " ".join(words(name))
            ):
                found.add(oid)
        return found

    def _selected_codes(self, filters: Mapping[str, Collection[str]] | None) -> dict[str, set[int]]:
        selected: dict[str, set[int]] = {}
        for facet, values in filter_items(filters):
            for value in values:
                selected.setdefault(facet, set()).update(self._resolve(facet, value, exact=True))
        return selected

    # ---- facet counts

    def _left_out(self, ids: np.ndarray) -> np.ndarray | None:
        """The resources not in ``ids``, when ``ids`` holds most of the catalog (else
        None): counting those few and taking them from the whole catalog's tally is far
        quicker than counting most of a million (a client's needs leave out few)."""
        if len(ids) * 2 <= self.size:
            return None
        kept = self.exists.copy()
        kept[ids] = False
        return np.flatnonzero(kept)

    def _count(self, facet: str, ids: np.ndarray) -> np.ndarray:
        """How many of ``ids`` have each value number of ``facet`` (each bit number of a
        bit facet).

        Counted COUNT_CHUNK ids at a time: ``numpy.bincount`` wants its values as int64,
        and a gather of every resource of a million-resource catalog and its int64 copy
        are 9–15 MB the window would hold at once (the sums are the same).
        """
        total: np.ndarray | None = None
        for start in range(0, max(1, len(ids)), COUNT_CHUNK):
            part = self._count_part(facet, ids[start : start + COUNT_CHUNK])
            if total is None:
                total = part
            else:  # a chunk's highest value may be another's: the longer one holds both
                if len(part) > len(total):
                    total, part = part, total
                total[: len(part)] += part
        assert total is not None
        return total

    def _count_part(self, facet: str, ids: np.ndarray) -> np.ndarray:
        """:meth:`_count` of a chunk of ids."""
        if facet in BIT_FACETS:
            matrix = self.arrays[facet][ids]
            return np.concatenate(
                [
                    np.bincount(matrix[:, column], minlength=256) @ _BIT_TABLE
                    for column in range(matrix.shape[1])
                ]
            )
        whole = self._whole_tallies.get(facet)
        return np.bincount(
            self.arrays[facet][ids].astype(np.int64), minlength=1 if whole is None else len(whole)
        )

    def _tally(self, facet: str, ids: np.ndarray, left_out: np.ndarray | None) -> np.ndarray:
        """:meth:`_count` of ``ids``, from the whole catalog's when ``left_out`` is given."""
        if left_out is None:
            return self._count(facet, ids)
        whole = self._whole_tallies.get(facet)
        if whole is None:
            whole = self._whole_tallies[facet] = self._count(facet, self._all_ids())
        rest: np.ndarray = whole - self._count(facet, left_out)
        return rest

    def _facet_values(
        self,
        facet: str,
        ids: np.ndarray,
        selected: set[int],
        limit: int | None,
        left_out: np.ndarray | None = None,
    ) -> list[FacetValue]:
        """The values of ``facet`` among ``ids`` (``left_out``: every other resource, see
        :meth:`_left_out`), sorted by count, at most ``limit`` plus those ``selected``."""
        tally = self._tally(facet, ids, left_out)
        if facet in BIT_FACETS:
            codes = self.codes[facet]
            values = [
                (n, codes[n], int(tally[n]) if n < len(tally) else 0)
                for n in {int(n) for n in np.flatnonzero(tally)} | selected
                if 0 <= n < len(codes)
            ]
        else:
            tally[0] = 0  # no value
            present = np.flatnonzero(tally)
            if limit is not None and facet != "year" and len(present) > limit:
                # Only the values that can be among the first ``limit`` (sorted by count
                # first) are named and sorted: a million resources have 20,000
                # organizations, and naming each costs far more than counting them.
                cut = len(present) - limit
                present = present[tally[present] >= np.partition(tally[present], cut)[cut]]
            counts = {int(n): int(tally[n]) for n in present}
            values = []
            for n in set(counts) | selected:
                code = self._code_of(facet, n)
                if code is not None:
                    values.append((n, code, int(tally[n]) if n < len(tally) else 0))
        result = [FacetValue(code, self._label(facet, code, n), count) for n, code, count in values]
        if facet == "year":
            result.sort(key=lambda v: -int(v.code))
        else:
            result.sort(
                key=lambda v: (-v.count, self._positions.get((facet, v.code), 1 << 30), v.label)
            )
        if limit is not None and len(result) > limit:
            codes_selected = {self._code_of(facet, n) for n in selected}
            result = result[:limit] + [v for v in result[limit:] if v.code in codes_selected]
        return result

    def _code_of(self, facet: str, number: int) -> str | None:
        if facet == "year":
            return str(number) if number > 0 else None
        if facet in ("organization", "funder"):
            organization = self.organizations.get(number)
            return organization[0] if organization else None
        codes = self.codes.get(facet, [])
        index = number if facet in BIT_FACETS else number - 1
        return codes[index] if 0 <= index < len(codes) else None

    def labels_in(self, language: str) -> dict[tuple[str, str], str]:
        """The values' labels in ``language`` (a code; English for one the vocabulary
        has no labels in)."""
        return self._labels_es if language == "es" else self.labels

    def _label(self, facet: str, code: str, number: int) -> str:
        if facet in ("organization", "funder"):
            return self.organizations[number][1]
        if facet == "year":
            return code
        if facet == "state":
            return STATE_NAMES.get(code, code)
        return self.labels.get((facet, code)) or code.replace("_", " ").capitalize()


def filter_items(filters: object) -> list[tuple[str, list[str]]]:
    """(facet, values) pairs of a filters mapping, tolerating odd shapes and names."""
    items: list[tuple[str, list[str]]] = []
    if not isinstance(filters, Mapping):
        return items
    for name, values in filters.items():
        facet = FIELDS.get(str(name).casefold())
        if facet is None:
            continue
        if isinstance(values, str | int):
            items.append((facet, [str(values)]))
            continue
        try:
            items.append((facet, [str(v) for v in values]))
        except TypeError:
            continue
    return items


_BIT_TABLE = ((np.arange(256)[:, None] >> np.arange(8)[None, :]) & 1).astype(np.int64)
