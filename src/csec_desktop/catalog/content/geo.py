"""Where US places are, offline: a ZIP code's or a city's centre, and miles between points.

ZIP codes and their coordinates come from the ``zipcodes`` package (MIT; GeoNames
coordinates, CC BY 4.0; USPS ZIP list), which embeds its data set and never touches the
network. A city's centre is the mean of its ZIP codes' coordinates (delivery ZIPs only:
a PO box or a single firm's ZIP sits where its post office is).

A caseworker types the client's place as a ZIP ("30303"), a city and state ("Atlanta,
GA", "atlanta georgia") and optionally a radius ("30303 within 25 miles"); :func:`parse_near`
reads that, :func:`locate` finds it, and :func:`miles` measures from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csec_desktop.catalog.content.sentence import (
    QT_TRANSLATE_NOOP,
    Sentence,
    SentenceError,
    and_list,
)
from csec_desktop.catalog.content.states import STATE_NAMES

# What a place search says, as sentences (``content/sentence.py``) of this context.
if TYPE_CHECKING:
    import numpy as np

CONTEXT = "Places"
WITHIN = QT_TRANSLATE_NOOP("Places", "within {miles} miles of {place}")
DISTANCE = QT_TRANSLATE_NOOP("Places", "A distance must be between 1 and {most} miles.")
EMPTY = QT_TRANSLATE_NOOP("Places", "Type a 5-digit ZIP code or a city and state, such as 30303.")
TOO_LONG = QT_TRANSLATE_NOOP(
    "Places", "That is too long for a place: type a ZIP code or a city and state."
)
UNKNOWN_CITY = QT_TRANSLATE_NOOP(
    "Places",
    "“{city}, {state}” is not a US city this desk knows; try its ZIP code or a nearby larger city.",
)
NOT_A_ZIP = QT_TRANSLATE_NOOP("Places", "“{code}” is not a ZIP code: a ZIP code has 5 digits.")
UNKNOWN_ZIP = QT_TRANSLATE_NOOP("Places", "There is no US ZIP code {code}.")
STATE_ALONE = QT_TRANSLATE_NOOP("Places", "Type a city in {state}, or a ZIP code, to measure from.")
CITY_IN_STATES = QT_TRANSLATE_NOOP(
    "Places", "There is a {city} in {states}: add the state, such as “{city}, {first}”."
)
ADD_THE_STATE = QT_TRANSLATE_NOOP(
    "Places", "Add the state to “{place}” (such as “{place}, GA”), or type a 5-digit ZIP code."
)
# The larger US cities (name, state, population, latitude, longitude), from GeoNames via
# scripts/make_gazetteer.py, under the catalog's data folder.
CITIES_FILE = Path("places") / "us-cities.tsv"
# The radius when none is typed, in miles.
DEFAULT_MILES = 25.0
# The largest radius accepted: past this, "near" means nothing (the lower 48 span ~2,800).
MAX_MILES = 3000.0
EARTH_RADIUS_MILES = 3958.8
# ZIP kinds whose coordinates are where people live (not a post office box or one firm).
_DELIVERY = ("STANDARD",)

_STATE_BY_NAME = {name.lower(): code for code, name in STATE_NAMES.items()}
_RADIUS = re.compile(
    r"^(?P<place>.*?)\s*(?:\bwithin\b|\bin\b)?\s*(?P<miles>\d+(?:\.\d+)?)\s*"
    r"(?:miles?|mi\.?)\s*$",
    re.IGNORECASE,
)
# How the gazetteer spells a city name's abbreviated first word ("St. Louis").
_ABBREVIATED = {
    "st": ("saint",),
    "st.": ("saint",),
    "ste": ("sainte",),
    "ste.": ("sainte",),
    "ft": ("fort",),
    "ft.": ("fort",),
    "mt": ("mount",),
    "mt.": ("mount",),
}
_ZIP = re.compile(r"^\d{5}(?:-\d{4})?$")


def _zip_rows(code: str) -> list[dict[str, Any]]:
    """The package's rows of a ZIP code (its functions are untyped). ``zipcodes`` reads its
    whole table when imported, and this module is imported with the window, before its
    first frame: so at first use (or on the loader thread, ``app.ATTACH_MODULES``)."""
    import zipcodes

    rows: list[dict[str, Any]] = zipcodes.matching(code)  # type: ignore[no-untyped-call]
    return rows


def _city_rows(city: str) -> list[dict[str, Any]]:
    """The package's rows of a city (by its name as the package spells it)."""
    import zipcodes

    rows: list[dict[str, Any]] = zipcodes.filter_by_city(city)  # type: ignore[no-untyped-call]
    return rows


class PlaceNotFound(SentenceError):
    """A place the gazetteer does not know, or typed so it cannot be read (the message is
    one sentence for the person who typed it, its parts in ``sentence``)."""

    context = CONTEXT


@dataclass(frozen=True)
class Origin:
    """A point to measure from, with how to name it and the state it is in."""

    label: str
    latitude: float
    longitude: float
    state: str


@dataclass(frozen=True)
class Near:
    """A place and a radius: "within ``miles`` of ``origin``"."""

    origin: Origin
    miles: float = DEFAULT_MILES

    def describe(self) -> str:
        """ "within 25 miles of 30303 (Atlanta, GA)"."""
        return str(self.description())

    def description(self) -> Sentence:
        """:meth:`describe` as its parts, for a face to say in its language."""
        return Sentence(CONTEXT, WITHIN, {"miles": f"{self.miles:g}", "place": self.origin.label})


def parse_near(text: str, miles: float | None = None) -> Near:
    """The place and radius in ``text`` ("30303", "Atlanta, GA within 10 miles", "near
    chicago il 5 mi"); ``miles`` (when given) wins over a radius in the text.

    Raises :class:`PlaceNotFound` with a sentence that says what to type.
    """
    place = " ".join(str(text).split())
    place = re.sub(r"^(?:near|around|close to)\s+", "", place, flags=re.IGNORECASE)
    found = _RADIUS.match(place)
    if found and found.group("place"):
        place = found.group("place").strip(" ,")
        if miles is None:
            miles = float(found.group("miles"))
    radius = DEFAULT_MILES if miles is None else float(miles)
    if not 0 < radius <= MAX_MILES:
        raise PlaceNotFound.of(DISTANCE, most=f"{MAX_MILES:,.0f}")
    return Near(locate(place), radius)


def locate(text: str) -> Origin:
    """The centre of a US ZIP code ("30303") or city ("Atlanta, GA", "atlanta georgia").

    Raises :class:`PlaceNotFound` when the text is neither, or names a place not known.
    """
    place = " ".join(str(text).replace(",", " , ").split()).strip(" ,")
    if not place:
        raise PlaceNotFound.of(EMPTY)
    if len(place) > 100:
        raise PlaceNotFound.of(TOO_LONG)
    if place.isdigit() or _ZIP.match(place):
        return _zip_origin(place)
    city, state = _split_city_state(place)
    point = city_centre(city, state)
    if point is None:
        raise PlaceNotFound.of(UNKNOWN_CITY, city=city.title(), state=state)
    return Origin(f"{city.title()}, {state}", point[0], point[1], state)


def _zip_origin(code: str) -> Origin:
    if not _ZIP.match(code):
        raise PlaceNotFound.of(NOT_A_ZIP, code=code)
    found = _zip_rows(code[:5])
    if not found:
        raise PlaceNotFound.of(UNKNOWN_ZIP, code=code[:5])
    row = found[0]
    return Origin(
        f"{row['zip_code']} ({row['city']}, {row['state']})",
        float(row["lat"]),
        float(row["long"]),
        row["state"],
    )


def _split_city_state(place: str) -> tuple[str, str]:
    """("atlanta", "GA") from "Atlanta , GA", "atlanta georgia" or "New York NY"."""
    words = [w for w in place.replace(",", " ").split() if w]
    for take in (3, 2, 1):  # "district of columbia", "new york", "ga"
        if len(words) <= take:
            continue
        tail = " ".join(words[-take:]).lower()
        state = _STATE_BY_NAME.get(tail)
        if state is None and take == 1 and tail.upper() in STATE_NAMES:
            state = tail.upper()
        if state is not None:
            return " ".join(words[:-take]).lower(), state
    name = " ".join(words).lower()
    if name in _STATE_BY_NAME or name.upper() in STATE_NAMES:
        raise PlaceNotFound.of(STATE_ALONE, state=place.title())
    # A larger city's name alone is enough when only one state has a city of that name.
    states = sorted({s for city, s in bundled_cities() if city.lower() == name})
    if len(states) == 1:
        return name, states[0]
    if states:
        raise PlaceNotFound.of(
            CITY_IN_STATES, city=place.title(), states=and_list(states), first=states[0]
        )
    raise PlaceNotFound.of(ADD_THE_STATE, place=place)


@cache
def bundled_cities() -> tuple[tuple[str, str], ...]:
    """(city, state) of the US cities the application knows by name."""
    from csec_desktop.paths import bundled_catalog_source

    try:
        text = (bundled_catalog_source() / CITIES_FILE).read_text(encoding="utf-8")
    except OSError:
        return ()
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return tuple((row[0], row[1]) for row in rows[1:] if len(row) >= 2 and row[1] in STATE_NAMES)


@lru_cache(maxsize=4096)
def city_centre(city: str, state: str) -> tuple[float, float] | None:
    """The mean latitude and longitude of the delivery ZIP codes of ``city`` in ``state``
    (two-letter code), or None when the gazetteer has no such city."""
    name = " ".join(city.split()).lower()
    if not name:
        return None
    first, _, rest = name.partition(" ")
    spellings = [name] + [f"{full} {rest}" for full in _ABBREVIATED.get(first, ()) if rest]
    rows = [
        row
        for spelling in spellings
        for row in _city_rows(spelling.title())
        if row["state"] == state.upper() and row["lat"] and row["long"]
    ]
    delivery = [row for row in rows if row["zip_code_type"] in _DELIVERY] or rows
    if not delivery:
        return None
    latitudes = [float(row["lat"]) for row in delivery]
    longitudes = [float(row["long"]) for row in delivery]
    return sum(latitudes) / len(latitudes), sum(longitudes) / len(longitudes)


def miles(origin: Origin, latitudes: np.ndarray, longitudes: np.ndarray) -> np.ndarray:
    """Great-circle miles from ``origin`` to each point (NaN where a point is NaN)."""
    import numpy as np  # loaded behind the first frame (see _zip_rows)

    lat1, lon1 = np.radians(origin.latitude), np.radians(origin.longitude)
    lat2, lon2 = np.radians(latitudes), np.radians(longitudes)
    half = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    distance: np.ndarray = 2 * EARTH_RADIUS_MILES * np.arcsin(np.sqrt(np.clip(half, 0.0, 1.0)))
    return distance
