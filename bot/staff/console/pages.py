"""The console's page (titled with the shop's name) and its script and styles."""
from __future__ import annotations

import html
from pathlib import Path

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import welcome
from bot.staff.console.context import PAGE

STATIC = Path(__file__).resolve().parent / "static"
STATIC_FILES = {"console.js": "application/javascript; charset=utf-8", "console.css": "text/css; charset=utf-8"}
TITLE_IN_PAGE = "小二客服工作台"


def add_page_routes(blueprint: Blueprint) -> None:
    """GET /console and /console/static/<name> (no login needed: the page asks for it)."""

    async def page(request: Request) -> HTTPResponse:
        text = (STATIC / "console.html").read_text(encoding="utf-8")
        text = text.replace(TITLE_IN_PAGE, html.escape(welcome.console_title()))
        return response.html(text, headers={"Cache-Control": "no-store"})

    async def static(request: Request, name: str) -> HTTPResponse:
        if name not in STATIC_FILES:
            return response.text("not found", status=404)
        return await response.file(STATIC / name, mime_type=STATIC_FILES[name], headers={"Cache-Control": "no-cache"})

    blueprint.add_route(page, PAGE, methods=["GET"], name="console_page")
    blueprint.add_route(static, f"{PAGE}/static/<name>", methods=["GET"], name="console_static")
