"""Questions asked in passing get answers, never a case, a handoff or a guess: "要是质量问题呢" is the
rules for faulty goods, "送运费险吗" says the insurance is not included, "我拍灰色L" checks that
variant's stock, "那灰色的呢" after a question about the make is the same make and grey's stock."""
import pytest
from sqlalchemy import func, select

from actions.aftersale import ActionReportProblem, ActionRequestReturn
from actions.bargain import ActionBargain
from actions.catalog import ActionProductInfo
from actions.confirm import ActionAffirm
from actions.handoff import ActionFallback, ActionHandoff
from actions.order_access import ActionResumeTask
from actions.orders import ActionTrackLogistics
from actions.sizes import ActionSizeAdvice
from bot.shop.db import session_scope
from bot.shop.models import AfterSaleCase, HandoffTicket, Order, Sku
from tests.actions.conftest import entity, make_tracker, responses, run


def _at(text, name, value):
    """An entity with its span in `text`, as the NLU gives it."""
    start = text.index(value)
    return {"entity": name, "value": value, "start": start, "end": start + len(value)}


def _count(url, model):
    with session_scope(url) as s:
        return s.scalar(select(func.count()).select_from(model))


def _sell_out(url, product_code, colour, size):
    with session_scope(url) as s:
        for sku in s.scalars(select(Sku)):
            if sku.product.code == product_code and sku.color_zh == colour and sku.size == size:
                sku.stock = 0


def _user(text, intent, entities=()):
    return {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": intent},
                                                          "entities": list(entities)}}


def _bot(response):
    return {"event": "bot", "text": "...", "metadata": {"utter_action": response}}


_RULES = [_user("退货运费谁出", "request_return"), _bot("utter_policy_return")]


@pytest.mark.parametrize("action,text,intent,language", [
    (ActionHandoff(), "要是质量问题呢", "complaint", "zh"),
    (ActionHandoff(), "如果收到是坏的怎么办", "complaint", "zh"),
    (ActionReportProblem(), "如果收到是坏的怎么办", "report_problem", "zh"),
    (ActionTrackLogistics(), "what if it arrives damaged", "track_logistics", "en"),
    (ActionResumeTask(), "and if its faulty?", "inform", "en"),
])
def test_what_if_the_goods_are_faulty_gets_the_quality_rules_and_no_case_or_ticket(
        fresh_shop, action, text, intent, language):
    cases, tickets = _count(fresh_shop, AfterSaleCase), _count(fresh_shop, HandoffTicket)
    tracker = make_tracker(text, intent, events=list(_RULES), language=language)
    messages, events = run(action, tracker)
    assert responses(messages) == ["utter_policy_quality"], messages
    assert "30" in str(messages[0]["quality_days"])
    assert messages[0]["quality_postage"] in ("店铺承担", "paid by the shop")
    assert not any(e.get("event") == "pause" for e in events)
    assert _count(fresh_shop, AfterSaleCase) == cases and _count(fresh_shop, HandoffTicket) == tickets


def test_a_real_complaint_still_reaches_a_person(fresh_shop):
    tickets = _count(fresh_shop, HandoffTicket)
    messages, _ = run(ActionHandoff(), make_tracker("质量太差了 穿一次就开线 我要投诉", "complaint"))
    assert "utter_policy_quality" not in responses(messages)
    assert _count(fresh_shop, HandoffTicket) == tickets + 1


def test_what_if_it_does_not_fit_gets_the_return_rules():
    messages, _ = run(ActionReportProblem(), make_tracker("要是不合适呢", "report_problem"))
    assert responses(messages) == ["utter_policy_return"], messages


@pytest.mark.parametrize("text,language", [("送运费险吗", "zh"), ("is return shipping insurance included", "en")])
def test_shipping_insurance_is_said_to_be_not_included(text, language):
    messages, _ = run(ActionRequestReturn(), make_tracker(text, "request_return", language=language))
    assert responses(messages) == ["utter_shipping_insurance"], messages
    assert messages[0]["no_reason_days"] == 7


@pytest.mark.parametrize("action,text,intent", [
    (ActionFallback(), "好的 我拍灰色L", "nlu_fallback"),
    (ActionResumeTask(), "我拍灰色L", "inform"),
    (ActionAffirm(), "ok i'll take the grey L", "affirm"),
])
def test_saying_which_variant_one_will_buy_gets_its_stock(fresh_shop, action, text, intent):
    orders = _count(fresh_shop, Order)
    tracker = make_tracker(text, intent, [entity("color", "灰色"), entity("size", "L")], product="加绒连帽卫衣")
    messages, _ = run(action, tracker)
    assert responses(messages) == ["utter_stock_available"], messages
    assert "L" in messages[0]["variant"] and messages[0]["product"] in ("加绒连帽卫衣", "Fleece-lined Hooded Sweatshirt")
    assert _count(fresh_shop, Order) == orders


def test_a_sold_out_variant_one_will_buy_is_said_to_be_sold_out(fresh_shop):
    _sell_out(fresh_shop, "SKU-1001", "灰色", "L")
    tracker = make_tracker("好的 我拍灰色L", "nlu_fallback", [entity("color", "灰色"), entity("size", "L")],
                           product="加绒连帽卫衣")
    messages, _ = run(ActionFallback(), tracker)
    assert responses(messages)[0] == "utter_stock_out", messages


def test_a_plain_ok_is_just_an_ok():
    messages, _ = run(ActionAffirm(), make_tracker("好的", "affirm", product="加绒连帽卫衣"))
    assert responses(messages) == ["utter_ok"]


def test_a_colour_after_a_question_about_the_make_is_the_same_make_and_its_stock():
    asked = [_user("这个卫衣会起球吗", "ask_product_info", [entity("product", "卫衣")]), _bot("utter_product_care")]
    tracker = make_tracker("那灰色的呢", "inform", [_at("那灰色的呢", "color", "灰色")], events=asked, product="加绒连帽卫衣")
    messages, _ = run(ActionResumeTask(), tracker)
    assert responses(messages) == ["utter_same_make", "utter_stock_available"], messages
    assert messages[0]["variant"] == "灰色"


def test_a_colour_after_a_size_question_keeps_the_size_question():
    asked = [_user("does this hoodie run small", "ask_size", [entity("product", "hoodie")]), _bot("utter_size_runs")]
    tracker = make_tracker("what about the grey one", "ask_size", [_at("what about the grey one", "color", "grey")], events=asked,
                           language="en", product="加绒连帽卫衣", height="165", weight="55")
    messages, _ = run(ActionSizeAdvice(), tracker)
    assert responses(messages)[0] == "utter_same_cut", messages
    assert responses(messages)[1].startswith("utter_size"), messages


def test_how_a_product_runs_is_answered_from_its_description():
    messages, _ = run(ActionSizeAdvice(), make_tracker("玛丽珍单鞋偏大还是偏小", "ask_size",
                                                       [entity("product", "玛丽珍平底单鞋")]))
    assert responses(messages) == ["utter_size_runs", "utter_ask_foot_length"], messages
    assert "偏小建议拍大一码" in messages[0]["description"]
    messages, _ = run(ActionSizeAdvice(), make_tracker("do the mary janes run small? i'm usually a 38", "ask_size",
                                                       [entity("product", "玛丽珍平底单鞋")], language="en"))
    assert responses(messages)[0] == "utter_size_runs" and responses(messages)[1].startswith("utter_shoe_size"), messages


def test_haggling_on_a_product_page_is_about_that_product_however_long():
    tracker = make_tracker("can u do a better price if i buy 3", "bargain", language="en", page="SKU-1001")
    messages, _ = run(ActionBargain(), tracker)
    assert responses(messages)[0] != "utter_bargain_which_product", messages
    assert messages[0]["product"] == "Fleece-lined Hooded Sweatshirt"


def test_asking_for_a_new_one_while_a_fault_is_read_back_keeps_it_the_shops_fault(fresh_shop):
    from actions.aftersale import ActionRequestExchange
    from tests.actions.conftest import DELIVERED_3D, next_turn

    first = make_tracker("the zip is broken", "report_problem", language="en", order_id=DELIVERED_3D,
                         verified_orders=[DELIVERED_3D])
    messages, events = run(ActionReportProblem(), first)
    assert responses(messages) == ["utter_confirm_problem"]
    second = next_turn(first, events, "can i get a new one instead of refund", "request_exchange")
    messages, events = run(ActionRequestExchange(), second)
    assert responses(messages) == ["utter_confirm_problem"], messages  # not an exchange at the buyer's postage
    assert messages[0]["resolution"] == "an exchange"
    with session_scope(fresh_shop) as s:
        assert not s.scalars(select(AfterSaleCase).where(AfterSaleCase.order_id == DELIVERED_3D)).all()


def test_a_yes_that_asks_to_chase_urges_the_order_in_view(fresh_shop):
    from tests.actions.conftest import PAID

    tracker = make_tracker("好的 那麻烦催一下", "affirm", order_id=PAID, verified_orders=[PAID])
    messages, _ = run(ActionAffirm(), tracker)
    assert responses(messages)[0].startswith("utter_urge_ships"), messages


def test_when_an_order_ships_without_its_number_gets_the_dispatch_promise_first():
    from actions.orders import ActionCheckOrder

    messages, _ = run(ActionCheckOrder(), make_tracker("好的 那我拍了 什么时候发货", "check_order"))
    assert responses(messages) == ["utter_urge_without_order"], messages
    messages, _ = run(ActionCheckOrder(), make_tracker("帮我查下订单", "check_order"))
    assert responses(messages) == ["utter_ask_order_id"], messages


@pytest.mark.parametrize("text,language", [("有小样吗", "zh"), ("那买正装送什么", "zh"), ("any freebies with it?", "en")])
def test_a_gift_asked_for_when_none_runs_is_said_to_be_none(text, language, monkeypatch):
    import actions.common as common
    from datetime import datetime
    from actions.presale import ActionPromotions

    monkeypatch.setattr(common, "shop_now", lambda: datetime(2026, 12, 3, 10, 30))  # the gift pouch ended Nov 30
    messages, _ = run(ActionPromotions(), make_tracker(text, "ask_promotion", language=language))
    assert responses(messages) == ["utter_promotions_no_gift"], messages
    assert messages[0]["promotions"].strip()


def test_promotions_asked_without_a_gift_are_just_listed():
    from actions.presale import ActionPromotions

    messages, _ = run(ActionPromotions(), make_tracker("有什么活动吗", "ask_promotion"))
    assert responses(messages) == ["utter_promotions"], messages


def test_a_gift_asked_for_while_one_runs_gets_the_list_with_it():
    from actions.presale import ActionPromotions

    messages, _ = run(ActionPromotions(), make_tracker("有小样吗", "ask_promotion"))  # Nov 18: 满199送化妆包
    assert responses(messages) == ["utter_promotions"] and "化妆包" in messages[0]["promotions"], messages


def test_what_if_it_is_faulty_with_an_order_in_view_reports_nothing(fresh_shop):
    from tests.actions.conftest import DELIVERED_3D

    tracker = make_tracker("要是有质量问题能退吗", "request_return", order_id=DELIVERED_3D, verified_orders=[DELIVERED_3D])
    messages, events = run(ActionRequestReturn(), tracker)
    assert responses(messages) == ["utter_policy_quality"], messages
    assert not any(e.get("name") == "pending_proposal" and e.get("value") for e in events)


def test_which_of_a_kind_suits_lists_the_kinds_goods_before_any_size():
    text = "想给我妈买件羽绒服 她60多岁 身高158 120斤 怕冷 哪款合适"
    messages, events = run(ActionSizeAdvice(), make_tracker(text, "ask_size", [entity("product", "羽绒服")],
                                                            height="158", weight="60"))
    assert responses(messages)[0] == "utter_product_suggestions", messages
    assert "长款连帽羽绒服" in messages[0]["suggestions"] and "白鸭绒短款羽绒服" in messages[0]["suggestions"]
    assert responses(messages)[-1] == "utter_size_after_pick"


def test_which_size_of_one_product_is_size_advice_not_a_list():
    messages, _ = run(ActionSizeAdvice(), make_tracker("长款羽绒服选哪个码", "ask_size", [entity("product", "长款连帽羽绒服")],
                                                       height="158", weight="60"))
    assert responses(messages)[0].startswith("utter_size"), messages


def test_does_it_come_in_a_size_is_that_sizes_stock():
    tracker = make_tracker("ok what about this hoodie, does it come in XXL", "ask_size",
                           [entity("product", "hoodie"), entity("size", "XXL")], language="en", product="加绒连帽卫衣")
    messages, _ = run(ActionSizeAdvice(), tracker)
    assert responses(messages)[0].startswith("utter_stock"), messages


def test_the_one_to_buy_keeps_the_colour_said_just_before():
    said = [_user("那灰色的呢", "inform", [_at("那灰色的呢", "color", "灰色")]), _bot("utter_stock_some_variants"),
            _user("洗了会缩水吗", "ask_product_info"), _bot("utter_product_care")]
    tracker = make_tracker("好的 我拍M", "nlu_fallback", [_at("好的 我拍M", "size", "M")], events=said,
                           product="羊毛圆领针织毛衣")
    messages, _ = run(ActionFallback(), tracker)
    assert "灰色" in messages[0]["variant"] and "M" in messages[0]["variant"], messages


def test_a_colour_said_about_other_goods_is_not_kept():
    said = [_user("黑色的卫衣有吗", "ask_stock", [_at("黑色的卫衣有吗", "color", "黑色"), _at("黑色的卫衣有吗", "product", "卫衣")]),
            _bot("utter_stock_available"),
            _user("毛衣呢", "inform", [_at("毛衣呢", "product", "毛衣")]), _bot("utter_product_info")]
    tracker = make_tracker("好的 我拍M", "nlu_fallback", [_at("好的 我拍M", "size", "M")], events=said,
                           product="羊毛圆领针织毛衣")
    messages, _ = run(ActionFallback(), tracker)
    assert "黑色" not in messages[0]["variant"], messages


def test_the_difference_between_two_goods_gives_both_side_by_side():
    named = {**_at("do you have the mary janes in 37", "product", "mary janes"), "value": "玛丽珍平底单鞋"}
    said = [_user("do you have the mary janes in 37", "ask_stock", [named]), _bot("utter_stock_some_variants")]
    text = "whats the difference between them and the white sneakers"
    tracker = make_tracker(text, "ask_product_info", [_at(text, "product", "white sneakers")], events=said,
                           language="en", product="玛丽珍平底单鞋")
    messages, events = run(ActionProductInfo(), tracker)
    assert responses(messages)[0] == "utter_product_compare", messages
    both = messages[0]["first"] + messages[0]["second"]
    assert "White Leather Sneakers" in both and "Mary Jane Flats" in both and "run small" in both
    later = make_tracker("ok which is better for walking a lot", "ask_product_info", events=said, language="en",
                         product="玛丽珍平底单鞋", listed_products=["SKU-1027", "SKU-1029"])
    messages, _ = run(ActionProductInfo(), later)
    assert responses(messages)[0] == "utter_product_compare", messages  # not a list of the whole shop


def test_a_question_about_one_product_is_no_comparison():
    said = [_user("白色小白鞋有37吗", "ask_stock", [_at("白色小白鞋有37吗", "product", "小白鞋")]), _bot("utter_stock_available")]
    tracker = make_tracker("这件是纯棉的还是涤纶的", "ask_product_info", events=said, product="纯棉圆领短袖T恤")
    messages, _ = run(ActionProductInfo(), tracker)
    assert responses(messages)[0] != "utter_product_compare", messages


def test_which_of_two_named_by_their_own_words_is_warmer_gives_both():
    text = "长款和短款羽绒服哪个更保暖"
    messages, _ = run(ActionProductInfo(), make_tracker(text, "ask_product_info", [_at(text, "product", "短款羽绒服")]))
    assert responses(messages)[0] == "utter_product_compare", messages
    assert "长款连帽羽绒服" in messages[0]["first"] + messages[0]["second"]


def test_how_much_extra_right_after_a_courier_answer_is_that_couriers_extra():
    from actions.shipping import ActionShippingFee

    said = [_user("pls can u send it with SF", "choose_express", [_at("pls can u send it with SF", "express_company", "SF")]),
            _bot("utter_express_surcharge")]
    tracker = make_tracker("how much extra", "ask_shipping_fee", events=said, language="en", express_company="SF")
    messages, _ = run(ActionShippingFee(), tracker)
    assert responses(messages) == ["utter_express_surcharge"], messages
    assert "12" in messages[0]["surcharge"]
    other = [_user("有黑色L吗", "ask_stock"), _bot("utter_stock_available")]
    messages, _ = run(ActionShippingFee(), make_tracker("运费多少", "ask_shipping_fee", events=other, express_company="SF"))
    assert responses(messages)[0] != "utter_express_surcharge", messages


def test_a_colour_with_a_product_after_a_question_about_the_make_is_about_that_product():
    asked = [_user("what colours does it come in", "ask_product_info"), _bot("utter_product_variants")]
    text = "black hoodie"
    tracker = make_tracker(text, "inform", [_at(text, "color", "black"), _at(text, "product", "hoodie")], events=asked,
                           language="en", product="加绒连帽卫衣")
    messages, _ = run(ActionResumeTask(), tracker)
    assert responses(messages)[0] == "utter_product_info", messages
