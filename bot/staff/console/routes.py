"""The agent console as one Sanic blueprint on the hub's app (docs/console.md)."""
from __future__ import annotations

from sanic import Blueprint

from bot.channels.hub import Hub
from bot.staff.auth import StaffAuth
from bot.staff.console.context import API, Console
from bot.staff.console.language import add_language_routes
from bot.staff.console.live import ConsoleSockets
from bot.staff.console.orders import add_order_routes
from bot.staff.console.pages import add_page_routes
from bot.staff.console.tickets import add_ticket_routes
from bot.staff.web import add_login_routes


def console_blueprint(hub: Hub, auth: StaffAuth) -> Blueprint:
    """Pages, login, texts and language, tickets and orders under /console, the live events on the hub's STAFF
    namespace, and the sweep of ended sessions (and presence heartbeat) once the server runs;
    this process's consoles stop counting as agents online when it stops."""
    console = Console(hub, auth, ConsoleSockets(hub, auth))
    blueprint = Blueprint("xiaoer_console")
    add_page_routes(blueprint)
    add_login_routes(blueprint, auth, API, console.sockets.session_ended)
    add_language_routes(blueprint, console)
    add_ticket_routes(blueprint, console)
    add_order_routes(blueprint, console)

    @blueprint.listener("after_server_start")
    async def sweep(app, _loop) -> None:  # noqa: ANN001 - sanic listener
        app.add_task(console.sockets.sweep_forever())

    @blueprint.listener("before_server_stop")
    async def offline(_app, _loop) -> None:  # noqa: ANN001 - sanic listener
        console.sockets.forget_process()

    return blueprint
