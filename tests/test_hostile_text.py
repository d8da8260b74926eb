"""Text that would print differently from how it reads (bidirectional overrides, controls)
or break a table row (a line break in a title) is refused at every door a local resource
comes in by: the command line's `local add`, CSV and HSDS imports, and the form."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from cli_helpers import LOCAL_LINE_TOML, run
from csec_desktop.catalog.storage import store
from csec_desktop.catalog.user import local

HSDS_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "hsds-partner"
#: "Call 518-555-0101 now" as it would print, typed backwards behind a right-to-left override.
REVERSED = "Call \u202e1010-555-815\u202c now"


def _stored(data_dir: Path) -> list[str]:
    catalog, _ = store.ensure_catalog(data_dir, None)
    user = store.open_user_db(data_dir)
    try:
        return [entry.slug for entry in local.entries(catalog, user)]
    finally:
        catalog.dispose()
        user.dispose()


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('"Quillon County Youth Line"', f'"{REVERSED}"', "text-direction characters"),
        ('"Quillon County Youth Line"', '"Quillon County\\nYouth Line"', "single line"),
        ('hours = "24/7"', 'hours = "24/7\\u2066"', "text-direction characters"),
        ('"A county line', '"A county \\u0007line', "control"),
    ],
)
def test_cli_local_add_refuses_hidden_characters_and_line_breaks(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    data_dir: Path,
    old: str,
    new: str,
    words: str,
) -> None:
    entry = tmp_path / "line.toml"
    assert old in LOCAL_LINE_TOML
    entry.write_text(LOCAL_LINE_TOML.replace(old, new), encoding="utf-8")
    code, out, err = run(capsys, "local", "add", str(entry))
    assert code == 1
    assert words in out and out.count("\n") == 1, out
    assert "\u202e" not in out + err and "\n" not in err.rstrip("\n")
    assert _stored(data_dir) == []


def test_csv_import_as_local_refuses_an_override(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    code, out, _ = run(capsys, "export", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(out.splitlines()))
    row = {**rows[0], "id": "", "title": REVERSED}
    source = tmp_path / "one.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerow(row)
    code, _, err = run(capsys, "import-csv", str(source), "--as-local")
    assert code == 1
    assert "'title' contains invisible control or text-direction characters" in err
    assert _stored(data_dir) == []


def test_hsds_import_as_local_refuses_an_override_and_keeps_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    package = tmp_path / "package"
    shutil.copytree(HSDS_FIXTURE, package)
    services = package / "services.csv"
    text = services.read_text(encoding="utf-8")
    assert "MyCity Youth Crisis Line" in text
    services.write_text(
        text.replace("MyCity Youth Crisis Line", "MyCity \u202eYouth Crisis Line"),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import-hsds", str(package), "--as-local")
    assert code == 0, err
    assert "'title' contains invisible control or text-direction characters" in err
    assert "\u202e" not in err
    stored = _stored(data_dir)
    assert len(stored) == 1 and "crisis" not in stored[0], stored


def test_a_record_stored_before_the_rule_is_left_out_and_listed_on_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    from test_local_merge import insert_directly

    entry = tmp_path / "line.toml"
    entry.write_text(LOCAL_LINE_TOML, encoding="utf-8")
    assert run(capsys, "local", "add", str(entry))[0] == 0
    insert_directly(data_dir, "local/two-lines", f"Two\nlines {REVERSED}")
    code, out, _ = run(capsys, "local", "list")
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("local/")]
    assert len(rows) == 2, out
    broken = next(row for row in rows if row.startswith("local/two-lines"))
    assert "Two lines Call \ufffd1010-555-815\ufffd now" in broken
    assert "'title' contains invisible" in broken, "it says why it is not in the catalog"
    code, out, _ = run(capsys, "search", "lines", "--json")
    assert "local/two-lines" not in out
