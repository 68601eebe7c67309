"""Each agent's console language (issue 12 item 4): zh or en, chosen in the console's header and
kept across logins; Chinese for every existing agent.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agents") as batch:
        batch.add_column(sa.Column("language", sa.String(2), nullable=False, server_default="zh"))
        batch.create_check_constraint(op.f("ck_agents_language"), "language IN ('zh', 'en')")


def downgrade() -> None:
    with op.batch_alter_table("agents") as batch:
        batch.drop_constraint(op.f("ck_agents_language"), type_="check")
        batch.drop_column("language")
