"""Searches off the GUI thread, newest query first.

One worker thread runs the searches (Anki's ``TaskManager`` pattern): the window hands it a
:class:`SearchRequest` and gets :class:`SearchOutcome` objects back by signal, on the GUI
thread, in two steps: ``page`` as soon as the first rows are ready (so they paint at once),
then ``finished`` with the count of all matches and the facet counts, which cost more.
While a search runs, only the newest request waits; the ones typed in between are never
run, so a burst of keystrokes costs one search, not one per key. Each request carries the
window's generation number, so the window can drop an outcome a newer query overtook.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from csec_desktop import memory
from csec_desktop.catalog.content.client_needs import ClientNeeds, NeedCount
from csec_desktop.catalog.content.geo import Near
from csec_desktop.catalog.hits import FacetValue
from csec_desktop.catalog.search import SearchEngine, SearchIndexError, SearchResult
from csec_desktop.ui.qt import QObject, Signal

# How long the worker waits for the window to paint a search's first rows before counting
# the rest anyway (seconds): a paint takes milliseconds; this only bounds a missed one.
PAINT_WAIT_S = 0.25


@dataclass(frozen=True)
class SearchRequest:
    """What to search: the text, the checked filters, the sort order and the client's
    place (never stored: the request lives as long as its search)."""

    generation: int
    query: str
    filters: Mapping[str, Sequence[str]]
    sort: str
    limit: int
    near: Near | None = None
    client: ClientNeeds | None = None


@dataclass(frozen=True)
class SearchOutcome:
    """A request's results and facet counts, or the sentence that says why there are none."""

    request: SearchRequest
    result: SearchResult | None = None
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    # For each need of the client and each yes/no fact: how many say so, how many do not.
    client_counts: dict[str, NeedCount] = field(default_factory=dict)
    error: str | None = None
    # What failed, when something did (a damaged catalog is then rebuilt: see the window).
    failure: Exception | None = None
    # False for the first step: ``result.hits`` are ready, but its ``ids`` and ``total``
    # must not be asked for on the GUI thread (they may still be counted), and no facets.
    counted: bool = True


def run_request(
    engine: SearchEngine,
    request: SearchRequest,
    on_page: Callable[[SearchOutcome], None] | None = None,
) -> SearchOutcome:
    """Run one request on ``engine``: hand the first page to ``on_page``, then count every
    match and the facets. A database failure becomes ``error``, never an exception."""
    try:
        result = engine.search(
            request.query,
            request.filters,
            request.sort,
            request.limit,
            near=request.near,
            client=request.client,
        )
        if on_page is not None:
            on_page(SearchOutcome(request, result, counted=False))
        _ = result.total  # a large result's count comes after its first page: count it here
        facets = engine.facets(
            request.query, request.filters, near=request.near, client=request.client
        )
        client_counts = engine.client_counts(
            request.query, request.filters, near=request.near, client=request.client
        )
    except SearchIndexError as error:
        return SearchOutcome(request, error=str(error), failure=error)
    except sqlite3.Error as error:
        sentence = f"The catalog could not be searched ({error})."
        return SearchOutcome(request, error=sentence, failure=error)
    finally:
        # What the search freed (and the window since the last one) goes back to the
        # system before the next search adds its own peak (see csec_desktop.memory).
        memory.release()
    return SearchOutcome(request, result, facets, client_counts)


class SearchRunner(QObject):
    """Runs :class:`SearchRequest` objects on one worker thread; emits ``finished``."""

    page = Signal(object)  # SearchOutcome (counted=False), delivered on the GUI thread
    finished = Signal(object)  # SearchOutcome, delivered on the GUI thread
    _done = Signal(object)  # the worker's Future, queued to the GUI thread

    def __init__(self, engine: SearchEngine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(
            1, thread_name_prefix="csec-window-search"
        )
        self._running: Future[SearchOutcome] | None = None
        self._waiting: SearchRequest | None = None
        self._painted = threading.Event()
        self._done.connect(self._finish)

    def submit(self, request: SearchRequest) -> None:
        """Run ``request`` now, or after the running one (replacing any that waits)."""
        if self._executor is None:
            return
        if self._running is not None:
            self._waiting = request
            return
        self._painted.clear()
        self._running = self._executor.submit(
            run_request, self._engine, request, self._hand_over_page
        )
        # The callback runs on the worker thread; the signal carries it to the GUI thread.
        self._running.add_done_callback(self._done.emit)

    def _hand_over_page(self, outcome: SearchOutcome) -> None:
        """On the worker thread: send the first rows, then wait (briefly) until the window
        has painted them, because counting competes with painting for the interpreter."""
        self.page.emit(outcome)
        self._painted.wait(PAINT_WAIT_S)

    def page_painted(self) -> None:
        """The window has painted the first rows: the worker may count the rest."""
        self._painted.set()

    def idle(self) -> bool:
        """True when no search runs or waits."""
        return self._running is None and self._waiting is None

    def settle(self) -> None:
        """Drop the waiting request and wait for the running search to end (before the
        catalog file is replaced); its outcome still arrives by ``finished``."""
        self._waiting = None
        self._painted.set()
        if self._running is not None:
            self._running.exception()  # waits; a failure is reported when it arrives

    def _finish(self, future: Future[SearchOutcome]) -> None:
        if future is self._running:
            self._running = None
        if self._executor is None or future.cancelled():
            # Closed, or closing: a search the worker had not begun is cancelled, and its
            # cancellation is told at once, on this thread, inside close().
            return
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.submit(waiting)
        self.finished.emit(future.result())

    def close(self) -> None:
        """Stop taking requests and wait for the running search to end."""
        self._painted.set()  # a worker waiting for a paint that will not come goes on
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self._waiting = None
