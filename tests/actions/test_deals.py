"""Closing a bargain: a quote is written only when the buyer takes a price, never below the
shop's authority, and honoured on their unpaid order (改价) with a note for the warehouse."""
import pytest
from sqlalchemy import select

from actions.bargain import ActionBargain, ActionBargainAgreed
from actions.orders import ActionCheckOrder
from bot.policy import lowest_price
from bot.policy.current import shop_policy
from bot.shop import repositories as repo
from bot.shop.db import session_scope
from bot.shop.models import Order, PriceQuote
from tests.actions.conftest import UNPAID, entity, make_tracker, next_turn, responses, run, slot_values

JACKET = "白鸭绒短款羽绒服"  # the demo buyer's unpaid order 1001202611000005 holds one


def _quotes(url):
    with session_scope(url) as s:
        return [(q.price_fen, q.gift_zh, q.coupon_fen, q.state, q.order_id, q.buyer_id)
                for q in s.scalars(select(PriceQuote))]


def _jacket(url):
    with session_scope(url) as s:
        product = repo.find_products(s, JACKET, limit=1)[0]
        return product.price_fen, lowest_price(shop_policy(), product.price_fen, product.floor_price_fen)


def _order(url, order_id=UNPAID):
    with session_scope(url) as s:
        order = s.get(Order, order_id)
        return order.goods_total_fen, [i.unit_price_fen for i in order.items], order.notes


def _bargain(text, amount=None, language="zh", buyer=None, sender="buyer-1", previous=None):
    entities = [entity("product", JACKET)] + ([entity("amount", amount)] if amount else [])
    if previous is None:
        return make_tracker(text, "bargain", entities, buyer=buyer, sender=sender, language=language)
    tracker, events = previous
    return next_turn(tracker, events, text, "bargain", entities)


def test_yes_to_the_offer_records_the_quote_and_changes_the_unpaid_orders_price(fresh_shop):
    list_price, _ = _jacket(fresh_shop)
    before_total, _, _ = _order(fresh_shop)
    tracker = _bargain("羽绒服能便宜点吗", buyer="demo_buyer")
    messages, events = run(ActionBargain(), tracker)
    assert responses(messages) == ["utter_bargain_offer"]
    assert _quotes(fresh_shop) == []  # an offer writes nothing
    offered = int(messages[0]["price"].rstrip("元").split(".")[0]) * 100

    messages, _ = run(ActionBargainAgreed(), next_turn(tracker, events, "可以 成交", "affirm"))
    assert responses(messages) == ["utter_bargain_applied"]
    assert messages[0]["order_id"] == UNPAID
    assert _quotes(fresh_shop) == [(offered, None, None, "applied", UNPAID, 1)]
    total, prices, notes = _order(fresh_shop)
    assert prices == [offered] and total == before_total - (list_price - offered)
    assert "议价成交改价" in notes


def test_no_to_the_offer_and_a_stale_yes_write_nothing(fresh_shop):
    tracker = _bargain("羽绒服能便宜点吗", buyer="demo_buyer")
    messages, events = run(ActionBargain(), tracker)
    later = next_turn(tracker, events, "发货快吗", "ask_delivery_time")
    messages, _ = run(ActionBargainAgreed(), next_turn(later, [], "好的", "affirm"))
    assert responses(messages) == ["utter_ok"]
    assert _quotes(fresh_shop) == []
    assert _order(fresh_shop)[1] == [_jacket(fresh_shop)[0]]


def test_a_price_of_the_buyers_own_is_read_back_before_it_is_agreed(fresh_shop):
    list_price, lowest = _jacket(fresh_shop)
    ask = (lowest // 100 + 1) * 100
    tracker = _bargain(f"{ask // 100}卖吗", amount=str(ask // 100))
    messages, events = run(ActionBargain(), tracker)
    assert responses(messages) == ["utter_bargain_accept_ask"]
    assert _quotes(fresh_shop) == []
    messages, _ = run(ActionBargainAgreed(), next_turn(tracker, events, "/affirm", "affirm"))
    assert responses(messages) == ["utter_bargain_agreed"]  # anonymous: no order to change yet
    assert _quotes(fresh_shop) == [(ask, None, None, "agreed", None, None)]


@pytest.mark.parametrize("language, text", [("zh", "{p}就{p}吧 成交"), ("en", "ok deal at {p}")])
def test_taking_a_price_in_words_closes_the_deal_at_once(fresh_shop, language, text):
    _, lowest = _jacket(fresh_shop)
    ask = (lowest // 100 + 2) * 100
    messages, _ = run(ActionBargain(), _bargain(text.format(p=ask // 100), str(ask // 100), language))
    assert responses(messages) == ["utter_bargain_agreed"]
    assert _quotes(fresh_shop) == [(ask, None, None, "agreed", None, None)]


def test_deal_words_below_the_shops_authority_get_a_counter_offer_not_a_deal(fresh_shop):
    _, lowest = _jacket(fresh_shop)
    low = lowest // 100 - 50
    messages, _ = run(ActionBargain(), _bargain(f"{low}成交", str(low)))
    assert responses(messages) in (["utter_bargain_offer"], ["utter_bargain_final"])
    assert _quotes(fresh_shop) == []


def test_the_last_offer_can_be_taken_with_the_coupon_instead_of_the_gift(fresh_shop):
    previous = None
    for _ in range(3):
        tracker = _bargain("再便宜点", language="en", previous=previous)
        messages, events = run(ActionBargain(), tracker)
        previous = (tracker, events)
    assert responses(messages) == ["utter_bargain_final"]
    _, lowest = _jacket(fresh_shop)
    final = int(slot_values(events)["bargain_price"])
    assert final >= lowest
    messages, _ = run(ActionBargainAgreed(), next_turn(tracker, events, "Deal, with the coupon", "affirm"))
    assert responses(messages) == ["utter_bargain_agreed"] and "coupon" in messages[0]["extra"]
    assert _quotes(fresh_shop) == [(final, None, 500, "agreed", None, None)]


def test_a_quote_agreed_before_the_order_is_honoured_when_the_buyer_sends_the_order(fresh_shop):
    list_price, lowest = _jacket(fresh_shop)
    ask = (lowest // 100 + 1) * 100
    run(ActionBargain(), _bargain(f"{ask // 100}就{ask // 100} 成交", str(ask // 100), sender="chat-7"))
    check = make_tracker(f"拍好了 {UNPAID}", "check_order", [entity("order_id", UNPAID)],
                         sender="chat-7", buyer="demo_buyer", order_id=UNPAID)
    messages, _ = run(ActionCheckOrder(), check)
    assert responses(messages) == ["utter_bargain_applied"]
    assert _order(fresh_shop)[1] == [ask]
    messages, _ = run(ActionCheckOrder(), make_tracker(UNPAID, "check_order", [entity("order_id", UNPAID)],
                                                        sender="chat-7", buyer="demo_buyer", order_id=UNPAID))
    assert responses(messages) == ["utter_order_status_unpaid"]  # applied once, not again
    assert [q[3] for q in _quotes(fresh_shop)] == ["applied"]


def test_another_buyers_quote_never_changes_this_buyers_order(fresh_shop):
    _, lowest = _jacket(fresh_shop)
    ask = (lowest // 100 + 1) * 100
    run(ActionBargain(), _bargain(f"{ask // 100}就{ask // 100} 成交", str(ask // 100), sender="other-chat",
                                  buyer="other_buyer"))
    messages, _ = run(ActionCheckOrder(), make_tracker(UNPAID, "check_order", [entity("order_id", UNPAID)],
                                                        sender="chat-8", buyer="demo_buyer", order_id=UNPAID))
    assert responses(messages) == ["utter_order_status_unpaid"]
    assert _order(fresh_shop)[1] == [_jacket(fresh_shop)[0]]
