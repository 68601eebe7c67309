"""The shipped endpoints.yml sends the action token Rasa reads from the environment (a quoted
"${...}" would be sent literally and every action call refused)."""
from rasa.utils.endpoints import read_endpoint_config

from bot.settings import PROJECT_ROOT


def test_the_action_endpoint_carries_the_token_from_the_environment(monkeypatch):
    monkeypatch.setenv("XIAOER_ACTION_TOKEN", "token-from-the-environment-123")
    endpoint = read_endpoint_config(str(PROJECT_ROOT / "endpoints.yml"), "action_endpoint")
    assert endpoint.headers["Authorization"] == "Bearer token-from-the-environment-123"
    assert endpoint.url.startswith("http://127.0.0.1:")
