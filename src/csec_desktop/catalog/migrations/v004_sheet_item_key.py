"""4: ``saved_sheet_item`` rewritten with its foreign key as a table constraint.

Versions 1 to 3 wrote the key inline (``sheet_id … REFERENCES saved_sheet (id) ON DELETE
CASCADE``). SQLite keeps the cascade, but SQLAlchemy does not read ``ON DELETE`` from an
inline key, so such a database could not be compared with the models; rewritten, every
database holds the same definition as one made new. Written by hand (autogenerate cannot
see what reflection misses); the rows are copied as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic.operations import Operations


def upgrade(op: Operations) -> None:
    """Rebuild the table from its full definition (batch mode: copy, drop, rename)."""
    definition = sa.Table(
        "saved_sheet_item",
        sa.MetaData(),
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["sheet_id"], ["saved_sheet.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("sheet_id", "position"),
    )
    with op.batch_alter_table("saved_sheet_item", copy_from=definition, recreate="always"):
        pass  # nothing to change: the copy itself is the step
