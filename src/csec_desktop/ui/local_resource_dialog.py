"""The form in which an agency adds or edits one of its own (local) resources.

Every change is checked by :func:`csec_desktop.catalog.user.local.validate` (the same rules as
the curated catalog). A problem is shown under its field, in the plain words of
:func:`csec_desktop.catalog.user.local.plain_problem`, once the user has left that field or
pressed OK (never over a form not yet typed in), and goes as soon as it is fixed. Each
field keeps a line for its message, so fields never move as messages come and go. Saving
goes through :func:`csec_desktop.catalog.user.local.save`, which also updates the catalog; the
caller reloads its search engine.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine

from csec_desktop.catalog.content.records import Problem
from csec_desktop.catalog.content.sentence import Sentence
from csec_desktop.catalog.storage import reader
from csec_desktop.catalog.user import local
from csec_desktop.catalog.user.userstore import UserDataError
from csec_desktop.ui.i18n import current_language
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFormLayout,
    QFrame,
    QGuiApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    QPlainTextEdit,
    QRect,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from csec_desktop.ui.sentences import say, told
from csec_desktop.ui.theme import set_tone

# Contact kinds the form edits, with their labels; other contacts are kept as they are.
CONTACT_FIELDS = (
    ("phone", QT_TRANSLATE_NOOP("LocalResourceDialog", "Phone")),
    ("text", QT_TRANSLATE_NOOP("LocalResourceDialog", "Text / SMS")),
    ("tty", QT_TRANSLATE_NOOP("LocalResourceDialog", "TTY")),
)
# Error text on light and on dark windows (both at least 4.5:1 against the window).
PRIVACY_HINT = QT_TRANSLATE_NOOP(
    "LocalResourceDialog",
    "Do not enter client-identifying information. Describe the service, not the people it helped.",
)


class LocalResourceDialog(QDialog):
    """Add (``slug`` None) or edit the local resource ``slug``; ``saved`` gives its id."""

    saved = Signal(str)

    def __init__(
        self,
        catalog_engine: Engine,
        user_engine: Engine,
        slug: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("localResourceDialog")
        self.catalog = catalog_engine
        self.user = user_engine
        self.slug = slug
        self.saved_slug: str | None = None
        self._vocab = local.catalog_vocabularies(catalog_engine)
        self._base: dict[str, Any] = (local.stored_data(user_engine, slug) or {}) if slug else {}
        self.setWindowTitle(
            self.tr("Edit local resource") if slug else self.tr("New local resource")
        )
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}
        # The fields whose problems are shown: those the user has left, or all after OK.
        # A stored resource being edited is the user's earlier input: all of it.
        self._touched: set[str] = set()
        self._build()
        self._load(self._base)
        if slug:
            self._touched = set(self._fields)
        self.validate()

    # ---- building

    def _build(self) -> None:
        spanish = current_language() == "es"  # the vocabulary's labels in the window's language
        labels = {
            (v.facet, v.code): (v.label_es if spanish and v.label_es else v.label)
            for v in reader.vocabulary(self.catalog)
        }
        codes: dict[str, list[str]] = {}
        for entry in reader.vocabulary(self.catalog):
            codes.setdefault(entry.facet, []).append(entry.code)

        hint = QLabel(self.tr(PRIVACY_HINT))
        hint.setObjectName("privacyHint")
        hint.setWordWrap(True)
        self.title_edit = self._line("title", 500)
        self.kind_combo = self._combo("kind", [(labels[("kind", c)], c) for c in codes["kind"]])
        self.status_combo = self._combo(
            "status", [(labels[("status", c)], c) for c in codes["status"]]
        )
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setObjectName("summaryEdit")
        self.summary_edit.setTabChangesFocus(True)
        # Four lines, whatever room the form has: it scrolls, and the fields keep their places.
        self.summary_edit.setFixedHeight(self.summary_edit.fontMetrics().lineSpacing() * 4 + 12)
        self.summary_edit.textChanged.connect(self.validate)
        organizations = sorted(reader.organizations(self.catalog), key=lambda o: o.name.lower())
        self.organization_combo = self._combo(
            "organization", [(self.tr("(none)"), ""), *((o.name, o.key) for o in organizations)]
        )
        # Long names would make the form as wide as the longest; the list shows them whole.
        self.organization_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.organization_combo.setMinimumContentsLength(20)
        self.contact_edits = {kind: self._line(f"{kind}Contact", 40) for kind, _ in CONTACT_FIELDS}
        self.contact_hours_edit = self._line("contactHours", 200)
        self.contact_hours_edit.setPlaceholderText(self.tr("24/7, or Mon–Fri 9–5"))
        self.website_edit = self._line("website", 2000)
        self.website_edit.setPlaceholderText("https://")
        self.email_edit = self._line("email", 320)
        self.sites_edit = self._line("sites", 2000)
        self.sites_edit.setPlaceholderText(self.tr("Albany, NY; Troy, NY"))
        # A check box does not wrap: the short name on it, what it means on a line that does.
        self.confidential_check = QCheckBox(
            self.tr("Confidential location (a shelter, a safe house)")
        )
        meaning = self.tr(
            "Kept on this desk only; sheets, exports and Copy say “call for the location”."
        )
        self.confidential_check.setAccessibleDescription(meaning)
        confidential_note = QLabel(meaning)
        confidential_note.setObjectName("locationConfidentialNote")
        confidential_note.setWordWrap(True)
        confidential = QWidget()
        confidential_column = QVBoxLayout(confidential)
        confidential_column.setContentsMargins(0, 0, 0, 0)
        confidential_column.setSpacing(1)
        confidential_column.addWidget(self.confidential_check)
        confidential_column.addWidget(confidential_note)
        self.confidential_check.setObjectName("locationConfidentialCheck")
        self.confidential_check.toggled.connect(self.validate)
        self.topics_list = self._checklist("topics", codes.get("topic", []), labels, "topic")
        self.audiences_list = self._checklist(
            "audiences", codes.get("audience", []), labels, "audience"
        )
        self.verified_edit = self._line("lastVerified", 10)
        self.verified_edit.setPlaceholderText(self.tr("YYYY-MM-DD"))

        # Choices from lists get no error line: what they offer is valid (a rare problem of
        # theirs shows under the fields).
        rows: list[tuple[str, str, QWidget]] = [
            (self.tr("Title"), "title", self.title_edit),
            (self.tr("Kind"), "", self.kind_combo),
            (self.tr("Status"), "", self.status_combo),
            (self.tr("Summary"), "summary", self.summary_edit),
            (self.tr("Organization"), "", self.organization_combo),
            *((self.tr(label), kind, self.contact_edits[kind]) for kind, label in CONTACT_FIELDS),
            (self.tr("Contact hours"), "hours", self.contact_hours_edit),
            (self.tr("Website"), "website", self.website_edit),
            (self.tr("Email"), "email", self.email_edit),
            (self.tr("Places (city, state)"), "sites", self.sites_edit),
            ("", "", confidential),
            (self.tr("Topics"), "", self.topics_list),
            (self.tr("Audiences"), "", self.audiences_list),
            (self.tr("Last verified"), "last_verified", self.verified_edit),
        ]
        fields = QWidget()
        form = QFormLayout(fields)
        form.setContentsMargins(0, 0, 0, 0)
        for label, field, widget in rows:
            form.addRow(label, self._with_error(field, widget) if field else widget)
        self.general_error = self._error_label("generalError")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # Long at large text: the fields scroll, the hint and the buttons stay in view.
        self.fields_scroll = scroll = QScrollArea()
        scroll.setObjectName("localResourceFields")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(fields)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self._fit(fields, scroll)

    def _with_error(self, field: str, widget: QWidget) -> QWidget:
        """``widget`` with the line for its error message under it."""
        self._fields[field] = widget
        error = self._error_label(f"{field}Error")
        self._errors[field] = error
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        column.addWidget(error)
        widget.installEventFilter(self)  # leaving the field shows its problems
        return box

    def _error_label(self, name: str) -> QLabel:
        """An error line: always there, empty or not, so its space is kept (see _fit)."""
        error = QLabel()
        error.setObjectName(name)
        error.setWordWrap(True)
        error.setTextFormat(Qt.TextFormat.PlainText)
        error.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        set_tone(error, "error")
        error.setMinimumHeight(error.fontMetrics().lineSpacing())
        return error

    def _fit(self, fields: QWidget, scroll: QScrollArea) -> None:
        """Wide enough that every message fits on one line, as far as the screen allows,
        and each error line as high as the longest message needs at that width: the
        fields keep their places whatever message comes."""
        messages = [
            say(Sentence(local.CONTEXT, template))
            for template in (
                *local.ALLOWED.values(),
                *local.NEEDED.values(),
                local.HIDDEN_CHARACTERS,
                local.ONE_LINE,
            )
        ]
        metrics = self.general_error.fontMetrics()
        form = fields.layout()
        assert isinstance(form, QFormLayout)
        labels = [
            form.itemAt(row, QFormLayout.ItemRole.LabelRole) for row in range(form.rowCount())
        ]
        label_width = max((i.sizeHint().width() for i in labels if i is not None), default=0)
        # The label column, the spacing, the scroll bar and a margin.
        beside = label_width + max(form.horizontalSpacing(), 0) + metrics.height() * 2
        width = beside + max(metrics.horizontalAdvance(text) for text in messages)
        screen = QGuiApplication.primaryScreen()
        space = screen.availableGeometry() if screen is not None else None
        if space is not None:
            width = min(width, int(space.width() * 0.9))
        scroll.setMinimumWidth(width)
        room = QRect(0, 0, width - beside + 4, 10_000)  # a little slack for rounding
        wrap = int(Qt.TextFlag.TextWordWrap.value)
        high = max(metrics.boundingRect(room, wrap, text).height() for text in messages)
        for error in self._errors.values():
            error.setMinimumHeight(max(high, metrics.lineSpacing()))
        if space is not None:
            height = fields.sizeHint().height() + self.buttons.sizeHint().height() * 4
            self.resize(width + metrics.height(), min(height, int(space.height() * 0.9)))

    def _line(self, name: str, limit: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"{name}Edit")
        # A little beyond the rule's limit, so that too long text is reported, not cut.
        edit.setMaxLength(limit + 1)
        edit.textChanged.connect(self.validate)
        return edit

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"{name}Combo")
        for label, code in items:
            combo.addItem(label, code)
        combo.currentIndexChanged.connect(self.validate)
        return combo

    def _checklist(
        self, name: str, codes: list[str], labels: dict[tuple[str, str], str], facet: str
    ) -> QListWidget:
        widget = QListWidget()
        widget.setObjectName(f"{name}List")
        for code in codes:
            item = QListWidgetItem(labels.get((facet, code), code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            widget.addItem(item)
        widget.setMaximumHeight(120)
        widget.itemChanged.connect(self.validate)
        return widget

    # ---- data in and out

    def _load(self, data: dict[str, Any]) -> None:
        self.title_edit.setText(str(data.get("title", "")))
        _select(self.kind_combo, data.get("kind", "program"))
        _select(self.status_combo, data.get("status", "active"))
        self.summary_edit.setPlainText(str(data.get("summary", "")))
        _select(self.organization_combo, data.get("organization", ""))
        contacts = [c for c in data.get("contacts", []) if isinstance(c, dict)]
        for kind, edit in self.contact_edits.items():
            first = next((c for c in contacts if c.get("kind") == kind), None)
            edit.setText(str(first.get("value", "")) if first else "")
        hours = next((c.get("hours") for c in contacts if c.get("hours")), "")
        self.contact_hours_edit.setText(str(hours))
        self.website_edit.setText(str(data.get("website", "")))
        self.email_edit.setText(str(data.get("email", "")))
        self.sites_edit.setText(
            "; ".join(
                ", ".join(str(part) for part in (s.get("city"), s.get("state")) if part)
                for s in data.get("sites", [])
                if isinstance(s, dict)
            )
        )
        self.confidential_check.setChecked(data.get("location_confidential") is True)
        for widget, key in ((self.topics_list, "topics"), (self.audiences_list, "audiences")):
            chosen = set(data.get(key, []))
            for row in range(widget.count()):
                item = widget.item(row)
                checked = item.data(Qt.ItemDataRole.UserRole) in chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.verified_edit.setText(str(data.get("last_verified", dt.date.today().isoformat())))

    def data(self) -> dict[str, Any]:
        """The resource as the form holds it (the stored fields it does not show kept)."""
        data = dict(self._base)
        for key, value in (
            ("title", self.title_edit.text()),
            ("kind", self.kind_combo.currentData()),
            ("status", self.status_combo.currentData()),
            ("summary", self.summary_edit.toPlainText()),
            ("organization", self.organization_combo.currentData()),
            ("website", self.website_edit.text()),
            ("email", self.email_edit.text()),
            ("last_verified", self.verified_edit.text()),
        ):
            _put(data, key, value)
        _put(data, "contacts", self._contacts(data.get("contacts", [])))
        _put(data, "sites", self._sites(data.get("sites", [])))
        _put(data, "location_confidential", self.confidential_check.isChecked() or None)
        _put(data, "topics", _checked(self.topics_list))
        _put(data, "audiences", _checked(self.audiences_list))
        return data

    def _contacts(self, stored: list[Any]) -> list[dict[str, Any]]:
        """The form's phone, text and TTY first, then the stored contacts it does not show."""
        hours = self.contact_hours_edit.text().strip()
        shown: list[dict[str, Any]] = []
        rest = [c for c in stored if isinstance(c, dict)]
        for kind, edit in self.contact_edits.items():
            first = next((c for c in rest if c.get("kind") == kind), None)
            if first is not None:
                rest.remove(first)
            value = edit.text().strip()
            if value:
                contact = {**(first or {}), "kind": kind, "value": value}
                _put(contact, "hours", hours)
                shown.append(contact)
        return shown + rest

    def _sites(self, stored: list[Any]) -> list[dict[str, Any]]:
        """``City, ST; ST`` as sites, keeping the role a stored site of that place had."""
        roles = {
            (s.get("city"), s.get("state")): s.get("role")
            for s in stored
            if isinstance(s, dict) and s.get("role")
        }
        sites: list[dict[str, Any]] = []
        for place in self.sites_edit.text().split(";"):
            parts = [p.strip() for p in place.split(",") if p.strip()]
            if not parts:
                continue
            # "City, ST", or "ST" alone for statewide work; the rules check the state code.
            alone = len(parts) == 1 and len(parts[0]) == 2
            state = parts[-1].upper() if len(parts) > 1 or alone else None
            site: dict[str, Any] = {}
            _put(site, "city", ", ".join(parts[:-1] if state else parts))
            _put(site, "state", state)
            _put(site, "role", roles.get((site.get("city"), site.get("state"))))
            sites.append(site)
        return sites

    # ---- checking and saving

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Leaving a field shows its problems (from then on, as they come and go)."""
        if event.type() == QEvent.Type.FocusOut:
            field = next((f for f, w in self._fields.items() if w is watched), None)
            if field is not None and field not in self._touched and self._changed(field):
                self._touched.add(field)
                self.validate()
        return super().eventFilter(watched, event)

    def _changed(self, field: str) -> bool:
        """True when the user has put something in ``field`` (a field only passed
        through on the way to another is not judged yet)."""
        widget = self._fields[field]
        if isinstance(widget, QLineEdit):
            return widget.isModified()
        if isinstance(widget, QPlainTextEdit):
            return widget.document().isModified()
        return True

    def validate(self, *_args: object) -> list[Problem]:
        """Check the form and show the problems of the fields the user has left (all of
        them after OK) next to those fields; return every problem."""
        if not hasattr(self, "buttons"):  # signals fire while the form is being filled
            return []
        _, problems = local.validate(self.catalog, self.user, self.data(), self.slug, self._vocab)
        messages: dict[str, list[str]] = {}
        for problem in problems:
            field, parts = local.plain_problem(problem)
            sentence = say(parts)
            said = messages.setdefault(field if field in self._errors else "", [])
            if sentence not in said:
                said.append(sentence)
        for field, label in self._errors.items():
            _show(label, messages.get(field, []) if field in self._touched else [])
            self._fields[field].setAccessibleDescription(label.text())
        _show(
            self.general_error, messages.get("", []) if self._touched >= set(self._fields) else []
        )
        return problems

    def accept(self) -> None:
        """Save the resource if it is valid, emit :attr:`saved` and close; otherwise show
        every problem and put the cursor in the first field that has one."""
        self._touched = set(self._fields)
        if self.validate():
            first = next((f for f, label in self._errors.items() if label.text()), None)
            if first is not None:
                self._fields[first].setFocus(Qt.FocusReason.OtherFocusReason)
                self.fields_scroll.ensureWidgetVisible(self._errors[first])
            return
        try:
            record = local.save(self.catalog, self.user, self.data(), self.slug)
        # Changed meanwhile (the id was taken), or the data cannot be written (read-only):
        # one sentence, which never repeats the record.
        except (local.LocalResourceError, local.LocalMergeError, UserDataError) as error:
            _show(self.general_error, [told(error)])
            return
        self.saved_slug = record.id
        self.saved.emit(record.id)
        super().accept()


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` to ``value``, or remove it when the value is empty (as TOML omits it)."""
    if isinstance(value, str):
        value = value.strip()
    if value in ("", None, []):
        data.pop(key, None)
    else:
        data[key] = value


def _select(combo: QComboBox, code: object) -> None:
    index = combo.findData(code)
    combo.setCurrentIndex(max(index, 0))


def _checked(widget: QListWidget) -> list[str]:
    return [
        str(widget.item(row).data(Qt.ItemDataRole.UserRole))
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    ]


def _show(label: QLabel, messages: list[str]) -> None:
    """Put ``messages`` on an error line; an empty line keeps its place."""
    label.setText(" ".join(messages))
