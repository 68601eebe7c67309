"""The handoff service (bot/service/handoff.py) and agent accounts: the queue order, claims that
cannot collide, reading rights, return to the bot, ratings, priority, the waiting acknowledgement."""
import threading
from datetime import datetime, timedelta

import pytest

from bot.policy import load_policy
from bot.service.agents import add_agent, authenticate, find_agent
from bot.service.handoff import (claim, close, has_open_ticket, may_read, may_watch, open_ticket, overdue,
                                 position, queue, rate, return_to_bot, ticket_priority, tickets_of_conversation,
                                 waiting_acknowledgement)
from bot.settings import PROJECT_ROOT
from bot.staff.passwords import check_password
from bot.shop.db import session_scope
from bot.shop.models import HandoffTicket
from tests.conftest import NOW


@pytest.fixture(scope="module")
def people(shop_db):
    with session_scope(shop_db) as s:
        add_agent(s, "xiaomei", "小美", "agent", "secret-pass-1", NOW)
        add_agent(s, "xiaoli", "小李", "agent", "secret-pass-2", NOW)
        add_agent(s, "boss", "店长", "admin", "secret-pass-3", NOW)
    return shop_db


def test_passwords_are_hashed_and_checked(people):
    with session_scope(people) as s:
        agent = authenticate(s, "xiaomei", "secret-pass-1")
        assert agent and "secret-pass-1" not in agent.password_hash
        assert authenticate(s, "xiaomei", "wrong") is None and authenticate(s, "nobody", "x") is None
    assert not check_password("x", "garbage")
    with pytest.raises(ValueError):
        with session_scope(people) as s:
            add_agent(s, "short", "短", "agent", "1234", NOW)


def test_queue_order_claims_reading_rights_and_rating(people):
    with session_scope(people) as s:
        late = open_ticket(s, "conv-a", "ask_human", 3, "转人工", NOW)
        early = open_ticket(s, "conv-b", "ask_human", 3, "人呢", NOW - timedelta(minutes=5))
        angry = open_ticket(s, "conv-c", "complaint", 1, "差评", NOW)
        ids = (late.id, early.id, angry.id)
    with session_scope(people) as s:
        mei, li, boss = (authenticate(s, u, p) for u, p in
                         (("xiaomei", "secret-pass-1"), ("xiaoli", "secret-pass-2"), ("boss", "secret-pass-3")))
        waiting = [t.id for t in queue(s, "waiting", mei) if t.id in ids]
        assert waiting == [ids[2], ids[1], ids[0]]
        assert claim(s, ids[2], mei, NOW) is True
        assert claim(s, ids[2], li, NOW) is False
        ticket = s.get(HandoffTicket, ids[2])
        assert may_read(ticket, mei) and not may_read(ticket, li) and may_read(ticket, boss)
        assert may_watch(ticket, mei) and not may_watch(ticket, li) and may_watch(ticket, boss)
        assert [t.id for t in queue(s, "active", li)] == []
        close(s, ticket, NOW)
        assert may_read(ticket, mei) and not may_watch(ticket, mei) and may_watch(ticket, boss)
        waiting = s.get(HandoffTicket, ids[1])
        assert not may_read(waiting, mei) and not may_watch(waiting, mei)
    with session_scope(people) as s:
        assert rate(s, "conv-c", 5, NOW) is True
        assert rate(s, "conv-c", 4, NOW) is False
        assert s.get(HandoffTicket, ids[2]).rating == 5


def test_overdue_waiting_tickets_get_one_follow_up_with_their_place(people):
    with session_scope(people) as s:
        old = open_ticket(s, "conv-old", "ask_human", 3, "人呢", NOW - timedelta(minutes=30))
        fresh = open_ticket(s, "conv-new", "ask_human", 3, "在吗", NOW)
        due = [t.id for t in overdue(s, NOW, 5)]
        assert old.id in due and fresh.id not in due
        assert position(s, fresh) > position(s, old)
        old.followed_up_at = NOW
        s.flush()
        assert old.id not in [t.id for t in overdue(s, NOW, 5)]


def test_a_chat_has_an_open_ticket_while_waiting_or_served_and_not_after_closing(people):
    with session_scope(people) as s:
        assert not has_open_ticket(s, "conv-open")
        ticket = open_ticket(s, "conv-open", "ask_human", 3, "人工", NOW)
    with session_scope(people) as s:
        assert has_open_ticket(s, "conv-open") and not has_open_ticket(s, "conv-other")
        mei = authenticate(s, "xiaomei", "secret-pass-1")
        assert claim(s, ticket.id, mei, NOW)
    with session_scope(people) as s:
        assert has_open_ticket(s, "conv-open")
        close(s, s.get(HandoffTicket, ticket.id), NOW)
    with session_scope(people) as s:
        assert not has_open_ticket(s, "conv-open")
        later = open_ticket(s, "conv-open", "complaint", 2, "又来了", NOW + timedelta(minutes=5))
        assert [t.id for t in tickets_of_conversation(s, "conv-open")] == [ticket.id, later.id]


def test_open_ticket_reuses_the_conversations_open_ticket(people):
    with session_scope(people) as s:
        first = open_ticket(s, "conv-reuse", "ask_human", 3, "转人工", NOW)
        again = open_ticket(s, "conv-reuse", "complaint", 1, "我要投诉" * 200, NOW, order_id="1001202611000001")
        assert again.id == first.id and first.state == "waiting"
        assert first.priority == 1 and first.order_id == "1001202611000001" and len(first.summary) == 500
        assert open_ticket(s, "conv-reuse-2", "fallback", 2, "?", NOW).id != first.id
        first.state = "closed"
        assert open_ticket(s, "conv-reuse", "ask_human", 3, "还在吗", NOW).id != first.id


def test_priority_puts_threats_first_then_complaints_then_requests():
    assert ticket_priority("complaint", "再不处理我就给差评") == 1
    assert ticket_priority("complaint", "I will open a dispute") == 1
    assert ticket_priority("complaint", "发错货了") == 2
    assert ticket_priority("ask_human", "差评") == 3
    assert ticket_priority("fallback", "???") == 3


def test_two_agents_claiming_at_once_one_wins(people):
    with session_scope(people) as s:
        ticket_id = open_ticket(s, "conv-race", "ask_human", 3, "人呢", NOW).id
    start, results = threading.Barrier(2), {}

    def claim_as(username: str) -> None:
        with session_scope(people) as s:
            agent = find_agent(s, username)
            start.wait()
            results[username] = claim(s, ticket_id, agent, NOW)

    threads = [threading.Thread(target=claim_as, args=(name,)) for name in ("xiaomei", "xiaoli")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == [False, True]
    winner = next(name for name, won in results.items() if won)
    with session_scope(people) as s:
        ticket = s.get(HandoffTicket, ticket_id)
        assert ticket.state == "active" and ticket.agent == winner


def test_return_to_bot_ends_the_ticket_and_only_a_closed_chat_is_rated(people):
    with session_scope(people) as s:
        mei = find_agent(s, "xiaomei")
        ticket = open_ticket(s, "conv-return", "ask_human", 3, "人工", NOW)
        assert rate(s, "conv-return", 5, NOW) is False  # still waiting: nothing to rate
        assert claim(s, ticket.id, mei, NOW)
        s.refresh(ticket)
        return_to_bot(s, ticket, NOW + timedelta(minutes=3))
        assert ticket.state == "closed" and ticket.closed_at == NOW + timedelta(minutes=3)
        assert not has_open_ticket(s, "conv-return")
        assert rate(s, "conv-return", 0, NOW) is False and rate(s, "conv-return", 6, NOW) is False
        assert rate(s, "conv-return", 2, NOW) is True and ticket.rating == 2


@pytest.fixture(scope="module")
def policy():
    return load_policy(PROJECT_ROOT / "shop_policy.yml")


def test_a_buyer_writing_again_at_night_is_told_once_when_agents_are_back(people, policy):
    night = datetime(2026, 11, 19, 2, 10)
    with session_scope(people) as s:
        ticket = open_ticket(s, "conv-night", "ask_human", 3, "转人工", night)
    with session_scope(people) as s:
        noted = waiting_acknowledgement(s, "conv-night", policy, night, agents_online=False)
        assert noted.ticket_id == ticket.id
        assert noted.texts["zh"] == "亲，已记下，客服上班后（08:30）第一时间回复您～"
        assert "08:30" in noted.texts["en"] and "{" not in noted.texts["en"]
        late = waiting_acknowledgement(s, "conv-night", policy, datetime(2026, 11, 19, 0, 30), agents_online=True)
        assert "08:30" in late.texts["zh"]  # closed hours: online consoles do not answer
    evening = datetime(2026, 11, 18, 23, 59) + timedelta(minutes=2)
    with session_scope(people) as s:
        assert "08:30" in waiting_acknowledgement(s, "conv-night", policy, evening, agents_online=False).texts["zh"]


def test_a_waiting_buyer_is_acknowledged_only_while_nobody_can_answer(people, policy):
    with session_scope(people) as s:
        ticket = open_ticket(s, "conv-day", "ask_human", 3, "转人工", NOW)
    with session_scope(people) as s:
        assert waiting_acknowledgement(s, "conv-day", policy, NOW, agents_online=True) is None
        offline = waiting_acknowledgement(s, "conv-day", policy, NOW, agents_online=False)
        assert offline.texts["zh"] == "亲，已记下，客服上线后第一时间回复您～" and offline.texts["en"].startswith("Noted.")
        assert waiting_acknowledgement(s, "conv-nobody", policy, NOW, agents_online=False) is None
        assert claim(s, ticket.id, find_agent(s, "xiaoli"), NOW)
        assert waiting_acknowledgement(s, "conv-day", policy, NOW, agents_online=False) is None  # served
