"""House rules that code review alone would miss."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_import_contracts_hold() -> None:
    """The layers in pyproject.toml ([tool.importlinter]): catalog/ imports neither Qt nor
    the faces, the window and the command line not each other, PySide6 only through
    ui/qt.py, no circles. Import Linter reads imports inside functions and under
    TYPE_CHECKING too, so a lazy import cannot slip past."""
    code = (
        "import sys\n"
        "from importlinter.cli import lint_imports\n"
        "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_catalog_never_imports_qt() -> None:
    """At run time too: a module named in a string (csec_desktop.lazy) is invisible to the
    contracts above, but not to this."""
    code = (
        "import sys, pkgutil, importlib, csec_desktop.catalog as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'csec_desktop.catalog.'):\n"
        "    importlib.import_module(m.name)\n"
        "import csec_desktop.cli\n"
        "bad = sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
