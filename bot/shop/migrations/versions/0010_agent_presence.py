"""Agent presence: one row per open console (connection) and server process, refreshed while it
stays connected, so every process (and the action server) knows whether an agent is online.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agent_presence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("connection_id", sa.String(64), nullable=False),
        sa.Column("process", sa.String(100), nullable=False),
        sa.Column("connected_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_agent_presence_agent_id_agents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_presence")),
        sa.UniqueConstraint("connection_id", name=op.f("uq_agent_presence_connection_id")),
    )
    op.create_index(op.f("ix_agent_presence_agent_id"), "agent_presence", ["agent_id"])
    op.create_index(op.f("ix_agent_presence_process"), "agent_presence", ["process"])
    op.create_index(op.f("ix_agent_presence_last_seen_at"), "agent_presence", ["last_seen_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_agent_presence_last_seen_at"), table_name="agent_presence")
    op.drop_index(op.f("ix_agent_presence_process"), table_name="agent_presence")
    op.drop_index(op.f("ix_agent_presence_agent_id"), table_name="agent_presence")
    op.drop_table("agent_presence")
