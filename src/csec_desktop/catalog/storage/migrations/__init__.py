"""The steps that bring ``user.sqlite`` to the schema of the models in
:mod:`csec_desktop.catalog.storage.userdata`, the one definition of that schema.

Step *n* (module ``vNNN_…``) moves a database from version *n* − 1 to *n*; ``PRAGMA
user_version`` records how far a database has come, so the check at every open is one
pragma. A new database is made from the models directly; Alembic is imported only when a
released database needs steps (:func:`csec_desktop.catalog.storage.store.migrate_user_db`).
Each step is an ``upgrade(op)`` of Alembic operations, run in its own transaction with
foreign keys off (SQLite's way to rebuild a table; ``op.batch_alter_table`` does that for
an ALTER SQLite lacks).

To change the schema: change the models, then run ``python scripts/user_migration.py
"what changes"``; it writes the next step from the difference between the models and a
database brought to the current version (Alembic's autogenerate). Read it, add it to
:func:`steps` and set :data:`USER_SCHEMA_VERSION`. Never edit a released step.
``tests/test_migrations.py`` fails while the steps and the models differ in any type,
nullability, key, unique constraint or index.

Files written before these steps (versions 1 to 3 of the hand-written SQL) hold
``saved_sheet_item``'s foreign key inline, and SQLAlchemy does not read an inline key's
``ON DELETE CASCADE``: a batch step on that table must pass the table's whole definition
(``copy_from=``), or the rebuilt table loses the cascade (the test then fails).
"""

from __future__ import annotations

from types import ModuleType

#: The version the models describe: the number of steps.
USER_SCHEMA_VERSION = 3


def steps() -> tuple[ModuleType, ...]:
    """Every step, in order (imported only here: they import Alembic)."""
    from csec_desktop.catalog.storage.migrations import (
        v001_saved_data,
        v002_local_resources,
        v003_agency_copy,
    )

    return (v001_saved_data, v002_local_resources, v003_agency_copy)
