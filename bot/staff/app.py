"""Mount the staff web app on the Rasa server's Sanic app, once (bot.server does)."""
from __future__ import annotations

from sanic import Sanic

from bot.channels.hub import Hub
from bot.staff.auth import StaffAuth


def mount_staff(app: Sanic, hub: Hub, auth: StaffAuth | None = None) -> None:
    """Register the agent console (pages, API, live events) with the app's hub; the login rules
    come from the settings unless `auth` is given."""
    from bot.staff.console.routes import console_blueprint

    app.blueprint(console_blueprint(hub, auth or StaffAuth.from_settings()))
