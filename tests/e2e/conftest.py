"""End-to-end: the real action server and Rasa server (trained model), talked to over REST."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import yaml

from tools.servers import Servers, sqlite_tracker


ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "widget"
MODEL = ROOT / "models" / "current.tar.gz"


API_TOKEN = "e2e-api-token-0123456789"
ACTION_TOKEN = "e2e-action-token-0123456789"
SECRETS = {"XIAOER_IDENTITY_SECRET": "e2e-identity-secret-0123456789", "XIAOER_AGENT_TOKEN": "e2e-agent-token-0123456789",
           "XIAOER_API_TOKEN": API_TOKEN, "XIAOER_CONSOLE_SECRET": "e2e-console-secret-0123456789",
           "XIAOER_ACTION_TOKEN": ACTION_TOKEN}
# Conversation tests send messages back to back: the REST limits are raised here (the security
# tests still hit them); the widget keeps its shipped per-session limit. REST chats come from
# addresses of their own (X-Forwarded-For, trusted here as behind a proxy) so that one test's wrong
# phone digits do not slow down another's.
REST_LIMITS = {"rate_burst": 30, "rate_per_minute": 600, "client_burst": 300, "client_per_minute": 6000}
JOBS = {"XIAOER_JOBS_INTERVAL_SECONDS": "2"}
AGENTS = {"xiaomei": ("小美", "agent"), "xiaoli": ("小李", "agent"), "boss": ("店长", "admin")}
PASSWORD = "e2e-password-123"


class Chat:
    """A buyer talking to the REST channel."""

    def __init__(self, base: str, sender: str, address: Optional[str] = None) -> None:
        self.base, self.sender = base, sender
        digest = hashlib.sha256(sender.encode()).digest()
        self.address = address or f"10.{digest[0]}.{digest[1]}.{digest[2]}"

    def post(self, body: Any) -> Tuple[int, Any]:
        """POST a JSON body from this chat's address; (status, decoded reply)."""
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.base}/webhooks/rest/webhook", data,
                                         {"Content-Type": "application/json", "X-Forwarded-For": self.address})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    def say(self, text: str) -> List[str]:
        """Send a message; return the bot's texts."""
        status, reply = self.post({"sender": self.sender, "message": text})
        assert status == 200, (status, reply)
        return [m.get("text", "") for m in reply]

    @property
    def conversation_id(self) -> str:
        """The conversation the REST channel keeps this sender's messages in."""
        return f"rest:{self.sender}"

    def tracker(self) -> Dict:
        """The conversation as the tracker store holds it."""
        url = f"{self.base}/conversations/{self.conversation_id}/tracker?token={API_TOKEN}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.load(response)


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    """Start both servers once for all end-to-end tests; stop them afterwards."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    work = tmp_path_factory.mktemp("e2e")
    shop_url = f"sqlite:///{work / 'shop.db'}"
    from bot.service.agents import add_agent
    from bot.shop.db import ensure_database, session_scope

    ensure_database(shop_url, now=None)
    with session_scope(shop_url) as session:
        for username, (name, role) in AGENTS.items():
            add_agent(session, username, name, role, PASSWORD, datetime.now())
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    credentials["bot.channels.rest.RestChannel"].update(REST_LIMITS)
    credentials_file = work / "credentials.yml"
    credentials_file.write_text(yaml.safe_dump(credentials, allow_unicode=True), encoding="utf-8")
    # scheduled jobs (bot/jobs/): rounds every few seconds, and no quiet hours, so that the 催付 test
    # passes at any hour (quiet hours have unit tests); the rest of the policy is the shipped one
    policy = yaml.safe_load((ROOT / "shop_policy.yml").read_text(encoding="utf-8"))
    policy["proactive"].pop("quiet_hours", None)
    policy_file = work / "shop_policy.yml"
    policy_file.write_text(yaml.safe_dump(policy, allow_unicode=True), encoding="utf-8")
    env = {"XIAOER_DEMO_SHOP": "true", "XIAOER_TRUST_PROXY": "true", "XIAOER_POLICY": str(policy_file), **JOBS}
    with Servers(MODEL, work, shop_url, secrets=SECRETS, env=env, credentials=credentials_file,
                 endpoints={"tracker_store": sqlite_tracker(work / "tracker.db")}) as running:
        yield {"base": running.base, "shop_url": shop_url, "work": work, "actions_url": running.actions_url,
               "supervisor": running.supervisor, **SECRETS, **JOBS}


@pytest.fixture
def chat(servers, request):
    """A new buyer conversation."""
    return Chat(servers["base"], re.sub(r"[^A-Za-z0-9_.@-]", "-", f"{request.node.name[:40]}-{time.time_ns()}"))


@pytest.fixture(scope="session")
def browser():
    """One headless Debian chromium (driven by Playwright) for every browser test; without it the
    browser tests fail (never skip): `make test` installs it (scripts/system_packages.sh)."""
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not executable:
        pytest.fail("chromium is not installed: run scripts/system_packages.sh (make test does) and retry")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (desktop size, zh-CN) and page for one test."""
    context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
