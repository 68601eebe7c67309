"""Server-side console sessions: random cookie tokens, stored hashed, that logout and password
changes revoke; and the per-session CSRF token derived from them.

Repository functions take an open SQLAlchemy session and never commit (the caller's
`session_scope` does).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional, Tuple

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.staff.passwords import constant_time_equal
from bot.shop.models import Agent, StaffSession

SESSION_LIFETIME = timedelta(hours=12)
IDLE_LIMIT = timedelta(hours=2)
TOUCH_EVERY = timedelta(seconds=60)
TOKEN_BYTES = 32


@dataclass(frozen=True)
class Staff:
    """A logged-in agent and the id of the session row that proves it."""

    agent: Agent
    session_id: int


def new_token() -> str:
    """A fresh random cookie token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the database keeps of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_token(secret: str, token: str) -> str:
    """The CSRF token of a session: an HMAC of its cookie token under the console secret.

    The page gets it from the login or /me answer and sends it back in X-CSRF-Token; a page of
    another origin can neither read it nor compute it."""
    return hmac.new(secret.encode("utf-8"), b"xiaoer-console-csrf:" + token.encode("utf-8"), hashlib.sha256).hexdigest()


def csrf_ok(secret: str, token: str, presented: Optional[str]) -> bool:
    """True when `presented` is the session's CSRF token (compared in constant time)."""
    return constant_time_equal(csrf_token(secret, token), presented)


def is_live(row: StaffSession, agent_active: bool, now: datetime) -> bool:
    """A session counts while its agent is active, it is not revoked, not expired and not idle
    longer than IDLE_LIMIT."""
    return (agent_active and row.revoked_at is None and now < row.expires_at
            and now - row.last_seen_at < IDLE_LIMIT)


def open_session(s: Session, agent: Agent, now: datetime, client_address: str, user_agent: str) -> Tuple[StaffSession, str]:
    """Start a session for the agent; returns the row and the token for the cookie (not stored)."""
    token = new_token()
    row = StaffSession(token_hash=token_hash(token), agent_id=agent.id, created_at=now, last_seen_at=now,
                       expires_at=now + SESSION_LIFETIME, client_address=client_address[:64],
                       user_agent=(user_agent or "")[:200])
    s.add(row)
    s.flush()
    return row, token


def find(s: Session, token: Optional[str], now: datetime) -> Optional[Staff]:
    """The agent of a live session with this token, else None; notes the activity (at most
    once a minute, to spare the database a write per request)."""
    if not token or len(token) > 200:
        return None
    found = s.execute(select(StaffSession, Agent).join(Agent, Agent.id == StaffSession.agent_id)
                      .where(StaffSession.token_hash == token_hash(token))).first()
    if found is None:
        return None
    row, agent = found
    if not is_live(row, agent.active, now):
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
    return Staff(agent=agent, session_id=row.id)


def live_ids(s: Session, session_ids: List[int], now: datetime) -> set:
    """Which of these session ids still belong to a live session."""
    if not session_ids:
        return set()
    rows = s.execute(select(StaffSession, Agent.active).join(Agent, Agent.id == StaffSession.agent_id)
                     .where(StaffSession.id.in_(session_ids))).all()
    return {row.id for row, active in rows if is_live(row, active, now)}


def revoke(s: Session, token: Optional[str], now: datetime) -> Optional[int]:
    """End the session of this token (logout); returns its id, None if there was none."""
    if not token:
        return None
    row = s.scalars(select(StaffSession).where(StaffSession.token_hash == token_hash(token))).first()
    if row is None:
        return None
    if row.revoked_at is None:
        row.revoked_at = now
    return row.id


def revoke_all(s: Session, agent_id: int, now: datetime) -> int:
    """End every open session of an agent (password change, deactivation); how many ended."""
    result = s.execute(update(StaffSession)
                       .where(StaffSession.agent_id == agent_id, StaffSession.revoked_at.is_(None))
                       .values(revoked_at=now))
    return result.rowcount


def prune(s: Session, now: datetime, keep: timedelta = timedelta(days=30)) -> int:
    """Forget sessions that ended more than `keep` ago; how many rows went."""
    cutoff = now - keep
    result = s.execute(delete(StaffSession).where(or_(StaffSession.expires_at < cutoff,
                                                      StaffSession.revoked_at < cutoff)))
    return result.rowcount
