"""Which goods a "do you have X" / "有X吗" question asks for."""
import pytest

from bot.policy.availability import goods_asked_for


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
