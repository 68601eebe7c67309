"""Refunds, returns, exchanges and problem reports open real cases, within the policy's windows."""
from sqlalchemy import select

from actions.aftersale import ActionReportProblem, ActionRequestExchange, ActionRequestRefund, ActionRequestReturn, problem_kind
from bot.shop.db import session_scope
from bot.shop.models import AfterSaleCase
from tests.actions.conftest import COMPLETED_20D, DELIVERED_3D, PAID, SHIPPED, UNPAID, make_tracker, responses, run


def _verified(order_id, text, intent, **slots):
    return make_tracker(text, intent, order_id=order_id, verified_orders=[order_id], **slots)


def test_return_inside_the_window_opens_a_case_with_the_return_address(shop):
    messages, _ = run(ActionRequestReturn(), _verified(DELIVERED_3D, "七天无理由退货", "request_return"))
    assert responses(messages) == ["utter_case_opened_return_refund"]
    assert messages[0]["case_number"].startswith("AS") and messages[0]["return_address"].strip()
    with session_scope(shop) as s:
        cases = s.scalars(select(AfterSaleCase).where(AfterSaleCase.order_id == DELIVERED_3D)).all()
        assert [c.kind for c in cases] == ["return"]


def test_asking_twice_does_not_open_two_cases(shop):
    first, _ = run(ActionRequestReturn(), _verified(DELIVERED_3D, "退货", "request_return"))
    second, _ = run(ActionRequestReturn(), _verified(DELIVERED_3D, "退货", "request_return"))
    assert first[0]["case_number"] == second[0]["case_number"]


def test_return_outside_the_window_is_refused_with_the_deadline(shop):
    messages, _ = run(ActionRequestReturn(), _verified(COMPLETED_20D, "想退货", "request_return"))
    assert responses(messages)[0] == "utter_aftersale_refused_window_expired"
    assert messages[0]["deadline"] != "-"
    with session_scope(shop) as s:
        assert not s.scalars(select(AfterSaleCase).where(AfterSaleCase.order_id == COMPLETED_20D)).all()


def test_refund_before_shipping_is_refund_only(shop):
    messages, _ = run(ActionRequestRefund(), _verified(PAID, "我要退款", "request_refund"))
    assert responses(messages) == ["utter_case_opened_refund_only"]


def test_unpaid_order_has_nothing_to_refund():
    messages, _ = run(ActionRequestRefund(), _verified(UNPAID, "退款", "request_refund"))
    assert responses(messages) in (["utter_aftersale_refused_not_paid"], ["utter_aftersale_refused_cancelled"])


def test_exchange_inside_window(shop):
    messages, _ = run(ActionRequestExchange(), _verified(DELIVERED_3D, "能换大一码吗", "request_exchange", size="L"))
    assert responses(messages) == ["utter_case_opened_exchange"]


def test_damaged_item_gets_a_reship_case(shop):
    messages, _ = run(ActionReportProblem(), _verified(DELIVERED_3D, "收到是坏的，破了个洞", "report_problem"))
    assert responses(messages) == ["utter_problem_case_damaged"]
    with session_scope(shop) as s:
        case = s.scalars(select(AfterSaleCase).where(
            AfterSaleCase.kind == "problem", AfterSaleCase.order_id == DELIVERED_3D)).one()
        assert case.problem == "damaged" and case.resolution == "reship"
        assert case.reason == "收到是坏的，破了个洞"  # the buyer's own words


def test_problem_before_delivery_is_explained():
    messages, _ = run(ActionReportProblem(), _verified(SHIPPED, "少发了一件", "report_problem"))
    assert responses(messages) == ["utter_problem_not_received"]


def test_problem_kinds_in_both_languages():
    assert problem_kind("少发了一件") == "missing"
    assert problem_kind("发错颜色了") == "wrong_item"
    assert problem_kind("the item arrived broken") == "damaged"
    assert problem_kind("colour is different from the photo") == "color_difference"
