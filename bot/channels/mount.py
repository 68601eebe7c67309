"""A blueprint that lets its channel mount routes and sockets at the app's root when registered."""
from __future__ import annotations

from typing import Any, Dict, Text

from sanic import Blueprint, Sanic


class MountingBlueprint(Blueprint):
    """Rasa prefixes channel blueprints with /webhooks/<name>; the widget also serves /shop and
    /widget/* and joins the app's socket.io hub, so on registration the blueprint calls its
    channel's `attach(app)`. (The staff pages are no channel: bot/server.py mounts them.)"""

    def __init__(self, channel: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ctx.channel = channel

    def register(self, app: Sanic, options: Dict[Text, Any]) -> None:
        self.ctx.channel.attach(app)
        super().register(app, options)
