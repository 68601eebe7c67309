"""Helpers of the job tests: a fresh shop per test, a clock to move, a delivery that remembers."""
from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta
from typing import Dict, List, Optional, Tuple

from sqlalchemy import select

from bot.jobs.scheduler import Scheduler
from bot.policy import DEFAULT_POLICY_FILE, load_policy
from bot.shop.db import ensure_database, session_scope
from bot.shop.models import Order, OrderItem, ScheduledJob, Sku, WidgetSession

SEEDED = datetime(2026, 11, 18, 9, 0)  # the demo shop is seeded then; the scheduler starts later


class Crash(BaseException):
    """The process dies here (not an error the scheduler could catch and record)."""


class Clock:
    """A shop clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


class FakeDelivery:
    """Conversations as lists of (job id, text); like the widget it records a job's message once.
    `crash` = "before" dies before recording, "after" right after recording it."""

    def __init__(self) -> None:
        self.chats: Dict[str, List[Tuple[int, str]]] = {}
        self.tickets: List[str] = []
        self.crash: Optional[str] = None
        self.lock = threading.Lock()

    async def send(self, conversation_id: str, texts: Dict[str, str], job_id: int) -> Tuple[str, bool]:
        if self.crash == "before":
            raise Crash()
        with self.lock:
            chat = self.chats.setdefault(conversation_id, [])
            sent = next((text for job, text in chat if job == job_id), None)
            if sent is None:
                chat.append((job_id, texts["zh"]))
        if self.crash == "after":
            raise Crash()
        return sent or texts["zh"], False

    async def ticket_opened(self, conversation_id: str) -> None:
        self.tickets.append(conversation_id)

    def messages(self) -> List[str]:
        return [text for chat in self.chats.values() for _, text in chat]


def fresh_shop(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    ensure_database(url, SEEDED)
    return url


def policy(**proactive):
    base = load_policy(DEFAULT_POLICY_FILE)
    return base.copy(update={"proactive": base.proactive.copy(update=proactive)})


def scheduler(url: str, delivery: FakeDelivery, clock: Clock, shop_policy=None, worker: Optional[str] = None) -> Scheduler:
    chosen = shop_policy or policy()
    return Scheduler(url, delivery, lambda: chosen, clock, worker=worker)


def place_order(url: str, created_at: datetime, state: str = "unpaid", buyer: str = "demo_buyer",
                chat: bool = True) -> Tuple[str, Optional[str]]:
    """A new order of `buyer` (copying the address of one of theirs) and, with `chat`, a widget
    conversation of theirs; (order id, conversation id)."""
    with session_scope(url) as s:
        template = s.scalars(select(Order).where(Order.buyer.has(nick=buyer))).first()
        sku = s.scalars(select(Sku)).first()
        order_id = f"9{uuid.uuid4().int % 10**15:015d}"
        order = Order(id=order_id, buyer_id=template.buyer_id, state=state, created_at=created_at,
                      paid_at=created_at if state != "unpaid" and state != "cancelled" else None,
                      cancelled_at=created_at if state == "cancelled" else None,
                      recipient_name=template.recipient_name, recipient_phone=template.recipient_phone,
                      province=template.province, city=template.city, address_line=template.address_line,
                      goods_total_fen=sku.product.price_fen, shipping_fee_fen=0, courier_code="yto")
        order.items.append(OrderItem(sku_id=sku.id, quantity=1, unit_price_fen=sku.product.price_fen))
        s.add(order)
        conversation = None
        if chat:
            conversation = uuid.uuid4().hex
            s.add(WidgetSession(session_id=conversation, buyer=buyer, created_at=created_at, last_seen_at=created_at))
    return order_id, conversation


def job(url: str, key: str) -> Optional[ScheduledJob]:
    with session_scope(url) as s:
        return s.scalars(select(ScheduledJob).where(ScheduledJob.key == key)).first()
