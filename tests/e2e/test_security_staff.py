"""Attacks on the staff side, replayed against the real servers; each must fail (issue 9, item 6).

Login floods come from other loopback addresses (127.0.0.x) so that the lock and the client
block they cause never touch the other tests, which log in from 127.0.0.1.
"""
from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime

import pytest
from sqlalchemy import select

from tests.e2e.conftest import PASSWORD, ROOT
from tests.e2e.test_console_api import Console, conversation_of

NEW_PASSWORD = "e2e-new-password-456"


# -- helpers ---------------------------------------------------------------------------------------
def raw(base: str, method: str, path: str, body=None, headers=None, source: str = "127.0.0.1"):
    """One HTTP call from a chosen loopback address: (status, headers, JSON body)."""
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60, source_address=(source, 0))
    sent = {"Content-Type": "application/json", "Origin": base, **(headers or {})}
    try:
        connection.request(method, path, json.dumps(body) if body is not None else None, sent)
        response = connection.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), json.loads(data or b"{}")
    finally:
        connection.close()


def login_from(base: str, source: str, username: str, password: str):
    return raw(base, "POST", "/console/api/login", {"username": username, "password": password}, source=source)


OPEN_SOCKETS: list = []


@pytest.fixture(autouse=True)
def close_sockets():
    """Every hand-made socket is closed after its test."""
    yield
    while OPEN_SOCKETS:
        OPEN_SOCKETS.pop().close()


class Socket:
    """A socket.io client over engine.io long-polling, written out by hand (python-socketio's
    client cannot use this aiohttp's websocket, and its polling disconnect takes ~30 s)."""

    def __init__(self, base: str, cookie: str | None = None, origin: str | None = None) -> None:
        self.base, self.headers = base, {}
        if cookie:
            self.headers["Cookie"] = f"xiaoer_console={cookie}"
        if origin:
            self.headers["Origin"] = origin
        self.sid, self.queue = None, []
        OPEN_SOCKETS.append(self)
        try:
            handshake = self._request("GET")
        except urllib.error.HTTPError:  # refused before socket.io even starts (engine.io CORS)
            self.refused = True
            return
        assert handshake.startswith("0"), handshake
        self.sid, self.refused = json.loads(handshake[1:])["sid"], False

    def _request(self, method: str, data: str | None = None, timeout: float = 40) -> str:
        query = "EIO=4&transport=polling" + (f"&sid={self.sid}" if self.sid else "")
        request = urllib.request.Request(f"{self.base}/socket.io/?{query}", data.encode() if data else None,
                                         {**self.headers, "Content-Type": "text/plain;charset=UTF-8"}, method=method)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read().decode()

    def send(self, *packets: str) -> None:
        assert self._request("POST", "\x1e".join(packets)).lower() == "ok"

    def close(self) -> None:
        """Leave at once (engine.io close), so no later test sees an agent online."""
        if self.sid and not self.refused:
            try:
                self._request("POST", "1", timeout=5)
            except OSError:
                pass

    def packet(self) -> str:
        """The next packet from the server (answering pings on the way)."""
        while not self.queue:
            for packet in self._request("GET").split("\x1e"):
                if packet == "2":
                    self.send("3")
                elif packet:
                    self.queue.append(packet)
        return self.queue.pop(0)

    def connect(self, namespace: str = "/console") -> bool:
        """Join a namespace: True when the server lets us in, False when it refuses."""
        if self.refused:
            return False
        prefix = "" if namespace == "/" else f"{namespace},"
        self.send(f"40{prefix}")
        while True:
            packet = self.packet()
            if packet.startswith(f"40{prefix}"):
                return True
            if packet.startswith(f"44{prefix}"):
                return False

    def emit(self, event: str, data, namespace: str = "/console") -> None:
        prefix = "" if namespace == "/" else f"{namespace},"
        self.send(f"42{prefix}{json.dumps([event, data], ensure_ascii=False)}")

    def events_until(self, done, namespace: str = "/console", timeout: float = 60):
        """Every event (name, data) up to and including the first one for which done(name, data);
        ("disconnected", None) when the server drops us from the namespace."""
        prefix = "" if namespace == "/" else f"{namespace},"
        seen, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            packet = self.packet()
            if packet.startswith(f"41{prefix}") or packet == "1":
                seen.append(("disconnected", None))
                return seen
            if packet.startswith(f"42{prefix}"):
                name, *args = json.loads(packet[len(f"42{prefix}"):])
                seen.append((name, args[0] if args else None))
                if done(name, seen[-1][1]):
                    return seen
        raise AssertionError(f"timed out; events so far: {seen}")


class Buyer:
    """A buyer in the widget, over the same hand-written socket.io polling."""

    def __init__(self, base: str) -> None:
        self.socket = Socket(base, origin=base)
        assert self.socket.connect("/")
        self.socket.emit("session_request", {}, namespace="/")
        confirm = self.socket.events_until(lambda name, _: name == "session_confirm", namespace="/")
        self.session_id = confirm[-1][1]["session_id"]

    def say(self, text: str) -> None:
        """Send a message and wait until the server has finished the turn."""
        self.socket.emit("user_uttered", {"message": text}, namespace="/")
        seen = self.socket.events_until(lambda name, data: name == "rate_limited" or (name == "typing" and not data.get("on")),
                                        namespace="/")
        assert seen[-1][0] == "typing", seen
        time.sleep(0.3)  # the channel tells the consoles right after the turn


def run_cli(servers, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "XIAOER_DATABASE_URL": servers["shop_url"], "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def wait_for_ticket(console: Console, conversation_id: str, state: str = "waiting"):
    for _ in range(40):
        ticket = console.ticket_of(conversation_id, state)
        if ticket:
            return ticket
        time.sleep(0.25)
    raise AssertionError(f"no {state} ticket for {conversation_id}")


def texts(console: Console, ticket_id: int):
    status, body = console.call("GET", f"/console/api/tickets/{ticket_id}/transcript")
    assert status == 200, body
    return [m["text"] for m in body["messages"]]


@pytest.fixture(scope="module")
def staff(servers):
    """Accounts of this module only (their locks and password changes touch no other test)."""
    from bot.service.agents import add_agent
    from bot.shop.db import session_scope

    names = ["sec-victim", "sec-other", "sec-parallel", "sec-passwd", "sec-gone"] + [f"sec-known-{i}" for i in range(11)]
    with session_scope(servers["shop_url"]) as session:
        for name in names:
            add_agent(session, name, name, "agent", PASSWORD, datetime.now())
    return servers


def agent(servers, username: str) -> Console:
    console = Console(servers["base"])
    status, body = console.login(username)
    assert status == 200, body
    return console


def foreign(servers) -> str:
    """Another port of the same host: same site for the browser, another origin."""
    port = urllib.parse.urlsplit(servers["base"]).port
    return f"http://127.0.0.1:{port + 1 if port < 65535 else port - 1}"


# -- login flood -------------------------------------------------------------------------------------
def test_a_login_flood_locks_the_account_and_even_the_right_password_is_refused(staff):
    base = staff["base"]
    for _ in range(5):
        status, _, body = login_from(base, "127.0.0.21", "sec-victim", "guess-password")
        assert status == 401 and body["error"] == "wrong username or password"
    status, headers, body = login_from(base, "127.0.0.21", "sec-victim", PASSWORD)
    assert status == 429 and "agent" not in body
    assert 1 <= int(headers["Retry-After"]) <= 60 and body["retry_after"] == int(headers["Retry-After"])
    assert login_from(base, "127.0.0.21", "sec-victim", "guess-password")[0] == 429
    assert login_from(base, "127.0.0.22", "sec-victim", PASSWORD)[0] == 429  # the lock is the account's

    from bot.shop.db import session_scope
    from bot.shop.models import LoginAttempt

    with session_scope(staff["shop_url"]) as session:
        rows = session.scalars(select(LoginAttempt).where(LoginAttempt.username == "sec-victim")
                               .order_by(LoginAttempt.id)).all()
        assert [r.outcome for r in rows] == ["failed"] * 5 + ["refused"] * 3
        assert {r.client_address for r in rows} == {"127.0.0.21", "127.0.0.22"}


def test_a_client_failing_across_many_names_is_refused_and_a_forged_forwarded_for_does_not_help(staff):
    base = staff["base"]
    for number in range(20):
        assert login_from(base, "127.0.0.23", f"nobody-{number}", "guess-password")[0] == 401
    status, headers, _ = login_from(base, "127.0.0.23", "sec-other", PASSWORD)
    assert status == 429 and int(headers["Retry-After"]) > 60
    # A forged first hop changes nothing: without a trusted proxy the header is ignored, behind one
    # the address that proxy appended (the last hop) counts.
    forged = raw(base, "POST", "/console/api/login", {"username": "sec-other", "password": PASSWORD},
                 {"X-Forwarded-For": "198.51.100.7, 127.0.0.23"}, source="127.0.0.23")
    assert forged[0] == 429
    assert login_from(base, "127.0.0.24", "sec-other", PASSWORD)[0] == 200


def test_a_parallel_flood_is_refused_and_cannot_outrun_the_lock(staff):
    base, results = staff["base"], []

    def guess():
        results.append(login_from(base, "127.0.0.25", "sec-parallel", "guess-password")[0])

    threads = [threading.Thread(target=guess) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(results) <= {401, 429} and results.count(429) >= 30 - 5 - 16  # the rest never reached scrypt
    assert login_from(base, "127.0.0.26", "sec-parallel", PASSWORD)[0] == 429


def test_unknown_and_known_names_take_the_same_time(staff):
    base = staff["base"]
    login_from(base, "127.0.0.31", "sec-known-10", "warm-up-guess")
    login_from(base, "127.0.0.32", "ghost-warm-up", "warm-up-guess")
    known, unknown = [], []
    for number in range(10):
        for bucket, source, name in ((known, "127.0.0.31", f"sec-known-{number}"),
                                     (unknown, "127.0.0.32", f"ghost-{number}-{time.time_ns()}")):
            start = time.perf_counter()
            status, _, body = login_from(base, source, name, "guess-password")
            bucket.append(time.perf_counter() - start)
            assert (status, body["error"]) == (401, "wrong username or password")
    ratio = statistics.median(known) / statistics.median(unknown)
    assert 0.5 < ratio < 2, (known, unknown)


# -- sessions ----------------------------------------------------------------------------------------
def test_logout_revokes_the_session_everywhere(staff):
    base = staff["base"]
    mei = agent(staff, "xiaomei")
    stolen, csrf = mei.cookie(), mei.csrf
    thief = Console(base)
    thief.csrf = csrf
    steal = {"Cookie": f"xiaoer_console={stolen}"}
    assert thief.call("GET", "/console/api/me", headers=steal)[0] == 200
    socket = Socket(base, cookie=stolen, origin=base)
    assert socket.connect()

    assert mei.call("POST", "/console/api/logout", headers={"X-CSRF-Token": None})[0] == 403
    assert mei.call("GET", "/console/api/me")[0] == 200
    assert mei.call("POST", "/console/api/logout")[0] == 200

    assert socket.events_until(lambda name, _: False, timeout=20)[-1] == ("disconnected", None)
    assert thief.call("GET", "/console/api/me", headers=steal)[0] == 401
    assert thief.call("POST", "/console/api/canned", {"text": "stolen"}, headers=steal)[0] == 401
    assert thief.call("GET", "/console/api/tickets", headers=steal)[0] == 401
    assert not Socket(base, cookie=stolen, origin=base).connect()


def test_a_password_change_revokes_every_session_and_deactivation_locks_out(staff):
    first, second = agent(staff, "sec-passwd"), agent(staff, "sec-passwd")
    result = run_cli(staff, "agent-passwd", "sec-passwd", "--password-stdin", stdin=NEW_PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert first.call("GET", "/console/api/me")[0] == 401 and second.call("GET", "/console/api/me")[0] == 401
    assert Console(staff["base"]).login("sec-passwd")[0] == 401
    assert Console(staff["base"]).login("sec-passwd", NEW_PASSWORD)[0] == 200

    gone = agent(staff, "sec-gone")
    assert run_cli(staff, "agent-deactivate", "sec-gone").returncode == 0
    assert gone.call("GET", "/console/api/me")[0] == 401
    status, body = Console(staff["base"]).login("sec-gone")
    assert (status, body["error"]) == (401, "wrong username or password")


# -- CSRF and origins ----------------------------------------------------------------------------------
def test_state_changing_calls_need_the_own_origin_and_the_sessions_csrf_token(staff, chat):
    base, other = staff["base"], foreign(staff)
    mei, li = agent(staff, "xiaomei"), agent(staff, "xiaoli")
    refused = {
        "foreign origin": {"Origin": other},
        "foreign referer": {"Origin": None, "Referer": other + "/console"},
        "no origin at all": {"Origin": None},
        "no token": {"X-CSRF-Token": None},
        "wrong token": {"X-CSRF-Token": "0" * 64},
        "another session's token": {"X-CSRF-Token": li.csrf},
    }
    for why, headers in refused.items():
        status, body = mei.call("POST", "/console/api/canned", {"text": f"csrf-{why}"}, headers=headers)
        assert status == 403, (why, body)
    own_referer = mei.call("POST", "/console/api/canned", {"text": "csrf-own-referer"},
                           headers={"Origin": None, "Referer": base + "/console"})
    assert own_referer[0] == 200
    canned = [c["text"] for c in mei.call("GET", "/console/api/canned")[1]["canned"]]
    assert "csrf-own-referer" in canned and not any(text.startswith("csrf-") and text != "csrf-own-referer"
                                                     for text in canned)

    chat.say("转人工")
    ticket = wait_for_ticket(mei, conversation_of(chat))
    assert mei.call("POST", f"/console/api/tickets/{ticket['id']}/claim", headers={"Origin": other})[0] == 403
    assert mei.call("POST", f"/console/api/tickets/{ticket['id']}/claim", headers={"X-CSRF-Token": None})[0] == 403
    assert mei.ticket_of(conversation_of(chat))["state"] == "waiting"
    assert mei.call("POST", f"/console/api/tickets/{ticket['id']}/claim")[0] == 200
    assert mei.call("POST", f"/console/api/tickets/{ticket['id']}/close", headers={"Origin": other})[0] == 403
    assert mei.call("POST", f"/console/api/tickets/{ticket['id']}/close")[0] == 200

    assert Console(base).call("POST", "/console/api/login", {"username": "xiaomei", "password": PASSWORD},
                              headers={"Origin": other})[0] == 403
    assert mei.call("GET", "/console/api/me", headers={"Origin": other})[0] == 403


def test_the_console_socket_refuses_a_foreign_origin(staff):
    base = staff["base"]
    cookie = agent(staff, "xiaoli").cookie()
    assert not Socket(base, cookie=cookie, origin=foreign(staff)).connect()
    assert not Socket(base, cookie=cookie, origin="null").connect()
    assert not Socket(base, origin=base).connect()  # no session
    assert Socket(base, cookie=cookie, origin=base).connect()
    assert Socket(base, cookie=cookie).connect()  # a same-origin polling request carries no Origin


# -- reading rights ------------------------------------------------------------------------------------
def test_an_agent_reads_only_the_part_of_a_conversation_that_was_theirs(staff, chat):
    mei, li, boss = agent(staff, "xiaomei"), agent(staff, "xiaoli"), agent(staff, "boss")
    conversation = conversation_of(chat)
    chat.say("转人工")
    first = wait_for_ticket(mei, conversation)
    assert mei.call("POST", f"/console/api/tickets/{first['id']}/claim")[0] == 200
    assert mei.call("POST", f"/console/api/tickets/{first['id']}/reply", {"text": "小美-A-回复"})[0] == 200
    chat.say("甲段-买家的话")
    assert mei.call("POST", f"/console/api/tickets/{first['id']}/return")[0] == 200
    chat.say("包邮吗")
    chat.say("转人工")
    second = wait_for_ticket(li, conversation)
    assert li.call("POST", f"/console/api/tickets/{second['id']}/claim")[0] == 200
    assert li.call("POST", f"/console/api/tickets/{second['id']}/reply", {"text": "小李-B-回复"})[0] == 200
    chat.say("乙段-买家的秘密")

    mine = texts(mei, first["id"])
    assert "甲段-买家的话" in mine and "小美-A-回复" in mine and "包邮吗" in mine
    assert "乙段-买家的秘密" not in mine and "小李-B-回复" not in mine and mine.count("转人工") == 1
    his = texts(li, second["id"])
    assert "乙段-买家的秘密" in his and "小李-B-回复" in his and "包邮吗" in his
    assert "甲段-买家的话" not in his and "小美-A-回复" not in his
    assert mei.call("GET", f"/console/api/tickets/{second['id']}/transcript")[0] == 403
    assert li.call("GET", f"/console/api/tickets/{first['id']}/transcript")[0] == 403
    everything = texts(boss, second["id"])
    assert "甲段-买家的话" in everything and "乙段-买家的秘密" in everything
    assert mei.call("POST", f"/console/api/tickets/{first['id']}/reply", {"text": "还在吗"})[0] == 400
    li.call("POST", f"/console/api/tickets/{second['id']}/close")


def test_live_buyer_messages_go_only_to_the_agent_serving_the_chat(staff):
    base = staff["base"]
    mei, li = agent(staff, "xiaomei"), agent(staff, "xiaoli")
    mei_socket, li_socket = Socket(base, mei.cookie(), base), Socket(base, li.cookie(), base)
    assert mei_socket.connect() and li_socket.connect()
    buyer = Buyer(base)

    buyer.say("转人工")
    first = wait_for_ticket(mei, buyer.session_id)
    assert mei.call("POST", f"/console/api/tickets/{first['id']}/claim")[0] == 200
    mei_socket.emit("watch", {"ticket_id": first["id"]})
    time.sleep(0.5)
    buyer.say("甲段-实时")
    seen = mei_socket.events_until(lambda name, data: name == "buyer_message")
    assert seen[-1][1]["text"] == "甲段-实时"  # the harness does see live messages

    assert mei.call("POST", f"/console/api/tickets/{first['id']}/return")[0] == 200
    mei_socket.emit("watch", {"ticket_id": first["id"]})  # a closed ticket: refused
    buyer.say("转人工")
    second = wait_for_ticket(li, buyer.session_id)
    buyer.say("乙段-排队时的话")
    assert li.call("POST", f"/console/api/tickets/{second['id']}/claim")[0] == 200
    mei_socket.emit("watch", {"ticket_id": second["id"]})  # not hers: refused
    mei_socket.emit("watch", {"ticket_id": first["id"]})
    li_socket.emit("watch", {"ticket_id": second["id"]})
    time.sleep(0.5)
    buyer.say("乙段-实时秘密")
    seen = li_socket.events_until(lambda name, data: name == "buyer_message" and data["text"] == "乙段-实时秘密")
    assert li.call("POST", f"/console/api/tickets/{second['id']}/close")[0] == 200

    after_return = mei_socket.events_until(
        lambda name, data: name == "ticket_updated" and data["ticket"]["id"] == second["id"]
        and data["ticket"]["state"] == "closed")
    assert [data for name, data in after_return if name == "buyer_message"] == []
