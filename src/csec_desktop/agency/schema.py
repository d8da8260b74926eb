"""The agency server's schema: numbered migrations, two roles and their grants.

Migrated the way the desk migrates ``user.sqlite`` (:mod:`csec_desktop.catalog.storage.userdata`):
numbered, append-only SQL steps applied in order, each in its own transaction, the version
reached kept in the server (meta ``schema_version``). We kept this small runner rather than
Alembic for the same reasons as there (steps that ship inside the frozen application, one
way to migrate for the whole project), and because the schema is a handful of tables.

Everything lives in the PostgreSQL schema ``csec_agency``:

- ``resource``: the agency's local resources, each its JSON export record (the same
  record as a desk's local resource, ``local/…`` ids), checked to carry no other fields;
- ``list``: named lists of resource ids ("Fulton County intake");
- ``edition``: the current signed catalog edition (the bundle's bytes and its id);
- ``change``: the append-only change log (who, what, when). Its ids have no gaps and become
  visible in order (writers take turns on the log until they commit), so a desk that
  has seen change N has seen every change before it, and a gap means lost history;
- ``meta``: the application, schema version, agency id and role names.

Every write to ``resource``, ``list`` and ``edition`` is logged by a trigger, which also
stamps the row's ``version`` (the id of its last change) and announces the change with
NOTIFY. No column can hold client data: there are no notes and no free text per client.

Two group roles (NOLOGIN), named after the database unless chosen: stewards may change
resources, lists and the edition; desks may only read. PostgreSQL enforces both; the
agency's IT grants them to its login roles (``GRANT <db>_desks TO caseworker1``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from sqlalchemy import Connection

from csec_desktop.agency.server import APPLICATION, CHANNEL, SCHEMA, AgencyError, read_meta
from csec_desktop.catalog.content.records import ResourceRecord

#: The top-level fields a resource record may have (every field of the JSON export).
RECORD_FIELDS = tuple(f.name for f in fields(ResourceRecord))

_S = SCHEMA
#: Each step moves the server from version i to i + 1. Never edit a released step: append.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        f"CREATE SCHEMA {_S}",
        f"""CREATE TABLE {_S}.meta (
            key text PRIMARY KEY,
            value text NOT NULL
        )""",
        f"""INSERT INTO {_S}.meta (key, value) VALUES
            ('application', '{APPLICATION}'),
            ('agency_id', gen_random_uuid()::text),
            ('schema_version', '0')""",
        f"""CREATE TABLE {_S}.change (
            id bigint PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT now(),
            by_role text NOT NULL DEFAULT session_user,
            entity text NOT NULL CHECK (entity IN ('resource', 'list', 'edition')),
            key text NOT NULL CHECK (length(key) <= 200),
            op text NOT NULL CHECK (op IN ('put', 'delete'))
        )""",
        f"CREATE INDEX change_key ON {_S}.change (entity, key)",
        # A resource id: the desk's local ids, or a catalog id (in a list).
        f"""CREATE FUNCTION {_S}.is_resource_id(value text) RETURNS boolean
            LANGUAGE sql IMMUTABLE AS
            $$ SELECT value ~ '^[a-z]+/[A-Za-z0-9._-]+$' AND length(value) <= 200 $$""",
        f"""CREATE FUNCTION {_S}.are_resource_ids(ids text[]) RETURNS boolean
            LANGUAGE sql IMMUTABLE AS
            $$ SELECT coalesce(bool_and({_S}.is_resource_id(x)), true) FROM unnest(ids) x $$""",
        f"""CREATE TABLE {_S}.resource (
            slug text PRIMARY KEY CHECK (slug LIKE 'local/%' AND {_S}.is_resource_id(slug)),
            record jsonb NOT NULL CHECK (
                jsonb_typeof(record) = 'object'
                AND record ->> 'id' = slug
                AND (record - ARRAY[{", ".join(f"'{name}'" for name in RECORD_FIELDS)}])
                    = '{{}}'::jsonb
            ),
            version bigint NOT NULL,
            updated_at timestamptz NOT NULL,
            updated_by text NOT NULL
        )""",
        f"""CREATE TABLE {_S}.list (
            name text PRIMARY KEY CHECK (
                length(name) BETWEEN 1 AND 200 AND name !~ '[[:cntrl:]]'
            ),
            items text[] NOT NULL CHECK (
                cardinality(items) <= 1000 AND {_S}.are_resource_ids(items)
            ),
            version bigint NOT NULL,
            updated_at timestamptz NOT NULL,
            updated_by text NOT NULL
        )""",
        f"""CREATE TABLE {_S}.edition (
            one boolean PRIMARY KEY DEFAULT true CHECK (one),
            edition_id text NOT NULL CHECK (length(edition_id) <= 100),
            bundle bytea NOT NULL,
            version bigint NOT NULL,
            updated_at timestamptz NOT NULL,
            updated_by text NOT NULL
        )""",
        # Runs as its owner (SECURITY DEFINER): stewards write rows, never the log itself.
        f"""CREATE FUNCTION {_S}.log_change() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = {_S}, pg_temp AS $$
            DECLARE
                next_id bigint;
                row_key text;
            BEGIN
                IF TG_OP = 'UPDATE' AND to_jsonb(OLD) ->> TG_ARGV[0]
                        IS DISTINCT FROM to_jsonb(NEW) ->> TG_ARGV[0] THEN
                    RAISE EXCEPTION '% cannot be renamed', TG_TABLE_NAME;
                END IF;
                -- Writers take turns until they commit (readers are not blocked), so ids
                -- are gapless and become visible in order. Not a counter row: updating one
                -- row 100k times in a transaction is quadratic in PostgreSQL.
                LOCK TABLE change IN SHARE ROW EXCLUSIVE MODE;
                SELECT coalesce(max(id), 0) + 1 INTO next_id FROM change;
                IF TG_OP = 'DELETE' THEN
                    row_key := coalesce(to_jsonb(OLD) ->> TG_ARGV[0], 'current');
                ELSE
                    row_key := coalesce(to_jsonb(NEW) ->> TG_ARGV[0], 'current');
                END IF;
                INSERT INTO change (id, entity, key, op)
                VALUES (next_id, TG_TABLE_NAME, row_key,
                        CASE TG_OP WHEN 'DELETE' THEN 'delete' ELSE 'put' END);
                PERFORM pg_notify('{CHANNEL}', next_id::text);
                IF TG_OP = 'DELETE' THEN
                    RETURN OLD;
                END IF;
                NEW.version := next_id;
                NEW.updated_at := now();
                NEW.updated_by := session_user;
                RETURN NEW;
            END $$""",
        f"""CREATE TRIGGER log_change BEFORE INSERT OR UPDATE OR DELETE ON {_S}.resource
            FOR EACH ROW EXECUTE FUNCTION {_S}.log_change('slug')""",
        f"""CREATE TRIGGER log_change BEFORE INSERT OR UPDATE OR DELETE ON {_S}.list
            FOR EACH ROW EXECUTE FUNCTION {_S}.log_change('name')""",
        f"""CREATE TRIGGER log_change BEFORE INSERT OR UPDATE OR DELETE ON {_S}.edition
            FOR EACH ROW EXECUTE FUNCTION {_S}.log_change('none')""",
        # Append-only, whoever asks (grants already keep everyone but the owner out).
        f"""CREATE FUNCTION {_S}.refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the change log is append-only';
            END $$""",
        f"""CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON {_S}.change
            FOR EACH ROW EXECUTE FUNCTION {_S}.refuse_rewrite()""",
        f"""CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON {_S}.change
            FOR EACH STATEMENT EXECUTE FUNCTION {_S}.refuse_rewrite()""",
    ),
)
AGENCY_SCHEMA_VERSION = len(MIGRATIONS)
#: Tables desks may read, and those stewards may also write.
READABLE = ("meta", "change", "resource", "list", "edition")
WRITABLE = ("resource", "list", "edition")


@dataclass(frozen=True)
class InitResult:
    """What ``agency init`` did."""

    from_version: int
    version: int
    steward_role: str
    desk_role: str
    roles_created: tuple[str, ...]


def schema_version(connection: Connection) -> int:
    """The server's schema version; 0 when the database has no agency schema yet."""
    if not connection.exec_driver_sql(
        "SELECT to_regclass(%(meta)s) IS NOT NULL", {"meta": f"{_S}.meta"}
    ).scalar_one():
        return 0
    value = connection.exec_driver_sql(
        f"SELECT value FROM {_S}.meta WHERE key = 'schema_version'"
    ).scalar()
    return int(value or 0)


def role_names(database: str, prefix: str | None = None) -> tuple[str, str]:
    """The steward and desk role names for ``database`` (or ``prefix``): ``<x>_stewards``
    and ``<x>_desks``."""
    stem = re.sub(r"[^a-z0-9_]+", "_", (prefix or database).lower()).strip("_")[:40] or "agency"
    return f"{stem}_stewards", f"{stem}_desks"


def migrate(connection: Connection) -> tuple[int, int]:
    """Apply the missing steps in order, each committed on its own; return (from, to).

    A server of a newer schema is refused rather than touched.
    """
    start = schema_version(connection)
    connection.commit()
    if start > AGENCY_SCHEMA_VERSION:
        raise AgencyError(
            f"The agency server's schema is version {start}, newer than this application "
            f"understands ({AGENCY_SCHEMA_VERSION}); update CSEC Resource Desk first."
        )
    for step in range(start, AGENCY_SCHEMA_VERSION):
        with connection.begin():
            for statement in MIGRATIONS[step]:
                connection.exec_driver_sql(statement.replace("%", "%%"))
            connection.exec_driver_sql(
                f"UPDATE {_S}.meta SET value = %(v)s WHERE key = 'schema_version'",
                {"v": str(step + 1)},
            )
    return start, AGENCY_SCHEMA_VERSION


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def ensure_roles(connection: Connection, steward: str, desk: str) -> tuple[str, ...]:
    """Create the two group roles if missing and grant them exactly their rights.

    Desks read; stewards read and write resources, lists and the edition. Nobody but the
    owner writes the change log or the meta (the trigger writes the log as its owner), and
    the public has no access at all. Returns the roles it created.
    """
    created: list[str] = []
    with connection.begin():
        for role in (desk, steward):
            exists = connection.exec_driver_sql(
                "SELECT 1 FROM pg_roles WHERE rolname = %(r)s", {"r": role}
            ).scalar()
            if not exists:
                connection.exec_driver_sql(f"CREATE ROLE {_quoted(role)} NOLOGIN")
                created.append(role)
        d, s = _quoted(desk), _quoted(steward)
        connection.exec_driver_sql(f"GRANT {d} TO {s}")
        connection.exec_driver_sql(f"REVOKE ALL ON SCHEMA {_S} FROM PUBLIC")
        connection.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {_S} FROM PUBLIC")
        connection.exec_driver_sql(f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {_S} FROM PUBLIC")
        connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA {_S} TO {d}")
        connection.exec_driver_sql(
            f"GRANT EXECUTE ON FUNCTION {_S}.is_resource_id(text), "
            f"{_S}.are_resource_ids(text[]) TO {d}"
        )
        tables = ", ".join(f"{_S}.{t}" for t in READABLE)
        connection.exec_driver_sql(f"GRANT SELECT ON {tables} TO {d}")
        writable = ", ".join(f"{_S}.{t}" for t in WRITABLE)
        connection.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON {writable} TO {s}")
        connection.exec_driver_sql(
            f"INSERT INTO {_S}.meta (key, value) VALUES ('steward_role', %(s)s), "
            f"('desk_role', %(d)s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            {"s": steward, "d": desk},
        )
    return tuple(created)


def init_server(connection: Connection, role_prefix: str | None = None) -> InitResult:
    """Create or upgrade the agency schema in the connected database, and its two roles.

    Run by the agency's IT as the database's owner (who must be allowed to create roles).
    Safe to run again: it only applies missing steps and re-grants.
    """
    database = str(connection.exec_driver_sql("SELECT current_database()").scalar_one())
    connection.commit()
    start, version = migrate(connection)
    kept = read_meta(connection)
    connection.commit()
    default_steward, default_desk = role_names(database, role_prefix)
    steward = default_steward if role_prefix else kept.get("steward_role", default_steward)
    desk = default_desk if role_prefix else kept.get("desk_role", default_desk)
    created = ensure_roles(connection, steward, desk)
    return InitResult(start, version, steward, desk, created)
