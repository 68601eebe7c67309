"""Durable scheduled jobs (issue 12 item 3): 催付, late-parcel apologies, low-rating follow-ups
and queue follow-ups, claimed by one worker at a time; and the scheduler's marks.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table(
        "scheduled_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(200), nullable=False, server_default=""),
        sa.Column("conversation_id", sa.String(128), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.CheckConstraint("kind IN ('unpaid_reminder', 'late_dispatch', 'stalled_parcel', 'low_rating', "
                           "'queue_follow_up')", name=op.f("ck_scheduled_jobs_kind")),
        sa.CheckConstraint("state IN ('pending', 'running', 'held', 'done', 'skipped', 'failed')",
                           name=op.f("ck_scheduled_jobs_state")),
        sa.ForeignKeyConstraint(["buyer_id"], ["buyers.id"], name=op.f("fk_scheduled_jobs_buyer_id_buyers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_jobs")),
        sa.UniqueConstraint("key", name=op.f("uq_scheduled_jobs_key")),
    )
    op.create_index("ix_scheduled_jobs_due", "scheduled_jobs", ["state", "due_at"])
    op.create_index(op.f("ix_scheduled_jobs_buyer_id"), "scheduled_jobs", ["buyer_id"])
    op.create_table(
        "scheduler_marks",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduler_marks")),
    )


def downgrade() -> None:
    op.drop_table("scheduler_marks")
    op.drop_index(op.f("ix_scheduled_jobs_buyer_id"), table_name="scheduled_jobs")
    op.drop_index("ix_scheduled_jobs_due", table_name="scheduled_jobs")
    op.drop_table("scheduled_jobs")
