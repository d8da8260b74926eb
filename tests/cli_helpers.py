"""Running ``csec-catalog`` in-process in tests, and what every error on stderr must be."""

from __future__ import annotations

import pytest

from csec_desktop.cli import main

#: A local resource as a file for ``csec-catalog local add`` (a hotline with a phone).
LOCAL_LINE_TOML = """\
kind = "hotline"
title = "Quillon County Youth Line"
summary = "A county line for young people who need a safe place tonight."
status = "active"
last_verified = "2026-11"
topics = ["trafficking"]

[[contacts]]
kind = "phone"
value = "518-555-0101"
hours = "24/7"
"""


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
