"""买两件能减多少: ask_promotion naming a product and a quantity gets that basket worked out from
the product's real price; discounts never reach goods outside their scope; nothing is written."""
import sqlite3
from datetime import datetime

import pytest

import actions.common as common
from actions.presale import ActionPromotions
from bot.i18n import money
from bot.settings import get_settings
from bot.shop import repositories as repo
from bot.shop.db import session_scope
from tests.actions.conftest import entity, make_tracker, responses, run, slot_values

DOUBLE_12 = datetime(2026, 12, 5, 10, 30)  # 满300减30 (每满), the store coupon and 冬季外套95折 run


@pytest.fixture
def double_12(monkeypatch):
    monkeypatch.setattr(common, "shop_now", lambda: DOUBLE_12)


def price_of(query: str):
    with session_scope(get_settings().database_url) as session:
        product = repo.find_products(session, query, limit=1)[0]
        return product.name_zh, product.name_en, product.price_fen


def ask(text, entities=(), language="zh"):
    messages, events = run(ActionPromotions(), make_tracker(text, "ask_promotion", entities, language=language))
    return messages, events


def test_two_hoodies_are_totalled_from_the_real_price(double_12):
    name, _, price = price_of("卫衣")
    messages, events = ask("买两件卫衣能减多少", [entity("product", "卫衣")])
    assert responses(messages) == ["utter_promotion_basket"]
    reply = messages[0]
    subtotal = 2 * price
    assert reply["items"] == f"2件{name}" and reply["subtotal"] == money(subtotal, "zh")
    assert subtotal < 30000, "the demo hoodie changed price: rework the amounts below"
    assert reply["savings"] == "店铺优惠券 满59减5可减5元"
    assert reply["total"] == money(subtotal - 500, "zh")
    assert f"双十二 满300减30还差{money(30000 - subtotal, 'zh')}就能用" in reply["notes"]
    assert "冬季外套95折不包含这件商品" in reply["notes"]
    assert slot_values(events) == {"product": name}


def test_three_hoodies_reach_the_full_reduction_and_stack_the_coupon(double_12):
    _, _, price = price_of("卫衣")
    messages, _ = ask("买3件卫衣能便宜多少")
    reply = messages[0]
    assert "双十二 满300减30可减30元" in reply["savings"] and "店铺优惠券 满59减5可减5元" in reply["savings"]
    assert reply["total"] == money(3 * price - 3000 - 500, "zh")


def test_a_hoodie_never_gets_the_winter_coat_discount(double_12):
    messages, _ = ask("卫衣打折吗 买一件", [entity("product", "卫衣")])
    reply = messages[0]
    assert "95折" not in reply.get("savings", "")
    assert "冬季外套95折不包含这件商品" in reply["notes"]


def test_a_coat_gets_the_discount_first_in_english(double_12):
    _, name_en, price = price_of("SKU-1015")
    messages, _ = ask("how much for 2 pieces of the wool coat", [entity("product", "SKU-1015")], language="en")
    reply = messages[0]
    discounted = 2 * (price - round(price * 5 / 100))
    assert reply["items"] == f"2 × {name_en}"
    assert f"5% off winter coats takes {money(2 * price - discounted, 'en')} off" in reply["savings"]
    assert reply["total"] == money(discounted - 3000 * (discounted // 30000) - 500, "en")


def test_an_unknown_product_is_said_not_guessed(double_12):
    messages, events = ask("买两件貂皮大衣能减多少", [entity("product", "貂皮")])
    assert responses(messages) == ["utter_promotion_basket_unknown_product", "utter_promotions"]
    assert messages[0]["product"] == "貂皮" and events == []


def test_a_count_without_a_product_the_shop_sells_lists_the_promotions(double_12):
    messages, events = ask("有没有优惠卷呀 想买两个送爸妈")
    assert responses(messages) == ["utter_promotions"] and events == []


def test_without_a_product_or_quantity_the_rules_are_listed(double_12):
    messages, _ = ask("满减怎么算")
    assert responses(messages) == ["utter_promotions"]


def test_the_basket_question_writes_nothing(fresh_shop, double_12):
    path = fresh_shop.removeprefix("sqlite:///")
    before = list(sqlite3.connect(path).iterdump())
    ask("买两件卫衣能减多少", [entity("product", "卫衣")])
    assert list(sqlite3.connect(path).iterdump()) == before


def test_an_english_count_before_the_product_is_the_quantity(double_12):
    _, name_en, price = price_of("卫衣")
    text = "how much do I save if I buy 2 hoodies"
    hoodies = {"entity": "product", "value": "卫衣", "start": text.index("hoodies"), "end": len(text)}
    messages, _ = ask(text, [hoodies], language="en")
    assert messages[0]["items"] == f"2 × {name_en}"
    assert messages[0]["subtotal"] == money(2 * price, "en")


def test_three_of_them_after_a_basket_question_works_out_three(double_12):
    from actions.followup import ActionOutOfScope
    from tests.actions.conftest import next_turn

    _, _, price = price_of("卫衣")
    first = make_tracker("买两件卫衣能减多少", "ask_promotion", [entity("product", "卫衣")], sender="basket-follow")
    _, events = run(ActionPromotions(), first)
    messages, _ = run(ActionOutOfScope(), next_turn(first, events, "三件呢", "out_of_scope"))
    assert responses(messages) == ["utter_promotion_basket"]
    assert messages[0]["items"].startswith("3件") and messages[0]["subtotal"] == money(3 * price, "zh")


def test_what_about_3_after_an_english_basket_question_works_out_three(double_12):
    from actions.followup import ActionOutOfScope
    from tests.actions.conftest import next_turn

    _, name_en, price = price_of("卫衣")
    text = "how much do I save if I buy 2 hoodies"
    hoodies = {"entity": "product", "value": "卫衣", "start": text.index("hoodies"), "end": len(text)}
    first = make_tracker(text, "ask_promotion", [hoodies], sender="basket-follow-en", language="en")
    _, events = run(ActionPromotions(), first)
    messages, _ = run(ActionOutOfScope(), next_turn(first, events, "what about 3?", "out_of_scope"))
    assert responses(messages) == ["utter_promotion_basket"]
    assert messages[0]["items"] == f"3 × {name_en}" and messages[0]["subtotal"] == money(3 * price, "en")


def test_a_basket_under_the_free_threshold_says_its_postage_and_what_is_missing(double_12):
    with session_scope(get_settings().database_url) as session:
        shirt = repo.find_products(session, "SKU-1004", limit=1)[0]
        name, price, grams = shirt.name_zh, shirt.price_fen, shirt.weight_g
    assert 5900 <= price < 9900 and grams <= 1000, "the demo T-shirt changed: rework the amounts below"
    tracker = make_tracker("买一件T恤多少钱", "ask_promotion", [entity("product", "SKU-1004")], province="广东")
    messages, _ = run(ActionPromotions(), tracker)
    total = price - 500  # the 59-5 store coupon
    assert messages[0]["items"] == f"1件{name}"
    assert messages[0]["postage"] == (f"\n运费：发广东用中通（约{grams / 1000:g}kg）运费8元，"  # 广东: first kg 8
                                      f"连运费一共{money(total + 800, 'zh')}。商品实付满99元包邮，还差{money(9900 - total, 'zh')}。")
