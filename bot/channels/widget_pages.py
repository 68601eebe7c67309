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
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
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
    """shop.html filled in for the request's language, host and (optionally) the signed demo buyer;
    the product's facts come from the shop database and the policy (bot.shop.demo.product_page)."""
    from bot.policy import load_policy
    from bot.shop.demo.product_page import DEMO_PRODUCT_CODE, page_product, page_values

    language = "en" if request.args.get("lang") == "en" else "zh"
    buyer = DEMO_BUYER if request.args.get("buyer") == DEMO_BUYER else ""
    expires = str(int(time.time()) + 3600) if buyer else ""
    signature = sign(identity_secret, buyer, int(expires)) if buyer else ""
    host = request.host if HOST.match(request.host or "") else "127.0.0.1"
    settings = get_settings()
    policy = load_policy(settings.policy_path)
    shop = welcome.shop_name(language)
    values = page_values(policy, page_product(settings.database_url, policy, language), language, shop)
    values.update(server=html.escape(f"{request.scheme}://{host}", quote=True), language=language,
                  title=html.escape(welcome.widget_title(language), quote=True), shop=html.escape(shop, quote=True),
                  buyer=buyer, product=DEMO_PRODUCT_CODE, expires=expires, signature=signature)
    page = (STATIC / "shop.html").read_text(encoding="utf-8")
    return PLACEHOLDER.sub(lambda found: values.get(found.group(1), found.group(0)), page)
