"""Side panels of the main window: the facet filters and the hotlines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Engine

from csec_desktop.catalog import reader
from csec_desktop.catalog.presentation import CONTACT_LABELS, contact_text
from csec_desktop.catalog.search import FacetValue
from csec_desktop.ui.qt import (
    QCheckBox,
    QFont,
    QFrame,
    QGuiApplication,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: Facets offered as filters, in display order, with their headings.
FACET_TITLES = {
    "kind": "Kind",
    "topic": "Topic",
    "audience": "Audience",
    "state": "State",
    "status": "Status",
    "year": "Year",
}
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
    """Checkable values with counts for each facet; emits ``changed`` when one is toggled.

    Each check box carries the properties ``facet`` and ``code``.
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
        self._body: QWidget | None = None
        self.set_facets({})

    def selection(self) -> dict[str, list[str]]:
        """The checked values per facet (facets with none left out)."""
        return {facet: sorted(codes) for facet, codes in self._selected.items() if codes}

    def clear(self) -> None:
        """Uncheck everything."""
        self._selected.clear()
        for box in self.check_boxes():
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
        self.changed.emit()

    def set_selection(self, filters: Mapping[str, Sequence[str]]) -> None:
        """Check exactly ``filters`` (facet -> codes) and emit ``changed``."""
        self._selected = {facet: set(codes) for facet, codes in filters.items() if codes}
        self._sync_boxes()
        self.changed.emit()

    def remove(self, facet: str, code: str) -> None:
        """Uncheck one value and emit ``changed``."""
        self._selected.get(facet, set()).discard(code)
        self._sync_boxes()
        self.changed.emit()

    def _sync_boxes(self) -> None:
        for box in self.check_boxes():
            facet, code = str(box.property("facet")), str(box.property("code"))
            box.blockSignals(True)
            box.setChecked(code in self._selected.get(facet, set()))
            box.blockSignals(False)

    def check_boxes(self) -> list[QCheckBox]:
        return self.findChildren(QCheckBox)

    def set_facets(self, facets: Mapping[str, Sequence[FacetValue]]) -> None:
        """Show ``facets`` (from SearchEngine.facets), keeping the checked values."""
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 4, 6, 10)
        layout.setSpacing(1)
        for facet, title in FACET_TITLES.items():
            values = [
                v
                for v in facets.get(facet, [])
                if v.count or v.code in self._selected.get(facet, set())
            ]
            if not values:
                continue
            layout.addWidget(_heading(title))
            for value in values:
                box = QCheckBox(f"{value.label}  {value.count}")
                box.setProperty("facet", facet)
                noun = "result" if value.count == 1 else "results"
                box.setAccessibleName(f"{title}: {value.label}, {value.count} {noun}")
                box.setProperty("code", value.code)
                box.setChecked(value.code in self._selected.get(facet, set()))
                box.toggled.connect(self._toggled)
                layout.addWidget(box)
        layout.addStretch(1)
        old = self.takeWidget()
        self.setWidget(body)
        self._body = body
        if old is not None:
            old.deleteLater()

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
