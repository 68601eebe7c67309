"""Questions asked in passing get answers in the widget, never a case or a person: "那灰色的呢" after
a question about the make is the same make and grey's stock, "我拍灰色L" checks grey L's stock, "要是
质量问题呢" is the quality rules. Screenshots go to test-artifacts/widget/ (34-*.png, 35-*.png)."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_widget_browser import open_widget, send
from tests.e2e.test_widget_understanding import _latest_with


@pytest.mark.parametrize("lang, about, colour, same, buy, in_stock", [
    ("zh", "这个卫衣会起球吗", "那灰色的呢", "同一面料", "好的 我拍灰色L", "灰色 L"),
    ("en", "is the hoodie warm", "what about the grey one", "same fabric", "ok i'll take the grey L", "Grey L"),
])
def test_a_colour_after_a_question_about_the_make_and_the_one_to_buy(page, servers, lang, about, colour, same, buy,
                                                                     in_stock):
    open_widget(page, servers, "?lang=en" if lang == "en" else "")
    send(page, about)
    send(page, colour)
    _latest_with(page, same)
    send(page, buy)
    reply = _latest_with(page, in_stock)
    assert ("in stock" if lang == "en" else "有现货") in reply, reply
    page.screenshot(path=str(ARTIFACTS / f"34-same-make-then-buy-{lang}.png"))


@pytest.mark.parametrize("lang, rules, what_if, answer, insurance, not_included", [
    ("zh", "不合适可以退吗", "要是质量问题呢", "30天内可以退换", "送运费险吗", "不是默认赠送"),
    ("en", "if the jeans don't fit can i return them?", "what if it arrives damaged", "within 30 days",
     "is return shipping insurance included", "not included by default"),
])
def test_what_if_and_insurance_questions_get_the_rules_not_a_person(page, servers, lang, rules, what_if, answer,
                                                                    insurance, not_included):
    open_widget(page, servers, "?lang=en" if lang == "en" else "")
    send(page, rules)
    send(page, what_if)
    reply = _latest_with(page, answer)
    assert "人工" not in reply and "agent" not in reply.lower(), reply  # no handoff for a question
    send(page, insurance)
    _latest_with(page, not_included)
    page.screenshot(path=str(ARTIFACTS / f"35-what-if-{lang}.png"))
