"""Buyer trust - order-verification attempts, widget session owners (issue 9).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "verification_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.String(32), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("address", sa.String(32), nullable=False),
        sa.Column("client", sa.String(32), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_attempts")),
    )
    op.create_index("ix_verification_attempts_order", "verification_attempts", ["order_id", "at"])
    op.create_index("ix_verification_attempts_address", "verification_attempts", ["address", "at"])
    op.create_index("ix_verification_attempts_conversation", "verification_attempts",
                    ["conversation_id", "succeeded"])
    op.create_table(
        "widget_sessions",
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("buyer", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_widget_sessions")),
    )


def downgrade() -> None:
    op.drop_table("widget_sessions")
    op.drop_index("ix_verification_attempts_conversation", "verification_attempts")
    op.drop_index("ix_verification_attempts_address", "verification_attempts")
    op.drop_index("ix_verification_attempts_order", "verification_attempts")
    op.drop_table("verification_attempts")
