"""Sorting, filter chips, back/forward, saved searches and accessible names, driven offscreen."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from csec_desktop.catalog.storage import reader
from csec_desktop.catalog.user import userstore
from csec_desktop.ui.main_window import MainWindow
from csec_desktop.ui.panels import SHOWN_VALUES
from csec_desktop.ui.qt import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QInputDialog,
    QLineEdit,
    QMenu,
    QModelIndex,
    QSpinBox,
    Qt,
    QToolButton,
    QUrl,
    QWidget,
)
from csec_desktop.ui.results import HIT_ROLE
from gui_helpers import GEMS, open_window, resources_in_catalog, search, settle

pytestmark = pytest.mark.gui


def _titles(window: MainWindow) -> list[str]:
    """The titles of every result, fetching the rows a scroll would."""
    model = window.results_model
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return [model.data(model.index(row, 0), HIT_ROLE).title for row in range(model.rowCount())]


def _box(window: MainWindow, facet: str, code: str) -> QCheckBox:
    for box in window.facet_panel.check_boxes():
        if (box.property("facet"), box.property("code")) == (facet, code):
            return box
    raise AssertionError(f"no check box for {facet}={code}")


def _visible_chips(window: MainWindow) -> list[QToolButton]:
    return [chip for chip in window.search.chips if not chip.isHidden()]


# --------------------------------------------------------------------------- sorting


def test_choosing_title_sorts_the_results_alphabetically(qtbot: Any, window: MainWindow) -> None:
    combo = window.findChild(QComboBox, "sortCombo")
    assert combo is not None
    assert combo.accessibleName() == "Sort results"
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Relevance",
        "Title",
        "Date",
        "Last verified",
    ]
    search(qtbot, window, "trafficking")
    assert "sorted by relevance" in window.count_label.text()
    relevance = _titles(window)
    assert len(relevance) > 2
    combo.setCurrentIndex(combo.findText("Title"))
    settle(qtbot, window)
    titles = _titles(window)
    assert titles == sorted(titles, key=str.lower)
    assert sorted(titles) == sorted(relevance)  # the same results, in another order
    assert "sorted by title" in window.count_label.text()
    combo.setCurrentIndex(combo.findText("Last verified"))
    settle(qtbot, window)
    assert "sorted by last verified" in window.count_label.text()


def test_each_sort_reaches_the_engine(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    search = window.search_engine.search

    def spy(
        query: str, filters: Any = None, sort: str = "relevance", limit: int = 100, **more: Any
    ) -> Any:
        seen.append(sort)
        return search(query, filters, sort, limit, **more)

    monkeypatch.setattr(window.search_engine, "search", spy)
    window.search_edit.setText("trafficking")  # words to rank by: relevance is an order
    for index in reversed(range(window.sort_combo.count())):
        window.sort_combo.setCurrentIndex(index)
        settle(qtbot, window)
    assert seen[-4:] == ["verified", "date", "title", "relevance"]


# --------------------------------------------------------------------------- chips


def test_filter_chips_remove_one_filter_or_all(qtbot: Any, window: MainWindow) -> None:
    assert window.chip_bar.isHidden()
    _box(window, "kind", "hotline").setChecked(True)
    settle(qtbot, window)
    _box(window, "kind", "program").setChecked(True)
    settle(qtbot, window)
    chips = _visible_chips(window)
    assert sorted(chip.text() for chip in chips) == ["Hotline ×", "Program ×"]
    assert not window.chip_bar.isHidden()
    assert all(chip.accessibleName().startswith("Remove filter Kind: ") for chip in chips)

    program = next(chip for chip in chips if chip.text() == "Program ×")
    program.click()
    settle(qtbot, window)
    assert [chip.text() for chip in _visible_chips(window)] == ["Hotline ×"]
    assert not _box(window, "kind", "program").isChecked()
    assert _box(window, "kind", "hotline").isChecked()
    assert window.results_model.total == resources_in_catalog(window, "hotline")

    _box(window, "kind", "training").setChecked(True)
    settle(qtbot, window)
    assert len(_visible_chips(window)) == 2
    window.clear_filters_button.click()
    settle(qtbot, window)
    assert _visible_chips(window) == []
    assert window.chip_bar.isHidden()
    assert not any(box.isChecked() for box in window.facet_panel.check_boxes())
    assert window.results_model.total == resources_in_catalog(window)


# --------------------------------------------------------------------------- history


def _related_link(window: MainWindow) -> str:
    links = re.findall(r'href="(resource:[^"]+)"', window.detail_view.toHtml())
    assert links, "the resource shown has no related links"
    return str(links[0])


def test_back_and_forward_through_related_links(qtbot: Any, window: MainWindow) -> None:
    assert window.back_button.accessibleName() == "Back"
    assert window.forward_button.accessibleName() == "Forward"
    assert window.back_action.shortcut().toString() == "Alt+Left"
    assert window.forward_action.shortcut().toString() == "Alt+Right"
    search(qtbot, window, "gems")
    row = window.results_model.row_of(GEMS)
    assert row >= 0
    window.results_view.setCurrentIndex(window.results_model.index(row, 0))
    assert window.current_slug == GEMS
    a_text = window.detail_view.toPlainText()

    link = _related_link(window)
    window.detail_view.anchorClicked.emit(QUrl(link))
    b_slug = link.split(":", 1)[1]
    assert window.current_slug == b_slug
    b_text = window.detail_view.toPlainText()
    assert b_text != a_text
    assert window.back_button.isEnabled()
    assert not window.forward_button.isEnabled()

    window.back_button.click()
    assert window.current_slug == GEMS
    assert window.detail_view.toPlainText() == a_text
    assert window.results_view.currentIndex().row() == window.results_model.row_of(GEMS)
    assert window.forward_button.isEnabled()

    window.forward_action.trigger()  # what Alt+Right does
    assert window.current_slug == b_slug
    assert window.detail_view.toPlainText() == b_text

    window.back_action.trigger()  # what Alt+Left does
    assert window.current_slug == GEMS
    # viewing something new drops the forward history
    other = next(r for r in range(window.results_model.rowCount()) if r != row)
    window.results_view.setCurrentIndex(window.results_model.index(other, 0))
    assert not window.forward_button.isEnabled()
    window.back_button.click()
    assert window.current_slug == GEMS


# --------------------------------------------------------------------------- saved searches


def test_saved_search_comes_back_in_a_new_window(
    qtbot: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = open_window(qtbot, data_dir)
    search(qtbot, first, "trafficking")
    _box(first, "kind", "program").setChecked(True)
    settle(qtbot, first)
    first.sort_combo.setCurrentIndex(first.sort_combo.findData("date"))
    settle(qtbot, first)
    asked: list[str] = []

    def get_text(*args: Any, **kwargs: Any) -> tuple[str, bool]:
        asked.append(str(args[2]))
        return "Programs & trafficking", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    assert first.save_search_action.shortcut().toString() == "Ctrl+S"
    first.save_search_action.trigger()
    assert asked
    [stored] = userstore.saved_searches(first.user)
    assert (stored.query, stored.filters, stored.sort) == (
        "trafficking",
        {"kind": ["program"]},
        "date",
    )
    # Leave the whole catalog on screen, so that the next window opens on it.
    first.search.apply_search("", {}, "relevance")
    settle(qtbot, first)
    first.close()

    second = open_window(qtbot, data_dir)
    assert second.search_edit.text() == ""
    entries = {a.text(): a for a in second.searches_menu.actions()}
    entries["Programs && trafficking"].trigger()
    settle(qtbot, second)
    assert second.search_edit.text() == "trafficking"
    assert second.facet_panel.selection() == {"kind": ["program"]}
    assert _box(second, "kind", "program").isChecked()
    assert second.sort_combo.currentData() == "date"
    assert "sorted by date" in second.count_label.text()
    assert [chip.text() for chip in _visible_chips(second)] == ["Program ×"]
    kinds = {
        second.results_model.data(second.results_model.index(r, 0), HIT_ROLE).kind
        for r in range(second.results_model.rowCount())
    }
    assert kinds == {"program"}

    forget = second.searches_menu.findChild(QMenu)
    assert forget is not None
    [delete] = forget.actions()
    delete.trigger()
    assert userstore.saved_searches(second.user) == []
    assert "Programs && trafficking" not in [a.text() for a in second.searches_menu.actions()]


def test_enter_records_a_recent_search_the_menu_restores(
    qtbot: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = open_window(qtbot, data_dir)
    search(qtbot, first, "mentoring")
    _box(first, "kind", "program").setChecked(True)
    settle(qtbot, first)
    qtbot.keyClick(first.search_edit, "\r")
    [recent] = userstore.recent_searches(first.user)
    assert (recent.query, recent.filters) == ("mentoring", {"kind": ["program"]})
    first.close()

    second = open_window(qtbot, data_dir)
    entries = {a.text(): a for a in second.searches_menu.actions()}
    entries["mentoring · program"].trigger()
    assert second.search_edit.text() == "mentoring"
    assert second.facet_panel.selection() == {"kind": ["program"]}


def test_selecting_a_result_records_thesearch(qtbot: Any, window: MainWindow) -> None:
    search(qtbot, window, "hotline")
    assert userstore.recent_searches(window.user) == []  # typing alone is not remembered
    window.results_view.setCurrentIndex(window.results_model.index(1, 0))
    assert [r.query for r in userstore.recent_searches(window.user)] == ["hotline"]


# --------------------------------------------------------------------------- accessibility


def test_interactive_widgets_have_accessible_names(qtbot: Any, window: MainWindow) -> None:
    _box(window, "kind", "program").setChecked(True)
    settle(qtbot, window)
    window.hotlines_action.trigger()
    named: list[QWidget] = [
        window.search_edit,
        window.results_view,
        window.detail_view,
        window.sort_combo,
        window.note_edit,
        *window.facet_panel.check_boxes(),
        *window.hotline_panel.findChildren(QAbstractButton),
    ]
    central = window.centralWidget()
    assert central is not None
    for root in (central, window.hotline_panel):
        named.extend(
            button
            for button in root.findChildren(QAbstractButton)
            if not isinstance(button.parent(), QLineEdit)  # the field's own clear button
        )
    missing = [
        f"{type(w).__name__} {w.objectName()!r} {getattr(w, 'text', str)()!r}" for w in named
    ]
    missing = [m for w, m in zip(named, missing, strict=True) if not w.accessibleName().strip()]
    assert missing == []
    assert len(window.facet_panel.check_boxes()) > 5
    assert _box(window, "kind", "program").accessibleName().startswith("Kind: Program, ")


def test_year_range_narrows_results_and_its_chip_clears_it(qtbot: Any, window: MainWindow) -> None:
    def start_years() -> dict[str, int]:
        model = window.results_model
        while model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        hits = [model.data(model.index(r, 0), HIT_ROLE) for r in range(model.rowCount())]
        return {h.slug: int(h.year[:4]) for h in hits if h.year}

    everything = start_years()
    first, last = window.search_engine.year_span()
    assert (first, last) == (min(everything.values()), max(everything.values()))
    low, high = sorted(set(everything.values()))[1:3]  # a narrower range than the catalog's
    year_from = window.facet_panel.findChild(QSpinBox, "yearFrom")
    year_to = window.facet_panel.findChild(QSpinBox, "yearTo")
    assert year_from is not None and year_to is not None
    for spin, value in ((year_from, low), (year_to, high)):
        spin.selectAll()
        qtbot.keyClicks(spin, str(value))
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    settle(qtbot, window)
    shown = start_years()
    assert shown == {s: y for s, y in everything.items() if low <= y <= high}
    assert window.results_model.total == len(shown)
    [chip] = _visible_chips(window)
    assert chip.text() == f"{low}–{high} ×"
    chip.click()
    settle(qtbot, window)
    assert (year_from.value(), year_to.value()) == (first, last)
    assert window.facet_panel.selection() == {}


def test_many_filter_chips_wrap_onto_more_lines(qtbot: Any, window: MainWindow) -> None:
    window.resize(900, 700)
    boxes = [b for b in window.facet_panel.check_boxes() if b.property("facet") == "topic"]
    for box in boxes[:8]:
        box.setChecked(True)
    settle(qtbot, window)
    window.chip_bar.resize(360, window.chip_bar.heightForWidth(360))
    window.chip_layout.setGeometry(window.chip_bar.rect())
    chips = _visible_chips(window)
    assert len(chips) == 8
    rows = {chip.geometry().top() for chip in chips}
    assert len(rows) > 1, "the chips wrap"
    assert all(chip.geometry().right() <= 360 for chip in chips)
    clear = window.clear_filters_button.geometry()
    assert clear.top() >= max(rows), "Clear all comes after the chips"


def test_organization_facet_shows_the_most_frequent_then_all(
    qtbot: Any, window: MainWindow
) -> None:
    def org_boxes() -> list[QCheckBox]:
        return [
            b for b in window.facet_panel.check_boxes() if b.property("facet") == "organization"
        ]

    facets = window.search_engine.facets("", {})
    organizations = facets["organization"]
    assert len(organizations) > SHOWN_VALUES
    assert [b.property("code") for b in org_boxes()] == [
        v.code for v in organizations[:SHOWN_VALUES]
    ]
    [more] = [
        b
        for b in window.facet_panel.findChildren(QToolButton, "moreValues")
        if b.property("facet") == "organization"
    ]
    assert more.text() == f"Show {len(organizations) - SHOWN_VALUES} more…"
    more.click()
    assert len(org_boxes()) == len(organizations)

    busiest = organizations[0]
    box = next(b for b in org_boxes() if b.property("code") == busiest.code)
    box.setChecked(True)
    settle(qtbot, window)
    assert window.results_model.total == busiest.count
    assert _box(window, "organization", busiest.code).isChecked()


def test_favorites_menu_lists_starred_resources_and_opens_them(window: MainWindow) -> None:
    window.lists.rebuild_favorites_menu()
    [empty] = window.favorites_menu.actions()
    assert not empty.isEnabled() and "No favorites yet" in empty.text()
    assert window.show_resource(GEMS)
    window.favorite_button.click()
    record = reader.get_record(window.catalog, GEMS)
    assert record is not None
    assert window.show_resource("hotline/cybertipline")
    window.lists.rebuild_favorites_menu()
    [entry] = window.favorites_menu.actions()
    assert entry.text() == record.title.replace("&", "&&")
    entry.trigger()
    assert window.current_slug == GEMS
