"""Which size or colour the buyer wants instead of the one ordered."""
import pytest

from bot.policy.variant_change import asks_variant_change, wanted_value


@pytest.mark.parametrize("text, names, expected", [
    ("拍错尺码了", False, True), ("wrong size, can i change it", False, True), ("颜色选错了 换个白色", True, True),
    ("i need L instead of M", True, True), ("地址改一下", False, False), ("有L码吗", True, False),
    ("what sizes does it come in", False, False),
])
def test_a_change_of_size_or_colour_is_told_from_other_messages(text, names, expected):
    assert asks_variant_change(text, names) is expected


def _at(text, *values):
    return [(text.index(v), v) for v in values]


@pytest.mark.parametrize("text, values, wanted", [
    ("i need L instead of M", ("L", "M"), "L"), ("M换成L", ("M", "L"), "L"), ("能把M码改成XL码吗", ("M码", "XL"), "XL"),
    ("not M, L please", ("M", "L"), "L"), ("change from M to L", ("M", "L"), "L"), ("拍错了 要XL", ("XL",), "XL"),
])
def test_the_wanted_value_is_the_one_changed_to(text, values, wanted):
    named = [(start, value.rstrip("码")) for start, value in _at(text, *values)]
    assert wanted_value(text, named) == wanted


def test_nothing_named_wants_nothing():
    assert wanted_value("拍错尺码了", []) is None
