"""Issue 11 item 6: the hours answered without a ticket, a yes to the offer connects, return
tracking numbers recorded on the case, "when does my refund arrive" answered from the case."""
from datetime import datetime

import pytest
from rasa_sdk.events import ConversationPaused
from sqlalchemy import select

from actions.handoff import ActionHandoff
from actions.returns import ActionRefundStatus, ActionReturnTracking
from bot.shop import repositories as repo
from bot.shop.db import session_scope
from bot.shop.models import AfterSaleCase, HandoffTicket
from tests.actions.conftest import DELIVERED_3D, PAID, entity, make_tracker, responses, run, slot_values
from tests.conftest import NOW, console_open


@pytest.fixture
def own_shop(fresh_shop):
    """A shop database of this test's own, so counting what was written counts only this test,
    with an agent's console open (nobody online: tests/actions/test_handoff_presence.py)."""
    console_open(fresh_shop)
    return fresh_shop


def _tickets(url, sender):
    with session_scope(url) as s:
        return s.scalars(select(HandoffTicket).where(HandoffTicket.conversation_id == sender)).all()


@pytest.mark.parametrize("text", ["客服几点上班", "人工什么时候在", "when are you online", "customer care hours"])
def test_asking_when_gets_the_hours_and_an_offer_not_a_ticket(own_shop, text):
    language = "en" if text.isascii() else "zh"
    messages, events = run(ActionHandoff(), make_tracker(text, "ask_human", sender="when-1", language=language))
    assert responses(messages) == ["utter_service_hours_open"]
    assert messages[0]["hours"] == ("every day 08:30-24:00" if language == "en" else "每天 08:30-24:00")
    assert "小美" in messages[0]["agents"] and messages[0]["minutes"] == 5
    assert messages[0]["shop"] == ("Xiaoer Select" if language == "en" else "小二优选")
    assert slot_values(events) == {"human_offered": True}
    assert dict(ConversationPaused()) not in events
    assert _tickets(own_shop, "when-1") == []


def test_asking_when_at_night_says_when_the_next_shift_starts(own_shop, monkeypatch):
    import actions.common as common

    monkeypatch.setattr(common, "shop_now", lambda: datetime(2026, 11, 18, 2, 0))
    messages, events = run(ActionHandoff(), make_tracker("人工客服几点上班", "ask_human", sender="night-1"))
    assert responses(messages) == ["utter_service_hours_closed"]
    assert messages[0]["next_open"] == "11月18日 08:30"
    assert slot_values(events) == {"human_offered": False}
    assert _tickets(own_shop, "night-1") == []


@pytest.mark.parametrize("text", ["转人工", "let me talk to a person", "我要人工 你们几点上班", "/ask_human"])
def test_asking_for_a_person_still_opens_the_ticket(own_shop, text):
    messages, events = run(ActionHandoff(), make_tracker(text, "ask_human", sender="person-1"))
    assert responses(messages) == ["utter_handoff_open"]
    assert events[-1] == dict(ConversationPaused())
    assert [t.reason for t in _tickets(own_shop, "person-1")] == ["ask_human"]


def _asked_hours(text="客服几点上班"):
    return [{"event": "user", "text": text, "parse_data": {"intent": {"name": "ask_human"}}},
            {"event": "action", "name": "action_handoff"},
            {"event": "slot", "name": "human_offered", "value": True}]


def test_yes_right_after_the_offer_connects(own_shop):
    messages, events = run(ActionHandoff(), make_tracker("好的", "affirm", sender="yes-1", events=_asked_hours()))
    assert responses(messages) == ["utter_handoff_open"]
    assert events[-1] == dict(ConversationPaused()) and slot_values(events)["human_offered"] is False
    assert len(_tickets(own_shop, "yes-1")) == 1
    with session_scope(own_shop) as s:
        ticket = s.scalars(select(HandoffTicket).where(HandoffTicket.conversation_id == "yes-1")).one()
        assert ticket.summary == "客服几点上班" and ticket.reason == "ask_human"


def test_a_stale_offer_is_not_taken_as_yes(own_shop):
    later = _asked_hours() + [{"event": "user", "text": "运费多少", "parse_data": {"intent": {"name": "ask_shipping_fee"}}},
                              {"event": "action", "name": "action_shipping_fee"}]
    messages, events = run(ActionHandoff(), make_tracker("好的", "affirm", sender="stale-1", events=later))
    assert responses(messages) == ["utter_ok"]
    assert dict(ConversationPaused()) not in events
    assert _tickets(own_shop, "stale-1") == []


def _open_case(url, order_id, kind, resolution):
    with session_scope(url) as s:
        order = repo.get_order(s, order_id)
        return repo.open_case(s, order, kind, "买家申请", None, resolution, NOW).id


def _case(url, case_id):
    with session_scope(url) as s:
        case = s.get(AfterSaleCase, case_id)
        s.expunge(case)
        return case


def _tracking(text, number, **slots):
    return make_tracker(text, "inform", [entity("tracking_number", number)], order_id=DELIVERED_3D,
                        verified_orders=[DELIVERED_3D], **slots)


def test_a_return_tracking_number_is_recorded_on_the_open_return(own_shop):
    case_id = _open_case(own_shop, DELIVERED_3D, "return", "return_refund")
    messages, events = run(ActionReturnTracking(), _tracking("YT1234567890123", "YT1234567890123"))
    assert responses(messages) == ["utter_return_tracking_saved_refund"]
    assert messages[0]["courier"] == "圆通" and messages[0]["refund_days"] == 3
    case = _case(own_shop, case_id)
    assert (case.return_tracking_number, case.return_courier, case.return_shipped_at) == ("YT1234567890123", "yto", NOW)
    assert "YT1234567890123" in case.detail
    assert slot_values(events)["tracking_number"] is None
    again, _ = run(ActionReturnTracking(), _tracking("单号 YT1234567890123", "YT1234567890123"))
    assert responses(again) == ["utter_return_tracking_already"]


def test_an_exchange_parcel_is_recorded_with_the_courier_named(own_shop):
    case_id = _open_case(own_shop, DELIVERED_3D, "exchange", "exchange")
    tracker = make_tracker("顺丰 sf 123456789012", "inform", [entity("tracking_number", "sf 123456789012"),
                                                          entity("express_company", "顺丰")],
                           order_id=DELIVERED_3D, verified_orders=[DELIVERED_3D])
    messages, _ = run(ActionReturnTracking(), tracker)
    assert responses(messages) == ["utter_return_tracking_saved_exchange"]
    case = _case(own_shop, case_id)
    assert (case.return_tracking_number, case.return_courier) == ("SF123456789012", "sf")


def test_a_tracking_number_without_an_open_return_writes_nothing(own_shop):
    messages, events = run(ActionReturnTracking(), _tracking("YT1234567890123", "YT1234567890123"))
    assert responses(messages) == ["utter_return_tracking_no_case"]
    with session_scope(own_shop) as s:
        assert s.scalars(select(AfterSaleCase).where(AfterSaleCase.return_tracking_number.is_not(None))).all() == []


def test_a_tracking_number_is_never_taken_for_an_order_number(own_shop):
    """Anonymous, no order yet: the bot asks for the order and keeps the tracking number."""
    tracker = make_tracker("YT1234567890123", "inform", [entity("tracking_number", "YT1234567890123")])
    messages, events = run(ActionReturnTracking(), tracker)
    assert responses(messages) == ["utter_ask_order_id"]
    values = slot_values(events)
    assert values["tracking_number"] == "YT1234567890123" and values["pending_task"] == "return_tracking"
    assert "order_id" not in values


def test_refund_status_from_the_case(own_shop):
    refund_only = _open_case(own_shop, PAID, "refund", "refund_only")
    messages, _ = run(ActionRefundStatus(), make_tracker("退款什么时候到账", "request_refund", order_id=PAID,
                                                         verified_orders=[PAID]))
    assert responses(messages) == ["utter_refund_status_processing"]
    assert messages[0]["case_number"] == f"AS{refund_only:08d}" and messages[0]["by"] == "11月23日"

    def ask():
        return run(ActionRefundStatus(), make_tracker("when will my refund arrive", "request_refund", language="en",
                                                      order_id=DELIVERED_3D, verified_orders=[DELIVERED_3D]))[0]

    assert responses(ask()) == ["utter_refund_status_none"]
    _open_case(own_shop, DELIVERED_3D, "return", "return_refund")
    assert responses(ask()) == ["utter_refund_status_send_back"]
    run(ActionReturnTracking(), _tracking("YT1234567890123", "YT1234567890123"))
    status = ask()
    assert responses(status) == ["utter_refund_status_on_its_way"]
    assert status[0]["tracking_number"] == "YT1234567890123" and status[0]["by"] == "Nov 25"


def test_an_hours_question_the_nlu_missed_is_still_answered(own_shop):
    from actions.handoff import ActionFallback

    messages, events = run(ActionFallback(), make_tracker("when are you online", "nlu_fallback", sender="missed-1",
                                                          language="en"))
    assert responses(messages) == ["utter_service_hours_open"]
    assert _tickets(own_shop, "missed-1") == []
    messages, _ = run(ActionFallback(), make_tracker("when will it arrive", "nlu_fallback", sender="missed-2"))
    assert "utter_service_hours_open" not in responses(messages)
