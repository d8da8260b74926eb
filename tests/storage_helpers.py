"""Test helpers for the desk's databases."""

from __future__ import annotations

import sqlite3

from sqlalchemy import Engine, event


def refuse_writes(engine: Engine) -> Engine:
    """``engine`` with every new connection refusing writes, as a read-only file does
    (its open connections are closed first)."""
    engine.dispose()
    event.listen(engine, "connect", _read_only)
    return engine


def allow_writes(engine: Engine) -> Engine:
    """``engine`` writing again after :func:`refuse_writes`."""
    event.remove(engine, "connect", _read_only)
    engine.dispose()
    return engine


def _read_only(connection: sqlite3.Connection, _record: object) -> None:
    connection.execute("PRAGMA query_only = ON")
