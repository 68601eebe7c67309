"""A question about the after-sale rules is answered; a request is acted on (after a yes)."""
import pytest

from bot.policy.questions import asks_about_policy, asks_about_rules, asks_for_suggestion
from bot.service.proposals import Proposal, answered_proposal


@pytest.mark.parametrize("text", [
    "你们支持7天无理由吗", "退货运费谁出", "退获怎么弄", "能退吗", "可以换货吗？", "退款多久到账", "退货流程是什么",
    "whats your return policy?", "do you accept returns", "how do I return this", "who pays return shipping",
    "can i exchange it for a bigger size?",
])
def test_questions_about_the_rules(text):
    assert asks_about_policy(text)


@pytest.mark.parametrize("text", [
    "我要退货", "帮我退了吧", "申请退款", "我想换个大一码", "退货", "麻烦给我退一下 谢谢", "不要了 退掉",
    "i want to return order 1001202611000002", "please refund me", "I'd like to exchange it", "refund", "/request_return",
])
def test_requests_are_no_questions(text):
    assert not asks_about_policy(text)


def test_questions_about_the_rules_themselves_even_with_an_order_in_mind():
    assert asks_about_rules("退货政策是什么") and asks_about_rules("who pays return postage?")
    assert asks_about_rules("你们支持7天无理由吗")
    assert not asks_about_rules("能退吗") and not asks_about_rules("我要退货")


def _user(text="x"):
    return {"event": "user", "text": text}


def _proposal(kind="return", order_id="1001"):
    return {"event": "slot", "name": "pending_proposal", "value": {"kind": kind, "order_id": order_id, "details": {}}}


def test_a_yes_answers_only_the_question_asked_just_before_it():
    assert answered_proposal([_user("我要退货"), _proposal(), _user("确认")]) == Proposal("return", "1001", {})
    assert answered_proposal([_user("我要退货"), _proposal(), _user("包邮吗"), _user("好的")]) is None
    assert answered_proposal([_user(), _proposal(), {"event": "restart"}, _user("好")]) is None
    assert answered_proposal([_proposal(), _user("好")]) == Proposal("return", "1001", {})


@pytest.mark.parametrize("value", [None, "return", {"kind": "drop_table", "order_id": "1"},
                                   {"kind": "cancel", "order_id": ""}, {"kind": "cancel", "order_id": 5}])
def test_a_slot_that_holds_no_valid_proposal_is_none(value):
    assert Proposal.from_slot(value) is None


@pytest.mark.parametrize("text", [
    "推荐一款面霜", "油皮用你们家哪款洗面奶好", "你们家卖得最好的是哪款", "最近上了什么新款",
    "what do you have for dry skin", "what products do you have for oily skin", "show me some sneakers", "whats your best selling serum",
    "which of your dresses would suit a wedding", "any good hoodies?", "有没有好看的外套",
])
def test_asking_the_shop_to_suggest_goods(text):
    assert asks_for_suggestion(text)


@pytest.mark.parametrize("text", [
    "这两款哪个好", "黑色还是白色好看", "which is better, the black or the white one",
    "whats the difference between these two", "is the hoodie cotton", "这款多少钱", "which size should i take",
    "any good news about my order?",
])
def test_comparisons_and_plain_questions_ask_for_no_suggestion(text):
    assert not asks_for_suggestion(text)


@pytest.mark.parametrize("text, stock", [
    ("is number 2 in size 38?", True), ("38码有货吗", True), ("有M码吗", True), ("do you have it in XL", True),
    ("is the black one available in M", True), ("what size should i get, 175cm 70kg", False),
    ("38码合适吗", False), ("does it run small", False), ("平时穿M 这款拍什么码", False),
    ("black me L size hai kya", True), ("size 10 milega kya", True), ("XL milega?", True),
    ("kamar 32 hai, kaunsa size", False), ("L size me bada aata hai kya", False), ("70 kg hu, L aayega ya XL", False),
])
def test_a_size_question_about_stock_is_told_apart(text, stock):
    from bot.policy.questions import asks_about_stock

    assert asks_about_stock(text) is stock


@pytest.mark.parametrize("text, names_size, stock", [
    ("38码有货吗", True, True), ("black me L size hai kya", True, True),
    ("还有货吗 我穿多大", False, False), ("38码合适吗", True, False),
])
def test_only_a_size_question_naming_a_size_and_asking_for_stock_is_a_stock_question(text, names_size, stock):
    from bot.policy.questions import size_question_is_stock

    assert size_question_is_stock(text, names_size) is stock


@pytest.mark.parametrize("text, asks", [
    ("有几种颜色", True), ("颜色有哪些", True), ("有哪些尺码", True), ("what colours does it come in", True),
    ("which sizes are available", True), ("aur kaunse colour me aata hai", True),
    ("黑色M还有吗", False), ("is it in stock in black", False), ("这个颜色会掉色吗", False),
])
def test_a_question_about_the_colours_and_sizes_made_is_told_apart(text, asks):
    from bot.policy.questions import asks_about_variants

    assert asks_about_variants(text) is asks


@pytest.mark.parametrize("text, asks", [
    ("有哪些尺码", True), ("尺码有哪些", True), ("这款有几个码", True), ("what sizes does it come in", True),
    ("which sizes do you have", True), ("size options?", True), ("comes in what sizes", True),
    ("穿什么码", False), ("卫衣穿什么码", False), ("what size should i get", False),
    ("which sizes would fit me", False), ("what sizes do you recommend for 165cm", False), ("偏大还是偏小", False),
])
def test_a_question_about_the_sizes_made_is_not_a_question_about_which_size_to_take(text, asks):
    from bot.policy.questions import asks_which_sizes_made

    assert asks_which_sizes_made(text) is asks
