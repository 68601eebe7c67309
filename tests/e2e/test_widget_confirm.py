"""In the widget, a change is read back with yes/no buttons and made only on the buyer's click."""
from __future__ import annotations

import json

from bot.shop.db import session_scope
from bot.shop.models import Order
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_data_integrity import _unshipped_order
from tests.e2e.test_widget_browser import BOT_MESSAGES, open_widget, send

NEW_ADDRESS = "浙江省杭州市西湖区文三路88号3幢1201室 李雷 13900001111"


def _bot_says(page, words, timeout=30_000):
    """Wait until a bot message holds `words`; return the text of that last such message."""
    page.wait_for_function(f"[...document.querySelectorAll('{BOT_MESSAGES}')].some(m => m.innerText.includes("
                           f"{json.dumps(words)}))", timeout=timeout)
    return [t for t in page.locator(BOT_MESSAGES).all_inner_texts() if words in t][-1]


def _line(shop_url, order_id):
    with session_scope(shop_url) as s:
        return s.get(Order, order_id).address_line


def test_an_address_is_read_back_and_changed_only_after_the_yes_button(page, servers):
    order_id, last4 = _unshipped_order(servers["shop_url"])
    open_widget(page, servers)
    send(page, f"地址写错了要改一下 订单{order_id}")
    send(page, last4)
    _bot_says(page, "新的完整地址")
    before = _line(servers["shop_url"], order_id)
    send(page, NEW_ADDRESS)
    asked = _bot_says(page, "浙江杭州西湖区文三路88号3幢1201室")
    assert "确认" in asked, asked
    assert _line(servers["shop_url"], order_id) == before  # a read-back writes nothing
    yes = page.locator('[data-xiaoer="quick-reply"]', has_text="对，改吧").last
    yes.wait_for(timeout=10_000)
    page.screenshot(path=str(ARTIFACTS / "11-confirm-address-asked.png"))
    count = page.locator(BOT_MESSAGES).count()
    yes.click()
    page.wait_for_function(f"document.querySelectorAll('{BOT_MESSAGES}').length > {count}", timeout=30_000)
    _bot_says(page, "已经帮您把订单")
    assert _line(servers["shop_url"], order_id) == "西湖区文三路88号3幢1201室"
    page.screenshot(path=str(ARTIFACTS / "11-confirm-address-done.png"))


def test_a_policy_question_gets_the_rules_and_a_button_not_a_case(page, servers):
    open_widget(page, servers)
    send(page, "你们支持7天无理由吗")
    reply = _bot_says(page, "天无理由退货")
    assert "订单号" not in "".join(page.locator(BOT_MESSAGES).all_inner_texts()[1:]), reply
    assert page.locator('[data-xiaoer="quick-reply"]', has_text="申请退货").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "11-policy-question.png"))


def test_on_the_product_page_a_stock_question_is_about_that_product(page, servers):
    open_widget(page, servers)  # /shop shows 加绒连帽卫衣, whose white XL is sold out
    send(page, "白色xl还有吗")
    reply = _bot_says(page, "没货")
    assert "加绒连帽卫衣" in reply and "白色 XL" in reply, reply
    assert not any("加绒连帽卫衣" in t and "有现货" in t for t in page.locator(BOT_MESSAGES).all_inner_texts())
    page.screenshot(path=str(ARTIFACTS / "11-page-product-stock.png"))


def test_a_bargain_is_closed_with_the_deal_button_in_english(page, servers):
    open_widget(page, servers, "?lang=en")
    offer = send(page, "can you give me a better price?")
    assert "Fleece" in offer and "¥" in offer, offer  # the page's product, in yuan
    deal = page.locator('[data-xiaoer="quick-reply"]', has_text="Deal").last
    deal.wait_for(timeout=10_000)
    count = page.locator(BOT_MESSAGES).count()
    deal.click()
    page.wait_for_function(f"document.querySelectorAll('{BOT_MESSAGES}').length > {count}", timeout=30_000)
    agreed = _bot_says(page, "noted it")
    assert "Deal" in agreed, agreed
    page.screenshot(path=str(ARTIFACTS / "11-deal-closed-en.png"))
