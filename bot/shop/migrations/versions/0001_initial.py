"""Initial shop schema: buyers, catalogue, orders, logistics, after-sale cases, handoff tickets.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _one_of(column: str, values: tuple, name: str, nullable: bool = False) -> sa.CheckConstraint:
    listed = ", ".join(f"'{value}'" for value in values)
    condition = f"{column} IN ({listed})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return sa.CheckConstraint(condition, name=op.f(name))


def upgrade() -> None:
    op.create_table(
        "buyers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nick", sa.String(64), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("phone", sa.String(11), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buyers")),
        sa.UniqueConstraint("nick", name=op.f("uq_buyers_nick")),
    )
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name_zh", sa.String(100), nullable=False),
        sa.Column("name_en", sa.String(100), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("size_chart", sa.String(16), nullable=True),
        sa.Column("material_zh", sa.String(200), nullable=False),
        sa.Column("material_en", sa.String(200), nullable=False),
        sa.Column("description_zh", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("price_fen", sa.Integer(), nullable=False),
        sa.Column("floor_price_fen", sa.Integer(), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=False),
        sa.Column("image_url", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        _one_of("category", ("clothing", "beauty"), "ck_products_category"),
        _one_of("size_chart", ("tops", "bottoms", "dresses", "shoes"), "ck_products_size_chart", True),
        sa.CheckConstraint("price_fen > 0", name=op.f("ck_products_price_positive")),
        sa.CheckConstraint(
            "floor_price_fen > 0 AND floor_price_fen <= price_fen", name=op.f("ck_products_floor_price")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("code", name=op.f("uq_products_code")),
    )
    op.create_index(op.f("ix_products_kind"), "products", ["kind"])
    op.create_table(
        "skus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(48), nullable=False),
        sa.Column("color_zh", sa.String(32), nullable=False),
        sa.Column("color_en", sa.String(32), nullable=False),
        sa.Column("size", sa.String(8), nullable=True),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.Column("restock_date", sa.Date(), nullable=True),
        sa.CheckConstraint("stock >= 0", name=op.f("ck_skus_stock_not_negative")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_skus_product_id_products")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skus")),
        sa.UniqueConstraint("code", name=op.f("uq_skus_code")),
    )
    op.create_index(op.f("ix_skus_product_id"), "skus", ["product_id"])
    op.create_table(
        "orders",
        sa.Column("id", sa.String(20), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("paid_at", sa.DateTime(), nullable=True),
        sa.Column("shipped_at", sa.DateTime(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("recipient_name", sa.String(64), nullable=False),
        sa.Column("recipient_phone", sa.String(20), nullable=False),
        sa.Column("province", sa.String(16), nullable=False),
        sa.Column("city", sa.String(32), nullable=False),
        sa.Column("address_line", sa.String(200), nullable=False),
        sa.Column("goods_total_fen", sa.Integer(), nullable=False),
        sa.Column("shipping_fee_fen", sa.Integer(), nullable=False),
        sa.Column("courier_code", sa.String(16), nullable=False),
        sa.Column("urgent", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("invoice_title", sa.String(200), nullable=True),
        sa.Column("invoice_tax_id", sa.String(32), nullable=True),
        sa.Column("invoice_requested_at", sa.DateTime(), nullable=True),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        _one_of(
            "state",
            ("unpaid", "paid", "shipped", "delivered", "completed", "cancelled"),
            "ck_orders_state",
        ),
        sa.CheckConstraint(
            "goods_total_fen >= 0 AND shipping_fee_fen >= 0", name=op.f("ck_orders_money_not_negative")
        ),
        sa.ForeignKeyConstraint(["buyer_id"], ["buyers.id"], name=op.f("fk_orders_buyer_id_buyers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
    )
    op.create_index("ix_orders_buyer_created", "orders", ["buyer_id", "created_at"])
    op.create_table(
        "order_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.String(20), nullable=False),
        sa.Column("sku_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_fen", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_order_items_quantity_positive")),
        sa.CheckConstraint("unit_price_fen >= 0", name=op.f("ck_order_items_unit_price_not_negative")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_order_items_order_id_orders")),
        sa.ForeignKeyConstraint(["sku_id"], ["skus.id"], name=op.f("fk_order_items_sku_id_skus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_items")),
    )
    op.create_index(op.f("ix_order_items_order_id"), "order_items", ["order_id"])
    op.create_table(
        "shipments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.String(20), nullable=False),
        sa.Column("courier_code", sa.String(16), nullable=False),
        sa.Column("tracking_number", sa.String(32), nullable=False),
        sa.Column("shipped_at", sa.DateTime(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_shipments_order_id_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipments")),
        sa.UniqueConstraint("order_id", name=op.f("uq_shipments_order_id")),
    )
    op.create_table(
        "tracking_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("location_zh", sa.String(32), nullable=False),
        sa.Column("location_en", sa.String(32), nullable=False),
        _one_of(
            "status",
            ("collected", "in_transit", "arrived", "out_for_delivery", "delivered"),
            "ck_tracking_events_status",
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["shipments.id"], name=op.f("fk_tracking_events_shipment_id_shipments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_events")),
    )
    op.create_index(op.f("ix_tracking_events_shipment_id"), "tracking_events", ["shipment_id"])
    op.create_table(
        "after_sale_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("resolution", sa.String(16), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _one_of("kind", ("refund", "return", "exchange", "problem"), "ck_after_sale_cases_kind"),
        _one_of(
            "resolution",
            ("refund", "reship", "exchange", "refund_only", "return_refund"),
            "ck_after_sale_cases_resolution",
            True,
        ),
        _one_of("state", ("open", "approved", "rejected", "closed"), "ck_after_sale_cases_state"),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_after_sale_cases_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_after_sale_cases")),
    )
    op.create_index(op.f("ix_after_sale_cases_order_id"), "after_sale_cases", ["order_id"])
    op.create_table(
        "handoff_tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=True),
        sa.Column("order_id", sa.String(20), nullable=True),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("agent", sa.String(64), nullable=True),
        sa.Column("summary", sa.String(500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        _one_of(
            "reason",
            ("complaint", "ask_human", "fallback", "action_failed"),
            "ck_handoff_tickets_reason",
        ),
        _one_of("state", ("waiting", "active", "closed"), "ck_handoff_tickets_state"),
        sa.CheckConstraint("priority >= 1", name=op.f("ck_handoff_tickets_priority_positive")),
        sa.ForeignKeyConstraint(
            ["buyer_id"], ["buyers.id"], name=op.f("fk_handoff_tickets_buyer_id_buyers")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_handoff_tickets_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_tickets")),
    )
    op.create_index(
        op.f("ix_handoff_tickets_conversation_id"), "handoff_tickets", ["conversation_id"]
    )
    op.create_index(
        "ix_handoff_tickets_queue", "handoff_tickets", ["state", "priority", "created_at"]
    )


def downgrade() -> None:
    op.drop_table("handoff_tickets")
    op.drop_table("after_sale_cases")
    op.drop_table("tracking_events")
    op.drop_table("shipments")
    op.drop_table("order_items")
    op.drop_table("orders")
    op.drop_table("skus")
    op.drop_table("products")
    op.drop_table("buyers")
