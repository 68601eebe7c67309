"""Order actions against the seeded shop: access control, status, logistics, cancel, address."""
from datetime import timedelta

from sqlalchemy import select

from actions.order_access import ActionResumeTask
from actions.orders import (
    ActionCancelOrder, ActionChangeAddress, ActionCheckOrder, ActionSaveAddress, ActionTrackLogistics,
    ActionUrgeShipment,
)
from bot.shop.db import session_scope
from bot.shop.models import Order, Sku
from tests.actions.conftest import (
    CANCELLED, OTHERS, PAID, SHIPPED, STALLED, UNPAID, XINJIANG, answer, entity, make_tracker, responses, run,
    slot_values,
)
from tests.conftest import NOW


def test_anonymous_buyer_is_asked_for_the_order_number_and_the_task_is_remembered():
    messages, events = run(ActionCheckOrder(), make_tracker("帮我查下订单", "check_order"))
    assert responses(messages) == ["utter_ask_order_id"]
    assert slot_values(events)["pending_task"] == "check_order"


def test_order_number_then_phone_digits_unlock_the_order():
    messages, events = run(ActionCheckOrder(), make_tracker(f"查下 {SHIPPED}", "check_order", order_id=SHIPPED))
    assert responses(messages) == ["utter_ask_phone_last4"]
    messages, events = run(
        ActionResumeTask(),
        make_tracker("5678", "inform", [entity("phone", "5678")], order_id=SHIPPED,
                     phone_last4="5678", pending_task="check_order"),
    )
    assert responses(messages) == ["utter_order_status_shipped"]
    assert messages[0]["order_id"] == SHIPPED and messages[0]["tracking_number"]
    assert SHIPPED in slot_values(events)["verified_orders"]


def test_someone_elses_order_is_never_shown():
    messages, events = run(
        ActionCheckOrder(), make_tracker("1234", "inform", order_id=OTHERS, phone_last4="5678")
    )
    assert responses(messages) == ["utter_order_phone_mismatch"]
    assert "items" not in messages[0] and slot_values(events)["order_id"] is None


def test_unknown_order_looks_like_a_mismatch():
    tracker = make_tracker("x", "inform", order_id="9999999999999999", phone_last4="5678")
    messages, _ = run(ActionCheckOrder(), tracker)
    assert responses(messages) == ["utter_order_phone_mismatch"]


def test_guessing_phone_digits_is_slowed_then_locked_across_chats_and_clients(monkeypatch):
    import actions.common as common

    clock = [NOW]
    monkeypatch.setattr(common, "shop_now", lambda: clock[0])
    guesses = iter(f"{n:04d}" for n in range(1000, 2000))

    def guess(sender, last4=None):
        tracker = make_tracker("x", "inform", sender=sender, order_id=XINJIANG, phone_last4=last4 or next(guesses))
        return responses(run(ActionCheckOrder(), tracker)[0])

    assert guess("chat-a") == ["utter_order_phone_mismatch"]
    assert guess("chat-b") == ["utter_order_phone_mismatch"]
    assert guess("chat-c") == ["utter_order_verification_wait"]
    for seconds in (16, 31, 61):
        clock[0] += timedelta(seconds=seconds)
        assert guess(f"chat-{seconds}") == ["utter_order_phone_mismatch"]
    clock[0] += timedelta(hours=1)
    assert guess("chat-after-restart") == ["utter_order_verification_locked"]
    assert guess("chat-right-digits", "5678") == ["utter_order_verification_locked"]


def test_one_address_guessing_many_orders_is_locked(monkeypatch):
    import actions.common as common

    clock = [NOW]
    monkeypatch.setattr(common, "shop_now", lambda: clock[0])
    for n in range(20):
        tracker = make_tracker("x", "inform", sender=f"scan-{n}", client="scanner", order_id=f"99990000000000{n:02d}", phone_last4="5678")
        assert responses(run(ActionCheckOrder(), tracker)[0]) == ["utter_order_phone_mismatch"]
        clock[0] += timedelta(minutes=30, seconds=1)
    tracker = make_tracker("x", "inform", sender="scan-last", client="scanner", order_id=PAID, phone_last4="5678")
    assert responses(run(ActionCheckOrder(), tracker)[0]) == ["utter_order_verification_locked"]


def test_a_verified_order_is_not_inherited_by_another_client_of_the_same_chat():
    proved = make_tracker("5678", "inform", sender="shared-chat", client="tab-owner", order_id=PAID, phone_last4="5678")
    assert responses(run(ActionCheckOrder(), proved)[0])[0].startswith("utter_order_status")
    same_tab = make_tracker("x", "check_order", sender="shared-chat", client="tab-owner", order_id=PAID)
    assert responses(run(ActionCheckOrder(), same_tab)[0])[0].startswith("utter_order_status")
    other_tab = make_tracker("x", "check_order", sender="shared-chat", client="tab-thief", order_id=PAID,
                             verified_orders=[])
    assert responses(run(ActionCheckOrder(), other_tab)[0]) == ["utter_ask_phone_last4"]


def test_malformed_number_gets_a_clear_hint():
    messages, _ = run(ActionCheckOrder(), make_tracker("订单号123456", "check_order"))
    assert responses(messages) == ["utter_order_id_malformed"]


def test_verified_buyer_sees_their_latest_order_without_numbers():
    messages, _ = run(ActionCheckOrder(), make_tracker("我的订单呢", "check_order", buyer="demo_buyer"))
    assert responses(messages)[0].startswith("utter_order_status")
    messages, _ = run(ActionCheckOrder(), make_tracker("x", "check_order", buyer="demo_buyer", order_id=OTHERS))
    assert responses(messages) == ["utter_order_not_found"]


def test_verified_buyer_asking_where_the_parcel_is_gets_a_shipped_order():
    messages, _ = run(ActionTrackLogistics(), make_tracker("我的快递到哪了", "track_logistics", buyer="demo_buyer"))
    assert responses(messages)[0] in ("utter_logistics_moving", "utter_logistics_stalled")


def test_a_buyer_claimed_outside_the_widget_is_not_trusted():
    tracker = make_tracker("我的订单呢", "check_order", channel="rest")
    tracker.events[-1]["metadata"] = {"buyer": "demo_buyer"}
    messages, _ = run(ActionCheckOrder(), tracker)
    assert responses(messages) == ["utter_ask_order_id"]


def test_tracking_shows_the_latest_event_and_flags_a_stalled_parcel(shop):
    messages, _ = run(ActionTrackLogistics(), make_tracker("到哪了", "track_logistics", order_id=SHIPPED, verified_orders=[SHIPPED]))
    assert responses(messages) == ["utter_logistics_moving"] and "【" in messages[0]["latest"]
    tracker = make_tracker("物流不动了", "track_logistics", order_id=STALLED, verified_orders=[STALLED])
    messages, _ = run(ActionTrackLogistics(), tracker)
    assert responses(messages) == ["utter_logistics_stalled"]
    with session_scope(shop) as s:
        assert s.get(Order, STALLED).urgent is False  # a question flags nothing
    messages, _ = answer(ActionTrackLogistics(), tracker)
    assert responses(messages) == ["utter_logistics_stalled", "utter_chase_marked"]
    with session_scope(shop) as s:
        assert s.get(Order, STALLED).urgent is True


def test_urging_an_unshipped_order_marks_it_urgent_with_a_dispatch_promise(shop):
    tracker = make_tracker("快点发货", "urge_shipment", order_id=PAID, verified_orders=[PAID])
    messages, _ = run(ActionUrgeShipment(), tracker)
    assert responses(messages)[0] in ("utter_urge_ships_today", "utter_urge_ships_later")
    assert responses(messages)[1:] == ["utter_confirm_urge"] and messages[0]["ship_day"]
    with session_scope(shop) as s:
        assert s.get(Order, PAID).urgent is False
    messages, _ = answer(ActionUrgeShipment(), tracker)
    assert responses(messages)[1:] == ["utter_confirm_urge", "utter_urge_marked"]
    with session_scope(shop) as s:
        assert s.get(Order, PAID).urgent is True


def test_cancel_unpaid_order_restores_stock_and_shipped_order_is_refused(shop):
    with session_scope(shop) as s:
        order = s.get(Order, UNPAID)
        before = {item.sku_id: item.sku.stock + item.quantity for item in order.items}
    tracker = make_tracker("不要了", "cancel_order", order_id=UNPAID, verified_orders=[UNPAID])
    messages, _ = answer(ActionCancelOrder(), tracker, "deny")
    assert responses(messages) == ["utter_confirm_cancel", "utter_proposal_declined"]
    with session_scope(shop) as s:
        assert s.get(Order, UNPAID).state == "unpaid"
    messages, _ = answer(ActionCancelOrder(), tracker)
    assert responses(messages) == ["utter_confirm_cancel", "utter_order_cancelled"]
    with session_scope(shop) as s:
        assert s.get(Order, UNPAID).state == "cancelled"
        for sku_id, expected in before.items():
            assert s.get(Sku, sku_id).stock == expected
    messages, _ = run(ActionCancelOrder(), make_tracker("取消", "cancel_order", order_id=SHIPPED, verified_orders=[SHIPPED]))
    assert responses(messages) == ["utter_cancel_shipped"]
    messages, _ = run(ActionCancelOrder(), make_tracker("取消", "cancel_order", order_id=CANCELLED, verified_orders=[CANCELLED]))
    assert responses(messages) == ["utter_order_already_cancelled"]


def test_address_changes_only_before_dispatch_and_is_written(shop):
    messages, events = run(ActionChangeAddress(), make_tracker("改地址", "change_address", order_id=PAID, verified_orders=[PAID]))
    assert slot_values(events)["address_editable"] is True
    new = "广东省深圳市南山区科技园路1号 王小美 13812345678"
    messages, _ = answer(ActionSaveAddress(), make_tracker(new, "inform", order_id=PAID, verified_orders=[PAID],
                                                           new_address=new))
    assert responses(messages) == ["utter_confirm_address", "utter_address_changed"]
    with session_scope(shop) as s:
        assert "科技园路1号" in s.get(Order, PAID).address_line
    messages, events = run(ActionChangeAddress(), make_tracker("改地址", "change_address", order_id=SHIPPED, verified_orders=[SHIPPED]))
    assert responses(messages) == ["utter_address_change_too_late"]
    assert slot_values(events)["address_editable"] is False


def test_saving_an_address_for_an_unverified_order_writes_nothing(shop):
    with session_scope(shop) as s:
        before = s.get(Order, OTHERS).address_line
    run(ActionSaveAddress(), make_tracker("x", "inform", order_id=OTHERS, verified_orders=[], new_address="北京市朝阳区1号"))
    with session_scope(shop) as s:
        assert s.get(Order, OTHERS).address_line == before


def test_html_and_sql_in_messages_are_harmless(shop):
    nasty = "<script>alert(1)</script>'; DROP TABLE orders; --"
    for phone in (None, "5678"):
        tracker = make_tracker(nasty, "check_order", order_id="1' OR '1'='1", phone_last4=phone)
        messages, _ = run(ActionCheckOrder(), tracker)
        assert responses(messages) == ["utter_order_not_found"]
    with session_scope(shop) as s:
        assert s.scalars(select(Order)).first() is not None


def test_a_widget_channel_name_and_buyer_written_by_the_caller_are_not_trusted():
    tracker = make_tracker("我的订单呢", "check_order", channel="widget")
    tracker.events[-1]["metadata"] = {"buyer": "demo_buyer"}
    messages, _ = run(ActionCheckOrder(), tracker)
    assert responses(messages) == ["utter_ask_order_id"]


def test_an_envelope_sealed_for_another_conversation_or_expired_is_not_trusted():
    from bot.service.envelope import KEY, Envelope, seal
    from tests.actions.conftest import ACTION_TOKEN

    for envelope in (Envelope("widget", "someone-else", "demo_buyer", 2**40),
                     Envelope("widget", "buyer-1", "demo_buyer", 1000)):
        tracker = make_tracker("我的订单呢", "check_order")
        tracker.events[-1]["metadata"] = {KEY: seal(ACTION_TOKEN, envelope)}
        messages, _ = run(ActionCheckOrder(), tracker)
        assert responses(messages) == ["utter_ask_order_id"]
    forged = make_tracker("我的订单呢", "check_order")
    forged.events[-1]["metadata"] = {KEY: seal("not-the-action-token-000", Envelope("widget", "buyer-1", "demo_buyer", 2**40))}
    assert responses(run(ActionCheckOrder(), forged)[0]) == ["utter_ask_order_id"]


def test_urging_with_no_order_known_gives_the_dispatch_promise_then_asks_for_the_number():
    messages, events = run(ActionUrgeShipment(), make_tracker("好的 什么时候能发货", "urge_shipment"))
    assert responses(messages) == ["utter_urge_without_order"] and messages[0]["ship_day"] and messages[0]["cutoff"]
    assert slot_values(events)["pending_task"] == "urge_shipment"


def test_urging_an_order_already_marked_urgent_says_so_and_asks_nothing(fresh_shop):
    tracker = make_tracker("快点发货", "urge_shipment", order_id=PAID, verified_orders=[PAID])
    answer(ActionUrgeShipment(), tracker)
    messages, _ = run(ActionUrgeShipment(), make_tracker("please hurry", "urge_shipment", order_id=PAID,
                                                         verified_orders=[PAID], language="en"))
    assert responses(messages)[1:] == ["utter_urge_already_marked"]


def test_a_cancellation_taken_back_is_a_no_nothing_is_asked_or_cancelled(fresh_shop):
    messages, events = run(ActionCancelOrder(), make_tracker("算了 不取消了", "cancel_order", order_id=UNPAID,
                                                             verified_orders=[UNPAID], pending_task="cancel_order"))
    assert responses(messages) == ["utter_ok"]
    assert slot_values(events)["pending_task"] is None
    with session_scope(fresh_shop) as s:
        assert s.get(Order, UNPAID).state == "unpaid"


def test_asking_to_chase_a_stalled_parcel_right_after_the_offer_is_a_yes(fresh_shop):
    from tests.actions.conftest import next_turn

    tracker = make_tracker("物流不动了", "track_logistics", order_id=STALLED, verified_orders=[STALLED])
    messages, events = run(ActionTrackLogistics(), tracker)
    assert responses(messages) == ["utter_logistics_stalled"]
    urged, _ = run(ActionUrgeShipment(), next_turn(tracker, events, "能不能帮我催一下", "urge_shipment"))
    assert responses(urged) == ["utter_chase_marked"]
    with session_scope(fresh_shop) as s:
        assert s.get(Order, STALLED).urgent is True


def test_urging_a_stalled_parcel_with_nothing_offered_offers_the_chase_and_flags_nothing(fresh_shop):
    tracker = make_tracker("能不能帮我催一下", "urge_shipment", order_id=STALLED, verified_orders=[STALLED])
    messages, _ = run(ActionUrgeShipment(), tracker)
    assert responses(messages) == ["utter_logistics_stalled"]
    with session_scope(fresh_shop) as s:
        assert s.get(Order, STALLED).urgent is False


def test_a_parcel_already_being_chased_is_not_offered_the_chase_again(fresh_shop):
    tracker = make_tracker("物流不动了", "track_logistics", order_id=STALLED, verified_orders=[STALLED])
    answer(ActionTrackLogistics(), tracker)
    for action_, text, intent in ((ActionTrackLogistics(), "如果丢了怎么办", "track_logistics"),
                                  (ActionUrgeShipment(), "快点啊", "urge_shipment")):
        again = make_tracker(text, intent, order_id=STALLED, verified_orders=[STALLED])
        messages, events = run(action_, again)
        assert responses(messages) == ["utter_chase_already"], messages
        from bot.service.proposals import SLOT
        assert not any(e.get("name") == SLOT and e.get("value") for e in events), events
