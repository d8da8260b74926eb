"""Searching near a client's place: reading the place, measuring, and the order shown."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cli_helpers import assert_one_sentence
from cli_helpers import run as run_cli
from csec_desktop.catalog.content import geo
from csec_desktop.catalog.content.records import SiteRecord
from csec_desktop.catalog.search import SearchEngine
from csec_desktop.catalog.search.nearby import EVERYWHERE, NOT_STATED, STATEWIDE, WITHIN
from search_fixtures import build, record


def test_a_zip_code_is_located_in_its_state() -> None:
    origin = geo.locate("30303")
    assert origin.state == "GA"
    assert "Atlanta" in origin.label
    # The ZIP's centre lies within a few miles of the city's centre.
    atlanta = geo.locate("Atlanta, GA")
    assert geo.miles(origin, np.array([atlanta.latitude]), np.array([atlanta.longitude]))[0] < 10


@pytest.mark.parametrize(
    ("typed", "state"),
    [
        ("Atlanta, GA", "GA"),
        ("atlanta georgia", "GA"),
        ("atlanta", "GA"),  # one larger city of that name
        ("St. Louis, MO", "MO"),
        ("new york ny", "NY"),
        ("30303-1234", "GA"),
    ],
)
def test_cities_and_zip_codes_as_people_type_them(typed: str, state: str) -> None:
    assert geo.locate(typed).state == state


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("99999", "There is no US ZIP code 99999."),
        ("3030", "a ZIP code has 5 digits"),
        ("springfield", "add the state"),
        ("georgia", "Type a city in Georgia"),
        ("Springfeld, IL", "not a US city this desk knows"),
        ("", "Type a 5-digit ZIP code"),
        ("x" * 500, "too long"),
    ],
)
def test_a_place_not_known_gets_one_sentence_saying_what_to_type(typed: str, says: str) -> None:
    with pytest.raises(geo.PlaceNotFound, match=r"(?s)^[^\n]+$") as raised:
        geo.locate(typed)
    assert says in str(raised.value)


def test_a_radius_is_read_from_the_words() -> None:
    assert geo.parse_near("near 30303 within 10 miles").miles == 10
    assert geo.parse_near("chicago il 5 mi").origin.state == "IL"
    assert geo.parse_near("30303").miles == geo.DEFAULT_MILES
    assert geo.parse_near("30303 within 10 miles", 40).miles == 40
    for absurd in (0, -5, 1e9):
        with pytest.raises(geo.PlaceNotFound, match="between 1 and"):
            geo.parse_near("30303", absurd)


def test_miles_between_two_cities() -> None:
    new_york, los_angeles = geo.locate("New York, NY"), geo.locate("Los Angeles, CA")
    measured = geo.miles(
        new_york, np.array([los_angeles.latitude]), np.array([los_angeles.longitude])
    )[0]
    assert 2400 < measured < 2500  # the great-circle distance is about 2,450 miles


@pytest.fixture
def near_engine(tmp_path: Path) -> SearchEngine:
    """Shelters in and around Atlanta and elsewhere, a Georgia-wide line and a national one."""
    shelter = "Emergency shelter for young people."
    records = [
        record("program/decatur", "Decatur youth shelter", shelter,
               sites=[SiteRecord("Decatur", "GA")]),
        record("program/atlanta", "Atlanta youth shelter", shelter,
               sites=[SiteRecord("Atlanta", "GA")]),
        record("program/savannah", "Savannah youth shelter", shelter,
               sites=[SiteRecord("Savannah", "GA")]),
        record("program/chicago", "Chicago youth shelter", shelter,
               sites=[SiteRecord("Chicago", "IL")]),
        record("program/georgia", "Georgia shelter line", shelter,
               service_area="state", sites=[SiteRecord(None, "GA")]),
        record("program/illinois", "Illinois shelter line", shelter,
               service_area="state", sites=[SiteRecord(None, "IL")]),
        record("hotline/national", "National shelter hotline", shelter,
               service_area="national"),
        record("publication/guide", "A guide to youth shelter", shelter),
    ]  # fmt: skip
    return SearchEngine(build(tmp_path / "catalog.sqlite", records))


def test_nearest_first_then_the_state_then_everywhere(near_engine: SearchEngine) -> None:
    result = near_engine.search("shelter", near=geo.parse_near("30303 within 25 miles"))
    slugs = [hit.slug for hit in result.hits]
    assert slugs == [
        "program/atlanta",
        "program/decatur",
        "program/georgia",
        "hotline/national",
        "publication/guide",
    ]
    # Savannah (about 220 miles away), Chicago and Illinois' line are known to be elsewhere.
    assert result.total == len(slugs)
    reach = [result.reach(hit) for hit in result.hits]
    assert reach[0].endswith(" mi") and float(reach[0].split()[0]) < 5
    assert reach[2:] == ["serves Georgia", "serves everywhere", "place not stated"]
    assert result.nearby is not None
    assert list(result.nearby.tier) == [WITHIN, WITHIN, STATEWIDE, EVERYWHERE, NOT_STATED]
    assert result.notices()[-1] == (
        "Nearest to 30303 (Atlanta, GA) first (2 within 25 miles), then 1 for all of Georgia, "
        "1 national and 1 whose place is not stated."
    )


def test_a_wider_radius_takes_in_more(near_engine: SearchEngine) -> None:
    result = near_engine.search("shelter", near=geo.parse_near("30303", 300))
    slugs = [hit.slug for hit in result.hits]
    assert slugs[:3] == ["program/atlanta", "program/decatur", "program/savannah"]
    assert "program/chicago" not in slugs


def test_nothing_within_the_radius_says_so(near_engine: SearchEngine) -> None:
    result = near_engine.search("shelter", near=geo.parse_near("Albany, NY", 10))
    assert [hit.slug for hit in result.hits] == ["hotline/national", "publication/guide"]
    assert result.notices()[-1] == (
        "Nothing within 10 miles of Albany, NY — showing 1 national and 1 whose place is not "
        "stated."
    )


def test_search_near_from_the_command_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(
        capsys, "search", "mentoring", "--near", "New York, NY", "--within", "10", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["near"] == {"place": "New York, NY", "state": "NY", "miles": 10.0}
    first = data["results"][0]
    assert "New York" in first["place"] and first["reach"].endswith(" mi")
    order = {"mi": 0, "serves New York": 1, "serves everywhere": 2, "place not stated": 3}
    tiers = [order[r["reach"].split()[-1] if r["reach"].endswith(" mi") else r["reach"]]
             for r in data["results"]]  # fmt: skip
    assert tiers == sorted(tiers)
    code, out, _ = run_cli(capsys, "search", "mentoring", "--near", "New York, NY")
    assert code == 0 and "for this client" in out.splitlines()[1]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--near", "99999"), "There is no US ZIP code 99999."),
        (("--within", "10"), "--within needs --near"),
        (("--near", "30303", "--within", "0"), "between 1 and"),
    ],
)
def test_a_bad_place_on_the_command_line_is_one_sentence(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], says: str
) -> None:
    code, _out, err = run_cli(capsys, "search", "shelter", *args)
    assert code != 0 and says in err
    assert_one_sentence(err)


def test_facet_counts_agree_with_a_search_near_a_place(near_engine: SearchEngine) -> None:
    near = geo.parse_near("30303")
    result = near_engine.search("shelter", near=near)
    kinds = near_engine.facets("shelter", near=near)["kind"]
    assert sum(value.count for value in kinds) == result.total
    assert sum(value.count for value in near_engine.facets("shelter")["kind"]) > result.total
