"""The buyer's chat widget: a Rasa channel over socket.io with signed buyer identity.

Enable it in credentials.yml as `bot.channels.widget.WidgetInput`. The protocol, URLs and the
identity scheme are described in docs/widget.md.
"""
from __future__ import annotations

import logging
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import speedups, texts
from bot.channels import history, hub as live, intake, rescue, welcome
from bot.channels.hub import Hub
from bot.channels.mount import MountingBlueprint
from bot.channels.dedupe import AnsweredMessages
from bot.channels.identity import verify
from bot.channels.ratelimit import RateLimiter
from bot.channels.widget_pages import add_widget_pages
from bot.service import page
from bot.service.envelope import KEY, Envelope, client_key, seal
from bot.settings import get_settings

logger = logging.getLogger(__name__)
MAX_REQUEST_BYTES = 2 * 1024 * 1024  # any HTTP body on the server, Rasa's API included
MESSAGE_ID = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
TAB_ID = re.compile(r"^[0-9a-f]{32}$")
RATING = re.compile(r"^/rate ([1-5])$")


class WidgetOutput(OutputChannel):
    """Sends the bot's replies to every browser tab of the buyer's session (a socket.io room)."""

    @classmethod
    def name(cls) -> Text:
        return "widget"

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.sent = 0

    async def _emit(self, conversation_id: Text, payload: Dict[Text, Any]) -> None:
        self.sent += 1
        await self.hub.to_buyer(conversation_id, live.BOT_UTTERED, payload)

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
        settings = get_settings()
        return cls(
            identity_secret=settings.identity_secret,
            agent_token=settings.agent_token,
            demo_shop=settings.demo_shop,
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
        settings = get_settings()
        self.identity_secret = identity_secret
        self.agent_token = agent_token
        self.action_token = settings.require("action_token")
        self.max_chars = settings.max_message_chars
        self.trust_proxy = settings.trust_proxy
        self.demo_shop = demo_shop
        self.cors_origins = cors_origins
        self.hub: Optional[Hub] = None
        self._on_new_message: Optional[Callable[[UserMessage], Awaitable[Any]]] = None
        self.limiter = RateLimiter(burst=burst, per_minute=per_minute)
        self.app: Optional[Sanic] = None
        self.answered = AnsweredMessages()

    def get_output_channel(self) -> Optional[OutputChannel]:
        """Used by Rasa to send bot messages triggered outside a buyer's message."""
        return WidgetOutput(self.hub)

    def attach(self, app: Sanic) -> None:
        """Join the app's socket.io hub (buyer namespace), mount the widget files at /widget/*
        and the demo page at /shop."""
        self.app = app
        app.config.REQUEST_MAX_SIZE = min(app.config.REQUEST_MAX_SIZE, MAX_REQUEST_BYTES)
        self.hub = Hub.of(app, self.cors_origins)
        self._listen(self.hub.sio, self._on_new_message)
        add_widget_pages(app, self.identity_secret, self.demo_shop)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The health check and the agent-message route (XIAOER_AGENT_TOKEN); the socket.io
        handlers are registered when the blueprint is mounted (`attach`)."""
        self._on_new_message = on_new_message
        blueprint = MountingBlueprint(self, "xiaoer_widget", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/agent", methods=["POST"])
        async def agent_event(request: Request) -> HTTPResponse:
            """{session_id, type: message|joined|left, agent, text}; needs XIAOER_AGENT_TOKEN."""
            if not self.agent_token or request.headers.get("Authorization") != f"Bearer {self.agent_token}":
                return response.json({"error": "unauthorized"}, status=401)
            body = request.json if isinstance(request.json, dict) else {}
            session_id, kind = body.get("session_id"), body.get("type")
            agent, text = str(body.get("agent") or "")[:40], intake.clean(str(body.get("text") or ""))
            if not isinstance(session_id, str) or kind not in ("message", "joined", "left") or not agent:
                return response.json({"error": "session_id, type and agent are required"}, status=400)
            if kind == "message":
                if not text.strip():
                    return response.json({"error": "text is required"}, status=400)
                if len(text) > live.MAX_AGENT_CHARS:
                    return response.json({"error": f"text is longer than {live.MAX_AGENT_CHARS} characters"}, status=400)
                await self.hub.agent_message(session_id, text, agent)
            else:
                await self.hub.agent_notice(session_id, kind, agent)
            return response.json({"status": "sent"})

        return blueprint

    def _listen(self, sio: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        """The buyer namespace's socket.io handlers."""
        @sio.on("connect", namespace=live.BUYERS)
        async def connect(sid: Text, environ: Dict, auth: Any = None) -> None:
            request = environ.get("sanic.request")
            peer = getattr(request, "ip", None) if request is not None else None
            address = intake.client_address(peer, environ.get("HTTP_X_FORWARDED_FOR"), self.trust_proxy)
            await sio.save_session(sid, {"address": client_key("ip", address)})

        @sio.on(live.SESSION_REQUEST, namespace=live.BUYERS)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            data = data if isinstance(data, dict) else {}
            identity = data.get("identity") if isinstance(data.get("identity"), dict) else None
            buyer = verify(self.identity_secret, identity)
            tab = data.get("tab") if isinstance(data.get("tab"), str) and TAB_ID.match(data["tab"]) else uuid.uuid4().hex
            session_id = await self._own_session(data.get("session_id"), buyer)
            session = await sio.get_session(sid)
            language = "en" if data.get("language") == "en" else "zh"
            session.update(session_id=session_id, identity=identity if buyer else None, tab=tab, language=language)
            await sio.save_session(sid, session)
            await sio.enter_room(sid, live.buyer_room(session_id))
            await sio.emit(live.SESSION_CONFIRM, {"session_id": session_id, "buyer": buyer, "tab": tab,
                                               "max_chars": self.max_chars, "shop": welcome.shop_name(language),
                                               "title": welcome.widget_title(language),
                                               "welcome": self._welcome(language)}, room=sid)
            await sio.emit(live.HISTORY, {"messages": await self._history(session_id)}, room=sid)

        @sio.on(live.USER_UTTERED, namespace=live.BUYERS)
        async def user_uttered(sid: Text, data: Optional[Dict]) -> None:
            session = await sio.get_session(sid)
            data = data if isinstance(data, dict) else {}
            if not session or not session.get("session_id"):
                await sio.emit(live.REJECTED, {"message_id": data.get("message_id") if isinstance(data.get("message_id"), str) else None,
                                            "reason": "no_session", "text": ""}, room=sid)
                return
            await self._take_message(sid, session, data, on_new_message)

    async def _own_session(self, requested: Any, buyer: Optional[Text]) -> Text:
        """The conversation for this visitor: theirs if they opened it, else a new one. A signed-in
        buyer's proactive messages held for want of a chat become due (bot/jobs/)."""
        from bot.clock import shop_now
        from bot.jobs.store import wake
        from bot.service.sessions import resume_or_start
        from bot.shop.db import unit_of_work

        with unit_of_work() as s:
            session_id = resume_or_start(s, requested, buyer, shop_now())
            if buyer:
                s.flush()
                wake(s, buyer, shop_now())
            return session_id

    def _touch(self, session_id: Text) -> None:
        from bot.clock import shop_now
        from bot.service.sessions import touch
        from bot.shop.db import unit_of_work

        with unit_of_work() as s:
            touch(s, session_id, shop_now())

    async def _take_message(self, sid: Text, session: Dict, data: Dict,
                            on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        """One buyer message: identity re-checked, cleaned, limited, deduplicated, answered, acked."""
        sio, session_id = self.hub.sio, session["session_id"]
        message_id = data.get("message_id") if isinstance(data.get("message_id"), str) else None
        message_id = message_id if message_id and MESSAGE_ID.match(message_id) else None
        taken = intake.take(data.get("message"), self.max_chars)
        if taken.problem:
            await sio.emit(live.REJECTED, {"message_id": message_id, "reason": taken.problem,
                                        "text": taken.refusal(self.max_chars) or "", "max_chars": self.max_chars}, room=sid)
            return
        key = f"{session_id}/{message_id}" if message_id else None
        if key and await self.answered.already_taken(key):
            await sio.emit(live.ACK, {"message_id": message_id, "duplicate": True}, room=sid)
            return
        if key:
            self.answered.start(key)
        try:
            if key and data.get("retry") is True and await self._in_transcript(session_id, message_id):
                self.answered.remember(key)
                await sio.emit(live.ACK, {"message_id": message_id, "duplicate": True}, room=sid)
                return
            await self._answer(sid, session, session_id, message_id, taken.text, data, on_new_message)
        finally:
            if key:
                self.answered.finish(key)

    async def _answer(self, sid: Text, session: Dict, session_id: Text, message_id: Optional[Text], text: Text,
                      data: Dict, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        sio = self.hub.sio
        wait = self.limiter.allow(session_id)
        if wait:
            await sio.emit(live.RATE_LIMITED, {"retry_after": round(max(wait, 0.1), 1), "message_id": message_id}, room=sid)
            return
        rating = RATING.match(text)
        if rating:
            await self._rate(session_id, int(rating.group(1)), message_id)
            await self._acknowledge(sid, session_id, message_id)
            return
        self._touch(session_id)
        buyer = verify(self.identity_secret, session.get("identity"))
        envelope = Envelope(channel=self.name(), sender=session_id, buyer=buyer or "",
                            expires=int(session["identity"]["expires"]) if buyer else 0,
                            address=session.get("address", ""), client=client_key("tab", session.get("tab", "")))
        metadata: Dict[Text, Any] = {KEY: seal(self.action_token, envelope), "language": session.get("language", "zh")}
        if message_id:
            metadata["message_id"] = message_id
        product = page.page_product(data)
        if product:
            metadata[page.KEY] = product
        display = data.get("display")
        if isinstance(display, str) and display.strip() and text.startswith("/"):
            metadata["display"] = intake.clean(display)[:200]
        output = WidgetOutput(self.hub)
        message = UserMessage(text, output, session_id, input_channel=self.name(), metadata=metadata)
        await self.hub.to_buyer(session_id, live.TYPING, {"on": True})
        failed = False
        try:
            await on_new_message(message)
        except Exception:  # noqa: BLE001 - the buyer gets an apology and a person, the log the details
            logger.exception("widget turn failed for %s", session_id)
            failed = True
        finally:
            await self.hub.to_buyer(session_id, live.TYPING, {"on": False})
        if failed or not output.sent:
            apology = await rescue.rescue(self.app.ctx.agent if self.app else None, session_id, text)
            if apology:
                await self.hub.to_buyer(session_id, live.BOT_UTTERED, {"text": apology})
        await self._acknowledge(sid, session_id, message_id)
        await self.hub.buyer_wrote(session_id, message.text)

    async def _acknowledge(self, sid: Text, session_id: Text, message_id: Optional[Text]) -> None:
        if message_id:
            self.answered.remember(f"{session_id}/{message_id}")
            await self.hub.sio.emit(live.ACK, {"message_id": message_id}, room=sid)

    async def _in_transcript(self, session_id: Text, message_id: Text) -> bool:
        """True if the stored conversation holds this message (a retry after a restart)."""
        agent = self.app.ctx.agent if self.app else None
        tracker = await agent.tracker_store.retrieve(session_id) if agent else None
        return bool(tracker) and any(
            getattr(e, "metadata", None) and e.metadata.get("message_id") == message_id
            for e in tracker.events if e.type_name == "user")

    def _welcome(self, language: Text) -> Optional[Dict[Text, Any]]:
        """The greeting with quick replies the widget shows when it opens (utter_widget_welcome)."""
        agent = self.app.ctx.agent if self.app else None
        domain = getattr(agent, "domain", None)
        return welcome.welcome_message(language, domain.responses if domain is not None else None)

    async def _rate(self, session_id: Text, rating: int, message_id: Optional[Text] = None) -> None:
        """The buyer rated the service after a handoff (a button's "/rate N"); the rating and the
        thanks are kept in the transcript, so the exchange is still there after a reload."""
        from bot.clock import shop_now
        from bot.service.handoff import rate
        from bot.shop.db import unit_of_work

        with unit_of_work() as s:
            stored = rate(s, session_id, rating, shop_now())
        language = await self.hub.transcripts.language(session_id)
        await self.hub.transcripts.record(session_id, history.rating_event(rating, message_id))
        await self.hub.say_text(session_id, texts.text("utter_rating_thanks" if stored else "utter_rating_already", language))

    async def _history(self, session_id: Text) -> List[Dict[Text, Any]]:
        return history.messages(await self.hub.transcripts.events(session_id))
