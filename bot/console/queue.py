"""Agents, the handoff queue and ticket life cycle, over a SQLAlchemy session."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.clock import shop_iso
from bot.console import sessions
from bot.console.auth import MAX_PASSWORD_CHARS, hash_password, verify
from bot.shop.models import AGENT_ROLES, Agent, Buyer, CannedReply, HandoffTicket

MIN_PASSWORD_CHARS = 8


def _check_new_password(password: str) -> None:
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise ValueError(f"password must have {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters")


def add_agent(s: Session, username: str, display_name: str, role: str, password: str, now: datetime) -> Agent:
    """Create an agent; the username must be new, the role known and the password 8+ characters."""
    if role not in AGENT_ROLES:
        raise ValueError(f"role must be one of {', '.join(AGENT_ROLES)}")
    _check_new_password(password)
    if find_agent(s, username):
        raise ValueError(f"agent {username!r} exists already")
    agent = Agent(username=username, display_name=display_name, role=role,
                  password_hash=hash_password(password), active=True, created_at=now)
    s.add(agent)
    s.flush()
    return agent


def find_agent(s: Session, username: Optional[str]) -> Optional[Agent]:
    """The agent with exactly this username (active or not), else None."""
    if not username:
        return None
    return s.scalars(select(Agent).where(Agent.username == username)).first()


def authenticate(s: Session, username: str, password: str) -> Optional[Agent]:
    """The active agent with these credentials, else None; an unknown name takes as long as a
    known one (its password is checked against a dummy hash). Blocks for one scrypt: the
    console runs `auth.verify` in a thread pool instead."""
    agent = find_agent(s, username)
    matched = verify(password, agent.password_hash if agent else None)
    return agent if matched and agent is not None and agent.active else None


def set_password(s: Session, agent: Agent, password: str, now: datetime) -> int:
    """Give the agent a new password (8+ characters) and end all of its sessions; how many ended."""
    _check_new_password(password)
    agent.password_hash = hash_password(password)
    return sessions.revoke_all(s, agent.id, now)


def deactivate(s: Session, agent: Agent, now: datetime) -> int:
    """Take away the agent's access: inactive, every session ended; how many ended."""
    agent.active = False
    return sessions.revoke_all(s, agent.id, now)


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
    """An agent reads only the chats they claimed (their part: see bot.console.transcript);
    admins read all."""
    return agent.role == "admin" or (ticket.agent == agent.username and ticket.state != "waiting")


def may_watch(ticket: HandoffTicket, agent: Agent) -> bool:
    """Live buyer messages of a chat go to the agent serving its active ticket (and admins)."""
    return agent.role == "admin" or (ticket.agent == agent.username and ticket.state == "active")


def tickets_of_conversation(s: Session, conversation_id: str) -> List[HandoffTicket]:
    """Every ticket of a conversation, in the order they were opened."""
    return list(s.scalars(select(HandoffTicket).where(HandoffTicket.conversation_id == conversation_id)
                          .order_by(HandoffTicket.created_at, HandoffTicket.id)))


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
        "created_at": shop_iso(ticket.created_at), "claimed_at": shop_iso(ticket.claimed_at),
        "closed_at": shop_iso(ticket.closed_at),
        "waiting_seconds": int(((ticket.claimed_at or now) - ticket.created_at).total_seconds()),
        "rating": ticket.rating,
    }
