"""ORM models of the shop: buyers, catalogue, orders, logistics, after-sale cases, handoff tickets.

Money is an integer number of fen (1/100 yuan); datetimes are naive, in shop-local time.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import List, Optional

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    false,
    text as sql_text,
    true,
)
from sqlalchemy.orm import Mapped, declarative_base, relationship

ORDER_STATES = ("unpaid", "paid", "shipped", "delivered", "completed", "cancelled")
CANCELLABLE_STATES = ("unpaid", "paid")
CATEGORIES = ("clothing", "beauty")
SIZE_CHARTS = ("tops", "bottoms", "dresses", "shoes")
COURIERS = ("yto", "zto", "sf", "yunda", "sto", "ems", "jd")
TRACKING_STATUSES = ("collected", "in_transit", "arrived", "out_for_delivery", "delivered")
CASE_KINDS = ("refund", "return", "exchange", "problem")
CASE_RESOLUTIONS = ("refund", "reship", "exchange", "refund_only", "return_refund")
CASE_STATES = ("open", "approved", "rejected", "closed")
CASE_PROBLEMS = ("damaged", "missing", "wrong_item", "color_difference", "other")
TICKET_REASONS = ("complaint", "ask_human", "fallback", "action_failed")
TICKET_STATES = ("waiting", "active", "closed")
SUMMARY_MAX_CHARS = 500

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


def _one_of(column: str, values: tuple, name: str, nullable: bool = False) -> CheckConstraint:
    """A CHECK constraint limiting a string column to fixed values."""
    listed = ", ".join(f"'{value}'" for value in values)
    condition = f"{column} IN ({listed})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return CheckConstraint(condition, name=name)


class Buyer(Base):
    """A Taobao account that buys from the shop."""

    __tablename__ = "buyers"

    id: Mapped[int] = Column(Integer, primary_key=True)
    nick: Mapped[str] = Column(String(64), nullable=False, unique=True)
    name: Mapped[str] = Column(String(64), nullable=False)
    phone: Mapped[str] = Column(String(11), nullable=False)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False)

    orders: Mapped[List["Order"]] = relationship("Order", back_populates="buyer")


class Product(Base):
    """An item of the catalogue; its colour/size variants are `skus`."""

    __tablename__ = "products"
    __table_args__ = (
        _one_of("category", CATEGORIES, "category"),
        _one_of("size_chart", SIZE_CHARTS, "size_chart", nullable=True),
        CheckConstraint("price_fen > 0", name="price_positive"),
        CheckConstraint("floor_price_fen > 0 AND floor_price_fen <= price_fen", name="floor_price"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    code: Mapped[str] = Column(String(32), nullable=False, unique=True)
    name_zh: Mapped[str] = Column(String(100), nullable=False)
    name_en: Mapped[str] = Column(String(100), nullable=False)
    category: Mapped[str] = Column(String(16), nullable=False)
    kind: Mapped[str] = Column(String(32), nullable=False, index=True)
    size_chart: Mapped[Optional[str]] = Column(String(16))
    material_zh: Mapped[str] = Column(String(200), nullable=False)
    material_en: Mapped[str] = Column(String(200), nullable=False)
    description_zh: Mapped[str] = Column(Text, nullable=False)
    description_en: Mapped[str] = Column(Text, nullable=False)
    price_fen: Mapped[int] = Column(Integer, nullable=False)
    floor_price_fen: Mapped[int] = Column(Integer, nullable=False)
    weight_g: Mapped[int] = Column(Integer, nullable=False)
    image_url: Mapped[str] = Column(String(200), nullable=False)
    active: Mapped[bool] = Column(Boolean, nullable=False, default=True, server_default=true())

    skus: Mapped[List["Sku"]] = relationship(
        "Sku", back_populates="product", order_by="Sku.id", cascade="all, delete-orphan"
    )

    @property
    def total_stock(self) -> int:
        """Units in stock over all variants."""
        return sum(sku.stock for sku in self.skus)


class Sku(Base):
    """One sellable variant (colour and size) of a product, with its stock."""

    __tablename__ = "skus"
    __table_args__ = (CheckConstraint("stock >= 0", name="stock_not_negative"),)

    id: Mapped[int] = Column(Integer, primary_key=True)
    product_id: Mapped[int] = Column(ForeignKey("products.id"), nullable=False, index=True)
    code: Mapped[str] = Column(String(48), nullable=False, unique=True)
    color_zh: Mapped[str] = Column(String(32), nullable=False)
    color_en: Mapped[str] = Column(String(32), nullable=False)
    size: Mapped[Optional[str]] = Column(String(8))
    stock: Mapped[int] = Column(Integer, nullable=False, default=0)
    restock_date: Mapped[Optional[date]] = Column(Date)

    product: Mapped[Product] = relationship("Product", back_populates="skus")


class Order(Base):
    """A buyer's order; `id` is the 16-digit order number the buyer sees."""

    __tablename__ = "orders"
    __table_args__ = (
        _one_of("state", ORDER_STATES, "state"),
        CheckConstraint("goods_total_fen >= 0 AND shipping_fee_fen >= 0", name="money_not_negative"),
        Index("ix_orders_buyer_created", "buyer_id", "created_at"),
    )

    id: Mapped[str] = Column(String(20), primary_key=True)
    buyer_id: Mapped[int] = Column(ForeignKey("buyers.id"), nullable=False)
    state: Mapped[str] = Column(String(16), nullable=False)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False)
    paid_at: Mapped[Optional[datetime]] = Column(DateTime)
    shipped_at: Mapped[Optional[datetime]] = Column(DateTime)
    delivered_at: Mapped[Optional[datetime]] = Column(DateTime)
    completed_at: Mapped[Optional[datetime]] = Column(DateTime)
    cancelled_at: Mapped[Optional[datetime]] = Column(DateTime)
    recipient_name: Mapped[str] = Column(String(64), nullable=False)
    recipient_phone: Mapped[str] = Column(String(20), nullable=False)
    province: Mapped[str] = Column(String(16), nullable=False)
    city: Mapped[str] = Column(String(32), nullable=False)
    address_line: Mapped[str] = Column(String(200), nullable=False)
    goods_total_fen: Mapped[int] = Column(Integer, nullable=False)
    shipping_fee_fen: Mapped[int] = Column(Integer, nullable=False, default=0)
    courier_code: Mapped[str] = Column(String(16), nullable=False, default="yto")
    urgent: Mapped[bool] = Column(Boolean, nullable=False, default=False, server_default=false())
    invoice_title: Mapped[Optional[str]] = Column(String(200))
    invoice_tax_id: Mapped[Optional[str]] = Column(String(32))
    invoice_requested_at: Mapped[Optional[datetime]] = Column(DateTime)
    notes: Mapped[str] = Column(Text, nullable=False, default="", server_default="")

    buyer: Mapped[Buyer] = relationship("Buyer", back_populates="orders")
    items: Mapped[List["OrderItem"]] = relationship(
        "OrderItem", back_populates="order", order_by="OrderItem.id", cascade="all, delete-orphan"
    )
    shipment: Mapped[Optional["Shipment"]] = relationship(
        "Shipment", back_populates="order", uselist=False, cascade="all, delete-orphan"
    )
    cases: Mapped[List["AfterSaleCase"]] = relationship(
        "AfterSaleCase", back_populates="order", order_by="AfterSaleCase.id"
    )

    @property
    def total_fen(self) -> int:
        """What the buyer pays: goods plus shipping."""
        return self.goods_total_fen + self.shipping_fee_fen


class OrderItem(Base):
    """One line of an order: a SKU, how many, at which unit price."""

    __tablename__ = "order_items"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_fen >= 0", name="unit_price_not_negative"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    order_id: Mapped[str] = Column(ForeignKey("orders.id"), nullable=False, index=True)
    sku_id: Mapped[int] = Column(ForeignKey("skus.id"), nullable=False)
    quantity: Mapped[int] = Column(Integer, nullable=False)
    unit_price_fen: Mapped[int] = Column(Integer, nullable=False)

    order: Mapped[Order] = relationship("Order", back_populates="items")
    sku: Mapped[Sku] = relationship("Sku")


class Shipment(Base):
    """The parcel of a shipped order and its courier tracking number."""

    __tablename__ = "shipments"

    id: Mapped[int] = Column(Integer, primary_key=True)
    order_id: Mapped[str] = Column(ForeignKey("orders.id"), nullable=False, unique=True)
    courier_code: Mapped[str] = Column(String(16), nullable=False)
    tracking_number: Mapped[str] = Column(String(32), nullable=False)
    shipped_at: Mapped[datetime] = Column(DateTime, nullable=False)
    delivered_at: Mapped[Optional[datetime]] = Column(DateTime)

    order: Mapped[Order] = relationship("Order", back_populates="shipment")
    events: Mapped[List["TrackingEvent"]] = relationship(
        "TrackingEvent",
        back_populates="shipment",
        order_by="(TrackingEvent.occurred_at, TrackingEvent.id)",
        cascade="all, delete-orphan",
    )

    @property
    def last_event(self) -> Optional["TrackingEvent"]:
        """The most recent tracking event, if any."""
        return self.events[-1] if self.events else None


class TrackingEvent(Base):
    """One scan of a parcel by the courier."""

    __tablename__ = "tracking_events"
    __table_args__ = (_one_of("status", TRACKING_STATUSES, "status"),)

    id: Mapped[int] = Column(Integer, primary_key=True)
    shipment_id: Mapped[int] = Column(ForeignKey("shipments.id"), nullable=False, index=True)
    occurred_at: Mapped[datetime] = Column(DateTime, nullable=False)
    status: Mapped[str] = Column(String(20), nullable=False)
    location_zh: Mapped[str] = Column(String(32), nullable=False)
    location_en: Mapped[str] = Column(String(32), nullable=False)

    shipment: Mapped[Shipment] = relationship("Shipment", back_populates="events")


class AfterSaleCase(Base):
    """A refund, return, exchange or problem report about an order."""

    __tablename__ = "after_sale_cases"
    __table_args__ = (
        _one_of("kind", CASE_KINDS, "kind"),
        _one_of("resolution", CASE_RESOLUTIONS, "resolution", nullable=True),
        _one_of("state", CASE_STATES, "state"),
        _one_of("problem", CASE_PROBLEMS, "problem", nullable=True),
        # one open case per order and kind (a second request joins it)
        Index("uq_after_sale_cases_open_order_kind", "order_id", "kind", unique=True,
              sqlite_where=sql_text("state = 'open'"), postgresql_where=sql_text("state = 'open'")),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    order_id: Mapped[str] = Column(ForeignKey("orders.id"), nullable=False, index=True)
    kind: Mapped[str] = Column(String(16), nullable=False)
    # the buyer's own words that stated the request (never a later answer such as phone digits)
    reason: Mapped[str] = Column(String(200), nullable=False)
    detail: Mapped[Optional[str]] = Column(Text)
    # for kind "problem": what went wrong (damaged, missing, wrong_item, color_difference, other)
    problem: Mapped[Optional[str]] = Column(String(24))
    resolution: Mapped[Optional[str]] = Column(String(16))
    state: Mapped[str] = Column(String(16), nullable=False, default="open")
    created_at: Mapped[datetime] = Column(DateTime, nullable=False)
    # the parcel the buyer sends back: its tracking number, courier code and when the buyer gave it
    return_tracking_number: Mapped[Optional[str]] = Column(String(32))
    return_courier: Mapped[Optional[str]] = Column(String(16))
    return_shipped_at: Mapped[Optional[datetime]] = Column(DateTime)

    order: Mapped[Order] = relationship("Order", back_populates="cases")

    @property
    def number(self) -> str:
        """The case number shown to the buyer, e.g. AS00000012."""
        return f"AS{self.id:08d}"


class HandoffTicket(Base):
    """A conversation waiting for, or being served by, a human agent."""

    __tablename__ = "handoff_tickets"
    __table_args__ = (
        _one_of("reason", TICKET_REASONS, "reason"),
        _one_of("state", TICKET_STATES, "state"),
        CheckConstraint("priority >= 1", name="priority_positive"),
        Index("ix_handoff_tickets_queue", "state", "priority", "created_at"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    conversation_id: Mapped[str] = Column(String(128), nullable=False, index=True)
    buyer_id: Mapped[Optional[int]] = Column(ForeignKey("buyers.id"))
    order_id: Mapped[Optional[str]] = Column(ForeignKey("orders.id"))
    reason: Mapped[str] = Column(String(16), nullable=False)
    priority: Mapped[int] = Column(Integer, nullable=False)
    state: Mapped[str] = Column(String(16), nullable=False, default="waiting")
    agent: Mapped[Optional[str]] = Column(String(64))
    summary: Mapped[str] = Column(String(SUMMARY_MAX_CHARS), nullable=False)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False)
    claimed_at: Mapped[Optional[datetime]] = Column(DateTime)
    closed_at: Mapped[Optional[datetime]] = Column(DateTime)
    rating: Mapped[Optional[int]] = Column(Integer)
    rated_at: Mapped[Optional[datetime]] = Column(DateTime)
    followed_up_at: Mapped[Optional[datetime]] = Column(DateTime)


AGENT_ROLES = ("agent", "trainer", "admin")
CONSOLE_LANGUAGES = ("zh", "en")


class Agent(Base):
    """A person who logs into the console: serves chats (agent), trains the bot, or both (admin)."""

    __tablename__ = "agents"
    __table_args__ = (_one_of("role", AGENT_ROLES, "role"), _one_of("language", CONSOLE_LANGUAGES, "language"))

    id: Mapped[int] = Column(Integer, primary_key=True)
    username: Mapped[str] = Column(String(32), nullable=False, unique=True)
    display_name: Mapped[str] = Column(String(32), nullable=False)
    password_hash: Mapped[str] = Column(String(255), nullable=False)
    role: Mapped[str] = Column(String(16), nullable=False)
    active: Mapped[bool] = Column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False)
    # the console's language, the agent's own choice (zh or en)
    language: Mapped[str] = Column(String(2), nullable=False, default="zh", server_default="zh")


class CannedReply(Base):
    """A ready-made answer (快捷短语) agents paste into chats."""

    __tablename__ = "canned_replies"

    id: Mapped[int] = Column(Integer, primary_key=True)
    text: Mapped[str] = Column(String(500), nullable=False)
    created_by: Mapped[str] = Column(String(32), nullable=False)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False)


class VerificationAttempt(Base):
    """One try of an anonymous buyer to prove an order is theirs (the phone's last 4 digits).

    Counted per order and per client address across conversations, so a new chat or /restart
    does not reset the count; `client` binds a success to the browser tab or REST caller it
    came from. Addresses are stored as keyed hashes, never raw.
    """

    __tablename__ = "verification_attempts"
    __table_args__ = (
        Index("ix_verification_attempts_order", "order_id", "at"),
        Index("ix_verification_attempts_address", "address", "at"),
        Index("ix_verification_attempts_conversation", "conversation_id", "succeeded"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    order_id: Mapped[str] = Column(String(32), nullable=False)
    conversation_id: Mapped[str] = Column(String(128), nullable=False)
    address: Mapped[str] = Column(String(32), nullable=False)
    client: Mapped[str] = Column(String(32), nullable=False)
    succeeded: Mapped[bool] = Column(Boolean, nullable=False)
    at: Mapped[datetime] = Column(DateTime, nullable=False)


class WidgetSession(Base):
    """A widget conversation and who opened it: a signed buyer's nick, or none (anonymous)."""

    __tablename__ = "widget_sessions"

    session_id: Mapped[str] = Column(String(64), primary_key=True)
    buyer: Mapped[Optional[str]] = Column(String(64))
    created_at: Mapped[datetime] = Column(DateTime, nullable=False)
    last_seen_at: Mapped[datetime] = Column(DateTime, nullable=False)


LOGIN_OUTCOMES = ("ok", "failed", "refused")


class StaffSession(Base):
    """A console login: the cookie holds a random token, this row only its SHA-256.

    Valid while not revoked (logout, password change), before `expires_at`, not idle too long
    and while its agent is active.
    """

    __tablename__ = "staff_sessions"

    id: Mapped[int] = Column(Integer, primary_key=True)
    token_hash: Mapped[str] = Column(String(64), nullable=False, unique=True)
    agent_id: Mapped[int] = Column(ForeignKey("agents.id"), nullable=False, index=True)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False)
    last_seen_at: Mapped[datetime] = Column(DateTime, nullable=False)
    expires_at: Mapped[datetime] = Column(DateTime, nullable=False)
    revoked_at: Mapped[Optional[datetime]] = Column(DateTime)
    client_address: Mapped[str] = Column(String(64), nullable=False)
    user_agent: Mapped[str] = Column(String(200), nullable=False)


class LoginAttempt(Base):
    """One console login try: ok, failed (wrong name or password) or refused (locked, blocked)."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        _one_of("outcome", LOGIN_OUTCOMES, "outcome"),
        Index("ix_login_attempts_username", "username", "attempted_at"),
        Index("ix_login_attempts_client", "client_address", "attempted_at"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    attempted_at: Mapped[datetime] = Column(DateTime, nullable=False)
    username: Mapped[str] = Column(String(64), nullable=False)
    client_address: Mapped[str] = Column(String(64), nullable=False)
    outcome: Mapped[str] = Column(String(8), nullable=False)


QUOTE_STATES = ("agreed", "applied")


class PriceQuote(Base):
    """A price (and gift or coupon) a buyer agreed with the bot for one product (议价成交).

    `agreed` until it is applied to an unpaid order of the buyer (改价), then `applied` with that
    order; agents see both in the console. Anonymous chats keep it by conversation only.
    """

    __tablename__ = "price_quotes"
    __table_args__ = (
        _one_of("state", QUOTE_STATES, "state"),
        CheckConstraint("price_fen > 0 AND price_fen <= list_price_fen", name="price_within_list"),
        Index("ix_price_quotes_conversation", "conversation_id", "product_id"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    conversation_id: Mapped[str] = Column(String(128), nullable=False)
    buyer_id: Mapped[Optional[int]] = Column(ForeignKey("buyers.id"), index=True)
    product_id: Mapped[int] = Column(ForeignKey("products.id"), nullable=False)
    list_price_fen: Mapped[int] = Column(Integer, nullable=False)
    price_fen: Mapped[int] = Column(Integer, nullable=False)
    gift_zh: Mapped[Optional[str]] = Column(String(64))
    gift_en: Mapped[Optional[str]] = Column(String(64))
    coupon_fen: Mapped[Optional[int]] = Column(Integer)
    state: Mapped[str] = Column(String(8), nullable=False, default="agreed")
    order_id: Mapped[Optional[str]] = Column(ForeignKey("orders.id"))
    created_at: Mapped[datetime] = Column(DateTime, nullable=False)
    applied_at: Mapped[Optional[datetime]] = Column(DateTime)

    product: Mapped[Product] = relationship("Product")


JOB_KINDS = ("unpaid_reminder", "late_dispatch", "stalled_parcel", "low_rating", "queue_follow_up")
JOB_STATES = ("pending", "running", "held", "done", "skipped", "failed")


class ScheduledJob(Base):
    """A durable job of the scheduler (bot/jobs/): planned once per `key`, claimed by one worker.

    `pending` until due; a worker claims it (`running`, `claimed_by`/`claimed_at`) with one
    conditional UPDATE, then marks it `done` (sent: `conversation_id` and `text`), `skipped`
    (no longer wanted: paid, turned off, expired), `held` (the buyer has no widget chat yet: it
    is due again when they open one) or, after repeated errors, `failed`. A claim
    older than the stale limit (a crashed worker) may be taken again.
    """

    __tablename__ = "scheduled_jobs"
    __table_args__ = (
        _one_of("kind", JOB_KINDS, "kind"),
        _one_of("state", JOB_STATES, "state"),
        Index("ix_scheduled_jobs_due", "state", "due_at"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    key: Mapped[str] = Column(String(128), nullable=False, unique=True)
    kind: Mapped[str] = Column(String(24), nullable=False)
    subject: Mapped[str] = Column(String(64), nullable=False)
    buyer_id: Mapped[Optional[int]] = Column(ForeignKey("buyers.id"), index=True)
    state: Mapped[str] = Column(String(16), nullable=False, default="pending")
    due_at: Mapped[datetime] = Column(DateTime, nullable=False)
    expires_at: Mapped[Optional[datetime]] = Column(DateTime)
    attempts: Mapped[int] = Column(Integer, nullable=False, default=0, server_default="0")
    claimed_by: Mapped[Optional[str]] = Column(String(64))
    claimed_at: Mapped[Optional[datetime]] = Column(DateTime)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False)
    finished_at: Mapped[Optional[datetime]] = Column(DateTime)
    outcome: Mapped[str] = Column(String(200), nullable=False, default="", server_default="")
    conversation_id: Mapped[Optional[str]] = Column(String(128))
    text: Mapped[Optional[str]] = Column(Text)


class SchedulerMark(Base):
    """A moment the scheduler keeps, e.g. `since`: when it first ran on this shop (only events
    due after it get proactive messages, so switching the scheduler on never floods old orders)."""

    __tablename__ = "scheduler_marks"

    name: Mapped[str] = Column(String(32), primary_key=True)
    at: Mapped[datetime] = Column(DateTime, nullable=False)


class AgentPresence(Base):
    """One open console (a socket.io connection of a logged-in agent) on one server process.

    Written when the console connects, refreshed while it stays connected, deleted when it
    disconnects; a row not refreshed within the stale limit (its process crashed) no longer counts
    (bot/service/presence.py). Every server process reads them, so presence holds across processes.
    """

    __tablename__ = "agent_presence"

    id: Mapped[int] = Column(Integer, primary_key=True)
    agent_id: Mapped[int] = Column(ForeignKey("agents.id"), nullable=False, index=True)
    connection_id: Mapped[str] = Column(String(64), nullable=False, unique=True)
    process: Mapped[str] = Column(String(100), nullable=False, index=True)
    connected_at: Mapped[datetime] = Column(DateTime, nullable=False)
    last_seen_at: Mapped[datetime] = Column(DateTime, nullable=False, index=True)
