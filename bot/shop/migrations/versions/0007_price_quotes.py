"""Price quotes: what a buyer agreed with the bot when bargaining (issue 11 item 4).

A quote is kept for the conversation (and the signed-in buyer) with the product, the agreed price,
any gift or coupon, and the unpaid order it was applied to (改价), so that agents see and honour it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "price_quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=True),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("list_price_fen", sa.Integer(), nullable=False),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.Column("gift_zh", sa.String(64), nullable=True),
        sa.Column("gift_en", sa.String(64), nullable=True),
        sa.Column("coupon_fen", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("order_id", sa.String(20), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("state IN ('agreed', 'applied')", name=op.f("ck_price_quotes_state")),
        sa.CheckConstraint("price_fen > 0 AND price_fen <= list_price_fen",
                           name=op.f("ck_price_quotes_price_within_list")),
        sa.ForeignKeyConstraint(["buyer_id"], ["buyers.id"], name=op.f("fk_price_quotes_buyer_id_buyers")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_price_quotes_product_id_products")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_price_quotes_order_id_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_quotes")),
    )
    op.create_index("ix_price_quotes_conversation", "price_quotes", ["conversation_id", "product_id"])
    op.create_index(op.f("ix_price_quotes_buyer_id"), "price_quotes", ["buyer_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_price_quotes_buyer_id"), table_name="price_quotes")
    op.drop_index("ix_price_quotes_conversation", table_name="price_quotes")
    op.drop_table("price_quotes")
