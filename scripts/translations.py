"""Refresh the window's translation sources from the code, then compile them.

    python3 scripts/translations.py

Runs the environment's ``pyside6-lupdate`` over ``src/csec_desktop/ui/`` (and the
catalog's files that mark sentences: ``dev.translation_sources``) into each
``resources/translations/*.ts`` (new strings appear as unfinished, strings gone from the
code are dropped, no line numbers so that merges stay quiet), then compiles the ``.qm``
files as the setup command does. Translate the unfinished entries (Qt Linguist:
``.venv/bin/pyside6-linguist resources/translations/csec_desktop_es.ts``, or by hand),
then run this again. Standard library only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Run as a file, so the repository (where ``scripts`` is a package) goes on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts import dev


def main() -> int:
    """Update every ``.ts`` from the translation sources, then compile them."""
    dev.ensure_environment()
    lupdate = dev.BIN / ("pyside6-lupdate.exe" if os.name == "nt" else "pyside6-lupdate")
    sources = [str(path) for path in dev.translation_sources()]
    for target in sorted(dev.TRANSLATIONS.glob("*.ts")):
        command = [str(lupdate), "-silent", "-no-obsolete", "-locations", "none"]
        subprocess.run([*command, *sources, "-ts", str(target)], check=True)
    dev.build_translations()
    return 0


if __name__ == "__main__":
    sys.exit(main())
