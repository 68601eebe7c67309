"""The agent console: login, the handoff queue, live chats with buyers, back to the bot.

Enable it in credentials.yml as `bot.channels.console.ConsoleInput` (after the widget channel,
whose socket.io server and buyer rooms it shares). API and events: docs/console.md.
"""
from __future__ import annotations

import asyncio
import html
import logging
from datetime import datetime
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Set, Text, Tuple
from zoneinfo import ZoneInfo

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.core.events import ActionExecuted, BotUttered, ConversationResumed, UserUttered
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import texts
from bot.channels import history, welcome
from bot.channels.mount import MountingBlueprint
from bot.channels.widget import MAX_AGENT_CHARS
from bot.clock import shop_iso, shop_now
from bot.policy.current import shop_policy
from bot.console import locale
from bot.console import login_guard as guard
from bot.console import queue as tickets
from bot.console import sessions
from bot.console import transcript as parts
from bot.console.auth import HashingBusy, PasswordChecker
from bot.console.origin import client_address, origin_allowed, own_origin
from bot.jobs import store as jobs
from bot.settings import get_settings
from bot.service import verification
from bot.shop import quotes
from bot.shop import repositories as repo
from bot.shop.db import unit_of_work
from bot.shop.models import Agent, CannedReply, HandoffTicket

logger = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "console_static"
STATIC_FILES = {"console.js": "application/javascript; charset=utf-8", "console.css": "text/css; charset=utf-8"}
COOKIE = "xiaoer_console"
CSRF_HEADER = "X-CSRF-Token"
NAMESPACE = "/console"
SWEEP_SECONDS = 30
PRUNE_EVERY_SWEEPS = 120  # about once an hour
WRONG_LOGIN = "wrong username or password"


def _json(data: Any, status: int = 200) -> HTTPResponse:
    return response.json(data, status=status, ensure_ascii=False)


class ConsoleInput(InputChannel):
    """Pages and API for human agents. It receives no buyer messages itself."""

    @classmethod
    def name(cls) -> Text:
        return "console"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        """The secret (CSRF tokens) comes from XIAOER_CONSOLE_SECRET; a proxy in front is trusted
        (X-Forwarded-For/-Proto) only when XIAOER_TRUST_PROXY or `trust_proxy: true` says so."""
        credentials = credentials or {}
        trust_proxy = bool(credentials.get("trust_proxy", False)) or bool(getattr(get_settings(), "trust_proxy", False))
        return cls(get_settings().console_secret, bool(credentials.get("secure_cookie", False)), trust_proxy)

    def __init__(self, secret: Optional[str], secure_cookie: bool = False, trust_proxy: bool = False) -> None:
        if not secret or len(secret) < 16:
            raise ValueError("XIAOER_CONSOLE_SECRET must be set (16+ characters) for the console channel")
        self.secret = secret
        self.secure_cookie = secure_cookie
        self.trust_proxy = trust_proxy
        self.passwords = PasswordChecker()
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
            (self._texts, "/console/api/texts", ["GET"]), (self._language, "/console/api/me/language", ["POST"]),
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
            app.add_task(self._sweep())

            @sio.on("connect", namespace=NAMESPACE)
            async def connect(sid: Text, environ: Dict, auth: Any = None) -> bool:
                request = environ.get("sanic.request")
                if request is None or not self._from_own_page(request, required=False):
                    return False
                with unit_of_work() as s:
                    staff = sessions.find(s, _cookie(environ.get("HTTP_COOKIE", "")), shop_now())
                if staff is None:
                    return False
                await sio.save_session(sid, {"agent": staff.agent.username, "role": staff.agent.role,
                                             "staff_session": staff.session_id}, namespace=NAMESPACE)
                await sio.enter_room(sid, "agents", namespace=NAMESPACE)
                return True

            @sio.on("watch", namespace=NAMESPACE)
            async def watch(sid: Text, data: Any) -> None:
                session = await sio.get_session(sid, namespace=NAMESPACE)
                ticket_id = (data or {}).get("ticket_id") if isinstance(data, dict) else None
                with unit_of_work() as s:
                    live = sessions.live_ids(s, [session.get("staff_session", 0)], shop_now())
                    ticket = s.get(HandoffTicket, int(ticket_id)) if str(ticket_id).isdigit() else None
                    agent = tickets.find_agent(s, session.get("agent"))
                    allowed = bool(live and ticket and agent and tickets.may_watch(ticket, agent))
                if not live:
                    await sio.disconnect(sid, namespace=NAMESPACE)
                elif allowed:
                    await sio.enter_room(sid, _room(ticket.conversation_id), namespace=NAMESPACE)

        return blueprint

    async def _sweep(self) -> None:
        """Every 30 s: disconnect consoles whose session ended (logout elsewhere, password change,
        deactivation, expiry); about hourly, forget old login attempts and sessions."""
        rounds = 0
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            rounds += 1
            try:
                await self._disconnect_sessions(None)
                if rounds % PRUNE_EVERY_SWEEPS == 1:
                    with unit_of_work() as s:
                        guard.prune(s, shop_now())
                        sessions.prune(s, shop_now())
            except Exception:  # noqa: BLE001 - the loop must survive a bad round
                logger.exception("console sweep failed")

    async def _disconnect_sessions(self, ended: Optional[Set[int]]) -> None:
        """Disconnect this process's console sockets of the `ended` sessions (None: of every session
        that is no longer live)."""
        sio = self.widget().sio
        sockets: List[Tuple[str, int]] = []
        for sid, _ in list(sio.manager.get_participants(NAMESPACE, "agents")):
            session = await sio.get_session(sid, namespace=NAMESPACE)
            sockets.append((sid, int(session.get("staff_session", 0))))
        if ended is None:
            with unit_of_work() as s:
                live = sessions.live_ids(s, sorted({staff for _, staff in sockets}), shop_now())
            ended = {staff for _, staff in sockets if staff not in live}
        for sid, staff in sockets:
            if staff in ended:
                await sio.disconnect(sid, namespace=NAMESPACE)

    # -- auth ---------------------------------------------------------------------------------
    def _client(self, request: Request) -> str:
        forwarded = request.headers.get("x-forwarded-for")
        return guard.client_key(client_address(request.ip, forwarded, self.trust_proxy))

    def _from_own_page(self, request: Request, required: bool) -> bool:
        """Origin (else Referer) must be the console's own scheme://host; `required` for writes."""
        scheme = request.scheme
        if self.trust_proxy and request.headers.get("x-forwarded-proto"):
            scheme = request.headers["x-forwarded-proto"].split(",")[0].strip()
        return origin_allowed(own_origin(scheme, request.host), request.headers.get("origin"),
                              request.headers.get("referer"), required)

    def _authorise(self, request: Request, write: bool = False) -> Tuple[Optional[sessions.Staff], Optional[HTTPResponse]]:
        """The logged-in agent of the request, or the error to answer: 403 for a foreign origin,
        401 without a live session, 403 for a state-changing call without the session's CSRF token."""
        if not self._from_own_page(request, required=write):
            return None, _json({"error": "requests must come from the console's own page", "code": "origin"}, 403)
        token = request.cookies.get(COOKIE)
        with unit_of_work() as s:
            staff = sessions.find(s, token, shop_now())
        if staff is None:
            return None, _json({"error": "login required"}, 401)
        if write and not sessions.csrf_ok(self.secret, token, request.headers.get(CSRF_HEADER)):
            return None, _json({"error": "missing or wrong CSRF token", "code": "csrf"}, 403)
        return staff, None

    # -- pages --------------------------------------------------------------------------------
    async def _page(self, request: Request) -> HTTPResponse:
        """The console page, titled with the shop's name from shop_policy.yml."""
        page = (STATIC / "console.html").read_text(encoding="utf-8")
        page = page.replace("小二客服工作台", html.escape(welcome.console_title()))
        return response.html(page, headers={"Cache-Control": "no-store"})

    async def _static(self, request: Request, name: str) -> HTTPResponse:
        if name not in STATIC_FILES:
            return response.text("not found", status=404)
        return await response.file(STATIC / name, mime_type=STATIC_FILES[name], headers={"Cache-Control": "no-cache"})

    # -- API ----------------------------------------------------------------------------------
    async def _login(self, request: Request) -> HTTPResponse:
        """Check the guard, then the password (in the thread pool), then open a session."""
        if not self._from_own_page(request, required=True):
            return _json({"error": "requests must come from the console's own page", "code": "origin"}, 403)
        body = request.json if isinstance(request.json, dict) else {}
        username, password = str(body.get("username", "")), str(body.get("password", ""))
        client = self._client(request)
        with unit_of_work() as s:
            verdict = guard.verdict_for(s, username, client, shop_now())
            if not verdict.allowed:
                guard.record(s, username, client, shop_now(), "refused")
            agent = tickets.find_agent(s, username) if len(username) <= guard.MAX_USERNAME_CHARS else None
        if not verdict.allowed:
            logger.warning("console login refused (%s) for %r from %s", verdict.reason, username[:64], client)
            return _too_many(verdict.retry_after)
        try:
            matched = await self.passwords.verify(password, agent.password_hash if agent else None)
        except HashingBusy:
            return _too_many(1)
        accepted = matched and agent is not None and agent.active
        with unit_of_work() as s:
            now = shop_now()
            if accepted:  # parallel wrong guesses may have locked the account while this one was hashed
                verdict = guard.verdict_for(s, username, client, now)
            outcome = "failed" if not accepted else ("ok" if verdict.allowed else "refused")
            guard.record(s, username, client, now, outcome)
            if outcome == "ok":
                _, token = sessions.open_session(s, agent, now, client, request.headers.get("user-agent", ""))
        if outcome == "refused":
            return _too_many(verdict.retry_after)
        if outcome == "failed":
            return _json({"error": WRONG_LOGIN}, 401)
        reply = _json({"agent": _agent_view(agent), "csrf_token": sessions.csrf_token(self.secret, token)})
        reply.cookies[COOKIE] = token
        cookie = reply.cookies[COOKIE]
        cookie["httponly"], cookie["samesite"], cookie["path"] = True, "Strict", "/"
        cookie["max-age"] = int(sessions.SESSION_LIFETIME.total_seconds())
        cookie["secure"] = self.secure_cookie
        return reply

    async def _logout(self, request: Request) -> HTTPResponse:
        """End the session server-side (its cookie stops working everywhere) and drop the cookie."""
        staff, error = self._authorise(request, write=True)
        if error is not None and error.status != 401:
            return error
        if staff is not None:
            with unit_of_work() as s:
                sessions.revoke(s, request.cookies.get(COOKIE), shop_now())
            await self._disconnect_sessions({staff.session_id})
        reply = _json({})
        del reply.cookies[COOKIE]
        return reply

    async def _me(self, request: Request) -> HTTPResponse:
        staff, error = self._authorise(request)
        if error is not None:
            return error
        return _json({"agent": _agent_view(staff.agent),
                      "csrf_token": sessions.csrf_token(self.secret, request.cookies.get(COOKIE))})

    async def _texts(self, request: Request) -> HTTPResponse:
        """The page's texts in ?lang= (zh or en) and the shop's time zone; asked before login too."""
        if not self._from_own_page(request, required=False):
            return _json({"error": "requests must come from the console's own page", "code": "origin"}, 403)
        return _json(locale.page_setup(request.args.get("lang", ""), MAX_AGENT_CHARS))

    async def _language(self, request: Request) -> HTTPResponse:
        """The agent chooses the console's language (zh or en), kept for every later login."""
        staff, error = self._authorise(request, write=True)
        if error is not None:
            return error
        body = request.json if isinstance(request.json, dict) else {}
        with unit_of_work() as s:
            agent = locale.choose(s, staff.agent.id, body.get("language"))
            if agent is None:
                return _json({"error": "language must be zh or en"}, 400)
            return _json({"agent": _agent_view(agent)})

    async def _list(self, request: Request) -> HTTPResponse:
        staff, error = self._authorise(request)
        if error is not None:
            return error
        agent = staff.agent
        state = request.args.get("state", "waiting")
        if state not in ("waiting", "active", "closed"):
            return _json({"error": "state must be waiting, active or closed"}, 400)
        now = shop_now()
        with unit_of_work() as s:
            return _json({"tickets": [tickets.ticket_view(s, t, now) for t in tickets.queue(s, state, agent)]})

    async def _ticket_for(self, request: Request, ticket_id: int, must_read: bool = True, write: bool = False):
        staff, error = self._authorise(request, write=write)
        if error is not None:
            return None, None, error
        agent = staff.agent
        with unit_of_work() as s:
            ticket = s.get(HandoffTicket, ticket_id)
            if ticket is None:
                return agent, None, _json({"error": "no such ticket"}, 404)
            if must_read and not tickets.may_read(ticket, agent):
                return agent, ticket, _json({"error": "claim this chat first"}, 403)
            return agent, ticket, None

    async def _claim(self, request: Request, ticket_id: int) -> HTTPResponse:
        agent, ticket, error = await self._ticket_for(request, ticket_id, must_read=False, write=True)
        if error:
            return error
        now = shop_now()
        with unit_of_work() as s:
            if not tickets.claim(s, ticket_id, agent, now):
                return _json({"error": "another agent claimed this chat"}, 409)
        with unit_of_work() as s:
            view = tickets.ticket_view(s, s.get(HandoffTicket, ticket_id), now)
        widget = self.widget()
        await self._stop_watching(ticket.conversation_id)
        await widget.agent_event(ticket.conversation_id, "joined", agent.display_name)
        await widget.sio.emit("ticket_updated", {"ticket": view}, room="agents", namespace=NAMESPACE)
        return _json({"ticket": view})

    async def _transcript(self, request: Request, ticket_id: int) -> HTTPResponse:
        agent, ticket, error = await self._ticket_for(request, ticket_id)
        if error:
            return error
        tracker = await self.app.ctx.agent.tracker_store.retrieve_full_tracker(ticket.conversation_id)
        events = list(tracker.events) if tracker else []
        if agent.role != "admin":
            with unit_of_work() as s:
                events = _ticket_part(events, tickets.tickets_of_conversation(s, ticket.conversation_id), ticket.id)
        return _json({"messages": history.messages(events, notices=False)})

    async def _stop_watching(self, conversation_id: str) -> None:
        """Nobody follows the chat live any more (claimed or ended): consoles that may still
        watch it ask again (`watch`), and only the serving agent and admins are let in."""
        await self.widget().sio.close_room(_room(conversation_id), namespace=NAMESPACE)

    async def _reply(self, request: Request, ticket_id: int) -> HTTPResponse:
        agent, ticket, error = await self._ticket_for(request, ticket_id, write=True)
        if error:
            return error
        text = str((request.json or {}).get("text", "") if isinstance(request.json, dict) else "").strip()
        if not text or ticket.state != "active":
            return _json({"error": "an active chat and a text are required"}, 400)
        if len(text) > MAX_AGENT_CHARS:
            return _json({"error": f"回复太长（{len(text)} 字），一条最多 {MAX_AGENT_CHARS} 字，请分几条发送"}, 400)
        await self.widget().deliver_agent_message(ticket.conversation_id, text, agent.display_name)
        return _json({"message": {"sender": "agent", "text": text, "name": agent.display_name}})

    async def _return(self, request: Request, ticket_id: int) -> HTTPResponse:
        return await self._end(request, ticket_id, ask_rating=False)

    async def _close(self, request: Request, ticket_id: int) -> HTTPResponse:
        return await self._end(request, ticket_id, ask_rating=True)

    async def _end(self, request: Request, ticket_id: int, ask_rating: bool) -> HTTPResponse:
        agent, ticket, error = await self._ticket_for(request, ticket_id, write=True)
        if error:
            return error
        if ticket.state != "active":
            return _json({"error": "this chat is not being served"}, 409)
        now = shop_now()
        with unit_of_work() as s:
            stored = s.get(HandoffTicket, ticket_id)
            tickets.close(s, stored, now)
            s.flush()
            view = tickets.ticket_view(s, stored, now)
        widget = self.widget()
        await widget.agent_event(ticket.conversation_id, "left", agent.display_name)
        language = await self._resume(ticket.conversation_id, ask_rating)
        await self._stop_watching(ticket.conversation_id)
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
        with unit_of_work() as s:
            orders = repo.orders_of_buyer(s, ticket.buyer_id) if ticket.buyer_id else []
            if not orders and ticket.order_id:
                orders = [o for o in [repo.get_order(s, ticket.order_id)] if o]
            attempts = verification.attempts_view(s, ticket.conversation_id, shop_now())
            agreed = quotes.quotes_of(s, ticket.conversation_id, ticket.buyer_id)
            proactive = jobs.messages_for(s, ticket.buyer_id, ticket.conversation_id)
            return _json({"orders": [_order_view(o) for o in orders], "verification": attempts,
                          "quotes": [_quote_view(q) for q in agreed],
                          "proactive": [jobs.message_view(j) for j in proactive]})

    async def _note(self, request: Request, order_id: str) -> HTTPResponse:
        staff, error = self._authorise(request, write=True)
        if error is not None:
            return error
        agent = staff.agent
        text = str((request.json or {}).get("text", "") if isinstance(request.json, dict) else "").strip()
        if not text:
            return _json({"error": "text is required"}, 400)
        with unit_of_work() as s:
            order = repo.get_order(s, order_id)
            if order is None:
                return _json({"error": "no such order"}, 404)
            if agent.role != "admin" and not _serves_order(s, agent, order):
                return _json({"error": "this order is not in one of your chats"}, 403)
            repo.append_note(order, agent.display_name, text[:500], shop_now())
            return _json({"notes": order.notes})

    async def _canned(self, request: Request) -> HTTPResponse:
        staff, error = self._authorise(request, write=request.method != "GET")
        if error is not None:
            return error
        agent = staff.agent
        with unit_of_work() as s:
            if request.method == "POST":
                text = str((request.json or {}).get("text", "") if isinstance(request.json, dict) else "").strip()
                if not text:
                    return _json({"error": "text is required"}, 400)
                s.add(CannedReply(text=text[:500], created_by=agent.username, created_at=shop_now()))
                s.flush()
            return _json({"canned": [{"id": c.id, "text": c.text} for c in tickets.canned_replies(s)]})

    async def _canned_delete(self, request: Request, canned_id: int) -> HTTPResponse:
        _, error = self._authorise(request, write=True)
        if error is not None:
            return error
        with unit_of_work() as s:
            reply = s.get(CannedReply, canned_id)
            if reply is not None:
                s.delete(reply)
        return _json({})


def _cookie(header: str) -> Optional[str]:
    """The console cookie's value in a Cookie header."""
    for part in (header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE:
            return value
    return None


def _room(conversation_id: str) -> str:
    """The socket.io room (namespace /console) of a chat's live buyer messages."""
    return f"conv:{conversation_id}"


def _too_many(retry_after: int) -> HTTPResponse:
    reply = _json({"error": "too many login attempts, try again later", "retry_after": retry_after}, 429)
    reply.headers["Retry-After"] = str(retry_after)
    return reply


def _epoch(moment: Optional[datetime]) -> Optional[float]:
    """A shop-local naive datetime as unix seconds (the time base of tracker events)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=ZoneInfo(shop_policy().shop.timezone)).timestamp()


def _ticket_part(events: Iterable[Any], all_tickets: List[HandoffTicket], ticket_id: int) -> List[Any]:
    """The message events of the conversation that belong to this ticket (bot.console.transcript)."""
    said = [e for e in events if (isinstance(e, UserUttered) and e.text) or isinstance(e, BotUttered)]
    which = next(number for number, t in enumerate(all_tickets) if t.id == ticket_id)
    first, end = parts.visible_part(
        [e.timestamp for e in said], [isinstance(e, UserUttered) for e in said],
        [parts.TicketTimes(_epoch(t.created_at), _epoch(t.closed_at)) for t in all_tickets], which)
    return said[first:end]


def _serves_order(s, agent: Agent, order) -> bool:
    from sqlalchemy import or_, select

    query = select(HandoffTicket).where(HandoffTicket.agent == agent.username, HandoffTicket.state == "active")
    query = query.where(or_(HandoffTicket.order_id == order.id, HandoffTicket.buyer_id == order.buyer_id))
    return s.scalars(query).first() is not None


def _agent_view(agent: Agent) -> Dict[str, str]:
    return {"username": agent.username, "name": agent.display_name, "role": agent.role, "language": agent.language}


def _order_view(order) -> Dict[str, Any]:
    return {
        "id": order.id, "state": order.state, "total": f"{(order.goods_total_fen + order.shipping_fee_fen) / 100:.2f}",
        "items": [f"{i.sku.product.name_zh} {i.sku.color_zh}/{i.sku.size or '-'} ×{i.quantity}" for i in order.items],
        "created_at": shop_iso(order.created_at, "minutes"), "notes": order.notes or "",
    }


def _quote_view(quote) -> Dict[str, Any]:
    return {
        "product": quote.product.name_zh, "list_price": f"{quote.list_price_fen / 100:.2f}",
        "price": f"{quote.price_fen / 100:.2f}", "gift": quote.gift_zh or "",
        "coupon": f"{quote.coupon_fen / 100:.2f}" if quote.coupon_fen else "", "state": quote.state,
        "order_id": quote.order_id or "", "agreed_at": shop_iso(quote.created_at, "minutes"),
    }


def _rating_message(language: str) -> Dict[str, Any]:
    return {"text": texts.text("utter_rating_prompt", language),
            "buttons": [{"title": "★" * n, "payload": f"/rate {n}"} for n in range(5, 0, -1)]}
