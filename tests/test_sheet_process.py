"""The sheet in a child process, where a crash shows as an exit code instead of taking the
test run with it.

Issue 22: the print preview's ``exec()`` ended the application with a segmentation fault
(the dialog drew on a printer PySide6 had already deleted), and the sheet being composed
was lost with it. Here the real dialog is shown and closed by a timer, alone and through
the window's Print preview action, and the sheet being composed must outlive a SIGKILL.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from csec_desktop import paths
from gui_helpers import GEMS, open_window

pytestmark = pytest.mark.gui

#: Set-up every child shares: an offscreen application, and close_next_modal(), which
#: starts a timer that rejects the next modal dialog ``exec()`` shows, noting its title (or
#: exits with 3 when none appears).
_PRELUDE = """\
import faulthandler, os, sys
faulthandler.enable()
from csec_desktop.ui.qt import QApplication, QTimer
app = QApplication(sys.argv)
closed = []

def close_next_modal(waited=0):
    modal = QApplication.activeModalWidget()
    if modal is not None and modal.isVisible():
        closed.append(modal.windowTitle())
        modal.reject()
    elif waited > 20_000:
        print("no modal dialog appeared", flush=True)
        os._exit(3)
    else:
        QTimer.singleShot(50, lambda: close_next_modal(waited + 50))
"""


def _child(code: str, data_dir: Path) -> subprocess.Popen[str]:
    """Start ``code`` (after the prelude) in a fresh interpreter on ``data_dir``."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", paths.DATA_DIR_ENV: str(data_dir)}
    return subprocess.Popen(
        [sys.executable, "-c", _PRELUDE + textwrap.dedent(code)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _run(code: str, data_dir: Path) -> tuple[int, str, str]:
    child = _child(code, data_dir)
    try:
        out, err = child.communicate(timeout=120)
    finally:
        child.kill()
    return child.returncode, out, err


def test_preview_dialog_exec_exits_cleanly(data_dir: Path) -> None:
    code = """
        from csec_desktop import paths
        from csec_desktop.catalog.display import sheets
        from csec_desktop.catalog.storage import store
        from csec_desktop.ui import sheet_print

        catalog, _ = store.ensure_catalog(paths.data_dir(), paths.bundled_catalog_source())
        painted = []
        for slugs in ([], [GEMS]):  # the empty sheet right after start, then one resource
            document = sheets.build_sheet(catalog, slugs, sheets.SheetOptions())
            dialog = sheet_print.preview_dialog(document, None)
            dialog.paintRequested.connect(lambda printer: painted.append(printer.docName()))
            close_next_modal()
            dialog.exec()
            del dialog
        print("closed:", closed, "painted:", len(painted), flush=True)
    """
    returncode, out, err = _run(f"GEMS = {GEMS!r}\n" + textwrap.dedent(code), data_dir)
    assert returncode == 0, f"exit {returncode}\n{err[-3000:]}"
    assert "closed: ['Resource sheet preview', 'Resource sheet preview'] painted: 2" in out


def test_print_preview_action_in_the_window_exits_cleanly(data_dir: Path) -> None:
    code = """
        from csec_desktop.app import build_main_window

        window = build_main_window()
        window.show()
        action = window.preview_sheet_action
        assert action.shortcut().toString() == "Ctrl+Shift+P", action.shortcut().toString()
        assert not action.isEnabled(), "an empty sheet has nothing to preview"
        window.sheet_panel.add_resources([GEMS])
        close_next_modal()
        action.trigger()  # what Ctrl+Shift+P and File > Print preview of sheet… do
        print("closed:", closed, flush=True)
        window.close()
    """
    returncode, out, err = _run(f"GEMS = {GEMS!r}\n" + textwrap.dedent(code), data_dir)
    assert returncode == 0, f"exit {returncode}\n{err[-3000:]}"
    assert "closed: ['Resource sheet preview']" in out


def test_the_working_sheet_outlives_a_kill(qtbot: Any, data_dir: Path) -> None:
    chosen = [GEMS, "hotline/cybertipline"]
    code = """
        from csec_desktop.app import build_main_window

        window = build_main_window()
        window.show()
        for slug in CHOSEN:
            assert window.show_resource(slug), slug
            window.add_to_sheet_button.click()  # + Sheet, beside the resource's details
        panel = window.sheet_panel
        panel.paper_combo.setCurrentIndex(panel.paper_combo.findData("a4"))
        print("on the sheet:", panel.slugs(), flush=True)
        app.exec()  # working, until killed
    """
    child = _child(f"CHOSEN = {chosen!r}\n" + textwrap.dedent(code), data_dir)
    try:
        assert child.stdout is not None and child.stderr is not None
        ready, _, _ = select.select([child.stdout], [], [], 120)
        line = child.stdout.readline() if ready else ""
        if line != f"on the sheet: {chosen}\n":
            child.kill()
            pytest.fail(f"the child said {line!r}\n{child.communicate()[1][-3000:]}")
        child.send_signal(signal.SIGKILL)  # no close, no clean-up: as a crash
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        child.kill()
        child.communicate()

    window = open_window(qtbot, data_dir)
    assert window.sheet_panel.slugs() == chosen
    assert window.sheet_panel.options().paper == "a4"
    assert window.sheet_button.text() == "▤ Sheet (2)"
    window.close()
    again = open_window(qtbot, data_dir)
    assert again.sheet_panel.slugs() == chosen, "an ordinary close keeps it too"
