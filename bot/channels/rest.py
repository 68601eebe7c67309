"""The REST channel, held to the same rules as the widget.

Enable it in credentials.yml as `bot.channels.rest.RestChannel`; it answers at
POST /webhooks/rest/webhook {"sender": "...", "message": "...", "identity": {...}?}.
A caller cannot name another channel or a buyer: a buyer is signed in only with an identity the
shop's backend signed (docs/widget.md), and the conversation id is "rest:<sender>", so it never
meets a widget session. Messages are cleaned and length-limited before NLU, callers rate-limited
per sender and per address, and a turn that fails or goes unanswered is an error with an apology.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import intake, rescue
from bot.channels.hub import Hub
from bot.channels.identity import verify
from bot.channels.ratelimit import RateLimiter
from bot.service.envelope import Envelope, KEY, client_key, seal
from bot.settings import get_settings

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024
SENDER = re.compile(r"[A-Za-z0-9_.@\-]{1,64}")
PREFIX = "rest:"


def conversation_id(sender: str) -> str:
    """The conversation a REST sender's messages belong to."""
    return PREFIX + sender


def _error(code: str, text: str, status: int, **extra: Any) -> HTTPResponse:
    return response.json({"error": code, "message": text, **extra}, status=status, ensure_ascii=False)


class RestChannel(InputChannel):
    """REST input with identity, limits and error replies (see the module docstring)."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        """Rate limits from credentials.yml; secrets from the settings."""
        credentials = credentials or {}
        return cls(
            sender_limiter=RateLimiter(int(credentials.get("rate_burst", 5)),
                                       int(credentials.get("rate_per_minute", 20))),
            client_limiter=RateLimiter(int(credentials.get("client_burst", 60)),
                                       int(credentials.get("client_per_minute", 600))),
        )

    def __init__(self, sender_limiter: RateLimiter, client_limiter: RateLimiter) -> None:
        settings = get_settings()
        self.action_token = settings.require("action_token")
        self.identity_secret = settings.identity_secret
        self.limit = settings.max_message_chars
        self.trust_proxy = settings.trust_proxy
        self.sender_limiter, self.client_limiter = sender_limiter, client_limiter

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """GET / (health) and POST /webhook."""
        blueprint = Blueprint("xiaoer_rest", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self._receive(request, on_new_message)

        return blueprint

    async def _receive(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        if len(request.body or b"") > MAX_BODY_BYTES:
            return _error("too_large", f"the body may be at most {MAX_BODY_BYTES} bytes", 413)
        try:
            body = request.json
        except Exception:  # noqa: BLE001 - sanic raises its own error types for bad JSON
            body = None
        if not isinstance(body, dict):
            return _error("bad_request", 'send a JSON object {"sender": ..., "message": ...}', 400)
        sender = body.get("sender")
        if not isinstance(sender, str) or not SENDER.fullmatch(sender):
            return _error("bad_request", "sender must be 1-64 letters, digits or _.@-", 400)
        taken = intake.take(body.get("message"), self.limit)
        if taken.problem == "not_text":
            return _error("bad_request", "message must be a string", 400)
        address = intake.client_address(request.ip, request.headers.get("x-forwarded-for"), self.trust_proxy)
        wait = self.client_limiter.allow(address) or self.sender_limiter.allow(sender)
        if wait:
            return _error("rate_limited", "too many messages; wait a moment", 429, retry_after=round(max(wait, 0.1), 1))
        conversation = conversation_id(sender)
        if taken.problem:
            return response.json([{"recipient_id": sender, "text": taken.refusal(self.limit)}], ensure_ascii=False)

        identity = body.get("identity")
        buyer = verify(self.identity_secret, identity) if identity is not None else None
        expires = int(identity.get("expires")) if buyer else 0
        address_key = client_key("ip", address)
        envelope = Envelope(channel=self.name(), sender=conversation, buyer=buyer or "", expires=expires,
                            address=address_key, client=address_key)
        collector = CollectingOutputChannel()
        message = UserMessage(taken.text, collector, conversation, input_channel=self.name(),
                              metadata={KEY: seal(self.action_token, envelope)})
        failed = False
        try:
            await on_new_message(message)
        except Exception:  # noqa: BLE001 - the caller gets an error and an apology, the log the details
            logger.exception("REST turn failed for %s", conversation)
            failed = True
        if collector.messages and not failed:
            return response.json(_for_sender(collector.messages, sender), ensure_ascii=False)
        apology = await rescue.rescue(request.app.ctx.agent, conversation, taken.text)
        if apology is None and not failed:
            hub = Hub.of_running(request.app)
            noted = await hub.noted_while_waiting(conversation) if hub is not None else None
            return response.json([{"recipient_id": sender, "text": noted}] if noted else [], ensure_ascii=False)
        messages = _for_sender(collector.messages, sender) + ([{"recipient_id": sender, "text": apology}] if apology else [])
        return _error("not_answered", "the bot could not answer; the chat was passed to a person", 503,
                      messages=messages)


def _for_sender(messages: list, sender: str) -> list:
    return [{**m, "recipient_id": sender} for m in messages]
