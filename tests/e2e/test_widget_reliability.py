"""The widget never loses a buyer's message in silence (issue 9, item 8; issue 11, item 8): in a real
browser (Debian chromium, headless, driven by Playwright) against the real Rasa and action servers.

Each message is kept in the browser until the server acknowledges it, shown as "not delivered"
while it cannot be, sent again once the connection is back and answered once (the server
deduplicates by message id); one length limit, told to the buyer, never a silent cut; another
buyer on the same browser gets a new conversation and never the previous buyer's unsent messages.
Screenshots of each state go to test-artifacts/widget/ (20-*.png).
"""
from __future__ import annotations

import json
import re
import time

import pytest

from tests.e2e.conftest import ARTIFACTS

MESSAGES = '[data-xiaoer="message"]'
BUYER = '[data-xiaoer="message"][data-sender="buyer"]'
BOT = '[data-xiaoer="message"][data-sender="bot"]'
NOTICE = '[data-xiaoer="message"][data-sender="notice"]'
INPUT = '[data-xiaoer="input"]'
SOCKET_URL = re.compile(r"/socket\.io/")

# Records what the widget's socket sends and receives, and lets a test lose an "ack" on the way
# or change the limit the server announced. Installed before the page's scripts run: it wraps
# the Socket.IO client's io() when the vendored bundle defines it.
HOOKS = """
(() => {
  const hooks = window.__xiaoerTest = {sent: [], events: [], dropAcks: 0, dropped: [], maxChars: null, socket: null};
  let io;
  Object.defineProperty(window, "io", {
    configurable: true,
    get() { return io; },
    set(real) {
      io = function () {
        const socket = real.apply(this, arguments);
        hooks.socket = socket;
        const onevent = socket.onevent;
        socket.onevent = function (packet) {
          const name = packet.data && packet.data[0], data = packet.data && packet.data[1];
          if (name === "ack" && hooks.dropAcks > 0) {
            hooks.dropAcks -= 1;
            hooks.dropped.push(data);
            return;
          }
          const maxChars = hooks.maxChars || window.__xiaoerMaxChars;
          if (name === "session_confirm" && maxChars) {
            data.max_chars = maxChars;
          }
          hooks.events.push([name, JSON.parse(JSON.stringify(data === undefined ? null : data))]);
          return onevent.call(this, packet);
        };
        const emit = socket.emit;
        socket.emit = function (name, data) {
          hooks.sent.push([name, JSON.parse(JSON.stringify(data === undefined ? null : data))]);
          return emit.apply(this, arguments);
        };
        return socket;
      };
      Object.assign(io, real);
    }
  });
})();
"""


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="zh-CN")
    context.add_init_script(HOOKS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


class SocketGate:
    """Blocks the widget's Socket.IO traffic (WebSocket and long-polling) for one page while
    closed; the page itself still loads."""

    def __init__(self, page) -> None:
        self.closed = False
        page.route(SOCKET_URL, self._http)
        page.route_web_socket(SOCKET_URL, self._websocket)

    def _http(self, route) -> None:
        if self.closed:
            route.abort()
        else:
            route.continue_()

    def _websocket(self, ws) -> None:
        if self.closed:
            ws.close()
        else:
            ws.connect_to_server()


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def open_widget(page, servers, query=""):
    page.goto(f"{servers['base']}/shop{query}")
    return show_panel(page)


def show_panel(page):
    if not page.locator('[data-xiaoer="panel"]').is_visible():
        page.click('[data-xiaoer="launcher"]')
    page.wait_for_selector('[data-xiaoer="panel"]', state="visible")
    return page


def wait_history(page, count=1):
    """Until the server has confirmed the session and sent the history `count` times on this page."""
    page.wait_for_function(
        f"window.__xiaoerTest && window.__xiaoerTest.events.filter(e => e[0] === 'history').length >= {count}",
        timeout=30_000)


def wait_connected(page, connected=True):
    page.wait_for_function(
        f"Boolean(window.__xiaoerTest.socket && window.__xiaoerTest.socket.connected) === {str(connected).lower()}",
        timeout=60_000)


def type_and_enter(page, text):
    page.fill(INPUT, text)
    page.press(INPUT, "Enter")


def transcript(page):
    """The chat as shown: [(sender, text of the bubble)], notices left out."""
    return page.evaluate("""() => [...document.querySelectorAll('[data-xiaoer="message"]')]
        .filter(m => m.dataset.sender !== 'notice')
        .map(m => [m.dataset.sender, (m.querySelector('.xiaoer-bubble') || m).innerText.trim()])""")


def answers_to(page, text):
    """How often `text` is shown as the buyer's, and the bot messages after its last showing
    (up to the buyer's next message)."""
    shown = transcript(page)
    positions = [i for i, (sender, body) in enumerate(shown) if sender == "buyer" and body == text]
    if not positions:
        return 0, []
    replies = []
    for sender, body in shown[positions[-1] + 1:]:
        if sender == "buyer":
            break
        replies.append(body)
    return len(positions), replies


def emitted(page, text):
    """The user_uttered events the widget emitted with this message text."""
    return [data for name, data in page.evaluate("window.__xiaoerTest.sent")
            if name == "user_uttered" and data.get("message") == text]


def received(page, name):
    return [data for event, data in page.evaluate("window.__xiaoerTest.events") if event == name]


def pending(page, session_id=None):
    session_id = session_id or page.evaluate("localStorage.getItem('xiaoer.session')")
    raw = page.evaluate(f"localStorage.getItem('xiaoer.pending.{session_id}')")
    return json.loads(raw) if raw else []


def status_of(page, text):
    return page.locator(BUYER, has_text=text).last.locator('[data-xiaoer="status"]')


def wait_delivered(page, text, timeout=60_000):
    """Until the buyer's message `text` is acknowledged (no delivery state left) and a bot message follows it."""
    page.wait_for_function(
        """text => {
          const nodes = [...document.querySelectorAll('[data-xiaoer="message"]')];
          const mine = nodes.filter(m => m.dataset.sender === 'buyer' && m.innerText.includes(text));
          if (!mine.length || mine.some(m => m.dataset.status)) return false;
          const after = nodes.slice(nodes.indexOf(mine[mine.length - 1]) + 1);
          return after.some(m => m.dataset.sender === 'bot');
        }""", arg=text, timeout=timeout)


def test_offline_message_is_marked_and_sent_once_when_back(context, page, servers):
    text = "包邮吗"
    open_widget(page, servers)
    wait_history(page)
    context.set_offline(True)
    wait_connected(page, False)
    type_and_enter(page, text)
    status = status_of(page, text)
    status.wait_for()
    assert "未送达" in status.inner_text(), status.inner_text()
    assert page.locator(BUYER, has_text=text).get_attribute("data-status") == "failed"
    assert [item["text"] for item in pending(page)] == [text]
    assert emitted(page, text) == []
    shot(page, "20-offline-not-delivered")

    context.set_offline(False)
    wait_delivered(page, text)
    wait_connected(page, True)
    sends = emitted(page, text)
    assert len(sends) == 1, sends
    message_id = sends[0]["message_id"]
    assert re.fullmatch(r"[0-9a-f]{32}", message_id)
    page.wait_for_function("id => window.__xiaoerTest.events.some(e => e[0] === 'ack' && e[1].message_id === id)",
                           arg=message_id)
    assert pending(page) == []
    shown, live_replies = answers_to(page, text)
    assert shown == 1 and len(live_replies) == 1, transcript(page)
    shot(page, "21-back-online-answered")

    page.reload()
    show_panel(page)
    wait_history(page)
    page.locator(BUYER, has_text=text).first.wait_for()
    shown, replies = answers_to(page, text)
    assert shown == 1, transcript(page)
    assert replies == live_replies, transcript(page)
    assert page.locator('[data-xiaoer="status"]').count() == 0
    shot(page, "22-offline-message-after-reload")


def test_lost_ack_is_retried_and_deduplicated(page, servers):
    text = "发什么快递"
    open_widget(page, servers)
    wait_history(page)
    page.evaluate("window.__xiaoerTest.dropAcks = 1")
    type_and_enter(page, text)
    page.wait_for_function("window.__xiaoerTest.dropped.length === 1", timeout=60_000)
    shown, live_replies = answers_to(page, text)
    assert shown == 1 and live_replies, transcript(page)
    # answered, so no "sending" mark any more, but still pending: without its ack it is not done
    assert page.locator(BUYER, has_text=text).get_attribute("data-status") == "received"
    assert [item["text"] for item in pending(page)] == [text]
    shot(page, "23-answered-but-ack-lost")

    page.evaluate("""text => {  // the most times the message is on screen at once, from now on
        const count = () => [...document.querySelectorAll('[data-xiaoer="message"][data-sender="buyer"]')]
            .filter(m => m.innerText.includes(text)).length;
        window.__mostShown = count();
        new MutationObserver(() => { window.__mostShown = Math.max(window.__mostShown, count()); })
            .observe(document.querySelector('[data-xiaoer="messages"]'), {childList: true, subtree: true});
    }""", text)
    page.evaluate("window.__xiaoerTest.socket.io.engine.close()")  # the connection drops, the ack is lost
    # The history after the reconnect carries the message's id: the widget knows it arrived.
    page.wait_for_function("window.__xiaoerTest.events.filter(e => e[0] === 'history').length >= 2", timeout=60_000)
    page.wait_for_function("!Object.keys(localStorage).some(k => k.startsWith('xiaoer.pending.') && "
                           "JSON.parse(localStorage.getItem(k) || '[]').length)", timeout=30_000)
    sends = emitted(page, text)
    assert len(sends) in (1, 2), sends
    assert all(send["message_id"] == sends[0]["message_id"] for send in sends)
    # A retry of the same id (another tab, or a widget that missed the history) is not answered again.
    page.evaluate("""([text, id]) => window.__xiaoerTest.socket.emit('user_uttered',
        {message: text, message_id: id, retry: true})""", [text, sends[0]["message_id"]])
    page.wait_for_function("window.__xiaoerTest.events.some(e => e[0] === 'ack' && e[1].duplicate === true)",
                           timeout=60_000)
    page.wait_for_function(
        "text => [...document.querySelectorAll('[data-xiaoer=\"message\"][data-sender=\"buyer\"]')]"
        ".filter(m => m.innerText.includes(text)).length === 1", arg=text)
    shown, replies = answers_to(page, text)
    assert shown == 1 and replies == live_replies, transcript(page)
    assert page.evaluate("window.__mostShown") == 1  # never drawn twice
    assert page.locator('[data-xiaoer="status"]').count() == 0
    assert pending(page) == []

    page.reload()
    show_panel(page)
    wait_history(page)
    page.locator(BUYER, has_text=text).first.wait_for()
    shown, replies = answers_to(page, text)
    assert shown == 1 and replies == live_replies, transcript(page)
    shot(page, "24-lost-ack-after-reload")


def test_message_over_the_limit_is_refused_and_kept_in_the_input(page, servers):
    open_widget(page, servers)
    wait_history(page)
    limit = int(received(page, "session_confirm")[0]["max_chars"])
    assert page.get_attribute(INPUT, "maxlength") == str(limit)
    counter = page.locator('[data-xiaoer="counter"]')

    page.fill(INPUT, "好" * (limit - 150))
    assert counter.is_hidden()
    page.fill(INPUT, "好" * (limit - 20))
    assert counter.inner_text() == f"{limit - 20}/{limit}"
    shot(page, "25-counter-near-the-limit")

    long_text = "这件卫衣会不会起球？" * (limit // 10 + 20)
    page.fill(INPUT, "")
    page.evaluate("""text => {
        const input = document.querySelector('[data-xiaoer="input"]');
        input.focus();
        const data = new DataTransfer();
        data.setData('text/plain', text);
        input.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }""", long_text)
    assert page.input_value(INPUT) == long_text  # pasted whole, not cut at maxlength
    assert counter.inner_text() == f"{len(long_text)}/{limit}"
    assert counter.get_attribute("data-over") == "true"
    page.locator(NOTICE, has_text="太长").last.wait_for()
    buyers = page.locator(BUYER).count()
    page.evaluate(f"document.querySelectorAll('{NOTICE}').forEach(n => n.dataset.seen = '1')")

    page.press(INPUT, "Enter")  # told again (the same notice moves down instead of stacking up)
    page.wait_for_function(f"[...document.querySelectorAll('{MESSAGES}')].pop().matches('{NOTICE}:not([data-seen])')")
    assert page.locator(NOTICE, has_text="太长").count() == 1
    refusal = page.locator(NOTICE).last.inner_text()
    assert "太长" in refusal and str(limit) in refusal and str(len(long_text)) in refusal, refusal
    assert page.input_value(INPUT) == long_text
    assert page.locator(BUYER).count() == buyers
    assert emitted(page, long_text) == []
    assert page.evaluate("t => XiaoerWidget.send(t)", long_text) is False
    shot(page, "26-too-long-refused")


def test_server_refuses_an_over_long_message_and_it_comes_back(context, servers):
    """A widget that believes in a higher limit (an old page against a stricter server): the
    server's `rejected` is shown, the message marked as not sent and put back, never retried."""
    page = context.new_page()
    page.add_init_script("window.__xiaoerMaxChars = 5000")
    open_widget(page, servers)
    wait_history(page)
    limit = int(page.evaluate("window.__xiaoerTest.events.find(e => e[0] === 'session_confirm')[1].max_chars"))
    assert limit == 5000
    text = "快递能不能放到菜鸟驿站" * 120
    type_and_enter(page, text)
    page.wait_for_function("window.__xiaoerTest.events.some(e => e[0] === 'rejected')", timeout=30_000)
    rejection = received(page, "rejected")[0]
    assert rejection["reason"] == "too_long"
    bubble = page.locator(BUYER).last
    assert bubble.get_attribute("data-status") == "rejected"
    assert "未发送" in bubble.locator('[data-xiaoer="status"]').inner_text()
    assert page.locator(NOTICE, has_text=rejection["text"][:10]).count() == 1
    assert page.input_value(INPUT) == text
    assert pending(page) == []
    time.sleep(2)
    assert len(emitted(page, text)) == 1
    shot(page, "27-server-rejected-too-long")


def test_reload_while_pending_keeps_the_message(page, servers):
    text = "可以开发票吗"
    gate = SocketGate(page)
    open_widget(page, servers)
    wait_history(page)
    gate.closed = True
    page.evaluate("window.__xiaoerTest.socket.io.engine.close()")
    wait_connected(page, False)
    type_and_enter(page, text)
    assert "未送达" in status_of(page, text).inner_text()

    page.reload()
    show_panel(page)
    page.locator(BUYER, has_text=text).wait_for()
    page.wait_for_function(
        "text => [...document.querySelectorAll('[data-xiaoer=\"status\"]')].some(s => s.innerText.includes('未送达'))",
        arg=text, timeout=30_000)
    assert [item["text"] for item in pending(page)] == [text]
    shot(page, "28-pending-after-reload")

    gate.closed = False
    wait_delivered(page, text)
    shown, replies = answers_to(page, text)
    assert shown == 1 and replies, transcript(page)
    sends = emitted(page, text)
    assert len(sends) == 1 and sends[0]["retry"] is False, sends
    assert pending(page) == []
    shot(page, "29-pending-delivered")


def test_another_buyer_on_the_same_browser_gets_a_new_conversation(page, servers):
    signed_text, unsent_text = "在吗", "这条是登录买家没有发出去的消息"
    gate = SocketGate(page)
    open_widget(page, servers, "?buyer=demo_buyer")
    wait_history(page)
    assert received(page, "session_confirm")[0]["buyer"] == "demo_buyer"
    type_and_enter(page, signed_text)
    wait_delivered(page, signed_text)
    signed_session = page.evaluate("localStorage.getItem('xiaoer.session')")
    gate.closed = True
    page.evaluate("window.__xiaoerTest.socket.io.engine.close()")
    wait_connected(page, False)
    type_and_enter(page, unsent_text)
    assert [item["text"] for item in pending(page, signed_session)] == [unsent_text]
    shot(page, "30-signed-in-buyer-unsent")

    gate.closed = False
    open_widget(page, servers)  # the same browser, now without a signed-in buyer
    wait_history(page)
    confirm = received(page, "session_confirm")[0]
    assert confirm["buyer"] is None
    anonymous_session = page.evaluate("localStorage.getItem('xiaoer.session')")
    assert anonymous_session == confirm["session_id"] != signed_session
    assert page.evaluate("window.__xiaoerTest.sent.find(e => e[0] === 'session_request')[1].session_id") == signed_session
    assert all(body not in (signed_text, unsent_text) for _, body in transcript(page)), transcript(page)
    assert page.locator(NOTICE, has_text="不再发送").count() == 1
    assert pending(page, signed_session) == [] and pending(page) == []
    assert emitted(page, unsent_text) == []
    shot(page, "31-anonymous-new-conversation")

    type_and_enter(page, "你好")
    wait_delivered(page, "你好")
    page.reload()
    show_panel(page)
    wait_history(page)
    page.locator(BUYER, has_text="你好").wait_for()
    assert page.evaluate("localStorage.getItem('xiaoer.session')") == anonymous_session
    bodies = [body for _, body in transcript(page)]
    assert signed_text not in bodies and unsent_text not in bodies, bodies
    shot(page, "32-anonymous-after-reload")


def test_rate_limited_messages_are_resent_by_themselves_in_order(page, servers):
    texts = [f"在吗{number}" for number in range(8)]
    open_widget(page, servers)
    wait_history(page)
    for text in texts:
        type_and_enter(page, text)
    page.wait_for_function("window.__xiaoerTest.events.some(e => e[0] === 'rate_limited')", timeout=30_000)
    page.locator(NOTICE, has_text="发送太频繁").first.wait_for()
    shot(page, "33-rate-limited-waiting")
    page.wait_for_function(
        f"[...document.querySelectorAll('{BUYER}')].length === {len(texts)} && "
        f"[...document.querySelectorAll('{BUYER}')].every(m => !m.dataset.status)", timeout=120_000)
    assert pending(page) == []
    acked = {data["message_id"] for data in received(page, "ack")}
    sends = [data for name, data in page.evaluate("window.__xiaoerTest.sent") if name == "user_uttered"]
    assert {data["message_id"] for data in sends} == acked and len(acked) == len(texts)

    page.reload()
    show_panel(page)
    wait_history(page)
    page.locator(BUYER, has_text=texts[-1]).wait_for()
    assert [body for sender, body in transcript(page) if sender == "buyer"] == texts
    shot(page, "34-rate-limited-all-answered-in-order")


def test_a_message_in_flight_when_rasa_dies_is_answered_once_after_the_restart(page, servers):
    import os
    import time

    from tests.e2e.test_security_buyers import _server_pid

    text = "发什么快递呀"
    open_widget(page, servers)
    wait_history(page)
    old = _server_pid(servers, "rasa")
    type_and_enter(page, text)
    os.kill(old, 9)
    deadline = time.time() + 240
    while time.time() < deadline and _server_pid_or_none(servers, old) in (None, old):
        time.sleep(1)
    _wait_until_serving(servers, deadline)
    wait_delivered(page, text, timeout=240_000)
    page.wait_for_function("text => [...document.querySelectorAll('[data-xiaoer=\"message\"][data-sender=\"bot\"]')]"
                           ".length > 0", arg=text, timeout=60_000)
    shot(page, "35-answered-after-rasa-restart")
    page.reload()
    show_panel(page)
    wait_history(page)
    page.locator(BUYER, has_text=text).first.wait_for()
    shown, replies = answers_to(page, text)
    assert shown == 1 and len(replies) >= 1, transcript(page)
    assert pending(page) == []


def _wait_until_serving(servers, deadline):
    """The restarted Rasa server answers the shop page (its new process needs seconds to load)."""
    import urllib.error
    import urllib.request

    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{servers['base']}/shop", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    pytest.fail("the restarted Rasa server never answered /shop")


def _server_pid_or_none(servers, old):
    from tests.e2e.test_security_buyers import _server_pid

    try:
        return _server_pid(servers, "rasa")
    except (AssertionError, OSError):
        return None


def test_a_stolen_session_id_does_not_carry_the_owners_order_verification(browser, context, servers):
    """The owner proves an order with the phone digits; someone who copies the session id into
    another browser sees the chat but must prove the order again."""
    owner = context.new_page()
    open_widget(owner, servers)
    wait_history(owner)
    for text in ("查订单 1001202611000003", "5678"):
        type_and_enter(owner, text)
        wait_delivered(owner, text)
    assert "1001202611000003" in transcript(owner)[-1][1]
    session_id = owner.evaluate("localStorage.getItem('xiaoer.session')")

    thief_context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="zh-CN")
    thief_context.add_init_script(HOOKS)
    thief_context.add_init_script(f"localStorage.setItem('xiaoer.session', '{session_id}')")
    try:
        thief = thief_context.new_page()
        open_widget(thief, servers)
        wait_history(thief)
        assert received(thief, "session_confirm")[0]["session_id"] == session_id  # an anonymous chat can be resumed within 30 minutes
        type_and_enter(thief, "订单1001202611000003到哪了")
        wait_delivered(thief, "订单1001202611000003到哪了")
        answer = transcript(thief)[-1][1]
        assert "后四位" in answer and "西湖区" not in answer, answer
        shot(thief, "36-stolen-session-must-verify-again")
    finally:
        thief_context.close()
