"""Agents, the handoff queue and ticket life cycle, over a SQLAlchemy session."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.console.auth import check_password, hash_password
from bot.shop.models import AGENT_ROLES, Agent, Buyer, CannedReply, HandoffTicket


def add_agent(s: Session, username: str, display_name: str, role: str, password: str, now: datetime) -> Agent:
    """Create an agent; the username must be new, the role known and the password 8+ characters."""
    if role not in AGENT_ROLES:
        raise ValueError(f"role must be one of {', '.join(AGENT_ROLES)}")
    if len(password) < 8:
        raise ValueError("password must have at least 8 characters")
    if s.scalars(select(Agent).where(Agent.username == username)).first():
        raise ValueError(f"agent {username!r} exists already")
    agent = Agent(username=username, display_name=display_name, role=role,
                  password_hash=hash_password(password), active=True, created_at=now)
    s.add(agent)
    s.flush()
    return agent


def authenticate(s: Session, username: str, password: str) -> Optional[Agent]:
    """The active agent with these credentials, else None."""
    agent = s.scalars(select(Agent).where(Agent.username == username)).first()
    if agent is None or not agent.active or not check_password(password, agent.password_hash):
        return None
    return agent


def has_open_ticket(s: Session, conversation_id: str) -> bool:
    """True while the conversation waits for or is served by an agent (only then is the bot paused)."""
    found = s.scalars(select(HandoffTicket.id).where(HandoffTicket.conversation_id == conversation_id,
                                                     HandoffTicket.state.in_(("waiting", "active"))).limit(1))
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
    result = s.execute(
        update(HandoffTicket)
        .where(HandoffTicket.id == ticket_id, HandoffTicket.state == "waiting")
        .values(state="active", agent=agent.username, claimed_at=now)
    )
    return result.rowcount == 1


def may_read(ticket: HandoffTicket, agent: Agent) -> bool:
    """An agent reads only the chats they claimed; admins read all."""
    return agent.role == "admin" or (ticket.agent == agent.username and ticket.state != "waiting")


def close(s: Session, ticket: HandoffTicket, now: datetime) -> None:
    """End the person's part of the chat."""
    ticket.state = "closed"
    ticket.closed_at = now


def rate(s: Session, conversation_id: str, rating: int, now: datetime) -> bool:
    """Store the buyer's 1-5 rating on the conversation's latest closed, unrated ticket."""
    if not 1 <= rating <= 5:
        return False
    ticket = s.scalars(
        select(HandoffTicket)
        .where(HandoffTicket.conversation_id == conversation_id, HandoffTicket.state == "closed",
               HandoffTicket.rating.is_(None))
        .order_by(HandoffTicket.closed_at.desc())
    ).first()
    if ticket is None:
        return False
    ticket.rating, ticket.rated_at = rating, now
    return True


def overdue(s: Session, now: datetime, limit_minutes: int) -> List[HandoffTicket]:
    """Waiting tickets older than the policy's wait limit that have had no follow-up yet."""
    return list(s.scalars(
        select(HandoffTicket)
        .where(HandoffTicket.state == "waiting", HandoffTicket.followed_up_at.is_(None),
               HandoffTicket.created_at <= now - timedelta(minutes=limit_minutes))
        .order_by(HandoffTicket.priority, HandoffTicket.created_at)
    ))


def position(s: Session, ticket: HandoffTicket) -> int:
    """1 for the next chat an agent will take, 2 for the one after, ..."""
    ahead = s.scalars(
        select(HandoffTicket.id).where(
            HandoffTicket.state == "waiting",
            (HandoffTicket.priority < ticket.priority)
            | ((HandoffTicket.priority == ticket.priority) & (HandoffTicket.created_at < ticket.created_at)),
        )
    ).all()
    return len(ahead) + 1


def canned_replies(s: Session) -> List[CannedReply]:
    """All canned replies, oldest first."""
    return list(s.scalars(select(CannedReply).order_by(CannedReply.id)))


def ticket_view(s: Session, ticket: HandoffTicket, now: datetime) -> Dict[str, Any]:
    """The ticket as the console shows it."""
    buyer = s.get(Buyer, ticket.buyer_id) if ticket.buyer_id else None
    return {
        "id": ticket.id, "conversation_id": ticket.conversation_id,
        "buyer": {"nick": buyer.nick, "name": buyer.name} if buyer else None,
        "order_id": ticket.order_id, "reason": ticket.reason, "priority": ticket.priority,
        "state": ticket.state, "agent": ticket.agent, "summary": ticket.summary,
        "created_at": ticket.created_at.isoformat(timespec="seconds"),
        "claimed_at": ticket.claimed_at.isoformat(timespec="seconds") if ticket.claimed_at else None,
        "closed_at": ticket.closed_at.isoformat(timespec="seconds") if ticket.closed_at else None,
        "waiting_seconds": int(((ticket.claimed_at or now) - ticket.created_at).total_seconds()),
        "rating": ticket.rating,
    }
