"""Which item of a shown list the buyer's words point at."""
import pytest

from bot.policy.references import LAST, listed_position, pick_listed


@pytest.mark.parametrize("text, position", [
    ("第二款是什么面料", 2),
    ("第一个有M码吗", 1),
    ("第3款多少钱", 3),
    ("第 四 件呢", 4),
    ("最后一款怎么样", LAST),
    ("the second one, what's it made of?", 2),
    ("is the first one in stock", 1),
    ("tell me about the last one", LAST),
    ("the third item please", 3),
    ("number 2", 2),
    ("what about #3", 3),
    ("2nd one pls", 2),
    ("2", 2),
    (" 3。", 3),
])
def test_words_pointing_into_a_list_give_its_position(text, position):
    assert listed_position(text) == position


@pytest.mark.parametrize("text", [
    "第一次在你们家买", "第二天能到吗", "the first time I ordered", "my second order hasn't arrived",
    "是什么面料", "what's it made of", "买2件", "order 20231102", "2 pieces", "12", "",
])
def test_words_not_pointing_into_a_list_give_none(text):
    assert listed_position(text) is None


def test_a_position_beyond_the_list_picks_nothing():
    codes = ["SKU-1", "SKU-2"]
    assert pick_listed(codes, 2) == "SKU-2"
    assert pick_listed(codes, LAST) == "SKU-2"
    assert pick_listed(codes, 3) is None
    assert pick_listed([], 1) is None
    assert pick_listed(codes, None) is None
