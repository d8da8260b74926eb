"""The details pane: the resource shown, its favorite star and note, links, copying, and the
back/forward history of the resources viewed.

The window builds the pane's widgets; :class:`DetailsController` drives them. A search
chooses the first result (see :meth:`DetailsController.select_after_search`) and its details
follow once the results have painted (``show_pending_detail``), so typing shows results at
once; a result the caseworker clicks is shown at once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

from csec_desktop.catalog.display.presentation import detail_sections, detail_text, subtitle
from csec_desktop.lazy import lazy_module
from csec_desktop.ui.colors import Colors
from csec_desktop.ui.detail_browser import DetailBrowser
from csec_desktop.ui.detail_html import RESOURCE_SCHEME, detail_html, link_allowed
from csec_desktop.ui.detail_words import detail_word, site_role
from csec_desktop.ui.qt import (
    QT_TRANSLATE_NOOP,
    QAction,
    QDesktopServices,
    QEvent,
    QGuiApplication,
    QListView,
    QModelIndex,
    QObject,
    QPlainTextEdit,
    QPushButton,
    QTimer,
    QUrl,
    Signal,
)
from csec_desktop.ui.results import ResultsModel
from csec_desktop.ui.sentences import told
from csec_desktop.ui.window_host import WindowHost

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from csec_desktop.catalog.storage import reader
    from csec_desktop.catalog.user import local, userstore
    from csec_desktop.catalog.user.preferences import Preferences
else:
    # SQLAlchemy loads behind the first frame (csec_desktop.lazy); these are first used
    # once the window has its databases.
    local = lazy_module("csec_desktop.catalog.user.local")
    reader = lazy_module("csec_desktop.catalog.storage.reader")
    userstore = lazy_module("csec_desktop.catalog.user.userstore")

NOTE_HINT = QT_TRANSLATE_NOOP(
    "DetailsController",
    "Your own notes about this resource — do not enter anything that identifies a client.",
)
NOTE_SAVE_MS = 600
# Characters of width below which the details put each label above its value.
DETAILS_SIDE_BY_SIDE = 36
# Characters of width the details pane keeps at the least.
DETAILS_LEAST_CHARS = 18
HISTORY_KEPT = 100


class DetailsHost(WindowHost, Protocol):
    """What the details need of the window (the main window is one)."""

    # True once the window has closed.
    closed: bool
    catalog: Engine
    user: Engine
    preferences: Preferences
    colors: Colors
    # Labels of the vocabulary's values in the window's language.
    value_labels: dict[tuple[str, str], str]
    detail_view: DetailBrowser
    favorite_button: QPushButton
    copy_button: QPushButton
    note_edit: QPlainTextEdit
    add_to_sheet_button: QPushButton
    edit_local_action: QAction
    delete_local_action: QAction
    back_action: QAction
    forward_action: QAction
    results_model: ResultsModel
    results_view: QListView


class DetailsController(QObject):
    """Shows the chosen resource's details and keeps its star, note and history."""

    # The caseworker chose a result themselves (not a search choosing the first one).
    picked = Signal()

    def __init__(self, window: DetailsHost) -> None:
        super().__init__(window.detail_view)
        self._window = window
        self.view = window.detail_view
        self.favorite_button = window.favorite_button
        self.note_edit = window.note_edit
        self.results_model = window.results_model
        self.results_view = window.results_view
        # The resource whose details are shown.
        self.current_slug: str | None = None
        # A result the caseworker chose in the first frame: attach's search keeps it.
        self.chosen_before_attach: str | None = None
        # The result whose details are shown once a search's first rows are painted.
        self.pending: str | None = None
        self._history: list[str] = []
        self._history_at = -1
        self._auto_selecting = False
        # The query and filters whose results the selection belongs to.
        self._selection_search: tuple[str, object] | None = None
        self._stacked = False
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_MS)
        self._note_timer.timeout.connect(self.save_note)

        self.view.anchorClicked.connect(self.open_link)
        # Labels above values when narrow; kept, as the filter is asked while Qt deletes it.
        self._viewport = self.view.viewport()
        self._viewport.installEventFilter(self)
        self.favorite_button.toggled.connect(self._favorite_toggled)
        window.copy_button.clicked.connect(self.copy_details)
        self.note_edit.setPlaceholderText(self.tr(NOTE_HINT))
        self.note_edit.setToolTip(self.tr(NOTE_HINT))
        self.note_edit.textChanged.connect(self._note_timer.start)
        window.back_action.triggered.connect(self.go_back)
        window.forward_action.triggered.connect(self.go_forward)
        self.results_view.selectionModel().currentChanged.connect(self._current_changed)
        self.fit_width()
        self.clear()
        self.update_history_actions()

    # ------------------------------------------------------------------ choosing a result

    def select_after_search(self, search: tuple[str, object]) -> None:
        """Select the first result of a new search; the same search again (a new sort
        order, a changed catalog, the databases attached) keeps the resource shown."""
        same = search == self._selection_search
        self._selection_search = search
        wanted = (self.current_slug if same else None) or self.chosen_before_attach
        self.chosen_before_attach = None
        row = self.results_model.row_of(wanted) if wanted else -1
        if row < 0 and self.results_model.rowCount() > 0:
            row = 0
        if row < 0:
            self.results_view.clearSelection()
            return
        index = self.results_model.index(row, 0)
        self._auto_selecting = True
        try:
            self.results_view.setCurrentIndex(index)
        finally:
            self._auto_selecting = False
        self.results_view.scrollTo(index)

    def select_slug(self, slug: str) -> None:
        """Make ``slug``'s row current, or no row when the results do not hold it."""
        row = self.results_model.row_of(slug)
        index = self.results_model.index(row, 0) if row >= 0 else QModelIndex()
        self._auto_selecting = True
        try:
            self.results_view.setCurrentIndex(index)
        finally:
            self._auto_selecting = False
        if not index.isValid():
            self.results_view.clearSelection()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        attached = self._window.attached
        hit = self.results_model.hit(current.row()) if current.isValid() else None
        if hit is not None and not attached and not self._auto_selecting:
            self.chosen_before_attach = hit.slug
        if hit is not None and hit.slug != self.current_slug:
            if self._auto_selecting or not attached:
                # A search chose the first result: its details follow once the results are
                # painted (see show_pending_detail), so typing shows results at once.
                self.pending = hit.slug
            else:
                self.pending = None
                self.show_resource(hit.slug)
        if hit is not None and not self._auto_selecting:
            self.picked.emit()

    def show_pending_detail(self) -> None:
        """Show the details a search chose, now that its results are painted."""
        if not self._window.attached:
            return  # attach shows it
        slug, self.pending = self.pending, None
        if slug is not None and not self._window.closed and slug != self.current_slug:
            self.show_resource(slug)

    # ------------------------------------------------------------------ showing

    def show_resource(self, slug: str, *, remember: bool = True) -> bool:
        """Show the details of ``slug``; False if the catalog does not have it.

        With ``remember`` the resource joins the back/forward history.
        """
        window = self._window
        self.save_note()
        detail = reader.resource_detail(window.catalog, slug)
        if detail is None:
            return False
        self.current_slug = slug
        if remember:
            self._remember(slug)
        record = detail.record
        detail.labels.update(window.value_labels)  # kinds, topics … in the window's language
        sections = detail_sections(
            detail, dt.date.today(), window.preferences.stale_months, on_desk=True
        )
        self._stacked = stacked = self._narrow()
        self.view.setHtml(
            detail_html(
                record.title,
                subtitle(detail),
                sections,
                window.colors,
                stacked=stacked,
                word=detail_word,
                role=site_role,
            )
        )
        self._set_enabled(True)
        for action in (window.edit_local_action, window.delete_local_action):
            action.setEnabled(local.is_local_id(slug))
        starred = userstore.is_favorite(window.user, slug)
        self.favorite_button.blockSignals(True)
        self.favorite_button.setChecked(starred)
        self.favorite_button.blockSignals(False)
        self._update_favorite_text()
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(userstore.note(window.user, slug))
        self.note_edit.blockSignals(False)
        return True

    def show_again(self) -> None:
        """Show the current resource anew (new colours, text size or old facts), or the
        empty pane when none is shown."""
        if self.current_slug is not None:
            self.show_resource(self.current_slug, remember=False)
        else:
            self.clear()

    def clear(self) -> None:
        """Show no resource: a hint to choose one, its buttons disabled."""
        self.current_slug = None
        self._set_enabled(False)

    def _set_enabled(self, enabled: bool) -> None:
        window = self._window
        for widget in (
            self.favorite_button,
            window.copy_button,
            self.note_edit,
            window.add_to_sheet_button,
        ):
            widget.setEnabled(enabled)
        if not enabled:
            window.edit_local_action.setEnabled(False)
            window.delete_local_action.setEnabled(False)
            self.view.setHtml(
                f"<p style='color:{window.colors.muted}; margin:24px'>"
                + self.tr("Choose a result to see its details.")
                + "</p>"
            )

    def fit_width(self) -> None:
        """Keep the details wide enough for a few words of their title at any text size
        (when the window is short of room, the results give way first)."""
        least = self.view.fontMetrics().averageCharWidth() * DETAILS_LEAST_CHARS
        self.view.setMinimumWidth(least)

    def _narrow(self) -> bool:
        """True when the details pane is too narrow for labels beside their values."""
        room = self.view.viewport().width()
        return room < self.view.fontMetrics().averageCharWidth() * DETAILS_SIDE_BY_SIDE

    def _relayout(self) -> None:
        if self.current_slug is not None and self._narrow() != self._stacked:
            self.show_resource(self.current_slug, remember=False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Lay the details out anew when the pane becomes narrow or wide again."""
        if (
            event.type() == QEvent.Type.Resize
            and watched is self._viewport
            and self.current_slug is not None
            and self._narrow() != self._stacked
        ):
            QTimer.singleShot(0, self._relayout)  # not inside the resize itself
        return super().eventFilter(watched, event)

    def open_link(self, url: QUrl) -> None:
        """Follow a link in the details: another resource here, a web address outside,
        anything else (scripts, files) not at all."""
        if url.scheme() == RESOURCE_SCHEME:
            slug = url.toString()[len(RESOURCE_SCHEME) + 1 :]
            if self.show_resource(slug):
                self.select_slug(slug)
            return
        if link_allowed(url.toString()):
            QDesktopServices.openUrl(url)

    def copy_details(self) -> None:
        """Copy the details shown, as plain text."""
        if self.current_slug is None:
            return
        window = self._window
        detail = reader.resource_detail(window.catalog, self.current_slug)
        if detail is not None:
            QGuiApplication.clipboard().setText(
                detail_text(detail, dt.date.today(), window.preferences.stale_months)
            )
            window.statusBar().showMessage(self.tr("Details copied"), 3000)

    # ------------------------------------------------------------------ favorite, note

    def _favorite_toggled(self, checked: bool) -> None:
        if self.current_slug is None:
            return
        user = self._window.user
        try:
            if checked:
                userstore.add_favorite(user, self.current_slug)
            else:
                userstore.remove_favorite(user, self.current_slug)
        except userstore.UserDataError as error:
            self.favorite_button.blockSignals(True)  # show what is stored, not what was asked
            self.favorite_button.setChecked(not checked)
            self.favorite_button.blockSignals(False)
            self._window.statusBar().showMessage(told(error), 8000)
        self._update_favorite_text()

    def _update_favorite_text(self) -> None:
        starred = self.favorite_button.isChecked()
        self.favorite_button.setText(self.tr("★ Favorite") if starred else self.tr("☆ Favorite"))

    def save_note(self) -> None:
        """Save the note being edited (called after a pause in typing and on leaving)."""
        if not self._note_timer.isActive() or self.current_slug is None:
            return
        self._note_timer.stop()
        try:
            userstore.set_note(self._window.user, self.current_slug, self.note_edit.toPlainText())
        except userstore.UserDataError as error:
            self._window.statusBar().showMessage(told(error), 6000)

    # ------------------------------------------------------------------ history

    def _remember(self, slug: str) -> None:
        if 0 <= self._history_at < len(self._history) and self._history[self._history_at] == slug:
            return
        del self._history[self._history_at + 1 :]
        self._history.append(slug)
        del self._history[:-HISTORY_KEPT]
        self._history_at = len(self._history) - 1
        self.update_history_actions()

    def update_history_actions(self) -> None:
        """Enable Back and Forward where there is a resource to go to."""
        self._window.back_action.setEnabled(self._history_at > 0)
        self._window.forward_action.setEnabled(self._history_at < len(self._history) - 1)

    def go_back(self) -> None:
        """Show the resource viewed before this one."""
        self._go(-1)

    def go_forward(self) -> None:
        """Show the resource viewed after this one (after going back)."""
        self._go(1)

    def _go(self, step: int) -> None:
        at = self._history_at + step
        if not 0 <= at < len(self._history):
            return
        slug = self._history[at]
        if self.show_resource(slug, remember=False):
            self._history_at = at
            self.select_slug(slug)
        self.update_history_actions()
