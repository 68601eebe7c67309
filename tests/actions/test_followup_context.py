"""Follow-ups keep the context: "长款的呢" picks the other down jacket, "who pays the shipping for
that" after the return rules is the postage of a return, and a pick is never a bargain."""
from actions.bargain import ActionBargain
from actions.catalog import ActionProductInfo, ActionStock
from actions.order_access import ActionResumeTask
from actions.shipping import ActionShippingFee
from tests.actions.conftest import entity, make_tracker, responses, run


def _user(text, intent, entities=()):
    return {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": intent},
                                                          "entities": list(entities)}}


def _bot(response):
    return {"event": "bot", "text": "...", "metadata": {"utter_action": response}}


_ABOUT_SHORT = [_user("这款羽绒服零下20度能穿吗", "ask_product_info", [entity("product", "羽绒服")]),
                _bot("utter_product_info")]


def test_the_long_one_after_a_question_about_the_short_down_jacket_answers_about_the_long_one():
    for text, intent in (("长款的呢", "inform"), ("长款的呢", "nlu_fallback"), ("what about the long one?", "inform")):
        tracker = make_tracker(text, intent, events=_ABOUT_SHORT, product="白鸭绒短款羽绒服")
        action = ActionResumeTask() if intent == "inform" else ActionProductInfo()
        messages, events = run(action, tracker)
        assert responses(messages)[0] == "utter_product_info", (text, messages)
        assert messages[0]["product"] in ("长款连帽羽绒服", "Long Hooded Down Coat"), (text, messages)
        assert {"event": "slot", "name": "product", "value": "长款连帽羽绒服"} in [
            {k: e[k] for k in ("event", "name", "value")} for e in events if e.get("event") == "slot"]


def test_stock_of_the_long_one_is_the_long_ones_stock_never_the_short_ones():
    tracker = make_tracker("长款的有黑色L吗", "ask_stock", [entity("color", "黑色"), entity("size", "L")],
                           events=_ABOUT_SHORT, product="白鸭绒短款羽绒服")
    messages, _ = run(ActionStock(), tracker)
    assert messages[0]["product"] == "长款连帽羽绒服", messages


def test_a_question_about_the_product_in_context_keeps_it():
    tracker = make_tracker("这件是加绒的吗", "ask_product_info", events=[], product="宽松圆领卫衣")
    messages, _ = run(ActionProductInfo(), tracker)
    assert messages[0]["product"] == "宽松圆领卫衣", messages


def test_picking_another_one_after_a_stock_question_is_no_bargain():
    asked = [_user("is the black L in stock", "ask_stock", [entity("color", "black"), entity("size", "L")]),
             _bot("utter_stock_sold_out")]
    tracker = make_tracker("and the short one", "bargain", events=asked, language="en", product="长款连帽羽绒服")
    messages, events = run(ActionBargain(), tracker)
    assert not any(r and r.startswith("utter_bargain") for r in responses(messages)), messages
    assert messages[0]["product"] == "Short Duck-down Jacket", messages
    assert not any(e.get("name") == "bargain_product" for e in events)


def test_postage_asked_right_after_the_return_rules_is_the_return_postage():
    asked = [_user("if the jeans don't fit can i return them?", "request_return"), _bot("utter_policy_return")]
    tracker = make_tracker("who pays the shipping for that", "ask_shipping_fee", events=asked, language="en")
    messages, _ = run(ActionShippingFee(), tracker)
    assert responses(messages) == ["utter_return_postage"]
    assert "paid by the shop" in messages[0]["quality_postage"]


def test_postage_asked_after_anything_else_or_with_a_province_is_the_parcel_postage():
    other = [_user("有黑色L吗", "ask_stock"), _bot("utter_stock_in_stock")]
    messages, _ = run(ActionShippingFee(), make_tracker("运费多少", "ask_shipping_fee", events=other))
    assert responses(messages) == ["utter_shipping_fee_general"]
    after_rules = [_user("不合适可以退吗", "request_return"), _bot("utter_policy_return")]
    tracker = make_tracker("发新疆运费多少", "ask_shipping_fee", [entity("province", "新疆")], events=after_rules)
    messages, _ = run(ActionShippingFee(), tracker)
    assert responses(messages)[0].startswith("utter_shipping_fee"), messages


def test_two_pieces_after_a_price_offer_bargains_for_two():
    from actions.bargain import ActionBargain as Bargain
    from tests.actions.conftest import next_turn

    first = make_tracker("能便宜点吗", "bargain", product="羊毛圆领针织毛衣")
    messages, events = run(Bargain(), first)
    assert responses(messages) == ["utter_bargain_offer"]
    asked = list(first.events) + events + [_bot("utter_bargain_offer")]
    follow = next_turn(first, events, "两件呢", "inform")
    follow.events[:] = asked + [follow.events[-1]]
    again, _ = run(ActionResumeTask(), follow)
    assert responses(again)[-1] == "utter_bargain_per_piece", again
    assert again[-1]["count"] == 2


def test_yes_to_a_price_offered_by_a_follow_up_closes_the_deal(fresh_shop):
    from actions.confirm import ActionAffirm
    from bot.service import deals

    offer = deals.Offer("SKU-1008", 28200, None, None, None)
    asked = [_user("能便宜点吗", "bargain"), _bot("utter_bargain_offer"), _user("两件呢", "inform"),
             {"event": "slot", "name": deals.SLOT, "value": offer.to_slot()}, _bot("utter_bargain_offer")]
    messages, events = run(ActionAffirm(), make_tracker("好的 成交", "affirm", events=asked))
    assert responses(messages) == ["utter_bargain_agreed"], messages
    assert messages[0]["price"] == "282元"
    from bot.shop.db import session_scope
    from bot.shop.models import PriceQuote

    with session_scope(fresh_shop) as session:
        assert [q.price_fen for q in session.query(PriceQuote).all()] == [28200]


def test_yes_with_nothing_offered_is_only_acknowledged():
    from actions.confirm import ActionAffirm

    asked = [_user("有黑色L吗", "ask_stock"), _bot("utter_stock_in_stock")]
    messages, events = run(ActionAffirm(), make_tracker("好的", "affirm", events=asked))
    assert responses(messages) == ["utter_ok"] and events == []


def test_a_usual_clothes_size_gets_what_that_size_fits_not_a_request_for_measurements():
    from actions.sizes import ActionSizeAdvice

    tracker = make_tracker("我想给我妈买件毛衣 她平时穿L", "ask_size", [entity("product", "毛衣"), entity("size", "L")])
    messages, _ = run(ActionSizeAdvice(), tracker)
    assert responses(messages) == ["utter_size_usual"]
    assert (messages[0]["size"], messages[0]["height"], messages[0]["weight"]) == ("L", "163-168", "53-60")
    tracker = make_tracker("which size for my mum", "ask_size", [entity("size", "M")], language="en", product="毛衣")
    messages, _ = run(ActionSizeAdvice(), tracker)
    assert responses(messages) == ["utter_ask_height_weight"]  # a size named but not said to be worn


def test_unsure_between_stock_and_size_a_size_asked_for_gets_the_stock():
    from actions.handoff import ActionFallback

    tracker = make_tracker("这个hoodie有M吗", "nlu_fallback", [entity("product", "hoodie"), entity("size", "M")])
    tracker.latest_message["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.4},
                                                {"name": "ask_stock", "confidence": 0.4},
                                                {"name": "ask_size", "confidence": 0.3}]
    messages, _ = run(ActionFallback(), tracker)
    assert responses(messages) and responses(messages)[0].startswith("utter_stock"), messages
    tracker = make_tracker("这个hoodie穿M还是L", "nlu_fallback", [entity("product", "hoodie"), entity("size", "M")])
    tracker.latest_message["intent_ranking"] = [{"name": "ask_stock", "confidence": 0.35},
                                                {"name": "ask_size", "confidence": 0.3}]
    messages, _ = run(ActionFallback(), tracker)
    assert responses(messages) == ["utter_clarify"]


def test_a_colour_after_a_stock_answer_to_an_unsure_reading_asks_that_stock_again():
    unsure = _user("这个hoodie有M吗", "nlu_fallback", [entity("product", "hoodie"), entity("size", "M")])
    unsure["parse_data"]["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.4},
                                              {"name": "ask_stock", "confidence": 0.4},
                                              {"name": "ask_size", "confidence": 0.3}]
    tracker = make_tracker("黑色的", "inform", [entity("color", "黑色")], events=[unsure, _bot("utter_stock_sizes")],
                           product="加绒连帽卫衣")
    messages, _ = run(ActionResumeTask(), tracker)
    assert responses(messages)[0].startswith("utter_stock"), messages
    assert (messages[0]["product"], messages[0]["variant"]) == ("加绒连帽卫衣", "黑色 M"), messages


def test_a_price_asked_with_a_province_read_as_out_of_scope_is_the_postage_there():
    from actions.followup import ActionOutOfScope

    tracker = make_tracker("ok how much to beijing", "out_of_scope", [entity("province", "北京")], language="en",
                           product="长款连帽羽绒服")
    messages, _ = run(ActionOutOfScope(), tracker)
    assert responses(messages)[0].startswith("utter_shipping_fee"), messages
    messages, _ = run(ActionOutOfScope(), make_tracker("what is the capital of beijing", "out_of_scope",
                                                       [entity("province", "北京")], language="en"))
    assert responses(messages) == ["utter_out_of_scope"]
