"""Who is calling a staff page: the session cookie, the CSRF token, the page's origin, the client
address, and the login itself (guarded, scrypt off the event loop). Shared by every staff app
(the agent console; a trainer workbench later): one cookie, one login, the same roles."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Optional, Tuple

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.clock import shop_now
from bot.service.agents import agent_view, find_agent
from bot.settings import get_settings
from bot.shop.db import unit_of_work
from bot.staff import login_guard as guard
from bot.staff import sessions
from bot.staff.origin import client_address, origin_allowed, own_origin
from bot.staff.passwords import HashingBusy, PasswordChecker

logger = logging.getLogger(__name__)
COOKIE = "xiaoer_console"
CSRF_HEADER = "X-CSRF-Token"
WRONG_LOGIN = "wrong username or password"


def json_reply(data: Any, status: int = 200) -> HTTPResponse:
    """A JSON answer with Chinese left readable."""
    return response.json(data, status=status, ensure_ascii=False)


def cookie_value(header: str) -> Optional[str]:
    """The staff cookie's value in a Cookie header (socket.io connections)."""
    for part in (header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE:
            return value
    return None


def too_many(retry_after: int) -> HTTPResponse:
    """429 with Retry-After for a refused login."""
    reply = json_reply({"error": "too many login attempts, try again later", "retry_after": retry_after}, 429)
    reply.headers["Retry-After"] = str(retry_after)
    return reply


@dataclass
class StaffAuth:
    """The login rules of the staff pages: `secret` keys the CSRF tokens, `secure_cookie` marks the
    cookie HTTPS-only, `trust_proxy` believes X-Forwarded-For/-Proto of a proxy in front."""

    secret: str
    secure_cookie: bool = False
    trust_proxy: bool = False
    passwords: PasswordChecker = field(default_factory=PasswordChecker)

    def __post_init__(self) -> None:
        if not self.secret or len(self.secret) < 16:
            raise ValueError("XIAOER_CONSOLE_SECRET must be set (16+ characters) for the staff pages")

    @classmethod
    def from_settings(cls) -> "StaffAuth":
        """XIAOER_CONSOLE_SECRET, XIAOER_CONSOLE_SECURE_COOKIE and XIAOER_TRUST_PROXY."""
        settings = get_settings()
        return cls(settings.require("console_secret"), settings.console_secure_cookie, settings.trust_proxy)

    def client(self, request: Request) -> str:
        """The caller's address as the login guard counts it."""
        forwarded = request.headers.get("x-forwarded-for")
        return guard.client_key(client_address(request.ip, forwarded, self.trust_proxy))

    def from_own_page(self, request: Request, required: bool) -> bool:
        """Origin (else Referer) must be the staff pages' own scheme://host; `required` for writes."""
        scheme = request.scheme
        if self.trust_proxy and request.headers.get("x-forwarded-proto"):
            scheme = request.headers["x-forwarded-proto"].split(",")[0].strip()
        return origin_allowed(own_origin(scheme, request.host), request.headers.get("origin"),
                              request.headers.get("referer"), required)

    def authorise(self, request: Request, write: bool = False,
                  roles: Optional[Iterable[str]] = None) -> Tuple[Optional[sessions.Staff], Optional[HTTPResponse]]:
        """The logged-in staff member of the request, or the error to answer: 403 for a foreign
        origin, 401 without a live session, 403 for a state-changing call without the session's
        CSRF token or for a role not in `roles` (None: every role)."""
        if not self.from_own_page(request, required=write):
            return None, json_reply({"error": "requests must come from the console's own page", "code": "origin"}, 403)
        token = request.cookies.get(COOKIE)
        with unit_of_work() as s:
            staff = sessions.find(s, token, shop_now())
        if staff is None:
            return None, json_reply({"error": "login required"}, 401)
        if write and not sessions.csrf_ok(self.secret, token, request.headers.get(CSRF_HEADER)):
            return None, json_reply({"error": "missing or wrong CSRF token", "code": "csrf"}, 403)
        if roles is not None and staff.agent.role not in tuple(roles):
            return None, json_reply({"error": "your role may not do this", "code": "role"}, 403)
        return staff, None

    def socket_staff(self, environ: Dict[str, Any]) -> Optional[sessions.Staff]:
        """The staff member opening a socket.io connection from our own page, else None."""
        request = environ.get("sanic.request")
        if request is None or not self.from_own_page(request, required=False):
            return None
        with unit_of_work() as s:
            return sessions.find(s, cookie_value(environ.get("HTTP_COOKIE", "")), shop_now())

    def me(self, request: Request, staff: sessions.Staff) -> HTTPResponse:
        """The logged-in agent and the session's CSRF token."""
        return json_reply({"agent": agent_view(staff.agent),
                           "csrf_token": sessions.csrf_token(self.secret, request.cookies.get(COOKIE))})

    async def login(self, request: Request) -> HTTPResponse:
        """Check the guard, then the password (in the thread pool), then open a session and set the cookie."""
        if not self.from_own_page(request, required=True):
            return json_reply({"error": "requests must come from the console's own page", "code": "origin"}, 403)
        body = request.json if isinstance(request.json, dict) else {}
        username, password = str(body.get("username", "")), str(body.get("password", ""))
        client = self.client(request)
        with unit_of_work() as s:
            verdict = guard.verdict_for(s, username, client, shop_now())
            if not verdict.allowed:
                guard.record(s, username, client, shop_now(), "refused")
            agent = find_agent(s, username) if len(username) <= guard.MAX_USERNAME_CHARS else None
        if not verdict.allowed:
            logger.warning("staff login refused (%s) for %r from %s", verdict.reason, username[:64], client)
            return too_many(verdict.retry_after)
        try:
            matched = await self.passwords.verify(password, agent.password_hash if agent else None)
        except HashingBusy:
            return too_many(1)
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
            return too_many(verdict.retry_after)
        if outcome == "failed":
            return json_reply({"error": WRONG_LOGIN}, 401)
        reply = json_reply({"agent": agent_view(agent), "csrf_token": sessions.csrf_token(self.secret, token)})
        self._set_cookie(reply, token)
        return reply

    def _set_cookie(self, reply: HTTPResponse, token: str) -> None:
        reply.cookies[COOKIE] = token
        cookie = reply.cookies[COOKIE]
        cookie["httponly"], cookie["samesite"], cookie["path"] = True, "Strict", "/"
        cookie["max-age"] = int(sessions.SESSION_LIFETIME.total_seconds())
        cookie["secure"] = self.secure_cookie

    def logout(self, request: Request) -> Tuple[Optional[int], HTTPResponse]:
        """End the session server-side (its cookie stops working everywhere) and drop the cookie;
        returns the ended session's id (None if there was none) and the answer."""
        staff, error = self.authorise(request, write=True)
        if error is not None and error.status != 401:
            return None, error
        if staff is not None:
            with unit_of_work() as s:
                sessions.revoke(s, request.cookies.get(COOKIE), shop_now())
        reply = json_reply({})
        del reply.cookies[COOKIE]
        return (staff.session_id if staff else None), reply
