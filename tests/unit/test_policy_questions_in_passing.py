"""What a message asks in passing: "what if" questions, return-postage insurance, how sizes run,
and saying which one the buyer will buy."""
import pytest

from bot.policy.aftersale import hypothetical_case
from bot.policy.questions import (announces_purchase, asks_about_shipping_insurance, asks_how_it_runs,
                                  asks_what_if)


@pytest.mark.parametrize("text", ["要是质量问题呢", "如果收到是坏的怎么办", "万一不合适呢", "what if it arrives damaged",
                                  "and if it's faulty?", "in case it doesn't fit"])
def test_what_if_questions(text):
    assert asks_what_if(text)


@pytest.mark.parametrize("text", ["收到是坏的", "我要退货", "如果可以的话帮我退了吧", "the item arrived broken",
                                  "i want to return it if possible", "质量太差了"])
def test_reports_and_requests_are_no_what_if(text):
    assert not asks_what_if(text)


@pytest.mark.parametrize("text,case", [
    ("要是质量问题呢", "quality"), ("what if it arrives damaged", "quality"), ("如果发错了呢", "quality"),
    ("如果穿着不合适可以退吗", "return"), ("要是不合适呢", "return"), ("what if it doesn't fit", "exchange"),
    ("要是不喜欢能换吗", "exchange"), ("如果丢了怎么办", None), ("what if it's late", None),
])
def test_the_rules_a_what_if_asks_about(text, case):
    assert hypothetical_case(text) == case


@pytest.mark.parametrize("text,expected", [
    ("送运费险吗", True), ("有没有退货险", True), ("is return shipping insurance included", True),
    ("do you offer shipping insurance", True), ("运费多少", False), ("is shipping free", False),
])
def test_shipping_insurance_questions(text, expected):
    assert asks_about_shipping_insurance(text) is expected


@pytest.mark.parametrize("text,expected", [
    ("偏大还是偏小", True), ("这鞋码数准吗", True), ("does it run small", True), ("is it true to size", True),
    ("165 100斤穿什么码", False), ("what size should I take", False),
])
def test_how_sizes_run(text, expected):
    assert asks_how_it_runs(text) is expected


@pytest.mark.parametrize("text,expected", [
    ("好的 我拍灰色L", True), ("那就拍黑色M吧", True), ("来一件白色的", True), ("ok i'll take the grey L", True),
    ("i'll order black M then", True), ("gonna buy the red one", True),
    ("灰色L有货吗", False), ("is grey L in stock", False), ("好的", False), ("ok thanks", False),
])
def test_saying_which_one_one_will_buy(text, expected):
    assert announces_purchase(text) is expected


@pytest.mark.parametrize("text,expected", [
    ("好的 那麻烦催一下", True), ("ok please chase it", True), ("能加急吗", True), ("好的", False), ("ok thanks", False)])
def test_a_yes_that_asks_to_chase(text, expected):
    from bot.policy.questions import asks_to_chase

    assert asks_to_chase(text) is expected


@pytest.mark.parametrize("text,expected", [
    ("好的 那我拍了 什么时候发货", True), ("今天能发吗", True), ("when will you ship it", True),
    ("帮我查下订单", False), ("where is my order", False)])
def test_asking_when_it_ships(text, expected):
    from bot.policy.questions import asks_dispatch_time

    assert asks_dispatch_time(text) is expected
