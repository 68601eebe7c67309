"""The rule entities and the tokenizer, on the messages buyers really type."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.language import conversation_language
from bot.nlu.entities import EntityRules, load_patterns
from bot.nlu.normalise import chinese_number, height_cm, weight_kg
from bot.nlu.text import detect_language
from bot.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def rules():
    return EntityRules(load_patterns(PROJECT_ROOT / "data" / "entities" / "patterns.yml"))


def found(rules, text):
    return {(m.entity, m.value) for m in rules.extract(text)}


@pytest.mark.parametrize("text, expected", [
    ("帮我查下订单2026110812345678", {("order_id", "2026110812345678")}),
    ("订单号：１００１２０２６１１０００００１", {("order_id", "1001202611000001")}),
    ("尾号是1234", {("phone", "1234")}),
    ("5678", {("phone", "5678")}),
    ("my phone ends 5678", {("phone", "5678")}), ("mobile number ending in 0475", {("phone", "0475")}),
    ("ending 9183", {("phone", "9183")}), ("手机尾数5678", {("phone", "5678")}),
    ("the sale ends 2030?", set()),
    ("手机13812345678", {("phone", "13812345678")}),
    ("能发顺丰到新疆吗", {("express_company", "顺丰"), ("province", "新疆")}),
    ("can you ship SF to Xinjiang", {("express_company", "顺丰"), ("province", "新疆")}),
    ("便宜50块行吗", {("amount", "50")}),
    ("少十块我就拍", {("amount", "10")}),
    ("165 100斤穿什么码", {("height", "165"), ("weight", "50")}),
    ("1米7 60kg", {("height", "170"), ("weight", "60")}),
    ("黑色m码还有吗", {("size", "M")}),
    ("2XL有吗", {("size", "XXL")}),
    ("38码的运动鞋", {("size", "38")}),
    ("what sizes does it come in", set()), ("which sizes do you have", set()), ("size s please", {("size", "S")}),
    ("花呗能用吗", {("payment_method", "花呗")}),
    ("126就126吧 成交", {("amount", "126")}),
    ("130卖吗", {("amount", "130")}),
    ("便宜20", {("amount", "20")}),
    ("can you do 120", {("amount", "120")}),
    ("170可以穿吗", set()),
    ("ship it in 3 days", set()),
    ("寄广州呢", {("province", "广东")}),
    ("广东广州", {("province", "广东")}),
    ("发乌鲁木齐多少钱", {("province", "新疆")}),
    ("普洱还有吗", set()),  # tea, not the city
    ("三明治什么口味", set()),
    ("and guangzhou?", {("province", "广东")}),  # a city in English is its province too
    ("how much to Chengdu", {("province", "四川")}),
    ("ship to harbin pls", {("province", "黑龙江")}),
    ("shipping to suzhou", set()),  # 苏州 (江苏) or 宿州 (安徽): the bot asks
    ("i love hami melon", set()),
])
def test_rule_entities(rules, text, expected):
    assert found(rules, text) == expected


def test_latin_phrases_only_match_whole_words(rules):
    assert found(rules, "the items are nice") == set()
    assert found(rules, "it's a nice dress, I'm happy") == set()


def test_html_and_huge_messages_are_safe(rules):
    assert found(rules, "<img src=x onerror=alert(1)>") == set()
    assert len(rules.extract("包邮吗" * 5000)) == 0


def test_numbers_in_words():
    assert chinese_number("二十五") == 25 and chinese_number("十") == 10
    assert height_cm("1米65") == "165" and weight_kg("120lbs") == "54.4"


def test_tokenizer_drops_whitespace_tokens():
    from bot.nlu.tokenizer import ShopTokenizer

    tokenizer = ShopTokenizer(ShopTokenizer.get_default_config(), None, None)
    tokens = tokenizer.tokenize(Message(data={"text": "my order 123 到哪了"}), "text")
    assert [t.text for t in tokens if not t.text.strip()] == []
    assert "order" in [t.text for t in tokens]


def test_language_follows_the_latest_message_with_words():
    assert detect_language("能便宜点吗 pls") == "zh" and detect_language("how much") == "en"
    assert detect_language("12345 😭") is None
    events = [{"event": "user", "text": "hello"}, {"event": "bot", "text": "Hi"}, {"event": "user", "text": "5678"}]
    assert conversation_language(events) == "en"
    assert conversation_language([], fallback="en") == "en" and conversation_language([]) == "zh"


def test_a_message_without_words_is_answered_in_the_language_the_widget_was_opened_in():
    emoji = [{"event": "user", "text": "😊", "metadata": {"language": "en"}}]
    assert conversation_language(emoji, fallback="zh") == "en"
    assert conversation_language([{"event": "user", "text": "你好", "metadata": {"language": "en"}}]) == "zh"


def test_html_alone_says_nothing_about_the_language_but_words_inside_it_do():
    for markup in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;b&gt;&nbsp;", "<b></b><br/>"):
        assert detect_language(markup) is None, markup
    assert detect_language("<b>where is my parcel</b>") == "en"
    assert detect_language("<i>我的快递呢</i>") == "zh"
    events = [{"event": "user", "text": "我的快递到哪了"}, {"event": "bot", "text": "…"},
              {"event": "user", "text": "<script>alert('x')</script>"}]
    assert conversation_language(events) == "zh"
    clicked = [{"event": "user", "text": "在吗"}, {"event": "user", "text": "/track_logistics"}]
    assert conversation_language(clicked) == "zh"
    clicked[-1]["metadata"] = {"display": "Track my parcel"}
    assert conversation_language(clicked) == "en"


def test_wordless_messages_fall_back_whatever_diet_guessed():
    from bot.nlu.intent_rules import WordlessFallback

    guessed = {"name": "cancel_order", "confidence": 0.49}
    emoji = Message(data={"text": "😭😭😭", "intent": guessed, "intent_ranking": [guessed]})
    words = Message(data={"text": "取消订单", "intent": dict(guessed), "intent_ranking": [dict(guessed)]})
    WordlessFallback().process([emoji, words])
    assert emoji.get("intent")["name"] == "nlu_fallback"
    assert words.get("intent")["name"] == "cancel_order"


@pytest.mark.parametrize("text, bare", [
    ("1000", True), ("尾号1000", True), ("订单号是 100120261100000 哦", True), ("last 4 digits 5678", True),
    ("my order number is 2026110812345678.", True), ("新疆", True), ("XL", True), ("165 100斤", True),
    ("查订单 100120261100000", False), ("便宜50块行吗", False), ("新疆包邮吗", False), ("XL还有吗", False),
    ("where is 2026110812345678", False), ("白色xl呢", False), ("谢谢", False),
    ("the first one", True), ("第二款", True), ("第一款呢", True), ("the second one please", True),
    ("第二款是什么面料", False), ("i'll take the first one", False), ("the first time i ordered", False),
])
def test_a_message_that_is_only_an_answer_value_is_inform(rules, text, bare):
    from bot.nlu.intent_rules import BareValueInform, is_bare_value

    entities = [{"entity": m.entity, "start": m.start, "end": m.end, "value": m.value} for m in rules.extract(text)]
    assert is_bare_value(text, entities) is bare
    message = Message(data={"text": text, "entities": entities,
                            "intent": {"name": "bargain", "confidence": 0.6},
                            "intent_ranking": [{"name": "bargain", "confidence": 0.6},
                                               {"name": "inform", "confidence": 0.3}]})
    BareValueInform().process([message])
    assert message.get("intent")["name"] == ("inform" if bare else "bargain")
    assert [r["name"] for r in message.get("intent_ranking")].count("inform") == 1


@pytest.mark.parametrize("text, guessed, expected", [
    ("when are you online", "greet", "ask_human"), ("客服几点上班", "out_of_scope", "ask_human"),
    ("when are you online", "track_logistics", "track_logistics"),  # a task the classifier saw is kept
    ("when will it arrive", "greet", "greet"), ("你好", "greet", "greet"),
])
def test_a_question_about_service_hours_taken_for_small_talk_is_ask_human(text, guessed, expected):
    from bot.nlu.intent_rules import ServiceHoursQuestion

    message = Message(data={"text": text, "intent": {"name": guessed, "confidence": 0.7},
                            "intent_ranking": [{"name": guessed, "confidence": 0.7}]})
    ServiceHoursQuestion().process([message])
    assert message.get("intent")["name"] == expected


@pytest.mark.parametrize("text, word, count", [
    ("how much do I save if I buy 2 hoodies", "hoodies", 2), ("two of the coats please", "coats", 2),
    ("3x hoodie", "hoodie", 3), ("a couple of hoodies", "hoodies", 2), ("size 38 shoes", "shoes", None),
    ("order 1001202611000001 hoodie", "hoodie", None), ("the hoodie", "hoodie", None)])
def test_an_english_count_right_before_a_product(text, word, count):
    from bot.nlu.normalise import count_before

    assert count_before(text, text.index(word)) == count


@pytest.mark.parametrize("text, count", [("what about 3?", 3), ("and 2 of them", 2), ("两件呢", 2), ("2 pieces", 2),
                                         ("what about tibet?", None), ("order 3 hoodies", None), ("what about 150?", None)])
def test_a_count_alone_is_pieces_too(text, count):
    from bot.nlu.normalise import pieces

    found = pieces(text)
    assert (found[0] if found else None) == count
