"""Side panels of the main window: the facet filters and the hotlines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from csec_desktop.catalog.hits import FACETS, FacetValue
from csec_desktop.catalog.presentation import CONTACT_LABELS, contact_text
from csec_desktop.lazy import lazy_module
from csec_desktop.ui.qt import (
    QCheckBox,
    QFont,
    QFrame,
    QGuiApplication,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from csec_desktop.catalog import reader
else:  # SQLAlchemy loads after the window's first paint (see csec_desktop.lazy)
    reader = lazy_module("csec_desktop.catalog.reader")

#: Facets offered as filters, in display order, with their headings.
FACET_TITLES = {
    "kind": "Kind",
    "topic": "Topic",
    "audience": "Audience",
    "state": "State",
    "organization": "Organization",
    "funder": "Funder",
    "status": "Status",
    "origin": "Origin",
    "year": "Year",
}
#: Facets offered as check boxes; the year is a range (from, to) below them.
CHECKED_FACETS = tuple(f for f in FACETS if f in FACET_TITLES and f != "year")
#: Values a facet shows before "Show all": the most frequent, and every checked one.
SHOWN_VALUES = 8
#: Contact kinds the hotline panel lists.
HOTLINE_CONTACTS = ("phone", "text", "tty", "chat")
#: Hotlines the panel lists at most (nationwide ones come first).
HOTLINES_SHOWN = 50


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setContentsMargins(0, 10, 0, 2)
    return label


class FacetPanel(QScrollArea):
    """Checkable values with counts for each facet, and a year range; emits ``changed``.

    Each check box carries the properties ``facet`` and ``code``. The year range is one
    filter value ``"FROM-TO"`` of the ``year`` facet (the search engine reads it so); the
    whole span of the catalog's years means no year filter.
    """

    changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("facetPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(250)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._selected: dict[str, set[str]] = {}
        self._expanded: set[str] = set()
        self._facets: Mapping[str, Sequence[FacetValue]] = {}
        self._values: QWidget | None = None
        container = QWidget()
        self._layout = QVBoxLayout(container)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._build_year_range()
        self._layout.addStretch(1)
        self.setWidget(container)
        self.set_facets({})

    # ---- the year range

    def _build_year_range(self) -> None:
        self.year_box = QWidget()
        self.year_box.setObjectName("yearRange")
        column = QVBoxLayout(self.year_box)
        column.setContentsMargins(10, 0, 6, 10)
        column.setSpacing(2)
        column.addWidget(_heading(FACET_TITLES["year"]))
        row = QHBoxLayout()
        row.setSpacing(4)
        self.year_from = QSpinBox()
        self.year_from.setObjectName("yearFrom")
        self.year_from.setAccessibleName("Year from")
        self.year_to = QSpinBox()
        self.year_to.setObjectName("yearTo")
        self.year_to.setAccessibleName("Year to")
        for spin in (self.year_from, self.year_to):
            spin.setKeyboardTracking(False)  # search when the year is complete, not per digit
            spin.valueChanged.connect(self._year_changed)
        self.year_reset = QToolButton()
        self.year_reset.setText("All years")
        self.year_reset.setAccessibleName("All years")
        self.year_reset.clicked.connect(lambda: self.remove("year", ""))
        row.addWidget(self.year_from)
        row.addWidget(QLabel("to"))
        row.addWidget(self.year_to)
        row.addWidget(self.year_reset)
        row.addStretch(1)
        column.addLayout(row)
        self._layout.addWidget(self.year_box)
        self.set_year_bounds(0, 0)

    def set_year_bounds(self, first: int, last: int) -> None:
        """The catalog's first and last year (the range is hidden when it has none)."""
        self._year_span = (first, last)
        for spin in (self.year_from, self.year_to):
            spin.blockSignals(True)
            spin.setRange(first, last)
            spin.blockSignals(False)
        self._sync_years()
        self.year_box.setVisible(first > 0 and last > first)

    def _year_changed(self, _value: int) -> None:
        first, last = sorted((self.year_from.value(), self.year_to.value()))
        if (first, last) == self._year_span:
            self._selected.pop("year", None)
        else:
            self._selected["year"] = {f"{first}-{last}"}
        self.year_reset.setEnabled("year" in self._selected)
        self.changed.emit()

    def _sync_years(self) -> None:
        """Show the selected year values as the range they span."""
        years = [
            int(part)
            for code in self._selected.get("year", set())
            for part in code.split("-")
            if part.strip().isdigit()
        ]
        first, last = (min(years), max(years)) if years else self._year_span
        for spin, value in ((self.year_from, first), (self.year_to, last)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self.year_reset.setEnabled(bool(years))

    # ---- selection

    def selection(self) -> dict[str, list[str]]:
        """The checked values per facet (facets with none left out)."""
        return {facet: sorted(codes) for facet, codes in self._selected.items() if codes}

    def clear(self) -> None:
        """Uncheck everything and choose all years."""
        self._selected.clear()
        self._sync_boxes()
        self.changed.emit()

    def set_selection(self, filters: Mapping[str, Sequence[str]]) -> None:
        """Check exactly ``filters`` (facet -> codes) and emit ``changed``."""
        self._selected = {facet: set(codes) for facet, codes in filters.items() if codes}
        self._sync_boxes()
        self.changed.emit()

    def remove(self, facet: str, code: str) -> None:
        """Uncheck one value (for the year: the range) and emit ``changed``."""
        if facet == "year":
            self._selected.pop("year", None)
        else:
            self._selected.get(facet, set()).discard(code)
        self._sync_boxes()
        self.changed.emit()

    def _sync_boxes(self) -> None:
        for box in self.check_boxes():
            facet, code = str(box.property("facet")), str(box.property("code"))
            box.blockSignals(True)
            box.setChecked(code in self._selected.get(facet, set()))
            box.blockSignals(False)
        self._sync_years()

    def check_boxes(self) -> list[QCheckBox]:
        """The check boxes of the facet values now shown."""
        return self._values.findChildren(QCheckBox) if self._values is not None else []

    def set_facets(self, facets: Mapping[str, Sequence[FacetValue]]) -> None:
        """Show ``facets`` (from SearchEngine.facets), keeping the checked values."""
        self._facets = facets
        values_widget = QWidget()
        layout = QVBoxLayout(values_widget)
        layout.setContentsMargins(10, 4, 6, 0)
        layout.setSpacing(1)
        for facet in CHECKED_FACETS:
            title = FACET_TITLES[facet]
            values = [
                v
                for v in facets.get(facet, [])
                if v.count or v.code in self._selected.get(facet, set())
            ]
            if not values or (facet == "origin" and all(v.code != "local" for v in values)):
                continue  # "Origin" matters only once the agency has added resources
            layout.addWidget(_heading(title))
            hidden = 0
            if facet not in self._expanded and len(values) > SHOWN_VALUES:
                chosen = self._selected.get(facet, set())
                kept = values[:SHOWN_VALUES] + [
                    v for v in values[SHOWN_VALUES:] if v.code in chosen
                ]
                hidden, values = len(values) - len(kept), kept
            for value in values:
                box = QCheckBox(f"{value.label}  {value.count}")
                box.setProperty("facet", facet)
                noun = "result" if value.count == 1 else "results"
                box.setAccessibleName(f"{title}: {value.label}, {value.count} {noun}")
                box.setToolTip(f"{value.label}: {value.count} {noun}")
                box.setProperty("code", value.code)
                box.setChecked(value.code in self._selected.get(facet, set()))
                box.toggled.connect(self._toggled)
                layout.addWidget(box)
            if hidden or facet in self._expanded:
                layout.addWidget(self._more_button(facet, title, hidden))
        old = self._values
        self._layout.insertWidget(0, values_widget)
        self._values = values_widget
        if old is not None:
            self._layout.removeWidget(old)
            old.deleteLater()

    def _more_button(self, facet: str, title: str, hidden: int) -> QToolButton:
        button = QToolButton()
        button.setObjectName("moreValues")
        button.setAutoRaise(True)
        button.setProperty("facet", facet)
        if hidden:
            button.setText(f"Show {hidden} more…")
            button.setAccessibleName(f"Show {hidden} more {title.lower()} values")
        else:
            button.setText("Show fewer")
            button.setAccessibleName(f"Show fewer {title.lower()} values")
        button.clicked.connect(lambda: self._toggle_expanded(facet))
        return button

    def _toggle_expanded(self, facet: str) -> None:
        self._expanded ^= {facet}
        self.set_facets(self._facets)

    def _toggled(self, checked: bool) -> None:
        box = self.sender()
        if not isinstance(box, QCheckBox):
            return
        facet, code = str(box.property("facet")), str(box.property("code"))
        codes = self._selected.setdefault(facet, set())
        if checked:
            codes.add(code)
        else:
            codes.discard(code)
        self.changed.emit()


class HotlinePanel(QScrollArea):
    """The catalog's hotlines with their numbers large and a copy button for each.

    The list is read when the panel is first shown, so that start-up does not wait for it.
    """

    def __init__(self, catalog: Engine, parent: Any = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.numbers: list[str] = []
        self._loaded = False

    def showEvent(self, event: Any) -> None:
        self.load()
        super().showEvent(event)

    def load(self) -> None:
        """Read the hotlines and lay them out (once)."""
        if self._loaded:
            return
        self._loaded = True
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.setSpacing(2)
        records = reader.hotline_records(self._catalog, HOTLINES_SHOWN)
        for record in records:
            layout.addWidget(_heading(record.title))
            for contact in record.contacts:
                if contact.kind not in HOTLINE_CONTACTS:
                    continue
                layout.addWidget(self._number_row(contact.kind, contact_text(contact), contact))
            if record.hours:
                hours = QLabel(record.hours)
                hours.setWordWrap(True)
                layout.addWidget(hours)
        if not records:
            layout.addWidget(QLabel("The catalog lists no hotlines."))
        layout.addStretch(1)
        self.setWidget(body)

    def _number_row(self, kind: str, text: str, contact: Any) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        prefix = CONTACT_LABELS[kind]
        label = QLabel(f"{prefix}  {text}")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        label.setFont(font)
        copy = QToolButton()
        copy.setText("Copy")
        copy.setToolTip(f"Copy {contact.value}")
        copy.setAccessibleName(f"Copy {prefix} {contact.value}")
        value = str(contact.value)
        self.numbers.append(value)
        copy.clicked.connect(lambda _checked=False, v=value: QGuiApplication.clipboard().setText(v))
        line.addWidget(label, 1)
        line.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
        return row
