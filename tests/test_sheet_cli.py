"""`csec-catalog sheet`: the same PDF from the command line, with no display; every bad
input is one sentence and leaves no file behind."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import Engine

from cli_helpers import assert_one_sentence, run
from csec_desktop.catalog.display import sheets
from csec_desktop.catalog.storage import reader, store
from csec_desktop.catalog.user import userstore
from csec_desktop.cli import main
from sheet_helpers import pdf_pages, pdf_text, websites

# In-process runs share pytest-qt's application (the CLI makes its own only when there is
# none, as test_sheet_needs_no_display checks in a fresh process).
pytestmark = pytest.mark.usefixtures("data_dir", "qapp")

GEMS = "program/gems-2006"
SCRIPT = "import sys; from csec_desktop.cli import main; sys.exit(main())"


def test_sheet_writes_a_pdf_of_the_resources(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, catalog_engine: Engine
) -> None:
    hotline = sheets.hotline_slugs(catalog_engine)[0]
    target = tmp_path / "sheet.pdf"
    code, _, err = run(capsys, "sheet", GEMS, hotline, "-o", str(target), "--title", "For you")
    assert code == 0, err
    assert "to " + str(target) in err
    text = pdf_text(target.read_bytes())
    assert "For you" in text
    for slug in (GEMS, hotline):
        record = reader.get_record(catalog_engine, slug)
        assert record is not None and record.title in text


def test_sheet_options_spanish_a4_large_no_qr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, catalog_engine: Engine
) -> None:
    with_web = [s for s in sheets.hotline_slugs(catalog_engine) if websites(catalog_engine, [s])]
    images = {}
    for qr in ([], ["--no-qr"]):
        target = tmp_path / f"hoja{len(qr)}.pdf"
        args = ["sheet", with_web[0], "-o", str(target), "--lang", "es", "--paper", "a4", *qr]
        code, _, err = run(capsys, *args, "--large-print", "--detailed")
        assert code == 0, err
        data = target.read_bytes()
        assert "Información verificada" in pdf_text(data)
        page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
        resources = page["/Resources"]
        assert isinstance(resources, pypdf.generic.DictionaryObject)
        images[bool(qr)] = len(resources.get("/XObject", {}))
        assert round(float(page.mediabox.width)) == 595, "A4"
    assert images == {False: 1, True: 0}, "one QR code, none with --no-qr"


def test_agency_header_from_the_user_settings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    user = store.open_user_db(data_dir)
    userstore.set_setting(user, sheets.AGENCY_SETTING, {"name": "Harbor House", "phone": "311"})
    user.dispose()
    target = tmp_path / "sheet.pdf"
    assert run(capsys, "sheet", GEMS, "-o", str(target))[0] == 0
    assert "Harbor House · 311" in pdf_pages(target.read_bytes())[0]


@pytest.mark.parametrize(
    ("output", "ids", "title", "message"),
    [
        ("sheet.pdf", ["program/no-such-thing"], "", "There is no resource with the id"),
        ("sheet.pdf", [GEMS, "x/a", "x/b"], "", "'x/a', 'x/b'."),
        ("missing-folder/sheet.pdf", [GEMS], "", "does not exist"),
        (".", [GEMS], "", "is a directory"),
        ("sheet.pdf", [GEMS], "T" * 5000, "A sheet title can be at most 200 characters long."),
    ],
)
def test_bad_input_is_one_sentence_and_no_file(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    output: str,
    ids: list[str],
    title: str,
    message: str,
) -> None:
    work = tmp_path / "out"
    work.mkdir()
    code, _, err = run(capsys, "sheet", *ids, "-o", str(work / output), "--title", title)
    assert code != 0
    assert_one_sentence(err)
    assert err.rstrip().endswith(".")
    assert message in err
    assert list(work.iterdir()) == []


def test_unwritable_output_leaves_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    work = tmp_path / "out"
    work.mkdir()
    monkeypatch.setattr("tempfile.mkstemp", refuse)
    code, _, err = run(capsys, "sheet", GEMS, "-o", str(work / "sheet.pdf"))
    assert code != 0
    assert_one_sentence(err)
    assert err.rstrip().endswith(".")
    assert "could not be written" in err and "Permission denied" in err
    assert list(work.iterdir()) == []


def test_no_ids_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["sheet", "-o", str(tmp_path / "x.pdf")])
    assert stop.value.code == 2
    assert "ID" in capsys.readouterr().err


@pytest.mark.slow
def test_sheet_needs_no_display(tmp_path: Path, data_dir: Path) -> None:
    """Nor any widget: the command renders through csec_desktop.render alone."""
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.pop("QT_QPA_PLATFORM", None)
    target = tmp_path / "sheet.pdf"
    script = (
        "import atexit, sys\n"
        "def loaded():\n"
        "    names = ('PySide6.QtWidgets', 'PySide6.QtPrintSupport', 'csec_desktop.ui')\n"
        "    print('loaded:', sorted(n for n in sys.modules if n.startswith(names)))\n"
        "atexit.register(loaded)\n" + SCRIPT
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "sheet", GEMS, "-o", str(target)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF")
    assert "loaded: []" in result.stdout
