"""The one sentence that says how the desk stands with its agency server.

Shown in the window's status bar and by ``csec-catalog agency status``: "agency: synced 2
min ago", "agency: offline — changes will be sent", or that conflicts wait for a choice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from csec_desktop.agency.sync import URL_SETTING, desk_state
from csec_desktop.catalog.content.sentence import QT_TRANSLATE_NOOP, Sentence
from csec_desktop.catalog.storage.userdata import utcnow

# What the status says, as sentences (``catalog/content/sentence.py``) of this context.
CONTEXT = "AgencyStatus"
JUST_NOW = QT_TRANSLATE_NOOP("AgencyStatus", "just now")
# (seconds in the unit, one of it, several of it) for "2 min ago".
UNITS = (
    (
        86_400,
        QT_TRANSLATE_NOOP("AgencyStatus", "{count} day ago"),
        QT_TRANSLATE_NOOP("AgencyStatus", "{count} days ago"),
    ),
    (
        3_600,
        QT_TRANSLATE_NOOP("AgencyStatus", "{count} h ago"),
        QT_TRANSLATE_NOOP("AgencyStatus", "{count} h ago"),
    ),
    (
        60,
        QT_TRANSLATE_NOOP("AgencyStatus", "{count} min ago"),
        QT_TRANSLATE_NOOP("AgencyStatus", "{count} min ago"),
    ),
)
OFFLINE_SENDING = QT_TRANSLATE_NOOP("AgencyStatus", "agency: offline — changes will be sent")
OFFLINE_COPY = QT_TRANSLATE_NOOP("AgencyStatus", "agency: offline — copy from {ago}")
OFFLINE_NEVER = QT_TRANSLATE_NOOP("AgencyStatus", "agency: offline — not synced yet")
SYNCED = QT_TRANSLATE_NOOP("AgencyStatus", "agency: synced {ago}")
SYNCED_ONE_WAITING = QT_TRANSLATE_NOOP(
    "AgencyStatus", "agency: synced {ago}, {count} change to send"
)
SYNCED_WAITING = QT_TRANSLATE_NOOP("AgencyStatus", "agency: synced {ago}, {count} changes to send")
NOT_SYNCED = QT_TRANSLATE_NOOP("AgencyStatus", "agency: not synced yet")
ONE_CONFLICT = QT_TRANSLATE_NOOP("AgencyStatus", "{status} · {count} conflict to decide")
CONFLICTS = QT_TRANSLATE_NOOP("AgencyStatus", "{status} · {count} conflicts to decide")


def ago(then: dt.datetime, now: dt.datetime) -> Sentence:
    """How long ago ``then`` was, in the words of a status bar ("2 min ago")."""
    seconds = max(0, int((now - then).total_seconds()))
    for size, one, several in UNITS:
        if seconds >= size:
            count = seconds // size
            return Sentence(CONTEXT, one if count == 1 else several, {"count": count})
    return Sentence(CONTEXT, JUST_NOW)


def status_sentence(user: Engine, now: dt.datetime | None = None) -> str:
    """The desk's agency status in one sentence ("" when no agency server is set up)."""
    said = status_parts(user, now)
    return "" if said is None else str(said)


def status_parts(user: Engine, now: dt.datetime | None = None) -> Sentence | None:
    """:func:`status_sentence` as its parts, for a face to say in its language (None when
    no agency server is set up)."""
    with user.connect() as connection:
        if (
            connection.exec_driver_sql(
                "SELECT 1 FROM setting WHERE key = ?", (URL_SETTING,)
            ).scalar()
            is None
        ):
            return None
        waiting = connection.exec_driver_sql("SELECT count(*) FROM agency_outbox").scalar_one()
        conflicts = connection.exec_driver_sql("SELECT count(*) FROM agency_conflict").scalar_one()
    state = desk_state(user)
    now = now or utcnow()
    synced = state.get("synced_at")
    since = {"ago": ago(_time(synced), now)} if synced else {}
    if state.get("offline_since"):
        sentence = Sentence(
            CONTEXT,
            OFFLINE_SENDING if waiting else OFFLINE_COPY if synced else OFFLINE_NEVER,
            since if synced and not waiting else {},
        )
    elif synced:
        template = SYNCED if not waiting else SYNCED_ONE_WAITING if waiting == 1 else SYNCED_WAITING
        sentence = Sentence(CONTEXT, template, {**since, "count": waiting})
    else:
        sentence = Sentence(CONTEXT, NOT_SYNCED)
    if conflicts:
        template = ONE_CONFLICT if conflicts == 1 else CONFLICTS
        sentence = Sentence(CONTEXT, template, {"status": sentence, "count": conflicts})
    return sentence


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)
