"""Only true facts (issue 11 item 3): exact SKUs, units, shoe sizes, currencies, one size chart."""
from pathlib import Path

import pytest

from bot.nlu.entities import EntityRules, load_patterns
from bot.nlu.normalise import bare_shoe_measure, foot_length_cm, height_cm, usual_shoe_size, weight_kg
from bot.nlu.vocabulary import canonical_size, same_colour, shade_of
from bot.policy import advise_size, load_policy
from bot.policy.bargaining import foreign_currency
from bot.policy.sizing import advise_shoe_from_usual, advise_shoe_size, chart_for, chart_table
from bot.settings import PROJECT_ROOT
from bot.shop import repositories as repo
from bot.shop.db import session_scope
from bot.shop.demo.product_page import DEMO_PRODUCT_CODE, product_chart, size_chart_html

POLICY_FILE = Path(__file__).resolve().parents[2] / "shop_policy.yml"


@pytest.fixture(scope="module")
def policy():
    return load_policy(POLICY_FILE)


@pytest.fixture(scope="module")
def rules():
    return EntityRules(load_patterns(PROJECT_ROOT / "data" / "entities" / "patterns.yml"))


@pytest.fixture
def s(shop_db):
    with session_scope(shop_db) as session:
        yield session


def product(s, name):
    return repo.find_products(s, name, limit=1)[0]


# --- colours and sizes ------------------------------------------------------------------------

@pytest.mark.parametrize("wanted", ["白色", "白", "白的", "white", "White", "ＷＨＩＴＥ", "白色 "])
def test_every_way_of_saying_white_is_white(wanted):
    assert same_colour(wanted, "白色", "White")


@pytest.mark.parametrize("wanted, zh, en", [
    ("白色", "象牙白", "Ivory"), ("白色", "亮白色", "Light"), ("白色", "米白色", "Off White"),
    ("米白色", "白色", "White"), ("酒红色", "红色", "Red"), ("红色", "酒红色", "Wine Red"),
    ("浅蓝色", "蓝色", "Blue"), ("蓝色", "浅蓝色", "Light Blue"), ("white", "米白色", "Off White"),
])
def test_a_colour_is_never_part_of_another_colour(wanted, zh, en):
    assert not same_colour(wanted, zh, en)


@pytest.mark.parametrize("wanted, zh, en", [
    ("红色", "正红色", "True Red"), ("红色", "砖红色", "Brick Red"), ("red", "樱桃红", "Cherry Red"),
    ("红", "酒红色", "Wine Red"), ("白色", "象牙白", "Ivory"), ("white", "米白色", "Off White"),
    ("blue", "浅蓝色", "Light Blue"),
])
def test_a_colour_named_inside_another_is_a_shade_of_it(wanted, zh, en):
    assert shade_of(wanted, zh, en)


@pytest.mark.parametrize("wanted, zh, en", [
    ("红色", "红色", "Red"), ("红色", "豆沙色", "Rose Nude"), ("红色", "枫叶色", "Maple"),
    ("白色", "自然色", "Natural"), ("blue", "黑色", "Black"), ("red", "西柚色", "Grapefruit"), ("", "红色", "Red"),
])
def test_the_colour_itself_and_other_colours_are_not_shades(wanted, zh, en):
    assert not shade_of(wanted, zh, en)


@pytest.mark.parametrize("said, size", [
    ("xl", "XL"), ("XL", "XL"), ("ｘｌ", "XL"), ("XL码", "XL"), ("加大", "XL"), ("加大号", "XL"),
    ("x-large", "XL"), ("extra large", "XL"), ("2xl", "XXL"), ("xxl", "XXL"), ("m", "M"), ("38码", "38"),
])
def test_sizes_in_any_case_width_or_word(said, size):
    assert canonical_size(said) == size


def test_white_xl_of_the_hoodie_is_the_one_sold_out_sku(s):
    hoodie = product(s, "加绒连帽卫衣")
    for color, size in (("白色", "xl"), ("白", "XL"), ("white", "ｘｌ"), ("白的", "加大")):
        skus = repo.find_skus(s, hoodie, color, size)
        assert [(k.color_zh, k.size, k.stock) for k in skus] == [("白色", "XL", 0)]


def test_find_skus_compares_the_canonical_colour_exactly(s):
    assert repo.find_skus(s, product(s, "持妆粉底液"), "白色", None) == []  # 象牙白 is not 白色
    assert repo.find_skus(s, product(s, "轻薄气垫BB霜"), "白色", None) == []  # nor is 亮白色
    assert [k.color_zh for k in repo.find_skus(s, product(s, "持妆粉底液"), "ivory", None)] == ["象牙白"]
    jeans = product(s, "高腰直筒牛仔裤")
    assert {k.color_zh for k in repo.find_skus(s, jeans, "蓝色", None)} == {"蓝色"}
    assert {k.color_zh for k in repo.find_skus(s, jeans, "浅蓝", None)} == {"浅蓝色"}
    assert {k.color_zh for k in repo.find_skus(s, jeans, "light blue", None)} == {"浅蓝色"}
    assert repo.find_skus(s, product(s, "纯棉圆领短袖T恤"), "酒红色", None) == []


@pytest.mark.parametrize("text, color, size", [
    ("白色xl呢", "白色", "XL"), ("白的XL呢", "白色", "XL"), ("white xl?", "白色", "XL"),
    ("白色2xl", "白色", "XXL"), ("navy x-large", "藏青色", "XL"),
    ("黑色 m码", "黑色", "M"), ("明白了", None, None), ("I'm cool", None, None),
])
def test_the_variant_a_message_names_when_the_nlu_found_none(s, text, color, size):
    assert repo.variant_named(product(s, "加绒连帽卫衣"), text) == (color, size)


def test_a_sold_out_sku_is_never_in_the_in_stock_list(s):
    skus = repo.find_skus(s, product(s, "加绒连帽卫衣"), "白色", None)
    in_stock, sold_out = repo.in_stock_and_sold_out(skus)
    assert [k.size for k in sold_out] == ["M", "XL"] and all(k.stock > 0 for k in in_stock)


def test_a_kind_word_means_the_product_the_buyer_spoke_of(s):
    assert repo.find_products(s, "卫衣", limit=1, prefer="拉链连帽开衫卫衣")[0].code == "SKU-1003"
    assert repo.find_products(s, "卫衣", limit=1, prefer="SKU-1002")[0].code == "SKU-1002"
    assert repo.find_products(s, "卫衣", limit=1, prefer="真皮小白鞋")[0].code == "SKU-1001"
    assert repo.find_products(s, "加绒连帽卫衣", limit=1, prefer="拉链连帽开衫卫衣")[0].code == "SKU-1001"


def test_a_chinese_word_in_another_products_own_name_is_that_product_not_the_one_spoken_of(s):
    # both are filed as lipsticks; 唇釉 is the glossy one's own name, 口红 the matte one's
    assert repo.find_products(s, "唇釉", limit=1, prefer="丝绒哑光口红")[0].code == "SKU-2002"
    assert repo.find_products(s, "口红", limit=1, prefer="水光镜面唇釉")[0].code == "SKU-2001"
    assert repo.find_products(s, "lipstick", limit=1, prefer="水光镜面唇釉")[0].code == "SKU-2002"


# --- heights and weights in any unit ------------------------------------------------------------

@pytest.mark.parametrize("text, height, weight", [
    ("5'7 and 140 lb", "170", "63.5"), ("I'm 5'7\" 140lbs", "170", "63.5"), ("5 ft 7, 63 kg", "170", "63"),
    ("5 foot 7 inches 130 pounds", "170", "59"), ("一米七 一百二十斤", "170", "60"), ("1m70 60公斤", "170", "60"),
    ("1米65 90斤", "165", "45"), ("1.68m 55kg", "168", "55"), ("身高170cm体重60kg", "170", "60"),
    ("165 100斤", "165", "50"), ("我一米六五，九十斤", "165", "45"),
])
def test_heights_and_weights_in_any_common_unit(rules, text, height, weight):
    found = {m.entity: m.value for m in rules.extract(text)}
    assert (found.get("height"), found.get("weight")) == (height, weight)


def test_height_and_weight_normalisers():
    assert height_cm("6 ft") == "183" and height_cm("一米七五") == "175" and height_cm("1.7") == "170"
    assert weight_kg("两百斤") == "100" and weight_kg("140 lb") == "63.5"


def test_money_is_not_a_height(rules):
    assert {m.entity for m in rules.extract("$5 off?")} == {"amount"}


# --- shoes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, foot", [
    ("my foot is 24.5 cm", 24.5), ("脚长24.5", 24.5), ("脚长 23厘米", 23.0), ("245mm", 24.5),
    ("foot length 9.6 inches", 24.4), ("I'm 170 cm", None), ("平时穿38", None),
])
def test_foot_lengths(text, foot):
    assert foot_length_cm(text) == foot


@pytest.mark.parametrize("text, usual", [
    ("平时穿38", ("eu", 38)), ("I usually wear US 8", ("us", 8)), ("I usually wear EU 39", ("eu", 39)),
    ("i wear a 38", ("eu", 38)), ("穿240的", ("mm", 240)), ("US men's 8", ("us_men", 8)), ("uk 5", ("uk", 5)),
    ("平时穿37.5码", ("eu", 37.5)), ("my foot is 24.5 cm", None), ("I'm a 38", ("eu", 38)),
    ("size 8", ("us", 8)), ("I'm 5'7", None), ("i'm 25 years old", None), ("I'm 170 cm", None),
])
def test_usual_shoe_sizes(text, usual):
    assert usual_shoe_size(text) == usual


def test_a_bare_number_answers_foot_length_or_size():
    assert bare_shoe_measure("24.5") == ("foot_cm", 24.5)
    assert bare_shoe_measure("38码") == ("eu", 38) and bare_shoe_measure("245") == ("mm", 245)
    assert bare_shoe_measure("38码的") == ("eu", 38) and bare_shoe_measure("24.5哦") == ("foot_cm", 24.5)
    assert bare_shoe_measure("hello 38") is None


def test_shoe_advice_from_the_usual_size(policy):
    assert advise_shoe_from_usual(policy, "shoes", "eu", 38).size == "38"
    half = advise_shoe_from_usual(policy, "shoes", "eu", 37.5)
    assert (half.size, half.alternative) == ("37", "38")
    assert advise_shoe_from_usual(policy, "shoes", "us", 8).size == "39"  # a 24.1 cm foot
    assert advise_shoe_from_usual(policy, "shoes", "mm", 240).size == "38"
    assert advise_shoe_from_usual(policy, "shoes", "eu", 44).reason == "out_of_range"
    assert advise_shoe_from_usual(policy, "shoes", "us_men", 11).reason == "out_of_range"


def test_shoes_that_run_small_have_their_own_chart(policy):
    assert chart_for(policy, "SKU-1029", "shoes") == "SKU-1029"
    assert chart_for(policy, "SKU-1027", "shoes") == "shoes"
    assert chart_for(policy, "SKU-2001", None) is None
    assert advise_shoe_from_usual(policy, "SKU-1029", "eu", 38).size == "39"  # one size up
    assert advise_shoe_size(policy, 24.5, "SKU-1029").size == "40"


# --- one size chart: the page shows what the bot advises from ---------------------------------

def test_the_demo_page_shows_the_chart_the_bot_advises_from(policy, shop_db):
    chart = product_chart(shop_db, policy)
    assert chart == chart_for(policy, DEMO_PRODUCT_CODE, "tops")
    page = size_chart_html(policy, chart)
    header, *rows = chart_table(policy, chart)
    assert page.count("<tr>") == len(rows) + 1
    for size, heights, weights in rows:
        assert f"<td>{size}</td><td>{heights}</td><td>{weights}</td>" in page
        low_h, high_h = (float(v) for v in heights.replace(" cm", "").split("-"))
        low_w, high_w = (float(v) for v in weights.replace(" kg", "").split("-"))
        middle = advise_size(policy, chart, (low_h + high_h) / 2, (low_w + high_w) / 2)
        assert middle.size == size


def test_the_page_template_has_no_chart_of_its_own():
    page = (PROJECT_ROOT / "bot" / "channels" / "static" / "shop.html").read_text(encoding="utf-8")
    assert "{{size_chart}}" in page and "155-165" not in page


# --- money --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, currency", [
    ("$5 off?", "USD"), ("5 dollars off", "USD"), ("5 bucks cheaper", "USD"), ("少5美元", "USD"),
    ("€5 off", "EUR"), ("HK$10 less", "HKD"), ("便宜5块", None), ("¥5 off", None), ("5 rmb less", None),
    ("can you do 120", None),
])
def test_foreign_money_is_recognised(text, currency):
    assert foreign_currency(text) == currency


@pytest.mark.parametrize("text, size", [
    ("a large hoodie please", "L"), ("medium black hoodie in stock?", "M"), ("black large", "L"),
    ("x-large white", "XL"), ("the large one", "L"), ("白色xl呢", "XL"), ("加大号白色", "XL"),
    ("is the hoodie small", None), ("do the boots run small", None), ("small order question", None),
])
def test_english_size_words_only_where_a_size_is_meant(shop_db, text, size):
    from bot.nlu.vocabulary import Vocabulary, read_catalogue

    with session_scope(shop_db) as session:
        vocabulary = Vocabulary.from_rows(*read_catalogue(session))
    assert next((m.value for m in vocabulary.extract(text) if m.entity == "size"), None) == size


def test_the_demo_page_in_english_shows_the_database_product_in_english(policy, shop_db):
    from bot.shop.demo.product_page import page_product, page_values

    with session_scope(shop_db) as s:
        hoodie = repo.find_products(s, "加绒连帽卫衣", limit=1)[0]
        name_en, price, colours = hoodie.name_en, hoodie.price_fen, {sku.color_en for sku in hoodie.skus}
    values = page_values(policy, page_product(shop_db, policy, "en"), "en", "Xiaoer Select")
    assert values["name"] == name_en and values["price"] == f"¥{price // 100}"
    assert all(f'value="{colour}"' in values["colour_choices"] for colour in colours)
    assert values["size_chart"].startswith("<tr><th>Size</th><th>Height</th><th>Weight</th></tr>")
    assert f"within {policy.dispatch.max_hours} hours" in values["service"]
    chinese = [key for key, value in values.items() if any("\u4e00" <= ch <= "\u9fff" for ch in value)]
    assert chinese == []


def test_the_demo_page_escapes_what_the_database_holds(policy, shop_db):
    from bot.shop.demo.product_page import PageProduct, page_values

    planted = PageProduct(name="<script>alert(1)</script>", material="棉", description="{{server}}", price_fen=100,
                          colours=('"><img src=x>',), sizes=("M",), size_chart=None, care="")
    values = page_values(policy, planted, "zh", "店")
    assert "<script>" not in values["name"] and "&lt;script&gt;" in values["name"]
    assert "<img" not in values["colour_choices"]
    assert values["size_chart"] == "<tr><td>本商品不分尺码</td></tr>"
