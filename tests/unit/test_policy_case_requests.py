"""What an after-sale request is: the buyer's words decide the kind; a refund only when asked."""
import pytest

from bot.policy.aftersale import JOINS, asked_remedy, classify_request, problem_kind, problem_resolution


@pytest.mark.parametrize("requested, text, kind, problem, asked", [
    ("refund", "收到的东西有破损", "problem", "damaged", None),
    ("return", "the item arrived broken", "problem", "damaged", None),
    ("refund", "收到是坏的 我要退款", "problem", "damaged", "refund"),
    ("refund", "我要退款", "refund", None, "refund"),
    ("return", "七天无理由退货 尺码不对", "return", None, "return"),
    ("return", "我要退货", "return", None, "return"),
    ("exchange", "能换大一码吗", "exchange", None, "exchange"),
    ("problem", "少发了一件", "problem", "missing", None),
    ("problem", "发错颜色了", "problem", "wrong_item", None),
    ("problem", "质量不太好", "problem", "other", None),
    ("refund", "缺货了吗 那退款吧", "refund", None, "refund"),
    ("problem", "收到了 有点大", "exchange", None, "exchange"),
    ("problem", "the hoodie i got is too small", "exchange", None, "exchange"),
    ("problem", "穿不上 退了吧", "return", None, "return"),
    ("problem", "有点大 而且袖子开线了", "problem", "damaged", None),
    ("problem", "太小了 质量也一般", "problem", "other", None),
    ("problem", "鞋子有点大 还发错颜色了", "problem", "wrong_item", None),
])
def test_requests_are_classified_from_the_words(requested, text, kind, problem, asked):
    request = classify_request(requested, text)
    assert (request.kind, request.problem, request.asked) == (kind, problem, asked)


def test_a_refund_is_never_the_default_fix():
    assert problem_resolution("damaged", None) == "reship"
    assert problem_resolution("other", None) is None
    assert problem_resolution("damaged", "refund") == "return_refund"
    assert problem_resolution("wrong_item", "exchange") == "exchange"
    assert problem_resolution("missing", "refund") == "refund"  # nothing to send back


def test_refund_and_return_are_one_request():
    assert "return" in JOINS["refund"] and "refund" in JOINS["return"]
    assert JOINS["exchange"] == ("exchange",)


def test_words():
    assert problem_kind("差评") == "other" and problem_kind("破价了吗") == "other"
    assert asked_remedy("能退钱吗") == "refund" and asked_remedy("想换个颜色") == "exchange"
    with pytest.raises(ValueError):
        classify_request("cancel", "x")
