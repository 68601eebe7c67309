"""Replies state only true facts (issue 11 item 3): stock from the exact SKU row, sizes from the
product's own chart, shoes by foot length or usual size, prices in yuan."""
import pytest

from actions.bargain import ActionBargain
from actions.catalog import ActionStock
from actions.sizes import ActionSizeAdvice
from tests.actions.conftest import entity, make_tracker, responses, run

HOODIE = "加绒连帽卫衣"  # white M and white XL are sold out in the demo shop


def _said(messages):
    return [m for m in messages if m.get("response")]


@pytest.mark.parametrize("text, entities", [
    ("白色xl呢", [entity("color", "白色"), entity("size", "XL")]),
    ("白色xl呢", []),  # the NLU found neither: the product's own colours and sizes in the text
    ("白的XL还有吗", [entity("size", "XL")]),
    ("ＸＬ白色有货吗", [entity("color", "白色")]),
])
def test_white_xl_is_never_in_stock_while_its_sku_is_sold_out(text, entities):
    messages, events = run(ActionStock(), make_tracker(text, "ask_stock", entities, product=HOODIE))
    said = responses(messages)
    assert "utter_stock_available" not in said and "utter_stock_some_variants" not in said
    assert said[0] == "utter_stock_out"
    assert messages[0]["variant"] == "白色 XL"
    assert {"event": "slot", "name": "product", "value": HOODIE} in [
        {k: e[k] for k in ("event", "name", "value")} for e in events]


def test_english_buyer_gets_the_same_fact():
    tracker = make_tracker("white xl?", "ask_stock", [entity("color", "白色"), entity("size", "XL")],
                           product=HOODIE, language="en")
    messages, _ = run(ActionStock(), tracker)
    assert responses(messages)[0] == "utter_stock_out" and messages[0]["variant"] == "White XL"


def test_a_colour_with_some_sizes_sold_out_names_which():
    messages, _ = run(ActionStock(), make_tracker("白色还有吗", "ask_stock", [entity("color", "白色")], product=HOODIE))
    assert responses(messages) == ["utter_stock_some_variants"]
    reply = messages[0]
    assert reply["sold_out"].startswith("M（预计") and "XL（预计" in reply["sold_out"]
    assert "S（30件）" in reply["available"] and "XL" not in reply["available"].replace("XXL", "")


def test_an_in_stock_sku_gives_its_own_count():
    messages, _ = run(ActionStock(), make_tracker("黑色xl有吗", "ask_stock",
                                                  [entity("color", "黑色"), entity("size", "XL")], product=HOODIE))
    assert responses(messages) == ["utter_stock_available"]
    assert messages[0]["count"] == 15 and messages[0]["variant"] == "黑色 XL"


def test_white_is_not_said_in_stock_for_ivory_which_is_offered_as_a_shade_of_it():
    messages, _ = run(ActionStock(), make_tracker("粉底液白色有吗", "ask_stock",
                                                  [entity("product", "持妆粉底液"), entity("color", "白色")]))
    assert responses(messages) == ["utter_stock_shades"]
    assert messages[0]["shades"].startswith("象牙白（") and "自然色" not in messages[0]["shades"]


@pytest.mark.parametrize("text, language, shades, not_listed", [
    ("is the red one in stock", "en", ["True Red (", "Brick Red ("], "Maple"),
    ("口红红色的还有吗", "zh", ["正红色（", "砖红色（"], "豆沙色"),
])
def test_a_lipstick_asked_in_red_lists_its_red_shades_instead_of_saying_it_has_no_red(
        text, language, shades, not_listed):
    tracker = make_tracker(text, "ask_stock", [entity("product", "丝绒哑光口红"), entity("color", "红色")],
                           language=language)
    messages, _ = run(ActionStock(), tracker)
    assert responses(messages) == ["utter_stock_shades"]
    assert all(shade in messages[0]["shades"] for shade in shades) and not_listed not in messages[0]["shades"]
    assert messages[0]["variant"] == ("red" if language == "en" else "红色")


# --- shoes --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, language, response, size, alternative", [
    ("my foot is 24.5 cm", "en", "utter_shoe_size_between", "39", "40"),
    ("脚长24.5", "zh", "utter_shoe_size_between", "39", "40"),
    ("脚长23.8厘米", "zh", "utter_shoe_size_advice", "38", "-"),
    ("平时穿38", "zh", "utter_shoe_size_advice", "38", "-"),
    ("I usually wear US 8", "en", "utter_shoe_size_advice", "39", "-"),
    ("I usually wear EU 39", "en", "utter_shoe_size_advice", "39", "-"),
    ("24.5", "zh", "utter_shoe_size_between", "39", "40"),
    ("脚长28", "zh", "utter_shoe_size_out_of_range", "-", "-"),
])
def test_shoe_advice_from_foot_length_or_usual_size(text, language, response, size, alternative):
    tracker = make_tracker(text, "ask_size", product="真皮小白鞋", language=language)
    messages, _ = run(ActionSizeAdvice(), tracker)
    assert responses(messages) == [response]
    assert (messages[0]["size"], messages[0]["alternative"]) == (size, alternative)


def test_shoes_that_run_small_are_advised_one_size_up():
    messages, _ = run(ActionSizeAdvice(), make_tracker("平时穿38", "ask_size", product="玛丽珍平底单鞋"))
    assert responses(messages) == ["utter_shoe_size_advice"] and messages[0]["size"] == "39"


def test_a_shoe_question_asks_for_foot_length_never_height_and_weight():
    for slots in ({}, {"height": "165", "weight": "50"}):
        tracker = make_tracker("小白鞋穿什么码", "ask_size", [entity("product", "真皮小白鞋")], **slots)
        messages, _ = run(ActionSizeAdvice(), tracker)
        assert responses(messages) == ["utter_ask_foot_length"]


# --- clothes --------------------------------------------------------------------------------------

def test_feet_inches_and_pounds_give_advice_from_the_product_chart():
    tracker = make_tracker("5'7 and 140 lb", "ask_size", [entity("height", "170"), entity("weight", "63.5")],
                           height="170", weight="63.5", product=HOODIE, language="en")
    messages, _ = run(ActionSizeAdvice(), tracker)
    assert responses(messages) == ["utter_size_advice"]
    assert (messages[0]["size"], messages[0]["height"], messages[0]["weight"]) == ("XL", "170", "63.5")


def test_size_advice_without_a_product_asks_which_instead_of_guessing_a_chart():
    messages, _ = run(ActionSizeAdvice(), make_tracker("165 100斤穿什么码", "ask_size", height="165", weight="50"))
    assert responses(messages) == ["utter_ask_which_product"]


# --- money --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, language", [("$5 off?", "en"), ("5 bucks cheaper?", "en"), ("能少5美元吗", "zh")])
def test_a_discount_in_dollars_is_not_a_discount_in_yuan(shop, text, language):
    from bot.shop import repositories as repo
    from bot.shop.db import session_scope

    with session_scope(shop) as s:
        price = repo.find_products(s, HOODIE, limit=1)[0].price_fen
    tracker = make_tracker(text, "bargain", [entity("amount", "5")], product=HOODIE, language=language)
    messages, events = run(ActionBargain(), tracker)
    said = responses(messages)
    assert said[0] == "utter_bargain_in_yuan_only" and "utter_bargain_accept_ask" not in said
    offered = next(e["value"] for e in events if e.get("name") == "bargain_price")
    assert offered != price - 500
    assert messages[0]["list_price"] in ("¥139", "139元")


def test_a_discount_in_yuan_is_still_granted_within_authority():
    tracker = make_tracker("少5块吧", "bargain", [entity("amount", "5")], product=HOODIE)
    messages, _ = run(ActionBargain(), tracker)
    assert responses(messages) == ["utter_bargain_accept_ask"] and messages[0]["price"] == "134元"


def test_a_colour_not_made_is_named_in_the_buyers_language():
    tracker = make_tracker("purple hoodie?", "ask_stock", [entity("color", "紫色")], product=HOODIE, language="en")
    messages, _ = run(ActionStock(), tracker)
    assert responses(messages) == ["utter_stock_no_such_variant"] and messages[0]["variant"] == "purple"
    assert "White/XL" not in messages[0]["options"] and "White/L" in messages[0]["options"]


def test_similar_items_offered_for_a_sold_out_sku_have_that_size_in_stock(shop):
    from bot.shop import repositories as repo
    from bot.shop.db import session_scope

    messages, _ = run(ActionStock(), make_tracker("白色xl呢", "ask_stock", [entity("color", "白色"), entity("size", "XL")],
                                                  product=HOODIE))
    assert responses(messages)[:2] == ["utter_stock_out", "utter_stock_similar"]
    names = [card["name"] for card in messages[2]["custom"]["cards"]]
    with session_scope(shop) as s:
        for name in names:
            product = repo.find_products(s, name, limit=1)[0]
            assert any(sku.stock > 0 for sku in repo.find_skus(s, product, None, "XL"))


@pytest.mark.parametrize("color, restock", [("墨绿色", "11月30日"), ("黑色", "暂无确定日期")])
def test_a_sold_out_colour_gets_its_restock_date_or_none(color, restock):
    messages, _ = run(ActionStock(), make_tracker(f"{color}还有吗", "ask_stock", [entity("color", color)],
                                                  product="缎面吊带连衣裙"))
    assert responses(messages)[0] == "utter_stock_out" and messages[0]["restock"] == restock


def test_sold_out_variants_with_different_restock_dates_each_get_their_own():
    from datetime import date

    from actions.catalog import _restock
    from bot.shop.models import Sku

    skus = [Sku(color_zh="白色", color_en="White", size="M", stock=0, restock_date=date(2026, 11, 23)),
            Sku(color_zh="白色", color_en="White", size="XL", stock=0, restock_date=date(2026, 11, 25))]
    assert _restock(skus, "白色", None, "zh") == "M（预计11月23日补货）、XL（预计11月25日补货）"
    assert _restock(skus[:1], "白色", "M", "en") == "Nov 23"


def test_an_answer_to_the_shoe_question_is_read_from_the_message():
    messages, _ = run(ActionSizeAdvice(), make_tracker("脚长24.5", "inform", product="真皮小白鞋"))
    assert responses(messages) == ["utter_shoe_size_between"]


def test_an_order_number_after_the_size_question_goes_on_to_the_order():
    tracker = make_tracker("1001202611000001", "inform", [entity("order_id", "1001202611000001")],
                           product="真皮小白鞋")
    messages, _ = run(ActionSizeAdvice(), tracker)
    assert not any((r or "").startswith(("utter_shoe", "utter_ask_foot")) for r in responses(messages))
    assert responses(messages)  # asked for the phone digits or answered about the order


def test_a_sold_out_hoodie_size_suggests_only_hoodies_in_that_size_when_there_are_any(shop):
    from bot.shop import repositories as repo
    from bot.shop.db import session_scope

    with session_scope(shop) as s:
        hoodie = repo.find_products(s, HOODIE, limit=1)[0]
        similar = repo.similar_in_stock(s, hoodie, color="白色", size="XL")
        hoodies_with_xl = [p for p in repo.find_products(s, "卫衣", limit=10) if p.id != hoodie.id
                           and any(k.stock > 0 for k in repo.find_skus(s, p, None, "XL"))]
        assert hoodies_with_xl and [p.kind for p in similar] == ["hoodie"] * min(3, len(hoodies_with_xl))
        assert all(any(k.stock > 0 for k in repo.find_skus(s, p, None, "XL")) for p in similar)


def test_a_product_question_naming_a_size_gets_the_skus_stock():
    from actions.catalog import ActionProductInfo

    tracker = make_tracker("is the hoodie in white xl", "ask_product_info",
                           [entity("product", "hoodie"), entity("color", "白色"), entity("size", "XL")], language="en")
    messages, _ = run(ActionProductInfo(), tracker)
    assert responses(messages)[0] == "utter_stock_out" and messages[0]["variant"] == "White XL"


@pytest.mark.parametrize("text, language, product, colours", [
    ("这款有几种颜色", "zh", "缎面吊带连衣裙", "黑色（已售罄）、墨绿色（已售罄）"),
    ("what colours does it come in", "en", "缎面吊带连衣裙", "Black (sold out), Dark Green (sold out)"),
    ("有哪些颜色", "zh", HOODIE, "黑色、白色、灰色、藏青色"),
    ("口红有几种颜色", "zh", "丝绒哑光口红", "正红色、砖红色、豆沙色、枫叶色（已售罄）"),
])
def test_the_colours_asked_for_are_the_ones_made_and_a_colour_sold_out_in_every_size_is_marked(
        text, language, product, colours):
    from actions.catalog import ActionProductInfo

    messages, _ = run(ActionProductInfo(), make_tracker(text, "ask_product_info", product=product, language=language))
    sized = product != "丝绒哑光口红"  # a lipstick has no sizes to list
    assert responses(messages) == ["utter_product_variants" if sized else "utter_product_colours"]
    assert messages[0]["colors"] == colours
