"""Staff accounts: add, find, authenticate, change the password, deactivate.

Plain functions over an open SQLAlchemy session; they never commit (`unit_of_work` does).
"""
from __future__ import annotations

from datetime import datetime
from typing import Dict, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.shop.models import AGENT_ROLES, Agent
from bot.staff import sessions
from bot.staff.passwords import MAX_PASSWORD_CHARS, hash_password, verify

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
    known one (its password is checked against a dummy hash). Blocks for one scrypt: the staff
    web app runs `passwords.verify` in a thread pool instead."""
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


def agent_view(agent: Agent) -> Dict[str, str]:
    """The agent as the staff pages show it."""
    return {"username": agent.username, "name": agent.display_name, "role": agent.role, "language": agent.language}
