"""The results pane says what it shows: the first result of a new search, the order the
list is in, the years the results have, and which results have old facts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from csec_desktop.catalog.display.presentation import is_stale
from csec_desktop.catalog.user.preferences import Preferences
from csec_desktop.ui.main_window import MainWindow
from csec_desktop.ui.qt import QModelIndex, Qt
from csec_desktop.ui.results import HIT_ROLE, OLD_MARK, OLD_ROLE, OLD_SAID
from gui_helpers import search, settle

pytestmark = pytest.mark.gui

#: The request of the report: its first two results are GEMS's program and GEMS itself.
REQUEST = "mentoring girls new york"


def _slugs(window: MainWindow) -> list[str]:
    model = window.results_model
    return [model.data(model.index(row, 0), HIT_ROLE).slug for row in range(model.rowCount())]


def _all_hits(window: MainWindow) -> list[Any]:
    model = window.results_model
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return [model.data(model.index(row, 0), HIT_ROLE) for row in range(model.rowCount())]


def test_a_new_search_shows_its_first_result_not_the_one_shown_before(
    qtbot: Any, window: MainWindow
) -> None:
    search(qtbot, window, REQUEST)
    first, second = _slugs(window)[:2]
    # The caseworker looks at the second result, then searches anew (here: the same
    # words after another search), which ranks it second again.
    window.results_view.setCurrentIndex(window.results_model.index(1, 0))
    assert window.current_slug == second
    search(qtbot, window, "gems")
    assert second in _slugs(window)
    window.results_view.setCurrentIndex(window.results_model.index(_slugs(window).index(second), 0))
    search(qtbot, window, REQUEST)
    assert _slugs(window)[:2] == [first, second]
    assert window.results_view.currentIndex().row() == 0
    assert window.current_slug == first
    assert window.detail_view.toPlainText().startswith(window.results_model.hit(0).title)  # type: ignore[union-attr]


def test_a_new_sort_order_keeps_the_resource_shown(qtbot: Any, window: MainWindow) -> None:
    search(qtbot, window, REQUEST)
    window.results_view.setCurrentIndex(window.results_model.index(1, 0))
    shown = window.current_slug
    window.sort_combo.setCurrentIndex(window.sort_combo.findData("title"))
    settle(qtbot, window)
    assert window.current_slug == shown


def test_the_sort_box_and_the_header_name_the_same_order(qtbot: Any, window: MainWindow) -> None:
    def said() -> str:
        return window.count_label.text().split("sorted by ")[-1]

    search(qtbot, window, "")
    titles = [hit.title.lower() for hit in _all_hits(window)]
    assert titles == sorted(titles), "with no words the list is by title"
    assert window.sort_combo.currentText() == "Title"
    assert said() == "title"
    search(qtbot, window, "trafficking")
    assert window.sort_combo.currentText() == "Relevance"
    assert said() == "relevance"
    window.sort_combo.setCurrentIndex(window.sort_combo.findData("date"))
    settle(qtbot, window)
    search(qtbot, window, "")
    assert window.sort_combo.currentText() == "Date", "an order the user chose stays"
    assert said() == "date"


def test_the_year_range_shows_the_years_of_the_results(qtbot: Any, window: MainWindow) -> None:
    years_box = window.facet_panel.year_box
    search(qtbot, window, REQUEST)
    years = sorted(int(hit.year[:4]) for hit in _all_hits(window) if hit.year)
    assert years and not years_box.isHidden()
    shown = (window.facet_panel.year_from.value(), window.facet_panel.year_to.value())
    assert shown == (years[0], years[-1])

    search(qtbot, window, "hotline")
    window.facet_panel.set_selection({"kind": ["hotline"]})
    settle(qtbot, window)
    hits = _all_hits(window)
    assert hits and not any(hit.year for hit in hits)
    assert years_box.isHidden(), "no result has a year: no range of years to offer"
    window.facet_panel.clear()
    settle(qtbot, window)
    assert not years_box.isHidden()


def test_old_facts_are_marked_in_the_list_as_in_the_details(qtbot: Any, window: MainWindow) -> None:
    search(qtbot, window, REQUEST)
    hits = _all_hits(window)
    today = dt.date.today()
    months = 24
    window.apply_preferences(Preferences(stale_months=months))
    model = window.results_model
    old = [h.slug for h in hits if h.last_verified and is_stale(h.last_verified, today, months)]
    fresh = [h.slug for h in hits if h.slug not in old]
    assert old, "the catalog's 2008 program facts are old by any setting"
    for row, hit in enumerate(hits):
        index = model.index(row, 0)
        said = str(model.data(index, Qt.ItemDataRole.AccessibleTextRole))
        assert bool(model.data(index, OLD_ROLE)) == (hit.slug in old)
        assert (OLD_SAID in said) == (hit.slug in old), said
        assert OLD_MARK not in said
    assert window.show_resource(old[0])
    assert OLD_MARK in window.detail_view.toPlainText()
    if fresh:
        assert window.show_resource(fresh[0])
        assert OLD_MARK not in window.detail_view.toPlainText()


def test_the_list_draws_the_old_facts_mark(qtbot: Any, window: MainWindow) -> None:
    search(qtbot, window, REQUEST)
    window.apply_preferences(Preferences(stale_months=24))
    window.resize(1280, 800)
    window.show()
    model = window.results_model
    current = window.results_view.currentIndex().row()
    row = next(
        r
        for r in range(model.rowCount())
        if r != current and model.data(model.index(r, 0), OLD_ROLE)  # unselected colours
    )
    rect = window.results_view.visualRect(model.index(row, 0))
    image = window.results_view.viewport().grab(rect).toImage()
    warning = window.colors.warning.lower()
    colours = {
        image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
    }
    assert warning in colours
