"""Which goods a "do you have X" / "有X吗" question asks for."""
import pytest

from bot.policy.availability import goods_asked_for, goods_named


@pytest.mark.parametrize("text, goods", [
    ("hello do u have any baby wipes or diapers", "baby wipes or diapers"),
    ("do you sell dog food?", "dog food"),
    ("do u guys have wireless earbuds", "wireless earbuds"),
    ("do you have black jeans", "jeans"),
    ("do you have the hoodie in xl", "hoodie"),
    ("are there any sneakers in 38", "sneakers"),
    ("你们有婴儿湿巾卖吗", "婴儿湿巾"),
    ("你们家有没有卖狗粮", "狗粮"),
    ("你们家卖不卖茶叶", "茶叶"),
    ("有卫衣吗", "卫衣"),
])
def test_the_goods_words_of_an_availability_question(text, goods):
    assert goods_asked_for(text) == goods


@pytest.mark.parametrize("text", [
    "do you have this in red", "do you have it in stock?", "do you have size 42", "is there any discount",
    "have you got navy blue", "do you have anything cheaper", "do you have a bigger one", "do you have it or not",
    "有M码吗", "有货吗", "有白色的吗", "有优惠吗", "有没有大一点的", "这款有黑色吗", "还有别的颜色吗", "有发票吗",
    "有没有运费险", "有39码的吗", "有酒红色吗", "what is it made of", "",
])
def test_questions_naming_no_goods_give_none(text):
    assert goods_asked_for(text) is None


def test_only_a_question_that_says_sell_is_read_as_one_about_goods_sold():
    from bot.policy.availability import goods_asked_if_sold

    assert goods_asked_if_sold("do you sell dog food?") == "dog food"
    assert goods_asked_if_sold("你们家有卖狗粮吗") == "狗粮"
    assert goods_asked_if_sold("你们家卖不卖茶叶") == "茶叶"
    assert goods_asked_if_sold("do you have a boyfriend") is None
    assert goods_asked_if_sold("is there any good restaurant near you") is None


@pytest.mark.parametrize("text, goods", [
    ("can this laptop run python", "laptops"),
    ("how do i cook rice in this cooker", "cookers"),
    ("does this rice cooker keep food warm", "rice cookers"),
    ("can i take this power bank on a flight", "power banks"),
    ("is this honey raw", "honey"),
    ("这台笔记本能跑PS吗", "笔记本"),
    ("这个空气炸锅除了薯条还能做啥", "空气炸锅"),
])
def test_goods_pointed_at_in_a_question(text, goods):
    assert goods_named(text) == goods


@pytest.mark.parametrize("text", [
    "is the hoodie warm", "能机洗吗", "what is your mobile number", "我的手机号是13812345678", "watch this",
    "is it good quality", "这个卫衣会掉色吗", "my old phone broke, is this hoodie warm", "i sit at the computer all day, which top is comfy",
    "亲 你们家那个筋膜枪肩颈能用吗 我天天对着电脑脖子特别僵", "空气炸锅除了薯条还能做啥",
])
def test_no_goods_where_none_of_a_common_kind_is_named(text):
    assert goods_named(text) is None


@pytest.mark.parametrize("text, goods", [("do you have kids sizes", "children's sizes"),
                                         ("do you sell children's clothes", "children's sizes"),
                                         ("有童装吗", "童装"), ("有小孩穿的吗", "童装")])
def test_a_question_for_children_names_childrens_clothes_not_the_children(text, goods):
    from bot.policy.availability import goods_asked_for

    assert goods_asked_for(text) == goods


def test_which_shade_of_a_named_product_asks_for_its_variants():
    from bot.policy.questions import asks_about_variants

    assert asks_about_variants("which foundation shade for fair skin")
    assert not asks_about_variants("which one is better for fair skin")
