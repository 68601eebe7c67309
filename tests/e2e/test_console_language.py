"""The agent console in English and Chinese, per agent, and every time in the shop's time zone:
a browser in New York still shows Shanghai times."""
from __future__ import annotations

import os
import re
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import ARTIFACTS, CHROMIUM, PASSWORD, Chat
from tests.e2e.test_console_api import Console

SHOP_ZONE = ZoneInfo("Asia/Shanghai")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# what the page shows that people wrote or the shop stores (names, messages, products), not labels
DATA = ('.message-bubble, .ticket-summary, .ticket-buyer, [data-console="chat-buyer"], .canned-list, '
        '.order-items, .order-notes, [data-console="agent-name"], .language-switch')
CHINESE_LABELS = """(selector) => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.textContent.trim() && !node.parentElement.closest(selector)) found.push(node.textContent.trim());
  }
  document.querySelectorAll("[placeholder], [aria-label], [title]").forEach((el) => {
    if (el.closest(selector)) return;
    ["placeholder", "aria-label", "title"].forEach((name) => el.hasAttribute(name) && found.push(el.getAttribute(name)));
  });
  found.push(document.title);
  return found;
}"""


@pytest.fixture(scope="module")
def amy(servers):
    """An agent of this module's own, so that her language choice changes no other test's console."""
    from bot.service.agents import add_agent
    from bot.shop.db import session_scope

    with session_scope(servers["shop_url"]) as s:
        add_agent(s, "amy", "Amy", "agent", PASSWORD, datetime.now())
    return "amy"


@pytest.fixture
def new_york(browser):
    """A second chromium whose own clock is New York's (TZ), to show the console keeps shop time."""
    executable = CHROMIUM if os.path.exists(CHROMIUM) else "chromium"
    other = browser.browser_type.launch(executable_path=executable, env={**os.environ, "TZ": "America/New_York"},
                                        args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
    yield other
    other.close()


def _complaint_from_demo_buyer(servers, amy_api):
    """A signed-in buyer (with orders) complains over REST; the waiting ticket."""
    from bot.channels.identity import sign

    chat = Chat(servers["base"], f"lang-{time.time_ns()}")
    expires = int(time.time()) + 600
    identity = {"buyer": "demo_buyer", "expires": expires,
                "signature": sign(servers["XIAOER_IDENTITY_SECRET"], "demo_buyer", expires)}
    status, _ = chat.post({"sender": chat.sender, "message": "你们就是骗子 我要投诉", "identity": identity})
    assert status == 200
    ticket = amy_api.ticket_of(chat.conversation_id)
    assert ticket and ticket["created_at"].endswith("+08:00"), ticket
    return ticket


def _shop_clock(moment: datetime) -> str:
    """How the English console writes a shop-local time: 14:05 today, Nov 29 14:05 before."""
    today = datetime.now(SHOP_ZONE).date()
    return moment.strftime("%H:%M") if moment.date() == today else f"{moment:%b} {moment.day} {moment:%H:%M}"


def _login(page, base=None):
    if base:
        page.goto(f"{base}/console")
    page.fill('[data-console="username"]', "amy")
    page.fill('[data-console="password"]', PASSWORD)
    page.click('[data-console="login"]')
    page.wait_for_selector('[data-console="queue"]', state="visible")


def test_an_agent_switches_to_english_keeps_it_and_sees_shop_times_from_new_york(new_york, servers, amy):
    amy_api = Console(servers["base"])
    assert amy_api.login("amy")[0] == 200
    ticket = _complaint_from_demo_buyer(servers, amy_api)
    context = new_york.new_context(viewport={"width": 1400, "height": 860}, locale="zh-CN")
    page = context.new_page()
    try:
        _login(page, servers["base"])
        new_york_offset = -datetime.now(ZoneInfo("America/New_York")).utcoffset().total_seconds() / 60
        assert page.evaluate("new Date().getTimezoneOffset()") == new_york_offset  # the browser's own clock
        assert page.inner_text('[data-console="logout"]') == "退出登录"
        queued = page.locator(f'[data-console="ticket"][data-ticket-id="{ticket["id"]}"]')
        queued.wait_for(timeout=20_000)
        queued.locator('[data-console="claim"]').click()
        _wait_for_chat(page)

        page.click('[data-console="language"] [data-language="en"]')
        page.wait_for_function("document.querySelector('[data-console=\"logout\"]').textContent === 'Sign out'")
        _wait_for_chat(page)
        _assert_english(page)
        _assert_shop_times(page, servers)
        page.screenshot(path=str(ARTIFACTS / "70-console-english.png"))

        page.reload()
        _wait_for_chat(page)
        assert page.inner_text('[data-console="logout"]') == "Sign out"
        _assert_english(page)
        assert amy_api.call("GET", "/console/api/me")[1]["agent"]["language"] == "en"

        page.click('[data-console="language"] [data-language="zh"]')
        page.wait_for_function("document.querySelector('[data-console=\"logout\"]').textContent === '退出登录'")
        _wait_for_chat(page)
        assert CJK.search(page.inner_text('[data-console="connection"]')) and page.title().endswith("客服工作台")
        assert page.inner_text('.order[data-order-id="1001202611000001"] .order-line').startswith("下单时间 ")
        page.screenshot(path=str(ARTIFACTS / "71-console-chinese.png"))
    finally:
        amy_api.call("POST", f"/console/api/tickets/{ticket['id']}/return")
        amy_api.call("POST", "/console/api/me/language", {"language": "zh"})
        context.close()


def _wait_for_chat(page):
    """The claimed chat is drawn: the buyer's message and their orders."""
    page.locator('[data-console="message"][data-sender="buyer"]', has_text="骗子").first.wait_for()
    page.locator('.order[data-order-id="1001202611000001"]').wait_for()


def _assert_english(page):
    labels = page.evaluate(CHINESE_LABELS, DATA)
    assert [text for text in labels if CJK.search(text)] == []
    assert "My chats" in page.inner_text(".queue-pane")
    assert page.inner_text(".orders-pane .pane-title") == "Buyer's orders" and page.title().endswith("service desk")
    assert page.get_attribute('[data-console="reply"]', "placeholder").startswith("Type a reply")
    assert page.evaluate("document.documentElement.lang") == "en"
    message = page.locator('[data-console="message"][data-sender="buyer"]', has_text="骗子").first
    assert CJK.search(message.inner_text()), "the buyer's message stays as written"


def _assert_shop_times(page, servers):
    """The buyer's message and an order, in Shanghai time although the browser is in New York."""
    from bot.shop import repositories as repo
    from bot.shop.db import session_scope

    shown = page.locator('[data-console="message"][data-sender="buyer"] .message-time').first.inner_text()
    now = datetime.now(SHOP_ZONE).replace(tzinfo=None)
    assert shown in {_shop_clock(now + timedelta(minutes=m)) for m in (-2, -1, 0, 1)}, shown
    new_york_now = datetime.now(ZoneInfo("America/New_York")).strftime("%H:%M")
    assert shown != new_york_now
    with session_scope(servers["shop_url"]) as s:
        placed = repo.get_order(s, "1001202611000001").created_at
    line = page.inner_text('.order[data-order-id="1001202611000001"] .order-line')
    assert line == f"Placed {_shop_clock(placed)}", line


def test_english_chosen_on_the_login_page_is_kept_on_the_agent_and_for_the_next_login(page, servers, amy):
    amy_api = Console(servers["base"])
    try:
        page.goto(f"{servers['base']}/console")
        page.wait_for_selector('[data-console="login"]', state="visible")
        assert page.inner_text('[data-console="login"]') == "登录"
        page.click('[data-console="login-language"] [data-language="en"]')
        page.wait_for_function("document.querySelector('[data-console=\"login\"]').textContent === 'Sign in'")
        assert page.get_attribute('[data-console="login-language"] [data-language="en"]', "aria-pressed") == "true"
        page.screenshot(path=str(ARTIFACTS / "72-console-login-english.png"))
        _login(page)
        assert page.inner_text('[data-console="logout"]') == "Sign out"
        assert amy_api.login("amy")[1]["agent"]["language"] == "en"
        page.click('[data-console="logout"]')
        page.wait_for_selector('[data-console="login"]', state="visible")
        assert page.inner_text('[data-console="login"]') == "Sign in" and page.title().endswith("service desk")
    finally:
        amy_api.call("POST", "/console/api/me/language", {"language": "zh"})


def test_the_language_is_the_agents_own_and_changed_only_with_the_csrf_token(servers, amy):
    amy_api = Console(servers["base"])
    assert amy_api.login("amy")[0] == 200
    assert amy_api.call("POST", "/console/api/me/language", {"language": "en"}, {"X-CSRF-Token": "forged"})[0] == 403
    assert amy_api.call("POST", "/console/api/me/language", {"language": "fr"})[0] == 400
    status, body = amy_api.call("POST", "/console/api/me/language", {"language": "en"})
    assert status == 200 and body["agent"]["language"] == "en"
    mei = Console(servers["base"])
    assert mei.login("xiaomei")[1]["agent"]["language"] == "zh"
    assert amy_api.login("amy")[1]["agent"]["language"] == "en"
    assert amy_api.call("POST", "/console/api/me/language", {"language": "zh"})[0] == 200
    assert Console(servers["base"]).call("POST", "/console/api/me/language", {"language": "en"})[0] == 401


def test_the_texts_come_with_the_shops_time_zone_before_login_and_only_to_the_consoles_own_page(servers):
    anonymous = Console(servers["base"])
    status, body = anonymous.call("GET", "/console/api/texts?lang=en")
    assert status == 200 and body["language"] == "en" and body["timezone"] == "Asia/Shanghai"
    assert body["texts"]["login"] == "Sign in" and body["texts"]["title"] == "Xiaoer Select service desk"
    assert anonymous.call("GET", "/console/api/texts?lang=xx")[1]["texts"]["login"] == "登录"
    assert anonymous.call("GET", "/console/api/texts", headers={"Origin": "http://evil.example"})[0] == 403
