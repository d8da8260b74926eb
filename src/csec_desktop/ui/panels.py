"""Side panels of the main window: the facet filters and the hotlines."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from csec_desktop.catalog.display.presentation import contact_text
from csec_desktop.catalog.hits import FACETS, FacetValue
from csec_desktop.lazy import lazy_module
from csec_desktop.ui.detail_html import breakable
from csec_desktop.ui.flow_layout import FlowLayout
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QCheckBox,
    QCoreApplication,
    QEvent,
    QFont,
    QFrame,
    QGuiApplication,
    QHBoxLayout,
    QLabel,
    QMouseEvent,
    QObject,
    QScrollArea,
    QSize,
    QSpinBox,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from csec_desktop.ui.theme import relative_font, set_tone

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from csec_desktop.catalog.storage import reader
else:  # SQLAlchemy loads after the window's first paint (see csec_desktop.lazy)
    reader = lazy_module("csec_desktop.catalog.storage.reader")

# Facets offered as filters, in display order, with their headings.
FACET_TITLES = {
    "kind": QT_TRANSLATE_NOOP("FacetPanel", "Kind"),
    "topic": QT_TRANSLATE_NOOP("FacetPanel", "Topic"),
    "audience": QT_TRANSLATE_NOOP("FacetPanel", "Audience"),
    "state": QT_TRANSLATE_NOOP("FacetPanel", "State"),
    "organization": QT_TRANSLATE_NOOP("FacetPanel", "Organization"),
    "funder": QT_TRANSLATE_NOOP("FacetPanel", "Funder"),
    "status": QT_TRANSLATE_NOOP("FacetPanel", "Status"),
    "origin": QT_TRANSLATE_NOOP("FacetPanel", "Origin"),
    "year": QT_TRANSLATE_NOOP("FacetPanel", "Year"),
}
# Facets offered as check boxes; the year is a range (from, to) below them.
CHECKED_FACETS = tuple(f for f in FACETS if f in FACET_TITLES and f != "year")
# Values a facet shows before "Show all": the most frequent, and every checked one.
SHOWN_VALUES = 8
# Contact kinds the hotline panel lists, with the word said before each.
HOTLINE_CONTACTS = {
    "phone": QT_TRANSLATE_NOOP("HotlinePanel", "Call"),
    "text": QT_TRANSLATE_NOOP("HotlinePanel", "Text"),
    "tty": QT_TRANSLATE_NOOP("HotlinePanel", "TTY"),
    "chat": QT_TRANSLATE_NOOP("HotlinePanel", "Chat"),
}
# Hotlines the panel lists at most (nationwide ones come first).
HOTLINES_SHOWN = 50
# How much larger than the text around them the hotline numbers are.
NUMBER_SCALE = 1.35
# Contact kinds whose value is a number, shown large and never broken across lines.
NUMBER_CONTACTS = ("phone", "text", "tty")


def facet_title(facet: str) -> str:
    """The heading of ``facet`` in the window's language (its code when it has none)."""
    return QCoreApplication.translate("FacetPanel", FACET_TITLES.get(facet, facet))


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)  # a long name wraps rather than being cut
    relative_font(label, weight=QFont.Weight.DemiBold)
    label.setContentsMargins(0, 10, 0, 2)
    return label


class FittedScrollArea(QScrollArea):
    """A vertically scrolling area never narrower than its widget needs: its content is
    never cut across; the layout around it gives the width, or wraps the rest."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Tab goes to what is inside, not to a nameless frame around it.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)
        self.updateGeometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the widget's needs changed (content or text size)
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:
        # As narrow as it can be without cutting anything: a dock opens at that width and
        # leaves the rest of the window to the panes.
        return QSize(self.minimumSizeHint().width(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is None:
            return hint
        bar = self.verticalScrollBar().sizeHint().width()
        width = inner.minimumSizeHint().width() + bar + 2 * self.frameWidth()
        return QSize(max(width, hint.width()), hint.height())


class BoxLabel(QLabel):
    """The text beside a check box (a facet value, a client's need): it wraps, which a
    check box's own text cannot, and a click on it toggles the box."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self._box = box
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._box.isEnabled():
            self._box.click()


class FacetPanel(FittedScrollArea):
    """Checkable values with counts for each facet, and a year range; emits ``changed``.

    Each check box carries the properties ``facet`` and ``code``. The year range is one
    filter value ``"FROM-TO"`` of the ``year`` facet (the search engine reads it so); the
    whole span of the catalog's years means no year filter.
    """

    changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("facetPanel")
        self.setAccessibleName(self.tr("Filters"))
        # Labels of facet values in the window's language by (facet, code), from the
        # catalog's vocabulary; empty in English (the search engine's labels are English).
        self.value_labels: Mapping[tuple[str, str], str] = {}
        self._selected: dict[str, set[str]] = {}
        self._expanded: set[str] = set()
        self._facets: Mapping[str, Sequence[FacetValue]] = {}
        self._values: QWidget | None = None
        self._retired: QWidget | None = None
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
        column.addWidget(_heading(facet_title("year")))
        row = FlowLayout(spacing=4)  # "to" and the second year wrap below when narrow
        self.year_from = QSpinBox()
        self.year_from.setObjectName("yearFrom")
        self.year_from.setAccessibleName(self.tr("Year from"))
        self.year_to = QSpinBox()
        self.year_to.setObjectName("yearTo")
        self.year_to.setAccessibleName(self.tr("Year to"))
        for spin in (self.year_from, self.year_to):
            spin.setKeyboardTracking(False)  # search when the year is complete, not per digit
            spin.valueChanged.connect(self._year_changed)
        self.year_reset = QToolButton()
        self.year_reset.setText(self.tr("All years"))
        self.year_reset.setAccessibleName(self.tr("All years"))
        self.year_reset.clicked.connect(lambda: self.remove("year", ""))
        row.addWidget(self.year_from)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(self.year_to)
        column.addLayout(row)
        column.addWidget(self.year_reset, 0, Qt.AlignmentFlag.AlignLeft)
        self._layout.addWidget(self.year_box)
        # The years of the results now shown (the range shows them when none is chosen).
        self._shown_years: tuple[int, int] | None = None
        self.set_year_bounds(0, 0)

    def set_year_bounds(self, first: int, last: int) -> None:
        """The catalog's first and last year (the range is hidden when it has none)."""
        self._year_span = (first, last)
        self._shown_years = (first, last) if first > 0 else None
        for spin in (self.year_from, self.year_to):
            spin.blockSignals(True)
            spin.setRange(first, last)
            spin.blockSignals(False)
        self._sync_years()

    def _show_years_of(self, values: Sequence[FacetValue]) -> None:
        """Show the range of years the results have (hidden when none has a year and no
        range is chosen)."""
        years = [int(v.code) for v in values if v.count and v.code.isdigit()]
        self._shown_years = (min(years), max(years)) if years else None
        self._sync_years()

    def _year_changed(self, _value: int) -> None:
        first, last = sorted((self.year_from.value(), self.year_to.value()))
        if (first, last) == self._year_span or (
            "year" not in self._selected and (first, last) == self._shown_years
        ):
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
        shown = (min(years), max(years)) if years else self._shown_years
        first, last = shown or self._year_span
        for spin, value in ((self.year_from, first), (self.year_to, last)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self.year_reset.setEnabled(bool(years))
        low, high = self._year_span
        self.year_box.setVisible(low > 0 and high > low and shown is not None)

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
            title = facet_title(facet)
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
                layout.addWidget(self._value_row(facet, title, value))
            if hidden or facet in self._expanded:
                layout.addWidget(self._more_button(facet, title, hidden))
        self._show_years_of(facets.get("year", []))
        old = self._values
        self._layout.insertWidget(0, values_widget)
        # A layout shows a new child only once the event loop runs again; until then Tab
        # would pass over its values (a key pressed straight after a search did).
        values_widget.show()
        self._values = values_widget
        if old is not None:
            # Out of the panel at once (its check boxes are no longer the panel's), deleted
            # once the event that may have come from one of its buttons is over.
            self._layout.removeWidget(old)
            old.setParent(None)
            old.deleteLater()
            self._retired = old
        self._keep_tab_order(values_widget)

    def relabel(self, labels: Mapping[tuple[str, str], str]) -> None:
        """Name the facet values by ``labels`` (the window's language) from now on."""
        self.value_labels = labels
        self.set_facets(self._facets)

    def _keep_tab_order(self, values: QWidget) -> None:
        """Tab through the new values where the filters are, before the year range (new
        widgets would otherwise join the end of the window's Tab order)."""
        tab = Qt.FocusPolicy.TabFocus
        # Each goes after the one before, starting after the last Tab stop before the year
        # range, which was made with the panel and so keeps its place in the window's
        # order (the panel's own place moves when widgets made later are put before it).
        anchor = self.year_from.previousInFocusChain()
        while (
            anchor is not None
            and anchor is not self.window()
            and (not anchor.focusPolicy() & tab or values.isAncestorOf(anchor))
        ):
            anchor = anchor.previousInFocusChain()
        if anchor is None or anchor is self.window():
            return  # nothing before the panel (not in the window yet)
        stops = [w for w in values.findChildren(QWidget) if w.focusPolicy() & tab]
        chain: list[QWidget] = [anchor, *stops, self.year_from]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _value_row(self, facet: str, title: str, value: FacetValue) -> QWidget:
        """A check box, the value's whole name (wrapped) and its count, always visible."""
        box = QCheckBox()
        box.setProperty("facet", facet)
        box.setProperty("code", value.code)
        box.setProperty("count", value.count)
        label = self.value_labels.get((facet, value.code)) or value.label
        counted = (
            self.tr("1 result")
            if value.count == 1
            else self.tr("{count} results").format(count=f"{value.count:,}")
        )
        box.setAccessibleName(f"{title}: {label}, {counted}")
        box.setChecked(value.code in self._selected.get(facet, set()))
        box.toggled.connect(self._toggled)
        name = BoxLabel(label, box)
        count = QLabel(f"{value.count:,}")
        set_tone(count, "muted")
        row = QWidget()
        row.setToolTip(f"{label}: {counted}")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 1, 0, 1)
        line.setSpacing(6)
        top = Qt.AlignmentFlag.AlignTop
        line.addWidget(box, 0, top)
        line.addWidget(name, 1, top)
        line.addWidget(count, 0, top | Qt.AlignmentFlag.AlignRight)
        return row

    def _more_button(self, facet: str, title: str, hidden: int) -> QToolButton:
        button = QToolButton()
        button.setObjectName("moreValues")
        button.setAutoRaise(True)
        button.setProperty("facet", facet)
        if hidden:
            button.setText(self.tr("Show {count} more…").format(count=hidden))
            button.setAccessibleName(
                self.tr("Show {count} more values of {facet}").format(count=hidden, facet=title)
            )
        else:
            button.setText(self.tr("Show fewer"))
            button.setAccessibleName(self.tr("Show fewer values of {facet}").format(facet=title))
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


class HotlinePanel(FittedScrollArea):
    """The catalog's hotlines with their numbers large and a copy button for each.

    The list is read when the panel is first shown, so that start-up does not wait for it.
    """

    def __init__(self, catalog: Engine, parent: Any = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self.setObjectName("hotlineList")
        self.setAccessibleName(self.tr("Hotlines"))
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
                row = self._number_row(record.title, contact.kind, contact_text(contact), contact)
                layout.addWidget(row)
            if record.hours:
                hours = QLabel(record.hours)
                hours.setWordWrap(True)
                layout.addWidget(hours)
        if not records:
            layout.addWidget(QLabel(self.tr("The catalog lists no hotlines.")))
        layout.addStretch(1)
        self.setWidget(body)

    def focus_first(self) -> None:
        """Put the keyboard on the first hotline's first Copy button."""
        self.load()
        buttons = self.findChildren(QToolButton)
        if buttons:
            buttons[0].setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.ensureWidgetVisible(buttons[0])

    def _number_row(self, name: str, kind: str, text: str, contact: Any) -> QWidget:
        """``Call 1-800-… (1-800-…) [Copy]``: the words of the number never broken, the row
        wrapping between them (and before Copy) when the panel is narrow."""
        row = QWidget()
        flow = FlowLayout(row, spacing=6)
        flow.setContentsMargins(0, 0, 0, 0)
        prefix = self.tr(HOTLINE_CONTACTS[kind])
        said = QLabel(prefix)
        set_tone(said, "muted")
        flow.addWidget(said)
        for word in text.split():
            if kind in NUMBER_CONTACTS:
                part = QLabel(word)
                relative_font(part, NUMBER_SCALE)
            else:  # a web address wraps at its slashes and dots
                part = QLabel(breakable(word))
                part.setWordWrap(True)
                part.setAccessibleName(word)  # the address as typed, without wrap marks
            part.setTextFormat(Qt.TextFormat.PlainText)
            part.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            flow.addWidget(part)
        copy = QToolButton()
        copy.setText(self.tr("Copy"))
        copy.setToolTip(self.tr("Copy {number}").format(number=contact.value))
        # Tabbing from button to button, a screen reader user hears whose number it is.
        copy.setAccessibleName(
            self.tr("Copy {name}: {kind} {number}").format(
                name=name, kind=prefix, number=contact.value
            )
        )
        value = str(contact.value)
        self.numbers.append(value)
        copy.clicked.connect(lambda _checked=False, v=value: QGuiApplication.clipboard().setText(v))
        flow.addWidget(copy)
        return row
