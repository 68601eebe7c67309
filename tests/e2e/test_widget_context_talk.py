"""Follow-ups keep the context in the widget: "长款的呢" is the other down jacket, "两件呢" after a
price offer bargains for two (and a yes closes that deal), "who pays the shipping for that" after
the return rules is the return postage. Screenshots go to test-artifacts/widget/ (30-*.png)."""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_widget_browser import open_widget, send
from tests.e2e.test_widget_understanding import _latest_with


@pytest.mark.parametrize("lang, about_one, the_other, other_name, first_name", [
    ("zh", "这款羽绒服零下20度能穿吗", "长款的呢", "长款连帽羽绒服", "白鸭绒短款羽绒服"),
    ("en", "how warm is the down jacket", "what about the long one?", "Long Hooded Down Coat", "Short Duck-down"),
])
def test_the_other_one_of_a_kind_is_answered_about_that_one(page, servers, lang, about_one, the_other, other_name,
                                                            first_name):
    open_widget(page, servers, "?lang=en" if lang == "en" else "")
    assert first_name in send(page, about_one)
    send(page, the_other)
    reply = _latest_with(page, other_name)
    assert first_name not in reply, reply
    page.screenshot(path=str(ARTIFACTS / f"30-the-other-one-{lang}.png"))


@pytest.mark.parametrize("lang, ask, two, per_piece, yes, agreed", [
    ("zh", "羊毛圆领针织毛衣能便宜点吗", "两件呢", "2件一共", "好的 成交", "成交"),
    ("en", "can you do a better price on the wool crew-neck sweater", "what if i buy 2", "2 come to", "ok deal",
     "Deal:"),
])
def test_two_pieces_after_an_offer_bargains_for_two_and_yes_closes_it(page, servers, lang, ask, two, per_piece,
                                                                      yes, agreed):
    open_widget(page, servers, "?lang=en" if lang == "en" else "")
    send(page, ask)
    send(page, two)
    _latest_with(page, per_piece)
    offer = _latest_with(page, "I can do" if lang == "en" else "申请到")
    send(page, yes)
    closed = _latest_with(page, agreed)
    offered = re.search(r"I can do (¥\d+)" if lang == "en" else r"申请到(\d+元)", offer).group(1)
    assert offered in closed, (offer, closed)  # the deal is the price offered for two, not the first one
    page.screenshot(path=str(ARTIFACTS / f"31-two-pieces-deal-{lang}.png"))


@pytest.mark.parametrize("lang, rules, postage, answer, not_said", [
    ("zh", "不合适可以退吗", "那运费谁出", "无理由退货寄回的运费", "偏远"),
    ("en", "if the jeans don't fit can i return them?", "who pays the shipping for that",
     "For a return without a reason", "Which province"),
])
def test_postage_asked_after_the_return_rules_is_the_return_postage(page, servers, lang, rules, postage, answer,
                                                                    not_said):
    open_widget(page, servers, "?lang=en" if lang == "en" else "")
    send(page, rules)
    send(page, postage)
    reply = _latest_with(page, answer)
    assert not_said not in reply, reply
    page.screenshot(path=str(ARTIFACTS / f"32-return-postage-{lang}.png"))


def test_an_emoji_alone_in_an_english_chat_is_answered_in_english(page, servers):
    open_widget(page, servers, "?lang=en")
    reply = send(page, "😊")
    assert reply.strip() and not re.search(r"[\u4e00-\u9fff]", reply), reply
    page.screenshot(path=str(ARTIFACTS / "33-emoji-in-english.png"))
