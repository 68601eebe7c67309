"""Shipping quotes, couriers, delivery times, stock, sizes, bargaining and payments."""
from actions.bargain import ActionBargain, ActionBargainAgreed, asked_price_fen
from actions.catalog import ActionStock
from actions.sizes import ActionSizeAdvice
from actions.presale import ActionPaymentHelp, ActionPromotions
from actions.shipping import ActionChooseExpress, ActionDeliveryTime, ActionShippingFee
from tests.actions.conftest import entity, make_tracker, next_turn, responses, run, slot_values


def test_xinjiang_with_sf_is_a_remote_quote_with_both_surcharges():
    tracker = make_tracker("发新疆顺丰多少钱", "ask_shipping_fee",
                           [entity("province", "新疆"), entity("express_company", "顺丰")],
                           province="新疆", express_company="顺丰")
    messages, _ = run(ActionShippingFee(), tracker)
    assert responses(messages) == ["utter_shipping_fee_remote"]
    quote = messages[0]
    assert quote["remote"] not in ("0元", "") and quote["courier_extra"] not in ("0元", "")
    assert "顺丰" in quote["courier"]


def test_free_postage_with_a_dearer_courier_says_what_is_left_to_pay_and_free_alone_says_nothing_more():
    base = dict(province="广东", product="羊毛圆领针织毛衣")
    sf = make_tracker("发广东顺丰多少钱", "ask_shipping_fee", [entity("province", "广东"), entity("express_company", "顺丰")],
                      express_company="顺丰", **base)
    messages, _ = run(ActionShippingFee(), sf)
    assert responses(messages) == ["utter_shipping_fee_free_courier_extra"] and messages[0]["total"] == "12元"
    messages, _ = run(ActionShippingFee(), make_tracker("发广东多少钱", "ask_shipping_fee", [entity("province", "广东")],
                                                        **base))
    assert responses(messages) == ["utter_shipping_fee_free"]


def test_shipping_without_province_explains_the_rule_and_asks():
    messages, _ = run(ActionShippingFee(), make_tracker("包邮吗", "ask_shipping_fee"))
    assert responses(messages) == ["utter_shipping_fee_general"]


def test_english_buyer_gets_english_province_names():
    tracker = make_tracker("shipping to xinjiang?", "ask_shipping_fee", [entity("province", "新疆")],
                           province="新疆", language="en")
    messages, _ = run(ActionShippingFee(), tracker)
    assert messages[0]["province"] == "Xinjiang"


def test_courier_surcharge_is_stated():
    tracker = make_tracker("能发顺丰吗", "choose_express", [entity("express_company", "顺丰")])
    messages, _ = run(ActionChooseExpress(), tracker)
    assert responses(messages) == ["utter_express_surcharge"]


def test_delivery_estimate_by_province():
    tracker = make_tracker("到广州要几天", "ask_delivery_time", [entity("province", "广东")], province="广东")
    messages, _ = run(ActionDeliveryTime(), tracker)
    assert responses(messages) == ["utter_delivery_estimate"]
    assert messages[0]["earliest"] and messages[0]["latest"]


def test_stock_is_honest_and_out_of_stock_suggests_in_stock_items(shop):
    from sqlalchemy import select

    from bot.shop.db import session_scope
    from bot.shop.models import Sku

    with session_scope(shop) as s:
        sold_out = s.scalars(select(Sku).where(Sku.stock == 0)).first()
        name, color, size = sold_out.product.name_zh, sold_out.color_zh, sold_out.size
    entities = [entity("product", name), entity("color", color)] + ([entity("size", size)] if size else [])
    messages, _ = run(ActionStock(), make_tracker(f"{name}{color}{size or ''}还有吗", "ask_stock", entities))
    assert responses(messages)[0] in ("utter_stock_out", "utter_stock_available")
    if responses(messages)[0] == "utter_stock_out":
        assert responses(messages)[1:] in ([], ["utter_stock_similar", None])
        if len(messages) == 3:
            cards = messages[2]["custom"]["cards"]
            assert cards and all(card["name"] and card["price"] for card in cards)


def test_size_advice_needs_height_and_weight():
    messages, _ = run(ActionSizeAdvice(), make_tracker("卫衣穿什么码", "ask_size", [entity("product", "卫衣")]))
    assert responses(messages) == ["utter_ask_height_weight"]
    messages, _ = run(ActionSizeAdvice(), make_tracker("165 100斤", "ask_size", height="165", weight="50", product="卫衣"))
    assert responses(messages)[0] in ("utter_size_advice", "utter_size_between")
    assert messages[0]["size"] in ("S", "M", "L")


def test_bargaining_never_beats_the_authority_and_remembers_offers(fresh_shop):
    from bot.shop.db import session_scope
    from bot.shop import repositories as repo

    with session_scope(fresh_shop) as s:
        product = repo.find_products(s, "卫衣", limit=1)[0]
        price, floor = product.price_fen, product.floor_price_fen
    slots = {}
    offers = []
    for round_no in range(1, 5):
        tracker = make_tracker("卫衣能便宜点吗", "bargain", [entity("product", "卫衣")], **slots)
        messages, events = run(ActionBargain(), tracker)
        values = slot_values(events)
        offers.append(values["bargain_price"])
        slots = {k: values[k] for k in ("bargain_product", "bargain_round", "bargain_price", "bargain_offer")}
    assert offers == sorted(offers, reverse=True)
    assert min(offers) >= max(floor, price * 0.9 - 100)
    assert responses(messages) == ["utter_bargain_final"]
    messages, _ = run(ActionBargainAgreed(), next_turn(tracker, events, "行", "affirm"))
    assert responses(messages) == ["utter_bargain_agreed"]


def test_bargaining_for_several_says_the_offer_is_per_piece_and_what_they_come_to(fresh_shop):
    messages, events = run(ActionBargain(), make_tracker("能便宜点吗 两双的话", "bargain", [entity("product", "马丁靴")]))
    assert responses(messages) == ["utter_bargain_offer", "utter_bargain_per_piece"]
    price = slot_values(events)["bargain_price"]
    assert messages[1]["count"] == 2 and messages[1]["total"].replace(",", "").startswith(str(int(price) * 2 // 100))


def test_buyer_ask_is_read_as_a_price_or_a_discount():
    assert asked_price_fen("少十块我就拍", "10", 12900) == 11900
    assert asked_price_fen("100卖不卖", "100", 12900) == 10000
    assert asked_price_fen("便宜点", None, 12900) is None


def test_payment_methods_and_cod():
    messages, _ = run(ActionPaymentHelp(), make_tracker("花呗能用吗", "ask_payment", [entity("payment_method", "花呗")]))
    assert responses(messages) == ["utter_payment_method_ok"]
    messages, _ = run(ActionPaymentHelp(), make_tracker("付款失败了", "ask_payment"))
    assert responses(messages) == ["utter_payment_failed"]


def test_promotions_listed_with_how_each_one_is_counted():
    messages, _ = run(ActionPromotions(), make_tracker("满减怎么算", "ask_promotion"))
    assert responses(messages) == ["utter_promotions"]
    listed = messages[0]["promotions"]
    assert "领券后，一单满59元可抵5元" in listed
    assert "活动商品打9.5折，比如100元的商品付95元" in listed
    assert "双十二" not in listed  # starts on Dec 1, after the frozen clock's Nov 18


def test_promotions_in_english_keep_the_amounts_in_yuan():
    messages, _ = run(ActionPromotions(), make_tracker("how does the discount work", "ask_promotion", language="en"))
    assert "e.g. a ¥100 item pays ¥95" in messages[0]["promotions"]


def test_asking_for_a_courier_to_a_province_gets_the_quote():
    tracker = make_tracker("how much to ship to xinjiang with SF", "choose_express",
                           [entity("province", "新疆"), entity("express_company", "顺丰")], province="新疆")
    messages, _ = run(ActionChooseExpress(), tracker)
    assert responses(messages) == ["utter_shipping_fee_remote"]


def test_size_advice_does_not_recommend_a_size_the_product_is_not_made_in(shop):
    from sqlalchemy import select

    from bot.shop.db import session_scope
    from bot.shop.models import Product

    with session_scope(shop) as s:
        dress = s.scalars(select(Product).where(Product.size_chart == "dresses")).first()
        name, made = dress.name_zh, {sku.size for sku in dress.skus}
    assert "XXL" not in made
    tracker = make_tracker("175 140斤", "ask_size", height="175", weight="70", product=name)
    messages, _ = run(ActionSizeAdvice(), tracker)
    assert responses(messages) == ["utter_size_not_made"]
    assert messages[0]["size"] == "XXL" and set(messages[0]["sizes"].split("/")) == made


def test_which_sizes_a_product_comes_in_lists_the_sizes_made_not_asks_for_height():
    messages, _ = run(ActionSizeAdvice(), make_tracker("what sizes does it come in", "ask_size",
                                                       language="en", product="长款连帽羽绒服"))
    assert responses(messages) == ["utter_product_variants"]
    assert "M" in messages[0]["sizes"].split("/") or "M" in messages[0]["sizes"]
    messages, _ = run(ActionSizeAdvice(), make_tracker("有哪些尺码 165 100斤", "ask_size",
                                                       [entity("height", "165"), entity("weight", "100斤")],
                                                       height="165", weight="50", product="长款连帽羽绒服"))
    assert responses(messages)[0] in ("utter_size_advice", "utter_size_between")


def test_a_care_question_gets_the_care_answer_for_the_fabric_not_a_case():
    from actions.catalog import ActionProductInfo

    messages, _ = run(ActionProductInfo(), make_tracker("洗了会缩水不", "ask_product_info", product="加绒连帽卫衣"))
    assert responses(messages) == ["utter_product_care"]
    assert "缩水" in messages[0]["care"] and "棉" in messages[0]["material"]
    messages, _ = run(ActionProductInfo(), make_tracker("does it pill?", "ask_product_info", product="加绒连帽卫衣",
                                                        language="en"))
    assert responses(messages) == ["utter_product_care"] and "pill-resistant" in messages[0]["description"]


def test_a_stock_question_read_as_a_size_question_gets_the_stock_not_size_advice():
    messages, _ = run(ActionSizeAdvice(), make_tracker("is it in size XL?", "ask_size", [entity("size", "XL")],
                                                       language="en", product="加绒连帽卫衣"))
    assert responses(messages)[0].startswith("utter_stock") and "XL" in messages[0]["variant"] + messages[0].get("available", "")
    messages, _ = run(ActionSizeAdvice(), make_tracker("XL合适吗", "ask_size", [entity("size", "XL")], product="加绒连帽卫衣"))
    assert not responses(messages)[0].startswith("utter_stock")


def test_a_price_question_with_a_count_gets_the_basket_worked_out_not_the_product_card():
    from actions.catalog import ActionProductInfo

    messages, _ = run(ActionProductInfo(), make_tracker("买两支多少钱", "ask_product_info", product="丝绒哑光口红"))
    assert responses(messages)[0] in ("utter_promotion_basket", "utter_promotion_basket_no_saving")
    assert messages[0]["subtotal"] in ("258元", "258.00元", "¥258") or "258" in messages[0]["subtotal"]
    messages, _ = run(ActionProductInfo(), make_tracker("两支能用吗", "ask_product_info", product="丝绒哑光口红"))
    assert responses(messages)[0] == "utter_product_info"
