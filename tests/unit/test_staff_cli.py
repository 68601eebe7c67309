"""`bot.cli agent-passwd` and `agent-deactivate` end the agent's console sessions."""
import subprocess
import sys

from bot.service.agents import add_agent, authenticate, find_agent
from bot.staff import sessions
from bot.settings import PROJECT_ROOT
from bot.shop.db import create_schema, session_scope
from tests.conftest import NOW


def run_cli(url, *args, stdin=""):
    env = {"XIAOER_DATABASE_URL": url, "PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True, text=True,
                          env=env)


def test_a_new_password_or_deactivation_ends_the_agents_sessions(tmp_path):
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    create_schema(url)
    with session_scope(url) as s:
        agent = add_agent(s, "xiaomei", "小美", "agent", "old-password", NOW)
        _, token = sessions.open_session(s, agent, NOW, "127.0.0.1", "pytest")

    result = run_cli(url, "agent-passwd", "xiaomei", "--password-stdin", stdin="new-password\n")
    assert result.returncode == 0, result.stderr
    assert "1 console session(s) ended" in result.stdout
    with session_scope(url) as s:
        assert sessions.find(s, token, NOW) is None
        assert authenticate(s, "xiaomei", "old-password") is None
        agent = authenticate(s, "xiaomei", "new-password")
        _, token = sessions.open_session(s, agent, NOW, "127.0.0.1", "pytest")

    assert run_cli(url, "agent-passwd", "xiaomei", "--password-stdin", stdin="short\n").returncode == 2
    assert run_cli(url, "agent-passwd", "nobody", "--password-stdin", stdin="long-enough\n").returncode == 2
    result = run_cli(url, "agent-deactivate", "xiaomei")
    assert result.returncode == 0, result.stderr
    with session_scope(url) as s:
        assert sessions.find(s, token, NOW) is None
        assert not find_agent(s, "xiaomei").active
        assert authenticate(s, "xiaomei", "new-password") is None
