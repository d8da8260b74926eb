"""The one sentence that says how the desk stands with its agency server.

Shown in the window's status bar and by ``csec-catalog agency status``: "agency: synced 2
min ago", "agency: offline — changes will be sent", or that conflicts wait for a choice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from csec_desktop.agency.sync import URL_SETTING, desk_state
from csec_desktop.catalog.storage.userdata import utcnow


def ago(then: dt.datetime, now: dt.datetime) -> str:
    """How long ago ``then`` was, in the words of a status bar ("2 min ago")."""
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return "just now"
    for size, unit in ((86_400, "day"), (3_600, "h"), (60, "min")):
        if seconds >= size:
            count = seconds // size
            plural = "s" if unit == "day" and count > 1 else ""
            return f"{count} {unit}{plural} ago"
    return "just now"


def status_sentence(user: Engine, now: dt.datetime | None = None) -> str:
    """The desk's agency status in one sentence ("" when no agency server is set up)."""
    with user.connect() as connection:
        if (
            connection.exec_driver_sql(
                "SELECT 1 FROM setting WHERE key = ?", (URL_SETTING,)
            ).scalar()
            is None
        ):
            return ""
        waiting = connection.exec_driver_sql("SELECT count(*) FROM agency_outbox").scalar_one()
        conflicts = connection.exec_driver_sql("SELECT count(*) FROM agency_conflict").scalar_one()
    state = desk_state(user)
    now = now or utcnow()
    synced = state.get("synced_at")
    if state.get("offline_since"):
        tail = (
            "changes will be sent"
            if waiting
            else (f"copy from {ago(_time(synced), now)}" if synced else "not synced yet")
        )
        sentence = f"agency: offline — {tail}"
    elif synced:
        sentence = f"agency: synced {ago(_time(synced), now)}"
        if waiting:
            sentence += f", {waiting} change{'s' if waiting > 1 else ''} to send"
    else:
        sentence = "agency: not synced yet"
    if conflicts:
        sentence += f" · {conflicts} conflict{'s' if conflicts > 1 else ''} to decide"
    return sentence


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)
