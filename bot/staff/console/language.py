"""The agent console's language and clock: each agent's own choice of zh or en (kept on the
agent), the page's texts in that language (domain.yml `utter_console_*`, read by bot.texts) and
the shop's time zone, in which the page shows every time whatever the browser's own zone."""
from __future__ import annotations

from typing import Any, Dict, Optional

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.orm import Session

from bot import texts
from bot.channels.hub import MAX_AGENT_CHARS
from bot.channels.welcome import console_title
from bot.clock import shop_zone
from bot.service.agents import agent_view
from bot.shop.db import unit_of_work
from bot.shop.models import CONSOLE_LANGUAGES, Agent
from bot.staff.auth import json_reply
from bot.staff.console.context import API, Console
from bot.staff.sessions import Staff
from bot.staff.web import staff_only

DEFAULT_LANGUAGE = "zh"


def language_of(value: Any) -> str:
    """A console language from a request's value: zh or en; anything else is the default, zh."""
    return value if value in CONSOLE_LANGUAGES else DEFAULT_LANGUAGE


def page_setup(language: str, max_reply_chars: int) -> Dict[str, Any]:
    """What the console page needs before it shows anything: its texts in the language (the
    title with the shop's name), the shop's IANA time zone and the longest reply it may send."""
    language = language_of(language)
    page_texts = texts.console_texts(language)
    page_texts["title"] = console_title(language)
    return {"language": language, "timezone": shop_zone(), "max_reply_chars": max_reply_chars,
            "texts": page_texts}


def choose(s: Session, agent_id: int, language: Any) -> Optional[Agent]:
    """Keep the agent's console language; None (nothing changed) unless it is zh or en."""
    agent = s.get(Agent, agent_id)
    if agent is None or language not in CONSOLE_LANGUAGES:
        return None
    agent.language = language
    s.flush()
    return agent


def add_language_routes(blueprint: Blueprint, console: Console) -> None:
    """GET {API}/texts?lang= (the page's texts, asked before login too, only from our own page)
    and POST {API}/me/language (the agent's choice, kept on the agent)."""

    async def page_texts(request: Request) -> HTTPResponse:
        if not console.auth.from_own_page(request, required=False):
            return json_reply({"error": "requests must come from the console's own page", "code": "origin"}, 403)
        return json_reply(page_setup(request.args.get("lang", ""), MAX_AGENT_CHARS))

    @staff_only(console.auth, write=True)
    async def choose_language(request: Request, staff: Staff) -> HTTPResponse:
        body = request.json if isinstance(request.json, dict) else {}
        with unit_of_work() as s:
            agent = choose(s, staff.agent.id, body.get("language"))
            if agent is None:
                return json_reply({"error": "language must be zh or en"}, 400)
            return json_reply({"agent": agent_view(agent)})

    blueprint.add_route(page_texts, f"{API}/texts", methods=["GET"], name="console_texts")
    blueprint.add_route(choose_language, f"{API}/me/language", methods=["POST"], name="console_language")
