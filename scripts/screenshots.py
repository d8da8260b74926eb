"""Render the main window offscreen into docs/screenshots/ for the README and review.

    python scripts/screenshots.py [--out DIR]

Uses a fresh temporary data directory (the bundled catalog, no user data), types a query,
selects a result and grabs the window with ``QWidget.grab``, once in the light and once in
the dark appearance (``main-window.png``, ``main-window-dark.png``), then a request in
plain words (``main-window-request.png``), the sheet, 16 pt text with the hotlines and the
sheet open, light and dark, and on a small screen (``main-window-16pt*.png``), and a
discreet sheet in Spanish as printed (``discreet-sheet-es.png``: the saved PDF's first page,
drawn by poppler's ``pdftoppm`` when it is installed, else by the sheet renderer that wrote
it), and the window in Spanish for a client near a place, with the sheet open
(``main-window-es.png``, Settings → Language). Offscreen nothing is
shown on screen; under a real X server (``xvfb-run``, with ``QT_QPA_PLATFORM=xcb``) the
window is shown and grabbed as it is drawn there.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUERY = "mentoring"
SELECT = "program/gems-2006"
SIZE = (1400, 860)
#: The client of the Spanish picture: a ZIP code near the selected resource, and an age.
CLIENT_PLACE, CLIENT_AGE = "10001", "15"
#: A request in plain words that no resource matches word for word.
REQUEST = "help for teen runaway girls hotline number"
#: Appearance and file name of each picture.
SHOTS = (("light", "main-window.png"), ("dark", "main-window-dark.png"))
#: The small screen at a large text size: appearance and file name of each picture.
LARGE_TEXT = 16
SMALL_SCREEN = (1024, 700)
#: The size the window opens at.
DEFAULT_WINDOW = (1280, 800)
#: (appearance, window size, the sheet open, file name) at the large text size.
LARGE_SHOTS = (
    ("light", DEFAULT_WINDOW, True, "main-window-16pt.png"),
    ("dark", DEFAULT_WINDOW, True, "main-window-16pt-dark.png"),
    ("light", SMALL_SCREEN, True, "main-window-16pt-1024.png"),
)
#: Resources put on the sheet for the third picture, after the selected one.
SHEET_EXTRA = ("hotline/national-human-trafficking-hotline", "hotline/988-suicide-crisis-lifeline")
#: The resources of the discreet sheet (the other hotlines follow in its hotlines block).
DISCREET_SHEET = (
    "hotline/national-runaway-safeline",
    "hotline/childhelp-national-child-abuse-hotline",
    "hotline/cybertipline",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from csec_desktop.app import build_main_window
    from csec_desktop.catalog.user.preferences import Preferences
    from csec_desktop.paths import app_icon_path
    from csec_desktop.ui.qt import QApplication, QIcon, qInstallMessageHandler

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
        show_selected(app, window, SIZE)
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
        window.sheet_panel.add_resources([*window.sheet.selected_slugs(), *SHEET_EXTRA])
        window.sheet_panel.title_edit.setText("Help for young people in New York")
        window.sheet_dock.show()
        for _ in range(3):
            app.processEvents()
        path = args.out / "main-window-sheet.png"
        if not window.grab().save(str(path)):
            print(f"could not write {path}", file=sys.stderr)
            return 1
        print(path)
        # The page a young person takes home: a discreet sheet in Spanish.
        from csec_desktop.catalog.display import sheets

        options = sheets.SheetOptions(
            discreet=True,
            language="es",
            layout="detailed",
            agency_name="Harbor House",
            agency_phone="555-0100",
            note="Puede llamar a cualquier hora, de día o de noche.",
        )
        document = sheets.build_sheet(window.catalog, DISCREET_SHEET, options)
        path = args.out / "discreet-sheet-es.png"
        if not sheet_png(document, Path(directory), path):
            print(f"could not write {path}", file=sys.stderr)
            return 1
        print(path)
        window.hotline_dock.show()
        for theme, size, sheet, name in LARGE_SHOTS:
            window.sheet_dock.setVisible(sheet)
            window.apply_preferences(Preferences(theme=theme, text_size=LARGE_TEXT))
            for _ in range(5):  # the fonts and docks settle before the window is sized
                app.processEvents()
            window.resize(*size)
            for _ in range(5):
                app.processEvents()
            path = args.out / name
            if not window.grab().save(str(path)):
                print(f"could not write {path}", file=sys.stderr)
                return 1
            print(path, f"{window.width()}×{window.height()}")
        window.apply_preferences(Preferences(language="es"))
        window.close()
        # The window in Spanish, as the next start shows it once Spanish is chosen.
        window = build_main_window(directory)
        if not spanish_window(app, window, args.out / "main-window-es.png"):
            return 1
        window.apply_preferences(Preferences())
        window.close()
    return 0


def sheet_png(document: Any, scratch: Path, path: Path) -> bool:
    """The first page of ``document``'s PDF as a 100 dpi PNG at ``path``: the saved file
    itself as poppler draws it, or, without ``pdftoppm``, the page as the renderer paints it."""
    from csec_desktop.render.sheet import SheetRenderer, save_pdf

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return bool(SheetRenderer(document).page_image(0, dpi=100).save(str(path)))
    pdf = scratch / "sheet.pdf"
    save_pdf(document, pdf)
    command = [pdftoppm, "-png", "-r", "100", "-f", "1", "-singlefile", str(pdf)]
    done = subprocess.run([*command, str(path.with_suffix(""))], check=False)
    return done.returncode == 0 and path.is_file()


def show_selected(app: Any, window: Any, size: tuple[int, int]) -> None:
    """Show ``window`` at ``size`` (never on screen offscreen), search QUERY, choose SELECT."""
    from csec_desktop.ui.qt import Qt

    window.resize(*size)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, app.platformName() == "offscreen")
    window.show()
    window.search_edit.setText(QUERY)
    window.run_search()
    wait_for_search(app, window)
    row = window.results_model.row_of(SELECT)
    window.results_view.setCurrentIndex(window.results_model.index(max(row, 0), 0))


def spanish_window(app: Any, window: Any, path: Path) -> bool:
    """Grab ``window`` (built in Spanish) with a query for a client near a place, a result
    chosen and the sheet open: the notice, each row's fit and the client box in Spanish."""
    show_selected(app, window, (1600, SIZE[1]))
    client = window.client_panel
    client.toggle.setChecked(True)
    client.place_edit.setText(CLIENT_PLACE)
    client.age_edit.setText(CLIENT_AGE)
    client.age_edit.editingFinished.emit()
    wait_for_search(app, window)
    row = window.results_model.row_of(SELECT)
    window.results_view.setCurrentIndex(window.results_model.index(max(row, 0), 0))
    window.sheet_panel.title_edit.setText("Ayuda para jóvenes en Nueva York")
    window.hotline_dock.hide()
    window.sheet_dock.show()
    for _ in range(5):
        app.processEvents()
    if not window.grab().save(str(path)):
        print(f"could not write {path}", file=sys.stderr)
        return False
    print(path)
    return True


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
