"""Buyers waiting for an agent longer than `handoff.wait_limit_minutes` hear their place in the
queue, once per ticket (this was the console channel's own loop before the job system)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.jobs.messages import both_languages
from bot.service import handoff as tickets
from bot.jobs import store
from bot.jobs.step import Step, skip
from bot.policy import ShopPolicy
from bot.shop.models import HandoffTicket, ScheduledJob

KINDS = ("queue_follow_up",)
MESSAGES = False  # the buyer is waiting right now: quiet hours do not apply


def plan(s: Session, policy: ShopPolicy, now: datetime, since: datetime) -> int:
    """Plan a follow-up, due now, for every overdue waiting ticket that has had none."""
    due = tickets.overdue(s, now, policy.handoff.wait_limit_minutes)
    known = store.planned_keys(s, [f"queue_follow_up:{t.id}" for t in due])
    return sum(store.plan(s, f"queue_follow_up:{t.id}", "queue_follow_up", str(t.id), now, now, t.buyer_id)
               for t in due if f"queue_follow_up:{t.id}" not in known)


def prepare(s: Session, job: ScheduledJob, policy: ShopPolicy, now: datetime) -> Step:
    """Tell the buyer their place if the ticket still waits; it is marked followed up."""
    ticket = s.get(HandoffTicket, int(job.subject))
    if ticket is None or ticket.state != "waiting":
        return skip(f"ticket is {ticket.state if ticket else 'gone'}")
    place = tickets.position(s, ticket)
    ticket.followed_up_at = now
    return Step("send", f"place {place} in the queue", ticket.conversation_id,
                both_languages("utter_proactive_queue_place", {"place": place}))
