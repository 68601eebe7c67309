"""Whether an agent is online: every open console, kept in the shop database (`agent_presence`)
by the server process it is connected to, so every Rasa process and the action server see the
same answer.

A console counts while its row was refreshed within STALE_AFTER; the console's process refreshes
its rows every 30 s (bot/staff/console/live.py), so a process that crashed stops counting after
90 s instead of leaving a ghost agent. Plain functions over an open session: they never commit
(the caller's `unit_of_work` does). Times are naive shop-local datetimes (bot.clock.shop_now).
"""
from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from typing import Iterable, Tuple

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.shop.models import Agent, AgentPresence

STALE_AFTER = timedelta(seconds=90)  # three missed refreshes
SERVING_ROLES = ("agent", "admin")  # a trainer reviews conversations, serves no chat
FORGET_AFTER = timedelta(days=1)  # stale rows are deleted after this (bot/staff/console/live.py sweep)


def process_name() -> str:
    """This server process as presence rows name it: host and pid."""
    return f"{socket.gethostname()[:64]}:{os.getpid()}"


def console_opened(s: Session, agent_id: int, connection_id: str, process: str, now: datetime) -> None:
    """A logged-in agent's console connected (socket.io connection `connection_id`) to `process`."""
    s.execute(delete(AgentPresence).where(AgentPresence.connection_id == connection_id))
    s.add(AgentPresence(agent_id=agent_id, connection_id=connection_id, process=process,
                        connected_at=now, last_seen_at=now))
    s.flush()


def consoles_seen(s: Session, connection_ids: Iterable[str], now: datetime) -> int:
    """The consoles `connection_ids` are still connected at `now` (the heartbeat); how many rows
    were refreshed."""
    ids = list(connection_ids)
    if not ids:
        return 0
    result = s.execute(update(AgentPresence).where(AgentPresence.connection_id.in_(ids))
                       .values(last_seen_at=now).execution_options(synchronize_session=False))
    return result.rowcount


def console_closed(s: Session, connection_id: str) -> None:
    """The console `connection_id` disconnected (closed, logged out or dropped)."""
    s.execute(delete(AgentPresence).where(AgentPresence.connection_id == connection_id))


def process_stopped(s: Session, process: str) -> None:
    """Every console of `process` is gone (the server stops)."""
    s.execute(delete(AgentPresence).where(AgentPresence.process == process))


def online_agents(s: Session, now: datetime) -> Tuple[str, ...]:
    """Display names of the active agents who serve chats (role agent or admin; a trainer does not)
    with a console open on any process, seen within STALE_AFTER; the first connected first."""
    rows = s.execute(select(Agent.display_name, func.min(AgentPresence.connected_at))
                     .join(Agent, Agent.id == AgentPresence.agent_id)
                     .where(AgentPresence.last_seen_at > now - STALE_AFTER, Agent.active.is_(True),
                            Agent.role.in_(SERVING_ROLES))
                     .group_by(Agent.id, Agent.display_name).order_by(func.min(AgentPresence.connected_at)))
    return tuple(name for name, _ in rows)


def agents_online(s: Session, now: datetime) -> bool:
    """True when an agent who serves chats has a console open (online_agents)."""
    return bool(online_agents(s, now))


def prune(s: Session, now: datetime) -> int:
    """Delete rows not seen for FORGET_AFTER (left by processes that crashed); how many."""
    result = s.execute(delete(AgentPresence).where(AgentPresence.last_seen_at < now - FORGET_AFTER)
                       .execution_options(synchronize_session=False))
    return result.rowcount
