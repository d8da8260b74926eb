"""The window's link to the agency server: syncs off the GUI thread, live updates, a timer.

- **One worker thread runs every sync** (push the queued edits, pull, the catalog follows).
  Its SQLite writes are :func:`csec_desktop.catalog.storage.store.write_transaction` blocks, each on
  a connection of the desk's engines that the worker holds alone until it commits; the
  window's own writes (favorites, notes, local edits) stay on the GUI thread, and SQLite's
  write lock keeps the two apart, as it keeps the window and ``csec-catalog`` apart.
- **A listener thread** keeps a LISTEN connection (:func:`csec_desktop.agency.sync.watch`);
  a NOTIFY asks for a pull, and so does every (re)connection, for what changed while it
  was not listening. It touches no local file. Lost, it tries again after 2, 4, 8 … s, up
  to a minute.
- **A timer** syncs every :data:`PERIOD_S` as a fallback (a NOTIFY does not pass every
  connection pooler), and after the server was found gone, sooner and then less often
  (:data:`RETRY_S` doubling up to :data:`PERIOD_S`), so that queued edits are sent when it is
  back.
- Requests that come while a sync runs make one more sync after it, not one each.

The window hears of it by signals, on the GUI thread: ``changed`` when local resources
changed (search again), ``said`` with a sentence for the status bar, ``progressed`` for a
long pull, ``finished`` after every sync. Every decision is :mod:`csec_desktop.agency`'s.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from csec_desktop.agency import sync
from csec_desktop.agency.server import AgencyError, ServerInfo, ServerUnreachable
from csec_desktop.ui.progress import Cancelled, forget_locals, run_with_progress
from csec_desktop.ui.qt import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer, Signal

if TYPE_CHECKING:
    from csec_desktop.catalog.desk import Desk

# The fallback sync's period, while the server answers (seconds).
PERIOD_S = 300
# The first retry after the server was found gone; doubled after each failure.
RETRY_S = 15
# The listener's first and longest wait before it connects again (seconds).
LISTEN_RETRY_S = (2.0, 60.0)
# Told when the window is asked to sync with no agency server set up.
NOT_CONNECTED = QT_TRANSLATE_NOOP(
    "agency_link",
    "This desk is not connected to an agency server; connect it in Settings → Agency server.",
)


def _tr(text: str) -> str:
    """``text`` in the window's language (the worker thread's sentences too)."""
    return QCoreApplication.translate("agency_link", text)


@dataclass(frozen=True)
class SyncOutcome:
    """What one sync did (``report``), or why it did not (``error``, one sentence)."""

    report: sync.SyncReport | None = None
    error: str | None = None
    # The server could not be reached: the desk works offline, and tries again later.
    offline: bool = False
    cancelled: bool = False
    # Local resources may have changed (whole batches land before a failure, too).
    landed: bool = False

    @property
    def sentence(self) -> str:
        """What happened, in one sentence for the status bar."""
        if self.error is not None:
            return self.error
        if self.cancelled or self.report is None:
            return QCoreApplication.translate(
                "agency_link",
                "Sync with the agency server stopped; it goes on from there next time.",
            )
        changed, sent, conflicts = (
            len(self.report.changed),
            self.report.pushed,
            self.report.conflicts,
        )
        said = (
            QCoreApplication.translate(
                "agency_link", "Synced with the agency server: 1 resource updated"
            )
            if changed == 1
            else QCoreApplication.translate(
                "agency_link", "Synced with the agency server: {count} resources updated"
            )
        ).format(count=changed)
        if sent:
            said += (
                QCoreApplication.translate("agency_link", ", 1 change sent")
                if sent == 1
                else QCoreApplication.translate("agency_link", ", {count} changes sent")
            ).format(count=sent)
        if conflicts:
            said += (
                QCoreApplication.translate("agency_link", ", 1 conflict to decide")
                if conflicts == 1
                else QCoreApplication.translate("agency_link", ", {count} conflicts to decide")
            ).format(count=conflicts)
        return said + "."


class _Relay(QObject):
    """Carries what the worker and the listener threads report to the GUI thread. Owned
    by Python (no parent), so that a thread ending late never emits on a deleted object."""

    done = Signal(object)  # the worker's Future
    reported = Signal(int, int)
    notified = Signal()
    listening = Signal()
    lost = Signal()


class AgencyLink(QObject):
    """Keeps the desk in step with its agency server while the window is open."""

    changed = Signal()  # local resources changed: the catalog must be read again
    said = Signal(str)  # a sentence for the status bar
    progressed = Signal(int, int)  # (done, total) changes of a running pull
    finished = Signal(object)  # SyncOutcome, after every sync

    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.user = desk.user
        self.follow = sync.merge_follower(desk.catalog, self.user)
        # Rows per SQLite transaction of a pull (smaller in tests, to cut between them).
        self.batch = sync.BATCH
        self._relay = _Relay()
        self._relay.done.connect(self._finish)
        self._relay.reported.connect(self.progressed)
        self._relay.notified.connect(self.request)
        self._relay.listening.connect(self.request)
        self._relay.lost.connect(self.request)
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(
            1, thread_name_prefix="csec-agency-sync"
        )
        self._running: Future[SyncOutcome] | None = None
        self._again = False  # another sync was asked for while one ran
        self._tell = False  # the person asked: say how it went
        self._held = False
        self._missed = False  # local resources changed while held
        self._failures = 0
        self._last_error: str | None = None
        self._cancel = threading.Event()
        self._stop = threading.Event()
        self._listener: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.request)

    # ----------------------------------------------------------------------- control

    def start(self, tell: bool = False) -> None:
        """Sync now and listen, when the desk is connected to an agency server (and its
        folder can be written); with ``tell``, say how the sync went."""
        if self._executor is None or self.desk.read_only:
            return
        url = sync.server_url(self.user)
        if url is None:
            return
        self._listen(url)
        self.request(tell)

    def request(self, tell: bool = False) -> None:
        """Sync as soon as the worker is free; with ``tell``, say how it went."""
        self._tell = self._tell or tell
        if self._running is not None or self._held:
            self._again = True
            return
        if self._executor is None:
            return
        if sync.server_url(self.user) is None:
            if self._tell:
                self._tell = False
                self.said.emit(_tr(NOT_CONNECTED))
            return
        self._timer.stop()
        self._again = False
        self._cancel.clear()
        self._running = self._executor.submit(self._work)
        self._running.add_done_callback(self._relay.done.emit)

    def busy(self) -> bool:
        """True while a sync runs."""
        return self._running is not None

    def next_sync_ms(self) -> int:
        """How long until the timer syncs again (ms); -1 while none is planned."""
        return self._timer.remainingTime()

    def cancel(self) -> None:
        """Cancel: stop the running sync after the batch it is writing (what was written
        stays, and the next sync goes on from there), say so, and skip one asked for
        meanwhile."""
        if self._running is not None:
            self._cancel.set()
            self._again = False
            self._tell = True

    def hold(self) -> None:
        """Stop the running sync and wait for it, and start none until :meth:`resume`
        (before the catalog file is replaced); it is made again then."""
        self._held = True
        if self._running is not None:
            self._cancel.set()
            self._again = True
            self._running.exception()  # waits; its outcome still arrives by signal

    def resume(self) -> None:
        """Sync again after :meth:`hold`, if one was asked for meanwhile."""
        if self._held:
            self._held = False
            if self._missed:
                self._missed = False
                self.changed.emit()
            if self._again:
                self.request()

    def connect_desk(self, url: str) -> ServerInfo:
        """Connect the desk to the agency server at ``url`` (the password, if any, goes to
        the desk's passfile), then sync and listen there. Raises :class:`AgencyError` with
        the sentence to show; the desk stays as it was."""
        self._stop_listening()
        self.hold()
        connected = False
        try:
            info: ServerInfo = run_with_progress(
                QCoreApplication.translate("agency_link", "Connecting to the agency server"),
                lambda _report: sync.connect_desk(self.desk.directory, self.user, url, self.follow),
                parent=self.parent(),
                quiet=True,
            )
            connected = True
        except SQLAlchemyError as error:
            forget_locals(error)
            reason = str(getattr(error, "orig", None) or error).splitlines()[0]
            raise AgencyError(
                QCoreApplication.translate(
                    "agency_link",
                    "This desk could not save the agency server's address ({reason}).",
                ).format(reason=reason)
            ) from None
        finally:
            self.resume()
            self.start(tell=connected)  # the new server, or again the old one
        return info

    def close(self) -> None:
        """Stop syncing and listening, and wait for both threads (before the desk closes)."""
        self._timer.stop()
        self._stop_listening()
        self._cancel.set()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    # ----------------------------------------------------------------------- worker

    def _work(self) -> SyncOutcome:
        """One sync, on the worker thread; every failure becomes a sentence."""
        before = self._cursor()
        try:
            report = sync.sync(
                self.desk.directory,
                self.user,
                self.follow,
                progress=self._report,
                batch=self.batch,
            )
        except Cancelled:
            return SyncOutcome(cancelled=True, landed=self._cursor() != before)
        except ServerUnreachable as error:
            return SyncOutcome(error=str(error), offline=True, landed=self._cursor() != before)
        except AgencyError as error:
            return SyncOutcome(error=str(error), landed=self._cursor() != before)
        except Exception as error:  # a worker must always answer (the disk full, a lock)
            return SyncOutcome(
                error=QCoreApplication.translate(
                    "agency_link",
                    "The agency's changes could not be saved on this desk ({error}); what "
                    "was saved before stays, and the next sync goes on from there.",
                ).format(error=error),
                landed=True,
            )
        return SyncOutcome(report, landed=bool(report.changed))

    def _cursor(self) -> str | None:
        """The last change the desk applied (None when it cannot be read)."""
        try:
            return sync.desk_state(self.user).get("cursor")
        except SQLAlchemyError:
            return None

    def _report(self, done: int, total: int, _stage: str) -> None:
        """On the worker thread: pass the pull's progress on, or stop it if cancelled."""
        if self._cancel.is_set():
            raise Cancelled
        self._relay.reported.emit(done, total)

    def _finish(self, future: Future[SyncOutcome]) -> None:
        """On the GUI thread: tell the window, and plan the next sync."""
        if future is not self._running:
            return
        self._running = None
        if self._executor is None:  # closed: the window no longer listens
            return
        outcome = future.result()
        tell, self._tell = self._tell, False
        if outcome.landed and self._held:
            self._missed = True  # told on resume: the catalog may be being replaced now
        elif outcome.landed:
            self.changed.emit()
        if tell or outcome.error not in (None, self._last_error):
            self.said.emit(outcome.sentence)
        self._last_error = outcome.error
        self._failures = self._failures + 1 if outcome.offline else 0
        delay = min(PERIOD_S, RETRY_S * 2 ** (self._failures - 1)) if outcome.offline else PERIOD_S
        self._timer.start(delay * 1000)
        self.finished.emit(outcome)
        if self._again and not self._held:
            self.request()

    # ----------------------------------------------------------------------- listener

    def _listen(self, url: str) -> None:
        self._stop_listening()
        self._stop = threading.Event()
        self._listener = threading.Thread(
            target=_listen_until_stopped,
            args=(url, self.desk.directory, self._stop, self._relay),
            name="csec-agency-listen",
            daemon=True,
        )
        self._listener.start()

    def _stop_listening(self) -> None:
        self._stop.set()
        if self._listener is not None:
            self._listener.join()
            self._listener = None


def _listen_until_stopped(url: str, directory: Path, stop: threading.Event, relay: _Relay) -> None:
    """The listener thread: LISTEN until ``stop``; after a loss, connect again (backing
    off). Each connection and each loss asks for a sync: one catches up, the other finds
    the desk offline (and says so)."""
    first, longest = LISTEN_RETRY_S
    delay = first
    while not stop.is_set():
        heard = threading.Event()

        def ready(heard: threading.Event = heard) -> None:
            heard.set()
            relay.listening.emit()

        with suppress(AgencyError):  # the sync it asks for says why
            sync.watch(url, directory, relay.notified.emit, stop, ready=ready)
        if heard.is_set():
            delay = first
            if not stop.is_set():
                relay.lost.emit()
        stop.wait(delay)
        delay = min(delay * 2, longest)
