"""The detail view says where each fact comes from, and the sheet names each source."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import Engine

from csec_desktop.catalog.display.presentation import DESCRIPTIVE_TITLE, detail_sections
from csec_desktop.catalog.display.sheets import SheetOptions, build_sheet
from csec_desktop.catalog.storage import reader
from csec_desktop.ui.detail_html import detail_html


def details(engine: Engine) -> list[reader.ResourceDetail]:
    slugs = [record.id for record in reader.iter_records(engine)]
    return list(reader.resource_details(engine, slugs).values())


def test_sources_section_lists_every_locator_with_its_page_and_section(
    catalog_engine: Engine,
) -> None:
    located = [d for d in details(catalog_engine) if d.record.provenance]
    assert located
    sources = {s.key: s.title for s in reader.sources(catalog_engine)}
    for detail in located:
        section = detail_sections(detail)[-1]
        assert section.title == "Sources"
        values = [field.value for field in section.fields]
        for locator in detail.record.provenance:
            title = sources[locator.source or detail.record.source]
            wanted = " › ".join(p for p in (title, locator.section, locator.item) if p)
            assert wanted in values, (detail.record.id, wanted)


def test_a_descriptive_title_says_so_and_a_given_name_does_not(catalog_engine: Engine) -> None:
    seen = set()
    for detail in details(catalog_engine):
        about = detail_sections(detail)[0]
        said = any(field.value == DESCRIPTIVE_TITLE for field in about.fields)
        assert said == bool(detail.record.title_descriptive), detail.record.id
        seen.add(said)
    assert seen == {True, False}


def test_sources_are_escaped_in_the_detail_view(catalog_engine: Engine) -> None:
    quoting = [
        (d, p.section) for d in details(catalog_engine) for p in d.record.provenance
        if '"' in p.section
    ]  # fmt: skip
    assert quoting, "a locator's section quotes a title"
    detail, quoted = quoting[0]
    page = detail_html(detail.record.title, "", detail_sections(detail))
    assert html.escape(quoted, quote=True) in page
    assert quoted not in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_sheet_names_each_resources_source_on_one_line(
    catalog_engine: Engine, language: str
) -> None:
    chosen = [d for d in details(catalog_engine) if d.source][:6]
    options = SheetOptions(hotlines=False, language=language)  # type: ignore[arg-type]
    document = build_sheet(catalog_engine, [d.record.id for d in chosen], options)
    label = {"en": "Source", "es": "Fuente"}[language]
    # Every source is an English page: a Spanish sheet says so.
    marker = {"en": "", "es": " (en inglés)"}[language]
    for detail in chosen:
        assert detail.source is not None
        assert f"{label}: {html.escape(detail.source.title)}{marker}</p>" in document.html
