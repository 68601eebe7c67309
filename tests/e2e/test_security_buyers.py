"""Issue 9's attacks on the buyer side, replayed against the real servers: each must fail."""
from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import func, select

from tools.servers import launcher_children, wait_until_up
from bot.shop.db import session_scope
from bot.shop.models import HandoffTicket, Order, VerificationAttempt
from tests.e2e.conftest import API_TOKEN, Chat

PAID = "1001202611000002"


def joined(replies):
    return "\n".join(replies)


def _other_buyers_order(shop_url: str, nth: int = 0) -> Order:
    """A paid order of some non-demo buyer that no other test touches (each test its own `nth`)."""
    with session_scope(shop_url) as s:
        return s.scalars(select(Order).where(Order.state == "paid", ~Order.id.like("10012026110000%"))
                         .order_by(Order.id.desc()).offset(nth)).first()


def test_a_rest_caller_cannot_claim_the_widget_channel_or_a_buyer(chat, servers):
    target = _other_buyers_order(servers["shop_url"], nth=1)
    status, reply = chat.post({"sender": chat.sender, "message": "帮我取消订单", "input_channel": "widget",
                               "metadata": {"buyer": "demo_buyer", "xiaoer": {"buyer": "demo_buyer", "sig": "0" * 64}}})
    assert status == 200 and "订单号" in joined(m["text"] for m in reply)
    answer = joined(chat.say(target.id))
    assert "后四位" in answer and "已取消" not in answer
    with session_scope(servers["shop_url"]) as s:
        assert s.get(Order, target.id).state == "paid"


def test_a_forged_or_expired_identity_over_rest_is_anonymous(chat, servers):
    from bot.channels.identity import sign

    expired = int(time.time()) - 10
    for identity in ({"buyer": "demo_buyer", "expires": 2**40, "signature": "ab" * 32},
                     {"buyer": "demo_buyer", "expires": expired,
                      "signature": sign(servers["XIAOER_IDENTITY_SECRET"], "demo_buyer", expired)}):
        status, reply = chat.post({"sender": chat.sender, "message": "帮我查下订单", "identity": identity})
        assert status == 200 and "订单号" in joined(m["text"] for m in reply)


def test_a_shop_signed_identity_over_rest_is_the_buyer(chat, servers):
    from bot.channels.identity import sign

    expires = int(time.time()) + 600
    identity = {"buyer": "demo_buyer", "expires": expires,
                "signature": sign(servers["XIAOER_IDENTITY_SECRET"], "demo_buyer", expires)}
    status, reply = chat.post({"sender": chat.sender, "message": "帮我查下订单", "identity": identity})
    assert status == 200 and "100120261100000" in joined(m["text"] for m in reply)


def test_rest_sender_ids_live_apart_from_widget_sessions(chat):
    chat.say("在吗")
    assert chat.tracker()["sender_id"] == f"rest:{chat.sender}"


def test_guessing_phone_digits_across_senders_and_restarts_is_slowed_then_locked(servers):
    order = _other_buyers_order(servers["shop_url"])
    guesses = iter(f"{n:04d}" for n in range(1000, 1100))
    answers = []
    for attempt in range(4):
        chat = Chat(servers["base"], f"guess-{attempt}-{time.time_ns()}", address="203.0.113.7")
        chat.say(f"查订单 {order.id}")
        if attempt == 1:
            chat.say("/restart")
            chat.say(f"查订单 {order.id}")
        answers.append(joined(chat.say(next(guesses))))
    assert "没查到" in answers[0] and "没查到" in answers[1]
    assert all("秒后" in answer for answer in answers[2:]), answers
    with session_scope(servers["shop_url"]) as s:
        failures = s.scalar(select(func.count()).select_from(VerificationAttempt)
                            .where(VerificationAttempt.order_id == order.id, VerificationAttempt.succeeded.is_(False)))
        assert failures == 2
        assert s.get(Order, order.id).state == "paid"


def test_oversized_and_invalid_input_gets_clear_answers_not_crashes(chat):
    status, reply = chat.post({"sender": chat.sender, "message": "包邮吗" * 1_000})
    assert status == 200 and "太长" in reply[0]["text"]
    status, reply = chat.post(b'{"sender": "%s", "message": "\\ud800\\udfff\\ud83d \xe5\x8c\x85\xe9\x82\xae\xe5\x90\x97"}'
                              % chat.sender.encode())
    assert status == 200 and reply, reply
    for body in (b"[]", b"not json", b'{"sender": 5, "message": "hi"}', b'{"sender": "a b", "message": "hi"}',
                 b'{"sender": "x", "message": ["hi"]}'):
        status, reply = chat.post(body)
        assert status == 400 and reply["error"] == "bad_request", body
    status, reply = chat.post(b'{"sender": "x", "message": "' + b"a" * 70_000 + b'"}')
    assert status == 413
    assert "运费" in joined(chat.say("包邮吗"))


def test_rest_floods_are_rate_limited_per_sender_and_per_address(servers):
    chat = Chat(servers["base"], f"flood-{time.time_ns()}", address="198.51.100.9")
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda _: chat.post({"sender": chat.sender, "message": "   "}), range(120)))
    limited = [reply for status, reply in statuses if status == 429]
    assert limited and all(reply["retry_after"] > 0 for reply in limited)
    assert all(status in (200, 429) for status, _ in statuses)


def _action_call(servers, headers):
    tracker = {"sender_id": "rest:probe", "slots": {"order_id": PAID, "language": "zh"},
               "latest_message": {"text": "查订单", "intent": {"name": "check_order"}, "entities": []},
               "events": [{"event": "user", "text": "x", "input_channel": "widget", "metadata": {"buyer": "demo_buyer"}}],
               "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen"}
    body = json.dumps({"next_action": "action_check_order", "sender_id": "rest:probe", "tracker": tracker,
                       "domain": {}, "version": "3.6.21"}).encode()
    request = urllib.request.Request(f"{servers['actions_url']}/webhook", body,
                                     {"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, None


def test_the_action_server_answers_only_the_rasa_server(servers):
    assert _action_call(servers, {})[0] == 401
    assert _action_call(servers, {"Authorization": "Bearer guess-0123456789abcdef"})[0] == 401
    status, reply = _action_call(servers, {"Authorization": f"Bearer {servers['XIAOER_ACTION_TOKEN']}"})
    assert status == 200
    assert all("西湖区" not in json.dumps(r, ensure_ascii=False) for r in reply["responses"])
    port = int(servers["actions_url"].rsplit(":", 1)[1])
    listening = [line.split()[1] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                 if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port]
    assert listening == [f"0100007F:{port:04X}"], listening


def test_no_secret_is_visible_on_a_command_line(servers):
    secrets = [servers[name] for name in ("XIAOER_API_TOKEN", "XIAOER_ACTION_TOKEN", "XIAOER_IDENTITY_SECRET",
                                          "XIAOER_CONSOLE_SECRET", "XIAOER_AGENT_TOKEN")]
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().decode(errors="replace")
        except OSError:
            continue
        assert not any(secret in text for secret in secrets), cmdline


def test_the_demo_page_escapes_the_host_header(servers):
    request = urllib.request.Request(f"{servers['base']}/shop", headers={"Host": '"><script>alert(1)</script>'})
    with urllib.request.urlopen(request, timeout=30) as response:
        page = response.read().decode()
    assert "<script>alert(1)</script>" not in page


def _server_pid(servers, role: str) -> int:
    pid = launcher_children(servers["supervisor"].pid).get(role)
    assert pid, f"no {role} server under the supervisor"
    return pid


def test_with_the_action_server_down_the_buyer_gets_an_apology_and_a_person(chat, servers):
    assert "订单号" in joined(chat.say("帮我查下订单"))
    os.kill(_server_pid(servers, "actions"), 9)
    time.sleep(0.5)
    status, reply = chat.post({"sender": chat.sender, "message": PAID})
    assert status == 503 and reply["error"] == "not_answered"
    assert "人工" in joined(m["text"] for m in reply["messages"])
    with session_scope(servers["shop_url"]) as s:
        ticket = s.scalars(select(HandoffTicket).where(HandoffTicket.conversation_id == chat.conversation_id)).one()
        assert ticket.reason == "action_failed" and ticket.state == "waiting"
    assert chat.tracker()["paused"]
    wait_until_up(f"{servers['actions_url']}/health", [servers["supervisor"]], seconds=60)
    fresh = Chat(servers["base"], f"after-restart-{time.time_ns()}")
    assert "订单号" in joined(fresh.say("帮我查下订单"))


def test_the_rasa_server_is_restarted_after_a_crash(servers):
    old = _server_pid(servers, "rasa")
    os.kill(old, 9)
    deadline = time.time() + 240
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{servers['base']}/status?token={API_TOKEN}", timeout=2)
            break
        except OSError:
            time.sleep(1)
    assert _server_pid(servers, "rasa") != old
    chat = Chat(servers["base"], f"after-crash-{time.time_ns()}")
    assert "运费" in joined(chat.say("包邮吗"))
