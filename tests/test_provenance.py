"""`csec-catalog validate` checks each fact against the passage of the source page it cites.

Each test breaks one thing in a copy of ``data/`` and reads what a steward would read: one
line naming the file, the resource, the field and the problem.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from cli_helpers import run
from csec_desktop.catalog.curated.provenance import month_years, numbers, validate_catalog_source

GEMS = "resources/program/gems-2006.toml"
AMBER = "resources/website/amber-alert-tta-program.toml"


@pytest.fixture
def source(tmp_path: Path, data_source: Path) -> Path:
    copy = tmp_path / "source"
    shutil.copytree(data_source, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(directory: Path, today: dt.date | None = None) -> list[str]:
    return [str(p) for p in validate_catalog_source(directory, today).problems]


def test_numbers_and_dates_are_compared_normalised() -> None:
    assert numbers("$1,000,000") == numbers("$1 million") == {Decimal(1_000_000)}
    assert numbers("more than 6.9 million reports") == {Decimal(6_900_000)}
    assert numbers("eleven experts, 75% of the interviews") == {Decimal(11), Decimal(75)}
    assert month_years("Project Period: June 2003June 2009") == {"june 2003", "june 2009"}
    assert month_years("in Spring 2009") == month_years("in spring 2009")


def test_a_changed_amount_is_one_line_naming_file_resource_and_field(source: Path) -> None:
    edit(source / GEMS, "amount = 600000", "amount = 650000")
    assert problems(source) == [
        f"{GEMS} [program/gems-2006]: awards: amount '$650,000' is not in "
        "ojjdp-csec-program-page › Direct Service/Intervention Programs › "
        "Girls Education and Mentoring Services, Inc. (GEMS)"
    ]


def test_an_invented_date_or_place_in_the_text_is_found(source: Path) -> None:
    edit(source / GEMS, "in New York City and in Atlantic City, NJ", "in Newark, NJ")
    edit(source / GEMS, "An OJJDP award (December 2006", "An OJJDP award (May 2006")
    found = problems(source)
    assert len(found) == 2
    assert any("summary: date 'may 2006' is not in" in line for line in found)
    assert any("highlights: place 'Newark, NJ' is not in" in line for line in found)


def test_a_fiscal_year_must_be_stated_as_one(source: Path) -> None:
    path = source / "resources/program/multi-prong-internet-child-safety-2006.toml"
    edit(path, 'label = "supplemental award in 2007"', "fiscal_year = 2007")
    (line,) = problems(source)
    assert "awards: date 'fiscal year 2007' is not in" in line
    # "FY 2007" on the page would state it.
    page = source / "sources/ojjdp-csec-program-page-2008.txt"
    edit(page, "of $996,540 in 2007", "of $996,540 in FY 2007")
    assert problems(source) == []


def test_a_title_the_source_does_not_give_must_be_marked_descriptive(source: Path) -> None:
    path = source / "resources/program/dsg-safe-harbor-service-delivery-study.toml"
    edit(path, "title_descriptive = true\n", "")
    (line,) = problems(source)
    assert line.startswith(f"{path.relative_to(source)} [program/dsg-safe-harbor-service-deli")
    assert "title: title 'Impact of Safe Harbor Legislation on Service Delivery" in line


def test_a_locator_that_points_nowhere_is_one_line(source: Path) -> None:
    edit(source / AMBER, 'item = "AMBER Alert Training and Technical Assistance Program"',
         'item = "AMBER Alert Hotline"')  # fmt: skip
    edit(source / GEMS, 'section = "Direct Service/Intervention Programs"\nitem',
         'section = "Direct Services"\nitem')  # fmt: skip
    found = problems(source)
    assert len(found) == 2
    assert any(
        line.startswith(f"{AMBER} [website/amber-alert-tta-program]: title: provenance points")
        and "item 'AMBER Alert Hotline' does not occur in ojjdp-csec-page › Additional Websites"
        in line
        for line in found
    )
    assert any(
        line.startswith(f"{GEMS} [program/gems-2006]: title: provenance points nowhere")
        and "section 'Direct Services' is not a section of ojjdp-csec-program-page" in line
        for line in found
    )


def test_a_locator_citing_a_source_without_a_page_is_one_line(source: Path) -> None:
    sources = source / "sources.toml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace('source = "hotline-cybertipline"\nfile', 'source = "x"\nfile'))
    found = problems(source)
    assert found[0] == "sources.toml [x]: a [[page]] needs a source and a file"
    assert found[1:] == [
        "resources/hotline/cybertipline.toml [hotline/cybertipline]: title: provenance "
        "points nowhere: hotline-cybertipline has no [[page]]"
    ]


def test_a_page_missing_from_the_repository_is_one_line(source: Path) -> None:
    (source / "sources/ojjdp-csec-page-2016.txt").unlink()
    assert problems(source) == [
        "sources.toml [ojjdp-csec-page]: page sources/ojjdp-csec-page-2016.txt is missing "
        "from the repository"
    ]


def test_text_copied_from_the_page_is_reported(source: Path) -> None:
    copied = (
        "The Salvation Army has established a technical working group, comprised of eleven "
        "experts in the field of child sexual exploitation."
    )
    path = source / "resources/program/csec-community-intervention-project-2006.toml"
    edit(path, "A technical working group of eleven experts", copied + " A group of eleven experts")
    (line,) = problems(source)
    assert "overview: copies 12+ words of its source page" in line


def test_present_tense_is_reported_once_the_facts_are_a_year_old(source: Path) -> None:
    hotline = source / "resources/hotline/ncmec-hotline.toml"
    edit(hotline, 'summary = "Call', 'summary = "The line is now open. Call')
    assert problems(source, dt.date(2027, 11, 30)) == []
    (line,) = problems(source, dt.date(2028, 1, 1))
    assert line == (
        "resources/hotline/ncmec-hotline.toml [hotline/ncmec-hotline]: summary: says 'is now' "
        "of facts last verified 2026-11"
    )


def test_validate_prints_the_provenance_problems(
    capsys: pytest.CaptureFixture[str], source: Path
) -> None:
    edit(source / GEMS, "amount = 600000", "amount = 650000")
    code, out, _ = run(capsys, "validate", str(source), "--json")
    assert code == 1
    (problem,) = json.loads(out)["problems"]
    assert problem["file"] == GEMS and problem["entry"] == "program/gems-2006"
    assert re.match(r"awards: amount '\$650,000' is not in ", problem["message"])
