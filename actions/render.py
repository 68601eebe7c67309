"""Turn shop records into short texts in the buyer's language."""
from __future__ import annotations

from typing import Iterable, Optional

from actions.common import shop_policy
from bot.i18n import label, money, pick
from bot.policy import find_courier
from bot.shop.models import Order, Product, TrackingEvent
from bot.texts import text


def courier_name(code: Optional[str], language: str) -> str:
    """The courier's name as buyers know it (顺丰 / SF Express)."""
    courier = find_courier(shop_policy(), code) if code else None
    if courier is None:
        return code or "-"
    return pick(language, courier.name_zh, courier.name_en)


def items_text(order: Order, language: str) -> str:
    """"卫衣 黑色/M ×1" lines joined for a message."""
    parts = []
    for item in order.items:
        sku = item.sku
        product = sku.product
        variant = "/".join(v for v in (pick(language, sku.color_zh, sku.color_en), sku.size) if v)
        name = pick(language, product.name_zh, product.name_en)
        parts.append(f"{name} {variant} ×{item.quantity}".strip())
    return text("utter_text_items_joiner", language).join(parts) or "-"


def latest_event_text(event: TrackingEvent, language: str) -> str:
    """"11月21日 14:05 杭州 运输中" / "Nov 21 14:05 Hangzhou: in transit"."""
    status = label("tracking", event.status, language)
    when = event.occurred_at
    return text("utter_text_tracking_event", language, month_name=f"{when:%b}", day_2=f"{when:%d}", month=when.month,
                day=when.day, time=f"{when:%H:%M}", status=status,
                place=event.location_en if language == "en" else event.location_zh)


def product_lines(products: Iterable[Product], language: str) -> str:
    """Numbered "1. 连帽卫衣 ¥129" lines for suggestions, so the buyer can say "第二款"."""
    return "\n".join(
        f"{n}. {pick(language, p.name_zh, p.name_en)} {money(p.price_fen, language)}"
        for n, p in enumerate(products, start=1)
    )


def product_cards(products: Iterable[Product], language: str) -> dict:
    """Rich product cards for channels that show them (the widget); others get the JSON."""
    return {
        "type": "product_cards",
        "cards": [
            {
                "name": pick(language, p.name_zh, p.name_en),
                "price": money(p.price_fen, language),
                "image": p.image_url,
                "url": f"/shop?product={p.code}",
            }
            for p in products
        ],
    }
