"""The handoff ticket's whole life: open (with its priority), queue, claim, close or return to the
bot, rate, overdue and queue position, what the console shows of it, and the one acknowledgement
a buyer waiting out of hours gets.

Plain functions over an open SQLAlchemy session (no Rasa here); they never commit: the caller's
`unit_of_work` does. Times are naive shop-local datetimes (bot.clock.shop_now).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot import texts
from bot.clock import shop_iso
from bot.i18n import LANGUAGES, day
from bot.policy import ShopPolicy, shift_status
from bot.shop.models import SUMMARY_MAX_CHARS, Agent, Buyer, CannedReply, HandoffTicket, Order

OPEN_STATES = ("waiting", "active")
CANNED_MAX_CHARS = 500
_THREAT = re.compile(r"差评|投诉|举报|315|工商|消协|小二介入|维权|骗|bad review|report|scam|fraud|lawyer|dispute|chargeback", re.I)


def ticket_priority(reason: str, text: str) -> int:
    """1 = threats of bad reviews/disputes, 2 = other complaints, 3 = asked for a person or stuck."""
    if reason == "complaint":
        return 1 if _THREAT.search(text) else 2
    return 3


def open_ticket(s: Session, conversation_id: str, reason: str, priority: int, summary: str, now: datetime,
                buyer_id: Optional[int] = None, order_id: Optional[str] = None) -> HandoffTicket:
    """Queue the conversation for a human agent, or refresh its waiting/active ticket.

    An existing ticket keeps its place; it gets the new summary, the higher priority
    (lower number) and any buyer/order it did not have yet."""
    summary = summary[:SUMMARY_MAX_CHARS]
    ticket = open_ticket_of(s, conversation_id)
    if ticket is None:
        ticket = HandoffTicket(conversation_id=conversation_id, reason=reason, priority=priority, summary=summary,
                               state="waiting", created_at=now, buyer_id=buyer_id, order_id=order_id)
        s.add(ticket)
    else:
        ticket.summary = summary
        ticket.priority = min(ticket.priority, priority)
        ticket.buyer_id = ticket.buyer_id or buyer_id
        ticket.order_id = ticket.order_id or order_id
    s.flush()
    return ticket


def open_ticket_of(s: Session, conversation_id: str) -> Optional[HandoffTicket]:
    """The conversation's waiting or active ticket (the latest), else None."""
    return s.scalars(select(HandoffTicket)
                     .where(HandoffTicket.conversation_id == conversation_id, HandoffTicket.state.in_(OPEN_STATES))
                     .order_by(HandoffTicket.created_at.desc(), HandoffTicket.id.desc())).first()


def has_open_ticket(s: Session, conversation_id: str) -> bool:
    """True while the conversation waits for or is served by an agent (only then is the bot paused)."""
    found = s.scalars(select(HandoffTicket.id).where(HandoffTicket.conversation_id == conversation_id,
                                                     HandoffTicket.state.in_(OPEN_STATES)).limit(1))
    return found.first() is not None


def queue(s: Session, state: str, agent: Agent) -> List[HandoffTicket]:
    """Waiting tickets (priority, then longest wait), or the agent's own active/closed ones (admin: all)."""
    query = select(HandoffTicket).where(HandoffTicket.state == state)
    if state == "waiting":
        query = query.order_by(HandoffTicket.priority, HandoffTicket.created_at)
    else:
        if agent.role != "admin":
            query = query.where(HandoffTicket.agent == agent.username)
        query = query.order_by(HandoffTicket.created_at.desc()).limit(100)
    return list(s.scalars(query))


def claim(s: Session, ticket_id: int, agent: Agent, now: datetime) -> bool:
    """Take a waiting ticket; False when someone else got it first (one UPDATE, no race)."""
    result = s.execute(update(HandoffTicket)
                       .where(HandoffTicket.id == ticket_id, HandoffTicket.state == "waiting")
                       .values(state="active", agent=agent.username, claimed_at=now))
    return result.rowcount == 1


def close(s: Session, ticket: HandoffTicket, now: datetime) -> None:
    """End the person's part of the chat (the buyer is then asked for a rating)."""
    ticket.state = "closed"
    ticket.closed_at = now


def return_to_bot(s: Session, ticket: HandoffTicket, now: datetime) -> None:
    """Hand the chat back to the bot without asking for a rating: the ticket ends like a close."""
    close(s, ticket, now)


def may_read(ticket: HandoffTicket, agent: Agent) -> bool:
    """An agent reads only the chats they claimed (their part: see bot.staff.console.transcript);
    admins read all."""
    return agent.role == "admin" or (ticket.agent == agent.username and ticket.state != "waiting")


def may_watch(ticket: HandoffTicket, agent: Agent) -> bool:
    """Live buyer messages of a chat go to the agent serving its active ticket (and admins)."""
    return agent.role == "admin" or (ticket.agent == agent.username and ticket.state == "active")


def serves_order(s: Session, agent: Agent, order: Order) -> bool:
    """True when the agent serves an active chat about this order or its buyer."""
    query = select(HandoffTicket.id).where(HandoffTicket.agent == agent.username, HandoffTicket.state == "active")
    query = query.where(or_(HandoffTicket.order_id == order.id, HandoffTicket.buyer_id == order.buyer_id))
    return s.scalars(query.limit(1)).first() is not None


def tickets_of_conversation(s: Session, conversation_id: str) -> List[HandoffTicket]:
    """Every ticket of a conversation, in the order they were opened."""
    return list(s.scalars(select(HandoffTicket).where(HandoffTicket.conversation_id == conversation_id)
                          .order_by(HandoffTicket.created_at, HandoffTicket.id)))


def rate(s: Session, conversation_id: str, rating: int, now: datetime) -> bool:
    """Store the buyer's 1-5 rating on the conversation's latest closed, unrated ticket."""
    if not 1 <= rating <= 5:
        return False
    ticket = s.scalars(select(HandoffTicket)
                       .where(HandoffTicket.conversation_id == conversation_id, HandoffTicket.state == "closed",
                              HandoffTicket.rating.is_(None))
                       .order_by(HandoffTicket.closed_at.desc())).first()
    if ticket is None:
        return False
    ticket.rating, ticket.rated_at = rating, now
    return True


def overdue(s: Session, now: datetime, limit_minutes: int) -> List[HandoffTicket]:
    """Waiting tickets older than the policy's wait limit that have had no follow-up yet."""
    return list(s.scalars(select(HandoffTicket)
                          .where(HandoffTicket.state == "waiting", HandoffTicket.followed_up_at.is_(None),
                                 HandoffTicket.created_at <= now - timedelta(minutes=limit_minutes))
                          .order_by(HandoffTicket.priority, HandoffTicket.created_at)))


def position(s: Session, ticket: HandoffTicket) -> int:
    """1 for the next chat an agent will take, 2 for the one after, ..."""
    ahead = s.scalars(select(HandoffTicket.id).where(
        HandoffTicket.state == "waiting",
        (HandoffTicket.priority < ticket.priority)
        | ((HandoffTicket.priority == ticket.priority) & (HandoffTicket.created_at < ticket.created_at)))).all()
    return len(ahead) + 1


def ticket_view(s: Session, ticket: HandoffTicket, now: datetime) -> Dict[str, Any]:
    """The ticket as the console shows it."""
    buyer = s.get(Buyer, ticket.buyer_id) if ticket.buyer_id else None
    return {
        "id": ticket.id, "conversation_id": ticket.conversation_id,
        "buyer": {"nick": buyer.nick, "name": buyer.name} if buyer else None,
        "order_id": ticket.order_id, "reason": ticket.reason, "priority": ticket.priority,
        "state": ticket.state, "agent": ticket.agent, "summary": ticket.summary,
        "created_at": shop_iso(ticket.created_at), "claimed_at": shop_iso(ticket.claimed_at),
        "closed_at": shop_iso(ticket.closed_at),
        "waiting_seconds": int(((ticket.claimed_at or now) - ticket.created_at).total_seconds()),
        "rating": ticket.rating,
    }


def canned_replies(s: Session) -> List[CannedReply]:
    """All canned replies (快捷短语), oldest first."""
    return list(s.scalars(select(CannedReply).order_by(CannedReply.id)))


def add_canned_reply(s: Session, text: str, agent: Agent, now: datetime) -> CannedReply:
    """A new canned reply (cut to 500 characters)."""
    reply = CannedReply(text=text[:CANNED_MAX_CHARS], created_by=agent.username, created_at=now)
    s.add(reply)
    s.flush()
    return reply


def delete_canned_reply(s: Session, canned_id: int) -> None:
    """Remove a canned reply (nothing if there is none with this id)."""
    reply = s.get(CannedReply, canned_id)
    if reply is not None:
        s.delete(reply)


@dataclass(frozen=True)
class Acknowledgement:
    """What a waiting buyer is told once per waiting stretch (ticket), in both languages."""

    ticket_id: int
    texts: Dict[str, str]


def tell_nobody_online(policy: ShopPolicy, now: datetime, agents_online: bool) -> bool:
    """Whether the handover reply of a new ticket must say "no agent is online right now" instead of
    promising a reply within minutes: in service hours with no console open (bot.service.presence).
    Out of hours the handover reply says when the next shift starts."""
    return shift_status(policy, now).open and not agents_online


def waiting_acknowledgement(s: Session, conversation_id: str, policy: ShopPolicy, now: datetime,
                            agents_online: bool) -> Optional[Acknowledgement]:
    """For a buyer who writes again while their ticket waits with nobody to answer (out of service
    hours, or no agent online): "noted, a person replies when we open (09:00)". None while an agent
    is online in service hours or serves the chat. The caller sends it once per ticket."""
    ticket = open_ticket_of(s, conversation_id)
    if ticket is None or ticket.state != "waiting":
        return None
    status = shift_status(policy, now)
    if status.open and agents_online:
        return None
    if status.open:
        return Acknowledgement(ticket.id, {language: texts.text("utter_handoff_noted_offline", language)
                                           for language in LANGUAGES})
    opens = status.next_open
    when = {language: (f"{opens:%H:%M}" if opens.date() == now.date() else f"{day(opens, language)} {opens:%H:%M}")
            for language in LANGUAGES}
    return Acknowledgement(ticket.id, {language: texts.text("utter_handoff_noted_closed", language,
                                                            next_open=when[language]) for language in LANGUAGES})
