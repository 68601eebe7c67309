"""What a job does when it runs, decided by its kind inside one transaction."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Dict, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.shop.models import Order, WidgetSession


@dataclass(frozen=True)
class Step:
    """`send` texts ({"zh", "en"}) to a conversation, `skip` (no longer wanted), `later` (again at
    `due_at`), `hold` (until the buyer opens the widget) or `done` (the kind did its work in the
    transaction, e.g. opened a ticket)."""

    action: str
    outcome: str
    conversation_id: Optional[str] = None
    texts: Optional[Dict[str, str]] = None
    due_at: Optional[datetime] = None
    new_ticket: Optional[str] = None  # conversation of a ticket opened for agents


def skip(outcome: str) -> Step:
    """The job is no longer wanted (paid, shipped, turned off)."""
    return Step("skip", outcome)


NO_CHAT = Step("hold", "waiting for the buyer to open the widget")


def buyer_chat(s: Session, order: Order) -> Optional[str]:
    """The widget conversation the order's buyer used last (where a notice shows when they open
    the widget again), else None: the job is held until they open one (bot.jobs.store.wake)."""
    return s.scalars(select(WidgetSession.session_id).where(WidgetSession.buyer == order.buyer.nick)
                     .order_by(WidgetSession.last_seen_at.desc()).limit(1)).first()


def items_text(order: Order) -> tuple:
    """The order's goods, (zh, en): "卫衣 黑色/M ×1", "Hoodie black/M x1"."""
    zh = "、".join(f"{i.sku.product.name_zh} {i.sku.color_zh}/{i.sku.size or '-'} ×{i.quantity}" for i in order.items)
    en = ", ".join(f"{i.sku.product.name_en} {i.sku.color_en}/{i.sku.size or '-'} x{i.quantity}" for i in order.items)
    return zh, en
