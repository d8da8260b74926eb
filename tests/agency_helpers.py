"""An agency server per test: a fresh PostgreSQL database, its roles, desks on copies of the
curated catalog, and a TCP relay that can cut the connection like a vanished server.

The ``agency`` fixture (conftest.py) is an :class:`Agency`: the server initialised, and
``agency.desk(name, …)`` for each desk a test needs, connected as its own login role.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import Engine, make_url

# Imported as modules: with a window test importing this too, mypy resolved the package
# before its submodules and found no attribute 'sync' (or 'store') on it.
import csec_desktop.agency.schema as schema
import csec_desktop.agency.server as server
import csec_desktop.agency.sync as sync
import csec_desktop.catalog.storage.store as store
from csec_desktop.paths import catalog_db_path


@dataclass
class AgencyDatabase:
    """A database made for one test; ``url`` connects as the server's administrator."""

    name: str
    url: str

    def user_url(self, login: str, group: str, password: str | None = None) -> str:
        """Make a login role ``<db>_<login>`` in ``group``; return its URL (no password)."""
        role = f"{self.name}_{login}"
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("CREATE ROLE {} LOGIN {} IN ROLE {}").format(
                    sql.Identifier(role),
                    sql.SQL("PASSWORD {}").format(sql.Literal(password))
                    if password
                    else sql.SQL(""),
                    sql.Identifier(group),
                )
            )
        return make_url(self.url).set(username=role).render_as_string(hide_password=False)

    def execute(self, statement: str, url: str | None = None) -> None:
        """Run one statement on the database (as the administrator unless ``url``)."""
        with psycopg.connect(url or self.url, autocommit=True) as connection:
            connection.execute(statement.encode())


@contextmanager
def fresh_database(server: str) -> Iterator[AgencyDatabase]:
    """A new database on ``server``; afterwards it and every role named after it are dropped."""
    name = f"csec_t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        yield AgencyDatabase(name, url)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            roles = admin.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY rolname DESC",
                (name + "\\_%",),
            ).fetchall()
            for (role,) in roles:
                admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


@dataclass
class Desk:
    """A desk: its data folder, catalog and user data."""

    directory: Path
    catalog: Engine
    user: Engine

    @property
    def follow(self) -> sync.CatalogFollower:
        return sync.merge_follower(self.catalog, self.user)

    def connect(self, url: str) -> None:
        sync.connect_desk(self.directory, self.user, url, self.follow)

    def sync(self) -> sync.SyncReport:
        return sync.sync(self.directory, self.user, self.follow)

    def local_records(self) -> dict[str, dict[str, object]]:
        """The desk's local resources (its user data), by id."""
        with self.user.connect() as connection:
            rows = connection.exec_driver_sql("SELECT slug, record FROM local_resource")
            return {slug: json.loads(record) for slug, record in rows}

    def catalog_slugs(self) -> set[str]:
        """The local resources the catalog (what search sees) holds."""
        with self.catalog.connect() as connection:
            return set(
                connection.exec_driver_sql("SELECT slug FROM resource WHERE is_local").scalars()
            )

    def user_rows(self) -> dict[str, list[tuple[object, ...]]]:
        """Every row of every agency and local-resource table (to prove nothing changed)."""
        tables = ("local_resource", "agency_resource", "agency_state", "agency_outbox",
                  "agency_conflict", "agency_list", "setting")  # fmt: skip
        with self.user.connect() as connection:
            return {
                table: sorted(
                    tuple(row) for row in connection.exec_driver_sql(f"SELECT * FROM {table}")
                )
                for table in tables
            }


def make_desk(root: Path, name: str, catalog: Engine) -> Desk:
    """A desk in ``root/name`` on a copy of the built ``catalog``."""
    directory = root / name
    directory.mkdir()
    source = Path(str(catalog.url.database))
    shutil.copy(source, catalog_db_path(directory))
    engine, _ = store.ensure_catalog(directory, None)
    return Desk(directory, engine, store.open_user_db(directory))


def init(database: AgencyDatabase) -> schema.InitResult:
    """``agency init`` on ``database``, as its administrator."""
    engine = server.server_engine(database.url)
    try:
        with engine.connect() as connection:
            return schema.init_server(connection)
    finally:
        engine.dispose()


@dataclass
class Agency:
    """An initialised agency server for one test, and the desks and relays made on it."""

    database: AgencyDatabase
    roles: schema.InitResult
    root: Path
    catalog: Engine
    relays: list[Relay] = field(default_factory=list)

    @classmethod
    @contextmanager
    def made(cls, database: AgencyDatabase, root: Path, catalog: Engine) -> Iterator[Agency]:
        """``agency init`` on ``database``; its relays are closed afterwards."""
        agency = cls(database, init(database), root, catalog)
        try:
            yield agency
        finally:
            for relay in agency.relays:
                relay.close()

    def url(
        self, login: str | None = None, *, steward: bool = False, password: str | None = None
    ) -> str:
        """The administrator's URL, or (``login``) a new login role's among the desks or
        the stewards."""
        if login is None:
            return self.database.url
        group = self.roles.steward_role if steward else self.roles.desk_role
        return self.database.user_url(login, group, password)

    def relay(self) -> Relay:
        """A relay to the server that the test can cut (closed after the test)."""
        relay = Relay(("127.0.0.1", make_url(self.database.url).port or 5432))
        self.relays.append(relay)
        return relay

    def desk(
        self,
        name: str,
        *,
        steward: bool = False,
        admin: bool = False,
        relay: Relay | None = None,
        connect: bool = True,
    ) -> Desk:
        """A desk ``name`` on a copy of the catalog, connected as the login ``name`` (a
        desk's, a steward's, or the administrator's), through ``relay`` if given."""
        desk = make_desk(self.root, name, self.catalog)
        if connect:
            url = self.url() if admin else self.url(name, steward=steward)
            desk.connect(relay.url(url) if relay is not None else url)
        return desk


class Relay:
    """A TCP relay to the server on 127.0.0.1 that a test can cut, as a server that vanishes
    mid-sync, and open again, as a server restarted."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.open = True
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def url(self, url: str) -> str:
        """``url`` through this relay."""
        return (
            make_url(url)
            .set(host="127.0.0.1", port=self.port)
            .render_as_string(hide_password=False)
        )

    def cut(self) -> None:
        """Close every connection and refuse new ones."""
        with self.lock:
            self.open = False
            for each in self.sockets:
                with suppress(OSError):
                    each.shutdown(socket.SHUT_RDWR)
                each.close()
            self.sockets.clear()

    def restore(self) -> None:
        """Let connections through again."""
        self.open = True

    def close(self) -> None:
        """Cut, stop listening and end the relay's thread."""
        self.cut()
        _stop_listening(self.listener, self.thread)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        with suppress(OSError):
            target.shutdown(socket.SHUT_WR)


class PasswordRefuser:
    """A server that speaks PostgreSQL's protocol just far enough to ask for a password and
    refuse it, as a server with password authentication does (the test server trusts)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop listening and end the server's thread."""
        _stop_listening(self.listener, self.thread)

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with client, suppress(OSError):
                self._refuse(client)

    @staticmethod
    def _refuse(client: socket.socket) -> None:
        import struct

        length = struct.unpack("!I", client.recv(4))[0]
        body = client.recv(length - 4)
        if struct.unpack("!I", body[:4])[0] == 80877103:  # SSLRequest: no TLS here
            client.sendall(b"N")
            length = struct.unpack("!I", client.recv(4))[0]
            client.recv(length - 4)
        client.sendall(b"R" + struct.pack("!II", 8, 3))  # cleartext password, please
        client.recv(65536)
        fields = b'SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user "x"\0\0'
        client.sendall(b"E" + struct.pack("!I", len(fields) + 4) + fields)


def _stop_listening(listener: socket.socket, thread: threading.Thread) -> None:
    """Wake a thread blocked in ``listener.accept()`` (closing alone does not), and join it."""
    with suppress(OSError):
        listener.shutdown(socket.SHUT_RDWR)
    listener.close()
    thread.join(5)
