"""``csec-desktop --self-test``: prove that this installation works, without touching the
caseworker's data.

The self-test builds the bundled catalog into a temporary folder, runs searches whose
expected answers are read from the bundled catalog source itself, opens the main window
offscreen, and prints one line per check. The exit code is 0 when every check passed.

A check is a function that takes the :class:`SelfTest` context and returns a short detail
for its ``ok`` line, or raises :class:`CheckFailed` with one sentence saying what is wrong.
Adding a check is one line in :data:`CHECKS`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from csec_desktop import paths

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from csec_desktop.catalog.curated.sources import CatalogContent
    from csec_desktop.catalog.desk import Desk
    from csec_desktop.catalog.search import SearchEngine
    from csec_desktop.ui.qt import QApplication

# The correction the design promises ("trafficing" finds trafficking).
MISSPELLING, CORRECTION = "trafficing", "trafficking"


class CheckFailed(Exception):
    """A check found the installation wrong; the message is one sentence."""


class SelfTest:
    """What the checks share: a temporary data folder, and the catalog source, its desk
    (databases and search engine) and Qt application, each made on first use."""

    def __init__(self, work_dir: Path) -> None:
        self.work_dir = work_dir
        self.data_dir = work_dir / "data"
        self.data_dir.mkdir()

    @cached_property
    def source(self) -> CatalogContent:
        """The bundled catalog source, read and validated."""
        from csec_desktop.catalog.curated.sources import read_catalog_source

        return read_catalog_source(paths.bundled_catalog_source())

    @cached_property
    def desk(self) -> Desk:
        """The desk of the temporary folder, its catalog built from the bundled source."""
        from csec_desktop.catalog.desk import Desk

        desk = Desk(self.data_dir)
        desk.prepare()
        return desk

    @property
    def catalog(self) -> Engine:
        """The catalog database."""
        return self.desk.catalog

    @property
    def search(self) -> SearchEngine:
        """The search engine over :attr:`catalog`."""
        return self.desk.search

    @property
    def user(self) -> Engine:
        """The user database (migrated) in the temporary folder."""
        return self.desk.user

    @cached_property
    def app(self) -> QApplication:
        """The running QApplication, created if there is none yet."""
        from csec_desktop.ui.qt import QApplication

        existing = QApplication.instance()
        if isinstance(existing, QApplication):
            return existing
        return QApplication([sys.argv[0] if sys.argv else paths.APP_SLUG])

    def close(self) -> None:
        """Close the databases so that the temporary folder can be removed."""
        if "desk" in self.__dict__:
            self.desk.close()


class Check(NamedTuple):
    """A named check: ``run`` returns a detail for the ok line or raises CheckFailed."""

    name: str
    run: Callable[[SelfTest], str]


# --------------------------------------------------------------------------- checks


def check_source(test: SelfTest) -> str:
    """The bundled catalog source is there and valid."""
    content = test.source
    if not content.ok:
        raise CheckFailed(f"{len(content.problems)} problem(s), the first: {content.problems[0]}")
    if not content.resources:
        raise CheckFailed("the bundled catalog source holds no resources")
    return f"{len(content.resources)} resources"


def check_catalog_builds(test: SelfTest) -> str:
    """The catalog database holds every resource of the source."""
    from csec_desktop.catalog.storage import reader

    built = int(reader.catalog_meta(test.catalog).get("resource_count", -1))
    wanted = len(test.source.resources)
    if built != wanted:
        raise CheckFailed(f"the catalog holds {built} resources, the source {wanted}")
    return f"{built} resources in {paths.catalog_db_path(test.data_dir).name}"


def check_user_data(test: SelfTest) -> str:
    """The user database opens with every migration applied."""
    from csec_desktop.catalog.user import userstore

    userstore.set_setting(test.user, "selftest", "ok")
    if userstore.setting(test.user, "selftest") != "ok":
        raise CheckFailed("a setting written to the user database did not read back")
    return "settings read back"


def check_kind_filters(test: SelfTest) -> str:
    """``kind:K`` finds exactly the source's resources of kind K, for every kind."""
    wanted = Counter(record.kind for record in test.source.resources)
    for kind, count in sorted(wanted.items()):
        found = test.search.search(f"kind:{kind}").total
        if found != count:
            raise CheckFailed(f"'kind:{kind}' found {found} resources, the catalog has {count}")
    return ", ".join(f"{kind} {count}" for kind, count in sorted(wanted.items()))


def check_hotline_search(test: SelfTest) -> str:
    """Searching "hotline" ranks a hotline first and finds every hotline named so."""
    named = {
        r.id for r in test.source.resources if r.kind == "hotline" and "hotline" in r.title.lower()
    }
    result = test.search.search("hotline", limit=len(test.source.resources))
    if not result.hits or result.hits[0].kind != "hotline":
        top = result.hits[0].slug if result.hits else "nothing"
        raise CheckFailed(f"the top result for 'hotline' is {top}, not a hotline")
    missing = named - {hit.slug for hit in result.hits}
    if missing:
        raise CheckFailed(f"'hotline' did not find {', '.join(sorted(missing))}")
    return f"{result.total} results, {len(named)} hotlines named so among them"


def check_title_search(test: SelfTest) -> str:
    """Every resource is among the top three results for its own title."""
    for record in test.source.resources:
        hits = test.search.search(record.title, limit=3).hits
        if record.id not in {hit.slug for hit in hits}:
            raise CheckFailed(f"searching its title '{record.title}' did not find {record.id}")
    return f"{len(test.source.resources)} titles"


def check_spelling(test: SelfTest) -> str:
    """A misspelling gets its correction offered."""
    result = test.search.search(MISSPELLING)
    if result.suggestion != CORRECTION:
        raise CheckFailed(f"'{MISSPELLING}' was corrected to {result.suggestion!r}")
    return f"'{MISSPELLING}' → '{CORRECTION}'"


def check_integrity(test: SelfTest) -> str:
    """Both databases pass SQLite's integrity check."""
    from csec_desktop.catalog.storage import store

    for path in (paths.catalog_db_path(test.data_dir), paths.user_db_path(test.data_dir)):
        if problems := store.integrity_problems(path):
            raise CheckFailed(f"{path.name}: {problems[0]}")
    return "catalog and user databases"


def check_icon(test: SelfTest) -> str:
    """The application icon (an SVG) renders, so the SVG support is installed."""
    from csec_desktop.ui.qt import QIcon

    test.app  # noqa: B018  (a pixmap needs the application)
    icon = paths.app_icon_path()
    if QIcon(str(icon)).pixmap(64, 64).isNull():
        raise CheckFailed(f"{icon} did not render")
    return icon.name


def check_window(test: SelfTest) -> str:
    """The main window opens on the catalog, searches, and shows the selected result."""
    from csec_desktop.catalog.desk import Desk
    from csec_desktop.ui.main_window import MainWindow

    test.app  # noqa: B018  (widgets need the application)
    desk = Desk(test.data_dir)  # a desk of its own: the window closes it
    desk.prepare()
    window = MainWindow(desk)
    try:
        window.search_edit.setText("kind:hotline")
        window.run_search()
        deadline = time.monotonic() + 10
        while not window.search_idle():  # the search runs on a worker thread
            if time.monotonic() > deadline:
                raise CheckFailed("the window's search did not answer within 10 s")
            test.app.processEvents()
            time.sleep(0.005)
        rows = window.results_model.rowCount()
        selected = window.results_model.hit(window.results_view.currentIndex().row())
        if rows == 0 or selected is None:
            raise CheckFailed("the window's results list stayed empty for 'kind:hotline'")
        if selected.kind != "hotline":
            raise CheckFailed(f"'kind:hotline' showed {selected.slug} first")
        if selected.title not in window.detail_view.toPlainText():
            raise CheckFailed(f"the details pane does not show the selected {selected.slug}")
        return f"{rows} rows, details of {selected.slug}"
    finally:
        window.close()


def check_sheet_pdf(test: SelfTest) -> str:
    """A resource sheet of two hotlines renders to a PDF file (Qt's PDF writer, QR codes)."""
    from csec_desktop.catalog.display import sheets
    from csec_desktop.catalog.storage import reader
    from csec_desktop.render.sheet import save_pdf

    test.app  # noqa: B018  (rendering needs the application)
    slugs = reader.hotline_slugs(test.catalog, 2)
    document = sheets.build_sheet(test.catalog, slugs, sheets.SheetOptions(title="Self-test"))
    target = test.work_dir / "self-test-sheet.pdf"
    pages = save_pdf(document, target)
    if pages < 1 or not target.read_bytes().startswith(b"%PDF"):
        raise CheckFailed(f"{target.name} is not a PDF")
    return f"{pages} page(s), {target.stat().st_size:,} bytes"


CHECKS: tuple[Check, ...] = (
    Check("catalog source reads", check_source),
    Check("catalog builds", check_catalog_builds),
    Check("user data opens", check_user_data),
    Check("kind filters count right", check_kind_filters),
    Check("hotline search finds hotlines", check_hotline_search),
    Check("each title finds its resource", check_title_search),
    Check("misspelling is corrected", check_spelling),
    Check("databases are sound", check_integrity),
    Check("icon renders", check_icon),
    Check("main window searches", check_window),
    Check("sheet to PDF", check_sheet_pdf),
)


# --------------------------------------------------------------------------- running


def use_offscreen_without_display() -> None:
    """Use Qt's offscreen platform where no display is reachable (a server, CI), so that
    the self-test runs anywhere; an explicit QT_QPA_PLATFORM is respected."""
    linux_like = os.name == "posix" and sys.platform != "darwin"
    has_display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if linux_like and not has_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@contextmanager
def _session() -> Iterator[SelfTest]:
    with tempfile.TemporaryDirectory(
        prefix="csec-desktop-selftest-", ignore_cleanup_errors=True
    ) as work:
        test = SelfTest(Path(work))
        try:
            yield test
        finally:
            test.close()


def run(checks: tuple[Check, ...] = CHECKS, out: TextIO | None = None) -> int:
    """Run ``checks``, printing one line each to ``out`` (stdout); return the exit code."""
    from csec_desktop import __version__

    out = out or sys.stdout
    use_offscreen_without_display()
    failed = 0
    started = time.perf_counter()
    print(f"{paths.APP_NAME} {__version__} self-test", file=out, flush=True)
    with _session() as test:
        for check in checks:
            try:
                detail = check.run(test)
            except CheckFailed as failure:
                failed += 1
                print(f"FAIL  {check.name}: {failure}", file=out, flush=True)
            except Exception as error:  # a broken installation must still read as one line
                failed += 1
                message = " ".join(f"unexpected {type(error).__name__}: {error}".split())
                message = message if len(message) <= 300 else message[:299] + "…"
                print(f"FAIL  {check.name}: {message}", file=out, flush=True)
            else:
                print(f"ok    {check.name}: {detail}", file=out, flush=True)
    seconds = time.perf_counter() - started
    verdict = f"{failed} of {len(checks)} checks failed" if failed else "all checks passed"
    print(f"{verdict} in {seconds:.1f} s", file=out, flush=True)
    return 1 if failed else 0
