"""Set up the project's virtual environment and start the application or run the checks.

Standard library only, so that it runs on a fresh machine with nothing but Python 3.11+:

    python3 scripts/dev.py start   # set up, then start CSEC Resource Desk
    python3 scripts/dev.py test    # set up, then lint, format check, type check and tests

The environment lives in `.venv/` beside `pyproject.toml`. It is (re)installed only when
`pyproject.toml` changes, so the second run starts at once. The window's translations
(`resources/translations/*.ts`) are compiled to `.qm` beside them whenever a `.ts` is newer.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
TRANSLATIONS = ROOT / "resources" / "translations"
PACKAGE = ROOT / "src" / "csec_desktop"


# A template marked for lupdate, its text on the same line or the next (as ruff wraps it).
_MARKED = re.compile(r'QT_TRANSLATE_NOOP\(\s*"')


def translation_sources() -> list[Path]:
    """The files ``pyside6-lupdate`` reads: the window's (``ui/`` and ``app.py``, which
    starts it), and those outside it that write sentences the window says in its language,
    their templates marked with ``QT_TRANSLATE_NOOP`` (the catalog's own marker:
    ``catalog/content/sentence.py``).

    lupdate takes a ``#:`` comment for a note to the translator, so these files write
    their comments with ``#`` alone (``tests/test_translations.py`` checks it)."""
    window = [*sorted((PACKAGE / "ui").glob("*.py")), PACKAGE / "app.py"]
    marked = [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in window and _MARKED.search(path.read_text(encoding="utf-8"))
    ]
    return [*window, *marked]


def _python() -> Path:
    return BIN / ("python.exe" if os.name == "nt" else "python")


def _pyproject_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> None:
    """Create `.venv` and install the project with its dev extras, unless already current;
    then compile the window's translations that changed."""
    _install()
    build_translations()


def _install() -> None:
    if not _python().exists():
        print("Creating the virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = _pyproject_hash()
    if STAMP.exists() and STAMP.read_text(encoding="utf-8").strip() == wanted:
        return
    print("Installing CSEC Resource Desk and its tools into .venv …", flush=True)
    pip = [str(_python()), "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "--editable", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted, encoding="utf-8")


def build_translations() -> None:
    """Compile each `.ts` of the window to its `.qm` with the environment's
    `pyside6-lrelease` (from the PySide6 wheel), when the `.qm` is missing or older."""
    for source in sorted(TRANSLATIONS.glob("*.ts")):
        compiled = source.with_suffix(".qm")
        if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
            continue
        lrelease = BIN / ("pyside6-lrelease.exe" if os.name == "nt" else "pyside6-lrelease")
        command = [str(lrelease), "-silent", str(source), "-qm", str(compiled)]
        subprocess.run(command, check=True)


def run_checks(pytest_args: list[str]) -> int:
    """Run ruff (lint and format check), mypy and pytest; return the first failing exit code."""
    steps: list[list[str]] = [
        [str(BIN / "ruff"), "check", "."],
        [str(BIN / "ruff"), "format", "--check", "."],
        [str(BIN / "mypy")],
        [str(_python()), "-m", "pytest", *pytest_args],
    ]
    for step in steps:
        print("$", " ".join(Path(step[0]).name if i == 0 else a for i, a in enumerate(step)))
        code = subprocess.run(step, cwd=ROOT, check=False).returncode
        if code != 0:
            return code
    return 0


def main(argv: list[str]) -> int:
    """Entry point: `start` or `test`, with any further arguments passed through."""
    if not argv or argv[0] not in {"start", "test"}:
        print(__doc__)
        return 2
    ensure_environment()
    command, rest = argv[0], argv[1:]
    if command == "start":
        return subprocess.run([str(_python()), "-m", "csec_desktop", *rest], check=False).returncode
    return run_checks(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
