"""Spanish sheets: every label, date and hour in Spanish, catalog text the sheet has only in
English marked "(en inglés)" and never translated, an operator's own Spanish text printed
with where it was read; discreet Spanish sheets; an unknown language told and printed with
English labels. Each check reads the PDF a family would be handed."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdf
import pytest
from sqlalchemy import Engine

from cli_helpers import LOCAL_LINE_TOML, run
from csec_desktop.catalog.content import discreet, spanish
from csec_desktop.catalog.content.discreet import DiscreetTexts, read_discreet
from csec_desktop.catalog.content.hours import IN_ENGLISH, hours_text
from csec_desktop.catalog.display import sheets
from csec_desktop.catalog.display.sheets import SheetOptions, build_sheet
from csec_desktop.catalog.storage import reader
from sheet_helpers import pdf_everything, pdf_text, validated_with

pytestmark = pytest.mark.gui

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def render(qapp: Any) -> Any:
    from csec_desktop.render import sheet

    return sheet


@pytest.fixture(scope="module")
def texts() -> DiscreetTexts:
    found, problems = read_discreet(DATA / discreet.DISCREET_FILE)
    assert problems == []
    return found


def every_slug(engine: Engine) -> list[str]:
    return [record.id for record in reader.iter_records(engine)]


#: Labels that are the same word in Spanish: "TTY" and "Chat" (the only ones).
SAME_IN_SPANISH = {"tty", "chat"}


def english_labels() -> list[re.Pattern[str]]:
    """The English sheet's labels (placeholders such as {page} match any word), less those
    that are the same word in Spanish."""
    patterns = []
    for key, label in sheets.LABELS["en"].items():
        if key in SAME_IN_SPANISH:
            continue
        body = re.sub(r"\\\{\w+\\\}", r"\\S+", re.escape(label))
        patterns.append(re.compile(rf"(?<![\w/]){body}(?![\w/])", re.IGNORECASE))
    return patterns


def catalog_english(engine: Engine, slugs: list[str]) -> list[str]:
    """The catalog's own English words a sheet may print: names, summaries, sources."""
    found = []
    for detail in reader.resource_details(engine, slugs).values():
        found += [detail.record.title, detail.record.summary]
        found += [org.name for org in (detail.organization,) if org]
        found += [detail.source.title] if detail.source else []
    # Longest first, so that a title inside a summary does not split the summary.
    return sorted({" ".join(t.split()) for t in found if t}, key=len, reverse=True)


def english_left(text: str, catalog: list[str]) -> list[str]:
    """The English labels (or hours wording) left in ``text`` once the catalog's own words,
    which stay as the catalog has them, are taken out."""
    for words in catalog:
        text = text.replace(words, " ")
    found = [m.group(0) for p in english_labels() for m in p.finditer(text)]
    return found + re.findall(r"24/7", text)


@pytest.mark.parametrize(
    "options",
    [
        SheetOptions(language="es", layout="detailed", agency_name="Casa Amiga"),
        SheetOptions(language="es", large_print=True, paper="a4"),
        SheetOptions(language="es", discreet=True, layout="detailed", large_print=True),
    ],
    ids=["detailed", "large-print", "discreet"],
)
def test_a_spanish_sheet_of_the_whole_catalog_prints_no_english_label(
    render: Any, catalog_engine: Engine, options: SheetOptions
) -> None:
    slugs = every_slug(catalog_engine)
    catalog = catalog_english(catalog_engine, slugs)
    data = render.pdf_bytes(build_sheet(catalog_engine, slugs, options))
    text = pdf_text(data)
    assert english_left(text, catalog) == []
    assert "Información verificada" in text and "Página 1 de" in text
    metadata = pypdf.PdfReader(io.BytesIO(data)).metadata
    assert metadata is not None
    assert english_left(f"{metadata.title} {metadata.author}", catalog) == []
    # The same sheet in English prints them: the check can fail.
    english = render.pdf_bytes(build_sheet(catalog_engine, slugs, replace(options, language="en")))
    assert len(english_left(pdf_text(english), catalog)) > 3


def test_english_only_summaries_and_sources_are_marked_never_translated(
    render: Any, catalog_engine: Engine
) -> None:
    slugs = every_slug(catalog_engine)
    options = SheetOptions(language="es", layout="detailed", hotlines=False)
    text = pdf_text(render.pdf_bytes(build_sheet(catalog_engine, slugs, options)))
    details = reader.resource_details(catalog_engine, slugs)
    for detail in details.values():
        summary = " ".join(detail.record.summary.split())
        assert f"{summary} {IN_ENGLISH}" in text, detail.record.id
        if detail.source:
            assert f"{detail.source.title} {IN_ENGLISH}" in text
    english = pdf_text(
        render.pdf_bytes(build_sheet(catalog_engine, slugs, replace(options, language="en")))
    )
    assert IN_ENGLISH not in english


def test_an_operators_spanish_summary_is_printed_with_where_it_was_read(
    render: Any, catalog_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    hotline = sheets.hotline_slugs(catalog_engine)[0]
    words = "Texto de prueba del operador, en español."
    given = spanish.parse_spanish(
        {
            "resource": [
                {
                    "id": hotline,
                    "summary": words,
                    "source_url": "https://example.org/es",
                    "checked": "2026-11",
                }
            ]
        }
    )[0]
    monkeypatch.setattr(spanish, "bundled_texts", lambda: given)
    options = SheetOptions(language="es", layout="detailed", hotlines=False)
    text = pdf_text(render.pdf_bytes(build_sheet(catalog_engine, [hotline], options)))
    record = reader.get_record(catalog_engine, hotline)
    assert record is not None
    assert words in text and f"{words} {IN_ENGLISH}" not in text
    assert " ".join(record.summary.split()) not in text
    assert "Texto en español de: https://example.org/es (noviembre de 2026)" in text


def test_validate_checks_the_spanish_texts(tmp_path: Path) -> None:
    messages = validated_with(
        tmp_path,
        spanish.SPANISH_FILE,
        '\n[[resource]]\nid = "hotline/national-runaway-safeline"\nsummary = " "\n'
        'source_url = "javascript:alert(1)"\nchecked = "2026-11"\n'
        '\n[[resource]]\nid = "program/no-such-thing"\nsummary = "Hola."\n'
        'source_url = "https://example.org/es"\nchecked = "noviembre"\n'
        '\n[[resource]]\nid = "hotline/ncmec-hotline"\nsummary = "Hola."\nchecked = "2026-11"\n',
    )
    assert messages == {
        ("hotline/national-runaway-safeline", "'summary' is required (text)"),
        ("hotline/national-runaway-safeline", "'source_url' must be an http(s) address"),
        ("program/no-such-thing", "'checked' must be a month, YYYY-MM"),
        ("hotline/ncmec-hotline", "'source_url' is required (text)"),
    }


@pytest.mark.parametrize(
    ("hours", "spanish_hours"),
    [
        ("24/7", "las 24 horas, todos los días"),
        ("Mon–Fri 9am–5pm", "de lunes a viernes, de 9:00 a 17:00"),
        (
            "Mon, Wed 10:00-14:00; Sat closed",
            "lunes y miércoles, de 10:00 a 14:00; sábado, cerrado",
        ),
        ("Weekdays 8:30 a.m. to 4:30 p.m.", "de lunes a viernes, de 8:30 a 16:30"),
        ("Mon-Fri 9-5", f"Mon-Fri 9-5 {IN_ENGLISH}"),  # morning or evening? not guessed
        ("Call ahead", f"Call ahead {IN_ENGLISH}"),
    ],
)
def test_hours_are_read_into_spanish_or_marked_as_written(hours: str, spanish_hours: str) -> None:
    assert hours_text(hours, "es") == spanish_hours
    assert hours_text(hours, "en") == hours


def test_a_spanish_discreet_sheet_falls_back_to_the_english_discreet_name_marked(
    render: Any, catalog_engine: Engine, texts: DiscreetTexts
) -> None:
    hotlines = sheets.hotline_slugs(catalog_engine)
    english_only = {
        slug: {k: v for k, v in entry.items() if k == "en" or slug != hotlines[0]}
        for slug, entry in texts.entries.items()
    }
    given = DiscreetTexts(english_only, texts.deny)
    options = SheetOptions(language="es", discreet=True)
    document = build_sheet(catalog_engine, hotlines[:1], options, discreet=given)
    everything = pdf_everything(render.pdf_bytes(document))
    entry = texts.text(hotlines[0], "en")
    assert entry is not None
    assert entry.name in everything and f"{entry.description} {IN_ENGLISH}" in everything
    assert texts.deny.found(everything) == []
    assert reader.titles(catalog_engine, hotlines[:1])[hotlines[0]] not in everything
    assert document.in_english == (hotlines[0],) and document.left_off == ()
    assert "Printed with its English discreet name" in sheets.left_off_note(
        catalog_engine, document
    )


def test_a_local_resource_prints_on_a_discreet_sheet_only_under_its_stewards_name(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    data_dir: Path,
    qapp: Any,
    texts: DiscreetTexts,
) -> None:
    entry = tmp_path / "line.toml"
    entry.write_text(LOCAL_LINE_TOML, encoding="utf-8")
    code, out, err = run(capsys, "local", "add", str(entry))
    assert code == 0, err
    slug = out.split()[-1].rstrip(".")
    title = "Quillon County Youth Line"
    target = tmp_path / "hoja.pdf"
    sheet = ["sheet", "--discreet", "--lang", "es", "--no-hotlines", slug, "-o", str(target)]

    code, _, err = run(capsys, *sheet)
    assert code != 0 and "No resource on this discreet sheet" in err  # left off: nothing left

    denied = ["local", "discreet", slug, "--lang", "es", "--name", "Línea contra la trata"]
    code, _, err = run(capsys, *denied, "--description", "Llame.")
    assert code != 0 and "deny-listed word(s): trata" in err
    code, out, err = run(
        capsys, "local", "discreet", slug, "--lang", "es",
        "--name", "Línea del condado", "--description", "Llame a cualquier hora.",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = run(capsys, *sheet)
    assert code == 0, err
    everything = pdf_everything(target.read_bytes())
    assert "Línea del condado" in everything and "518-555-0101" in everything
    assert title not in everything and texts.deny.found(everything) == []

    # An English discreet sheet has no name for it: left off, and the steward is told how.
    code, _, err = run(capsys, "sheet", "--discreet", slug, "-o", str(tmp_path / "en.pdf"))
    assert code == 0, err
    assert f"“{title}”" in err and "csec-catalog local discreet" in err
    assert title not in pdf_everything((tmp_path / "en.pdf").read_bytes())


@pytest.mark.usefixtures("data_dir", "qapp")
def test_an_unknown_language_is_told_in_one_sentence_and_gets_english_labels(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, catalog_engine: Engine
) -> None:
    target = tmp_path / "sheet.pdf"
    hotline = sheets.hotline_slugs(catalog_engine)[0]
    code, _, err = run(capsys, "sheet", hotline, "--lang", "xx", "-o", str(target))
    assert code == 0, err
    told = [line for line in err.splitlines() if "xx" in line]
    assert told == [
        "Sheets have no labels in the language “xx” (only en, English, and es, Spanish), so "
        "this one uses English labels."
    ]
    text = pdf_text(target.read_bytes())
    assert sheets.LABELS["en"]["verified"] in text
    assert sheets.LABELS["es"]["verified"] not in text
    # A regional code is the language it names.
    code, _, err = run(capsys, "sheet", hotline, "--lang", "es-MX", "-o", str(target))
    assert code == 0 and "es-MX" not in err
    assert sheets.LABELS["es"]["verified"] in pdf_text(target.read_bytes())
