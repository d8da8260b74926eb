"""The agency server in the window: its status sentence, the connect dialog, its lists.

- :class:`AgencyStatus`: the status bar's "agency: synced 2 min ago" (or "offline —
  changes will be sent"), read again on a timer; hidden when no agency server is set up;
- :class:`AgencyServerDialog`: Edit → Agency server: the URL (kept without its password)
  and a password, which :func:`csec_desktop.agency.sync.connect_desk` puts in the desk's
  passfile, never in the settings; a failure is said in one sentence;
- :func:`fill_lists_menu`: Go → Agency lists: each list's resources by title, and "Put
  list on sheet".

Thin: every decision is :mod:`csec_desktop.agency`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from csec_desktop.agency import status, sync
from csec_desktop.agency.server import AgencyError
from csec_desktop.catalog import reader
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QTimer,
    QVBoxLayout,
    QWidget,
)

#: How often the status sentence is read again ("2 min ago" moves on by itself).
REFRESH_MS = 30_000
#: Shown under the URL field: what the desk keeps and where the password goes.
URL_HINT = QT_TRANSLATE_NOOP(
    "AgencyServerDialog",
    "Such as postgresql://caseworker1@agency.example.org/csec?sslmode=verify-full. "
    "The password is kept in this desk's passfile, never in the settings.",
)


class AgencyStatus(QLabel):
    """The agency sentence in the status bar, read again every :data:`REFRESH_MS`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agencyStatus")
        self.setContentsMargins(12, 0, 0, 0)  # apart from the catalog's "all data local"
        self.user: Engine | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.hide()

    def follow(self, user: Engine) -> None:
        """Show the sentence of the desk whose user data is ``user`` from now on."""
        self.user = user
        self.refresh()
        self.timer.start()

    def refresh(self) -> None:
        """Read the sentence again; hidden when no agency server is set up, or when the
        saved data cannot be read just now (the window says why elsewhere)."""
        try:
            sentence = status.status_sentence(self.user) if self.user is not None else ""
        except SQLAlchemyError:
            sentence = ""
        self.setText(sentence)
        self.setAccessibleName(sentence)
        self.setVisible(bool(sentence))


class AgencyServerDialog(QDialog):
    """Connect the desk to an agency server; :attr:`info` says as whom once connected."""

    def __init__(self, directory: Path, user: Engine, catalog: Engine, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("agencyServerDialog")
        self.setWindowTitle(self.tr("Agency server"))
        self.directory, self.user = directory, user
        self.follow = sync.merge_follower(catalog, user)
        self.info: Any = None
        self.url_edit = QLineEdit(sync.server_url(user) or "")
        self.url_edit.setObjectName("agencyUrl")
        self.url_edit.setAccessibleName(self.tr("Agency server URL"))
        self.url_edit.setMinimumWidth(420)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("agencyPassword")
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("only if the server asks for one"))
        hint = QLabel(self.tr(URL_HINT))
        hint.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("agencyError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("Agency &server:"), self.url_edit)
        form.addRow("", hint)
        form.addRow(self.tr("&Password:"), self.password_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Connect"))
        buttons.accepted.connect(self.connect_desk)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def connect_desk(self) -> None:
        """Check the server and connect; say why in one sentence when it cannot be used."""
        try:
            url = self._url()
            self.info = sync.connect_desk(self.directory, self.user, url, self.follow)
        except AgencyError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self.password_edit.clear()
        self.accept()

    def _url(self) -> str:
        text = self.url_edit.text().strip()
        if not text:
            raise AgencyError(
                self.tr("Enter the agency server's URL, such as postgresql://host/db.")
            )
        try:
            parsed = make_url(text)
        except ArgumentError:
            raise AgencyError(
                self.tr("That is not a server URL; it should look like postgresql://host/database.")
            ) from None
        password = self.password_edit.text()
        if password:
            parsed = parsed.set(password=password)
        return parsed.render_as_string(hide_password=False)


def sync_now(directory: Path, user: Engine, catalog: Engine) -> str:
    """Send the desk's queued edits and fetch the agency's changes; say what happened (or
    why not) in one sentence. The catalog follows the changed resources."""
    if sync.server_url(user) is None:
        return QCoreApplication.translate(
            "agency_panel",
            "This desk is not connected to an agency server; connect it in Edit → Agency server.",
        )
    try:
        report = sync.sync(directory, user, sync.merge_follower(catalog, user))
    except AgencyError as error:
        return str(error)
    changed = len(report.changed)
    sentence = (
        QCoreApplication.translate(
            "agency_panel", "Synced with the agency server: 1 resource updated"
        )
        if changed == 1
        else QCoreApplication.translate(
            "agency_panel", "Synced with the agency server: {count} resources updated"
        ).format(count=changed)
    )
    if report.pushed:
        sentence += QCoreApplication.translate("agency_panel", ", {count} change(s) sent").format(
            count=report.pushed
        )
    if report.conflicts:
        sentence += QCoreApplication.translate(
            "agency_panel", ", {count} conflict(s) to decide"
        ).format(count=report.conflicts)
    return sentence + "."


def fill_lists_menu(
    menu: QMenu,
    catalog: Engine,
    user: Engine,
    show: Callable[[str], object],
    put_on_sheet: Callable[[list[str]], object],
) -> None:
    """Go → Agency lists: one submenu per list, its resources by title (a click shows one)
    and "Put list on sheet" first."""
    menu.clear()
    lists = sync.agency_lists(user)
    if not lists:
        menu.addAction(
            QCoreApplication.translate(
                "agency_panel", "No agency lists (connect in Edit → Agency server)"
            )
        ).setEnabled(False)
        return
    titles = reader.titles(catalog, sorted({slug for slugs in lists.values() for slug in slugs}))
    for name, slugs in lists.items():
        sub = menu.addMenu(name.replace("&", "&&"))
        put = sub.addAction(QCoreApplication.translate("agency_panel", "Put list on sheet"))
        put.triggered.connect(lambda _checked=False, s=slugs: put_on_sheet(list(s)))
        sub.addSeparator()
        for slug in slugs:
            title = titles.get(slug)
            gone = QCoreApplication.translate("agency_panel", "{id} (not in this catalog)")
            action = sub.addAction((title or gone.format(id=slug)).replace("&", "&&"))
            action.setEnabled(title is not None)
            action.triggered.connect(lambda _checked=False, s=slug: show(s))
