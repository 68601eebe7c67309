"""Agent presence in the shop database (bot/service/presence.py) and the console sockets that keep
it (bot/staff/console/live.py): an agent counts while a console of theirs is open on any process
and was seen within the stale limit."""
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sanic import Sanic
from sqlalchemy import func, select

from bot.channels import hub as live
from bot.channels.hub import Hub
from bot.service import presence
from bot.shop.db import create_schema, session_scope
from bot.shop.models import Agent, AgentPresence
from tests.conftest import NOW
from tests.unit.test_staff_security import run_in_own_loop

LATER = NOW + timedelta(seconds=30)


@pytest.fixture
def db(tmp_path):
    """An empty migrated shop database with two active agents and a deactivated one."""
    url = f"sqlite:///{tmp_path / 'presence.db'}"
    create_schema(url)
    with session_scope(url) as s:
        for username, active in (("xiaomei", True), ("xiaoli", True), ("gone", False)):
            s.add(Agent(username=username, display_name=username, password_hash="-", role="agent",
                        active=active, created_at=NOW))
    return url


def agent_id(url, username):
    with session_scope(url) as s:
        return s.scalar(select(Agent.id).where(Agent.username == username))


def online(url, now):
    with session_scope(url) as s:
        return presence.agents_online(s, now)


def rows(url):
    with session_scope(url) as s:
        return s.scalar(select(func.count()).select_from(AgentPresence))


def test_nobody_is_online_until_a_console_opens_and_after_it_closes(db):
    assert not online(db, NOW)
    with session_scope(db) as s:
        presence.console_opened(s, agent_id(db, "xiaomei"), "sid-1", "host-a:1", NOW)
    assert online(db, NOW) and online(db, LATER)
    with session_scope(db) as s:
        presence.console_closed(s, "sid-1")
    assert not online(db, LATER) and rows(db) == 0


def test_a_console_not_seen_within_the_stale_limit_no_longer_counts(db):
    with session_scope(db) as s:
        presence.console_opened(s, agent_id(db, "xiaomei"), "sid-1", "crashed-host:1", NOW)
    assert online(db, NOW + presence.STALE_AFTER - timedelta(seconds=1))
    assert not online(db, NOW + presence.STALE_AFTER)  # its process crashed: no ghost agent
    with session_scope(db) as s:
        assert presence.consoles_seen(s, ["sid-1", "sid-unknown"], NOW + timedelta(seconds=60)) == 1
    assert online(db, NOW + timedelta(seconds=60) + presence.STALE_AFTER - timedelta(seconds=1))


def test_with_two_consoles_open_closing_one_leaves_the_agent_online(db):
    with session_scope(db) as s:
        presence.console_opened(s, agent_id(db, "xiaomei"), "sid-1", "host-a:1", NOW)
        presence.console_opened(s, agent_id(db, "xiaoli"), "sid-2", "host-b:2", NOW)
    with session_scope(db) as s:
        presence.console_closed(s, "sid-1")
    assert online(db, LATER)
    with session_scope(db) as s:
        presence.console_closed(s, "sid-2")
    assert not online(db, LATER)


def test_a_stopping_process_takes_only_its_own_consoles_away(db):
    with session_scope(db) as s:
        presence.console_opened(s, agent_id(db, "xiaomei"), "sid-1", "host-a:1", NOW)
        presence.console_opened(s, agent_id(db, "xiaomei"), "sid-2", "host-a:1", NOW)
        presence.console_opened(s, agent_id(db, "xiaoli"), "sid-3", "host-b:2", NOW)
        presence.process_stopped(s, "host-a:1")
    assert rows(db) == 1 and online(db, NOW)


def test_a_deactivated_agent_never_counts_and_a_reopened_connection_is_one_row(db):
    with session_scope(db) as s:
        presence.console_opened(s, agent_id(db, "gone"), "sid-1", "host-a:1", NOW)
    assert not online(db, NOW)
    with session_scope(db) as s:
        presence.console_opened(s, agent_id(db, "xiaomei"), "sid-1", "host-a:1", NOW)
    assert rows(db) == 1 and online(db, NOW)


def test_pruning_forgets_only_rows_unseen_for_a_day(db):
    with session_scope(db) as s:
        presence.console_opened(s, agent_id(db, "xiaomei"), "old", "crashed:1", NOW - presence.FORGET_AFTER
                                - timedelta(minutes=1))
        presence.console_opened(s, agent_id(db, "xiaoli"), "recent", "crashed:1", NOW - timedelta(hours=1))
    with session_scope(db) as s:
        assert presence.prune(s, NOW) == 1
    assert rows(db) == 1


def test_the_console_socket_records_connect_heartbeat_and_disconnect(db, monkeypatch):
    import bot.shop.db
    import bot.staff.console.live as console_live
    from bot.staff.console.live import ConsoleSockets
    from bot.staff.sessions import Staff

    monkeypatch.setattr(bot.shop.db, "database_url", lambda: db)
    clock = SimpleNamespace(now=NOW)
    monkeypatch.setattr(console_live, "shop_now", lambda: clock.now)
    with session_scope(db) as s:
        agent = s.scalars(select(Agent).where(Agent.username == "xiaomei")).one()
    staff = Staff(agent, 7)
    hub = Hub.of(Sanic(f"presence_test_{id(monkeypatch)}"))
    sockets = ConsoleSockets(hub, SimpleNamespace(socket_staff=lambda environ: staff))

    async def save_session(*args, **kwargs):
        return None

    monkeypatch.setattr(hub.sio, "save_session", save_session)

    async def scenario():
        sid = await hub.sio.manager.connect("eio-1", live.STAFF)
        assert await hub.sio._trigger_event("connect", live.STAFF, sid, {}, None) is True  # as socket.io calls it
        return sid

    sid = run_in_own_loop(scenario())
    assert online(db, NOW)
    clock.now = NOW + timedelta(seconds=60)
    sockets.heartbeat()  # the sweep's refresh keeps the open console counted
    assert online(db, NOW + timedelta(seconds=60) + presence.STALE_AFTER - timedelta(seconds=1))
    run_in_own_loop(hub.sio._trigger_event("disconnect", live.STAFF, sid, "client disconnect"))
    assert not online(db, clock.now) and rows(db) == 0


def test_online_agents_names_who_serves_chats_first_connected_first_and_not_a_trainer(db):
    with session_scope(db) as s:
        s.add(Agent(username="coach", display_name="coach", password_hash="-", role="trainer",
                    active=True, created_at=NOW))
    for number, username in enumerate(("coach", "xiaoli", "xiaomei", "xiaoli")):
        with session_scope(db) as s:
            presence.console_opened(s, agent_id(db, username), f"sid-{number}", "host:1",
                                    NOW + timedelta(seconds=number))
    with session_scope(db) as s:
        assert presence.online_agents(s, NOW + timedelta(seconds=5)) == ("xiaoli", "xiaomei")
        presence.console_closed(s, "sid-1")
        presence.console_closed(s, "sid-2")
        presence.console_closed(s, "sid-3")
    assert not online(db, NOW + timedelta(seconds=5))  # only the trainer's console is left
