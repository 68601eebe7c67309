"""Data integrity over REST against the real servers: what the probe of issue 9 found, asserted in the DB.

The buyer's messages go through the trained NLU: a tax id's digit runs are read as an order number
and the phone digits answer the verification, as in the probe.
"""
from __future__ import annotations

from sqlalchemy import func, select

from bot.shop.db import session_scope
from bot.shop.models import AfterSaleCase, Order

PAID, DELIVERED_3D, UNPAID = "1001202611000002", "1001202611000003", "1001202611000005"
TAX_ID = "91350100M000100Y43"


def _open_cases(shop_url: str, order_id: str):
    with session_scope(shop_url) as s:
        return list(s.scalars(select(AfterSaleCase).where(
            AfterSaleCase.order_id == order_id, AfterSaleCase.state == "open").order_by(AfterSaleCase.id)))


def test_an_invoice_with_a_tax_id_is_saved_on_the_order(chat, servers):
    chat.say(f"要开发票 订单{DELIVERED_3D}")
    chat.say("5678")
    chat.say("福州某某科技有限公司")
    asked = "\n".join(chat.say(TAX_ID))
    assert DELIVERED_3D in asked and "确认" in asked
    with session_scope(servers["shop_url"]) as s:
        assert s.get(Order, DELIVERED_3D).invoice_tax_id != TAX_ID  # read back, not yet saved
    answer = "\n".join(chat.say("确认"))
    assert "登记发票抬头" in answer
    with session_scope(servers["shop_url"]) as s:
        order = s.get(Order, DELIVERED_3D)
        assert (order.invoice_title, order.invoice_tax_id) == ("福州某某科技有限公司", TAX_ID)


def test_a_damage_report_keeps_the_buyers_words_and_is_no_refund(chat, servers):
    before = {c.id for c in _open_cases(servers["shop_url"], DELIVERED_3D)}
    chat.say("收到的东西有破损")
    chat.say(DELIVERED_3D)
    chat.say("5678")
    chat.say("确认")
    cases = _open_cases(servers["shop_url"], DELIVERED_3D)
    new = [c for c in cases if c.id not in before]
    assert len(new) <= 1
    if new:
        assert (new[0].kind, new[0].problem, new[0].resolution) == ("problem", "damaged", "reship")
        assert new[0].reason == "收到的东西有破损"
    else:  # joined a problem case opened earlier in this session
        assert any(c.kind == "problem" and "收到的东西有破损" in (c.detail or "") for c in cases)


def _unshipped_order(shop_url: str):
    """An unpaid or paid order no other test touches: (number, last 4 digits of its phone)."""
    with session_scope(shop_url) as s:
        order = s.scalars(select(Order).where(Order.state == "paid", Order.id.not_in([PAID, UNPAID]))
                          .order_by(Order.id.desc())).first()
        return order.id, order.recipient_phone[-4:]


def test_an_address_with_markup_is_refused_and_a_real_one_is_stored_in_fields(chat, servers):
    order_id, last4 = _unshipped_order(servers["shop_url"])
    with session_scope(servers["shop_url"]) as s:
        before = s.get(Order, order_id).address_line
    chat.say(f"地址写错了要改一下 订单{order_id}")
    chat.say(last4)
    chat.say("<b>北京市朝阳区建国路88号</b>")
    with session_scope(servers["shop_url"]) as s:
        assert s.get(Order, order_id).address_line == before
    asked = "\n".join(chat.say("广东省深圳市南山区科技园路1号"))
    assert "广东深圳南山区科技园路1号" in asked
    with session_scope(servers["shop_url"]) as s:
        assert s.get(Order, order_id).address_line == before  # read back first
    chat.say("对的")
    with session_scope(servers["shop_url"]) as s:
        order = s.get(Order, order_id)
        assert (order.province, order.city, order.address_line) == ("广东", "深圳", "南山区科技园路1号")


def _count(shop_url: str) -> int:
    with session_scope(shop_url) as s:
        return s.scalar(select(func.count()).select_from(AfterSaleCase))


def test_return_then_refund_is_one_case(chat, servers):
    total = _count(servers["shop_url"])
    chat.say(f"我要退货 订单{DELIVERED_3D}")
    chat.say("5678")
    chat.say("确认")
    after_return = _count(servers["shop_url"])
    assert after_return <= total + 1
    chat.say("我要退款")
    assert _count(servers["shop_url"]) == after_return
