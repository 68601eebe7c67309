"""The Rasa server Xiaoer runs (bot/server.py): Rasa's app with the buyer channels of
credentials.yml, one socket.io hub, and the staff pages mounted once, not as a channel."""
import ast
from pathlib import Path

import pytest
import yaml

import bot
from bot.settings import PROJECT_ROOT, get_settings

SECRET = "server-test-secret-0123456789"


@pytest.fixture
def app(monkeypatch):
    for name in ("IDENTITY_SECRET", "AGENT_TOKEN", "API_TOKEN", "CONSOLE_SECRET", "ACTION_TOKEN"):
        monkeypatch.setenv(f"XIAOER_{name}", SECRET)
    get_settings.cache_clear()
    from bot.server import build_app

    yield build_app(str(PROJECT_ROOT / "models" / "current.tar.gz"), str(PROJECT_ROOT / "credentials.yml"),
                    str(PROJECT_ROOT / "endpoints.yml"), SECRET, 5005)
    get_settings.cache_clear()


def test_credentials_list_buyer_channels_only():
    channels = yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert sorted(channels) == ["bot.channels.rest.RestChannel", "bot.channels.widget.WidgetInput"]


def test_the_server_has_one_hub_and_the_console_mounted_once(app):
    uris = [route.uri for route in app.router.routes]
    for uri in ("/console", "/console/api/login", "/console/api/tickets/<ticket_id:int>/claim",
                "/socket.io", "/webhooks/widget/agent", "/webhooks/rest/webhook", "/status"):
        assert uris.count(uri) == 1, uri
    assert not any(uri.startswith("/webhooks/console") for uri in uris)
    assert app.ctx.hub.transcripts.app is app


def test_no_module_spells_a_namespace_or_room_outside_the_hub():
    for path in Path(bot.__file__).parent.rglob("*.py"):
        if path.name == "hub.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        spelled = [k.arg for k in ast.walk(tree) if isinstance(k, ast.keyword) and k.arg in ("namespace", "room")
                   and isinstance(k.value, (ast.Constant, ast.JoinedStr))]
        rooms = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and str(n.value).startswith("conv:")]
        assert not spelled and not rooms, path
        assert "ctx.input_channels" not in path.read_text(encoding="utf-8"), path  # no scanning for channels
