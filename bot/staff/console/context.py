"""What every part of the console works with: the app's hub, the staff login and the live sockets."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Tuple

from sanic.response import HTTPResponse

from bot.channels.hub import Hub
from bot.service import handoff
from bot.shop.db import unit_of_work
from bot.shop.models import Agent, HandoffTicket
from bot.staff.auth import StaffAuth, json_reply

PAGE = "/console"  # the console's URL (its socket.io namespace is bot.channels.hub.STAFF)
API = f"{PAGE}/api"


@dataclass
class Console:
    """The console's collaborators, handed to each group of routes."""

    hub: Hub
    auth: StaffAuth
    sockets: Any = None  # bot.staff.console.live.ConsoleSockets

    def ticket_for(self, agent: Agent, ticket_id: int, must_read: bool = True) -> Tuple[Optional[HandoffTicket], Optional[HTTPResponse]]:
        """The ticket, or the error to answer: 404 if there is none, 403 if the agent may not read it."""
        with unit_of_work() as s:
            ticket = s.get(HandoffTicket, ticket_id)
        if ticket is None:
            return None, json_reply({"error": "no such ticket"}, 404)
        if must_read and not handoff.may_read(ticket, agent):
            return ticket, json_reply({"error": "claim this chat first"}, 403)
        return ticket, None


def body_text(request: Any) -> str:
    """The stripped "text" of a JSON body ("" when there is none)."""
    body = request.json if isinstance(request.json, dict) else {}
    return str(body.get("text", "")).strip()
