"""A turn the bot could not answer goes to a person (bot/channels/rescue.py), and the apology says
honestly whether an agent is online to take it."""
from types import SimpleNamespace

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy import select

from bot.channels import rescue
from bot.shop.db import session_scope
from bot.shop.models import HandoffTicket
from tests.conftest import NOW, console_open
from tests.unit.test_staff_security import run_in_own_loop


@pytest.fixture
def shop(tmp_path, monkeypatch):
    import bot.clock
    import bot.shop.db
    from bot.shop.db import create_schema

    url = f"sqlite:///{tmp_path / 'rescue.db'}"
    create_schema(url)
    monkeypatch.setattr(bot.shop.db, "database_url", lambda: url)
    monkeypatch.setattr(bot.clock, "shop_now", lambda: NOW)
    return url


def rescued(conversation_id, text):
    rasa_agent = SimpleNamespace(tracker_store=InMemoryTrackerStore(Domain.empty()), lock_store=InMemoryLockStore())
    apology = run_in_own_loop(rescue.rescue(rasa_agent, conversation_id, text))
    tracker = run_in_own_loop(rasa_agent.tracker_store.retrieve(conversation_id))
    return apology, tracker.is_paused()


def tickets(url, conversation_id):
    with session_scope(url) as s:
        return s.scalars(select(HandoffTicket.reason).where(HandoffTicket.conversation_id == conversation_id)).all()


def test_with_nobody_online_the_apology_says_a_person_replies_when_one_is_online(shop):
    assert rescued("conv-r1", "我的快递呢") == (rescue.SORRY_OFFLINE["zh"], True)
    assert "客服暂时都不在线" in rescue.SORRY_OFFLINE["zh"] and "no agent is online" in rescue.SORRY_OFFLINE["en"]
    assert tickets(shop, "conv-r1") == ["action_failed"]


def test_with_an_agent_online_the_usual_apology(shop):
    console_open(shop)
    assert rescued("conv-r2", "where is my parcel") == (rescue.SORRY["en"], True)
    assert tickets(shop, "conv-r2") == ["action_failed"]
