"""Building blocks of a staff web app on the Rasa server's Sanic app: a guard for its routes and
the login/logout/me routes, so that the agent console and a later trainer workbench share one
login, one cookie and the same CSRF and origin rules (bot.staff.auth)."""
from __future__ import annotations

from functools import wraps
from typing import Any, Awaitable, Callable, Iterable, Optional

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.staff.auth import StaffAuth

READ_METHODS = ("GET", "HEAD")
Handler = Callable[..., Awaitable[HTTPResponse]]


def staff_only(auth: StaffAuth, roles: Optional[Iterable[str]] = None, write: Optional[bool] = None) -> Callable[[Handler], Handler]:
    """Decorate a route handler `handler(request, staff, ...)`: it runs only for a logged-in staff
    member (of one of `roles`; None: any). A write (by default any method but GET/HEAD) must also
    come from our own page and carry the session's CSRF token."""
    allowed = tuple(roles) if roles is not None else None

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            writes = request.method not in READ_METHODS if write is None else write
            staff, error = auth.authorise(request, write=writes, roles=allowed)
            if error is not None:
                return error
            return await handler(request, staff, *args, **kwargs)

        return guarded

    return decorate


def add_login_routes(blueprint: Blueprint, auth: StaffAuth, prefix: str,
                     on_logout: Callable[[int], Awaitable[None]]) -> None:
    """POST {prefix}/login, POST {prefix}/logout and GET {prefix}/me on the blueprint;
    `on_logout(session_id)` runs after a session ended (to drop its live sockets)."""
    name = prefix.strip("/").replace("/", "_")

    async def login(request: Request) -> HTTPResponse:
        return await auth.login(request)

    async def logout(request: Request) -> HTTPResponse:
        ended, reply = auth.logout(request)
        if ended is not None:
            await on_logout(ended)
        return reply

    @staff_only(auth)
    async def me(request: Request, staff: Any) -> HTTPResponse:
        return auth.me(request, staff)

    blueprint.add_route(login, f"{prefix}/login", methods=["POST"], name=f"{name}_login")
    blueprint.add_route(logout, f"{prefix}/logout", methods=["POST"], name=f"{name}_logout")
    blueprint.add_route(me, f"{prefix}/me", methods=["GET"], name=f"{name}_me")
