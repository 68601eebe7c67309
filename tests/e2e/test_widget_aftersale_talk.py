"""After-sale talk a buyer would expect to go right, in the widget: goods that do not fit are no
fault report, a cancellation taken back is a no, and the sizes a product comes in are listed.
Screenshots go to test-artifacts/widget/."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_widget_browser import BOT_MESSAGES, open_widget, send
from tests.e2e.test_widget_understanding import _latest_with


@pytest.mark.parametrize("lang, statement, rules, not_said", [
    ("zh", "你好 我买的卫衣收到了 有点大", "15天内可以换尺码", ("订单号", "确认一下")),
    ("en", "hi, the jeans i got are too tight", "Our exchange rules", ("order number", "To confirm")),
])
def test_goods_that_do_not_fit_get_the_exchange_rules_not_a_fault_report(page, servers, lang, statement, rules,
                                                                         not_said):
    """"有点大" is no quality problem of the shop's: the buyer is told how an exchange works (and who
    pays the postage) and asked; no order number is demanded and no problem report proposed."""
    open_widget(page, servers, "?lang=en" if lang == "en" else "")
    send(page, statement)
    reply = _latest_with(page, rules)
    assert not any(words in reply for words in not_said), reply
    page.screenshot(path=str(ARTIFACTS / f"17-does-not-fit-{lang}.png"))


@pytest.mark.parametrize("lang, request_, withdraw, asks_number, acknowledged", [
    ("zh", "帮我取消订单", "算了 不取消了", "订单号", "还有其他需要帮忙的吗"),
    ("en", "please cancel my order", "wait, don't cancel it", "order number", "Anything else I can help with"),
])
def test_a_cancellation_taken_back_is_not_asked_for_again(page, servers, lang, request_, withdraw, asks_number,
                                                          acknowledged):
    open_widget(page, servers, "?lang=en" if lang == "en" else "")
    assert asks_number in send(page, request_)
    send(page, withdraw)
    reply = _latest_with(page, acknowledged)
    assert asks_number not in reply, reply
    assert asks_number not in page.locator(BOT_MESSAGES).last.inner_text()
    page.screenshot(path=str(ARTIFACTS / f"18-cancellation-taken-back-{lang}.png"))


@pytest.mark.parametrize("lang, product_question, sizes_question, sizes", [
    ("zh", "长款连帽羽绒服暖和吗", "有哪些尺码", "S、M、L"),
    ("en", "is the long hooded down coat warm", "what sizes does it come in", "S, M, L"),
])
def test_the_sizes_a_product_comes_in_are_listed(page, servers, lang, product_question, sizes_question, sizes):
    open_widget(page, servers, "?lang=en" if lang == "en" else "")
    send(page, product_question)
    send(page, sizes_question)
    reply = _latest_with(page, sizes)
    assert "身高" not in reply and "height" not in reply.lower(), reply
    page.screenshot(path=str(ARTIFACTS / f"19-sizes-made-{lang}.png"))
