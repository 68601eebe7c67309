"""How many times an anonymous buyer may guess an order's phone digits, and what a success is worth.

Failures are counted per order and per client address across conversations (a new chat or
/restart resets nothing): after the first failure on an order (the fifth from one address, which
may be a shop-wide NAT) each try waits longer (15 s, 30 s, 1 min ... 30 min), and 5 failures on an order,
or 20 from one address, within a day lock it until the day has passed. A success verifies that one
order for that one browser tab or REST caller, in that conversation, for an hour.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.clock import shop_iso
from bot.shop.models import VerificationAttempt

WINDOW = timedelta(hours=24)
ORDER_LOCK_FAILURES = 5
ADDRESS_LOCK_FAILURES = 20
ORDER_FREE_FAILURES = 1
ADDRESS_FREE_FAILURES = 4
FIRST_DELAY_SECONDS = 15
MAX_DELAY_SECONDS = 30 * 60
VERIFIED_FOR = timedelta(hours=1)


@dataclass(frozen=True)
class Caller:
    """Where a try comes from: the conversation, the hashed address, the tab or REST caller."""

    conversation_id: str
    address: str
    client: str


@dataclass(frozen=True)
class Gate:
    """May the caller try now? `locked`, or `wait_seconds` before the next try, or open."""

    locked: bool = False
    wait_seconds: int = 0

    @property
    def open(self) -> bool:
        """True when a try may be made now."""
        return not self.locked and self.wait_seconds <= 0


def _delay(failures: int, free: int) -> int:
    return 0 if failures <= free else min(FIRST_DELAY_SECONDS * 2 ** (failures - free - 1), MAX_DELAY_SECONDS)


def decide(order_failures: int, address_failures: int, last_failure: Optional[datetime], now: datetime) -> Gate:
    """The gate for a try, from the failures counted so far and the time of the latest one."""
    if order_failures >= ORDER_LOCK_FAILURES or address_failures >= ADDRESS_LOCK_FAILURES:
        return Gate(locked=True)
    delay = max(_delay(order_failures, ORDER_FREE_FAILURES), _delay(address_failures, ADDRESS_FREE_FAILURES))
    if delay and last_failure is not None:
        remaining = int((last_failure + timedelta(seconds=delay) - now).total_seconds()) + 1
        if remaining > 0:
            return Gate(wait_seconds=remaining)
    return Gate()


def gate(s: Session, order_id: str, caller: Caller, now: datetime) -> Gate:
    """The gate for trying `order_id` from this caller now (reads the attempt log)."""
    failed = select(func.count(), func.max(VerificationAttempt.at)).where(VerificationAttempt.succeeded.is_(False))
    order_failures, order_last = s.execute(
        failed.where(VerificationAttempt.order_id == order_id, VerificationAttempt.at > now - WINDOW)).one()
    address_failures, address_last = s.execute(
        failed.where(VerificationAttempt.address == caller.address, VerificationAttempt.at > now - WINDOW)).one()
    last = max((t for t in (order_last, address_last) if t is not None), default=None)
    return decide(order_failures, address_failures, last, now)


def record(s: Session, order_id: str, caller: Caller, succeeded: bool, now: datetime) -> None:
    """Log a try (never commits)."""
    s.add(VerificationAttempt(order_id=order_id[:32], conversation_id=caller.conversation_id[:128],
                              address=caller.address[:32], client=caller.client[:32], succeeded=succeeded, at=now))


def verified_orders(s: Session, caller: Caller, now: datetime) -> List[str]:
    """The orders this caller proved in this conversation within the last hour."""
    if not caller.client:
        return []
    rows = s.scalars(select(VerificationAttempt.order_id).where(
        VerificationAttempt.conversation_id == caller.conversation_id,
        VerificationAttempt.client == caller.client,
        VerificationAttempt.succeeded.is_(True),
        VerificationAttempt.at > now - VERIFIED_FOR))
    return list(dict.fromkeys(rows))


def attempts_view(s: Session, conversation_id: str, now: datetime, limit: int = 20) -> List[dict]:
    """The phone-digit tries made in a conversation, newest first, with each order's failures
    within a day and whether it is locked (what an agent needs to judge the chat)."""
    tries = list(s.scalars(select(VerificationAttempt)
                           .where(VerificationAttempt.conversation_id == conversation_id)
                           .order_by(VerificationAttempt.at.desc()).limit(limit)))
    failures = {}
    for order_id in {t.order_id for t in tries}:
        failures[order_id] = s.scalar(select(func.count()).select_from(VerificationAttempt).where(
            VerificationAttempt.order_id == order_id, VerificationAttempt.succeeded.is_(False),
            VerificationAttempt.at > now - WINDOW))
    return [{"order_id": t.order_id, "succeeded": t.succeeded, "at": shop_iso(t.at),
             "order_failures_today": failures[t.order_id], "locked": failures[t.order_id] >= ORDER_LOCK_FAILURES}
            for t in tries]
