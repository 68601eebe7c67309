"""Follow-ups repeat the last question with the new value, wherever the NLU sent them."""
from actions.followup import ActionOutOfScope
from actions.handoff import ActionFallback
from actions.order_access import ActionResumeTask
from tests.actions.conftest import make_tracker, responses, run


def _asked(text, intent, value, entity_name):
    return {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": intent}, "entities": [
        {"entity": entity_name, "value": value, "start": text.index(value), "end": text.index(value) + len(value)}]}}


def _then(text, intent, value, entity_name, previous):
    start = text.index(value)
    entity = {"entity": entity_name, "value": value, "start": start, "end": start + len(value)}
    return make_tracker(text, intent, [entity], events=previous, **{entity_name: value})


def test_another_province_after_a_postage_question_gets_its_postage():
    asked = [_asked("发新疆运费多少", "ask_shipping_fee", "新疆", "province"), {"event": "bot", "text": "..."}]
    for action, intent in ((ActionOutOfScope(), "out_of_scope"), (ActionFallback(), "nlu_fallback"),
                           (ActionResumeTask(), "inform")):
        messages, _ = run(action, _then("那发西藏呢", intent, "西藏", "province", asked))
        assert responses(messages) and responses(messages)[0].startswith("utter_shipping"), (intent, messages)
        assert messages[0]["province"] == "西藏"


def test_out_of_scope_without_a_question_before_stays_out_of_scope():
    messages, _ = run(ActionOutOfScope(), make_tracker("今天天气怎么样", "out_of_scope"))
    assert responses(messages) == ["utter_out_of_scope"]


def _ranked(text, *ranking):
    tracker = make_tracker(text, "nlu_fallback")
    tracker.latest_message["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    return tracker


def test_unsure_between_two_tasks_the_bot_asks_which_with_buttons():
    tracker = _ranked("东西咋还没到啊能不能快点", ("nlu_fallback", 0.45), ("track_logistics", 0.40),
                      ("urge_shipment", 0.35))
    messages, events = run(ActionFallback(), tracker)
    assert responses(messages) == ["utter_clarify"]
    assert (messages[0]["first"], messages[0]["second"]) == ("查物流", "催发货")
    assert (messages[0]["first_intent"], messages[0]["second_intent"]) == ("track_logistics", "urge_shipment")
    assert events == []


def test_the_third_miss_in_a_row_counts_out_of_scope_and_hands_over():
    missed = [{"event": "user", "text": "?", "parse_data": {"intent": {"name": "nlu_fallback"}}},
              {"event": "user", "text": "天气", "parse_data": {"intent": {"name": "out_of_scope"}}}]
    messages, events = run(ActionOutOfScope(), make_tracker("讲个笑话", "out_of_scope", events=missed, sender="lost-2"))
    assert "utter_out_of_scope" not in responses(messages)
    assert any(e.get("event") == "pause" for e in events)


def _order_turn(action_, text, intent, order_id, previous=None):
    from tests.actions.conftest import entity, next_turn

    entities = [entity("order_id", order_id)]
    if previous is None:
        return run(action_, make_tracker(text, intent, entities, buyer="demo_buyer", order_id=order_id))
    tracker, events = previous
    follow = next_turn(tracker, events + [{"event": "slot", "name": "order_id", "value": order_id}], text, intent,
                       entities)
    return run(action_, follow)


def test_i_meant_another_order_redoes_the_last_task_with_it():
    from actions.orders import ActionCheckOrder, ActionTrackLogistics
    from tests.actions.conftest import STALLED, SHIPPED, entity

    first = make_tracker(f"查下物流 {SHIPPED}", "track_logistics", [entity("order_id", SHIPPED)],
                         buyer="demo_buyer", order_id=SHIPPED)
    messages, events = run(ActionTrackLogistics(), first)
    assert messages[0]["order_id"] == SHIPPED
    for action_, text, intent in [(ActionCheckOrder(), f"i meant {STALLED}", "check_order"),
                                  (ActionResumeTask(), f"不是这个单 是{STALLED}", "inform"),
                                  (ActionResumeTask(), STALLED, "inform")]:
        again, _ = _order_turn(action_, text, intent, STALLED, previous=(first, events))
        assert again[0]["order_id"] == STALLED
        assert responses(again)[0].startswith("utter_logistics"), (text, responses(again))


def test_a_new_number_after_a_write_task_is_not_a_new_request_without_a_correction():
    from actions.orders import ActionCancelOrder
    from tests.actions.conftest import PAID, UNPAID, entity

    first = make_tracker(f"取消订单 {UNPAID}", "cancel_order", [entity("order_id", UNPAID)],
                         buyer="demo_buyer", order_id=UNPAID)
    messages, events = run(ActionCancelOrder(), first)
    assert responses(messages) == ["utter_confirm_cancel"]
    bare, _ = _order_turn(ActionResumeTask(), PAID, "inform", PAID, previous=(first, events))
    assert responses(bare)[0].startswith("utter_order_status")  # looked up, not a cancel proposal
    meant, _ = _order_turn(ActionResumeTask(), f"搞错了 是{PAID}", "inform", PAID, previous=(first, events))
    assert responses(meant) == ["utter_confirm_cancel"] and meant[0]["order_id"] == PAID


def test_two_pieces_after_a_postage_question_quotes_the_weight_of_two():
    asked = [_asked("卫衣发新疆运费多少", "ask_shipping_fee", "新疆", "province"), {"event": "bot", "text": "..."}]
    two, events = run(ActionOutOfScope(), make_tracker("两件呢", "out_of_scope", events=asked, province="新疆",
                                                       product="加绒连帽卫衣"))
    assert responses(two)[0].startswith("utter_shipping_fee")
    assert float(two[0]["weight"]) > 0
    from actions.shipping import ActionShippingFee

    one, _ = run(ActionShippingFee(), make_tracker("卫衣发新疆运费多少", "ask_shipping_fee", province="新疆",
                                                   product="加绒连帽卫衣"))
    assert float(two[0]["weight"]) == 2 * float(one[0]["weight"])
    assert {"event": "slot", "name": "parcel_pieces", "value": 2.0} in [
        {k: e[k] for k in ("event", "name", "value")} for e in events if e.get("event") == "slot"]


def test_not_this_order_drops_the_proposal_and_asks_which_or_takes_the_one_named():
    from actions.confirm import ActionDeny
    from actions.orders import ActionCancelOrder
    from tests.actions.conftest import PAID, UNPAID, entity, next_turn

    first = make_tracker(f"取消订单 {UNPAID}", "cancel_order", [entity("order_id", UNPAID)],
                         buyer="demo_buyer", order_id=UNPAID)
    _, events = run(ActionCancelOrder(), first)
    which, asked = run(ActionDeny(), next_turn(first, events, "不是这个单", "deny"))
    assert responses(which) == ["utter_ask_order_id"]
    assert {"event": "slot", "name": "pending_task", "value": "cancel_order"} in [
        {k: e[k] for k in ("event", "name", "value")} for e in asked if e.get("event") == "slot"]
    named, _ = _order_turn(ActionDeny(), f"不是这个单 是{PAID}", "deny", PAID, previous=(first, events))
    assert responses(named) == ["utter_confirm_cancel"] and named[0]["order_id"] == PAID


def test_a_no_that_brings_a_new_value_repeats_the_last_question_and_a_plain_no_is_acknowledged():
    from actions.confirm import ActionDeny

    asked = [_asked("发新疆运费多少", "ask_shipping_fee", "新疆", "province"), {"event": "bot", "text": "..."}]
    messages, _ = run(ActionDeny(), _then("no sorry, I meant Tibet", "deny", "Tibet", "province", asked))
    assert responses(messages)[0].startswith("utter_shipping") and messages[0]["province"] == "Tibet", messages
    messages, _ = run(ActionDeny(), make_tracker("no thanks", "deny", events=list(asked)))
    assert responses(messages) == ["utter_ok"]


def test_another_colour_after_a_stock_question_keeps_its_size():
    text = "黑色M还有吗"
    asked = {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": "ask_stock"}, "entities": [
        {"entity": "color", "value": "黑色", "start": 0, "end": 2}, {"entity": "size", "value": "M", "start": 2, "end": 3}]}}
    white = make_tracker("白色呢", "inform", [{"entity": "color", "value": "白色", "start": 0, "end": 2}],
                         events=[asked, {"event": "bot", "text": "..."}], product="加绒连帽卫衣")
    messages, _ = run(ActionResumeTask(), white)
    assert responses(messages)[0].startswith("utter_stock") and messages[0]["product"] == "加绒连帽卫衣"
    assert "M" in messages[0]["variant"] and "白" in messages[0]["variant"], messages[0]


def test_each_follow_up_keeps_the_colour_or_size_named_last():
    asked = _asked("黑色M还有吗", "ask_stock", "M", "size")
    asked["parse_data"]["entities"].append({"entity": "color", "value": "黑色", "start": 0, "end": 2})
    white = _asked("白色呢", "inform", "白色", "color")
    then_l = make_tracker("L码呢", "inform", [{"entity": "size", "value": "L", "start": 0, "end": 1}],
                          events=[asked, {"event": "bot", "text": "..."}, white, {"event": "bot", "text": "..."}],
                          product="加绒连帽卫衣")
    messages, _ = run(ActionResumeTask(), then_l)
    assert responses(messages)[0].startswith("utter_stock"), messages
    assert "L" in messages[0]["variant"] and "白" in messages[0]["variant"], messages[0]


def test_a_question_about_goods_read_as_out_of_scope_is_answered_from_the_catalogue():
    messages, _ = run(ActionOutOfScope(), make_tracker("你们家有卖狗粮吗", "out_of_scope", product="加绒连帽卫衣"))
    assert responses(messages) == ["utter_goods_not_sold"] and messages[0]["goods"] == "狗粮"
    messages, _ = run(ActionOutOfScope(), make_tracker("do you sell sweatshirts?", "out_of_scope", language="en"))
    assert responses(messages)[0] == "utter_product_info"
    messages, _ = run(ActionOutOfScope(), make_tracker("do you have a boyfriend", "out_of_scope", language="en"))
    assert responses(messages) == ["utter_out_of_scope"]


def test_another_colour_read_as_a_stock_question_keeps_the_size_asked_before():
    from actions.catalog import ActionStock

    asked = _asked("is white M of the hoodie in stock?", "ask_stock", "M", "size")
    asked["parse_data"]["entities"].append({"entity": "color", "value": "白色", "start": 3, "end": 8})
    grey = make_tracker("ok what about grey", "ask_stock", [{"entity": "color", "value": "灰色", "start": 14, "end": 18}],
                        events=[asked, {"event": "bot", "text": "..."}], product="加绒连帽卫衣", language="en")
    messages, _ = run(ActionStock(), grey)
    assert responses(messages)[0].startswith("utter_stock"), messages
    assert messages[0]["variant"] == "Grey M", messages[0]


def test_a_full_stock_question_after_another_keeps_nothing_of_it():
    from actions.catalog import ActionStock

    asked = _asked("黑色M还有吗", "ask_stock", "M", "size")
    asked["parse_data"]["entities"].append({"entity": "color", "value": "黑色", "start": 0, "end": 2})
    text = "加绒连帽卫衣灰色的有货吗 我想买件送人"
    grey = make_tracker(text, "ask_stock", [{"entity": "color", "value": "灰色", "start": 6, "end": 8}],
                        events=[asked, {"event": "bot", "text": "..."}], product="加绒连帽卫衣")
    messages, _ = run(ActionStock(), grey)
    assert messages[0]["variant"] == "灰色", messages[0]


def test_a_correction_read_as_a_complaint_answers_the_question_again_and_opens_no_ticket():
    from actions.handoff import ActionHandoff
    from bot.service.handoff import has_open_ticket
    from bot.settings import get_settings
    from bot.shop.db import session_scope

    asked = _asked("黑色L码有货吗", "ask_stock", "L", "size")
    asked["parse_data"]["entities"].append({"entity": "color", "value": "黑色", "start": 0, "end": 2})
    earlier = [asked, {"event": "bot", "text": "..."}]
    corrected = make_tracker("不对 我说的是卫衣", "complaint", [{"entity": "product", "value": "卫衣", "start": 7, "end": 9}],
                             events=earlier, product="高腰直筒牛仔裤", sender="corrects-the-product")
    messages, events = run(ActionHandoff(), corrected)
    assert responses(messages)[0].startswith("utter_stock"), messages
    assert "卫衣" in messages[0]["product"] and "黑色" in messages[0]["variant"] and "L" in messages[0]["variant"]
    with session_scope(get_settings().database_url) as session:
        assert not has_open_ticket(session, "corrects-the-product")

    angry = make_tracker("不对 你们发错货了 我要投诉", "complaint", events=earlier, sender="complains-after-stock")
    messages, _ = run(ActionHandoff(), angry)
    assert not responses(messages)[0].startswith("utter_stock"), messages
    with session_scope(get_settings().database_url) as session:
        assert has_open_ticket(session, "complains-after-stock")
