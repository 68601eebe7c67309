"""What the actions write is what the buyer meant (issue 9, data integrity), asserted in the database.

Each test gets its own copy of the seeded shop, so counts of rows are exact. Conversations are
built event by event as Rasa records them: the buyer's message, the slots action_extract_slots
fills from its entities (a tax id's digits become an order_id), then the form's validation.
"""
from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

from actions.aftersale import ActionRequestRefund, ActionRequestReturn
from actions.invoice import ActionAskInvoice, ActionSaveInvoice, ValidateInvoiceForm
from actions.order_access import ActionResumeTask
from actions.orders import ActionChangeAddress, ActionSaveAddress, ValidateAddressForm
from bot.shop.db import session_scope
from bot.shop.models import AfterSaleCase, Order
from tests.conftest import NOW
from tests.actions.conftest import (
    COMPLETED_20D, DELIVERED_3D, OTHERS, PAID, UNPAID, entity, make_tracker, responses, run, slot_values,
)

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
TAX_ID = "91350100M000100Y43"
SENDER, CLIENT = "buyer-di", "client-di"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A freshly seeded shop that no other test has written to."""
    from bot.shop.db import ensure_database

    path = tmp_path_factory.mktemp("pristine_shop") / "shop.db"
    ensure_database(f"sqlite:///{path}", now=NOW)
    return path


@pytest.fixture
def db(pristine, tmp_path, monkeypatch):
    """A private copy of the pristine shop for this test."""
    from bot.settings import get_settings

    target = tmp_path / "shop.db"
    shutil.copy(pristine, target)
    url = f"sqlite:///{target}"
    monkeypatch.setenv("XIAOER_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def user(text: str, intent: str, *entities: Dict[str, Any]) -> Dict[str, Any]:
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": list(entities)}
    return {"event": "user", "text": text, "parse_data": parse, "input_channel": "rest", "metadata": {}}


def slot(name: str, value: Any) -> Dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def loop(name: Optional[str]) -> Dict[str, Any]:
    return {"event": "active_loop", "name": name}


def action(name: str) -> Dict[str, Any]:
    return {"event": "action", "name": name}


def tracker(events: List[Dict[str, Any]]) -> Tracker:
    """A tracker as Rasa sends it: slots replayed from the events, the latest message from the last
    user event, which carries the envelope the Rasa server's channel seals (tests.actions.conftest:
    orders in verified_orders are recorded as proved by this client)."""
    slots: Dict[str, Any] = {"language": "zh"}
    active: Dict[str, Any] = {}
    for event in events:
        if event["event"] == "slot":
            slots[event["name"]] = event["value"]
        elif event["event"] == "active_loop":
            active = {"name": event["name"]} if event["name"] else {}
    index = max(i for i, e in enumerate(events) if e["event"] == "user")
    latest = events[index]["parse_data"]
    sealed = make_tracker(latest["text"], latest["intent"]["name"], latest["entities"], sender=SENDER,
                          client=CLIENT, verified_orders=slots.get("verified_orders") or []).events[-1]
    events = events[:index] + [{**events[index], "metadata": sealed["metadata"],
                                "input_channel": sealed["input_channel"]}] + events[index + 1:]
    return Tracker(SENDER, slots, latest, events, False, None, active, "action_listen")


def confirmed(action_, chat: List[Dict[str, Any]]):
    """Run the action, then the buyer's yes to what it offered; messages and events of both turns."""
    from actions.confirm import ActionAffirm

    first, events = run(action_, tracker(chat))
    second, more = run(ActionAffirm(), tracker(chat + events + [user("确认", "affirm")]))
    return first + second, events + more


def validate(form, events: List[Dict[str, Any]]):
    """Run a form validation action as Rasa calls it; (response names, slot values it sets)."""
    dispatcher = CollectingDispatcher()
    result = asyncio.run(form.run(dispatcher, tracker(events), DOMAIN))
    return responses(dispatcher.messages), {e["name"]: e["value"] for e in result if e.get("event") == "slot"}


def verified(order_id: str) -> List[Dict[str, Any]]:
    return [slot("order_id", order_id), slot("verified_orders", [order_id])]


def cases(url: str, order_id: str) -> List[AfterSaleCase]:
    with session_scope(url) as s:
        statement = select(AfterSaleCase).where(AfterSaleCase.order_id == order_id).order_by(AfterSaleCase.id)
        return list(s.scalars(statement))


def order(url: str, order_id: str) -> Order:
    with session_scope(url) as s:
        return s.get(Order, order_id)


# ---- invoices -------------------------------------------------------------------------------

def _invoice_chat(tax_message: str) -> List[Dict[str, Any]]:
    """要开发票 on a verified order, title given, then the tax id message (its digits read as an order_id)."""
    return [
        *verified(DELIVERED_3D),
        user("要开发票", "ask_invoice"),
        slot("invoice_ready", True), slot("invoice_title", None), slot("invoice_tax_id", None),
        action("invoice_form"), loop("invoice_form"), slot("requested_slot", "invoice_title"),
        user("福州某某科技有限公司", "inform"),
        action("action_extract_slots"), slot("invoice_title", "福州某某科技有限公司"),
        action("invoice_form"), slot("requested_slot", "invoice_tax_id"),
        user(tax_message, "inform", entity("order_id", "91350100")),
        action("action_extract_slots"), slot("order_id", "91350100"), slot("invoice_tax_id", tax_message),
    ]


def test_a_tax_id_in_the_invoice_form_is_stored_on_the_order_and_is_no_order_number(db):
    chat = _invoice_chat(f"税号是{TAX_ID}")
    said, slots = validate(ValidateInvoiceForm(), chat)
    assert said == [] and slots["invoice_tax_id"] == TAX_ID
    assert slots["order_id"] == DELIVERED_3D  # the digits inside the tax id did not replace the order

    chat += [slot(name, value) for name, value in slots.items()] + [loop(None), slot("requested_slot", None)]
    messages, events = confirmed(ActionSaveInvoice(), chat)
    assert responses(messages) == ["utter_confirm_invoice", "utter_invoice_saved"]
    assert messages[1]["order_id"] == DELIVERED_3D
    saved = order(db, DELIVERED_3D)
    assert (saved.invoice_title, saved.invoice_tax_id) == ("福州某某科技有限公司", TAX_ID)
    assert saved.invoice_requested_at is not None
    assert order(db, "91350100") is None


def test_the_invoice_goes_to_the_order_the_form_started_with_even_if_a_slot_was_overwritten(db):
    chat = _invoice_chat(TAX_ID) + [slot("invoice_tax_id", TAX_ID), loop(None), slot("requested_slot", None)]
    messages, events = confirmed(ActionSaveInvoice(), chat)  # order_id slot still says 91350100
    assert responses(messages) == ["utter_confirm_invoice", "utter_invoice_saved"]
    assert slot_values(events)["order_id"] == DELIVERED_3D
    assert order(db, DELIVERED_3D).invoice_tax_id == TAX_ID


def test_a_wrong_tax_id_is_asked_again_and_nothing_is_written(db):
    said, slots = validate(ValidateInvoiceForm(), _invoice_chat("91350100M000100Y44"))
    assert said == ["utter_invoice_tax_id_invalid"] and slots["invoice_tax_id"] is None
    assert slots["order_id"] == DELIVERED_3D
    assert order(db, DELIVERED_3D).invoice_tax_id is None


def test_a_title_with_markup_is_refused_and_an_empty_title_is_not_an_error(db):
    chat = [*verified(DELIVERED_3D), loop("invoice_form"), slot("requested_slot", "invoice_title"),
            user("<script>alert(1)</script>", "inform"), slot("invoice_title", "<script>alert(1)</script>")]
    said, slots = validate(ValidateInvoiceForm(), chat)
    assert said == ["utter_invoice_title_invalid"] and slots["invoice_title"] is None
    chat = [*verified(DELIVERED_3D), user("要开发票", "ask_invoice"), slot("invoice_title", None)]
    said, slots = validate(ValidateInvoiceForm(), chat)
    assert said == []  # the form just started: nothing typed, nothing wrong


def test_title_and_tax_id_in_one_message_fill_both(db):
    chat = [*verified(DELIVERED_3D), loop("invoice_form"), slot("requested_slot", "invoice_title"),
            user(f"抬头福州某某科技有限公司 税号{TAX_ID}", "inform", entity("order_id", "91350100")),
            slot("order_id", "91350100"), slot("invoice_title", f"抬头福州某某科技有限公司 税号{TAX_ID}")]
    said, slots = validate(ValidateInvoiceForm(), chat)
    assert said == [] and slots["invoice_title"] == "福州某某科技有限公司" and slots["invoice_tax_id"] == TAX_ID
    assert slots["order_id"] == DELIVERED_3D


def test_no_invoice_is_saved_for_an_order_the_buyer_has_not_verified(db):
    chat = [slot("order_id", OTHERS), slot("verified_orders", []), loop("invoice_form"),
            user(TAX_ID, "inform"), slot("invoice_title", "某某公司"), slot("invoice_tax_id", TAX_ID), loop(None)]
    messages, _ = run(ActionSaveInvoice(), tracker(chat))
    assert responses(messages) == ["utter_inform_unclear"]
    assert order(db, OTHERS).invoice_title is None


def test_asking_for_an_invoice_starts_the_form_for_the_verified_order(db):
    chat = [*verified(DELIVERED_3D), user("要开发票", "ask_invoice")]
    messages, events = run(ActionAskInvoice(), tracker(chat))
    assert slot_values(events)["invoice_ready"] is True


# ---- after-sale cases -----------------------------------------------------------------------

def test_the_case_keeps_the_complaint_not_the_phone_digits_and_damage_is_no_refund(db):
    """收到的东西有破损 → order number → phone digits: the case is opened on the digits' turn."""
    chat = [
        user("收到的东西有破损", "report_problem"), action("action_report_problem"), slot("pending_task", "report_problem"),
        user(DELIVERED_3D, "inform", entity("order_id", DELIVERED_3D)), slot("order_id", DELIVERED_3D),
        action("action_resume_task"),
        user("5678", "inform", entity("phone", "5678")), slot("phone_last4", "5678"),
        slot("verified_orders", [DELIVERED_3D]),
    ]
    before = len(cases(db, DELIVERED_3D))
    messages, _ = confirmed(ActionResumeTask(), chat)
    assert responses(messages) == ["utter_confirm_problem", "utter_problem_case_damaged"]
    new = cases(db, DELIVERED_3D)[before:]
    assert len(new) == 1
    assert new[0].reason == "收到的东西有破损" and "5678" not in new[0].reason and "5678" not in (new[0].detail or "")
    assert (new[0].kind, new[0].problem, new[0].resolution) == ("problem", "damaged", "reship")


def test_damage_read_as_a_refund_request_is_a_damage_case_without_a_refund(db):
    chat = [*verified(DELIVERED_3D), user("收到的东西有破损", "request_refund")]
    messages, _ = confirmed(ActionRequestRefund(), chat)
    assert responses(messages) == ["utter_confirm_problem", "utter_problem_case_damaged"]
    opened = [c for c in cases(db, DELIVERED_3D) if c.state == "open"]
    assert [(c.kind, c.problem, c.resolution) for c in opened] == [("problem", "damaged", "reship")]
    assert not [c for c in opened if c.kind == "refund" or c.resolution in ("refund", "refund_only")]


def test_a_refund_after_a_return_joins_the_open_case(db):
    with session_scope(db) as s:
        before = s.scalar(select(func.count()).select_from(AfterSaleCase))
    first, _ = confirmed(ActionRequestReturn(), [*verified(DELIVERED_3D), user("我要退货", "request_return")])
    second, _ = run(ActionRequestRefund(), tracker([*verified(DELIVERED_3D), user("我要退货", "request_return"),
                                                     user("我要退款", "request_refund")]))
    assert responses(first) == ["utter_confirm_case", "utter_case_opened_return_refund"]
    assert responses(second) == ["utter_case_joined"] and second[0]["case_number"] == first[1]["case_number"]
    with session_scope(db) as s:
        assert s.scalar(select(func.count()).select_from(AfterSaleCase)) == before + 1
    case = [c for c in cases(db, DELIVERED_3D) if c.state == "open"]
    assert len(case) == 1 and case[0].kind == "return"
    assert case[0].reason == "我要退货" and "我要退款" in case[0].detail


def test_a_refused_request_writes_nothing(db):
    before = len(cases(db, COMPLETED_20D))
    messages, _ = run(ActionRequestReturn(), tracker([*verified(COMPLETED_20D), user("想退货", "request_return")]))
    assert responses(messages)[0] == "utter_aftersale_refused_window_expired"
    assert len(cases(db, COMPLETED_20D)) == before


def test_a_button_payload_is_not_kept_as_the_buyers_words(db):
    messages, _ = confirmed(ActionRequestRefund(), [*verified(PAID), user("/request_refund", "request_refund")])
    assert responses(messages) == ["utter_confirm_case", "utter_case_opened_refund_only"]
    case = cases(db, PAID)[-1]
    assert case.reason == "买家申请退款" and case.detail is None


# ---- addresses ------------------------------------------------------------------------------

def _address_chat(text: str, *entities: Dict[str, Any]) -> List[Dict[str, Any]]:
    extracted = [slot(e["entity"] if e["entity"] == "order_id" else "phone_last4", e["value"]) for e in entities]
    return [
        *verified(PAID), user("地址写错了要改一下", "change_address"),
        slot("address_editable", True), slot("new_address", None),
        action("address_form"), loop("address_form"), slot("requested_slot", "new_address"),
        user(text, "inform", *entities), action("action_extract_slots"), *extracted, slot("new_address", text),
    ]


def _save(chat: List[Dict[str, Any]], slots: Dict[str, Any], confirm: bool = True):
    """The form is done: the address is read back and (with `confirm`) the buyer says yes."""
    chat = chat + [slot(name, value) for name, value in slots.items()] + [loop(None), slot("requested_slot", None)]
    return confirmed(ActionSaveAddress(), chat) if confirm else run(ActionSaveAddress(), tracker(chat))


def _address_fields(url: str, order_id: str):
    o = order(url, order_id)
    return o.province, o.city, o.address_line, o.recipient_name, o.recipient_phone


@pytest.mark.parametrize("text, said", [
    ("<b>北京市朝阳区建国路88号</b>", "utter_address_invalid"),
    ("北京市朝阳区建国路88号<img src=x onerror=alert(1)>", "utter_address_invalid"),
    ("火星市外星路1号", "utter_address_region_unknown"),
    ("朝阳区建国路88号 王小美 13812345678", "utter_address_region_unknown"),
    ("北京市朝阳区建国路88号 电话1381234567", "utter_address_phone_invalid"),
    ("香港九龙弥敦道1号", "utter_address_not_served"),
    ("我家楼下 123", "utter_address_region_unknown"),
])
def test_a_bad_address_is_asked_again_and_nothing_is_written(db, text, said):
    before = _address_fields(db, PAID)
    chat = _address_chat(text)
    messages, slots = validate(ValidateAddressForm(), chat)
    assert messages == [said] and slots["new_address"] is None
    messages, _ = _save(chat, {"new_address": text}, confirm=False)  # even if it reached the save action
    assert responses(messages) == [said]
    assert _address_fields(db, PAID) == before
    assert "买家修改地址" not in (order(db, PAID).notes or "")


def test_a_good_address_updates_province_city_and_detail_separately(db):
    text = "浙江省杭州市西湖区文三路88号3幢1201室 李雷 13900001111"
    chat = _address_chat(text, entity("phone", "13900001111"))
    said, slots = validate(ValidateAddressForm(), chat)
    assert said == [] and slots["new_address"] == text
    assert slots["phone_last4"] is None  # a phone typed in an address is no verification answer
    before = _address_fields(db, PAID)
    asked, _ = _save(chat, slots, confirm=False)
    assert responses(asked) == ["utter_confirm_address"] and _address_fields(db, PAID) == before
    messages, _ = _save(chat, slots)
    assert responses(messages) == ["utter_confirm_address", "utter_address_changed"]
    assert _address_fields(db, PAID) == ("浙江", "杭州", "西湖区文三路88号3幢1201室", "李雷", "13900001111")
    assert "浙江杭州西湖区文三路88号3幢1201室" in messages[0]["address"] == messages[1]["address"]


def test_an_english_address_is_stored_with_the_real_province_and_city(db):
    text = "Room 1205, 88 Jianguo Road, Chaoyang District, Beijing"
    chat = _address_chat(text)
    said, slots = validate(ValidateAddressForm(), chat)
    assert said == []
    messages, _ = _save(chat, slots)
    assert _address_fields(db, PAID)[:3] == ("北京", "北京", "朝阳区 Room 1205, 88 Jianguo Road")
    assert messages[0]["address"] == "北京朝阳区 Room 1205, 88 Jianguo Road"  # not the stored phone or name


@pytest.mark.parametrize("language, text, correction, intent, stored", [
    ("zh", "上海市浦东新区张江路88号1203室 王芳 13900001111", "不对，是1205室不是1203室", "deny",
     ("上海", "上海", "浦东新区张江路88号1205室", "王芳", "13900001111")),
    ("zh", "上海市浦东新区张江路88号1203室 王芳 13900001111", "对 不过收件人是王方不是王芳", "affirm",
     ("上海", "上海", "浦东新区张江路88号1203室", "王方", "13900001111")),
    ("en", "Room 1203, 88 Jianguo Road, Chaoyang District, Beijing", "room 1205 not 1203", "inform",
     ("北京", "北京", "朝阳区 Room 1205, 88 Jianguo Road")),
])
def test_a_correction_of_the_address_read_back_is_read_back_again_and_stored_only_after_yes(
        db, language, text, correction, intent, stored):
    from actions.confirm import ActionAffirm, ActionDeny

    chat = _address_chat(text) + [slot("language", language)]
    _, slots = validate(ValidateAddressForm(), chat)
    chat = chat + [slot(name, value) for name, value in slots.items()] + [loop(None), slot("requested_slot", None)]
    before = _address_fields(db, PAID)
    asked, events = run(ActionSaveAddress(), tracker(chat))
    chat = chat + events + [user(correction, intent)]
    action_ = {"deny": ActionDeny(), "affirm": ActionAffirm(), "inform": ActionResumeTask()}[intent]
    again, events = run(action_, tracker(chat))
    assert responses(again) == ["utter_confirm_address"]
    assert again[0]["address"] != asked[0]["address"]
    assert _address_fields(db, PAID) == before  # a correction writes nothing, even with "对"
    done, _ = run(ActionAffirm(), tracker(chat + events + [user("确认", "affirm")]))
    assert responses(done) == ["utter_address_changed"]
    assert _address_fields(db, PAID)[:len(stored)] == stored


def test_a_landline_in_the_address_does_not_change_the_order(db):
    text = "上海市浦东新区张江路123号 电话021-58881234"
    chat = _address_chat(text, entity("order_id", "58881234"))
    said, slots = validate(ValidateAddressForm(), chat)
    assert said == [] and slots["order_id"] == PAID
    messages, _ = _save(chat, slots)
    assert responses(messages) == ["utter_confirm_address", "utter_address_changed"]
    assert _address_fields(db, PAID)[:3] + _address_fields(db, PAID)[4:] == ("上海", "上海", "浦东新区张江路123号", "021-58881234")


def test_only_a_new_phone_changes_only_the_phone(db):
    province, city, line, name, _ = _address_fields(db, PAID)
    chat = _address_chat("13900002222", entity("phone", "13900002222"))
    said, slots = validate(ValidateAddressForm(), chat)
    assert said == []
    _save(chat, slots)
    assert _address_fields(db, PAID) == (province, city, line, name, "13900002222")


def test_the_address_of_a_shipped_or_unverified_order_is_not_written(db):
    before = _address_fields(db, OTHERS)
    chat = [slot("order_id", OTHERS), slot("verified_orders", []), loop("address_form"),
            user("浙江省杭州市西湖区文三路88号", "inform"), slot("new_address", "浙江省杭州市西湖区文三路88号"), loop(None)]
    messages, _ = run(ActionSaveAddress(), tracker(chat))
    assert responses(messages) == ["utter_inform_unclear"]
    assert _address_fields(db, OTHERS) == before
    messages, events = run(ActionChangeAddress(), tracker([*verified(UNPAID), user("改地址", "change_address")]))
    assert slot_values(events)["address_editable"] is True


# ---- reading the conversation ---------------------------------------------------------------

def test_the_statement_is_the_message_before_the_answers():
    from actions.conversation import slot_before_latest_message, slot_when_loop_started, stated_request

    events = [user("hi", "greet"), user("收到的东西有破损", "report_problem"), user(DELIVERED_3D, "inform"),
              user("5678", "inform")]
    assert stated_request(events, ("report_problem",)) == "收到的东西有破损"
    assert stated_request(events[:1] + events[2:], ("report_problem",)) is None  # "hi" stated nothing
    events = [slot("order_id", PAID), loop("address_form"), slot("order_id", OTHERS), user("x", "inform"),
              slot("order_id", "58881234")]
    assert slot_when_loop_started(events, "address_form", "order_id") == PAID
    assert slot_before_latest_message(events, "order_id") == OTHERS
    assert slot_when_loop_started(events, "invoice_form", "order_id") is None
