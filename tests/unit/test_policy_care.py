"""Care answers come from shop_policy.yml by the product's material (bot.policy.care)."""
import pytest

from bot.policy.current import shop_policy
from bot.policy.care import care_advice
from bot.policy.questions import asks_about_care


@pytest.mark.parametrize("material_zh, material_en, words", [
    ("羊毛70% 锦纶30%", "70% wool, 30% nylon", "羊毛"),
    ("面料聚酯纤维，填充90%白鸭绒", "Polyester shell, 90% white duck down fill", "羽绒"),
    ("棉80% 聚酯纤维20%", "80% cotton, 20% polyester", "缩水"),
    ("头层牛皮鞋面，橡胶底", "Full-grain leather upper, rubber sole", "皮面"),
])
def test_the_first_matching_material_answers(material_zh, material_en, words):
    assert words in care_advice(shop_policy(), material_zh, material_en, "zh")


def test_english_and_the_default():
    assert "wool" in care_advice(shop_policy(), "羊毛70%", "70% wool", "en")
    assert care_advice(shop_policy(), "主要成分：蜂蜡", "beeswax", "zh") == shop_policy().care.default_zh


@pytest.mark.parametrize("text, expected", [
    ("洗了会缩水不", True), ("起球吗", True), ("will it shrink after washing?", True), ("does it pill?", True),
    ("卫衣是什么面料", False), ("what is the hoodie made of", False),
])
def test_care_questions(text, expected):
    assert asks_about_care(text) is expected
