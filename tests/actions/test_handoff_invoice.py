"""Handoff tickets pause the bot; invoices are validated and written to the order."""
from rasa_sdk.events import ConversationPaused
from sqlalchemy import select

from actions.handoff import ActionFallback, ActionHandoff
from bot.service.handoff import ticket_priority
from actions.invoice import ActionAskInvoice, ActionSaveInvoice, ValidateInvoiceForm
from bot.shop.db import session_scope
from bot.shop.models import HandoffTicket, Order
from tests.actions.conftest import DELIVERED_3D, answer, make_tracker, responses, run, slot_values
from rasa_sdk.executor import CollectingDispatcher


def test_complaint_opens_a_priority_ticket_and_pauses_the_bot(shop):
    messages, events = run(ActionHandoff(), make_tracker("再不处理就给差评", "complaint", sender="angry-1"))
    assert responses(messages)[0] == "utter_complaint_sorry"
    assert responses(messages)[1] == "utter_handoff_nobody_online"  # day shift, no console open
    assert events[-1] == dict(ConversationPaused())
    with session_scope(shop) as s:
        ticket = s.scalars(select(HandoffTicket).where(HandoffTicket.conversation_id == "angry-1")).one()
        assert ticket.priority == 1 and ticket.state == "waiting" and ticket.reason == "complaint"


def test_priorities():
    assert ticket_priority("complaint", "你们就是骗子") == 1
    assert ticket_priority("complaint", "this is unacceptable") == 2
    assert ticket_priority("ask_human", "转人工") == 3


def test_third_fallback_in_a_row_hands_over():
    fallback = {"event": "user", "text": "???", "parse_data": {"intent": {"name": "nlu_fallback"}}}
    messages, events = run(ActionFallback(), make_tracker("??", "nlu_fallback", events=[fallback], sender="lost-1"))
    assert responses(messages) == ["utter_fallback"]
    messages, events = run(ActionFallback(), make_tracker("??", "nlu_fallback", events=[fallback, fallback], sender="lost-1"))
    assert events[-1] == dict(ConversationPaused())


def test_empty_message_gets_a_clear_answer():
    messages, _ = run(ActionFallback(), make_tracker("   ", "nlu_fallback"))
    assert responses(messages) == ["utter_empty_message"]


def test_invoice_without_an_order_explains_and_remembers_the_task():
    messages, events = run(ActionAskInvoice(), make_tracker("能开发票吗", "ask_invoice"))
    assert responses(messages) == ["utter_invoice_policy", "utter_invoice_send_order"]
    assert slot_values(events)["pending_task"] == "ask_invoice"


def test_invoice_form_validates_and_saves_to_the_order(shop):
    messages, events = run(ActionAskInvoice(), make_tracker("开发票", "ask_invoice", order_id=DELIVERED_3D, verified_orders=[DELIVERED_3D]))
    assert slot_values(events)["invoice_ready"] is True
    form = ValidateInvoiceForm()
    dispatcher = CollectingDispatcher()
    assert form.validate_invoice_tax_id("123", dispatcher, None, {}) == {"invoice_tax_id": None}
    assert form.validate_invoice_tax_id("91330106 MA2AB1234X", dispatcher, None, {}) == {"invoice_tax_id": None}  # check character
    assert form.validate_invoice_tax_id("9135 0100 M000 100Y43", dispatcher, None, {}) == {"invoice_tax_id": "91350100M000100Y43"}
    assert form.validate_invoice_title("个人", dispatcher, None, {})["invoice_tax_id"] == "-"
    messages, _ = answer(ActionSaveInvoice(), make_tracker("x", "inform", order_id=DELIVERED_3D, verified_orders=[DELIVERED_3D],
                                                     invoice_title="杭州小美服饰有限公司", invoice_tax_id="91350100M000100Y43"))
    assert responses(messages) == ["utter_confirm_invoice", "utter_invoice_saved"]
    with session_scope(shop) as s:
        order = s.get(Order, DELIVERED_3D)
        assert order.invoice_title == "杭州小美服饰有限公司" and order.invoice_tax_id == "91350100M000100Y43"


def test_a_failing_action_apologises_and_queues_the_chat_for_a_person(shop, monkeypatch):
    from actions.orders import ActionCheckOrder

    def broken(self, turn, session, order):
        raise RuntimeError("warehouse system down")

    monkeypatch.setattr(ActionCheckOrder, "on_order", broken)
    messages, events = run(ActionCheckOrder(), make_tracker("查订单", "check_order", sender="broken-1",
                                                         order_id=DELIVERED_3D, verified_orders=[DELIVERED_3D]))
    assert responses(messages)[0] == "utter_action_failed"
    assert events[-1] == dict(ConversationPaused())
    with session_scope(shop) as s:
        ticket = s.scalars(select(HandoffTicket).where(HandoffTicket.conversation_id == "broken-1")).one()
        assert ticket.reason == "action_failed" and ticket.order_id == DELIVERED_3D
