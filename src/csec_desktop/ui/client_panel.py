"""The "For this client" box: where the client is, to list what is near them first.

What is typed here describes a client, so it is never stored: not in settings, recent or
saved searches, notes or logs. The window keeps it only while it is open, and the box says
so beside the field.
"""

from __future__ import annotations

from typing import Any

from csec_desktop.catalog.geo import DEFAULT_MILES, Near, PlaceNotFound, parse_near
from csec_desktop.ui.qt import (
    QGroupBox,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QShortcut,
    QSpinBox,
    Qt,
    QVBoxLayout,
    Signal,
)

#: Beside the field: why it is safe to type a client's ZIP code here.
NOT_STORED = "Not saved anywhere; cleared when you close the desk."
#: The radius box's bounds, in miles.
MILES_RANGE = (1, 500)


class ClientPanel(QGroupBox):
    """A ZIP code or city and a radius; emits ``changed`` when the place to search near
    changes (a place read, or cleared). :meth:`near` is what the search uses."""

    changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__("For this client", parent)
        self.setObjectName("clientPanel")
        self._near: Near | None = None
        self._typed = ""

        self.place_edit = QLineEdit()
        self.place_edit.setObjectName("clientPlace")
        self.place_edit.setPlaceholderText("ZIP code or city, state")
        self.place_edit.setAccessibleName("Client's ZIP code or city")
        self.place_edit.setClearButtonEnabled(True)
        self.place_edit.setToolTip(
            "Nearest resources first, then those serving the whole state and national ones. "
            + NOT_STORED
        )
        self.miles_box = QSpinBox()
        self.miles_box.setObjectName("clientMiles")
        self.miles_box.setRange(*MILES_RANGE)
        self.miles_box.setValue(round(DEFAULT_MILES))
        self.miles_box.setSuffix(" mi")
        self.miles_box.setPrefix("within ")
        self.miles_box.setAccessibleName("Within how many miles")
        self.error_label = QLabel()
        self.error_label.setObjectName("clientPlaceError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        note = QLabel(NOT_STORED)
        note.setObjectName("clientNote")
        note.setWordWrap(True)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.place_edit, 1)
        row.addWidget(self.miles_box)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(note)

        self.place_edit.editingFinished.connect(self._read)
        self.place_edit.textChanged.connect(self._typing)
        self.miles_box.valueChanged.connect(self._read)
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.place_edit)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.clear)

    def near(self) -> Near | None:
        """The place and radius to search near, or None (nothing typed, or not a place)."""
        return self._near

    def clear(self) -> None:
        """Forget the client's place."""
        self.place_edit.clear()
        self._read()

    def _typing(self, text: str) -> None:
        # A whole ZIP code is read at once; anything else when the field is left or
        # Enter is pressed, so half a city name is never an error.
        if not text.strip() or (text.strip().isdigit() and len(text.strip()) == 5):
            self._read()
        else:
            self.error_label.hide()

    def _read(self) -> None:
        typed = " ".join(self.place_edit.text().split())
        near: Near | None = None
        self.error_label.hide()
        if typed:
            try:
                near = parse_near(typed, self.miles_box.value())
            except PlaceNotFound as error:
                self.error_label.setText(str(error))
                self.error_label.show()
        if near != self._near:
            self._near = near
            self.changed.emit()
