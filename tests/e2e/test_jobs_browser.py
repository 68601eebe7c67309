"""Scheduled jobs against the real servers (the e2e servers tick every few seconds and keep no
quiet hours, see conftest): an unpaid order placed in the database gets exactly one 催付 in the
buyer's open widget, kept after a reload and shown to the agent in the console; a paid and a
cancelled order get none."""
from __future__ import annotations

import http.server
import threading
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.e2e.conftest import ARTIFACTS, PASSWORD
from tests.e2e.test_widget_browser import BOT_MESSAGES, send



def _new_buyer(servers) -> str:
    from bot.clock import shop_now
    from bot.shop.db import session_scope
    from bot.shop.models import Buyer

    nick = f"jobs_{uuid.uuid4().hex[:8]}"
    with session_scope(servers["shop_url"]) as s:
        s.add(Buyer(nick=nick, name="赵小云", phone="13700001111", created_at=shop_now()))
    return nick


def _place(servers, nick: str, state: str) -> str:
    """An order of `nick` placed 30 minutes ago (its 催付 is due now), in `state`."""
    from bot.clock import shop_now
    from bot.shop.db import session_scope
    from bot.shop.models import Buyer, Order, OrderItem, Sku

    placed = shop_now() - timedelta(minutes=30)
    order_id = f"8{uuid.uuid4().int % 10**15:015d}"
    with session_scope(servers["shop_url"]) as s:
        buyer = s.scalars(select(Buyer).where(Buyer.nick == nick)).one()
        sku = s.scalars(select(Sku).where(Sku.stock > 0)).first()
        order = Order(id=order_id, buyer_id=buyer.id, state=state, created_at=placed,
                      paid_at=placed if state == "paid" else None, cancelled_at=placed if state == "cancelled" else None,
                      recipient_name=buyer.name, recipient_phone=buyer.phone, province="浙江", city="杭州",
                      address_line="西湖区文三路 1 号", goods_total_fen=sku.product.price_fen, shipping_fee_fen=0,
                      courier_code="yto")
        order.items.append(OrderItem(sku_id=sku.id, quantity=1, unit_price_fen=sku.product.price_fen))
        s.add(order)
    return order_id


@pytest.fixture
def shop_page(servers):
    """Opens the widget for a buyer the shop's backend signed, on a page of the shop's own site
    (another origin, as in production): serve(nick) -> the page's URL."""
    from bot.channels.identity import sign

    pages = {}

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the handler's name is http.server's
            body = pages.get(self.path.lstrip("/"), "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = servers["base"]

    def serve(nick):
        expires = int(time.time()) + 3600
        signature = sign(servers["XIAOER_IDENTITY_SECRET"], nick, expires)
        pages[nick] = (f'<!doctype html><html><head><meta charset="utf-8"><title>店铺</title></head><body>'
                       f'<script src="{base}/widget/widget.js" data-server="{base}" data-buyer="{nick}" '
                       f'data-expires="{expires}" data-signature="{signature}"></script></body></html>')
        return f"http://127.0.0.1:{server.server_address[1]}/{nick}"

    yield serve
    server.shutdown()


def _open(page, url):
    """Open (or reload) the page and its chat, waiting for the greeting."""
    page.goto(url)
    page.wait_for_selector('[data-xiaoer="launcher"]')
    if not page.locator('[data-xiaoer="panel"]').is_visible():
        page.click('[data-xiaoer="launcher"]')
    page.wait_for_selector('[data-xiaoer="message"][data-welcome="true"]', timeout=30_000)


def _job(servers, key):
    from bot.shop.db import session_scope
    from bot.shop.models import ScheduledJob

    with session_scope(servers["shop_url"]) as s:
        return s.scalars(select(ScheduledJob).where(ScheduledJob.key == key)).first()


def _mentioning(page, order_id):
    return [t for t in page.locator(BOT_MESSAGES).all_inner_texts() if order_id in t]


def test_an_unpaid_order_gets_one_reminder_in_the_open_widget_paid_and_cancelled_none(page, browser, servers, shop_page):
    nick = _new_buyer(servers)
    _open(page, shop_page(nick))
    unpaid, paid, cancelled = (_place(servers, nick, state) for state in ("unpaid", "paid", "cancelled"))
    page.locator(BOT_MESSAGES, has_text=unpaid).first.wait_for(timeout=30_000)
    reminder = _mentioning(page, unpaid)[0]
    assert "还没有付款" in reminder and "方便的时候付款" in reminder and "小二优选" in reminder, reminder
    page.screenshot(path=str(ARTIFACTS / "60-unpaid-reminder.png"))
    interval = int(servers.get("XIAOER_JOBS_INTERVAL_SECONDS", "2"))
    page.wait_for_timeout(interval * 4 * 1000)  # a few more rounds of the scheduler: nothing more
    assert len(_mentioning(page, unpaid)) == 1
    assert not _mentioning(page, paid) and not _mentioning(page, cancelled)
    done = _job(servers, f"unpaid_reminder:{unpaid}")
    assert done.state == "done" and done.text == reminder and "shown live" in done.outcome
    assert _job(servers, f"unpaid_reminder:{paid}") is None and _job(servers, f"unpaid_reminder:{cancelled}") is None

    _open(page, page.url)
    page.locator(BOT_MESSAGES, has_text=unpaid).first.wait_for(timeout=30_000)
    assert len(_mentioning(page, unpaid)) == 1  # kept in the transcript, once

    send(page, "转人工")  # the agent serving this buyer sees the reminder in the console
    agent_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    agent = agent_context.new_page()
    try:
        agent.goto(f"{servers['base']}/console")
        agent.fill('[data-console="username"]', "xiaoli")
        agent.fill('[data-console="password"]', PASSWORD)
        agent.click('[data-console="login"]')
        ticket = agent.locator('[data-console="ticket"]', has_text=nick).first
        ticket.wait_for(timeout=20_000)
        ticket.locator('[data-console="claim"]').click()
        proactive = agent.locator('[data-console="proactive"]')
        proactive.wait_for(timeout=15_000)
        listed = proactive.inner_text()
        assert f"催付（订单 {unpaid}）" in listed and "已发送" in listed and reminder in listed, listed
        agent.screenshot(path=str(ARTIFACTS / "61-console-proactive.png"))
        agent.click('[data-console="return"]')
    finally:
        agent_context.close()

def test_a_buyer_with_no_chat_yet_gets_the_reminder_when_they_open_the_widget(page, servers, shop_page):
    nick = _new_buyer(servers)
    unpaid = _place(servers, nick, "unpaid")
    for _ in range(30):  # held: there is no chat to put it in yet
        held = _job(servers, f"unpaid_reminder:{unpaid}")
        if held is not None and held.state == "held":
            break
        time.sleep(1)
    assert held is not None and held.state == "held", held and held.state
    _open(page, shop_page(nick))
    page.locator(BOT_MESSAGES, has_text=unpaid).first.wait_for(timeout=30_000)
    page.wait_for_timeout(int(servers["XIAOER_JOBS_INTERVAL_SECONDS"]) * 3 * 1000)
    assert len(_mentioning(page, unpaid)) == 1
    assert _job(servers, f"unpaid_reminder:{unpaid}").state == "done"
