"""A data folder that cannot be written: the desk opens it for reading, says so once in
one sentence, searches, and refuses every write in one sentence that never echoes the
record. Tests run as root, whom file modes do not stop: the folder is made to look
read-only, and SQLite's read-only open then refuses writes as it would anyway."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cli_helpers import LOCAL_LINE_TOML, run
from csec_desktop.catalog import readonly
from csec_desktop.catalog.storage import failures


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture
def read_only_folder(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A data folder with a favorite and a local resource, then read-only."""
    entry = data_dir.parent / "line.toml"
    entry.write_text(LOCAL_LINE_TOML, encoding="utf-8")
    assert run(capsys, "local", "add", str(entry))[0] == 0
    assert run(capsys, "favorites", "add", "program/gems-2006")[0] == 0
    assert run(capsys, "stats")[0] == 0  # settles the WAL into the files
    for sidecar in data_dir.glob("*.sqlite-*"):
        sidecar.unlink()
    folder = data_dir.resolve()
    monkeypatch.setattr(
        readonly, "folder_is_read_only", lambda directory: Path(directory).resolve() == folder
    )
    return data_dir


def test_the_command_line_reads_a_read_only_folder_and_says_so_once(
    capsys: pytest.CaptureFixture[str], read_only_folder: Path
) -> None:
    before = _files(read_only_folder)
    note = f"csec-catalog: {failures.read_only_folder(read_only_folder)}\n"
    refused = f"csec-catalog: {failures.read_only_data()!s}\n"
    code, out, err = run(capsys, "stats", "--json")
    assert code == 0 and err == note and '"resources"' in out
    code, out, err = run(capsys, "search", "gems", "--json")
    assert code == 0 and err == note and "program/gems-2006" in out
    code, out, err = run(capsys, "favorites", "list")
    assert code == 0 and "program/gems-2006" in out
    code, out, err = run(capsys, "local", "list")
    assert code == 0 and "Quillon County Youth Line" in out
    for args in (
        ["favorites", "add", "hotline/cybertipline"],
        ["favorites", "remove", "program/gems-2006"],
        ["local", "remove", "local/quillon-county-youth-line"],
    ):
        code, out, err = run(capsys, *args)
        assert code == 1 and out == "" and err in (note, refused), args
    assert _files(read_only_folder) == before, "nothing written, not even a backup or a WAL"


@pytest.mark.gui
def test_the_window_opens_a_read_only_folder_says_so_once_and_searches(
    qtbot: Any, read_only_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gui_helpers import search, start_telling

    before = _files(read_only_folder)
    window, told = start_telling(qtbot, read_only_folder, monkeypatch)
    assert told == [str(failures.read_only_folder(read_only_folder))]
    search(qtbot, window, "gems")
    assert window.results_model.rowCount() > 0
    window.close()
    assert _files(read_only_folder) == before


def test_a_read_only_folder_that_never_held_saved_data_opens_with_none(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csec_desktop.catalog.desk import Desk

    with Desk(data_dir) as desk:
        desk.open_catalog()
    for sidecar in data_dir.glob("*.sqlite-*"):
        sidecar.unlink()
    monkeypatch.setattr(readonly, "folder_is_read_only", lambda directory: True)
    before = _files(data_dir)
    code, out, _ = run(capsys, "favorites", "list")
    assert code == 0 and "No favorites yet" in out
    code, out, err = run(capsys, "favorites", "add", "program/gems-2006")
    assert code == 1 and out == "" and err == f"csec-catalog: {failures.read_only_data()!s}\n"
    assert _files(data_dir) == before
