"""Staff login hardening: the login guard (with an injected clock), server-side sessions, CSRF
tokens, origin checks, password hashing off the event loop and transcript parts per ticket."""
from __future__ import annotations

import asyncio
import concurrent.futures
import statistics
import threading
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.service.agents import add_agent, authenticate, deactivate, set_password
from bot.staff import login_guard as guard, passwords as auth, sessions
from bot.staff.console.transcript import TicketTimes, parts, visible_part
from bot.staff.origin import client_address, normalise_origin, origin_allowed, own_origin
from bot.shop.db import session_scope
from bot.shop.models import Agent, StaffSession
from tests.conftest import NOW

T0 = datetime(2026, 11, 18, 10, 0)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


# -- the login guard: decisions ------------------------------------------------------------------
def test_five_failures_lock_the_account_for_a_minute():
    failures = [at(i) for i in range(4)]
    assert guard.account_locked_until(failures, at(5)) is None
    failures.append(at(4))
    assert guard.account_locked_until(failures, at(5)) == at(64)
    assert guard.account_locked_until(failures, at(63.9)) == at(64)
    assert guard.account_locked_until(failures, at(64)) is None


def test_each_failure_after_a_lock_doubles_it_up_to_thirty_minutes():
    failures = [at(i) for i in range(5)]
    lengths = []
    for _ in range(8):
        until = guard.account_locked_until(failures, failures[-1])
        lengths.append((until - failures[-1]).total_seconds() / 60)
        failures.append(until + timedelta(seconds=1))  # the attacker tries again as soon as the lock ends
    assert lengths == [1, 2, 4, 8, 16, 30, 30, 30]


def test_slow_mistakes_never_lock_and_quiet_time_after_a_lock_starts_over():
    every_16_minutes = [at(i * 16 * 60) for i in range(10)]
    assert guard.account_locked_until(every_16_minutes, every_16_minutes[-1]) is None
    locked = [at(i) for i in range(5)]  # locked until at(64)
    later = locked + [at(64 + 15 * 60 + 1)]  # 15 quiet minutes after the lock ended
    assert guard.account_locked_until(later, at(64 + 15 * 60 + 2)) is None
    within = locked + [at(64 + 15 * 60 - 1)]
    assert guard.account_locked_until(within, at(64 + 15 * 60)) == at(64 + 15 * 60 - 1 + 120)


def test_a_client_failing_across_accounts_is_refused_until_its_window_has_room():
    misses = [at(i * 10) for i in range(19)]
    assert guard.client_blocked_until(misses, at(200)) is None
    misses.append(at(195))
    assert guard.client_blocked_until(misses, at(200)) == at(15 * 60)
    assert guard.client_blocked_until(misses, at(15 * 60)) is None


def test_decide_refuses_with_the_longer_wait_in_whole_seconds():
    account = [at(i) for i in range(5)]
    client = [at(i) for i in range(20)]
    assert guard.decide([], [], at(30)) == guard.Verdict(allowed=True)
    assert guard.decide(account, [], at(30.5)) == guard.Verdict(False, 34, "account_locked")
    assert guard.decide(account, client, at(30)) == guard.Verdict(False, 15 * 60 - 30, "client_blocked")


def test_client_keys_group_ipv6_networks_and_unwrap_mapped_ipv4():
    assert guard.client_key("203.0.113.7") == "203.0.113.7"
    assert guard.client_key("::ffff:203.0.113.7") == "203.0.113.7"
    assert guard.client_key("2001:db8:1:2:aaaa::1") == guard.client_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert guard.client_key("") == "unknown"


# -- the login guard: recorded attempts ------------------------------------------------------------
def test_recorded_failures_lock_a_name_whether_it_exists_or_not_and_a_success_resets(shop_db):
    with session_scope(shop_db) as s:
        for i in range(5):
            guard.record(s, "ghost-user", "198.51.100.1", NOW + timedelta(seconds=i), "failed")
            guard.record(s, "sec-real", "198.51.100.2", NOW + timedelta(seconds=i), "failed")
    with session_scope(shop_db) as s:
        ghost = guard.verdict_for(s, "ghost-user", "198.51.100.9", NOW + timedelta(seconds=10))
        real = guard.verdict_for(s, "sec-real", "198.51.100.9", NOW + timedelta(seconds=10))
        assert ghost == real == guard.Verdict(False, 54, "account_locked")
        assert guard.verdict_for(s, "ghost-user", "198.51.100.9", NOW + timedelta(seconds=64)).allowed
        guard.record(s, "sec-real", "198.51.100.2", NOW + timedelta(seconds=70), "ok")
        guard.record(s, "sec-real", "198.51.100.2", NOW + timedelta(seconds=71), "failed")
        assert guard.verdict_for(s, "sec-real", "198.51.100.2", NOW + timedelta(seconds=72)).allowed


def test_recorded_misses_from_one_client_block_it_for_every_name(shop_db):
    with session_scope(shop_db) as s:
        for i in range(20):
            guard.record(s, f"name-{i}", "198.51.100.50", NOW + timedelta(seconds=i), "failed" if i % 2 else "refused")
    with session_scope(shop_db) as s:
        verdict = guard.verdict_for(s, "someone-new", "198.51.100.50", NOW + timedelta(seconds=30))
        assert verdict == guard.Verdict(False, 15 * 60 - 30, "client_blocked")
        assert guard.verdict_for(s, "someone-new", "198.51.100.51", NOW + timedelta(seconds=30)).allowed
        assert guard.prune(s, NOW + timedelta(days=31)) >= 20


# -- sessions ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def staff_db(shop_db):
    with session_scope(shop_db) as s:
        add_agent(s, "sec-mei", "小美", "agent", "first-password", NOW)
        add_agent(s, "sec-li", "小李", "agent", "second-password", NOW)
    return shop_db


def _login(url, username, now=NOW, address="127.0.0.1"):
    with session_scope(url) as s:
        agent = authenticate(s, username, {"sec-mei": "first-password", "sec-li": "second-password"}[username])
        _, token = sessions.open_session(s, agent, now, address, "pytest")
    return token


def _who(url, token, now=NOW):
    with session_scope(url) as s:
        staff = sessions.find(s, token, now)
        return staff.agent.username if staff else None


def test_the_database_keeps_only_a_hash_of_the_cookie_token(staff_db):
    token = _login(staff_db, "sec-mei")
    with session_scope(staff_db) as s:
        row = s.scalars(select(StaffSession).where(StaffSession.token_hash == sessions.token_hash(token))).one()
        assert token not in (row.token_hash, row.client_address, row.user_agent) and len(token) >= 40
    assert _who(staff_db, token) == "sec-mei"
    assert _who(staff_db, token + "x") is None and _who(staff_db, None) is None and _who(staff_db, "") is None


def test_sessions_expire_when_idle_or_old_even_while_used(staff_db):
    token = _login(staff_db, "sec-mei")
    assert _who(staff_db, token, NOW + timedelta(hours=1, minutes=59)) == "sec-mei"
    assert _who(staff_db, token, NOW + timedelta(hours=3, minutes=50)) == "sec-mei"  # seen at 1:59
    assert _who(staff_db, token, NOW + timedelta(hours=6)) is None  # idle since 3:50
    busy = _login(staff_db, "sec-mei")
    for hour in range(1, 12):
        assert _who(staff_db, busy, NOW + timedelta(hours=hour)) == "sec-mei"
    assert _who(staff_db, busy, NOW + timedelta(hours=12)) is None


def test_logout_revokes_only_that_session(staff_db):
    kept, ended = _login(staff_db, "sec-mei"), _login(staff_db, "sec-mei")
    with session_scope(staff_db) as s:
        ended_id = sessions.revoke(s, ended, NOW)
        assert sessions.revoke(s, "no-such-token", NOW) is None
    assert _who(staff_db, ended) is None and _who(staff_db, kept) == "sec-mei"
    with session_scope(staff_db) as s:
        assert ended_id not in sessions.live_ids(s, [ended_id], NOW)


def test_a_password_change_or_deactivation_ends_every_session_of_that_agent(staff_db):
    mei_a, mei_b, li = _login(staff_db, "sec-mei"), _login(staff_db, "sec-mei"), _login(staff_db, "sec-li")
    with session_scope(staff_db) as s:
        agent = s.scalars(select(Agent).where(Agent.username == "sec-mei")).one()
        assert set_password(s, agent, "a-new-password", NOW) >= 2
        with pytest.raises(ValueError):
            set_password(s, agent, "short", NOW)
    assert _who(staff_db, mei_a) is None and _who(staff_db, mei_b) is None and _who(staff_db, li) == "sec-li"
    with session_scope(staff_db) as s:
        assert authenticate(s, "sec-mei", "first-password") is None
        assert authenticate(s, "sec-mei", "a-new-password") is not None
    with session_scope(staff_db) as s:
        agent = s.scalars(select(Agent).where(Agent.username == "sec-li")).one()
        deactivate(s, agent, NOW)
    assert _who(staff_db, li) is None
    with session_scope(staff_db) as s:
        assert authenticate(s, "sec-li", "second-password") is None
        s.scalars(select(Agent).where(Agent.username == "sec-li")).one().active = True
    token = _login(staff_db, "sec-li")  # a session that was not revoked still dies with an inactive agent
    with session_scope(staff_db) as s:
        s.scalars(select(Agent).where(Agent.username == "sec-li")).one().active = False
    assert _who(staff_db, token) is None


# -- CSRF and origins ----------------------------------------------------------------------------------
def test_csrf_tokens_belong_to_one_session_and_one_secret():
    secret = "console-secret-0123456789"
    token, other = sessions.new_token(), sessions.new_token()
    csrf = sessions.csrf_token(secret, token)
    assert sessions.csrf_ok(secret, token, csrf)
    assert not sessions.csrf_ok(secret, other, csrf)
    assert not sessions.csrf_ok("another-secret-0123456789", token, csrf)
    assert not sessions.csrf_ok(secret, token, None) and not sessions.csrf_ok(secret, token, "")
    assert not sessions.csrf_ok(secret, token, csrf[:-1] + ("0" if csrf[-1] != "0" else "1"))
    assert not sessions.csrf_ok(secret, token, "中文")


def test_the_csrf_compare_is_constant_time(monkeypatch):
    calls = []
    real = auth.hmac.compare_digest
    monkeypatch.setattr(auth.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    assert not sessions.csrf_ok("console-secret-0123456789", "token", "guess")
    assert calls and calls[0][1] == b"guess"


def test_only_the_consoles_own_origin_may_change_things():
    own = own_origin("http", "127.0.0.1:5005")
    assert own == "http://127.0.0.1:5005" == own_origin("ws", "127.0.0.1:5005")
    assert own_origin("https", "Shop.example.com:443") == "https://shop.example.com"
    assert normalise_origin("http://127.0.0.1:5005/console?x=1") == own
    assert normalise_origin("null") is None and normalise_origin("javascript:alert(1)") is None
    assert origin_allowed(own, "http://127.0.0.1:5005", None, required=True)
    assert not origin_allowed(own, "http://127.0.0.1:8080", None, required=True)  # same site, other port
    assert not origin_allowed(own, "https://127.0.0.1:5005", None, required=True)
    assert not origin_allowed(own, "null", "http://127.0.0.1:5005/console", required=True)
    assert origin_allowed(own, None, "http://127.0.0.1:5005/console", required=True)
    assert not origin_allowed(own, None, "http://127.0.0.1:9/console", required=True)
    assert not origin_allowed(own, None, None, required=True)
    assert origin_allowed(own, None, None, required=False)
    assert not origin_allowed(own, "http://evil.example", None, required=False)


def test_forwarded_addresses_count_only_behind_a_trusted_proxy():
    assert client_address("10.0.0.5", "1.2.3.4, 5.6.7.8", trust_proxy=False) == "10.0.0.5"
    assert client_address("10.0.0.5", "1.2.3.4, 5.6.7.8", trust_proxy=True) == "5.6.7.8"
    assert client_address("10.0.0.5", None, trust_proxy=True) == "10.0.0.5"


# -- hashing ---------------------------------------------------------------------------------------------
def test_unknown_names_cost_as_much_as_known_ones_and_never_match():
    stored = auth.hash_password("right-password")
    assert auth.verify("right-password", stored) and not auth.verify("right-password", None)
    assert not auth.verify("right-password" + "x" * 2000, auth.hash_password("right-password" + "x" * 2000))
    auth.dummy_hash()
    known, unknown = [], []
    for _ in range(7):
        for bucket, hashed in ((known, stored), (unknown, None)):
            start = time.perf_counter()
            auth.verify("wrong-password", hashed)
            bucket.append(time.perf_counter() - start)
    ratio = statistics.median(known) / statistics.median(unknown)
    assert 0.5 < ratio < 2, (known, unknown)


def test_password_checks_run_in_the_pool_and_the_event_loop_stays_responsive(monkeypatch):
    """While a hash is being checked (held here until the loop has done other work), the event loop
    keeps serving: the check runs in the scrypt pool, never on the loop."""
    threads, gate = [], threading.Event()
    real = auth.check_password

    def held(*args):
        threads.append(threading.current_thread().name)
        assert gate.wait(10), "the loop never got to release the check"
        return real(*args)

    monkeypatch.setattr(auth, "check_password", held)
    stored = auth.hash_password("right-password")

    async def scenario():
        checker = auth.PasswordChecker()
        checks = asyncio.gather(*(checker.verify(p, stored) for p in ["wrong"] * 5 + ["right-password"]))
        served = 0
        for _ in range(20):  # other coroutines run while the first check is held in the pool
            await asyncio.sleep(0.001)
            served += 1
        still_checking = not checks.done()
        gate.set()
        return await checks, served, still_checking

    results, served, still_checking = run_in_own_loop(scenario())
    assert served == 20 and still_checking
    assert results == [False] * 5 + [True]
    assert threads and all(name.startswith("xiaoer-scrypt") for name in threads)


def run_in_own_loop(coroutine):
    """asyncio.run in a thread of its own: the browser tests keep an event loop in the main thread."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_a_flood_beyond_the_queue_is_refused_instead_of_queued(monkeypatch):
    release = threading.Event()
    monkeypatch.setattr(auth, "verify", lambda password, stored: release.wait(5))

    async def scenario():
        checker = auth.PasswordChecker(workers=1, max_pending=2)
        first = [asyncio.create_task(checker.verify("x", None)) for _ in range(2)]
        await asyncio.sleep(0.01)
        with pytest.raises(auth.HashingBusy):
            await checker.verify("x", None)
        release.set()
        return await asyncio.gather(*first)

    assert run_in_own_loop(scenario()) == [True, True]


# -- transcript parts --------------------------------------------------------------------------------------
#          0 buyer  1 bot  2 buyer(A)  3 bot  4 小美  5 buyer | A closed 30 | 6 bot  7 buyer  8 bot
#          9 buyer(B)  10 bot  11 小李  12 buyer
TIMES = [0, 1, 10, 10.6, 20, 21, 30.1, 40, 40.2, 50, 50.4, 60, 61]
FROM_BUYER = [True, False, True, False, False, True, False, True, False, True, False, False, True]
TICKETS = [TicketTimes(opened=10.5, closed=30), TicketTimes(opened=50.3)]


def test_an_earlier_agent_no_longer_reads_what_came_after_the_next_ticket_was_opened():
    first, end = visible_part(TIMES, FROM_BUYER, TICKETS, 0)
    assert (first, end) == (0, 9)  # up to, not including, the buyer message that opened B


def test_the_next_agent_reads_its_ticket_with_context_since_the_previous_one_closed():
    first, end = visible_part(TIMES, FROM_BUYER, TICKETS, 1)
    assert (first, end) == (6, 13)  # not 小美's chat (2-5), but what the buyer told the bot since
    assert parts(TIMES, FROM_BUYER, TICKETS, context=1) == [(1, 9), (8, 13)]


def test_a_single_ticket_reads_from_its_context_to_the_end_and_open_tickets_too():
    assert parts(TIMES, FROM_BUYER, [TicketTimes(opened=10.5)]) == [(0, 13)]
    assert parts(TIMES, FROM_BUYER, [TicketTimes(opened=50.3)], context=2) == [(7, 13)]
    assert parts([], [], [TicketTimes(opened=5)]) == [(0, 0)]
