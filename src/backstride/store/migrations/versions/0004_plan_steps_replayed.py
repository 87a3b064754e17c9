"""plan steps are replayed from the diary, not stored: drop plan_steps

The plan's step used to be saved whenever the plan was looked at, so it depended on when the
runner looked. It is now replayed from the triage, the diary and the exercise sessions
(backstride.care.progress.step_history); the saved rows held nothing those records do not.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import backstride.store.schema

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("plan_steps")


def downgrade() -> None:
    op.create_table(
        "plan_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("time_utc", backstride.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("baseline_score", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
