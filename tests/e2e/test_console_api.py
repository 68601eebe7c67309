"""The agent console's API against the real servers: login, queue, claims, rights, live hand-back."""
from __future__ import annotations

import http.cookiejar
import json
import urllib.error
import urllib.request

import pytest

from tests.e2e.conftest import PASSWORD


class Console:
    """An agent's browser session against the console API: a cookie jar, the page's Origin on every
    call and the session's CSRF token (from the login answer) on every state-changing one."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = None

    def call(self, method: str, path: str, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        sent = {"Content-Type": "application/json", "Origin": self.base}
        if method != "GET" and self.csrf:
            sent["X-CSRF-Token"] = self.csrf
        sent.update(headers or {})
        request = urllib.request.Request(f"{self.base}{path}", data, {k: v for k, v in sent.items() if v is not None},
                                         method=method)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def login(self, username: str, password: str = PASSWORD):
        status, body = self.call("POST", "/console/api/login", {"username": username, "password": password})
        if status == 200:
            self.csrf = body["csrf_token"]
        return status, body

    def cookie(self):
        """The session cookie's value (what an attacker who copied it would hold)."""
        return next((c.value for c in self.jar if c.name == "xiaoer_console"), None)

    def ticket_of(self, conversation_id: str, state: str = "waiting"):
        _, body = self.call("GET", f"/console/api/tickets?state={state}")
        return next((t for t in body["tickets"] if t["conversation_id"] == conversation_id), None)


def conversation_of(chat) -> str:
    """The conversation id of a REST chat (the REST channel may prefix the sender)."""
    return getattr(chat, "conversation_id", chat.sender)


@pytest.fixture
def mei(servers):
    console = Console(servers["base"])
    assert console.login("xiaomei")[0] == 200
    return console


def test_everything_needs_a_login(servers):
    anonymous = Console(servers["base"])
    anonymous.csrf = "not-a-session"
    for method, path in [("GET", "/console/api/me"), ("GET", "/console/api/tickets"),
                         ("GET", "/console/api/tickets/1/transcript"), ("POST", "/console/api/tickets/1/claim"),
                         ("GET", "/console/api/canned"), ("POST", "/console/api/orders/1001202611000001/notes")]:
        assert anonymous.call(method, path, {} if method == "POST" else None)[0] == 401, path
    assert anonymous.login("xiaomei", "wrong-password")[0] == 401


def test_complaint_claim_reply_and_back_to_the_bot(chat, servers, mei):
    chat.say("你们就是骗子 我要投诉")
    ticket = mei.ticket_of(conversation_of(chat))
    assert ticket and ticket["priority"] == 1 and ticket["reason"] == "complaint"

    li = Console(servers["base"])
    li.login("xiaoli")
    assert li.call("GET", f"/console/api/tickets/{ticket['id']}/transcript")[0] == 403
    assert mei.call("POST", f"/console/api/tickets/{ticket['id']}/claim")[0] == 200
    assert li.call("POST", f"/console/api/tickets/{ticket['id']}/claim")[0] == 409
    assert li.call("GET", f"/console/api/tickets/{ticket['id']}/transcript")[0] == 403
    boss = Console(servers["base"])
    boss.login("boss")
    assert boss.call("GET", f"/console/api/tickets/{ticket['id']}/transcript")[0] == 200

    status, transcript = mei.call("GET", f"/console/api/tickets/{ticket['id']}/transcript")
    assert status == 200 and "骗子" in transcript["messages"][0]["text"]
    assert mei.call("POST", f"/console/api/tickets/{ticket['id']}/reply", {"text": "亲，我是小美，马上帮您处理"})[0] == 200
    events = chat.tracker()["events"]
    assert any(e["event"] == "bot" and e.get("metadata", {}).get("agent") == "小美" for e in events)

    assert chat.say("好的 谢谢") == []
    status, body = mei.call("POST", f"/console/api/tickets/{ticket['id']}/return")
    assert status == 200 and body["ticket"]["state"] == "closed"
    assert mei.call("POST", f"/console/api/tickets/{ticket['id']}/close")[0] == 409
    assert chat.tracker()["paused"] is False
    assert "运费" in "\n".join(chat.say("包邮吗"))


def test_notes_and_canned_replies(chat, servers, mei):
    chat.say("转人工")
    ticket = mei.ticket_of(conversation_of(chat))
    assert mei.call("POST", "/console/api/orders/1001202611000002/notes", {"text": "看看"})[0] == 403
    mei.call("POST", f"/console/api/tickets/{ticket['id']}/claim")
    status, body = mei.call("POST", "/console/api/canned", {"text": "亲，稍等哦，马上为您查询～"})
    assert status == 200 and any(c["text"].startswith("亲，稍等") for c in body["canned"])
    status, me = mei.call("GET", "/console/api/me")
    assert status == 200 and me["csrf_token"] == mei.csrf
    mei.call("POST", f"/console/api/tickets/{ticket['id']}/close")


def test_the_agent_sees_the_phone_digit_tries_of_the_chat(servers, chat, mei):
    order = "1001202611000009"
    chat.say(f"查订单 {order}")
    assert "没查到" in "".join(chat.say("4321"))
    chat.say("转人工")
    ticket = mei.ticket_of(conversation_of(chat))
    assert mei.call("POST", f"/console/api/tickets/{ticket['id']}/claim")[0] == 200
    status, body = mei.call("GET", f"/console/api/tickets/{ticket['id']}/orders")
    assert status == 200
    tries = body["verification"]
    assert tries and tries[0]["order_id"] == order and tries[0]["succeeded"] is False
    assert tries[0]["order_failures_today"] >= 1
