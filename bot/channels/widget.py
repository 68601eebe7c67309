"""The buyer's chat widget: a Rasa channel over socket.io with signed buyer identity.

Enable it in credentials.yml as `bot.channels.widget.WidgetInput`. The protocol, URLs and the
identity scheme are described in docs/widget.md.
"""
from __future__ import annotations

import logging
import os
import re
import time
import uuid
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.core.events import BotUttered
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot import speedups
from bot.channels import history
from bot.channels.mount import MountingBlueprint
from bot.channels.identity import sign, verify
from bot.channels.ratelimit import RateLimiter

logger = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
STATIC_FILES = {
    "widget.js": "application/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
    "socket.io.min.js": "application/javascript; charset=utf-8",
    "product.svg": "image/svg+xml",
}
DEMO_BUYER = "demo_buyer"
MAX_MESSAGE_CHARS = 5000
RATING = re.compile(r"^/rate ([1-5])$")
NOBODY_ONLINE = {
    "zh": "亲，客服暂时都不在线，您的问题已经记录在队列里，客服上线后会第一时间回复您，请不要关闭页面哦～",
    "en": "No agent is online right now. Your question is queued and a person will reply as soon as one is back.",
}
THANKS = {"zh": "谢谢亲的评价，祝您购物愉快～", "en": "Thank you for your rating!"}
ALREADY_RATED = {"zh": "亲，这次服务已经评过分啦，谢谢～", "en": "This chat has been rated already, thank you!"}


def _has_open_ticket(session_id: Text) -> bool:
    from bot.console.queue import has_open_ticket
    from bot.settings import get_settings
    from bot.shop.db import session_scope

    with session_scope(get_settings().database_url) as s:
        return has_open_ticket(s, session_id)


class WidgetOutput(OutputChannel):
    """Sends the bot's replies to every browser tab of the buyer's session (a socket.io room)."""

    @classmethod
    def name(cls) -> Text:
        return "widget"

    def __init__(self, sio: AsyncServer) -> None:
        self.sio = sio

    async def _emit(self, room: Text, payload: Dict[Text, Any]) -> None:
        await self.sio.emit("bot_uttered", payload, room=room)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        """A text message (kept whole, line breaks included)."""
        await self._emit(recipient_id, {"text": text})

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        """A text with quick-reply buttons."""
        await self._emit(recipient_id, {"text": text, "buttons": history.clean_buttons(buttons)})

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        """An image."""
        await self._emit(recipient_id, {"image": image})

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        """Rich content such as product cards: {"type": "product_cards", "cards": [...]}."""
        await self._emit(recipient_id, {"custom": json_message})


class WidgetInput(InputChannel):
    """Socket.io channel for the web widget: sessions that survive reloads, verified buyers,
    a rate limit per session, history on reconnect, and agent messages (for the handoff)."""

    @classmethod
    def name(cls) -> Text:
        return "widget"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        """Options from credentials.yml; secrets from the environment."""
        credentials = credentials or {}
        return cls(
            identity_secret=os.environ.get("XIAOER_IDENTITY_SECRET"),
            agent_token=os.environ.get("XIAOER_AGENT_TOKEN"),
            demo_shop=bool(credentials.get("demo_shop", False)),
            cors_origins=credentials.get("cors_origins", "*"),
            burst=int(credentials.get("rate_burst", 5)),
            per_minute=int(credentials.get("rate_per_minute", 20)),
        )

    def __init__(
        self,
        identity_secret: Optional[str] = None,
        agent_token: Optional[str] = None,
        demo_shop: bool = False,
        cors_origins: Any = "*",
        burst: int = 5,
        per_minute: int = 20,
    ) -> None:
        if not identity_secret or len(identity_secret) < 16:
            raise ValueError("XIAOER_IDENTITY_SECRET must be set (16+ characters) for the widget channel")
        speedups.install()
        self.identity_secret = identity_secret
        self.agent_token = agent_token
        self.demo_shop = demo_shop
        self.sio = AsyncServer(async_mode="sanic", cors_allowed_origins=cors_origins)
        self.limiter = RateLimiter(burst=burst, per_minute=per_minute)
        self.app: Optional[Sanic] = None
        self._buyers: Dict[Text, Optional[Text]] = {}

    def get_output_channel(self) -> Optional[OutputChannel]:
        """Used by Rasa to send bot messages triggered outside a buyer's message."""
        return WidgetOutput(self.sio)

    def attach(self, app: Sanic) -> None:
        """Mount socket.io at /socket.io, the widget files at /widget/*, the demo page at /shop."""
        self.app = app
        self.sio.attach(app, "/socket.io")
        app.add_route(self._static, "/widget/<name>", methods=["GET"], name="xiaoer_widget_static")
        if self.demo_shop:
            app.add_route(self._shop_page, "/shop", methods=["GET"], name="xiaoer_demo_shop")

    async def _static(self, request: Request, name: str) -> HTTPResponse:
        if name not in STATIC_FILES:
            return response.text("not found", status=404)
        return await response.file(STATIC / name, mime_type=STATIC_FILES[name],
                                   headers={"Cache-Control": "no-cache"})

    async def _shop_page(self, request: Request) -> HTTPResponse:
        """The demo shop page; `?buyer=demo_buyer` plays the shop backend signing its buyer."""
        language = "en" if request.args.get("lang") == "en" else "zh"
        buyer = DEMO_BUYER if request.args.get("buyer") == DEMO_BUYER else ""
        expires = str(int(time.time()) + 3600) if buyer else ""
        signature = sign(self.identity_secret, buyer, int(expires)) if buyer else ""
        server = f"{request.scheme}://{request.host}"
        page = (STATIC / "shop.html").read_text(encoding="utf-8")
        title = "Customer service" if language == "en" else "小二客服"
        for key, value in (("server", server), ("language", language), ("title", title), ("buyer", buyer),
                           ("expires", expires), ("signature", signature)):
            page = page.replace("{{" + key + "}}", value)
        return response.html(page)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Socket.io handlers plus the agent-message route used by the handoff console."""
        blueprint = MountingBlueprint(self, "xiaoer_widget", __name__)
        sio = self.sio

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("session_request")
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if not isinstance(session_id, str) or not 8 <= len(session_id) <= 64:
                session_id = uuid.uuid4().hex
            buyer = verify(self.identity_secret, data.get("identity"))
            self._buyers[sid] = buyer
            await sio.save_session(sid, {"session_id": session_id, "buyer": buyer})
            await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", {"session_id": session_id, "buyer": buyer}, room=sid)
            await sio.emit("history", {"messages": await self._history(session_id)}, room=sid)

        @sio.on("user_uttered")
        async def user_uttered(sid: Text, data: Optional[Dict]) -> None:
            session = await sio.get_session(sid)
            data = data if isinstance(data, dict) else {}
            text = data.get("message")
            if not session or not isinstance(text, str) or not text.strip():
                return
            session_id = session["session_id"]
            wait = self.limiter.allow(session_id)
            if wait:
                await sio.emit("rate_limited", {"retry_after": round(wait, 1)}, room=sid)
                return
            rating = RATING.match(text.strip())
            if rating:
                await self._rate(session_id, int(rating.group(1)))
                return
            metadata: Dict[Text, Any] = {}
            if session.get("buyer"):
                metadata["buyer"] = session["buyer"]
            display = data.get("display")
            if isinstance(display, str) and display.strip() and text.startswith("/"):
                metadata["display"] = display[:200]
            message = UserMessage(text[:MAX_MESSAGE_CHARS], WidgetOutput(sio), session_id,
                                  input_channel=self.name(), metadata=metadata)
            await sio.emit("typing", {"on": True}, room=session_id)
            try:
                await on_new_message(message)
            finally:
                await sio.emit("typing", {"on": False}, room=session_id)
            await self._tell_consoles(session_id, message.text)

        @sio.on("disconnect")
        async def disconnect(sid: Text) -> None:
            self._buyers.pop(sid, None)

        @blueprint.route("/agent", methods=["POST"])
        async def agent_event(request: Request) -> HTTPResponse:
            """{session_id, type: message|joined|left, agent, text}; needs XIAOER_AGENT_TOKEN."""
            if not self.agent_token or request.headers.get("Authorization") != f"Bearer {self.agent_token}":
                return response.json({"error": "unauthorized"}, status=401)
            body = request.json if isinstance(request.json, dict) else {}
            session_id, kind = body.get("session_id"), body.get("type")
            agent, text = str(body.get("agent") or "")[:40], str(body.get("text") or "")[:MAX_MESSAGE_CHARS]
            if not isinstance(session_id, str) or kind not in ("message", "joined", "left") or not agent:
                return response.json({"error": "session_id, type and agent are required"}, status=400)
            if kind == "message":
                if not text.strip():
                    return response.json({"error": "text is required"}, status=400)
                await self.deliver_agent_message(session_id, text, agent)
            else:
                await sio.emit(f"agent_{kind}", {"name": agent}, room=session_id)
            return response.json({"status": "sent"})

        return blueprint

    async def deliver_agent_message(self, session_id: Text, text: Text, agent: Text) -> None:
        """Record an agent's message in the transcript and show it in the buyer's widget."""
        await self._record(session_id, BotUttered(text, metadata={"agent": agent}))
        await self.sio.emit("agent_uttered", {"text": text, "name": agent}, room=session_id)

    async def say(self, session_id: Text, texts: Dict[str, str]) -> None:
        """A bot message outside a turn (queue follow-ups), in the buyer's language, kept in the transcript."""
        text = texts[await self._language(session_id)]
        await self._record(session_id, BotUttered(text))
        await self.sio.emit("bot_uttered", {"text": text}, room=session_id)

    async def _record(self, session_id: Text, event: BotUttered) -> None:
        rasa_agent = self.app.ctx.agent if self.app else None
        if rasa_agent is not None:
            async with rasa_agent.lock_store.lock(session_id):
                tracker = await rasa_agent.tracker_store.get_or_create_tracker(session_id)
                tracker.update(event)
                await rasa_agent.tracker_store.save(tracker)

    def agents_online(self) -> bool:
        """True when at least one agent has the console open."""
        return any(True for _ in self.sio.manager.get_participants("/console", "agents"))

    async def _rate(self, session_id: Text, rating: int) -> None:
        """The buyer rated the service after a handoff (a button's "/rate N")."""
        from bot.clock import shop_now
        from bot.console.queue import rate
        from bot.settings import get_settings
        from bot.shop.db import session_scope

        with session_scope(get_settings().database_url) as s:
            stored = rate(s, session_id, rating, shop_now())
        language = await self._language(session_id)
        text = THANKS[language] if stored else ALREADY_RATED[language]
        await self.sio.emit("bot_uttered", {"text": text}, room=session_id)

    async def _language(self, session_id: Text) -> str:
        from bot.language import conversation_language

        agent = self.app.ctx.agent if self.app else None
        tracker = await agent.tracker_store.retrieve(session_id) if agent else None
        return conversation_language([e.as_dict() for e in tracker.events]) if tracker else "zh"

    async def _tell_consoles(self, session_id: Text, text: Text) -> None:
        """A message that paused the bot puts a ticket in the agents' queue; later ones reach
        the agent watching the chat. Only chats with an open ticket can be paused: for all
        others one indexed query replaces reading the whole conversation (docs/benchmarks.md)."""
        from rasa.shared.core.events import ConversationPaused, UserUttered

        if not _has_open_ticket(session_id):
            return
        agent = self.app.ctx.agent if self.app else None
        tracker = await agent.tracker_store.retrieve(session_id) if agent else None
        if tracker is None or not tracker.is_paused():
            return
        since_message = []
        for event in reversed(tracker.events):
            if isinstance(event, UserUttered):
                break
            since_message.append(event)
        if any(isinstance(e, ConversationPaused) for e in since_message):
            await self.sio.emit("ticket_created", {"conversation_id": session_id}, room="agents", namespace="/console")
            if not self.agents_online():
                await self.say(session_id, NOBODY_ONLINE)
        else:
            await self.sio.emit("buyer_message", {"conversation_id": session_id, "text": text,
                                                  "timestamp": time.time()},
                                room=f"conv:{session_id}", namespace="/console")

    async def _history(self, session_id: Text) -> List[Dict[Text, Any]]:
        agent = self.app.ctx.agent if self.app else None
        if agent is None or not await agent.tracker_store.exists(session_id):
            return []
        tracker = await agent.tracker_store.retrieve_full_tracker(session_id)
        return history.messages(tracker.events) if tracker else []
