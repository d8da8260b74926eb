"""What a screen reader hears for the main tasks, read from Qt's accessibility tree (the
tree AT-SPI gives Orca on Linux): search, read a result, add it to the sheet, call a
hotline. docs/accessibility.md records the same walk in words."""

from __future__ import annotations

from typing import Any

import pytest

from csec_desktop.ui.main_window import MainWindow
from csec_desktop.ui.qt import QAccessible, QAccessibleInterface, Qt, QWidget
from gui_helpers import GEMS, search
from layout_helpers import accessible_tree, tab_stops

pytestmark = pytest.mark.gui

NAME = QAccessible.Text.Name
VALUE = QAccessible.Text.Value
DESCRIPTION = QAccessible.Text.Description


def _node(widget: QWidget) -> QAccessibleInterface:
    node = QAccessible.queryAccessibleInterface(widget)
    assert node is not None
    return node


def test_searching_says_how_many_results_were_found(qtbot: Any, window: MainWindow) -> None:
    window.show()
    search(qtbot, window, "runaway")
    field = _node(window.search_edit)
    assert field.role() == QAccessible.Role.EditableText
    assert field.text(NAME) == "Search"
    assert field.text(VALUE) == "runaway"
    total = window.results_model.total
    assert field.text(DESCRIPTION).startswith(f"{total:,} result")
    assert window.focusWidget() is window.search_edit, "the window opens in the search field"
    assert window.search_edit in tab_stops(window)


def test_a_result_is_read_with_its_kind_place_and_age(qtbot: Any, window: MainWindow) -> None:
    window.show()
    search(qtbot, window, "runaway")
    results = _node(window.results_view)
    assert results.text(NAME) == "Results"
    first = results.child(0)
    hit = window.results_model.hit(0)
    assert first is not None and hit is not None
    assert first.role() == QAccessible.Role.ListItem
    assert first.text(NAME).startswith(f"{hit.title}. ")
    assert "verified" in first.text(NAME)
    details = _node(window.detail_view)
    assert details.text(NAME) == "Details"
    assert details.text(VALUE).startswith(hit.title)


def test_adding_to_the_sheet_and_calling_a_hotline_are_named(
    qtbot: Any, window: MainWindow
) -> None:
    window.show()
    search(qtbot, window, "runaway")
    add = _node(window.add_to_sheet_button)
    assert add.text(NAME) == "Add to the resource sheet"
    window.add_to_sheet_button.click()
    sheet = _node(window.sheet_panel.list)
    assert sheet.text(NAME) == "Resources on the sheet"
    title = window.results_model.hit(window.results_view.currentIndex().row()).title  # type: ignore[union-attr]
    assert [sheet.child(i).text(NAME) for i in range(sheet.childCount())] == [title]

    window.hotlines_action.trigger()
    heard = [node.text(NAME) for _depth, node in accessible_tree(window.hotline_dock)]
    assert heard[0] == "Hotlines"
    for number in window.hotline_panel.numbers:
        copy = next(name for name in heard if name.startswith("Copy ") and name.endswith(number))
        whose = copy.removeprefix("Copy ").split(": ")[0]
        assert whose in heard[: heard.index(copy)], "the button says whose number it copies"
        assert "\u200b" not in " ".join(heard), "wrap marks are not read out"


def test_tab_moves_on_from_the_note_fields(qtbot: Any, window: MainWindow) -> None:
    window.show()
    assert window.show_resource(GEMS)
    window.sheet.add_resources([GEMS])
    for note in (window.note_edit, window.sheet_panel.note_edit):
        note.setFocus()
        qtbot.keyClick(note, Qt.Key.Key_Tab)
        assert "\t" not in note.toPlainText(), f"{note.accessibleName()} keeps Tab"


def test_tab_reaches_the_filters_after_the_search_bar(qtbot: Any, window: MainWindow) -> None:
    window.show()
    search(qtbot, window, "runaway")  # the filters are rebuilt for every search
    search(qtbot, window, "teen runaway")
    window.sheet_button.setFocus()
    qtbot.keyClick(window.sheet_button, Qt.Key.Key_Tab)
    # The left column: first the (folded) "For this client" box, then the filters.
    assert window.focusWidget() is window.client_panel.toggle
    qtbot.keyClick(window.client_panel.toggle, Qt.Key.Key_Tab)
    first = window.focusWidget()
    assert first in window.facet_panel.check_boxes(), type(first).__name__
    assert _node(first).text(NAME).startswith("Kind: ")


def test_tab_through_the_details_names_each_link(qtbot: Any, window: MainWindow) -> None:
    window.show()
    assert window.show_resource("hotline/national-runaway-safeline")
    details = window.detail_view
    details.setFocus()
    heard = []
    while True:
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        if window.focusWidget() is not details:
            break
        heard.append(_node(details).text(DESCRIPTION))
    assert heard, "the details have links"
    assert all(said.startswith("Link: ") for said in heard), heard
    assert "Link: https://www.1800runaway.org" in heard  # as typed, without wrap marks
    assert _node(details).text(DESCRIPTION) == "", "no link is named once Tab has left"


def test_opening_the_hotlines_puts_the_keyboard_on_the_first_number(
    qtbot: Any, window: MainWindow
) -> None:
    window.show()
    window.hotlines_action.trigger()  # F2
    focused = window.focusWidget()
    assert focused is not None and window.hotline_dock.isAncestorOf(focused)
    first = window.hotline_panel.numbers[0]
    assert _node(focused).text(NAME).startswith("Copy ")
    assert _node(focused).text(NAME).endswith(first)
    window.hotlines_action.trigger()  # and F2 again closes them
    assert window.hotline_dock.isHidden()
