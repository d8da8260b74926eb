"""The agency server in the window: its status sentence, the server's address, its lists.

- :class:`AgencyStatus`: the status bar's "agency: synced 2 min ago" (or "offline —
  changes will be sent"), read again on a timer and after every sync; hidden when no
  agency server is set up;
- :class:`AgencyProgress`: a long pull's progress in the status bar, with Cancel;
- :class:`AgencyServerForm`: the server's URL (kept without its password) and a password,
  which :func:`csec_desktop.agency.sync.connect_desk` puts in the desk's passfile, never in
  the settings; a failure is said in one sentence. In Settings, and on its own in
  :class:`AgencyServerDialog` (Edit → Agency server);
- :func:`fill_lists_menu`: Go → Agency lists: each list's resources by title, and "Put
  list on sheet".

Thin: the syncing is :mod:`csec_desktop.ui.agency_link`'s, every decision
:mod:`csec_desktop.agency`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from csec_desktop.agency import status, sync
from csec_desktop.agency.server import AgencyError, ServerInfo
from csec_desktop.catalog.storage import reader
from csec_desktop.ui.agency_link import AgencyLink
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressBar,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from csec_desktop.ui.sentences import say

# How often the status sentence is read again ("2 min ago" moves on by itself).
REFRESH_MS = 30_000
# How long what a sync says stays in the status bar.
TELL_MS = 8000
# A pull of at least this many changes shows its progress (a first sync, a long absence).
PROGRESS_FROM = 1000
# Shown under the URL field: what the desk keeps and where the password goes.
URL_HINT = QT_TRANSLATE_NOOP(
    "AgencyServerForm",
    "Such as postgresql://caseworker1@agency.example.org/csec?sslmode=verify-full. "
    "The password is kept in this desk's passfile, never in the settings.",
)


class AgencyStatus(QLabel):
    """The agency sentence in the status bar, read again every :data:`REFRESH_MS` and
    after every sync."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agencyStatus")
        self.setContentsMargins(12, 0, 0, 0)  # apart from the catalog's "all data local"
        self.user: Engine | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.hide()

    def follow(self, user: Engine, link: AgencyLink | None = None) -> None:
        """Show the sentence of the desk whose user data is ``user`` from now on, read
        again whenever ``link`` ends a sync; what ``link`` says goes to the status bar."""
        self.user = user
        if link is not None:
            link.finished.connect(self.refresh)
            link.said.connect(self.tell)
        self.refresh()
        self.timer.start()

    def tell(self, sentence: str) -> None:
        """Show ``sentence`` in the status bar of the window this label is in, for a while."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(sentence, TELL_MS)

    def refresh(self) -> None:
        """Read the sentence again; hidden when no agency server is set up, or when the
        saved data cannot be read just now (the window says why elsewhere)."""
        try:
            parts = status.status_parts(self.user) if self.user is not None else None
        except SQLAlchemyError:
            parts = None
        sentence = "" if parts is None else say(parts)
        self.setText(sentence)
        self.setAccessibleName(sentence)
        self.setVisible(bool(sentence))


class AgencyProgress(QWidget):
    """A long pull in the status bar: how far it got, and Cancel (what was written stays,
    and the next sync goes on from there). Hidden otherwise."""

    def __init__(self, link: AgencyLink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agencyProgress")
        self.bar = QProgressBar()
        self.bar.setFormat(self.tr("Syncing %p%"))
        self.bar.setAccessibleName(self.tr("Sync with the agency server"))
        self.bar.setFixedWidth(160)
        self.bar.setMaximumHeight(self.fontMetrics().height() + 4)  # as tall as the text
        self.cancel_button = QToolButton()
        self.cancel_button.setObjectName("agencyCancel")
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.clicked.connect(link.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        link.progressed.connect(self.show_progress)
        link.finished.connect(self.hide)
        self.hide()

    def show_progress(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` changes, for a pull long enough to wait for."""
        if total < PROGRESS_FROM:
            return
        self.bar.setMaximum(total)
        self.bar.setValue(min(done, total))
        self.bar.setToolTip(
            self.tr("{done} of {total} changes").format(
                done=f"{min(done, total):,}", total=f"{total:,}"
            )
        )
        self.show()


class AgencyServerForm(QWidget):
    """The agency server's URL and password; :meth:`apply` connects when they changed."""

    def __init__(self, link: AgencyLink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agencyServerForm")
        self.link = link
        self.info: ServerInfo | None = None
        self.kept = sync.server_url(link.user) or ""
        self.url_edit = QLineEdit(self.kept)
        self.url_edit.setObjectName("agencyUrl")
        self.url_edit.setAccessibleName(self.tr("Agency server URL"))
        self.url_edit.setMinimumWidth(420)
        self.url_edit.setPlaceholderText(self.tr("none: this desk works on its own"))
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
        form.addRow(self.tr("Server &URL:"), self.url_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)

    def apply(self, again: bool = False) -> bool:
        """Connect to the server shown if it (or the password) changed, or ``again``;
        False, with the reason shown in one sentence, when it cannot be used (nothing is
        kept then)."""
        unchanged = self.url_edit.text().strip() == self.kept and not self.password_edit.text()
        if unchanged and not again:
            return True
        try:
            self.info = self.link.connect_desk(self._url())
        except AgencyError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            self.window().adjustSize()  # room for the sentence
            return False
        self.error_label.hide()
        self.password_edit.clear()
        self.kept = sync.server_url(self.link.user) or ""
        self.url_edit.setText(self.kept)
        return True

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


class AgencyServerDialog(QDialog):
    """Edit → Agency server: the :class:`AgencyServerForm` on its own, with Connect."""

    def __init__(self, link: AgencyLink, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("agencyServerDialog")
        self.setWindowTitle(self.tr("Agency server"))
        self.form = AgencyServerForm(link)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Connect"))
        self.buttons.accepted.connect(self.connect_desk)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)

    def connect_desk(self) -> None:
        """Connect (the form says why not, in one sentence) and close."""
        self.setEnabled(False)  # the connection is made off the GUI thread meanwhile
        try:
            done = self.form.apply(again=True)
        finally:
            self.setEnabled(True)
        if done:
            self.accept()


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
