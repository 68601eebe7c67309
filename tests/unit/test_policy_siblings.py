"""A word only one product's name has picks it among the goods of its kind ("长款的呢")."""
import pytest

from bot.policy.siblings import sibling_named

DOWN = {"SKU-1013": ("白鸭绒短款羽绒服", "Short Duck-down Jacket"), "SKU-1014": ("长款连帽羽绒服", "Long Hooded Down Coat")}
HOODIES = {"SKU-1001": ("加绒连帽卫衣", "Fleece-lined Hooded Sweatshirt"),
           "SKU-1002": ("宽松圆领卫衣", "Oversized Crewneck Sweatshirt"), "SKU-1003": ("拉链连帽开衫卫衣", "Zip-up Hoodie")}


@pytest.mark.parametrize("names, text, code, words", [
    (DOWN, "长款的呢", "SKU-1014", "长款"),
    (DOWN, "短款的有黑色L吗", "SKU-1013", "短款"),
    (DOWN, "what about the long one?", "SKU-1014", "long"),
    (DOWN, "long?", "SKU-1014", "long"),
    (HOODIES, "加绒的呢", "SKU-1001", "加绒"),
    (HOODIES, "and the zip up one", "SKU-1003", "zip"),
    (HOODIES, "圆领的多少钱", "SKU-1002", "圆领"),
])
def test_a_word_only_one_name_has_picks_that_product(names, text, code, words):
    found = sibling_named(text, names)
    assert found is not None and found[0] == code
    assert text[found[1]:found[2]] == words


@pytest.mark.parametrize("names, text", [
    (HOODIES, "加绒吗"),            # asks whether the product in context is fleece-lined
    (HOODIES, "这件是加绒的吗"),
    (HOODIES, "is it fleece lined"),
    (DOWN, "is it long"),
    (DOWN, "how long does it take"),
    (HOODIES, "连帽的呢"),          # two of them are hooded: nothing picked
    (DOWN, "羽绒服的呢"),           # the kind itself picks none
    ({"SKU-1013": DOWN["SKU-1013"]}, "短款的呢"),  # one product has no siblings
])
def test_a_question_about_the_product_or_a_shared_word_picks_nothing(names, text):
    assert sibling_named(text, names) is None

