"""A 1-2 star rating of an agent's service opens a follow-up ticket (回访) at the top of the queue."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.jobs import store
from bot.jobs.step import Step, skip
from bot.policy import ShopPolicy
from bot.service import handoff
from bot.shop.models import HandoffTicket, ScheduledJob

KINDS = ("low_rating",)
MESSAGES = False  # it writes a ticket for agents, the buyer hears nothing
LOW = 2
PRIORITY = 1


def plan(s: Session, policy: ShopPolicy, now: datetime, since: datetime) -> int:
    """Plan a follow-up for every ticket rated 1-2 stars after `since`."""
    rated = list(s.scalars(select(HandoffTicket).where(HandoffTicket.rating <= LOW, HandoffTicket.rated_at >= since)))
    known = store.planned_keys(s, [f"low_rating:{t.id}" for t in rated])
    return sum(store.plan(s, f"low_rating:{t.id}", "low_rating", str(t.id), t.rated_at, now, t.buyer_id)
               for t in rated if f"low_rating:{t.id}" not in known)


def prepare(s: Session, job: ScheduledJob, policy: ShopPolicy, now: datetime) -> Step:
    """Open the follow-up ticket for the rated conversation (or raise the one already open)."""
    rated = s.get(HandoffTicket, int(job.subject))
    if rated is None:
        return skip("ticket is gone")
    summary = (f"【差评回访】买家给了{rated.rating}星（客服 {rated.agent or '-'}，工单 #{rated.id}），"
               f"请联系买家了解原因并跟进。原问题：{rated.summary}")
    ticket = handoff.open_ticket(s, rated.conversation_id, "complaint", PRIORITY, summary, now,
                              buyer_id=rated.buyer_id, order_id=rated.order_id)
    return Step("done", f"follow-up ticket #{ticket.id}", new_ticket=rated.conversation_id)
