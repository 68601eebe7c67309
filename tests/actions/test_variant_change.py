"""Another size or colour before dispatch: read back with the new variant's stock, changed only on
the buyer's yes (stock moves from one variant to the other); after dispatch, no change."""
from sqlalchemy import select

from actions.aftersale import ActionRequestExchange
from actions.orders import ActionChangeAddress
from bot.shop.db import session_scope
from bot.shop.models import Order, Sku
from tests.actions.conftest import PAID, SHIPPED, answer, make_tracker, responses, run


def _order(url, order_id):
    with session_scope(url) as s:
        order = s.get(Order, order_id)
        return [(i.sku.product.code, i.sku.color_zh, i.sku.size, i.sku.stock) for i in order.items]


def _stock(url, product_code, colour, size):
    with session_scope(url) as s:
        return next(sku.stock for sku in s.scalars(select(Sku)) if sku.product.code == product_code
                    and sku.color_zh == colour and sku.size == size)


def _other_size(url, order_id):
    """A size of the ordered product (same colour) other than the ordered one, in stock."""
    code, colour, size, _ = _order(url, order_id)[0]
    with session_scope(url) as s:
        return next(sku.size for sku in s.scalars(select(Sku)) if sku.product.code == code and sku.color_zh == colour
                    and sku.size not in (size, None) and sku.stock > 2)


def test_a_wrong_size_before_dispatch_is_changed_on_yes_and_the_stock_moves(fresh_shop):
    code, colour, size, _ = _order(fresh_shop, PAID)[0]
    wanted = _other_size(fresh_shop, PAID)
    before_old, before_new = _stock(fresh_shop, code, colour, size), _stock(fresh_shop, code, colour, wanted)
    tracker = make_tracker(f"拍错尺码了 能改成{wanted}码吗", "change_address", order_id=PAID, verified_orders=[PAID])
    asked, events = run(ActionChangeAddress(), tracker)
    assert responses(asked) == ["utter_confirm_variant_change"], asked
    assert {"event": "slot", "name": "address_editable", "value": False} in [
        {k: e[k] for k in ("event", "name", "value")} for e in events if e.get("event") == "slot"]
    assert _order(fresh_shop, PAID)[0][2] == size  # a proposal writes nothing
    messages, _ = answer(ActionChangeAddress(), tracker)
    assert responses(messages)[-1] == "utter_variant_changed"
    assert _order(fresh_shop, PAID)[0][2] == wanted
    assert _stock(fresh_shop, code, colour, size) == before_old + 1
    assert _stock(fresh_shop, code, colour, wanted) == before_new - 1


def test_l_instead_of_m_reads_the_wanted_size_and_no_still_changes_nothing(fresh_shop):
    code, colour, size, _ = _order(fresh_shop, PAID)[0]
    wanted = _other_size(fresh_shop, PAID)
    tracker = make_tracker(f"i need {wanted} instead of {size}", "change_address", order_id=PAID,
                           verified_orders=[PAID], language="en")
    messages, _ = answer(ActionChangeAddress(), tracker, intent="deny")
    assert responses(messages)[0] == "utter_confirm_variant_change" and messages[0]["new"].endswith(wanted)
    assert _order(fresh_shop, PAID)[0][2] == size


def test_an_exchange_asked_before_dispatch_is_a_variant_change_and_after_dispatch_it_is_not(fresh_shop):
    wanted = _other_size(fresh_shop, PAID)
    messages, _ = run(ActionRequestExchange(), make_tracker(f"想换成{wanted}码", "request_exchange", order_id=PAID,
                                                            verified_orders=[PAID]))
    assert responses(messages) == ["utter_confirm_variant_change"]
    messages, _ = run(ActionChangeAddress(), make_tracker("拍错码了 能改成L吗", "change_address", order_id=SHIPPED,
                                                          verified_orders=[SHIPPED]))
    assert responses(messages) == ["utter_variant_change_too_late"]


def test_a_change_without_the_size_asks_which_and_an_address_change_stays_one(fresh_shop):
    messages, events = run(ActionChangeAddress(), make_tracker("拍错尺码了 能改吗", "change_address", order_id=PAID,
                                                               verified_orders=[PAID]))
    assert responses(messages) == ["utter_variant_change_which"]
    assert any(e.get("name") == "pending_task" and e.get("value") == "change_variant" for e in events)
    messages, _ = run(ActionChangeAddress(), make_tracker("地址写错了 要改一下", "change_address", order_id=PAID,
                                                          verified_orders=[PAID]))
    assert responses(messages) == ["utter_address_change_possible"]
