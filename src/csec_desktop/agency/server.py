"""Connecting a desk (or an agency's IT) to the agency server, with one sentence per failure.

The server is named by a libpq URL, ``postgresql://user@host:5432/database?sslmode=verify-full``.
TLS is whatever PostgreSQL offers: ``sslmode=verify-full`` (with ``sslrootcert=``) checks the
server's certificate and name, and is what an agency should hand out.

The desk never keeps a password in its settings. A password typed in the URL is moved to
the desk's own passfile (``agency.pgpass`` beside the databases, readable by its owner
only, in PostgreSQL's own format), and the URL is kept without it; libpq also finds
passwords in ``~/.pgpass``, a service file (``service=`` in the URL) or a client
certificate, as an agency's IT may prefer. We chose libpq's passfile over the ``keyring``
package: it needs no desktop keyring service (none runs on a headless field laptop or in
CI), no extra dependency in the frozen application, and it is what the agency's IT already
knows from ``psql``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, Connection, Engine, create_engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

#: The PostgreSQL schema (namespace) that holds everything the application keeps there.
SCHEMA = "csec_agency"
#: The ``application`` meta value that marks a database as an agency server of ours.
APPLICATION = "csec-resource-desk"
#: The desk's own passfile, beside its databases.
PASSFILE_NAME = "agency.pgpass"
#: Seconds to wait for the server before calling it unreachable.
CONNECT_TIMEOUT_S = 5
#: The NOTIFY channel on which every committed change is announced (payload: its id).
CHANNEL = "csec_agency_change"


class AgencyError(Exception):
    """An agency server problem, as one sentence a person can act on.

    Raised before anything local is changed, or after the work done was committed whole:
    the desk's copy is never left half-written.
    """


class ServerUnreachable(AgencyError):
    """The server did not answer, or went away: the desk works offline meanwhile."""


@dataclass(frozen=True)
class ServerInfo:
    """What a desk learns of an agency server when it connects."""

    agency_id: str
    schema_version: int
    steward_role: str
    desk_role: str
    user: str
    is_steward: bool


def parse_url(url: str) -> URL:
    """The SQLAlchemy URL (psycopg driver) of a ``postgresql://`` URL, or :class:`AgencyError`."""
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):
        parsed = None
    if parsed is None or parsed.get_backend_name() != "postgresql" or not parsed.database:
        raise AgencyError(
            f"'{shown_url(url)}' is not an agency server address; it looks like "
            f"postgresql://user@host:5432/database (add ?sslmode=verify-full for TLS)."
        )
    return parsed.set(drivername="postgresql+psycopg")


def shown_url(url: str) -> str:
    """``url`` with any password masked, for messages."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url.strip())


def url_without_password(url: str) -> str:
    """The URL to keep in settings: ``url`` with its password left out."""
    parsed = parse_url(url)
    kept = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return kept.render_as_string(hide_password=False)


def passfile_path(directory: Path) -> Path:
    """The desk's passfile in the data ``directory``."""
    return directory / PASSFILE_NAME


def _pgpass_field(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def remember_password(directory: Path, url: str) -> str:
    """Move a password typed in ``url`` into the desk's passfile; return the URL without it.

    The passfile keeps one line per server and user (a new password replaces the old) and is
    readable by its owner only, as libpq requires.
    """
    parsed = parse_url(url)
    if parsed.password is None:
        return url_without_password(url)
    key = ":".join(
        _pgpass_field(part)
        for part in (
            parsed.host or "localhost",
            str(parsed.port or 5432),
            parsed.database or "*",
            parsed.username or "*",
        )
    )
    path = passfile_path(directory)
    kept = (
        [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith(key + ":")
        ]
        if path.exists()
        else []
    )
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join([*kept, f"{key}:{_pgpass_field(str(parsed.password))}"]) + "\n")
    partial.replace(path)
    return url_without_password(url)


def connect_options(directory: Path | None = None) -> dict[str, object]:
    """libpq's options for every connection of a desk: a timeout, keepalives, and the
    desk's passfile in ``directory`` when it exists."""
    options: dict[str, object] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "csec-resource-desk",
        # A server that vanishes mid-sync is noticed in seconds, not after the OS's hours.
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 3,
    }
    if directory is not None and passfile_path(directory).exists():
        options["passfile"] = str(passfile_path(directory))
    return options


def server_engine(url: str, directory: Path | None = None) -> Engine:
    """An engine on the agency server at ``url`` (no pool: a desk connects now and then).

    With ``directory``, the desk's passfile there is used when it exists.
    """
    return create_engine(
        parse_url(url), poolclass=NullPool, connect_args=connect_options(directory)
    )


def explain(error: BaseException, url: str) -> AgencyError:
    """The one sentence for a failure talking to the server at ``url``."""
    original = error.orig if isinstance(error, DBAPIError) else error
    state = getattr(original, "sqlstate", None) or ""
    text = str(original).strip()
    parsed = parse_url(url)
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    if state == "28P01" or "password authentication failed" in text:
        return AgencyError(
            f"The agency server at {where} refused the password of user "
            f"'{parsed.username or os.environ.get('USER', '')}'; connect again with the right "
            f"one (your local copy is unchanged)."
        )
    if "no password supplied" in text:
        return AgencyError(
            f"The agency server at {where} asks for a password; connect again with it in the "
            f"address, once (it is then kept in {PASSFILE_NAME}, not in the settings)."
        )
    if state == "3D000" or (f'database "{parsed.database}" does not exist' in text):
        return AgencyError(
            f"The agency server at {where} has no database '{parsed.database}'; check the "
            f"address your agency gave you."
        )
    if state == "42501" or "permission denied" in text:
        return AgencyError(
            "Your account on the agency server may only read; only a steward may change the "
            "agency's resources and lists (the change stays queued on this desk)."
        )
    if (
        state.startswith("28")
        or "no pg_hba.conf entry" in text
        or ("role" in text and "does not exist" in text)
    ):
        return AgencyError(
            f"The agency server at {where} did not let this desk in ({_first_line(text)})."
        )
    if "SSL" in text or "certificate" in text:
        return AgencyError(
            f"The agency server at {where} could not be reached securely ({_first_line(text)})."
        )
    return ServerUnreachable(
        f"The agency server at {where} cannot be reached ({_first_line(text)}); this desk "
        f"works from its local copy meanwhile."
    )


def _first_line(text: str) -> str:
    line = text.splitlines()[-1] if text else "no answer"
    return line.removeprefix("FATAL:").strip().rstrip(".")


@contextmanager
def connected(engine: Engine, url: str) -> Iterator[Connection]:
    """A connection to the agency server; every driver failure becomes one :class:`AgencyError`."""
    try:
        with engine.connect() as connection:
            yield connection
    except AgencyError:
        raise
    except (SQLAlchemyError, OSError) as error:
        raise explain(error, url) from error


def read_meta(connection: Connection) -> dict[str, str]:
    """The agency server's meta table (application, schema version, agency id, roles)."""
    rows = connection.exec_driver_sql(f"SELECT key, value FROM {SCHEMA}.meta")
    return {str(key): str(value) for key, value in rows}


def server_info(connection: Connection, expected_version: int) -> ServerInfo:
    """Check that ``connection`` is to an agency server of a schema version this desk knows.

    Raises :class:`AgencyError` for a database of another application, or a schema older
    or newer than ``expected_version``.
    """
    found = connection.exec_driver_sql(
        "SELECT to_regclass(%(meta)s) IS NOT NULL", {"meta": f"{SCHEMA}.meta"}
    ).scalar_one()
    database = connection.exec_driver_sql("SELECT current_database()").scalar_one()
    if not found:
        raise AgencyError(
            f"The database '{database}' is not a CSEC Resource Desk agency server (it has no "
            f"{SCHEMA} schema); your agency's IT creates one with 'csec-catalog agency init URL'."
        )
    meta = read_meta(connection)
    if meta.get("application") != APPLICATION:
        raise AgencyError(
            f"The database '{database}' belongs to another application, not to CSEC Resource Desk."
        )
    version = int(meta.get("schema_version", "0"))
    if version < expected_version:
        raise AgencyError(
            f"The agency server's schema is version {version}, older than this desk's "
            f"{expected_version}; your agency's IT upgrades it with 'csec-catalog agency init URL'."
        )
    if version > expected_version:
        raise AgencyError(
            f"The agency server's schema is version {version}, newer than this desk understands "
            f"({expected_version}); update CSEC Resource Desk."
        )
    steward = meta.get("steward_role", "")
    user = str(connection.exec_driver_sql("SELECT session_user").scalar_one())
    is_steward = (
        bool(
            connection.exec_driver_sql(
                "SELECT pg_has_role(session_user, %(role)s, 'MEMBER')", {"role": steward}
            ).scalar_one()
        )
        if steward
        else False
    )
    return ServerInfo(
        agency_id=meta.get("agency_id", ""),
        schema_version=version,
        steward_role=steward,
        desk_role=meta.get("desk_role", ""),
        user=user,
        is_steward=is_steward,
    )
