"""The live side of the Rasa server: the one socket.io server, its namespaces, rooms and event
names, and every message said live to a buyer or to the agents' consoles.

The widget (buyers), the staff console and the scheduled jobs all talk through the Hub of the app
(`Hub.of(app)`); nothing else spells a namespace, a room or an event.
"""
from __future__ import annotations

import time
from typing import Any, Dict, Optional, Tuple

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.channels import history
from bot.channels.transcripts import Transcripts

SOCKET_PATH = "/socket.io"
MAX_SOCKET_BYTES = 64 * 1024
MAX_AGENT_CHARS = 5000  # one agent message into a buyer's chat
BUYERS = "/"  # namespace of the buyers' widgets
STAFF = "/console"  # namespace of the agents' consoles
AGENTS_ROOM = "agents"  # every console that is logged in

# buyer namespace: server -> widget
BOT_UTTERED, AGENT_UTTERED, TYPING = "bot_uttered", "agent_uttered", "typing"
SESSION_CONFIRM, HISTORY, ACK, REJECTED, RATE_LIMITED = "session_confirm", "history", "ack", "rejected", "rate_limited"
# buyer namespace: widget -> server
SESSION_REQUEST, USER_UTTERED = "session_request", "user_uttered"
# staff namespace: server -> console, and console -> server
TICKET_CREATED, TICKET_UPDATED, BUYER_MESSAGE = "ticket_created", "ticket_updated", "buyer_message"
WATCH = "watch"
# marks in a bot message's metadata: sent at most once per job / per waiting ticket
JOB_KEY, ACKNOWLEDGED_KEY = "job", "handoff_acknowledged"


def buyer_room(conversation_id: str) -> str:
    """The room of every open tab of a buyer's widget conversation (namespace BUYERS)."""
    return conversation_id


def watch_room(conversation_id: str) -> str:
    """The room (namespace STAFF) of the consoles following a chat's live buyer messages."""
    return f"conv:{conversation_id}"


def agent_notice(kind: str) -> str:
    """The buyer event of an agent joining or leaving ("joined" / "left") the chat."""
    return f"agent_{kind}"


async def _refuse_big_socket_posts(request: Request) -> Optional[HTTPResponse]:
    """A long-polling POST over the socket limit gets 413 before engine.io sees it (engine.io can
    hang on one)."""
    if request.path.startswith(SOCKET_PATH) and len(request.body or b"") > MAX_SOCKET_BYTES:
        return response.json({"error": "too_large"}, status=413)
    return None


class Hub:
    """Owns the socket.io server of one Sanic app and says things live, kept in the transcript."""

    def __init__(self, cors_origins: Any = None) -> None:
        self.sio = AsyncServer(async_mode="sanic", cors_allowed_origins=cors_origins,
                               max_http_buffer_size=MAX_SOCKET_BYTES)
        self.transcripts = Transcripts(None)

    @classmethod
    def of(cls, app: Sanic, cors_origins: Any = None) -> "Hub":
        """The app's hub, created and attached (at /socket.io) the first time; `cors_origins` are
        the pages of other origins allowed to open a socket (the shop's, for the widget)."""
        hub = getattr(app.ctx, "hub", None)
        if hub is None:
            hub = cls(cors_origins)
            hub.attach(app)
        elif cors_origins is not None:
            hub.sio.eio.cors_allowed_origins = cors_origins
        return hub

    @staticmethod
    def of_running(app: Sanic) -> Optional["Hub"]:
        """The app's hub if it has one (never creates one: routes cannot be added to a running app)."""
        return getattr(app.ctx, "hub", None)

    def attach(self, app: Sanic) -> None:
        """Serve socket.io on the app and keep the app's Rasa agent for the transcripts."""
        app.ctx.hub = self
        self.transcripts = Transcripts(app)
        app.register_middleware(_refuse_big_socket_posts, "request")
        self.sio.attach(app, SOCKET_PATH)

    # -- buyers --------------------------------------------------------------------------------
    async def to_buyer(self, conversation_id: str, event: str, payload: Dict[str, Any]) -> None:
        """Emit to every open tab of the buyer's conversation (nothing is recorded)."""
        await self.sio.emit(event, payload, room=buyer_room(conversation_id))

    def buyer_online(self, conversation_id: str) -> bool:
        """True when a tab of the conversation is connected to this process."""
        return any(True for _ in self.sio.manager.get_participants(BUYERS, buyer_room(conversation_id)))

    async def say(self, conversation_id: str, texts: Dict[str, str]) -> str:
        """A bot message outside a turn, in the buyer's language, kept in the transcript."""
        text = texts[await self.transcripts.language(conversation_id)]
        await self.say_text(conversation_id, text)
        return text

    async def say_text(self, conversation_id: str, text: str) -> None:
        """This exact bot text, kept in the transcript and shown in the buyer's widget."""
        from rasa.shared.core.events import BotUttered

        await self.transcripts.record(conversation_id, BotUttered(text))
        await self.to_buyer(conversation_id, BOT_UTTERED, {"text": text})

    async def say_once(self, conversation_id: str, texts: Dict[str, str], job_id: int) -> Tuple[str, bool]:
        """A scheduled job's message (bot/jobs/), kept in the transcript with the job's id: when the
        transcript holds it already (sent before a crash) it is neither recorded nor shown again.
        Returns the text in the buyer's language and whether a tab of the chat is open here."""
        text, new = await self.transcripts.record_once(conversation_id, texts, JOB_KEY, job_id)
        if not new:
            return text, False
        live = self.buyer_online(conversation_id)
        await self.to_buyer(conversation_id, BOT_UTTERED, {"text": text})
        return text, live

    async def agent_message(self, conversation_id: str, text: str, agent: str) -> None:
        """Record an agent's message in the transcript and show it in the buyer's widget."""
        from rasa.shared.core.events import BotUttered

        await self.transcripts.record(conversation_id, BotUttered(text, metadata={"agent": agent}))
        await self.to_buyer(conversation_id, AGENT_UTTERED, {"text": text, "name": agent})

    async def agent_notice(self, conversation_id: str, kind: str, agent: str) -> None:
        """An agent joined or left the buyer's chat: a notice in every open tab, kept in the
        transcript so that it is still there after a reload."""
        await self.transcripts.record(conversation_id, history.notice_event(agent_notice(kind), agent))
        await self.to_buyer(conversation_id, agent_notice(kind), {"name": agent})

    # -- staff ---------------------------------------------------------------------------------
    @staticmethod
    def agents_online() -> bool:
        """True when at least one agent has the console open, on any server process (the presence
        kept in the shop database, bot.service.presence)."""
        from bot.clock import shop_now
        from bot.service import presence
        from bot.shop.db import unit_of_work

        with unit_of_work() as s:
            return presence.agents_online(s, shop_now())

    async def to_agents(self, event: str, payload: Dict[str, Any]) -> None:
        """Emit to every logged-in console."""
        await self.sio.emit(event, payload, room=AGENTS_ROOM, namespace=STAFF)

    async def ticket_created(self, conversation_id: str) -> None:
        """Consoles beep and reload their queue."""
        await self.to_agents(TICKET_CREATED, {"conversation_id": conversation_id})

    async def ticket_updated(self, view: Dict[str, Any]) -> None:
        """A ticket was claimed, returned or closed."""
        await self.to_agents(TICKET_UPDATED, {"ticket": view})

    async def stop_watching(self, conversation_id: str) -> None:
        """Nobody follows the chat live any more (claimed or ended): consoles that may still watch
        it ask again (`watch`)."""
        await self.sio.close_room(watch_room(conversation_id), namespace=STAFF)

    async def buyer_wrote(self, conversation_id: str, text: str) -> None:
        """After a buyer's turn in a chat with an open ticket: a message that paused the bot puts
        the ticket in the agents' queue (the handover reply itself told the buyer whether anyone is
        online, so nothing more is said); a later one reaches the agent watching the chat, and a
        buyer who waits with nobody to answer hears once per ticket that the message is noted
        (bot.service.handoff.waiting_acknowledgement)."""
        from bot.service import handoff
        from bot.shop.db import unit_of_work

        with unit_of_work() as s:
            if not handoff.has_open_ticket(s, conversation_id):
                return
        paused_now = await self.transcripts.paused_by_latest_message(conversation_id)
        if paused_now is None:
            return
        if paused_now:
            await self.ticket_created(conversation_id)
            return
        await self.sio.emit(BUYER_MESSAGE, {"conversation_id": conversation_id, "text": text, "timestamp": time.time()},
                            room=watch_room(conversation_id), namespace=STAFF)
        await self._acknowledge_waiting(conversation_id)

    async def _acknowledge_waiting(self, conversation_id: str) -> None:
        text = await self.noted_while_waiting(conversation_id)
        if text is not None:
            await self.to_buyer(conversation_id, BOT_UTTERED, {"text": text})

    async def noted_while_waiting(self, conversation_id: str) -> Optional[str]:
        """The acknowledgement a buyer who writes to a waiting chat with nobody to answer gets once
        per ticket, recorded in the transcript; None when there is none to give (any more). The
        widget shows it live, the REST channel returns it."""
        from bot.clock import shop_now
        from bot.policy.current import shop_policy
        from bot.service import handoff
        from bot.shop.db import unit_of_work

        online = self.agents_online()
        with unit_of_work() as s:
            noted = handoff.waiting_acknowledgement(s, conversation_id, shop_policy(), shop_now(), online)
        if noted is None:
            return None
        text, new = await self.transcripts.record_once(conversation_id, noted.texts, ACKNOWLEDGED_KEY, noted.ticket_id)
        return text if new else None
