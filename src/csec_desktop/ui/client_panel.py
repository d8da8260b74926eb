"""The "For this client" box: where the client is and who they are, to list what is near
them first and leave out what is known not to serve them.

What is typed here describes a client, so it is never stored: not in settings, recent or
saved searches, notes or logs. The window keeps it only while it is open, and the box says
so beside the fields.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from csec_desktop.catalog.content.client_needs import MAX_AGE_TYPED, ClientNeeds, NeedCount
from csec_desktop.catalog.content.eligibility import FACTS
from csec_desktop.catalog.content.geo import DEFAULT_MILES, Near, PlaceNotFound, parse_near
from csec_desktop.ui.panels import BoxLabel
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QShortcut,
    QSpinBox,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from csec_desktop.ui.sentences import say, told

# Beside the fields: why it is safe to type a client's ZIP code and age here.
NOT_STORED = QT_TRANSLATE_NOOP(
    "ClientPanel", "Not saved anywhere; cleared when you close the desk."
)
# The radius box's bounds, in miles.
MILES_RANGE = (1, 500)
# The gender choices: (code of the ``gender`` vocabulary, how the box says it).
GENDERS = (
    ("girls", QT_TRANSLATE_NOOP("ClientPanel", "Girl")),
    ("boys", QT_TRANSLATE_NOOP("ClientPanel", "Boy")),
    ("transgender_nonbinary", QT_TRANSLATE_NOOP("ClientPanel", "Transgender or nonbinary")),
)
# Until the catalog's labels arrive (set_labels).
_FACT_LABELS = {fact: fact.replace("_", " ").capitalize() for fact in FACTS}


class ClientPanel(QGroupBox):
    """A place and radius, an age, a gender, a language and facts the resource must state;
    emits ``changed`` when what the search uses changes. :meth:`near` and :meth:`needs`
    are what the search uses; :meth:`set_counts` shows how many fit each need."""

    changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientPanel")
        self._near: Near | None = None
        self._needs = ClientNeeds()
        self._fact_labels = dict(_FACT_LABELS)

        # The title is a button that shows or hides the fields: the filters below keep
        # their room until a caseworker wants this.
        self.toggle = QToolButton()
        self.toggle.setObjectName("clientToggle")
        self.toggle.setText(self.tr("For this client"))
        self.toggle.setAccessibleName(self.tr("For this client: show or hide"))
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.summary = QLabel()
        self.summary.setObjectName("clientSummary")
        self.summary.setWordWrap(True)
        self.body = QWidget()
        self.body.setObjectName("clientBody")
        self.body.setVisible(False)

        self.place_edit = QLineEdit()
        self.place_edit.setObjectName("clientPlace")
        self.place_edit.setPlaceholderText(self.tr("ZIP code or city, state"))
        self.place_edit.setAccessibleName(self.tr("Client's ZIP code or city"))
        self.place_edit.setClearButtonEnabled(True)
        self.place_edit.setToolTip(
            self.tr(
                "Nearest resources first, then those serving the whole state and national ones."
            )
        )
        self.miles_box = QSpinBox()
        self.miles_box.setObjectName("clientMiles")
        self.miles_box.setRange(*MILES_RANGE)
        self.miles_box.setValue(round(DEFAULT_MILES))
        self.miles_box.setSuffix(self.tr(" mi"))
        self.miles_box.setPrefix(self.tr("within "))
        self.miles_box.setAccessibleName(self.tr("Within how many miles"))
        self.age_edit = QLineEdit()
        self.age_edit.setObjectName("clientAge")
        self.age_edit.setPlaceholderText(self.tr("Age"))
        self.age_edit.setAccessibleName(self.tr("Client's age"))
        self.age_edit.setMaximumWidth(
            self.age_edit.fontMetrics().horizontalAdvance(self.tr("Age") + " 000")
        )
        self.gender_box = QComboBox()
        self.gender_box.setObjectName("clientGender")
        self.gender_box.setAccessibleName(self.tr("Client's gender"))
        self.gender_box.addItem(self.tr("Any gender"), None)
        for code, label in GENDERS:
            self.gender_box.addItem(self.tr(label), code)
        self.language_box = QComboBox()
        self.language_box.setObjectName("clientLanguage")
        self.language_box.setAccessibleName(self.tr("Client's language"))
        self.set_languages([])
        self.error_label = QLabel()
        self.error_label.setObjectName("clientError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        must = QLabel(self.tr("The resource must say:"))
        self.fact_boxes: dict[str, QCheckBox] = {}
        self.fact_labels: dict[str, BoxLabel] = {}
        for fact in FACTS:
            box = QCheckBox()
            box.setObjectName(f"clientFact_{fact}")
            box.setProperty("fact", fact)
            box.toggled.connect(self._read_needs)
            # Long needs and their counts wrap in a narrow column at any text size.
            text = BoxLabel("", box)
            text.setObjectName(f"clientFactText_{fact}")
            text.setTextFormat(Qt.TextFormat.RichText)  # the count in bold; labels escaped
            text.setBuddy(box)
            self.fact_boxes[fact] = box
            self.fact_labels[fact] = text
        note = QLabel(self.tr(NOT_STORED))
        note.setObjectName("clientNote")
        note.setWordWrap(True)

        place_row = QHBoxLayout()
        place_row.setContentsMargins(0, 0, 0, 0)
        place_row.addWidget(self.place_edit, 1)
        place_row.addWidget(self.miles_box)
        who_row = QHBoxLayout()
        who_row.setContentsMargins(0, 0, 0, 0)
        who_row.addWidget(self.age_edit)
        who_row.addWidget(self.gender_box, 1)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(place_row)
        body.addLayout(who_row)
        body.addWidget(self.language_box)
        body.addWidget(self.error_label)
        body.addWidget(must)
        for fact, box in self.fact_boxes.items():
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(self.fact_labels[fact], 1)
            body.addLayout(row)
        body.addWidget(note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.toggle)
        layout.addWidget(self.summary)
        layout.addWidget(self.body)
        self._show_summary()

        self.toggle.toggled.connect(self._expand)
        self.place_edit.editingFinished.connect(self._read_place)
        self.place_edit.textChanged.connect(self._typing_place)
        self.miles_box.valueChanged.connect(self._read_place)
        self.age_edit.editingFinished.connect(self._read_needs)
        self.age_edit.textChanged.connect(self._typing_age)
        self.gender_box.currentIndexChanged.connect(self._read_needs)
        self.language_box.currentIndexChanged.connect(self._read_needs)
        for edit in (self.place_edit, self.age_edit):
            clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), edit)
            clear.setContext(Qt.ShortcutContext.WidgetShortcut)
            clear.activated.connect(edit.clear)

    # ---- what the search uses

    def near(self) -> Near | None:
        """The place and radius to search near, or None (nothing typed, or not a place)."""
        return self._near

    def needs(self) -> ClientNeeds:
        """The client's age, gender, language and the facts they need stated."""
        return self._needs

    def clear(self) -> None:
        """Forget everything about the client."""
        self.place_edit.clear()
        self.age_edit.clear()
        self.gender_box.setCurrentIndex(0)
        self.language_box.setCurrentIndex(0)
        for box in self.fact_boxes.values():
            box.setChecked(False)
        self._read_place()
        self._read_needs()

    # ---- what the catalog says

    def set_languages(self, languages: Sequence[tuple[str, str]]) -> None:
        """Offer ``languages`` ((code, label), the catalog's vocabulary) in the box."""
        chosen = self.language_box.currentData()
        self.language_box.blockSignals(True)
        self.language_box.clear()
        self.language_box.addItem(self.tr("Any language"), None)
        for code, label in languages:
            self.language_box.addItem(label, code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(chosen)))
        self.language_box.blockSignals(False)

    def set_fact_labels(self, labels: Mapping[str, str]) -> None:
        """Name the facts as the catalog's vocabulary does."""
        self._fact_labels.update(labels)
        self.set_counts({})

    def set_counts(self, counts: Mapping[str, NeedCount]) -> None:
        """Show beside each fact how many results say so and how many do not say."""
        for fact, box in self.fact_boxes.items():
            label = self._fact_labels[fact]
            count = counts.get(fact)
            if count is None:
                self.fact_labels[fact].setText(html.escape(label))
                box.setAccessibleName(label)
                continue
            not_stated = self.tr("({count} not stated)").format(count=count.not_stated)
            self.fact_labels[fact].setText(
                f"{html.escape(label)} <b>{count.fits}</b> <small>{not_stated}</small>"
            )
            said = self.tr("{fits} say so, {unknown} do not say").format(
                fits=count.fits, unknown=count.not_stated
            )
            box.setAccessibleName(f"{label}: {said}")
            box.setToolTip(f"{label}: {said}")

    # ---- reading what is typed

    def _expand(self, shown: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.body.setVisible(shown)
        self._show_summary()

    def _show_summary(self) -> None:
        """What is set, in one line, while the fields are hidden."""
        said = [
            *([say(self._near.description())] if self._near else []),
            *(
                [self.tr("age {age}").format(age=self._needs.age)]
                if self._needs.age is not None
                else []
            ),
            *([self.gender_box.currentText().lower()] if self._needs.gender else []),
            *([self.language_box.currentText()] if self._needs.language else []),
            *(self._fact_labels[fact].lower() for fact in sorted(self._needs.facts)),
        ]
        self.summary.setText("; ".join(said))
        self.summary.setVisible(bool(said) and not self.body.isVisibleTo(self))

    def _typing_place(self, text: str) -> None:
        # A whole ZIP code is read at once; anything else when the field is left or
        # Enter is pressed, so half a city name is never an error.
        typed = text.strip()
        if not typed or (typed.isdigit() and len(typed) == 5):
            self._read_place()
        else:
            self.error_label.hide()

    def _typing_age(self, text: str) -> None:
        if not text.strip():
            self._read_needs()

    def _not_an_age(self, typed: str, error: ValueError) -> str:
        """Why ``typed`` is no age, in one sentence that says what to type instead
        (``error``: what reading it as an age raised)."""
        if not typed.isdigit():
            return self.tr(_NOT_AN_AGE)
        if len(typed) == 5:  # the place box is beside it
            return self.tr(_ZIP_IN_AGE).format(typed=typed, most=MAX_AGE_TYPED)
        return told(error)  # the catalog's own sentence (NeedsError: the ages it takes)

    def _say(self, error: str | None) -> None:
        self.error_label.setText(error or "")
        self.error_label.setVisible(bool(error))

    def _read_place(self) -> None:
        typed = " ".join(self.place_edit.text().split())
        near: Near | None = None
        self._say(None)
        if typed:
            try:
                near = parse_near(typed, self.miles_box.value())
            except PlaceNotFound as error:
                self._say(told(error))
        if near != self._near:
            self._near = near
            self._show_summary()
            self.changed.emit()

    def _read_needs(self) -> None:
        typed = self.age_edit.text().strip()
        self._say(None)
        age: int | None = None
        try:
            age = int(typed) if typed else None
            ClientNeeds(age=age)
        except ValueError as error:  # NeedsError too: an age the box cannot use is left out
            self._say(self._not_an_age(typed, error))
            age = None
        needs = ClientNeeds(
            age=age,
            gender=self.gender_box.currentData(),
            language=self.language_box.currentData(),
            facts=frozenset(f for f, box in self.fact_boxes.items() if box.isChecked()),
        )
        if needs != self._needs:
            self._needs = needs
            self._show_summary()
            self.changed.emit()


_NOT_AN_AGE = QT_TRANSLATE_NOOP("ClientPanel", "An age is a whole number of years, such as 15.")
_ZIP_IN_AGE = QT_TRANSLATE_NOOP(
    "ClientPanel",
    "{typed} looks like a ZIP code: type it in the ZIP code or city box; an age is a whole "
    "number from 0 to {most}.",
)
