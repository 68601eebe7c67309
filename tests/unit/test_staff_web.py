"""The staff login any staff page reuses (bot/staff/auth.py, bot/staff/web.py): a route guarded by
`staff_only` runs only for a live session, of an allowed role, and a write needs our own origin
and the session's CSRF token."""
from types import SimpleNamespace

import pytest

from bot.service.agents import add_agent
from bot.shop.db import session_scope
from bot.staff import sessions
from bot.staff.auth import COOKIE, CSRF_HEADER, StaffAuth, cookie_value
from bot.staff.web import staff_only
from tests.conftest import NOW
from tests.unit.test_staff_security import run_in_own_loop

SECRET = "staff-web-test-secret-0123"
ORIGIN = "http://127.0.0.1:5005"


@pytest.fixture(scope="module")
def tokens(shop_db):
    with session_scope(shop_db) as s:
        agent = add_agent(s, "web-agent", "小美", "agent", "secret-pass-1", NOW)
        trainer = add_agent(s, "web-trainer", "小训", "trainer", "secret-pass-2", NOW)
        return {"agent": sessions.open_session(s, agent, NOW, "127.0.0.1", "pytest")[1],
                "trainer": sessions.open_session(s, trainer, NOW, "127.0.0.1", "pytest")[1]}


@pytest.fixture
def auth(shop_db, monkeypatch):
    import bot.shop.db
    import bot.staff.auth

    monkeypatch.setattr(bot.shop.db, "database_url", lambda: shop_db)
    monkeypatch.setattr(bot.staff.auth, "shop_now", lambda: NOW)
    return StaffAuth(SECRET)


def request(method="GET", token=None, origin=ORIGIN, csrf=None):
    headers = {key: value for key, value in (("origin", origin), (CSRF_HEADER, csrf)) if value}
    return SimpleNamespace(method=method, headers=headers, cookies={COOKIE: token} if token else {},
                           scheme="http", host="127.0.0.1:5005", ip="127.0.0.1")


def call(auth, req, roles=None):
    @staff_only(auth, roles=roles)
    async def handler(request, staff):
        return SimpleNamespace(status=200, staff=staff)

    return run_in_own_loop(handler(req))


def test_a_read_needs_a_live_session(auth, tokens):
    assert call(auth, request()).status == 401
    assert call(auth, request(token="forged")).status == 401
    assert call(auth, request(token=tokens["agent"])).staff.agent.username == "web-agent"


def test_roles_limit_who_may_use_a_page(auth, tokens):
    assert call(auth, request(token=tokens["trainer"]), roles=("agent", "admin")).status == 403
    assert call(auth, request(token=tokens["trainer"]), roles=("trainer", "admin")).status == 200


def test_a_write_needs_our_origin_and_the_sessions_csrf_token(auth, tokens):
    token = tokens["agent"]
    csrf = sessions.csrf_token(SECRET, token)
    assert call(auth, request("POST", token)).status == 403
    assert call(auth, request("POST", token, csrf="0" * 64)).status == 403
    assert call(auth, request("POST", token, origin="http://evil.example", csrf=csrf)).status == 403
    assert call(auth, request("POST", token, csrf=csrf)).status == 200


def test_the_cookie_is_found_in_a_socket_header_and_a_short_secret_is_refused():
    assert cookie_value(f"a=1; {COOKIE}=tok; b=2") == "tok" and cookie_value("a=1") is None
    with pytest.raises(ValueError):
        StaffAuth("short")
