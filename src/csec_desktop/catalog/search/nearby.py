"""Order search results by distance from a client's place ("near 30303 within 25 miles").

Each resource's places are its sites: a site with a city is a point (the city's centre,
:func:`csec_desktop.catalog.content.geo.city_centre`), a site with a state alone means it serves
that state. A resource whose service area is national serves everywhere. So a search near
a place lists, in this order:

1. resources with a site within the radius, nearest first;
2. resources that serve the client's whole state ("serves Georgia");
3. resources that serve everywhere (national hotlines, online services);
4. resources whose place is not stated (most publications and trainings).

Resources whose every site is outside the radius, and state-wide services of other
states, are left out: they are known to be elsewhere.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import numpy as np

from csec_desktop.catalog.content.eligibility import fit_words
from csec_desktop.catalog.content.geo import Near, city_centre, miles
from csec_desktop.catalog.content.states import state_name

#: Tiers of :func:`Places.arrange`, in the order they are listed.
WITHIN, STATEWIDE, EVERYWHERE, NOT_STATED = 0, 1, 2, 3


@dataclass(frozen=True)
class Arranged:
    """Resource ids in distance order, with each one's distance (miles) and tier."""

    ids: np.ndarray
    distance: np.ndarray
    tier: np.ndarray

    def reach(self, rid: int, state: str, language: str = "en") -> str:
        """How far resource ``rid`` is, for a result row: "3.2 mi", "serves Georgia",
        "serves everywhere" or "place not stated" (``state``: the client's state), in
        ``language`` (a code)."""
        at = np.flatnonzero(self.ids == rid)
        if not len(at):
            return ""
        words = fit_words(language)
        tier = int(self.tier[at[0]])
        if tier == WITHIN:
            return words["miles"].format(miles=f"{float(self.distance[at[0]]):.1f}")
        if tier == STATEWIDE:
            return words["serves_state"].format(state=state_name(state, language))
        return words["serves_everywhere" if tier == EVERYWHERE else "place_not_stated"]


class Places:
    """Every resource's site points and scope, read once from a catalog database."""

    def __init__(self, db: sqlite3.Connection, size: int) -> None:
        self.size = size
        sites = db.execute(
            "SELECT resource_id, city, state FROM site WHERE resource_id < ?", (size,)
        ).fetchall()
        points = {
            (city, state): city_centre(city, state)
            for city, state in {(c, s) for _r, c, s in sites if c and s}
        }
        located = [
            (r, point) for r, c, s in sites if c and s and (point := points[(c, s)]) is not None
        ]
        self.site_owner = np.array([r for r, _p in located], dtype=np.int64)
        self.site_latitude = np.array([p[0] for _r, p in located], dtype=np.float64)
        self.site_longitude = np.array([p[1] for _r, p in located], dtype=np.float64)
        #: Resources with any site or a national or state service area.
        self.placed = np.zeros(size, dtype=np.bool_)
        self.placed[[r for r, _c, _s in sites]] = True
        self.national = np.zeros(size, dtype=np.bool_)
        national = [
            rid
            for (rid,) in db.execute(
                "SELECT id FROM resource WHERE service_area = 'national' AND id < ?", (size,)
            )
        ]
        self.national[national] = True
        self.placed |= self.national
        #: (resource, state) pairs of sites that name a state but no city: the whole state.
        self._statewide = {(r, s) for r, c, s in sites if s and not c}
        for rid, state in db.execute(
            "SELECT r.id, s.state FROM resource r JOIN site s ON s.resource_id = r.id "
            "WHERE r.service_area = 'state' AND r.id < ?",
            (size,),
        ):
            self._statewide.add((rid, state))

    def measure(self, near: Near) -> tuple[np.ndarray, np.ndarray]:
        """Every resource's miles from ``near`` (its nearest site; inf without one) and
        tier (``WITHIN`` … ``NOT_STATED``; -1 for what is known to be elsewhere)."""
        distance = np.full(self.size, np.inf)
        if len(self.site_owner):
            np.minimum.at(
                distance,
                self.site_owner,
                miles(near.origin, self.site_latitude, self.site_longitude),
            )
        tier = np.full(self.size, -1, dtype=np.int8)
        tier[~self.placed] = NOT_STATED
        tier[self.national] = EVERYWHERE
        tier[[r for r, s in self._statewide if s == near.origin.state]] = STATEWIDE
        tier[distance <= near.miles] = WITHIN
        return distance, tier

    def reachable(self, ids: np.ndarray, near: Near) -> np.ndarray:
        """Those of ``ids`` not known to be elsewhere (for facet counts that agree with
        :meth:`arrange`), in their order."""
        _distance, tier = self.measure(near)
        kept: np.ndarray = ids[tier[ids] >= 0]
        return kept

    def arrange(self, ids: np.ndarray, near: Near) -> Arranged:
        """``ids`` (in their search order) by distance from ``near`` (see the module)."""
        distance, tiers = self.measure(near)
        ids = np.asarray(ids, dtype=np.int64)
        own, tier = distance[ids], tiers[ids]
        keep = tier >= 0
        ids, own, tier = ids[keep], own[keep], tier[keep]
        # Stable: within a tier, and at one distance, the search's own order stays.
        order = np.lexsort((np.where(tier == WITHIN, own, 0.0), tier))
        return Arranged(ids[order], own[order], tier[order])
