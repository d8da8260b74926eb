"""Render the main window offscreen into docs/screenshots/ for the README and review.

    python scripts/screenshots.py [--out DIR]

Uses a fresh temporary data directory (the bundled catalog, no user data), types a query,
selects a result and grabs the window with ``QWidget.grab``, once in the light and once in
the dark appearance (``main-window.png``, ``main-window-dark.png``), then a request in
plain words (``main-window-request.png``) and the sheet; nothing is shown on screen.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUERY = "mentoring"
SELECT = "program/gems-2006"
SIZE = (1400, 860)
#: A request in plain words that no resource matches word for word.
REQUEST = "help for teen runaway girls hotline number"
#: Appearance and file name of each picture.
SHOTS = (("light", "main-window.png"), ("dark", "main-window-dark.png"))
#: Resources put on the sheet for the third picture, after the selected one.
SHEET_EXTRA = ("hotline/national-human-trafficking-hotline", "hotline/988-suicide-crisis-lifeline")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from csec_desktop.app import build_main_window
    from csec_desktop.catalog.preferences import Preferences
    from csec_desktop.paths import app_icon_path
    from csec_desktop.ui.qt import QApplication, QIcon, Qt, qInstallMessageHandler

    def quiet(_kind: object, _context: object, message: str) -> None:
        # The offscreen platform says it cannot resize a window to its hints; nothing else
        # is dropped.
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(app_icon_path())))
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as directory:
        window = build_main_window(directory)
        window.resize(*SIZE)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.show()
        window.search_edit.setText(QUERY)
        window.run_search()
        wait_for_search(app, window)
        row = window.results_model.row_of(SELECT)
        window.results_view.setCurrentIndex(window.results_model.index(max(row, 0), 0))
        for theme, name in SHOTS:
            window.apply_preferences(Preferences(theme=theme))
            for _ in range(3):  # palette and layout changes arrive as events
                app.processEvents()
            path = args.out / name
            if not window.grab().save(str(path)):
                print(f"could not write {path}", file=sys.stderr)
                return 1
            print(path)
        # A request in a caseworker's words, and the line that says how it was read.
        window.search_edit.setText(REQUEST)
        window.run_search()
        wait_for_search(app, window)
        path = args.out / "main-window-request.png"
        if not window.grab().save(str(path)):
            print(f"could not write {path}", file=sys.stderr)
            return 1
        print(path)
        # The sheet dock with a few resources, in the light appearance.
        window.apply_preferences(Preferences(theme="light"))
        window.resize(1600, SIZE[1])
        window.sheet_panel.add_resources([*window.selected_slugs(), *SHEET_EXTRA])
        window.sheet_panel.title_edit.setText("Help for young people in New York")
        window.sheet_dock.show()
        for _ in range(3):
            app.processEvents()
        path = args.out / "main-window-sheet.png"
        if not window.grab().save(str(path)):
            print(f"could not write {path}", file=sys.stderr)
            return 1
        print(path)
        window.close()
    return 0


def wait_for_search(app: Any, window: Any) -> None:
    """Until the search has run on its worker thread and its counts and filters are shown:
    the first page paints before them, so idle must hold for a while."""
    quiet_since = None
    while quiet_since is None or time.monotonic() - quiet_since < 0.3:
        app.processEvents()
        time.sleep(0.005)
        if not window.search_idle():
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()


if __name__ == "__main__":
    sys.exit(main())
