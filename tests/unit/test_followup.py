"""A follow-up that only brings a new value repeats the last question (bot.service.followup)."""
import pytest

from bot.service.followup import follow_up_of, last_question


def _user(text, intent):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def _entity(text, value, entity):
    start = text.index(value)
    return {"entity": entity, "start": start, "end": start + len(value), "value": value}


@pytest.mark.parametrize("text, value, entity", [
    ("那发西藏呢", "西藏", "province"), ("寄广东呢？", "广东", "province"), ("西藏", "西藏", "province"),
    ("what about Tibet?", "Tibet", "province"), ("and to Xinjiang", "Xinjiang", "province"),
    ("那顺丰呢", "顺丰", "express_company"),
])
def test_a_new_place_repeats_the_shipping_question(text, value, entity):
    events = [_user("发新疆运费多少", "ask_shipping_fee"), {"event": "bot"}, _user(text, "out_of_scope")]
    assert follow_up_of(events, text, [_entity(text, value, entity)]) == "ask_shipping_fee"


def test_a_province_and_its_city_repeat_the_shipping_question():
    text = "广东广州"
    events = [_user("发新疆运费多少", "ask_shipping_fee"), _user(text, "inform")]
    entities = [_entity(text, "广东", "province"), {"entity": "province", "start": 2, "end": 4, "value": "广东"}]
    assert follow_up_of(events, text, entities) == "ask_shipping_fee"


def test_a_new_colour_and_size_repeat_the_stock_question():
    events = [_user("黑色M还有吗", "ask_stock"), _user("白色xl呢", "nlu_fallback")]
    text = "白色xl呢"
    assert follow_up_of(events, text, [_entity(text, "白色", "color"), _entity(text, "xl", "size")]) == "ask_stock"


@pytest.mark.parametrize("text", ["aur white me?", "white wala bhi milega?"])
def test_a_hinglish_follow_up_with_a_new_colour_repeats_the_stock_question(text):
    events = [_user("black me L size hai kya", "ask_stock"), _user(text, "out_of_scope")]
    assert follow_up_of(events, text, [_entity(text, "white", "color")]) == "ask_stock"


@pytest.mark.parametrize("first", ["black me L size hai kya", "is the black one in size L?", "黑色有L码吗"])
def test_a_size_question_answered_with_the_stock_is_followed_up_as_a_stock_question(first):
    asked = {**_user(first, "ask_size"), "parse_data": {"intent": {"name": "ask_size"}, "entities": [
        {"entity": "size", "value": "L", "start": first.index("L"), "end": first.index("L") + 1}]}}
    text = "aur white me?"
    assert follow_up_of([asked, _user(text, "out_of_scope")], text, [_entity(text, "white", "color")]) == "ask_stock"


def test_a_size_advice_question_is_followed_up_as_a_size_question():
    first = "L size me bada aata hai kya"
    asked = {**_user(first, "ask_size"), "parse_data": {"intent": {"name": "ask_size"}, "entities": [
        {"entity": "size", "value": "L", "start": 0, "end": 1}]}}
    assert last_question([asked, _user("xl", "inform")]) == "ask_size"


def test_a_hinglish_message_with_more_to_say_is_no_follow_up():
    text = "white me kapda patla lagta hai"
    events = [_user("black me L size hai kya", "ask_stock"), _user(text, "ask_product_info")]
    assert follow_up_of(events, text, [_entity(text, "white", "color")]) is None


def test_a_message_with_more_to_say_is_no_follow_up():
    events = [_user("发新疆运费多少", "ask_shipping_fee"), _user("西藏那边有朋友吗", "out_of_scope")]
    assert follow_up_of(events, "西藏那边有朋友吗", [_entity("西藏那边有朋友吗", "西藏", "province")]) is None


def test_only_a_recent_question_is_repeated():
    assert last_question([_user("发新疆运费多少", "ask_shipping_fee"), _user("我要退货", "request_return"),
                          _user("西藏", "inform")]) is None
    assert last_question([_user("发新疆运费多少", "ask_shipping_fee"), _user("西藏", "inform"),
                          _user("青海", "inform")]) == "ask_shipping_fee"
    assert last_question([_user("西藏", "inform")]) is None


def test_a_value_the_question_does_not_take_is_no_follow_up():
    events = [_user("发新疆运费多少", "ask_shipping_fee"), _user("黑色呢", "nlu_fallback")]
    assert follow_up_of(events, "黑色呢", [_entity("黑色呢", "黑色", "color")]) is None


@pytest.mark.parametrize("text", ["两件呢", "那3件呢", "what about 2 pieces?"])
def test_a_number_of_items_repeats_the_shipping_question(text):
    events = [_user("发新疆运费多少", "ask_shipping_fee"), _user(text, "inform")]
    assert follow_up_of(events, text, []) == "ask_shipping_fee"


def test_pieces_are_counted_in_both_languages():
    from bot.nlu.normalise import pieces

    assert [pieces(t)[0] for t in ("两件", "买3双", "十二件", "2 pieces", "5 pcs")] == [2, 3, 12, 2, 5]
    assert pieces("这件衣服") is None and pieces("100件") is None
    assert [pieces(t)[0] for t in ("买两支多少钱", "how much for two", "price for 3 of them")] == [2, 2, 3]
    assert pieces("用支付宝") is None and pieces("how much for delivery in 2 days") is None


@pytest.mark.parametrize("text, product", [("3 hoodies", "hoodies"), ("two of the jeans", "jeans"),
                                           ("三件卫衣", "卫衣")])
def test_a_count_and_a_product_repeat_the_basket_question(text, product):
    events = [_user("how much do I save if I buy 2 hoodies", "ask_promotion"), _user(text, "inform")]
    assert follow_up_of(events, text, [_entity(text, product, "product")]) == "ask_promotion"


def test_a_count_and_a_product_with_more_to_say_is_no_follow_up():
    text = "3 hoodies are too expensive"
    events = [_user("how much do I save if I buy 2 hoodies", "ask_promotion"), _user(text, "inform")]
    assert follow_up_of(events, text, [_entity(text, "hoodies", "product")]) is None


@pytest.mark.parametrize("text, product", [("不对，我是说两件卫衣", "卫衣"), ("no sorry, I meant 3 hoodies", "hoodies"),
                                           ("actually two of the jeans", "jeans")])
def test_a_corrected_count_repeats_the_basket_question(text, product):
    events = [_user("一件卫衣和两条牛仔裤一共多少钱", "ask_promotion"), _user("三件卫衣", "inform"),
              _user(text, "nlu_fallback")]
    assert follow_up_of(events, text, [_entity(text, product, "product")]) == "ask_promotion"


def test_a_correction_that_says_more_is_no_follow_up():
    text = "不对，我是说卫衣太贵了"
    events = [_user("买两件卫衣能减多少", "ask_promotion"), _user(text, "nlu_fallback")]
    assert follow_up_of(events, text, [_entity(text, "卫衣", "product")]) is None


def _said(text, intent, *values):
    event = _user(text, intent)
    event["parse_data"]["entities"] = [_entity(text, value, entity) for value, entity in values]
    return event


def test_a_follow_up_read_as_a_new_stock_question_stays_in_the_thread_of_the_question_before():
    from bot.service.followup import question_thread

    asked = _said("卫衣白色M还有吗", "ask_stock", ("卫衣", "product"), ("白色", "color"), ("M", "size"))
    grey = _said("what about grey", "ask_stock", ("grey", "color"))
    events = [asked, {"event": "bot"}, grey, {"event": "bot"}, _user("and black?", "inform")]
    assert question_thread(events) == [asked, grey]
    full = _said("is the white one in stock in M, I want it for my son", "ask_stock", ("white", "color"), ("M", "size"))
    events = [asked, {"event": "bot"}, full, {"event": "bot"}, _user("and black?", "inform")]
    assert question_thread(events) == [full]
    black = _said("黑色的有吗", "ask_stock", ("黑色", "color"))
    events = [asked, {"event": "bot"}, black, {"event": "bot"}, _user("L呢", "inform")]
    assert question_thread(events) == [asked, black]


def test_a_bare_colour_read_as_a_product_question_stays_in_the_thread_of_the_stock_question():
    asked = _said("is the red one in stock", "ask_stock", ("red", "color"))
    maple = _said("and maple?", "ask_product_info", ("maple", "color"))
    text = "what about rose nude"
    events = [asked, {"event": "bot"}, maple, {"event": "bot"}, _user(text, "ask_product_info")]
    assert last_question(events) == "ask_stock"
    assert follow_up_of(events, text, [_entity(text, "rose nude", "color")]) == "ask_stock"
    waterproof = _said("is the maple one waterproof", "ask_product_info", ("maple", "color"))
    events = [asked, {"event": "bot"}, waterproof, {"event": "bot"}, _user(text, "ask_product_info")]
    assert last_question(events) == "ask_product_info"  # a question of its own starts a new thread


def test_a_new_colour_repeats_the_latest_question_of_the_thread_that_takes_a_colour():
    product = _said("有口红吗", "ask_product_info", ("口红", "product"))
    red = _said("红色的有货吗", "ask_stock", ("红色", "color"))
    text = "枫叶色呢"
    events = [product, {"event": "bot"}, red, {"event": "bot"}, _user(text, "inform")]
    assert follow_up_of(events, text, [_entity(text, "枫叶色", "color")]) == "ask_stock"
    assert follow_up_of(events, "那唇釉呢", [_entity("那唇釉呢", "唇釉", "product")]) == "ask_stock"


def test_a_counted_product_is_a_follow_up_so_a_province_after_it_still_asks_the_basket_question():
    first = "if i buy a hoodie and 2 pairs of jeans how much"
    counted = "3 hoodies"
    where = "and send it to xinjiang"
    events = [
        {**_user(first, "ask_promotion"), "parse_data": {"intent": {"name": "ask_promotion"},
                                                        "entities": [_entity(first, "hoodie", "product")]}},
        _user("what about 3?", "inform"),
        {**_user(counted, "ask_product_info"), "parse_data": {"intent": {"name": "ask_product_info"},
                                                              "entities": [_entity(counted, "hoodies", "product")]}},
        _user(where, "inform"),
    ]
    assert follow_up_of(events, where, [_entity(where, "xinjiang", "province")]) == "ask_promotion"


@pytest.mark.parametrize("text, value, question", [
    ("不是牛仔裤 是卫衣", "卫衣", "ask_stock"), ("not the jeans, the hoodie", "hoodie", "ask_stock"),
    ("not the jeans but the hoodie", "hoodie", "ask_stock"),
    ("而不是牛仔裤 要卫衣", "卫衣", "ask_stock"), ("instead of those jeans, the hoodie", "hoodie", "ask_stock"),
    ("不是牛仔裤 是卫衣 我要退货", "卫衣", None),  # a new request, not a follow-up
])
def test_a_product_named_instead_of_another_repeats_the_stock_question(text, value, question):
    events = [_user("黑色L码有货吗", "ask_stock"), _user(text, "inform")]
    assert follow_up_of(events, text, [_entity(text, value, "product")]) == question


@pytest.mark.parametrize("text, corrects", [
    ("i meant 1001202611000002", True), ("不是这个单 是…06", True), ("actually it's 1001202611000006", True),
    ("actually no, keep it", False), ("actually never mind", False), ("thanks, actually that's all", False),
])
def test_only_words_about_the_wrong_order_correct_the_order(text, corrects):
    from bot.service.followup import corrects_order

    assert corrects_order(text) is corrects


def test_who_pays_the_postage_follows_the_answer_given_just_before():
    from bot.service.followup import answered_just_before

    events = [{"event": "user", "text": "不合适能退吗"}, {"event": "bot", "metadata": {"utter_action": "utter_policy_return"}},
              {"event": "user", "text": "运费谁出"}]
    assert answered_just_before(events) == ["utter_policy_return"]
    assert answered_just_before(events[-1:]) == []
    assert answered_just_before(events + [{"event": "bot", "metadata": {"utter_action": "utter_return_postage"}},
                                          {"event": "user", "text": "好的"}]) == ["utter_return_postage"]
