"""Return tracking on after-sale cases (issue 11 item 6).

A buyer who sends the goods back gives the courier's tracking number ("YT1234567890123"); it is
kept on the open case with the courier and when it was given, so the warehouse can match the
parcel and the bot can say when the refund follows.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("after_sale_cases") as batch:
        batch.add_column(sa.Column("return_tracking_number", sa.String(32), nullable=True))
        batch.add_column(sa.Column("return_courier", sa.String(16), nullable=True))
        batch.add_column(sa.Column("return_shipped_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("after_sale_cases") as batch:
        batch.drop_column("return_shipped_at")
        batch.drop_column("return_courier")
        batch.drop_column("return_tracking_number")
