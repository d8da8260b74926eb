"""Running ``csec-catalog`` in-process in tests, and what every error on stderr must be."""

from __future__ import annotations

import pytest

from benchmarks.samples import local_line_toml
from csec_desktop.cli import main

#: A local resource as a file for ``csec-catalog local add`` (a hotline with a phone).
LOCAL_LINE_TOML = local_line_toml()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``csec-catalog args``; return its exit code, stdout and stderr."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_sentence(err: str) -> None:
    """stderr holds one line from ``csec-catalog`` and no traceback."""
    assert err.startswith("csec-catalog")
    assert "Traceback" not in err
    assert err.count("\n") == 1
