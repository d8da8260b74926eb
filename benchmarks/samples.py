"""User data the tests and the fault campaign both use: a local resource as a file for
``csec-catalog local add``, and every row of a SQLite file, to prove what a step kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def local_line_toml(label: str = "") -> str:
    """A local resource (a county hotline with a phone) as TOML; ``label`` makes its title
    and summary differ from another's (the campaign adds many)."""
    title = f"Quillon County Youth Line {label}".rstrip()
    summary = "A county line for young people who need a safe place tonight"
    summary += f" ({label})." if label else "."
    return f"""\
kind = "hotline"
title = "{title}"
summary = "{summary}"
status = "active"
last_verified = "2026-11"
topics = ["trafficking"]

[[contacts]]
kind = "phone"
value = "518-555-0101"
hours = "24/7"
"""


def table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of a SQLite file, sorted (a comparable dump); the columns
    are the file's own. A missing file has no tables."""
    if not path.exists():
        return {}
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
    finally:
        connection.close()
