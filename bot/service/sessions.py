"""Widget conversations belong to whoever opened them.

A session id is issued by the server. It is resumed only by the same owner: the same signed-in
buyer, or, for a session opened anonymously, an anonymous visitor within 30 minutes of its last
message (a shared computer does not show the last visitor's chat to the next one). A different
buyer, a buyer who signed out, or an unknown id gets a new conversation.
"""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.shop.models import WidgetSession

SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
ANONYMOUS_IDLE = timedelta(minutes=30)


def resume_or_start(s: Session, requested: Optional[str], buyer: Optional[str], now: datetime) -> str:
    """The session id to use: `requested` if it exists and belongs to `buyer` (None: anonymous),
    else a new one recorded as `buyer`'s. Never commits."""
    if isinstance(requested, str) and SESSION_ID.match(requested):
        known = s.get(WidgetSession, requested)
        if known is not None and (known.buyer or None) == (buyer or None):
            if buyer or now - known.last_seen_at <= ANONYMOUS_IDLE:
                known.last_seen_at = now
                return requested
    session_id = uuid.uuid4().hex
    s.add(WidgetSession(session_id=session_id, buyer=buyer, created_at=now, last_seen_at=now))
    return session_id


def owner(s: Session, session_id: str) -> Optional[str]:
    """The buyer who opened a session (None for anonymous or unknown sessions)."""
    known = s.get(WidgetSession, session_id)
    return known.buyer if known else None


def touch(s: Session, session_id: str, now: datetime) -> None:
    """The session was used now (a buyer's message). Never commits."""
    s.execute(update(WidgetSession).where(WidgetSession.session_id == session_id).values(last_seen_at=now))
