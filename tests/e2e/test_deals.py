"""Closing a bargain over REST against the real servers: the buyer's "成交" writes a quote, the
order they then place gets the agreed price (改价), and the agent sees it; an offer alone or a
"no" writes nothing."""
from __future__ import annotations

from sqlalchemy import select

from bot.shop.db import session_scope
from bot.shop.models import Order, PriceQuote
from tests.e2e.test_console_api import Console, conversation_of

RESERVED = ("1001202611000005",)  # the showcase unpaid order other tests cancel


def _quotes(shop_url: str, chat):
    with session_scope(shop_url) as s:
        return [(q.price_fen, q.state, q.order_id) for q in s.scalars(
            select(PriceQuote).where(PriceQuote.conversation_id == conversation_of(chat)))]


def _unpaid_order(shop_url: str):
    """An unpaid one-line order at the list price that no other test uses: (number, phone's last 4,
    product name, unit price). The demo data is dated from today, so which order that is varies."""
    with session_scope(shop_url) as s:
        for order in s.scalars(select(Order).where(Order.state == "unpaid", Order.id.not_in(RESERVED))
                               .order_by(Order.id.desc())):
            if (len(order.items) == 1 and order.items[0].quantity == 1
                    and order.items[0].unit_price_fen == order.items[0].sku.product.price_fen):
                item = order.items[0]
                return order.id, order.recipient_phone[-4:], item.sku.product.name_zh, item.unit_price_fen
    raise AssertionError("the demo shop has no spare unpaid order")


def test_zh_deal_is_recorded_applied_to_the_order_and_shown_to_the_agent(chat, servers):
    shop = servers["shop_url"]
    order_id, last4, product, unit_price = _unpaid_order(shop)
    offer = "\n".join(chat.say(f"{product}能便宜点吗"))
    assert "元" in offer and _quotes(shop, chat) == []  # an offer writes nothing
    agreed = "\n".join(chat.say("成交"))
    assert "成交" in agreed or "改价" in agreed, agreed
    [(price, state, _)] = _quotes(shop, chat)
    assert state == "agreed" and price < unit_price

    chat.say(f"拍好了 {order_id}")
    applied = "\n".join(chat.say(last4))
    assert "改好价" in applied and order_id in applied, applied
    with session_scope(shop) as s:
        order = s.get(Order, order_id)
        assert [i.unit_price_fen for i in order.items] == [price] and order.goods_total_fen == price
        assert "议价成交改价" in order.notes
    assert _quotes(shop, chat) == [(price, "applied", order_id)]

    chat.say("转人工")
    agent = Console(servers["base"])
    assert agent.login("xiaomei")[0] == 200
    ticket = agent.ticket_of(conversation_of(chat))
    assert agent.call("POST", f"/console/api/tickets/{ticket['id']}/claim")[0] == 200
    status, body = agent.call("GET", f"/console/api/tickets/{ticket['id']}/orders")
    assert status == 200 and body["quotes"][0]["state"] == "applied"
    assert body["quotes"][0]["order_id"] == order_id and body["quotes"][0]["product"] == product
    agent.call("POST", f"/console/api/tickets/{ticket['id']}/close")


def test_en_the_last_offer_with_the_gift_is_recorded(chat, servers):
    shop = servers["shop_url"]
    for _ in range(3):
        reply = "\n".join(chat.say("can you do a better price on the down jacket"))
    assert "lowest" in reply and "¥" in reply, reply
    agreed = "\n".join(chat.say("ok I'll take the hand cream"))
    assert "Deal" in agreed and "hand-cream" in agreed, agreed
    assert [q[1] for q in _quotes(shop, chat)] == ["agreed"]


def test_no_to_an_offer_and_a_later_yes_write_nothing(chat, servers):
    shop = servers["shop_url"]
    chat.say("羽绒服最低多少")
    chat.say("再想想")
    chat.say("发货快吗")
    chat.say("好的")
    assert _quotes(shop, chat) == []
