"""The window's "For this client" box: nearest first, one sentence for a place not known,
and nothing of what is typed there kept anywhere."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from csec_desktop.ui.qt import QCheckBox, QInputDialog, QLabel, QLineEdit, QSpinBox, Qt
from csec_desktop.ui.results import FIT_ROLE
from gui_helpers import child, open_window, search, settle


def _place(qtbot: Any, window: Any, text: str) -> None:
    edit = child(window, QLineEdit, "clientPlace")
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    settle(qtbot, window)


def _reach(window: Any) -> list[str]:
    model = window.results_model
    return [model.index(row, 0).data(FIT_ROLE) for row in range(model.rowCount())]


def test_a_zip_code_puts_the_nearest_first(qtbot: Any, window: Any) -> None:
    search(qtbot, window, "mentoring")
    everywhere = window.results_model.total
    _place(qtbot, window, "10001")  # Manhattan
    reach = _reach(window)
    assert reach[0].endswith(" mi")  # GEMS's site is in New York
    assert "New York" in window.results_model.hit(0).place
    assert window.results_model.total < everywhere  # sites far away are left out
    assert "Nearest to" in window.notice_label.text()
    assert window.count_label.text().endswith("nearest first")
    # The facet counts are of what is listed.
    kinds = [
        int(re.search(r"(\d+) results?$", box.accessibleName()).group(1))  # type: ignore[union-attr]
        for box in window.facet_panel.check_boxes()
        if box.property("facet") == "kind"
    ]
    assert sum(kinds) == window.results_model.total


def test_a_wider_radius_lists_more(qtbot: Any, window: Any) -> None:
    search(qtbot, window, "mentoring")
    _place(qtbot, window, "10001")
    near = window.results_model.total
    miles = child(window, QSpinBox, "clientMiles")
    miles.setValue(miles.maximum())
    settle(qtbot, window)
    assert window.results_model.total > near


def test_a_place_not_known_is_one_sentence_and_searches_as_before(qtbot: Any, window: Any) -> None:
    search(qtbot, window, "mentoring")
    everywhere = window.results_model.total
    _place(qtbot, window, "Springfeld, IL")
    error = child(window, QLabel, "clientError")
    assert not error.isHidden() and "not a US city this desk knows" in error.text()
    assert window.results_model.total == everywhere
    _place(qtbot, window, "")
    assert error.isHidden()
    _place(qtbot, window, "99999")
    assert not error.isHidden() and error.text() == "There is no US ZIP code 99999."
    assert window.results_model.total == everywhere


def test_what_is_typed_for_the_client_is_never_kept(
    qtbot: Any, window: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    search(qtbot, window, "mentoring")
    _place(qtbot, window, "10001")
    age = child(window, QLineEdit, "clientAge")
    qtbot.keyClicks(age, "17")
    qtbot.keyClick(age, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert window.results_model.total
    qtbot.keyClick(child(window, QLineEdit, "searchEdit"), Qt.Key.Key_Return)  # a recent search
    settle(qtbot, window)
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *_args: ("mentoring near the client", True))
    )
    window.lists.save_search()
    window.close()
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert b"10001" not in path.read_bytes(), path
    again = open_window(qtbot, data_dir)
    assert child(again, QLineEdit, "clientPlace").text() == ""
    assert again.client_panel.near() is None
    assert again.client_panel.needs().is_empty()
    assert child(again, QLineEdit, "clientAge").text() == ""


def test_a_fact_box_shows_its_counts_and_keeps_what_says_so(qtbot: Any, window: Any) -> None:
    search(qtbot, window, "hotline")
    everywhere = window.results_model.total
    box = child(window, QCheckBox, "clientFact_open_24_7")
    said = re.search(r"(\d+) say so, (\d+) do not say$", box.accessibleName())
    assert said is not None, box.accessibleName()
    text = child(window, QLabel, "clientFactText_open_24_7").text()
    assert f"<b>{said.group(1)}</b>" in text and f"({said.group(2)} not stated)" in text
    fits = int(said.group(1))
    assert 0 < fits < everywhere + 1
    box.setChecked(True)
    settle(qtbot, window)
    assert window.results_model.total == fits


def test_an_age_leaves_out_what_is_known_not_to_serve_it(qtbot: Any, window: Any) -> None:
    search(qtbot, window, "runaway")
    everywhere = window.results_model.total
    age = child(window, QLineEdit, "clientAge")
    qtbot.keyClicks(age, "30")
    qtbot.keyClick(age, Qt.Key.Key_Return)
    settle(qtbot, window)
    slugs = {window.results_model.hit(row).slug for row in range(window.results_model.rowCount())}
    assert "hotline/national-runaway-safeline" not in slugs  # it states ages 12 to 21
    assert window.results_model.total < everywhere
    error = child(window, QLabel, "clientError")
    age.clear()
    qtbot.keyClicks(age, "30303")  # a ZIP code in the age box
    qtbot.keyClick(age, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert not error.isHidden()
    assert error.text() == (
        "30303 looks like a ZIP code: type it in the ZIP code or city box; an age is a whole "
        "number from 0 to 120."
    )
    assert window.results_model.total == everywhere  # the age is left out, not guessed
    age.clear()
    qtbot.keyClicks(age, "200")
    qtbot.keyClick(age, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert error.text() == "An age must be a whole number from 0 to 120."
    assert window.results_model.total == everywhere


def test_a_click_on_a_needs_text_toggles_its_box(qtbot: Any, window: Any) -> None:
    search(qtbot, window, "hotline")
    window.client_panel.toggle.click()
    box = child(window, QCheckBox, "clientFact_free_of_charge")
    text = child(window, QLabel, "clientFactText_free_of_charge")
    qtbot.mouseClick(text, Qt.MouseButton.LeftButton)
    assert box.isChecked()
    qtbot.mouseClick(text, Qt.MouseButton.LeftButton)
    assert not box.isChecked()
