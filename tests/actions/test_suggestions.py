"""Asked to recommend, the bot lists goods that are in stock, the most ordered first; a question
about one named product still gets that product's details; nothing is written."""
import pytest
from sqlalchemy import select

from actions.catalog import ActionProductInfo, ActionStock
from bot.settings import get_settings
from bot.shop.db import session_scope
from bot.shop.models import Product, Sku
from tests.actions.conftest import make_tracker, responses, run


def _suggested(messages):
    return [card["name"] for card in messages[1]["custom"]["cards"]]


def _stock_of(names):
    with session_scope(get_settings().database_url) as session:
        products = session.scalars(select(Product).where(
            (Product.name_zh.in_(names)) | (Product.name_en.in_(names)))).all()
        return {p.name_zh: sum(sku.stock for sku in p.skus) for p in products}


def test_a_request_for_suggestions_lists_goods_in_stock_with_cards():
    messages, events = run(ActionProductInfo(), make_tracker("你们家卖得最好的是哪款", "ask_product_info"))
    assert responses(messages) == ["utter_product_suggestions_shop", None]
    assert messages[0]["categories"] == "服装鞋子、美妆护肤"
    names = _suggested(messages)
    assert 1 <= len(names) <= 4
    assert all(stock > 0 for stock in _stock_of(names).values())
    assert all(name.split(" ")[0] in messages[0]["suggestions"] for name in names)
    assert {e["name"] for e in events} == {"listed_products", "product"}


def test_goods_the_shop_does_not_sell_get_what_it_does_sell_not_a_made_up_match():
    messages, _ = run(ActionProductInfo(), make_tracker("can you recommend a bamboo cutting board", "ask_product_info",
                                                        language="en"))
    assert responses(messages)[0] == "utter_product_suggestions_shop"
    assert messages[0]["categories"] == "clothing and shoes, make-up and skincare"
    assert "cutting board" not in messages[0]["suggestions"].lower()


def test_words_naming_a_kind_narrow_the_suggestions_to_that_kind():
    messages, _ = run(ActionProductInfo(), make_tracker("recommend a dress for a summer wedding", "ask_product_info",
                                                        language="en"))
    assert responses(messages)[0] == "utter_product_suggestions"
    assert all("Dress" in name for name in _suggested(messages))


def test_a_sold_out_product_is_never_suggested(fresh_shop):
    first, _ = run(ActionProductInfo(), make_tracker("推荐一双鞋", "ask_product_info"))
    top = _suggested(first)[0]
    with session_scope(fresh_shop) as session:
        product = session.scalars(select(Product).where(Product.name_zh == top)).one()
        for sku in session.scalars(select(Sku).where(Sku.product_id == product.id)):
            sku.stock = 0
    again, _ = run(ActionProductInfo(), make_tracker("推荐一双鞋", "ask_product_info"))
    assert top not in _suggested(again) and _suggested(again)


def test_one_named_product_or_a_comparison_gets_product_details_not_a_list():
    messages, _ = run(ActionProductInfo(), make_tracker("recommend a face cream", "ask_product_info", language="en"))
    assert responses(messages)[0] == "utter_product_info" and messages[0]["product"] == "Repair Face Cream"
    messages, _ = run(ActionProductInfo(), make_tracker("这两款哪个好", "ask_product_info", page="SKU-1001"))
    assert responses(messages)[0] == "utter_product_info"


def _order_of(shop_url, product_name, units, state, order_id):
    from tests.conftest import NOW
    from bot.shop.models import Buyer, Order, OrderItem

    with session_scope(shop_url) as session:
        sku = session.scalars(select(Sku).join(Product).where(Product.name_zh == product_name, Sku.stock > 0)).first()
        buyer = session.scalars(select(Buyer)).first()
        order = Order(id=order_id, buyer_id=buyer.id, state=state, created_at=NOW, recipient_name="王",
                      recipient_phone="13800000000", province="浙江", city="杭州", address_line="文一西路1号",
                      goods_total_fen=units * sku.product.price_fen)
        order.items.append(OrderItem(sku_id=sku.id, quantity=units, unit_price_fen=sku.product.price_fen))
        session.add(order)


def test_the_most_ordered_come_first_and_cancelled_orders_do_not_count(fresh_shop):
    before = _suggested(run(ActionProductInfo(), make_tracker("推荐一双鞋", "ask_product_info"))[0])
    last = before[-1]
    _order_of(fresh_shop, last, 500, "cancelled", "9990202612010001")
    assert _suggested(run(ActionProductInfo(), make_tracker("推荐一双鞋", "ask_product_info"))[0])[0] != last
    _order_of(fresh_shop, last, 500, "paid", "9990202612010002")
    assert _suggested(run(ActionProductInfo(), make_tracker("推荐一双鞋", "ask_product_info"))[0])[0] == last


def _slots_from(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_the_second_one_after_a_list_is_the_second_listed_not_the_first():
    listing, events = run(ActionProductInfo(), make_tracker("推荐一双鞋", "ask_product_info"))
    kept = _slots_from(events)
    names = _suggested(listing)
    assert len(names) >= 2 and kept["product"] is None
    assert "1. " + names[0] in listing[0]["suggestions"] and "2. " + names[1] in listing[0]["suggestions"]
    for asked, expected in (("第二款是什么面料", names[1]), ("第一款呢", names[0]), ("最后一款是什么面料", names[-1])):
        messages, _ = run(ActionProductInfo(), make_tracker(asked, "ask_product_info", **kept))
        assert responses(messages)[0] == "utter_product_info" and messages[0]["product"] == expected, asked


def test_the_second_one_in_english_and_a_stock_question_about_it():
    listing, events = run(ActionProductInfo(), make_tracker("show me some shoes", "ask_product_info", language="en"))
    kept = _slots_from(events)
    second = _suggested(listing)[1]
    messages, _ = run(ActionStock(), make_tracker("is the second one in stock?", "ask_stock", language="en", **kept))
    assert messages[0]["product"] == second


def test_a_follow_up_naming_nothing_after_a_list_asks_which_instead_of_guessing():
    listing, events = run(ActionProductInfo(), make_tracker("推荐一双鞋", "ask_product_info", page="SKU-1001"))
    kept = _slots_from(events)
    messages, _ = run(ActionProductInfo(), make_tracker("是什么面料", "ask_product_info", page="SKU-1001", **kept))
    assert responses(messages) == ["utter_ask_which_listed"]
    assert all(name in messages[0]["options"] for name in _suggested(listing))
    messages, _ = run(ActionProductInfo(), make_tracker("第九款呢", "ask_product_info", **kept))
    assert responses(messages) == ["utter_ask_which_listed"]


def test_a_bare_first_one_follow_up_asks_the_last_product_question_about_it():
    from actions.order_access import ActionResumeTask

    listing, events = run(ActionProductInfo(), make_tracker("推荐一双鞋", "ask_product_info"))
    kept, names = _slots_from(events), _suggested(listing)
    question = {"event": "user", "text": "第二款是什么面料",
                "parse_data": {"text": "第二款是什么面料", "intent": {"name": "ask_product_info"}, "entities": []}}
    messages, _ = run(ActionResumeTask(), make_tracker("第一款呢", "inform", events=[question], **kept))
    assert responses(messages)[0] == "utter_product_info" and messages[0]["product"] == names[0]


def test_a_need_narrows_the_suggestions_to_the_kinds_that_meet_it():
    from bot.shop.suggestions import kinds_for_need

    for asked, language in (("what do you recommend for dry skin", "en"), ("干皮用什么好 推荐一下", "zh")):
        messages, _ = run(ActionProductInfo(), make_tracker(asked, "ask_product_info", language=language))
        assert responses(messages)[0] == "utter_product_suggestions", asked
        with session_scope(get_settings().database_url) as session:
            kinds = {p.kind for p in session.scalars(select(Product).where(
                (Product.name_zh.in_(_suggested(messages))) | (Product.name_en.in_(_suggested(messages)))))}
        assert kinds and kinds <= set(kinds_for_need("skincare")), (asked, kinds)


def test_sneakers_are_suggested_before_other_shoes():
    messages, _ = run(ActionProductInfo(), make_tracker("show me some sneakers", "ask_product_info", language="en"))
    assert _suggested(messages) and all("Sneakers" in name for name in _suggested(messages))


def test_a_kind_word_every_such_item_answers_to_lists_them_all():
    messages, _ = run(ActionProductInfo(), make_tracker("想买件外套 有什么推荐的吗", "ask_product_info"))
    assert len(_suggested(messages)) >= 2


@pytest.mark.parametrize("action, asked, language", [
    (ActionProductInfo(), "hello do u have any baby wipes or diapers", "en"),
    (ActionStock(), "do you sell dog food?", "en"),
    (ActionProductInfo(), "你们有婴儿湿巾卖吗", "zh"),
    (ActionStock(), "你们家有没有卖狗粮", "zh"),
])
def test_goods_the_shop_does_not_sell_are_said_so_not_answered_with_the_last_product(action, asked, language):
    messages, events = run(action, make_tracker(asked, "ask_product_info", language=language, product="加绒连帽卫衣"))
    assert responses(messages) == ["utter_goods_not_sold"]
    assert messages[0]["categories"] and events == []


@pytest.mark.parametrize("asked, language, goods", [
    ("can this laptop run python", "en", "laptops"),
    ("how do i cook rice in this cooker", "en", "cookers"),
    ("这台笔记本能跑PS吗", "zh", "笔记本"),
])
def test_a_question_about_goods_not_sold_is_never_answered_with_the_product_in_context(asked, language, goods):
    messages, _ = run(ActionProductInfo(), make_tracker(asked, "ask_product_info", language=language,
                                                        product="加绒连帽卫衣"))
    assert responses(messages) == ["utter_goods_not_sold"] and messages[0]["goods"] == goods


@pytest.mark.parametrize("asked, language", [("can i machine wash this hoodie", "en"), ("能机洗吗", "zh"),
                                             ("is it good quality", "en")])
def test_a_question_about_the_product_in_context_is_still_answered(asked, language):
    messages, _ = run(ActionProductInfo(), make_tracker(asked, "ask_product_info", language=language,
                                                        product="加绒连帽卫衣"))
    assert "utter_goods_not_sold" not in responses(messages)
    assert responses(messages)[0] in ("utter_product_info", "utter_product_care")


def test_goods_the_shop_sells_or_a_variant_are_still_answered():
    messages, _ = run(ActionStock(), make_tracker("有M码吗", "ask_stock", product="加绒连帽卫衣"))
    assert responses(messages)[0].startswith("utter_stock")
    messages, _ = run(ActionProductInfo(), make_tracker("do you have sweatshirts", "ask_product_info", language="en"))
    assert "utter_goods_not_sold" not in responses(messages)
    messages, _ = run(ActionProductInfo(), make_tracker("有没有适合干皮的", "ask_product_info"))
    assert responses(messages)[0] == "utter_product_suggestions"


@pytest.mark.parametrize("text, language, product", [("black hoodie", "en", "hoodie"), ("卫衣", "zh", "卫衣")])
def test_a_bare_product_name_with_nothing_pending_is_answered_about_that_product(text, language, product):
    from actions.order_access import ActionResumeTask

    messages, _ = run(ActionResumeTask(), make_tracker(text, "inform", [{"entity": "product", "value": product}],
                                                       language=language))
    assert responses(messages)[0] == "utter_product_info"
    assert "utter_inform_unclear" not in responses(messages) and "utter_ask_order_id" not in responses(messages)


def test_kids_sizes_are_said_not_to_be_sold_never_answered_with_adult_goods():
    for text, language in (("do you have kids sizes", "en"), ("有童装吗", "zh")):
        messages, _ = run(ActionProductInfo(), make_tracker(text, "ask_product_info", language=language))
        assert responses(messages) == ["utter_goods_not_sold"], messages
        assert messages[0]["goods"] in ("children's sizes", "童装")
