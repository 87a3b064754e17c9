"""care: pain diary, triage results, plan steps and adherence

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 05:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import backstride.store.schema

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _utc() -> backstride.store.schema.UTCDateTime:
    return backstride.store.schema.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "pain_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("time_utc", _utc(), nullable=False),
        sa.Column("utc_offset_s", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("pain_type", sa.String(length=16), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("radiates_below_knee", sa.Boolean(), nullable=True),
        sa.Column("numbness_or_tingling", sa.Boolean(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pain_entries_time", "pain_entries", ["time_utc"], unique=False)
    op.create_table(
        "triage_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("time_utc", _utc(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("urgency", sa.String(length=16), nullable=False),
        sa.Column("red_flags", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_triage_results_time", "triage_results", ["time_utc"], unique=False)
    op.create_table(
        "plan_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("time_utc", _utc(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("baseline_score", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "plan_adherence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("time_utc", _utc(), nullable=False),
        sa.Column("exercise_id", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_plan_adherence_time", "plan_adherence", ["time_utc"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_plan_adherence_time", table_name="plan_adherence")
    op.drop_table("plan_adherence")
    op.drop_table("plan_steps")
    op.drop_index("ix_triage_results_time", table_name="triage_results")
    op.drop_table("triage_results")
    op.drop_index("ix_pain_entries_time", table_name="pain_entries")
    op.drop_table("pain_entries")
