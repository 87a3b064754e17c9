"""gait: one row per running-form analysis (the files stay in their folder)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import backstride.store.schema

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _utc() -> backstride.store.schema.UTCDateTime:
    return backstride.store.schema.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "gait_analyses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("analysed_utc", _utc(), nullable=False),
        sa.Column("recorded_utc", _utc(), nullable=False),
        sa.Column("recorded_from", sa.String(length=16), nullable=False),
        sa.Column("view", sa.String(length=8), nullable=False),
        sa.Column("video_name", sa.Text(), nullable=False),
        sa.Column("folder", sa.String(length=400), nullable=False),
        sa.Column("steps", sa.Integer(), nullable=False),
        sa.Column("cadence_spm", sa.Float(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("folder"),
    )
    op.create_index("ix_gait_analyses_recorded", "gait_analyses", ["recorded_utc"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_gait_analyses_recorded", table_name="gait_analyses")
    op.drop_table("gait_analyses")
