"""The desk's offline-first copy of the agency server, kept in ``user.sqlite``.

**Pull.** The desk asks for the changes after the last change id it has applied (its
cursor), in one repeatable-read snapshot of the server, in order of each key's last change,
and writes them in batches. Each batch (the agency resources as local resources, the
server's versions, lists, edition, and the cursor) is one SQLite transaction, so a cut
connection leaves the desk at a batch boundary and the next pull resumes from there: every
key with a change after the cursor is fetched again, and none before it is missed, because
change ids are gapless and visible in commit order (see :mod:`.schema`).

**Push.** A steward's edits are first made locally (the desk searches them at once) and
queued in ``agency_outbox`` with the server version they were made on. A push writes each
only if the server still has that version; otherwise nothing is overwritten: a conflict
keeps both versions until someone chooses (:func:`resolve`). A pull that meets a queued
edit of a resource changed on the server does the same.

**The catalog follows.** Agency resources are the desk's local resources (ids ``local/…``):
a pull writes them into ``local_resource`` like any other, and then calls the
:data:`CatalogFollower` it was given with the ids it changed, which brings the catalog in
line (by default :func:`csec_desktop.catalog.user.local.merge_into_catalog`; a desk object can
pass its own). Nothing here merges into the catalog itself.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from csec_desktop.agency.schema import AGENCY_SCHEMA_VERSION
from csec_desktop.agency.server import (
    CHANNEL,
    SCHEMA,
    AgencyError,
    ServerInfo,
    ServerUnreachable,
    connect_options,
    connected,
    explain,
    parse_url,
    remember_password,
    server_engine,
    server_info,
)
from csec_desktop.catalog.content.records import record_to_dict
from csec_desktop.catalog.progress import Progress
from csec_desktop.catalog.storage import store
from csec_desktop.catalog.storage.userdata import utcnow
from csec_desktop.catalog.user import local

#: ``follow(before)``: bring the catalog in line with user data after the local resources
#: named in ``before`` changed in it; ``before`` holds each one's stored text before the
#: change (None: it was absent).
CatalogFollower = Callable[[Mapping[str, str | None]], None]
#: The user setting holding the agency server's URL (never with a password).
URL_SETTING = "agency.url"
#: Rows written per SQLite transaction during a pull.
BATCH = 5000
#: The stage a pull reports its progress under.
STAGE = "syncing with the agency server"

_S = SCHEMA


@dataclass
class SyncReport:
    """What one sync did."""

    pushed: int = 0
    pulled: int = 0
    changed: list[str] = field(default_factory=list)
    conflicts: int = 0
    cursor: int = 0


@dataclass(frozen=True)
class _Theirs:
    """The server's state of one resource: its record (None: deleted), version, who, when."""

    record: str | None
    version: int | None
    by: str
    at: str


@dataclass(frozen=True)
class Conflict:
    """A resource changed both on this desk and on the server: both versions (None: deleted)."""

    slug: str
    mine: dict[str, Any] | None
    theirs: dict[str, Any] | None
    their_version: int | None
    their_by: str
    their_at: str


def merge_follower(catalog: Engine, user: Engine) -> CatalogFollower:
    """The default :data:`CatalogFollower`: :func:`local.follow_changes` into ``catalog``."""

    def follow(before: Mapping[str, str | None]) -> None:
        local.follow_changes(catalog, user, before)

    return follow


def canonical(record: Mapping[str, Any] | None) -> str | None:
    """A record as the desk stores local resources (sorted keys), or None for a deletion."""
    return None if record is None else json.dumps(record, ensure_ascii=False, sort_keys=True)


# --------------------------------------------------------------------------- desk state


def _state(connection: Connection) -> dict[str, str]:
    rows = connection.exec_driver_sql("SELECT key, value FROM agency_state")
    return {str(key): str(value) for key, value in rows}


def _set_state(connection: Connection, **values: str) -> None:
    connection.exec_driver_sql(
        "INSERT OR REPLACE INTO agency_state (key, value) VALUES (?, ?)",
        list(values.items()),
    )


def desk_state(user: Engine) -> dict[str, str]:
    """The desk's agency state: ``cursor``, ``agency_id``, ``synced_at``, ``offline_since``…"""
    with user.connect() as connection:
        return _state(connection)


def server_url(user: Engine) -> str | None:
    """The agency server's URL this desk is connected to (without password), or None."""
    with user.connect() as connection:
        found = connection.exec_driver_sql(
            "SELECT value FROM setting WHERE key = ?", (URL_SETTING,)
        ).scalar()
    return None if found is None else str(json.loads(found))


def _now() -> str:
    return utcnow().isoformat(sep=" ")


# --------------------------------------------------------------------------- connect


def connect_desk(directory: Path, user: Engine, url: str, follow: CatalogFollower) -> ServerInfo:
    """Connect this desk to the agency server at ``url`` (``agency connect``).

    Checks the server first; nothing is kept unless it is an agency server of this desk's
    schema. A password in ``url`` goes to the desk's passfile, the URL without it to the
    settings. Connecting to another agency than before drops the old agency's resources
    (the desk's own local resources and queued edits stay).
    """
    clean = remember_password(directory, url)
    engine = server_engine(clean, directory)
    try:
        with connected(engine, clean) as connection:
            info = server_info(connection, AGENCY_SCHEMA_VERSION)
    finally:
        engine.dispose()
    with store.write_transaction(user) as connection:
        state = _state(connection)
        dropped: dict[str, str | None] = {}
        if state.get("agency_id") not in (None, info.agency_id):
            dropped = {
                str(slug): str(text)
                for slug, text in connection.exec_driver_sql(
                    "SELECT slug, record FROM local_resource WHERE slug IN "
                    "(SELECT slug FROM agency_resource) AND slug NOT IN "
                    "(SELECT slug FROM agency_outbox UNION SELECT slug FROM agency_conflict)"
                )
            }
            connection.exec_driver_sql(
                "DELETE FROM local_resource WHERE slug IN (SELECT slug FROM agency_resource) "
                "AND slug NOT IN (SELECT slug FROM agency_outbox UNION "
                "SELECT slug FROM agency_conflict)"
            )
            for table in ("agency_resource", "agency_list", "agency_edition", "agency_state"):
                connection.exec_driver_sql(f"DELETE FROM {table}")
        _set_state(
            connection,
            agency_id=info.agency_id,
            user=info.user,
            steward="1" if info.is_steward else "0",
        )
        connection.exec_driver_sql(
            "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
            (URL_SETTING, json.dumps(clean)),
        )
    if dropped:
        follow(dropped)
    return info


# --------------------------------------------------------------------------- pull


_PULL = f"""
SELECT c.last, c.entity, c.key,
       r.record, r.version, r.updated_by, r.updated_at::text,
       l.items, l.version,
       e.edition_id, e.bundle, e.version
FROM (SELECT entity, key, max(id) AS last FROM {_S}.change
      WHERE id > %(after)s AND id <= %(upto)s GROUP BY entity, key) AS c
LEFT JOIN {_S}.resource AS r ON c.entity = 'resource' AND r.slug = c.key
LEFT JOIN {_S}.list AS l ON c.entity = 'list' AND l.name = c.key
LEFT JOIN {_S}.edition AS e ON c.entity = 'edition'
ORDER BY c.last
"""


@dataclass
class _Known:
    """What the desk holds that decides how a pulled resource lands: its queued edits and
    conflicts (few, read whole), and which of a batch's ids are agency or local resources
    (read per batch: a desk may hold 100k)."""

    outbox: dict[str, str | None]
    conflicts: set[str]
    agency: set[str] = field(default_factory=set)
    local: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, connection: Connection) -> _Known:
        outbox = connection.exec_driver_sql("SELECT slug, record FROM agency_outbox")
        return cls(
            {str(slug): record for slug, record in outbox},
            set(connection.exec_driver_sql("SELECT slug FROM agency_conflict").scalars()),
        )

    def batch(self, connection: Connection, slugs: Sequence[str]) -> None:
        """Learn which of ``slugs`` the desk holds as agency and as local resources."""
        marks = ", ".join("?" for _ in slugs)
        for table, held in (("agency_resource", self.agency), ("local_resource", self.local)):
            held.clear()
            held.update(
                connection.exec_driver_sql(
                    f"SELECT slug FROM {table} WHERE slug IN ({marks})", tuple(slugs)
                ).scalars()
            )


def _check_log(connection: Connection, after: int) -> int:
    """The last change id on the server, after checking that the log has everything after
    ``after`` (the desk's cursor)."""
    upto = int(
        connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {_S}.change").scalar_one()
    )
    if upto < after:
        raise AgencyError(
            f"The agency server's change log ends at change {upto}, before change {after} that "
            f"this desk has already applied: the server was restored from an older backup or "
            f"replaced; ask your agency's IT (your local copy is unchanged)."
        )
    present = connection.exec_driver_sql(
        f"SELECT count(*) FROM {_S}.change WHERE id > %(a)s AND id <= %(u)s",
        {"a": after, "u": upto},
    ).scalar_one()
    if present != upto - after:
        raise AgencyError(
            f"The agency server's change log has a gap: {upto - after - present} of the changes "
            f"{after + 1}–{upto} are missing, so this desk cannot bring its copy up to date; ask "
            f"your agency's IT (your local copy is unchanged)."
        )
    return upto


def pull(
    url: str,
    directory: Path,
    user: Engine,
    follow: CatalogFollower,
    *,
    batch: int = BATCH,
    progress: Progress | None = None,
) -> SyncReport:
    """Bring the desk's copy up to the server's last change; see the module's notes.

    Raises :class:`AgencyError` (one sentence) when the server cannot be used; what was
    applied before (whole batches) stays, and the catalog follows it.
    """
    report = SyncReport()
    before: dict[str, str | None] = {}
    engine = server_engine(url, directory)
    try:
        with connected(engine, url) as server:
            server.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            info = server_info(server, AGENCY_SCHEMA_VERSION)
            state = desk_state(user)
            if state.get("agency_id") not in (None, info.agency_id):
                raise AgencyError(
                    "This desk was synced with another agency server; run 'csec-catalog agency "
                    "connect URL' to switch to this one."
                )
            after = int(state.get("cursor", "0"))
            upto = _check_log(server, after)
            total = upto - after
            rows = server.execution_options(stream_results=True, yield_per=batch).exec_driver_sql(
                _PULL, {"after": after, "upto": upto}
            )
            with user.connect() as connection:
                known = _Known.read(connection)
            if progress is not None:
                progress(0, total, STAGE)
            try:
                for part in rows.partitions(batch):
                    _apply(user, part, report, known, before)
                    if progress is not None:
                        progress(report.cursor - after, total, STAGE)
            finally:
                with suppress(SQLAlchemyError):  # the connection may be gone with the server
                    rows.close()
            report.cursor = upto
            with store.write_transaction(user) as connection:
                _set_state(connection, cursor=str(upto), synced_at=_now(), offline_since="")
    except AgencyError as error:
        _note_offline(user, error)
        raise
    finally:
        engine.dispose()
        if before:
            follow(before)
    return report


def _note_offline(user: Engine, error: AgencyError) -> None:
    """Remember that the server could not be reached (for the status sentence)."""
    if isinstance(error, ServerUnreachable):
        with store.write_transaction(user) as connection:
            if not _state(connection).get("offline_since"):
                _set_state(connection, offline_since=_now())


def _apply(
    user: Engine,
    rows: Sequence[Any],
    report: SyncReport,
    known: _Known,
    before: dict[str, str | None],
) -> None:
    """Write one batch of pulled rows and the cursor after it, in one SQLite transaction;
    note in ``before`` what each changed local resource was."""
    now = _now()
    changed: list[str] = []
    conflicts = 0
    with store.write_transaction(user) as connection:
        known.batch(connection, [row[2] for row in rows if row[1] == "resource"] or [""])
        for row in rows:
            (last, entity, key, record, version, by, at, items, list_version,
             edition_id, bundle, edition_version) = row  # fmt: skip
            if entity == "list":
                connection.exec_driver_sql("DELETE FROM agency_list WHERE name = ?", (key,))
                if items is not None:
                    connection.exec_driver_sql(
                        "INSERT INTO agency_list (name, version, items) VALUES (?, ?, ?)",
                        (key, list_version, json.dumps(list(items), ensure_ascii=False)),
                    )
            elif entity == "edition":
                connection.exec_driver_sql("DELETE FROM agency_edition")
                if edition_id is not None:
                    connection.exec_driver_sql(
                        "INSERT INTO agency_edition (edition_id, version, bundle) VALUES (?, ?, ?)",
                        (edition_id, edition_version, bytes(bundle)),
                    )
            else:
                theirs = _Theirs(canonical(record), version or last, by or "", at or now)
                conflicts += _land(
                    connection, known, key, theirs, now=now, changed=changed, before=before
                )
        _set_state(connection, cursor=str(rows[-1][0]))
    report.pulled += len(rows)
    report.changed += changed
    report.conflicts += conflicts
    report.cursor = int(rows[-1][0])


def _land(
    connection: Connection,
    known: _Known,
    slug: str,
    server: _Theirs,
    *,
    now: str,
    changed: list[str],
    before: dict[str, str | None],
) -> int:
    """Land the server's state of one resource; return 1 if it made a conflict."""
    theirs = server.record
    if theirs is None:
        connection.exec_driver_sql("DELETE FROM agency_resource WHERE slug = ?", (slug,))
    else:
        connection.exec_driver_sql(
            "INSERT OR REPLACE INTO agency_resource (slug, version, record) VALUES (?, ?, ?)",
            (slug, server.version, theirs),
        )
    was_agency = slug in known.agency
    (known.agency.add if theirs is not None else known.agency.discard)(slug)
    if slug in known.conflicts:
        connection.exec_driver_sql(
            "UPDATE agency_conflict SET theirs = ?, their_version = ?, their_by = ?, "
            "their_at = ? WHERE slug = ?",
            (theirs, server.version, server.by, server.at, slug),
        )
        return 0
    if slug in known.outbox:
        mine = known.outbox.pop(slug)
        connection.exec_driver_sql("DELETE FROM agency_outbox WHERE slug = ?", (slug,))
        if mine == theirs:  # the same edit made twice, or our own push come back
            return 0
        _conflict(connection, slug, mine, server, now)
        known.conflicts.add(slug)
        return 1
    if slug in known.local and not was_agency:
        # The desk's own local resource with the agency's id: neither wins silently.
        current = connection.exec_driver_sql(
            "SELECT record FROM local_resource WHERE slug = ?", (slug,)
        ).scalar()
        if theirs is None or current == theirs:
            return 0
        _conflict(connection, slug, current, server, now)
        known.conflicts.add(slug)
        return 1
    if slug not in before:
        before[slug] = (
            connection.exec_driver_sql(
                "SELECT record FROM local_resource WHERE slug = ?", (slug,)
            ).scalar()
            if slug in known.local
            else None
        )
    if theirs is None:
        connection.exec_driver_sql("DELETE FROM local_resource WHERE slug = ?", (slug,))
        known.local.discard(slug)
    else:
        connection.exec_driver_sql(
            "INSERT INTO local_resource (slug, record, created_at, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (slug) DO UPDATE SET record = excluded.record, "
            "updated_at = excluded.updated_at",
            (slug, theirs, now, now),
        )
        known.local.add(slug)
    changed.append(slug)
    return 0


def _conflict(
    connection: Connection, slug: str, mine: str | None, server: _Theirs, now: str
) -> None:
    """Keep both versions of ``slug`` until someone chooses (see :func:`resolve`)."""
    connection.exec_driver_sql(
        "INSERT OR REPLACE INTO agency_conflict "
        "(slug, mine, theirs, their_version, their_by, their_at, found_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (slug, mine, server.record, server.version, server.by, server.at, now),
    )


# --------------------------------------------------------------------------- steward edits


def queue_put(
    catalog: Engine, user: Engine, data: Mapping[str, Any], slug: str | None = None
) -> str:
    """Add (``slug`` None) or change an agency resource on this desk, and queue it for the
    server; return its id. Raises :class:`local.LocalResourceError` if it is not valid."""
    record, problems = local.validate(catalog, user, data, slug)
    if record is None:
        raise local.LocalResourceError(
            f"The resource has {len(problems)} problem(s): {problems[0].message}.", problems
        )
    _queue(user, record.id, canonical(record_to_dict(record)))
    local.save(catalog, user, data, slug)
    return record.id


def queue_delete(catalog: Engine, user: Engine, slug: str) -> None:
    """Remove an agency resource on this desk, and queue its removal for the server."""
    if local.stored_data(user, slug) is None:
        raise local.LocalResourceError(f"There is no local resource with the id '{slug}'.")
    _queue(user, slug, None)
    local.delete(catalog, user, slug)


def _queue(user: Engine, slug: str, record: str | None) -> None:
    with store.write_transaction(user) as connection:
        if connection.exec_driver_sql(
            "SELECT 1 FROM agency_conflict WHERE slug = ?", (slug,)
        ).scalar():
            raise AgencyError(
                f"'{slug}' has a conflict with the agency server; decide it first "
                f"('csec-catalog agency conflicts')."
            )
        base = connection.exec_driver_sql(
            "SELECT version FROM agency_resource WHERE slug = ?", (slug,)
        ).scalar()
        # A second edit before the push keeps the version the first was made on.
        connection.exec_driver_sql(
            "INSERT INTO agency_outbox (slug, record, base_version, queued_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (slug) DO UPDATE SET record = excluded.record, "
            "queued_at = excluded.queued_at",
            (slug, record, base, _now()),
        )


def queued(user: Engine) -> list[str]:
    """Ids of the edits waiting to be sent to the server, oldest first."""
    with user.connect() as connection:
        return list(
            connection.exec_driver_sql(
                "SELECT slug FROM agency_outbox ORDER BY queued_at, slug"
            ).scalars()
        )


def push(url: str, directory: Path, user: Engine) -> SyncReport:
    """Send the queued edits, each only onto the server version it was made on.

    An edit the server has moved past becomes a conflict (both versions kept). Raises
    :class:`AgencyError` when the server cannot be used (a desk account may only read):
    the edits not sent stay queued.
    """
    report = SyncReport()
    with user.connect() as connection:
        pending = connection.exec_driver_sql(
            "SELECT slug, record, base_version FROM agency_outbox ORDER BY queued_at, slug"
        ).all()
    if not pending:
        return report
    engine = server_engine(url, directory)
    try:
        with connected(engine, url) as server:
            for slug, record, base in pending:
                outcome = _send(server, url, slug, record, base)
                with store.write_transaction(user) as connection:
                    _settle(connection, slug, record, outcome, report)
    except AgencyError as error:
        _note_offline(user, error)
        raise
    finally:
        engine.dispose()
    return report


def _send(
    server: Connection, url: str, slug: str, record: str | None, base: int | None
) -> tuple[bool, _Theirs]:
    """Write one edit in its own transaction: whether it was accepted, and the server's
    state of the resource after it."""
    try:
        with server.begin():
            if record is None:
                done = (
                    base is None
                    or server.exec_driver_sql(
                        f"DELETE FROM {_S}.resource WHERE slug = %(s)s AND version = %(v)s "
                        "RETURNING version",
                        {"s": slug, "v": base},
                    ).first()
                )
                if done:
                    return True, _Theirs(None, None, "", "")
            elif base is None:
                version = server.exec_driver_sql(
                    f"INSERT INTO {_S}.resource (slug, record) VALUES (%(s)s, %(r)s::jsonb) "
                    "RETURNING version",
                    {"s": slug, "r": record},
                ).scalar_one()
                return True, _Theirs(record, int(version), "", "")
            else:
                version = server.exec_driver_sql(
                    f"UPDATE {_S}.resource SET record = %(r)s::jsonb "
                    "WHERE slug = %(s)s AND version = %(v)s RETURNING version",
                    {"s": slug, "r": record, "v": base},
                ).scalar()
                if version is not None:
                    return True, _Theirs(record, int(version), "", "")
    except IntegrityError as error:
        if getattr(error.orig, "sqlstate", "") != "23505":  # not "another steward was first"
            raise AgencyError(
                f"The agency server refused '{slug}' ({str(error.orig).splitlines()[0]}); "
                f"it stays queued on this desk."
            ) from error
        server.rollback()  # another steward created the same id first: a conflict below
    except SQLAlchemyError as error:
        raise explain(error, url) from error
    current = server.exec_driver_sql(
        f"SELECT record, version, updated_by, updated_at::text FROM {_S}.resource "
        "WHERE slug = %(s)s",
        {"s": slug},
    ).first()
    if current is not None:
        server.rollback()
        return False, _Theirs(canonical(current[0]), int(current[1]), current[2], current[3])
    gone = server.exec_driver_sql(
        f"SELECT by_role, at::text FROM {_S}.change WHERE entity = 'resource' AND key = %(s)s "
        "ORDER BY id DESC LIMIT 1",
        {"s": slug},
    ).first()
    server.rollback()
    return False, _Theirs(None, None, str(gone[0]) if gone else "", str(gone[1]) if gone else "")


def _settle(
    connection: Connection,
    slug: str,
    mine: str | None,
    outcome: tuple[bool, _Theirs],
    report: SyncReport,
) -> None:
    """Record on the desk what the server did with one queued edit."""
    accepted, server = outcome
    connection.exec_driver_sql("DELETE FROM agency_outbox WHERE slug = ?", (slug,))
    if server.record is None:
        connection.exec_driver_sql("DELETE FROM agency_resource WHERE slug = ?", (slug,))
    else:
        connection.exec_driver_sql(
            "INSERT OR REPLACE INTO agency_resource (slug, version, record) VALUES (?, ?, ?)",
            (slug, server.version, server.record),
        )
    if accepted or server.record == mine:
        report.pushed += 1
        return
    _conflict(connection, slug, mine, server, _now())
    report.conflicts += 1


def publish_edition(url: str, directory: Path, bundle: Path, public_key: Path | None = None) -> str:
    """Put a signed catalog bundle on the server as the agency's current edition (stewards);
    return its edition id (the bundle's catalog version).

    Only a bundle whose signature verifies (against ``public_key``, default the shipped
    publisher key) is accepted: desks take the edition from the server as they would take
    the file itself.
    """
    from csec_desktop.catalog.interchange.bundle import read_bundle

    edition_id = read_bundle(bundle, public_key=public_key).manifest.catalog_version
    data = bundle.read_bytes()
    engine = server_engine(url, directory)
    try:
        with connected(engine, url) as server, server.begin():
            server.exec_driver_sql(
                f"INSERT INTO {_S}.edition (edition_id, bundle) VALUES (%(e)s, %(b)s) "
                "ON CONFLICT (one) DO UPDATE SET edition_id = excluded.edition_id, "
                "bundle = excluded.bundle",
                {"e": edition_id, "b": data},
            )
    finally:
        engine.dispose()
    return edition_id


def agency_edition(user: Engine) -> tuple[str, bytes] | None:
    """The agency's catalog edition as last pulled: its id and the bundle's bytes, or None."""
    with user.connect() as connection:
        row = connection.exec_driver_sql("SELECT edition_id, bundle FROM agency_edition").first()
    return None if row is None else (str(row[0]), bytes(row[1]))


# --------------------------------------------------------------------------- conflicts


def conflicts(user: Engine) -> list[Conflict]:
    """The resources changed both here and on the server, waiting for a choice."""
    with user.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT slug, mine, theirs, their_version, their_by, their_at FROM agency_conflict "
            "ORDER BY slug"
        ).all()
    return [
        Conflict(
            slug,
            json.loads(mine) if mine is not None else None,
            json.loads(theirs) if theirs is not None else None,
            version,
            by,
            at,
        )
        for slug, mine, theirs, version, by, at in rows
    ]


def resolve(user: Engine, slug: str, keep: str, follow: CatalogFollower) -> None:
    """Decide a conflict: keep ``"mine"`` (queued to be sent over the server's version) or
    ``"theirs"`` (the server's version replaces this desk's)."""
    if keep not in ("mine", "theirs"):
        raise AgencyError("Choose which version to keep: 'mine' or 'theirs'.")
    with store.write_transaction(user) as connection:
        row = connection.exec_driver_sql(
            "SELECT mine, theirs, their_version FROM agency_conflict WHERE slug = ?", (slug,)
        ).first()
        if row is None:
            raise AgencyError(f"There is no conflict about '{slug}'.")
        mine, theirs, version = row
        was = connection.exec_driver_sql(
            "SELECT record FROM local_resource WHERE slug = ?", (slug,)
        ).scalar()
        connection.exec_driver_sql("DELETE FROM agency_conflict WHERE slug = ?", (slug,))
        if keep == "mine":
            connection.exec_driver_sql(
                "INSERT OR REPLACE INTO agency_outbox (slug, record, base_version, queued_at) "
                "VALUES (?, ?, ?, ?)",
                (slug, mine, version, _now()),
            )
            return
        if theirs is None:
            connection.exec_driver_sql("DELETE FROM local_resource WHERE slug = ?", (slug,))
        else:
            connection.exec_driver_sql(
                "INSERT INTO local_resource (slug, record, created_at, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (slug) DO UPDATE SET record = excluded.record, "
                "updated_at = excluded.updated_at",
                (slug, theirs, _now(), _now()),
            )
    follow({slug: was})


# --------------------------------------------------------------------------- sync, live


def sync(
    directory: Path,
    user: Engine,
    follow: CatalogFollower,
    *,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> SyncReport:
    """Push the queued edits (when there are any), then pull (``agency sync``)."""
    url = server_url(user)
    if url is None:
        raise AgencyError(
            "This desk is not connected to an agency server; run 'csec-catalog agency connect URL'."
        )
    pushed = push(url, directory, user)
    report = pull(url, directory, user, follow, batch=batch, progress=progress)
    report.pushed, report.conflicts = pushed.pushed, report.conflicts + pushed.conflicts
    return report


def watch(
    url: str,
    directory: Path,
    on_change: Callable[[], None],
    stop: threading.Event,
    *,
    ready: Callable[[], None] | None = None,
    poll_s: float = 0.5,
) -> None:
    """Call ``on_change`` (which should pull) whenever the server announces changes, until
    ``stop`` is set (LISTEN/NOTIFY on the server at ``url``). Run on a worker thread: it
    touches no local file. Returns when stopped, or raises :class:`AgencyError` when the
    connection is lost (the caller goes offline and tries again later). ``ready()`` is
    called once listening: a pull started after it misses no change.

    A burst of changes (a steward's import) is announced change by change; those already
    arrived are taken together, so that one pull fetches them all.
    """
    import psycopg

    target = parse_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    options = {**connect_options(directory), "autocommit": True}
    try:
        with psycopg.connect(target, **options) as conn:  # type: ignore[arg-type]
            conn.execute(f"LISTEN {CHANNEL}")
            if ready is not None:
                ready()
            while not stop.is_set():
                if any(True for _ in conn.notifies(timeout=poll_s, stop_after=1)):
                    for _ in conn.notifies(timeout=0):
                        pass
                    on_change()
    except psycopg.Error as error:
        raise explain(error, url) from error


def agency_lists(user: Engine) -> dict[str, list[str]]:
    """The agency's lists as last pulled: name → resource ids in order."""
    with user.connect() as connection:
        rows = connection.exec_driver_sql("SELECT name, items FROM agency_list ORDER BY name")
        return {str(name): list(json.loads(items)) for name, items in rows}
