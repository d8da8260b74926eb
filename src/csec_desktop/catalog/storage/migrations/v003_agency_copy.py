"""3: the desk's copy of an agency server (:mod:`csec_desktop.agency`): where its pull
stands, the server's last-seen version of each agency resource (the base of a conflict),
its lists and catalog edition, a steward's queued edits and the conflicts to decide."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.operations import Operations


def upgrade(op: Operations) -> None:
    """Create the ``agency_…`` tables."""
    op.create_table(
        "agency_state",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "agency_resource",
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("slug"),
    )
    op.create_table(
        "agency_list",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "agency_edition",
        sa.Column("edition_id", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("bundle", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("edition_id"),
    )
    op.create_table(
        "agency_outbox",
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("record", sa.Text(), nullable=True),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("slug"),
    )
    op.create_table(
        "agency_conflict",
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("mine", sa.Text(), nullable=True),
        sa.Column("theirs", sa.Text(), nullable=True),
        sa.Column("their_version", sa.Integer(), nullable=True),
        sa.Column("their_by", sa.Text(), nullable=False),
        sa.Column("their_at", sa.Text(), nullable=False),
        sa.Column("found_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("slug"),
    )
