"""Write the next step of the user database's migrations from the models.

    .venv/bin/python scripts/user_migration.py "what changes"

Brings an empty database to the current version with the existing steps, compares it with
the models in ``csec_desktop.catalog.storage.userdata`` (Alembic's autogenerate, in batch mode for
SQLite's ALTERs) and writes ``vNNN_<words>.py`` in ``src/csec_desktop/catalog/migrations``.
Read it before adding it to ``steps()``: autogenerate reads a renamed column as one dropped
and one added, and a new NOT NULL column needs a default for the rows already there.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from alembic.autogenerate import produce_migrations, render_python_code
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, create_engine
from sqlalchemy.pool import NullPool

from csec_desktop.catalog.storage import store
from csec_desktop.catalog.storage.migrations import USER_SCHEMA_VERSION
from csec_desktop.catalog.storage.userdata import UserBase

FOLDER = Path(__file__).resolve().parent.parent / "src/csec_desktop/catalog/migrations"

TEMPLATE = '''"""{number}: {message}"""

from __future__ import annotations

import sqlalchemy as sa
from alembic.operations import Operations


def upgrade(op: Operations) -> None:
    """{message}"""
{body}
'''


def render_step(metadata: MetaData, message: str) -> str | None:
    """The source of the step that brings a database of the current version to
    ``metadata``, or None when they already agree."""
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(
            f"sqlite+pysqlite:///{Path(folder) / 'user.sqlite'}", poolclass=NullPool
        )
        store.apply_steps(engine, 0)  # the steps, not the models they are compared with
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            script = produce_migrations(context, metadata)
            if script.upgrade_ops is None or script.upgrade_ops.is_empty():
                return None
            body = render_python_code(script.upgrade_ops, render_as_batch=True)
        engine.dispose()
    lines = [line for line in body.splitlines() if line.strip() and "###" not in line]
    return TEMPLATE.format(number=USER_SCHEMA_VERSION + 1, message=message, body="\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    """Write the next step and say what to do with it; 1 when there is nothing to write."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("message", help="what the step changes, in a few words")
    message = parser.parse_args(argv).message
    source = render_step(UserBase.metadata, message)
    if source is None:
        print("The models and the steps agree; there is no step to write.", file=sys.stderr)
        return 1
    words = "_".join(re.findall(r"[a-z0-9]+", message.lower())[:4]) or "step"
    path = FOLDER / f"v{USER_SCHEMA_VERSION + 1:03d}_{words}.py"
    path.write_text(source, encoding="utf-8")
    print(
        f"Wrote {path}. Read it, then add it to steps() and set USER_SCHEMA_VERSION = "
        f"{USER_SCHEMA_VERSION + 1} in {FOLDER / '__init__.py'}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
