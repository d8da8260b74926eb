"""House rules that code review alone would miss."""

from __future__ import annotations

import subprocess
import sys


def test_catalog_never_imports_qt() -> None:
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
