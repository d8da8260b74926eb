"""2: an agency's own resources, kept as their JSON export record
(``records.record_to_dict``) so that they outlive any change to the catalog's tables."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.operations import Operations


def upgrade(op: Operations) -> None:
    """Create ``local_resource``."""
    op.create_table(
        "local_resource",
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("slug"),
    )
