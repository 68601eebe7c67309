"""The agent console: login, the handoff queue, live chats with buyers, back to the bot.

Enable it in credentials.yml as `bot.channels.console.ConsoleInput` (after the widget channel,
whose socket.io server and buyer rooms it shares). API and events: docs/console.md.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.core.events import ActionExecuted, BotUttered, ConversationResumed
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import history
from bot.channels.mount import MountingBlueprint
from bot.clock import shop_now
from bot.console import queue as tickets
from bot.console.auth import SESSION_SECONDS, make_session_token, read_session_token
from bot.settings import get_settings
from bot.shop import repositories as repo
from bot.shop.db import session_scope
from bot.shop.models import Agent, CannedReply, HandoffTicket

logger = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "console_static"
STATIC_FILES = {"console.js": "application/javascript; charset=utf-8", "console.css": "text/css; charset=utf-8"}
COOKIE = "xiaoer_console"
NAMESPACE = "/console"
FOLLOW_UP_SECONDS = 30
RATING_PROMPT = {
    "zh": "亲，本次服务您满意吗？请给客服打个分吧～",
    "en": "How did we do? Please rate the service.",
}


def _json(data: Any, status: int = 200) -> HTTPResponse:
    return response.json(data, status=status, ensure_ascii=False)


class ConsoleInput(InputChannel):
    """Pages and API for human agents. It receives no buyer messages itself."""

    @classmethod
    def name(cls) -> Text:
        return "console"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        """The session secret comes from XIAOER_CONSOLE_SECRET."""
        return cls(os.environ.get("XIAOER_CONSOLE_SECRET"), bool((credentials or {}).get("secure_cookie", False)))

    def __init__(self, secret: Optional[str], secure_cookie: bool = False) -> None:
        if not secret or len(secret) < 16:
            raise ValueError("XIAOER_CONSOLE_SECRET must be set (16+ characters) for the console channel")
        self.secret = secret
        self.secure_cookie = secure_cookie
        self.app: Optional[Sanic] = None

    # -- wiring -----------------------------------------------------------------------------
    def widget(self):
        """The widget channel (its socket.io server reaches buyers and consoles)."""
        from bot.channels.widget import WidgetInput

        for channel in getattr(self.app.ctx, "input_channels", []):
            if isinstance(channel, WidgetInput):
                return channel
        raise RuntimeError("the console needs the widget channel (bot.channels.widget.WidgetInput)")

    def attach(self, app: Sanic) -> None:
        """Mount the console's pages and API at /console."""
        self.app = app
        routes = [
            (self._page, "/console", ["GET"]), (self._static, "/console/static/<name>", ["GET"]),
            (self._login, "/console/api/login", ["POST"]), (self._logout, "/console/api/logout", ["POST"]),
            (self._me, "/console/api/me", ["GET"]), (self._list, "/console/api/tickets", ["GET"]),
            (self._claim, "/console/api/tickets/<ticket_id:int>/claim", ["POST"]),
            (self._transcript, "/console/api/tickets/<ticket_id:int>/transcript", ["GET"]),
            (self._reply, "/console/api/tickets/<ticket_id:int>/reply", ["POST"]),
            (self._return, "/console/api/tickets/<ticket_id:int>/return", ["POST"]),
            (self._close, "/console/api/tickets/<ticket_id:int>/close", ["POST"]),
            (self._orders, "/console/api/tickets/<ticket_id:int>/orders", ["GET"]),
            (self._note, "/console/api/orders/<order_id>/notes", ["POST"]),
            (self._canned, "/console/api/canned", ["GET", "POST"]),
            (self._canned_delete, "/console/api/canned/<canned_id:int>", ["DELETE"]),
        ]
        for handler, uri, methods in routes:
            app.add_route(handler, uri, methods=methods, name=f"xiaoer_console_{handler.__name__.strip('_')}")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Registers the console's socket.io namespace on the widget's server once the app starts."""
        blueprint = MountingBlueprint(self, "xiaoer_console", __name__)

        @blueprint.listener("after_server_start")
        async def connect_namespace(app: Sanic, _loop: Any) -> None:
            sio = self.widget().sio
            app.add_task(self._follow_up_waiting_buyers())

            @sio.on("connect", namespace=NAMESPACE)
            async def connect(sid: Text, environ: Dict, auth: Any = None) -> bool:
                agent = self._agent_from_cookie_header(environ.get("HTTP_COOKIE", ""))
                if agent is None:
                    return False
                await sio.save_session(sid, {"agent": agent.username, "role": agent.role}, namespace=NAMESPACE)
                await sio.enter_room(sid, "agents", namespace=NAMESPACE)
                return True

            @sio.on("watch", namespace=NAMESPACE)
            async def watch(sid: Text, data: Any) -> None:
                session = await sio.get_session(sid, namespace=NAMESPACE)
                ticket_id = (data or {}).get("ticket_id") if isinstance(data, dict) else None
                with session_scope(get_settings().database_url) as s:
                    ticket = s.get(HandoffTicket, int(ticket_id)) if str(ticket_id).isdigit() else None
                    agent = repo_agent(s, session.get("agent"))
                    if ticket and agent and tickets.may_read(ticket, agent):
                        await sio.enter_room(sid, f"conv:{ticket.conversation_id}", namespace=NAMESPACE)

        return blueprint

    async def _follow_up_waiting_buyers(self) -> None:
        """Every 30 s: buyers waiting longer than the policy's limit hear their place in the queue."""
        import asyncio

        from bot.clock import shop_policy

        while True:
            await asyncio.sleep(FOLLOW_UP_SECONDS)
            try:
                now = shop_now()
                with session_scope(get_settings().database_url) as s:
                    due = tickets.overdue(s, now, shop_policy().handoff.wait_limit_minutes)
                    places = [(t.conversation_id, tickets.position(s, t)) for t in due]
                    for ticket in due:
                        ticket.followed_up_at = now
                for conversation_id, place in places:
                    await self.widget().say(conversation_id, {
                        "zh": f"亲，客服们都在忙，您现在排在第{place}位，马上就到您啦，请稍等哦～",
                        "en": f"All agents are busy; you are number {place} in the queue. Thanks for waiting!",
                    })
            except Exception:  # noqa: BLE001 - the loop must survive a bad round
                logger.exception("queue follow-up failed")

    # -- auth ---------------------------------------------------------------------------------
    def _agent_from_cookie_header(self, header: str) -> Optional[Agent]:
        token = next((part.split("=", 1)[1] for part in header.split("; ") if part.startswith(COOKIE + "=")), None)
        return self._agent_for_token(token)

    def _agent_for_token(self, token: Optional[str]) -> Optional[Agent]:
        agent_id = read_session_token(self.secret, token)
        if agent_id is None:
            return None
        with session_scope(get_settings().database_url) as s:
            agent = s.get(Agent, agent_id)
            return agent if agent and agent.active else None

    def _agent(self, request: Request) -> Optional[Agent]:
        return self._agent_for_token(request.cookies.get(COOKIE))

    # -- pages --------------------------------------------------------------------------------
    async def _page(self, request: Request) -> HTTPResponse:
        return await response.file(STATIC / "console.html", mime_type="text/html; charset=utf-8",
                                   headers={"Cache-Control": "no-store"})

    async def _static(self, request: Request, name: str) -> HTTPResponse:
        if name not in STATIC_FILES:
            return response.text("not found", status=404)
        return await response.file(STATIC / name, mime_type=STATIC_FILES[name], headers={"Cache-Control": "no-cache"})

    # -- API ----------------------------------------------------------------------------------
    async def _login(self, request: Request) -> HTTPResponse:
        body = request.json if isinstance(request.json, dict) else {}
        with session_scope(get_settings().database_url) as s:
            agent = tickets.authenticate(s, str(body.get("username", "")), str(body.get("password", "")))
            if agent is None:
                return _json({"error": "wrong username or password"}, 401)
            reply = _json({"agent": _agent_view(agent)})
        reply.cookies[COOKIE] = make_session_token(self.secret, agent.id)
        cookie = reply.cookies[COOKIE]
        cookie["httponly"], cookie["samesite"], cookie["path"], cookie["max-age"] = True, "Strict", "/", SESSION_SECONDS
        cookie["secure"] = self.secure_cookie
        return reply

    async def _logout(self, request: Request) -> HTTPResponse:
        reply = _json({})
        del reply.cookies[COOKIE]
        return reply

    async def _me(self, request: Request) -> HTTPResponse:
        agent = self._agent(request)
        return _json({"agent": _agent_view(agent)}) if agent else _json({"error": "login required"}, 401)

    async def _list(self, request: Request) -> HTTPResponse:
        agent = self._agent(request)
        if agent is None:
            return _json({"error": "login required"}, 401)
        state = request.args.get("state", "waiting")
        if state not in ("waiting", "active", "closed"):
            return _json({"error": "state must be waiting, active or closed"}, 400)
        now = shop_now()
        with session_scope(get_settings().database_url) as s:
            return _json({"tickets": [tickets.ticket_view(s, t, now) for t in tickets.queue(s, state, agent)]})

    async def _ticket_for(self, request: Request, ticket_id: int, must_read: bool = True):
        agent = self._agent(request)
        if agent is None:
            return None, None, _json({"error": "login required"}, 401)
        with session_scope(get_settings().database_url) as s:
            ticket = s.get(HandoffTicket, ticket_id)
            if ticket is None:
                return agent, None, _json({"error": "no such ticket"}, 404)
            if must_read and not tickets.may_read(ticket, agent):
                return agent, ticket, _json({"error": "claim this chat first"}, 403)
            return agent, ticket, None

    async def _claim(self, request: Request, ticket_id: int) -> HTTPResponse:
        agent, ticket, error = await self._ticket_for(request, ticket_id, must_read=False)
        if error:
            return error
        now = shop_now()
        with session_scope(get_settings().database_url) as s:
            if not tickets.claim(s, ticket_id, agent, now):
                return _json({"error": "another agent claimed this chat"}, 409)
        with session_scope(get_settings().database_url) as s:
            view = tickets.ticket_view(s, s.get(HandoffTicket, ticket_id), now)
        widget = self.widget()
        await widget.sio.emit("agent_joined", {"name": agent.display_name}, room=ticket.conversation_id)
        await widget.sio.emit("ticket_updated", {"ticket": view}, room="agents", namespace=NAMESPACE)
        return _json({"ticket": view})

    async def _transcript(self, request: Request, ticket_id: int) -> HTTPResponse:
        _, ticket, error = await self._ticket_for(request, ticket_id)
        if error:
            return error
        tracker = await self.app.ctx.agent.tracker_store.retrieve_full_tracker(ticket.conversation_id)
        return _json({"messages": history.messages(tracker.events) if tracker else []})

    async def _reply(self, request: Request, ticket_id: int) -> HTTPResponse:
        agent, ticket, error = await self._ticket_for(request, ticket_id)
        if error:
            return error
        text = str((request.json or {}).get("text", "") if isinstance(request.json, dict) else "").strip()
        if not text or ticket.state != "active":
            return _json({"error": "an active chat and a text are required"}, 400)
        await self.widget().deliver_agent_message(ticket.conversation_id, text[:5000], agent.display_name)
        return _json({"message": {"sender": "agent", "text": text[:5000], "name": agent.display_name}})

    async def _return(self, request: Request, ticket_id: int) -> HTTPResponse:
        return await self._end(request, ticket_id, ask_rating=False)

    async def _close(self, request: Request, ticket_id: int) -> HTTPResponse:
        return await self._end(request, ticket_id, ask_rating=True)

    async def _end(self, request: Request, ticket_id: int, ask_rating: bool) -> HTTPResponse:
        agent, ticket, error = await self._ticket_for(request, ticket_id)
        if error:
            return error
        if ticket.state != "active":
            return _json({"error": "this chat is not being served"}, 409)
        now = shop_now()
        with session_scope(get_settings().database_url) as s:
            stored = s.get(HandoffTicket, ticket_id)
            tickets.close(s, stored, now)
            s.flush()
            view = tickets.ticket_view(s, stored, now)
        language = await self._resume(ticket.conversation_id, ask_rating)
        widget = self.widget()
        await widget.sio.emit("agent_left", {"name": agent.display_name}, room=ticket.conversation_id)
        if ask_rating:
            await widget.sio.emit("bot_uttered", _rating_message(language), room=ticket.conversation_id)
        await widget.sio.emit("ticket_updated", {"ticket": view}, room="agents", namespace=NAMESPACE)
        return _json({"ticket": view})

    async def _resume(self, conversation_id: str, ask_rating: bool) -> str:
        """Give the conversation back to the bot (resume + listen), optionally asking for a rating."""
        from bot.language import conversation_language

        rasa_agent = self.app.ctx.agent
        async with rasa_agent.lock_store.lock(conversation_id):
            tracker = await rasa_agent.tracker_store.get_or_create_tracker(conversation_id)
            language = conversation_language([e.as_dict() for e in tracker.events])
            tracker.update(ConversationResumed())
            tracker.update(ActionExecuted("action_listen"))
            if ask_rating:
                message = _rating_message(language)
                tracker.update(BotUttered(message["text"], data={"buttons": message["buttons"]}))
            await rasa_agent.tracker_store.save(tracker)
        return language

    async def _orders(self, request: Request, ticket_id: int) -> HTTPResponse:
        _, ticket, error = await self._ticket_for(request, ticket_id)
        if error:
            return error
        with session_scope(get_settings().database_url) as s:
            orders = repo.orders_of_buyer(s, ticket.buyer_id) if ticket.buyer_id else []
            if not orders and ticket.order_id:
                orders = [o for o in [repo.get_order(s, ticket.order_id)] if o]
            return _json({"orders": [_order_view(o) for o in orders]})

    async def _note(self, request: Request, order_id: str) -> HTTPResponse:
        agent = self._agent(request)
        if agent is None:
            return _json({"error": "login required"}, 401)
        text = str((request.json or {}).get("text", "") if isinstance(request.json, dict) else "").strip()
        if not text:
            return _json({"error": "text is required"}, 400)
        with session_scope(get_settings().database_url) as s:
            order = repo.get_order(s, order_id)
            if order is None:
                return _json({"error": "no such order"}, 404)
            if agent.role != "admin" and not _serves_order(s, agent, order):
                return _json({"error": "this order is not in one of your chats"}, 403)
            repo.append_note(order, agent.display_name, text[:500], shop_now())
            return _json({"notes": order.notes})

    async def _canned(self, request: Request) -> HTTPResponse:
        agent = self._agent(request)
        if agent is None:
            return _json({"error": "login required"}, 401)
        with session_scope(get_settings().database_url) as s:
            if request.method == "POST":
                text = str((request.json or {}).get("text", "") if isinstance(request.json, dict) else "").strip()
                if not text:
                    return _json({"error": "text is required"}, 400)
                s.add(CannedReply(text=text[:500], created_by=agent.username, created_at=shop_now()))
                s.flush()
            return _json({"canned": [{"id": c.id, "text": c.text} for c in tickets.canned_replies(s)]})

    async def _canned_delete(self, request: Request, canned_id: int) -> HTTPResponse:
        agent = self._agent(request)
        if agent is None:
            return _json({"error": "login required"}, 401)
        with session_scope(get_settings().database_url) as s:
            reply = s.get(CannedReply, canned_id)
            if reply is not None:
                s.delete(reply)
        return _json({})


def repo_agent(s, username: Optional[str]) -> Optional[Agent]:
    """The agent with this username."""
    from sqlalchemy import select

    return s.scalars(select(Agent).where(Agent.username == username)).first() if username else None


def _serves_order(s, agent: Agent, order) -> bool:
    from sqlalchemy import or_, select

    query = select(HandoffTicket).where(HandoffTicket.agent == agent.username, HandoffTicket.state == "active")
    query = query.where(or_(HandoffTicket.order_id == order.id, HandoffTicket.buyer_id == order.buyer_id))
    return s.scalars(query).first() is not None


def _agent_view(agent: Agent) -> Dict[str, str]:
    return {"username": agent.username, "name": agent.display_name, "role": agent.role}


def _order_view(order) -> Dict[str, Any]:
    return {
        "id": order.id, "state": order.state, "total": f"{(order.goods_total_fen + order.shipping_fee_fen) / 100:.2f}",
        "items": [f"{i.sku.product.name_zh} {i.sku.color_zh}/{i.sku.size or '-'} ×{i.quantity}" for i in order.items],
        "created_at": order.created_at.isoformat(timespec="minutes"), "notes": order.notes or "",
    }


def _rating_message(language: str) -> Dict[str, Any]:
    return {"text": RATING_PROMPT.get(language, RATING_PROMPT["zh"]),
            "buttons": [{"title": "★" * n, "payload": f"/rate {n}"} for n in range(5, 0, -1)]}
