"""What the console shows of orders, agreed prices and a ticket's part of the transcript, and the
rating question a closed chat ends with."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, Iterable, List, Optional
from zoneinfo import ZoneInfo

from rasa.shared.core.events import BotUttered, UserUttered

from bot import texts
from bot.clock import shop_iso
from bot.policy.current import shop_policy
from bot.shop.models import HandoffTicket
from bot.staff.console import transcript as parts


def _epoch(moment: Optional[datetime]) -> Optional[float]:
    """A shop-local naive datetime as unix seconds (the time base of tracker events)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=ZoneInfo(shop_policy().shop.timezone)).timestamp()


def ticket_part(events: Iterable[Any], all_tickets: List[HandoffTicket], ticket_id: int) -> List[Any]:
    """The message events of the conversation that belong to this ticket (bot.staff.console.transcript)."""
    said = [e for e in events if (isinstance(e, UserUttered) and e.text) or isinstance(e, BotUttered)]
    which = next(number for number, t in enumerate(all_tickets) if t.id == ticket_id)
    first, end = parts.visible_part(
        [e.timestamp for e in said], [isinstance(e, UserUttered) for e in said],
        [parts.TicketTimes(_epoch(t.created_at), _epoch(t.closed_at)) for t in all_tickets], which)
    return said[first:end]


def order_view(order: Any) -> Dict[str, Any]:
    """An order as the console's side panel lists it."""
    return {
        "id": order.id, "state": order.state, "total": f"{(order.goods_total_fen + order.shipping_fee_fen) / 100:.2f}",
        "items": [f"{i.sku.product.name_zh} {i.sku.color_zh}/{i.sku.size or '-'} ×{i.quantity}" for i in order.items],
        "created_at": shop_iso(order.created_at, "minutes"), "notes": order.notes or "",
    }


def quote_view(quote: Any) -> Dict[str, Any]:
    """A price agreed in the chat (议价成交)."""
    return {
        "product": quote.product.name_zh, "list_price": f"{quote.list_price_fen / 100:.2f}",
        "price": f"{quote.price_fen / 100:.2f}", "gift": quote.gift_zh or "",
        "coupon": f"{quote.coupon_fen / 100:.2f}" if quote.coupon_fen else "", "state": quote.state,
        "order_id": quote.order_id or "", "agreed_at": shop_iso(quote.created_at, "minutes"),
    }


def rating_message(language: str) -> Dict[str, Any]:
    """The question a closed chat ends with: ★ buttons whose payload the widget stores as the rating."""
    return {"text": texts.text("utter_rating_prompt", language),
            "buttons": [{"title": "★" * n, "payload": f"/rate {n}"} for n in range(5, 0, -1)]}
