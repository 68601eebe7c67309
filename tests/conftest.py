"""Shared test set-up: a fresh, seeded SQLite shop per test session, at a fixed moment; an agent's
console opened in a shop (console_open)."""
from __future__ import annotations

import os
from datetime import datetime

import pytest

NOW = datetime(2026, 11, 18, 10, 30)  # a Wednesday morning, inside the day shift


@pytest.fixture(scope="session")
def shop_db(tmp_path_factory) -> str:
    """A migrated and seeded shop database (seeded relative to NOW)."""
    from bot.shop.db import ensure_database

    url = f"sqlite:///{tmp_path_factory.mktemp('shop') / 'shop.db'}"
    ensure_database(url, now=NOW)
    return url


def console_open(url: str, seen_at: datetime = NOW, connection_id: str = "console-1") -> None:
    """An agent has the console open in the shop at `url`: an agent row (made once) and its
    console's presence, last seen at `seen_at` (bot/service/presence.py)."""
    from sqlalchemy import select

    from bot.service import presence
    from bot.shop.db import session_scope
    from bot.shop.models import Agent

    with session_scope(url) as s:
        agent = s.scalars(select(Agent).where(Agent.username == "on_console")).first()
        if agent is None:
            agent = Agent(username="on_console", display_name="小美", password_hash="-", role="agent",
                          active=True, created_at=NOW)
            s.add(agent)
            s.flush()
        presence.console_opened(s, agent.id, connection_id, "test-host:1", seen_at)
