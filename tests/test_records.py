"""Validation of raw entries into records: every problem named, nothing borrowed or lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from csec_desktop.catalog.content.records import (
    PartialDate,
    Vocabularies,
    parse_resource,
    record_to_dict,
)
from csec_desktop.catalog.curated.sources import read_catalog_source


@pytest.fixture(scope="module")
def vocab(request: pytest.FixtureRequest) -> Vocabularies:
    data = Path(request.config.rootpath) / "data"
    return read_catalog_source(data).vocabularies()


def entry(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "hotline/example",
        "kind": "hotline",
        "title": "Example line",
        "summary": "An example.",
        "status": "active",
        "source": "ojjdp-csec-page",
        "last_verified": "2016",
        "hours": "24/7",
    }
    base.update(changes)
    return base


def test_contact_does_not_borrow_the_resource_hours(vocab: Vocabularies) -> None:
    record, problems = parse_resource(
        entry(contacts=[{"kind": "phone", "value": "1-800-843-5678"}]), "f.toml", vocab
    )
    assert problems == [] and record is not None
    assert record.hours == "24/7"
    assert record.contacts[0].hours is None


def test_paragraph_fields_keep_their_line_breaks(vocab: Vocabularies) -> None:
    text = "First paragraph.\n\nSecond paragraph."
    record, problems = parse_resource(entry(summary=text, overview=text), "f.toml", vocab)
    assert problems == [] and record is not None
    assert record.summary == record.overview == text


def test_contact_without_kind_says_so(vocab: Vocabularies) -> None:
    _, problems = parse_resource(entry(contacts=[{"value": "1-800-843-5678"}]), "f.toml", vocab)
    assert any("contact kind must be one of" in p.message and "None" in p.message for p in problems)


def test_related_without_id_is_reported_not_self_linked(vocab: Vocabularies) -> None:
    _, problems = parse_resource(entry(related=[{"relation": "related"}]), "f.toml", vocab)
    assert any("related id None" in p.message for p in problems)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"title": 42}, "'title' must be text"),
        ({"summary": "bad\x00text"}, "control or text-direction characters"),
        ({"title": "Call \u202e1010-555-815\u202c now"}, "'title' contains invisible"),
        ({"hours": "24/7 \u2067"}, "'hours' contains invisible"),
        ({"summary": "C1 \x85 control"}, "'summary' contains invisible"),
        ({"contacts": [{"kind": "phone", "value": "\u202d518"}]}, "'phone contact' contains"),
        ({"title": "Two\nlines"}, "'title' must be a single line"),
        ({"sites": [{"city": "Albany\tNY"}]}, "'city' must be a single line"),
        ({"last_verified": "2016-02-30"}, "last_verified"),
        ({"topics": ["not-a-topic"]}, "unknown topic"),
        ({"awards": [{"amount": -5}]}, "out of range"),
        ({"awards": [{"amount": "600,000"}]}, "whole number"),
        ({"awards": [{"start": "2009", "end": "2006"}]}, "starts (2009) after it ends (2006)"),
        ({"sites": [{"state": "New York"}]}, "two-letter USPS code"),
        ({"sites": [{"city": "Tijuana", "state": "BC"}]}, "US state or territory"),
        ({"website": "ftp://example.org"}, "http or https"),
        ({"id": "hotline/Bad Id"}, "'id' must look like"),
        ({"id": "program/example"}, "must start with its kind"),
        ({"surprise": 1}, "unknown field 'surprise'"),
    ],
)
def test_each_problem_is_named(vocab: Vocabularies, changes: dict[str, Any], fragment: str) -> None:
    record, problems = parse_resource(entry(**changes), "resources/hotline/example.toml", vocab)
    assert record is None
    assert any(fragment in p.message for p in problems), problems
    assert all(p.where == "resources/hotline/example.toml" for p in problems)


def test_partial_dates_order_by_period_end() -> None:
    dates = [PartialDate(2016), PartialDate(2016, 5), PartialDate(2015, 12, 31)]
    assert max(dates, key=PartialDate.sort_key) == PartialDate(2016)
    assert min(dates, key=PartialDate.sort_key) == PartialDate(2015, 12, 31)


def test_every_curated_record_round_trips(vocab: Vocabularies, data_source: Path) -> None:
    for record in read_catalog_source(data_source).resources:
        again, problems = parse_resource(record_to_dict(record), record.id, vocab)
        assert problems == [] and again == record, record.id
