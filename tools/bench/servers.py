"""Start and stop the real action server and Rasa server for a benchmark run.

Two deployments: `sqlite` (the embedded default: SQLite shop DB and tracker store, in-memory
lock store) and `scaled` (PostgreSQL shop DB and tracker store, Redis lock store).
"""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import yaml
from sqlalchemy.engine import make_url

from bot.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 3


def free_port() -> int:
    """A free loopback TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_postgres_database(name: str) -> str:
    """Drop and create database `name` on the local PostgreSQL; returns its URL."""
    import psycopg2

    connection = psycopg2.connect(f"{get_settings().postgres_admin_url}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')  # name is one of our constants, not input
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return f"{get_settings().postgres_admin_url}/{name}"


def endpoints(deployment: str, work: Path, actions_port: int) -> Dict:
    """endpoints.yml content for a deployment."""
    config: Dict = {"action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook",
                                        "headers": {"Authorization": "Bearer ${XIAOER_ACTION_TOKEN}"}},
                    "nlg": {"type": "bot.nlg.BilingualNLG"}}
    if deployment == "sqlite":
        config["tracker_store"] = {"type": "SQL", "dialect": "sqlite", "db": str(work / "tracker.db")}
    else:
        url = make_url(fresh_postgres_database("xiaoer_bench_tracker"))
        config["tracker_store"] = {"type": "SQL", "dialect": "postgresql", "url": url.host, "port": url.port or 5432,
                                   "db": url.database, "username": url.username, "password": url.password or ""}
        config["lock_store"] = {"type": "redis", "url": REDIS_HOST, "port": REDIS_PORT, "db": REDIS_DB,
                                "key_prefix": "xiaoer_bench"}
    return config


def bench_credentials(work: Path) -> Path:
    """credentials.yml with the per-session and per-address rate limits lifted: every simulated
    buyer comes from one address, and the limits guard against abuse, not a busy evening."""
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    widget = credentials["bot.channels.widget.WidgetInput"]
    widget.update(rate_burst=100000, rate_per_minute=1000000)
    credentials["bot.channels.rest.RestChannel"].update(rate_burst=100000, rate_per_minute=1000000,
                                                        client_burst=100000, client_per_minute=1000000)
    path = work / "credentials.yml"
    path.write_text(yaml.safe_dump(credentials, allow_unicode=True), encoding="utf-8")
    return path


def wait_until_up(url: str, procs: List[subprocess.Popen], seconds: int = 300) -> None:
    """Poll `url` until it answers; fail early if one of the server processes exits."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited early: {' '.join(map(str, proc.args[:3]))}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(url)


@dataclass
class Servers:
    """Both servers of one deployment, started from `model`; use as a context manager."""

    deployment: str
    model: Path
    work: Path
    base: str = ""
    database_url: str = ""
    load_seconds: float = 0.0
    secrets: Dict[str, str] = field(default_factory=dict)
    procs: List[subprocess.Popen] = field(default_factory=list)

    def __enter__(self) -> "Servers":
        from bot.shop.db import ensure_database

        self.work.mkdir(parents=True, exist_ok=True)
        if self.deployment == "sqlite":
            self.database_url = f"sqlite:///{self.work / 'shop.db'}"
        else:
            self.database_url = fresh_postgres_database("xiaoer_bench_shop")
            _clear_redis()
        ensure_database(self.database_url)
        rasa_port, actions_port = free_port(), free_port()
        endpoint_file = self.work / "endpoints.yml"
        endpoint_file.write_text(yaml.safe_dump(endpoints(self.deployment, self.work, actions_port)))
        self.secrets = {name: secrets.token_hex(24) for name in
                        ("XIAOER_IDENTITY_SECRET", "XIAOER_AGENT_TOKEN", "XIAOER_API_TOKEN", "XIAOER_CONSOLE_SECRET",
                         "XIAOER_ACTION_TOKEN")}
        env = {**os.environ, **self.secrets, "XIAOER_DATABASE_URL": self.database_url, "PYTHONPATH": str(ROOT),
               "RASA_TELEMETRY_ENABLED": "false"}
        token = self.secrets["XIAOER_API_TOKEN"]
        started = time.monotonic()
        launcher = [sys.executable, "-m", "bot.launcher"]
        self.procs = [
            self._spawn("actions", launcher + ["actions", "--actions-port", str(actions_port)], env),
            self._spawn("rasa", launcher + ["rasa", "--port", str(rasa_port), "--model", str(self.model),
                                            "--credentials", str(bench_credentials(self.work)),
                                            "--endpoints", str(endpoint_file)], env),
        ]
        try:
            wait_until_up(f"http://127.0.0.1:{actions_port}/health", self.procs)
            wait_until_up(f"http://127.0.0.1:{rasa_port}/status?token={token}", self.procs)
        except Exception:
            self.__exit__(None, None, None)
            raise
        self.load_seconds = time.monotonic() - started
        self.base = f"http://127.0.0.1:{rasa_port}"
        return self

    def _spawn(self, name: str, command: List[str], env: Dict[str, str]) -> subprocess.Popen:
        log = open(self.work / f"{name}.log", "w")
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    @property
    def rasa_pid(self) -> int:
        """The Rasa server's process id."""
        return self.procs[1].pid

    @property
    def actions_pid(self) -> int:
        """The action server's process id."""
        return self.procs[0].pid

    def __exit__(self, *_: object) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _clear_redis() -> None:
    import redis

    redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB).flushdb()


def rss_mb(pid: int) -> Optional[float]:
    """Resident memory of a process and its children, in MB (None once it has gone)."""
    total, found = 0, False
    for candidate in [pid] + _children(pid):
        try:
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    found = True
        except OSError:
            continue
    return total / 1024 if found else None


def cpu_seconds(pid: int) -> float:
    """User + system CPU time used so far by a process and its live children, in seconds."""
    ticks = 0
    for candidate in [pid] + _children(pid):
        try:
            fields = Path(f"/proc/{candidate}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> List[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children
