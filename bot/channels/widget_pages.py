"""The widget's files (/widget/<name>) and the demo shop page (/shop, only with XIAOER_DEMO_SHOP)."""
from __future__ import annotations

import html
import re
import time
from pathlib import Path

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import welcome
from bot.channels.identity import sign
from bot.settings import get_settings

STATIC = Path(__file__).resolve().parent / "static"
STATIC_FILES = {
    "widget.js": "application/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
    "socket.io.min.js": "application/javascript; charset=utf-8",
    "product.svg": "image/svg+xml",
}
DEMO_BUYER = "demo_buyer"
HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$")


def add_widget_pages(app: Sanic, identity_secret: str, demo_shop: bool) -> None:
    """GET /widget/<name>; GET /shop when `demo_shop` (its demo buyer signed with `identity_secret`)."""

    async def static(request: Request, name: str) -> HTTPResponse:
        if name not in STATIC_FILES:
            return response.text("not found", status=404)
        return await response.file(STATIC / name, mime_type=STATIC_FILES[name], headers={"Cache-Control": "no-cache"})

    async def shop_page(request: Request) -> HTTPResponse:
        """The demo shop page; `?buyer=demo_buyer` plays the shop backend signing its buyer."""
        return response.html(demo_shop_page(request, identity_secret))

    app.add_route(static, "/widget/<name>", methods=["GET"], name="xiaoer_widget_static")
    if demo_shop:
        app.add_route(shop_page, "/shop", methods=["GET"], name="xiaoer_demo_shop")


def demo_shop_page(request: Request, identity_secret: str) -> str:
    """shop.html filled in for the request's language, host and (optionally) the signed demo buyer."""
    from bot.shop.demo.product_page import DEMO_PRODUCT_CODE

    language = "en" if request.args.get("lang") == "en" else "zh"
    buyer = DEMO_BUYER if request.args.get("buyer") == DEMO_BUYER else ""
    expires = str(int(time.time()) + 3600) if buyer else ""
    signature = sign(identity_secret, buyer, int(expires)) if buyer else ""
    host = request.host if HOST.match(request.host or "") else "127.0.0.1"
    server = html.escape(f"{request.scheme}://{host}", quote=True)
    page = (STATIC / "shop.html").read_text(encoding="utf-8")
    title = html.escape(welcome.widget_title(language), quote=True)
    shop = html.escape(welcome.shop_name(language), quote=True)
    for key, value in (("server", server), ("language", language), ("title", title), ("shop", shop),
                       ("buyer", buyer), ("product", DEMO_PRODUCT_CODE), ("expires", expires),
                       ("signature", signature), ("size_chart", _demo_size_chart())):
        page = page.replace("{{" + key + "}}", value)
    return page


def _demo_size_chart() -> str:
    """The demo product's size chart rows: the chart the bot's size advice uses."""
    from bot.policy import load_policy
    from bot.shop.demo.product_page import product_chart, size_chart_html

    settings = get_settings()
    policy = load_policy(settings.policy_path)
    return size_chart_html(policy, product_chart(settings.database_url, policy))
