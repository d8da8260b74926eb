"""The window at every text size Settings offers, in both schemes and on a small screen:
nothing a caseworker needs cut off, every control named for a screen reader, every text
and control colour readable against what it is drawn on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from csec_desktop.catalog.display.presentation import detail_sections
from csec_desktop.catalog.storage import reader
from csec_desktop.catalog.user.preferences import Preferences
from csec_desktop.ui.colors import CONTROL_CONTRAST, DARK, LIGHT, TEXT_CONTRAST, Colors, contrast
from csec_desktop.ui.local_resource_dialog import LocalResourceDialog
from csec_desktop.ui.main_window import MainWindow
from csec_desktop.ui.qt import (
    QApplication,
    QCheckBox,
    QColor,
    QImage,
    QLabel,
    QPalette,
    QStyle,
    QStyleOption,
    Qt,
    QTextDocument,
    QWidget,
)
from csec_desktop.ui.settings_dialog import SettingsDialog
from csec_desktop.ui.theme import TEXT_SIZES, apply_appearance, set_tone
from gui_helpers import GEMS, open_window, search
from layout_helpers import clipped, nameless_tab_stops, unnamed

pytestmark = pytest.mark.gui

#: Window sizes: the default, and a small laptop screen.
SIZES = ((1280, 800), (1024, 700))
#: A query whose filters hold the catalog's longest organization and funder names.
LONG_VALUES = "mentoring"
#: Palette roles drawn as text on a background: (text, background).
TEXT_PAIRS = (
    ("WindowText", "Window"),
    ("Text", "Base"),
    ("Text", "AlternateBase"),
    ("Text", "Window"),
    ("ButtonText", "Button"),
    ("HighlightedText", "Highlight"),
    ("ToolTipText", "ToolTipBase"),
    ("PlaceholderText", "Base"),
    ("PlaceholderText", "AlternateBase"),
    ("Link", "Base"),
    ("LinkVisited", "Base"),
)
#: Backgrounds the colours drawn outside the palette are drawn on.
SURFACES = ("Window", "Base", "AlternateBase")


@pytest.fixture
def busy_window(qtbot: Any, data_dir: Path) -> Iterator[MainWindow]:
    """A window as a caseworker has it at work: long filter values, details shown, the
    hotlines and a sheet of two open; put back to the default appearance after."""
    window = open_window(qtbot, data_dir)
    window.show()
    search(qtbot, window, LONG_VALUES)
    window.show_resource(GEMS)
    window.hotlines_action.trigger()
    window.sheet.add_to_sheet()
    window.sheet_panel.add_resources(["hotline/national-human-trafficking-hotline"])
    yield window
    apply_appearance("light", 0)


def _at(qtbot: Any, window: MainWindow, theme: str, text_size: int, size: tuple[int, int]) -> None:
    window.apply_preferences(Preferences(theme=theme, text_size=text_size))
    for _ in range(3):  # fonts, palette, docks and layouts arrive as events
        qtbot.wait(1)
        QApplication.processEvents()
    window.resize(*size)  # what a user (or the screen) gives it
    qtbot.wait(1)


def _palette_color(palette: QPalette, role: str) -> str:
    color = palette.color(getattr(QPalette.ColorRole, role))
    assert color.alpha() == 255, f"{role} is translucent: its contrast depends on what is under"
    return str(color.name())


# ------------------------------------------------------------------ layout


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_nothing_is_cut_off_or_unnamed_at_any_text_size(
    qtbot: Any, busy_window: MainWindow, theme: str
) -> None:
    window = busy_window
    window.sheet.add_to_sheet()  # again: the longest thing the window says after adding
    said = window.statusBar().currentMessage()
    assert "already on it" in said
    for text_size in TEXT_SIZES:
        for width, height in SIZES:
            _at(qtbot, window, theme, text_size, (width, height))
            window.statusBar().showMessage(said)
            where = f"{theme}, {text_size or 'system'} pt, {width}×{height}"
            panels = (window.hotline_dock, window.sheet_dock, window.splitter)
            assert all(panel.isVisible() for panel in panels), where
            assert clipped(window) == [], where
            assert unnamed(window) == [], where
            assert nameless_tab_stops(window) == [], where
            assert window.width() == width, f"{where}: the window widened itself"


def _areas(window: MainWindow) -> set[Any]:
    return {window.dockWidgetArea(dock) for dock in (window.hotline_dock, window.sheet_dock)}


# A floating panel is a window of its own, which the offscreen platform cannot raise.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_panels_go_below_the_panes_on_a_small_screen_and_back_beside_on_a_wide_one(
    qtbot: Any, busy_window: MainWindow
) -> None:
    window = busy_window
    beside, below = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
    _at(qtbot, window, "light", 20, SIZES[1])
    assert _areas(window) == {below}
    hotlines, sheet = window.hotline_dock.geometry(), window.sheet_dock.geometry()
    assert hotlines.top() == sheet.top() and hotlines.right() < sheet.left()  # side by side
    assert window.splitter.geometry().bottom() < hotlines.top()  # under the panes
    window.resize(1800, 900)
    qtbot.waitUntil(lambda: _areas(window) == {beside})
    # One above the other, beside the panes (once the layout has placed them).
    qtbot.waitUntil(
        lambda: window.hotline_dock.geometry().bottom() < window.sheet_dock.geometry().top()
    )
    assert window.splitter.geometry().right() < window.sheet_dock.geometry().left()
    window.sheet_dock.setFloating(True)  # a panel the user takes out stays out
    window.resize(*SIZES[1])
    qtbot.waitUntil(lambda: window.dockWidgetArea(window.hotline_dock) == below)
    assert window.sheet_dock.isFloating()
    assert window.width() == SIZES[1][0]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_settings_dialog_fits_its_text_at_every_size(qtbot: Any, theme: str) -> None:
    try:
        for text_size in TEXT_SIZES:
            apply_appearance(theme, text_size)
            dialog = SettingsDialog(Preferences(theme=theme, text_size=text_size))
            qtbot.addWidget(dialog)
            dialog.show()
            QApplication.processEvents()
            assert clipped(dialog) == [], f"{theme}, {text_size} pt"
            assert unnamed(dialog) == [], f"{theme}, {text_size} pt"
            dialog.close()
    finally:
        apply_appearance("light", 0)


def test_the_search_field_and_hotline_numbers_follow_the_text_size(
    qtbot: Any, busy_window: MainWindow
) -> None:
    window = busy_window
    values = set(window.hotline_panel.numbers)
    numbers = [
        label
        for label in window.hotline_panel.findChildren(QLabel)
        if label.text().strip("()") in values
    ]
    assert numbers
    for text_size in (12, 20):
        _at(qtbot, window, "light", text_size, SIZES[0])
        assert window.search_edit.font().pointSizeF() == pytest.approx(text_size * 1.2)
        for label in numbers:
            assert label.font().pointSizeF() > text_size, label.text()


def _broken_words(document: QTextDocument) -> list[str]:
    """The texts of ``document`` that a line break cuts inside a word."""
    document.size()  # lays the document out
    found = []
    block = document.begin()
    while block.isValid():
        text, layout = block.text(), block.layout()
        for line in range(1, layout.lineCount()):
            at = layout.lineAt(line).textStart()
            if text[at - 1 : at].isalnum() and text[at : at + 1].isalnum():
                found.append(text)
        block = block.next()
    return found


def test_details_never_break_inside_a_word(qtbot: Any, busy_window: MainWindow) -> None:
    window = busy_window
    window.apply_preferences(Preferences(text_size=16))
    for slug in (GEMS, "hotline/national-runaway-safeline"):
        detail = reader.resource_detail(window.catalog, slug)
        assert detail is not None
        labels = {f.label for s in detail_sections(detail) for f in s.fields}
        assert "Organization" in labels
        for width in (240, 360, 600):  # a narrow details pane at 16 pt, and wider
            pane = window.splitter.widget(2)
            assert pane is not None
            pane.setFixedWidth(width)
            QApplication.processEvents()
            assert window.show_resource(slug)
            QApplication.processEvents()
            assert _broken_words(window.detail_view.document()) == [], f"{slug} at {width} px"
            bar = window.detail_view.horizontalScrollBar()
            assert bar.maximum() == 0, f"{slug} at {width} px runs past the pane"


# ------------------------------------------------------------------ contrast


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_text_and_control_colour_reaches_wcag_aa(qtbot: Any, theme: str) -> None:
    colors = apply_appearance(theme, 0)
    try:
        palette = QApplication.palette()  # what the application really shows
        for text, background in TEXT_PAIRS:
            ratio = contrast(_palette_color(palette, text), _palette_color(palette, background))
            assert ratio >= TEXT_CONTRAST, f"{theme}: {text} on {background} is {ratio:.2f}:1"
        for surface in SURFACES:
            under = _palette_color(palette, surface)
            for name in ("muted", "warning", "error"):
                ratio = contrast(getattr(colors, name), under)
                assert ratio >= TEXT_CONTRAST, f"{theme}: {name} on {surface} is {ratio:.2f}:1"
            ratio = contrast(colors.control, under)
            assert ratio >= CONTROL_CONTRAST, f"{theme}: control edge on {surface} {ratio:.2f}:1"
        text = _palette_color(palette, "Text")
        assert contrast(text, colors.mark) >= TEXT_CONTRAST, f"{theme}: text on a marked word"
    finally:
        apply_appearance("light", 0)


@pytest.mark.parametrize("colors", [LIGHT, DARK])
def test_each_scheme_names_every_palette_role_the_window_draws(colors: Colors) -> None:
    roles = {role for pair in TEXT_PAIRS for role in pair} | set(SURFACES)
    assert roles <= set(colors.palette)


def _rendered_contrast(widget: QWidget, background: QColor, inside: Any = None) -> float:
    """The strongest contrast between any drawn pixel of ``widget`` (within ``inside``)
    and ``background``: the full colour of its text or edge, not its anti-aliasing."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    area = inside if inside is not None else image.rect()
    under = background.name()
    return max(
        contrast(QColor(image.pixel(x, y)).name(), under)
        for x in range(area.left(), area.right() + 1)
        for y in range(area.top(), area.bottom() + 1)
    )


def test_form_errors_are_readable_in_the_dark_scheme(qtbot: Any, dbs: tuple[Any, Any]) -> None:
    apply_appearance("dark", 0)
    try:
        dialog = LocalResourceDialog(*dbs)
        qtbot.addWidget(dialog)
        error = dialog.findChild(QLabel, "generalError")
        assert error is not None
        error.setText("A title is required.")
        error.show()
        dialog.show()
        window = dialog.palette().color(QPalette.ColorRole.Window)
        assert _rendered_contrast(error, window) >= TEXT_CONTRAST
    finally:
        apply_appearance("light", 0)


def test_check_boxes_are_visible_in_the_dark_scheme(qtbot: Any) -> None:
    apply_appearance("dark", 0)
    try:
        box = QCheckBox("Program")
        qtbot.addWidget(box)
        box.show()
        option = QStyleOption()
        option.initFrom(box)
        indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        window = box.palette().color(QPalette.ColorRole.Window)
        assert _rendered_contrast(box, window, indicator) >= CONTROL_CONTRAST
    finally:
        apply_appearance("light", 0)


def test_a_toned_label_follows_the_scheme(qtbot: Any) -> None:
    label = QLabel("Could not save.")
    qtbot.addWidget(label)
    set_tone(label, "error")
    try:
        for theme in ("dark", "light"):
            colors = apply_appearance(theme, 0)
            shown = label.palette().color(QPalette.ColorRole.WindowText).name()
            assert shown == colors.error
    finally:
        apply_appearance("light", 0)
