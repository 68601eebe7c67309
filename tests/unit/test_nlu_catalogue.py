"""Catalogue entities: products, colours and sizes matched against the seeded demo shop."""
import shutil
import time
from datetime import date

import pytest
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message
from sqlalchemy.engine import make_url

from bot.nlu.catalogue import CatalogueEntityExtractor
from bot.nlu.entities import ShopEntityExtractor, load_patterns
from bot.nlu.vocabulary import LiveVocabulary, Vocabulary, read_catalogue
from bot.settings import PROJECT_ROOT, get_settings
from bot.shop import repositories as repo
from bot.shop.db import session_scope
from bot.shop.models import Product, Sku


@pytest.fixture(scope="module")
def vocabulary(shop_db):
    with session_scope(shop_db) as session:
        return Vocabulary.from_rows(*read_catalogue(session))


@pytest.fixture
def own_shop(shop_db, tmp_path):
    """A copy of the seeded shop that a test may change."""
    copy = tmp_path / "shop.db"
    shutil.copy(make_url(shop_db).database, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def settings_url(monkeypatch):
    """Point bot.settings at a database URL for one test."""
    def use(url: str) -> None:
        monkeypatch.setenv("XIAOER_DATABASE_URL", url)
        get_settings.cache_clear()

    yield use
    get_settings.cache_clear()


def found(vocabulary, text):
    return {(m.entity, m.value) for m in vocabulary.extract(text)}


def spans(vocabulary, text):
    return [(m.entity, m.text, m.value) for m in vocabulary.extract(text)]


@pytest.mark.parametrize("text, product", [
    ("加绒连帽卫衣还有黑色吗", "加绒连帽卫衣"),
    ("is the Fleece-lined Hooded Sweatshirt warm", "加绒连帽卫衣"),
    ("fleece lined hooded sweatshirt", "加绒连帽卫衣"),
    ("真皮小白鞋偏码吗", "真皮小白鞋"),
    ("小白鞋偏码吗", "真皮小白鞋"),  # a name's ending is its short name
    ("any trench coats left", "中长款风衣"),
    ("SKU-1028 还有39吗", "英伦马丁靴"),
    ("ＳＫＵ－１０２８", "英伦马丁靴"),
    ("补水面膜一盒几片", "补水面膜（10片）"),
])
def test_a_product_is_found_by_its_chinese_or_english_name(vocabulary, text, product):
    assert ("product", product) in found(vocabulary, text)


@pytest.mark.parametrize("text, word", [
    ("卫衣起球吗", "卫衣"), ("帽衫有吗", "帽衫"), ("do you have hoodies", "hoodie"),
    ("这款风衣防水吗", "风衣"), ("唇釉持久吗", "唇釉"), ("t shirt see through?", "t-shirt"),
])
def test_a_kind_word_keeps_its_own_value(vocabulary, text, word):
    """风衣 is not 大衣 and 唇釉 is not 口红, although the catalogue files them under one kind."""
    assert found(vocabulary, text) == {("product", word)}


@pytest.mark.parametrize("text", ["白色xl", "WHITE XL", "白 XL", "白色ＸＬ", "white xl还有吗", "白的加大码",
                                  "白色加大有吗", "要白的 XL"])
def test_colour_and_size_in_any_case_width_and_language(vocabulary, text):
    assert found(vocabulary, text) == {("color", "白色"), ("size", "XL")}


@pytest.mark.parametrize("text, expected", [
    ("黑色m还有吗", {("color", "黑色"), ("size", "M")}),
    ("黑M还有吗", {("color", "黑色"), ("size", "M")}),
    ("卫衣白M", {("product", "卫衣"), ("color", "白色"), ("size", "M")}),
    ("grey hoodie size 2xl", {("color", "灰色"), ("product", "hoodie"), ("size", "XXL")}),
    ("gray hoodie", {("color", "灰色"), ("product", "hoodie")}),
    ("粉红色的卫衣", {("color", "粉色"), ("product", "卫衣")}),
    ("口红豆沙色", {("product", "口红"), ("color", "豆沙色")}),
    ("粉底液象牙白还有吗", {("product", "粉底液"), ("color", "象牙白")}),
    ("持妆粉底液象牙白还有吗", {("product", "持妆粉底液"), ("color", "象牙白")}),
    ("white sneakers size 39", {("color", "白色"), ("product", "sneakers")}),
    ("白色39还有不", {("color", "白色"), ("size", "39")}),
    ("加加大有吗", {("size", "XXL")}),
])
def test_colours_sizes_and_products_together(vocabulary, text, expected):
    assert found(vocabulary, text) == expected


@pytest.mark.parametrize("text, colour", [
    ("紫色还有吗", "紫色"),  # not sold: still a colour, so the stock answer can say it is not made
    ("米白色的毛衣", "米白色"),  # 米白 is not 白
    ("深灰色卫衣", "深灰色"),
    ("ordered green got purple", None),
    ("酒红色的还会再上吗", "酒红色"),
])
def test_colours_the_shop_does_not_sell_are_colours_of_their_own(vocabulary, text, colour):
    colours = {v for e, v in found(vocabulary, text) if e == "color"}
    assert colours == ({colour} if colour else {"绿色", "紫色"})
    assert "白色" not in colours and "灰色" not in colours


@pytest.mark.parametrize("text", [
    "白天能发货吗", "明白了", "白白", "能用京东白条吗", "显白吗", "红包能用吗", "红烧肉怎么做", "蓝牙耳机",
    "是白鸭绒还是灰鸭绒", "黑心商家", "别拉黑我", "网红款", "卡粉吗", "1米7穿什么码", "加大优惠力度吧",
    "i m not sure", "is it natural", "50块包邮吗", "黑龙江包邮吗", "and natural ingredients?", "what about maple syrup",
])
def test_no_colour_or_size_from_a_character_inside_another_word(vocabulary, text):
    """A bare 白/黑/红 (or m, 加大, natural) counts only where a colour or size is meant: 白天 is daytime."""
    assert {e for e, _ in found(vocabulary, text)} <= {"product"}


@pytest.mark.parametrize("text, expected", [
    ("要白的", {("color", "白色")}), ("有黑的吗", {("color", "黑色")}), ("白鞋有吗", {("color", "白色"), ("product", "鞋")}),
    ("黑还是白", {("color", "黑色"), ("color", "白色")}), ("the natural one", {("color", "自然色")}),
    ("and maple?", {("color", "枫叶色")}), ("what about natural", {("color", "自然色")}),
])
def test_a_bare_colour_character_counts_where_a_colour_is_meant(vocabulary, text, expected):
    assert found(vocabulary, text) == expected


def test_a_word_that_is_a_colour_and_a_product(vocabulary):
    assert spans(vocabulary, "is the cream cardigan wool") == [("color", "cream", "米白色"), ("product", "cardigan", "cardigan")]
    assert spans(vocabulary, "face cream for dry skin") == [("product", "face cream", "修护面霜")]


def test_offsets_are_those_of_the_original_text(vocabulary):
    text = "亲，ＷＨＩＴＥ　ＸＬ的加绒连帽卫衣还有吗"
    for match in vocabulary.extract(text):
        assert text[match.start:match.end] == match.text
    assert [m.entity for m in vocabulary.extract(text)] == ["color", "size", "product"]


def test_hostile_messages_are_quick_and_find_nothing(vocabulary):
    started = time.perf_counter()
    assert vocabulary.extract("白" * 3000) == []
    assert vocabulary.extract("明白了" * 1000) == []
    assert len(vocabulary.extract("卫衣" * 1500)) == 1500
    assert time.perf_counter() - started < 3


def test_every_value_is_what_the_actions_look_up(shop_db, vocabulary):
    """Product values find a product with find_products (a name finds that very product); the
    catalogue's colour values find that colour's SKUs with find_skus."""
    with session_scope(shop_db) as session:
        products, skus = read_catalogue(session)
        names = {p.name_zh for p in products}
        values = {r.value for r in _readings(vocabulary) if r.entity == "product"}
        for value in values:
            hits = repo.find_products(session, value, limit=1)
            assert hits, value
            if value in names:
                assert hits[0].name_zh == value
        for product in session.query(Product).filter(Product.code.in_(["SKU-1001", "SKU-2003"])):
            for sku in product.skus:
                value = found(vocabulary, sku.color_en) | found(vocabulary, sku.color_zh)
                assert {("color", sku.color_zh)} == {v for v in value if v[0] == "color"}
                assert sku in repo.find_skus(session, product, sku.color_zh, sku.size)


def _readings(vocabulary):
    stack = [vocabulary.trie]
    while stack:
        node = stack.pop()
        for key, child in node.items():
            if key == "":
                yield from child
            else:
                stack.append(child)


def _add_scarf(url):
    with session_scope(url) as session:
        session.add(Product(
            code="SKU-1099", name_zh="羊绒围巾", name_en="Cashmere Scarf", category="clothing", kind="scarf",
            size_chart=None, material_zh="羊绒100%", material_en="100% cashmere", description_zh="保暖",
            description_en="Warm", price_fen=19900, floor_price_fen=15900, weight_g=200,
            image_url="/widget/product.svg",
            skus=[Sku(code="SKU-1099-CM", color_zh="驼色", color_en="Camel", size=None, stock=5,
                      restock_date=date(2026, 12, 1))],
        ))


def test_a_product_added_to_the_database_is_found_after_a_refresh(own_shop):
    now = [0.0]
    live = LiveVocabulary(own_shop, refresh_seconds=300, clock=lambda: now[0])
    live.start()
    before = live.current()
    assert found(before, "羊绒围巾还有吗") == set()
    _add_scarf(own_shop)
    now[0] = 299.0
    assert live.current() is before  # not due yet: no query
    now[0] = 301.0
    live.current()  # due: refreshed in the background, the buyer never waits
    live.wait()
    assert found(live.current(), "羊绒围巾还有吗") == {("product", "羊绒围巾")}
    assert found(live.current(), "the camel cashmere scarf") == {("color", "驼色"), ("product", "羊绒围巾")}
    unchanged = live.current()
    now[0] = 700.0
    live.current()
    live.wait()
    assert live.current() is unchanged  # same rows: the trie is not rebuilt


def test_the_component_reads_the_database_of_the_settings_and_refreshes(own_shop, settings_url):
    settings_url(own_shop)
    extractor = CatalogueEntityExtractor.create({"refresh_seconds": 0}, None, None, None)
    message = Message(data={"text": "羊绒围巾有驼色吗"})
    extractor.process([message])
    assert {(e["entity"], e["value"]) for e in message.get(ENTITIES, [])} == {("color", "驼色")}
    _add_scarf(own_shop)
    extractor._live.wait()  # a refresh started with the last message may have read the old rows
    extractor.process([Message(data={"text": "x"})])
    extractor._live.wait()
    message = Message(data={"text": "羊绒围巾有驼色吗"})
    extractor.process([message])
    assert {(e["entity"], e["value"], e["extractor"]) for e in message.get(ENTITIES)} == {
        ("product", "羊绒围巾", "CatalogueEntityExtractor"), ("color", "驼色", "CatalogueEntityExtractor")}


@pytest.mark.parametrize("broken", ["missing", "not_a_database", "bad_url"])
def test_an_unreachable_database_extracts_nothing_and_never_raises(tmp_path, settings_url, broken):
    if broken == "missing":
        settings_url(f"sqlite:///{tmp_path / 'nowhere' / 'shop.db'}")
    elif broken == "not_a_database":
        (tmp_path / "shop.db").write_text("this is not sqlite")
        settings_url(f"sqlite:///{tmp_path / 'shop.db'}")
    else:
        settings_url("not a url")
    extractor = CatalogueEntityExtractor.create({"load_wait_seconds": 5}, None, None, None)
    message = Message(data={"text": "白色XL的卫衣还有吗"})
    extractor.process([message])
    assert message.get(ENTITIES, []) == []
    assert not (tmp_path / "nowhere").exists()  # no empty database created on the way


@pytest.fixture(scope="module")
def rule_extractor():
    return ShopEntityExtractor({}, None, None, load_patterns(PROJECT_ROOT / "data" / "entities" / "patterns.yml"))


@pytest.mark.parametrize("text, expected", [
    ("黑色M码还有吗", {("color", "黑色", "CatalogueEntityExtractor"), ("size", "M", "ShopEntityExtractor")}),
    ("WHITE XL", {("color", "白色", "CatalogueEntityExtractor"), ("size", "XL", "ShopEntityExtractor")}),
    ("白色xl呢", {("color", "白色", "CatalogueEntityExtractor"), ("size", "XL", "CatalogueEntityExtractor")}),
    ("size m, grey hoodie", {("size", "M", "ShopEntityExtractor"), ("color", "灰色", "CatalogueEntityExtractor"),
                             ("product", "hoodie", "CatalogueEntityExtractor")}),
    ("XL 加大 有吗", {("size", "XL", "ShopEntityExtractor")}),
    ("能发顺丰到黑龙江吗", {("express_company", "顺丰", "ShopEntityExtractor"),
                           ("province", "黑龙江", "ShopEntityExtractor")}),
])
def test_merged_with_the_rule_extractor_without_duplicates(own_shop, settings_url, rule_extractor, text, expected):
    settings_url(own_shop)
    extractor = CatalogueEntityExtractor.create({}, None, None, None)
    message = Message(data={"text": text})
    extractor.process(rule_extractor.process([message]))
    entities = message.get(ENTITIES)
    assert {(e["entity"], e["value"], e["extractor"]) for e in entities} == expected
    assert len({(e["entity"], e["value"]) for e in entities}) == len(entities)
    ordered = sorted(entities, key=lambda e: e["start"])
    assert all(a["end"] <= b["start"] for a, b in zip(ordered, ordered[1:]))


@pytest.mark.parametrize("text, expected", [
    ("不是牛仔裤 是卫衣", {("product", "卫衣")}),
    ("not the jeans, the hoodie", {("product", "hoodie")}),
    ("不要黑色 要白色M", {("color", "白色"), ("size", "M")}),
    ("is it black, not grey?", {("color", "黑色")}),
])
def test_a_value_the_buyer_rules_out_is_no_entity(own_shop, settings_url, rule_extractor, text, expected):
    settings_url(own_shop)
    extractor = CatalogueEntityExtractor.create({}, None, None, None)
    message = Message(data={"text": text})
    extractor.process(rule_extractor.process([message]))
    assert {(e["entity"], e["value"]) for e in message.get(ENTITIES)} == expected


@pytest.mark.parametrize("text, expected", [
    ("不是黑色的卫衣有吗", {("color", "黑色"), ("product", "卫衣")}),  # nothing else to mean: kept
    ("do you have jeans and hoodies", {("product", "jeans"), ("product", "hoodie")}),
])
def test_a_value_is_kept_when_nothing_else_of_its_kind_is_named(own_shop, settings_url, rule_extractor, text,
                                                                 expected):
    settings_url(own_shop)
    extractor = CatalogueEntityExtractor.create({}, None, None, None)
    message = Message(data={"text": text})
    extractor.process(rule_extractor.process([message]))
    assert {(e["entity"], e["value"]) for e in message.get(ENTITIES)} == expected



@pytest.mark.parametrize("text, withdrawn", [
    ("算了 不取消了", True), ("还是别取消了 我要的", True), ("先不退了", True), ("不用换了 谢谢", True),
    ("don't cancel it", True), ("scratch that, don't cancel", True), ("i dont want to return it anymore", True),
    ("为什么不退款了", False), ("不退款就差评", False), ("不要了 退了吧", False), ("这个不要了 帮我取消", False),
    ("不换了 我要退款", False), ("don't exchange it, i want a refund instead", False), ("why don't you refund", False),
    ("i don't know how to return it", False),
])
def test_a_request_taken_back_is_told_apart_from_one_made_or_questioned(text, withdrawn):
    from bot.nlu.negation import withdraws_request

    assert withdraws_request(text) is withdrawn
