"""Helpers the window tests share: open a real window on a data directory, type a query
and wait for its results, read what the results list shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from csec_desktop.app import build_main_window
from csec_desktop.ui.main_window import MainWindow
from csec_desktop.ui.qt import QLineEdit, QWidget

GEMS = "program/gems-2006"
_W = TypeVar("_W", bound=QWidget)


def open_window(qtbot: Any, data_dir: Path) -> MainWindow:
    """A new main window on ``data_dir``, closed by qtbot after the test."""
    window = build_main_window(data_dir)
    qtbot.addWidget(window)
    return window


def script_message_boxes(monkeypatch: Any, answers: list[Any]) -> list[str]:
    """Replace ``QMessageBox`` (as the application reaches it, through ui/qt.py) with one
    whose ``question`` answers from ``answers`` in turn and whose ``warning`` says Ok;
    return the list their texts go to."""
    from csec_desktop.ui import qt

    asked: list[str] = []

    class Boxes:
        StandardButton = qt.QMessageBox.StandardButton

        @staticmethod
        def question(*args: Any) -> Any:
            asked.append(str(args[2]))
            return answers.pop(0)

        @staticmethod
        def warning(*args: Any) -> Any:
            asked.append(str(args[2]))
            return qt.QMessageBox.StandardButton.Ok

    monkeypatch.setattr(qt, "QMessageBox", Boxes)
    return asked


def resources_in_catalog(window: MainWindow, kind: str | None = None) -> int:
    """How many resources (of ``kind``) the window's catalog holds, counted in the database."""
    sql = "SELECT count(*) FROM resource" + (" WHERE kind = ?" if kind else "")
    with window.catalog.connect() as connection:
        return int(connection.exec_driver_sql(sql, (kind,) if kind else ()).scalar_one())


def settle(qtbot: Any, window: MainWindow) -> None:
    """Wait until the typed query has run and its results are shown."""
    qtbot.waitUntil(window.search_idle, timeout=5000)


def search(qtbot: Any, window: MainWindow, text: str) -> None:
    """Clear the search field (found by its object name), type ``text``, wait for results."""
    edit = window.findChild(QLineEdit, "searchEdit")
    assert edit is not None, "searchEdit"
    edit.clear()
    qtbot.keyClicks(edit, text)
    settle(qtbot, window)


def child(parent: QWidget, kind: type[_W], name: str) -> _W:
    """The child widget of ``kind`` named ``name`` (fails the test if there is none)."""
    found = parent.findChild(kind, name)
    assert found is not None, name
    return found


def start_telling(qtbot: Any, data_dir: Path, monkeypatch: Any) -> tuple[MainWindow, list[str]]:
    """Start the window as the application does on ``data_dir`` and wait until it is whole;
    return it and the texts of the message boxes it showed meanwhile (answered at once)."""
    from csec_desktop.app import start_window
    from csec_desktop.ui.qt import QMessageBox

    told: list[str] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _w, _t, text, *_a: told.append(text))
    window = start_window(data_dir)
    assert window is not None, told
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.attached and window.search_idle(), timeout=30_000)
    return window, told
