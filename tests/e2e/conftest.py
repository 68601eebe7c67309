"""End-to-end: the real action server and Rasa server (trained model), talked to over REST."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Dict, List

import pytest

from bot.bench.servers import ACTION_SERVER_ENV, free_port, wait_until_up


ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "widget"
MODEL = ROOT / "models" / "current.tar.gz"
VENV_BIN = Path(sys.executable).parent


API_TOKEN = "e2e-api-token"
SECRETS = {"XIAOER_IDENTITY_SECRET": "e2e-identity-secret-0123456789", "XIAOER_AGENT_TOKEN": "e2e-agent-token",
           "XIAOER_API_TOKEN": API_TOKEN, "XIAOER_CONSOLE_SECRET": "e2e-console-secret-0123456789"}
AGENTS = {"xiaomei": ("小美", "agent"), "xiaoli": ("小李", "agent"), "boss": ("店长", "admin")}
PASSWORD = "e2e-password-123"


class Chat:
    """A buyer talking to the REST channel."""

    def __init__(self, base: str, sender: str) -> None:
        self.base, self.sender = base, sender

    def say(self, text: str) -> List[str]:
        """Send a message; return the bot's texts."""
        body = json.dumps({"sender": self.sender, "message": text}).encode()
        request = urllib.request.Request(f"{self.base}/webhooks/rest/webhook", body,
                                         {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return [m.get("text", "") for m in json.load(response)]

    def tracker(self) -> Dict:
        """The conversation as the tracker store holds it."""
        url = f"{self.base}/conversations/{self.sender}/tracker?token={API_TOKEN}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.load(response)


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    """Start both servers once for all end-to-end tests; stop them afterwards."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    work = tmp_path_factory.mktemp("e2e")
    shop_url = f"sqlite:///{work / 'shop.db'}"
    from bot.shop.db import ensure_database

    ensure_database(shop_url, now=None)
    from bot.console.queue import add_agent
    from bot.shop.db import session_scope
    from datetime import datetime

    with session_scope(shop_url) as session:
        for username, (name, role) in AGENTS.items():
            add_agent(session, username, name, role, PASSWORD, datetime.now())
    rasa_port, actions_port = free_port(), free_port()
    endpoints = work / "endpoints.yml"
    endpoints.write_text(
        f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n"
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {work / 'tracker.db'}\n"
        "nlg:\n  type: bot.nlg.BilingualNLG\n"
    )
    env = {**os.environ, **SECRETS, "XIAOER_DATABASE_URL": shop_url, "PYTHONPATH": str(ROOT),
           "RASA_TELEMETRY_ENABLED": "false"}
    logs = [open(work / "actions.log", "w"), open(work / "rasa.log", "w")]
    procs = [
        subprocess.Popen([str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions",
                          "--port", str(actions_port)], cwd=ROOT, env={**env, **ACTION_SERVER_ENV},
                         stdout=logs[0], stderr=subprocess.STDOUT),
        subprocess.Popen([str(VENV_BIN / "rasa"), "run", "--enable-api", "--auth-token", API_TOKEN, "--port", str(rasa_port),
                          "-m", str(MODEL), "--credentials", str(ROOT / "credentials.yml"),
                          "--endpoints", str(endpoints)], cwd=ROOT, env=env, stdout=logs[1], stderr=subprocess.STDOUT),
    ]
    try:
        wait_until_up(f"http://127.0.0.1:{actions_port}/health", procs)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/status?token={API_TOKEN}", procs)
        yield {"base": f"http://127.0.0.1:{rasa_port}", "shop_url": shop_url, "work": work, **SECRETS}
    except Exception:
        for log in logs:
            log.flush()
        print((work / "rasa.log").read_text()[-3000:], (work / "actions.log").read_text()[-3000:])
        raise
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs:
            log.close()


@pytest.fixture
def chat(servers, request):
    """A new buyer conversation."""
    return Chat(servers["base"], f"{request.node.name}-{time.time_ns()}")


@pytest.fixture(scope="session")
def browser():
    """One headless Debian chromium (driven by Playwright) for every browser test."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()
