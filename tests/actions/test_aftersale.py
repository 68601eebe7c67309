"""Refunds, returns, exchanges and problem reports open real cases, within the policy's windows."""
from sqlalchemy import select

from actions.aftersale import ActionReportProblem, ActionRequestExchange, ActionRequestRefund, ActionRequestReturn, problem_kind
from bot.shop.db import session_scope
from bot.shop.models import AfterSaleCase
from tests.actions.conftest import COMPLETED_20D, DELIVERED_3D, PAID, SHIPPED, UNPAID, answer, make_tracker, responses, run


def _verified(order_id, text, intent, **slots):
    return make_tracker(text, intent, order_id=order_id, verified_orders=[order_id], **slots)


def test_return_inside_the_window_opens_a_case_with_the_return_address(shop):
    messages, _ = answer(ActionRequestReturn(), _verified(DELIVERED_3D, "七天无理由退货", "request_return"))
    assert responses(messages) == ["utter_confirm_case", "utter_case_opened_return_refund"]
    assert messages[1]["case_number"].startswith("AS") and messages[1]["return_address"].strip()
    with session_scope(shop) as s:
        cases = s.scalars(select(AfterSaleCase).where(AfterSaleCase.order_id == DELIVERED_3D)).all()
        assert [c.kind for c in cases] == ["return"]


def test_asking_twice_does_not_open_two_cases(shop):
    first, _ = answer(ActionRequestReturn(), _verified(DELIVERED_3D, "退货", "request_return"))
    second, _ = answer(ActionRequestReturn(), _verified(DELIVERED_3D, "退货", "request_return"))
    assert responses(second) == ["utter_case_joined", "utter_ok"]
    assert next(m["case_number"] for m in first if "case_number" in m) == second[0]["case_number"]


def test_return_outside_the_window_is_refused_with_the_deadline(shop):
    messages, _ = run(ActionRequestReturn(), _verified(COMPLETED_20D, "想退货", "request_return"))
    assert responses(messages)[0] == "utter_aftersale_refused_window_expired"
    assert messages[0]["deadline"] != "-"
    with session_scope(shop) as s:
        assert not s.scalars(select(AfterSaleCase).where(AfterSaleCase.order_id == COMPLETED_20D)).all()


def test_refund_before_shipping_is_refund_only(shop):
    messages, _ = answer(ActionRequestRefund(), _verified(PAID, "我要退款", "request_refund"))
    assert responses(messages) == ["utter_confirm_case", "utter_case_opened_refund_only"]


def test_unpaid_order_has_nothing_to_refund():
    messages, _ = run(ActionRequestRefund(), _verified(UNPAID, "退款", "request_refund"))
    assert responses(messages) in (["utter_aftersale_refused_not_paid"], ["utter_aftersale_refused_cancelled"])


def test_exchange_inside_window(shop):
    messages, _ = answer(ActionRequestExchange(), _verified(DELIVERED_3D, "能换大一码吗", "request_exchange", size="L"))
    assert responses(messages) == ["utter_case_possible", "utter_case_opened_exchange"]  # answered, then done on yes
    assert messages[0]["until"].endswith("前都可以申请")


def test_a_request_is_read_back_and_a_question_is_answered_before_the_offer(fresh_shop):
    asked, _ = run(ActionRequestReturn(), _verified(DELIVERED_3D, "如果不合适现在还能退吗", "request_return"))
    told, _ = run(ActionRequestReturn(), _verified(DELIVERED_3D, "我要退货", "request_return"))
    assert responses(asked) == ["utter_case_possible"] and responses(told) == ["utter_confirm_case"]
    with session_scope(fresh_shop) as s:
        assert s.scalars(select(AfterSaleCase).where(AfterSaleCase.order_id == DELIVERED_3D)).all() == []


def test_damaged_item_gets_a_reship_case(shop):
    messages, _ = answer(ActionReportProblem(), _verified(DELIVERED_3D, "收到是坏的，破了个洞", "report_problem"))
    assert responses(messages) == ["utter_confirm_problem", "utter_problem_case_damaged"]
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


def _cases(shop, order_id):
    with session_scope(shop) as s:
        return s.scalars(select(AfterSaleCase).where(AfterSaleCase.order_id == order_id)).all()


def test_a_request_only_asks_until_the_buyer_says_yes(fresh_shop):
    messages, events = run(ActionRequestReturn(), _verified(DELIVERED_3D, "我要退货", "request_return"))
    assert responses(messages) == ["utter_confirm_case"]
    assert messages[0]["order_id"] == DELIVERED_3D and "卫衣" in messages[0]["items"]
    assert [e["value"]["kind"] for e in events if e.get("name") == "pending_proposal"] == ["return"]
    assert _cases(fresh_shop, DELIVERED_3D) == []


def test_no_writes_nothing(fresh_shop):
    messages, _ = answer(ActionRequestReturn(), _verified(DELIVERED_3D, "我要退货", "request_return"), "deny")
    assert responses(messages) == ["utter_confirm_case", "utter_proposal_declined"]
    assert _cases(fresh_shop, DELIVERED_3D) == []


def test_a_question_about_the_rules_gets_the_rules_and_writes_nothing(fresh_shop):
    for text in ("你们支持7天无理由吗", "退货运费谁出", "whats your return policy?"):
        messages, events = run(ActionRequestReturn(), _verified(DELIVERED_3D, text, "request_return"))
        assert responses(messages) == ["utter_policy_return"], text
        assert messages[0]["no_reason_days"] == 7
        assert not [e for e in events if e.get("name") == "pending_proposal"]
    assert _cases(fresh_shop, DELIVERED_3D) == []


def test_a_yes_that_answers_another_question_does_nothing(fresh_shop):
    from actions.confirm import ActionAffirm
    from tests.actions.conftest import slot_values
    from rasa_sdk import Tracker

    tracker = _verified(DELIVERED_3D, "我要退货", "request_return")
    _, events = run(ActionRequestReturn(), tracker)
    asked = tracker.events[-1]
    later = [{"event": "user", "text": "包邮吗", "parse_data": {"intent": {"name": "ask_shipping_fee"}},
              "metadata": asked["metadata"]}, {"event": "bot", "text": "包邮"}]
    yes = {"event": "user", "text": "好的", "parse_data": {"intent": {"name": "affirm"}}, "metadata": asked["metadata"],
           "input_channel": "rest"}
    follow = Tracker(tracker.sender_id, {**tracker.slots, **slot_values(events)}, yes["parse_data"],
                     list(tracker.events) + events + later + [yes], False, None, {}, "action_listen")
    messages, _ = run(ActionAffirm(), follow)
    assert responses(messages) == ["utter_ok"]
    assert _cases(fresh_shop, DELIVERED_3D) == []


def test_asking_when_a_refund_arrives_gets_its_status_and_opens_nothing(fresh_shop):
    messages, events = run(ActionRequestRefund(), _verified(PAID, "退款什么时候到账", "request_refund"))
    assert responses(messages) and responses(messages)[0].startswith("utter_refund"), messages
    assert not [e for e in events if e.get("name") == "pending_proposal"]
    assert _cases(fresh_shop, PAID) == []


def test_goods_that_do_not_fit_are_no_fault_report_the_buyer_is_told_how_to_exchange(fresh_shop):
    with session_scope(fresh_shop) as s:
        before = len(s.scalars(select(AfterSaleCase)).all())
    messages, events = run(ActionReportProblem(), make_tracker("你好 我买的卫衣收到了 有点大", "report_problem"))
    assert responses(messages) == ["utter_policy_exchange"]
    assert {"event": "slot", "name": "pending_task", "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]
    with session_scope(fresh_shop) as s:
        assert len(s.scalars(select(AfterSaleCase)).all()) == before  # a statement writes nothing


def test_goods_that_do_not_fit_on_a_known_order_propose_an_exchange_at_the_buyers_postage(fresh_shop):
    messages, _ = run(ActionReportProblem(), _verified(DELIVERED_3D, "the shoes are too small", "report_problem",
                                                       language="en"))
    assert responses(messages) == ["utter_confirm_case"]
    assert "xchange" in messages[0]["kind"] and "problem" not in messages[0]["kind"].lower()
    with session_scope(fresh_shop) as s:
        assert not s.scalars(select(AfterSaleCase).where(AfterSaleCase.order_id == DELIVERED_3D)).all()
