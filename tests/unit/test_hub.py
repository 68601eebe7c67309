"""The socket.io hub (bot/channels/hub.py): one place for namespaces, rooms and events, and
messages to a buyer or to the consoles, kept in the transcript (at most once where marked)."""
from types import SimpleNamespace

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, ConversationPaused, UserUttered
from sanic import Sanic

from bot.channels import hub as live
from bot.channels.hub import Hub
from bot.service.handoff import open_ticket
from bot.shop.db import session_scope
from tests.conftest import NOW, console_open
from tests.unit.test_staff_security import run_in_own_loop


def test_rooms_namespaces_and_events_are_named_in_one_place():
    assert live.buyer_room("abc123") == "abc123"
    assert live.watch_room("abc123") == "conv:abc123"
    assert live.agent_notice("joined") == "agent_joined" and live.agent_notice("left") == "agent_left"
    assert (live.BUYERS, live.STAFF, live.AGENTS_ROOM) == ("/", "/console", "agents")
    assert (live.BOT_UTTERED, live.TICKET_CREATED, live.BUYER_MESSAGE) == ("bot_uttered", "ticket_created", "buyer_message")


class Recorder:
    """Stands in for the socket.io server's emit."""

    def __init__(self):
        self.sent = []

    async def emit(self, event, payload, room=None, namespace=None):
        self.sent.append((event, payload, room, namespace or "/"))


@pytest.fixture
def hub(monkeypatch):
    app = Sanic(f"hub_test_{id(monkeypatch)}")
    hub = Hub.of(app, cors_origins="*")
    assert Hub.of(app) is hub and app.ctx.hub is hub
    app.ctx.agent = SimpleNamespace(tracker_store=InMemoryTrackerStore(Domain.empty()), lock_store=InMemoryLockStore())
    recorder = Recorder()
    monkeypatch.setattr(hub.sio, "emit", recorder.emit)
    hub.recorder = recorder
    return hub


def texts_of(hub, conversation_id):
    tracker = run_in_own_loop(hub.transcripts.agent.tracker_store.retrieve(conversation_id))
    return [e.text for e in tracker.events if isinstance(e, BotUttered)]


def test_an_agent_message_reaches_the_buyers_room_and_stays_in_the_transcript(hub):
    run_in_own_loop(hub.agent_message("conv-1", "亲，我是小美", "小美"))
    assert hub.recorder.sent == [("agent_uttered", {"text": "亲，我是小美", "name": "小美"}, "conv-1", "/")]
    assert texts_of(hub, "conv-1") == ["亲，我是小美"]


def test_a_jobs_message_is_delivered_once_in_the_buyers_language(hub):
    run_in_own_loop(hub.transcripts.record("conv-2", UserUttered("where is my parcel")))
    texts = {"zh": "亲，您的包裹…", "en": "Your parcel..."}
    assert run_in_own_loop(hub.say_once("conv-2", texts, 7)) == ("Your parcel...", False)
    assert run_in_own_loop(hub.say_once("conv-2", texts, 7)) == ("Your parcel...", False)
    assert [s[0] for s in hub.recorder.sent] == ["bot_uttered"] and texts_of(hub, "conv-2") == ["Your parcel..."]


def test_consoles_hear_of_tickets_in_the_agents_room(hub):
    run_in_own_loop(hub.ticket_updated({"id": 3}))
    assert hub.recorder.sent == [("ticket_updated", {"ticket": {"id": 3}}, "agents", "/console")]


def hand_over(hub, shop_db, monkeypatch, conversation_id, reason, text, now):
    """A buyer's message paused the bot and opened a ticket at `now`; the hub hears of it."""
    import bot.clock
    import bot.shop.db

    monkeypatch.setattr(bot.shop.db, "database_url", lambda: shop_db)
    monkeypatch.setattr(bot.clock, "shop_now", lambda: now)
    with session_scope(shop_db) as s:
        open_ticket(s, conversation_id, reason, 3, text, now)
    run_in_own_loop(hub.transcripts.record(conversation_id, UserUttered(text), ActionExecuted("action_handoff"),
                                           ConversationPaused()))
    run_in_own_loop(hub.buyer_wrote(conversation_id, text))


def test_a_buyer_writing_again_while_nobody_can_answer_hears_it_is_noted_once(hub, shop_db, monkeypatch):
    hand_over(hub, shop_db, monkeypatch, "conv-wait", "ask_human", "转人工", NOW)
    # nobody online: the handover reply said so (actions/handover.py); the hub adds no second notice
    assert [s[0] for s in hub.recorder.sent] == ["ticket_created"]
    for text in ("还在吗", "人呢"):
        run_in_own_loop(hub.transcripts.record("conv-wait", UserUttered(text)))
        run_in_own_loop(hub.buyer_wrote("conv-wait", text))
    events = [(s[0], s[2]) for s in hub.recorder.sent[1:]]
    assert events == [("buyer_message", "conv:conv-wait"), ("bot_uttered", "conv-wait"), ("buyer_message", "conv:conv-wait")]
    assert hub.recorder.sent[2][1]["text"] == "亲，已记下，客服上线后第一时间回复您～"
    assert texts_of(hub, "conv-wait")[-1] == "亲，已记下，客服上线后第一时间回复您～"


def test_an_agent_online_on_another_process_counts_so_a_waiting_buyer_is_not_told_nobody_is(hub, shop_db, monkeypatch):
    from bot.service import presence

    console_open(shop_db, connection_id="sid-elsewhere")  # written by another process
    try:
        hand_over(hub, shop_db, monkeypatch, "conv-served", "ask_human", "转人工", NOW)
        assert Hub.agents_online()
        run_in_own_loop(hub.transcripts.record("conv-served", UserUttered("还在吗")))
        run_in_own_loop(hub.buyer_wrote("conv-served", "还在吗"))
        assert [s[0] for s in hub.recorder.sent] == ["ticket_created", "buyer_message"]  # no "noted"
    finally:
        with session_scope(shop_db) as s:
            presence.console_closed(s, "sid-elsewhere")


def test_out_of_hours_a_new_ticket_gets_no_second_nobody_online_notice(hub, shop_db, monkeypatch):
    hand_over(hub, shop_db, monkeypatch, "conv-night", "complaint", "我要投诉", NOW.replace(hour=2))
    assert [s[0] for s in hub.recorder.sent] == ["ticket_created"]  # the handover reply said when we open
