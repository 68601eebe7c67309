"""Agent accounts, the queue order, claims that cannot collide, reading rights and ratings."""
from datetime import timedelta

import pytest

from bot.console.auth import check_password
from bot.console.queue import (add_agent, authenticate, claim, close, has_open_ticket, may_read, may_watch, overdue,
                               position, queue, rate, tickets_of_conversation)
from bot.shop import repositories as repo
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
        late = repo.open_ticket(s, "conv-a", "ask_human", 3, "转人工", NOW)
        early = repo.open_ticket(s, "conv-b", "ask_human", 3, "人呢", NOW - timedelta(minutes=5))
        angry = repo.open_ticket(s, "conv-c", "complaint", 1, "差评", NOW)
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
        old = repo.open_ticket(s, "conv-old", "ask_human", 3, "人呢", NOW - timedelta(minutes=30))
        fresh = repo.open_ticket(s, "conv-new", "ask_human", 3, "在吗", NOW)
        due = [t.id for t in overdue(s, NOW, 5)]
        assert old.id in due and fresh.id not in due
        assert position(s, fresh) > position(s, old)
        old.followed_up_at = NOW
        s.flush()
        assert old.id not in [t.id for t in overdue(s, NOW, 5)]


def test_a_chat_has_an_open_ticket_while_waiting_or_served_and_not_after_closing(people):
    with session_scope(people) as s:
        assert not has_open_ticket(s, "conv-open")
        ticket = repo.open_ticket(s, "conv-open", "ask_human", 3, "人工", NOW)
    with session_scope(people) as s:
        assert has_open_ticket(s, "conv-open") and not has_open_ticket(s, "conv-other")
        mei = authenticate(s, "xiaomei", "secret-pass-1")
        assert claim(s, ticket.id, mei, NOW)
    with session_scope(people) as s:
        assert has_open_ticket(s, "conv-open")
        close(s, s.get(HandoffTicket, ticket.id), NOW)
    with session_scope(people) as s:
        assert not has_open_ticket(s, "conv-open")
        later = repo.open_ticket(s, "conv-open", "complaint", 2, "又来了", NOW + timedelta(minutes=5))
        assert [t.id for t in tickets_of_conversation(s, "conv-open")] == [ticket.id, later.id]
