"""Saved data that cannot be written, and errors nobody expected: one sentence each, which
never shows an SQL statement, its parameters or a record's text; a bug's details go to a
log under the data folder."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError, StatementError

from cli_helpers import LOCAL_LINE_TOML, assert_one_sentence, run
from csec_desktop import cli, errorlog
from csec_desktop.catalog.storage import failures, store
from csec_desktop.catalog.user import local
from storage_helpers import refuse_writes

TITLE = "Quillon County Youth Line"
SECRET = "Brannoch County Youth Line"


@pytest.fixture
def read_only_user(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A data folder with a local resource and a favorite, whose user data is read-only."""
    entry = data_dir / "line.toml"
    entry.write_text(LOCAL_LINE_TOML, encoding="utf-8")
    assert run(capsys, "local", "add", str(entry))[0] == 0
    assert run(capsys, "favorites", "add", "program/gems-2006")[0] == 0
    entry.write_text(LOCAL_LINE_TOML.replace(TITLE, SECRET), encoding="utf-8")
    opened = store.open_user_db
    monkeypatch.setattr(
        store, "open_user_db", lambda *args, **kwargs: refuse_writes(opened(*args, **kwargs))
    )
    yield entry


def _one_clean_sentence(err: str) -> None:
    assert_one_sentence(err)
    for leak in (SECRET, TITLE, "INSERT", "DELETE", "[SQL", "parameters", "Traceback"):
        assert leak not in err, err


@pytest.mark.parametrize(
    "args",
    [
        ["favorites", "add", "hotline/cybertipline"],
        ["favorites", "remove", "program/gems-2006"],
        ["local", "add", "{entry}"],
        ["local", "edit", "local/quillon-county-youth-line", "{entry}"],
        ["local", "remove", "local/quillon-county-youth-line"],
    ],
)
def test_every_write_to_read_only_data_is_refused_in_one_sentence(
    capsys: pytest.CaptureFixture[str], read_only_user: Path, args: list[str]
) -> None:
    code, out, err = run(capsys, *(a.format(entry=read_only_user) for a in args))
    assert code == 1 and out == ""
    _one_clean_sentence(err)
    assert str(failures.read_only_data()) in err
    _, out, _ = run(capsys, "favorites", "list")
    assert "program/gems-2006" in out, "what was saved before is all still there"
    _, out, _ = run(capsys, "local", "list")
    assert TITLE in out and SECRET not in out


@pytest.mark.gui
def test_the_form_says_read_only_in_one_sentence(
    qtbot: Any, read_only_user: Path, data_dir: Path
) -> None:
    from csec_desktop.ui.local_resource_dialog import LocalResourceDialog
    from csec_desktop.ui.qt import QLineEdit, QPlainTextEdit

    catalog, _ = store.ensure_catalog(data_dir, None)
    user = store.open_user_db(data_dir)
    dialog = LocalResourceDialog(catalog, user)
    qtbot.addWidget(dialog)
    title = dialog.findChild(QLineEdit, "titleEdit")
    summary = dialog.findChild(QPlainTextEdit, "summaryEdit")
    assert title is not None and summary is not None
    title.setText(SECRET)
    summary.setPlainText("A line for young people.")
    dialog.accept()
    assert dialog.saved_slug is None
    assert dialog.general_error.text() == str(failures.read_only_data())
    assert [e.slug for e in local.entries(catalog, user)] == ["local/quillon-county-youth-line"]


def _sql_error() -> StatementError:
    """What SQLAlchemy raises when a write fails: its message holds the SQL and the record."""
    return StatementError(
        "bad value",
        "INSERT INTO local_resource (slug, record) VALUES (?, ?)",
        ("local/x", f'{{"title": "{SECRET}"}}'),
        ValueError(f"cannot store {SECRET}"),
    )


def test_an_unexpected_error_names_its_log_and_shows_no_record(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_args: object) -> int:
        raise _sql_error()

    monkeypatch.setattr(cli, "cmd_stats", broken)
    code, out, err = run(capsys, "stats")
    assert code == 1 and out == ""
    _one_clean_sentence(err)
    log = errorlog.log_path(data_dir, "csec-catalog")
    assert err.startswith("csec-catalog: Unexpected error (StatementError)")
    assert str(log) in err
    logged = log.read_text(encoding="utf-8")
    assert "StatementError" in logged and "broken" in logged, "where it happened is kept"
    assert "INSERT" not in logged and '"title"' not in logged


def test_a_read_only_database_error_anywhere_is_the_read_only_sentence(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(_args: object) -> int:
        orig = sqlite3.OperationalError("attempt to write a readonly database")
        raise OperationalError("INSERT INTO favorite VALUES (?)", (SECRET,), orig)

    monkeypatch.setattr(cli, "cmd_stats", refused)
    code, _, err = run(capsys, "stats")
    assert code == 1
    _one_clean_sentence(err)
    assert str(failures.read_only_data()) in err
    assert not errorlog.log_path(data_dir, "csec-catalog").exists(), "not a bug: not logged"


@pytest.mark.gui
def test_the_window_reports_an_uncaught_error_in_one_sentence(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from csec_desktop.app import error_handler
    from csec_desktop.ui.qt import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    error = _sql_error()
    error_handler(data_dir)(type(error), error, None)
    log = errorlog.log_path(data_dir, "csec-desktop")
    assert len(shown) == 1 and str(log) in shown[0] and log.is_file()
    assert SECRET not in shown[0] and "INSERT" not in shown[0]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and SECRET not in err and "Traceback" not in err
