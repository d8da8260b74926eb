"""The sheet in a child process, where a crash shows as an exit code instead of taking the
test run with it.

Issue 22: the print preview's ``exec()`` ended the application with a segmentation fault
(the dialog drew on a printer PySide6 had already deleted), and the sheet being composed
was lost with it. Here the real dialog is shown and closed by a timer, alone and through
the window's Print preview action.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from csec_desktop import paths
from gui_helpers import GEMS

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
        from csec_desktop.catalog import sheets, store
        from csec_desktop.ui import sheet_render

        catalog, _ = store.ensure_catalog(paths.data_dir(), paths.bundled_catalog_source())
        painted = []
        for slugs in ([], [GEMS]):  # the empty sheet right after start, then one resource
            document = sheets.build_sheet(catalog, slugs, sheets.SheetOptions())
            dialog = sheet_render.preview_dialog(document, None)
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
        close_next_modal()
        action.trigger()  # what Ctrl+Shift+P and File > Print preview of sheet… do
        print("closed:", closed, flush=True)
        window.close()
    """
    returncode, out, err = _run(code, data_dir)
    assert returncode == 0, f"exit {returncode}\n{err[-3000:]}"
    assert "closed: ['Resource sheet preview']" in out
