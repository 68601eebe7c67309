"""Who may see which order: a buyer sees only their own orders."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from sqlalchemy.orm import Session

from bot.service.verification import Gate
from bot.shop import repositories as repo
from bot.shop.models import Order

ORDER_ID = re.compile(r"^\d{8,20}$")


@dataclass(frozen=True)
class OrderAccess:
    """The outcome of an order lookup: the order, what is still needed, or why not."""

    order: Optional[Order] = None
    need: Optional[str] = None  # "order_id" | "phone"
    problem: Optional[str] = None  # "malformed" | "not_found" | "phone_mismatch" | "locked" | "wait"
    wait_seconds: int = 0
    phone_checked: bool = False  # the phone digits were compared: an attempt to log


def resolve_order(
    session: Session,
    *,
    order_id: Optional[str],
    buyer_id: Optional[int],
    verified_ids: Iterable[str] = (),
    phone_last4: Optional[str] = None,
    gate: Gate = Gate(),
    preferred_states: Sequence[str] = (),
) -> OrderAccess:
    """Find the order a buyer may see.

    A signed-in buyer (buyer_id known) sees their own orders, the newest open one when no
    number is given. An anonymous buyer needs the order number and then the last 4 digits
    of the order's phone; someone else's order and an unknown number look the same, and the
    `gate` (bot.service.verification) says whether a try may be made now.
    Without a number, a signed-in buyer's newest order in `preferred_states` is meant (e.g. a
    shipped one for "where is my parcel"), else the newest open one.
    """
    if buyer_id is not None:
        if not order_id:
            recent = repo.orders_of_buyer(session, buyer_id)
            order = next((o for o in recent if o.state in preferred_states), None)
            order = order or repo.latest_open_order(session, buyer_id)
            return OrderAccess(order=order) if order else OrderAccess(problem="no_orders")
        order = repo.get_order(session, order_id) if ORDER_ID.match(order_id) else None
        if order is None or order.buyer_id != buyer_id:
            return OrderAccess(problem="not_found")
        return OrderAccess(order=order)

    if not order_id:
        return OrderAccess(need="order_id")
    if not ORDER_ID.match(order_id):
        return OrderAccess(problem="malformed")
    if order_id in set(verified_ids):
        order = repo.get_order(session, order_id)
        return OrderAccess(order=order) if order else OrderAccess(problem="not_found")
    if gate.locked:
        return OrderAccess(problem="locked")
    if not phone_last4:
        return OrderAccess(need="phone")
    if not gate.open:
        return OrderAccess(problem="wait", wait_seconds=gate.wait_seconds)
    order = repo.get_order(session, order_id)
    if order is None or not repo.phone_matches(order, phone_last4[-4:]):
        return OrderAccess(problem="phone_mismatch", phone_checked=True)
    return OrderAccess(order=order, phone_checked=True)
