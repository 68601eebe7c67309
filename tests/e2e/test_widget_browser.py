"""The buyer's widget in a real browser (Debian chromium, headless, driven by Playwright),
against the real Rasa server and action server. Screenshots of key states go to
test-artifacts/widget/ for a person to look at."""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS

BOT_MESSAGES = '[data-xiaoer="message"][data-sender="bot"]'


def open_widget(page, servers, query=""):
    """Open the demo page's chat and wait for the shop's greeting (the conversation is drawn)."""
    page.goto(f"{servers['base']}/shop{query}")
    page.click('[data-xiaoer="launcher"]')
    page.wait_for_selector('[data-xiaoer="panel"]', state="visible")
    page.wait_for_selector('[data-xiaoer="message"][data-welcome="true"]', timeout=30_000)
    return page


def send(page, text):
    """Send a message once the conversation is drawn (the greeting is there); return the bot's reply."""
    page.wait_for_selector('[data-xiaoer="message"][data-welcome="true"]', timeout=30_000)
    count = page.locator(BOT_MESSAGES).count()
    page.fill('[data-xiaoer="input"]', text)
    page.press('[data-xiaoer="input"]', "Enter")
    page.wait_for_function(
        f"document.querySelectorAll('{BOT_MESSAGES}').length > {count}", timeout=30_000)
    return page.locator(BOT_MESSAGES).last.inner_text()


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_chat_in_chinese(page, servers):
    open_widget(page, servers)
    assert "亲" in send(page, "在吗")
    assert page.locator('[data-xiaoer="input"]').evaluate("el => el === document.activeElement")
    shot(page, "01-zh-greeting")


def test_chat_in_english(page, servers):
    open_widget(page, servers, "?lang=en")
    assert page.get_attribute('[data-xiaoer="input"]', "placeholder").lower().startswith("type")
    reply = send(page, "hello, is anyone there?")
    assert "Hi" in reply and "亲" not in reply
    shot(page, "02-en-greeting")


def test_the_demo_page_in_english_is_all_english(page, servers):
    open_widget(page, servers, "?lang=en")
    main = page.locator("main").inner_text()
    assert "Fleece-lined Hooded Sweatshirt" in main and "Add to cart" in main and "Size chart" in main
    assert not re.search(r"[\u4e00-\u9fff]", main), main
    reply = send(page, "how does the double 12 discount work?")
    assert not re.search(r"[\u4e00-\u9fff]", reply), reply
    assert "¥" in reply or "no promotions" in reply, reply  # the shipped promotions end on Dec 31 2026
    shot(page, "04-en-demo-page")


def test_quick_reply(page, servers):
    open_widget(page, servers)
    send(page, "你好")
    count = page.locator(BOT_MESSAGES).count()
    page.locator('[data-xiaoer="quick-reply"]', has_text="查物流").last.click()
    page.wait_for_function(f"document.querySelectorAll('{BOT_MESSAGES}').length > {count}")
    page.screenshot(path=str(ARTIFACTS / "03-quick-reply-debug.png"))
    assert "订单号" in page.locator(BOT_MESSAGES).last.inner_text(), page.locator(BOT_MESSAGES).all_inner_texts()
    buyer = page.locator('[data-xiaoer="message"][data-sender="buyer"]').last.inner_text()
    assert "查物流" in buyer
    shot(page, "03-quick-reply")


def test_product_card(page, servers):
    open_widget(page, servers)
    send(page, "这款卫衣是纯棉的吗")
    card = page.locator('[data-xiaoer="card"]').last
    card.wait_for(timeout=15_000)
    assert "卫衣" in card.inner_text() and "元" in card.inner_text()
    assert card.locator("img").count() == 1
    shot(page, "04-product-card")


def test_history_survives_a_reload(page, servers):
    open_widget(page, servers)
    send(page, "包邮吗")
    before = page.locator('[data-xiaoer="message"]').all_inner_texts()
    page.reload()
    if not page.locator('[data-xiaoer="panel"]').is_visible():
        page.click('[data-xiaoer="launcher"]')
    page.wait_for_function(
        "[...document.querySelectorAll('[data-xiaoer=\"message\"]')].some(m => m.innerText.includes('包邮吗'))")
    after = page.locator('[data-xiaoer="message"]').all_inner_texts()
    assert [m for m in before if m.strip()] == [m for m in after if m.strip()][: len([m for m in before if m.strip()])]
    shot(page, "05-after-reload")


def test_injected_html_is_shown_as_text(page, servers):
    open_widget(page, servers)
    nasty = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
    send(page, nasty)
    buyer = page.locator('[data-xiaoer="message"][data-sender="buyer"]').last
    assert nasty in buyer.inner_text()
    assert page.evaluate("window.__xss") is None
    assert page.locator('[data-xiaoer="messages"] img[src="x"]').count() == 0
    shot(page, "06-html-as-text")


def test_verified_buyer_gets_their_own_order(page, servers):
    open_widget(page, servers, "?buyer=demo_buyer")
    reply = send(page, "我的订单到哪了")
    assert re.search(r"100120261100000[1-7,9]", reply), reply
    assert "发一下订单号" not in reply
    shot(page, "07-verified-buyer")


@pytest.fixture(scope="module")
def shop_elsewhere(servers, tmp_path_factory):
    """A shop page on another origin embedding the widget with a forged and an expired identity."""
    import http.server
    import threading
    import time as clock

    from bot.channels.identity import sign

    root = tmp_path_factory.mktemp("shop-elsewhere")
    base = servers["base"]
    expired_at = int(clock.time()) - 60
    identities = {
        "forged.html": ("demo_buyer", int(clock.time()) + 3600, "0" * 64),
        "expired.html": ("demo_buyer", expired_at, sign(servers["XIAOER_IDENTITY_SECRET"], "demo_buyer", expired_at)),
    }
    for name, (buyer, expires, signature) in identities.items():
        (root / name).write_text(
            f'<!doctype html><html><head><meta charset="utf-8"><title>别家店铺</title></head><body>'
            f'<h1>另一个域名上的店铺页面</h1><script src="{base}/widget/widget.js" data-server="{base}" '
            f'data-buyer="{buyer}" data-expires="{expires}" data-signature="{signature}"></script></body></html>',
            encoding="utf-8")
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(root), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("name", ["forged.html", "expired.html"])
def test_forged_or_expired_signature_is_anonymous(page, shop_elsewhere, name):
    page.goto(f"{shop_elsewhere}/{name}")
    page.click('[data-xiaoer="launcher"]')
    reply = send(page, "我的订单到哪了")
    assert "订单号" in reply and "1001202611" not in reply
    shot(page, f"08-{name.split('.')[0]}-signature")


def test_phone_width_and_flood_protection(browser, servers):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    open_widget(page, servers)
    box = page.locator('[data-xiaoer="panel"]').bounding_box()
    assert box["width"] >= 360
    for number in range(9):
        page.fill('[data-xiaoer="input"]', f"在吗{number}")
        page.press('[data-xiaoer="input"]', "Enter")
    page.wait_for_selector('[data-xiaoer="message"][data-sender="notice"]', timeout=15_000)
    shot(page, "09-phone-rate-limited")
    context.close()


def post_agent_event(servers, token, **body):
    import json
    import urllib.request

    request = urllib.request.Request(
        f"{servers['base']}/webhooks/widget/agent", json.dumps(body).encode(),
        {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def test_agent_messages_reach_the_widget_with_an_unread_badge(page, servers):
    import urllib.error

    open_widget(page, servers)
    send(page, "在吗")
    session_id = page.evaluate("localStorage.getItem('xiaoer.session')")
    assert session_id
    with pytest.raises(urllib.error.HTTPError):
        post_agent_event(servers, "wrong-token", session_id=session_id, type="message", agent="小美", text="hi")
    page.click('[data-xiaoer="minimise"]')
    token = servers["XIAOER_AGENT_TOKEN"]
    assert post_agent_event(servers, token, session_id=session_id, type="joined", agent="小美") == 200
    assert post_agent_event(servers, token, session_id=session_id, type="message", agent="小美",
                            text="亲，我是客服小美，<b>马上</b>帮您处理") == 200
    badge = page.locator('[data-xiaoer="badge"]')
    badge.wait_for(state="visible")
    assert badge.inner_text().strip() in ("1", "2")
    shot(page, "10-unread-badge")
    page.click('[data-xiaoer="launcher"]')
    agent = page.locator('[data-xiaoer="message"][data-sender="agent"]').last
    agent.wait_for()
    assert "<b>马上</b>" in agent.inner_text() and "小美" in agent.inner_text()
    assert "小美" in page.locator('[data-xiaoer="message"][data-sender="notice"]').last.inner_text()
    page.reload()
    if not page.locator('[data-xiaoer="panel"]').is_visible():
        page.click('[data-xiaoer="launcher"]')
    page.locator('[data-xiaoer="message"][data-sender="agent"]').last.wait_for()
    shot(page, "11-agent-message-after-reload")


def test_complaint_with_no_agent_online_says_when_someone_will_answer(page, servers):
    open_widget(page, servers)
    page.fill('[data-xiaoer="input"]', "我要投诉，你们发错货了还不理人")
    page.press('[data-xiaoer="input"]', "Enter")
    # in service hours: "nobody online"; out of hours the handover reply says when the shift starts
    notice = page.locator(BOT_MESSAGES, has_text=re.compile("客服暂时都不在线|已下班"))
    notice.first.wait_for(timeout=20_000)
    shot(page, "12-nobody-online")
    assert page.locator(BOT_MESSAGES, has_text=re.compile("客服暂时都不在线|已下班")).count() == 1  # said once
    # writing again while waiting: noted once per ticket ("已记下"), then the bot stays quiet
    assert "已记下" in send(page, "还在吗？快点处理")
    bot_count = page.locator(BOT_MESSAGES).count()
    page.fill('[data-xiaoer="input"]', "人呢")
    page.press('[data-xiaoer="input"]', "Enter")
    page.locator('[data-xiaoer="message"][data-sender="buyer"]:not([data-status])', has_text="人呢").wait_for()  # acked
    page.wait_for_timeout(1500)
    assert page.locator(BOT_MESSAGES).count() == bot_count
    assert page.locator(BOT_MESSAGES, has_text="已记下").count() == 1
    shot(page, "13-noted-while-waiting")
