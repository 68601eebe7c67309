"""The two deployments a benchmark runs on, started with tools.servers.Servers.

`sqlite` is the embedded default (SQLite shop DB and tracker store, in-memory lock store);
`scaled` has the shop DB and tracker store on PostgreSQL and the lock store on Redis.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Optional

import yaml
from sqlalchemy.engine import make_url

from bot.settings import get_settings
from tools.servers import ROOT, Servers, child_pids, sqlite_tracker

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 3


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


def stores(deployment: str, work: Path) -> Dict:
    """The endpoints.yml tracker and lock stores of a deployment."""
    if deployment == "sqlite":
        return {"tracker_store": sqlite_tracker(work / "tracker.db")}
    url = make_url(fresh_postgres_database("xiaoer_bench_tracker"))
    return {"tracker_store": {"type": "SQL", "dialect": "postgresql", "url": url.host, "port": url.port or 5432,
                              "db": url.database, "username": url.username, "password": url.password or ""},
            "lock_store": {"type": "redis", "url": REDIS_HOST, "port": REDIS_PORT, "db": REDIS_DB,
                           "key_prefix": "xiaoer_bench"}}


def bench_credentials(work: Path) -> Path:
    """credentials.yml with the per-session and per-address rate limits lifted: every simulated
    buyer comes from one address, and the limits guard against abuse, not a busy evening."""
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    widget = credentials["bot.channels.widget.WidgetInput"]
    widget.update(rate_burst=100000, rate_per_minute=1000000)
    credentials["bot.channels.rest.RestChannel"].update(rate_burst=100000, rate_per_minute=1000000,
                                                        client_burst=100000, client_per_minute=1000000)
    work.mkdir(parents=True, exist_ok=True)
    path = work / "credentials.yml"
    path.write_text(yaml.safe_dump(credentials, allow_unicode=True), encoding="utf-8")
    return path


def deployment_servers(deployment: str, model: Path, work: Path) -> Servers:
    """Servers for one deployment on a freshly seeded shop database (start them with `with`)."""
    from bot.shop.db import ensure_database

    work.mkdir(parents=True, exist_ok=True)
    if deployment == "sqlite":
        database_url = f"sqlite:///{work / 'shop.db'}"
    else:
        database_url = fresh_postgres_database("xiaoer_bench_shop")
        _clear_redis()
    ensure_database(database_url)
    return Servers(model, work, database_url, credentials=bench_credentials(work), endpoints=stores(deployment, work))


def _clear_redis() -> None:
    import redis

    redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB).flushdb()


def rss_mb(pid: int) -> Optional[float]:
    """Resident memory of a process and its children, in MB (None once it has gone)."""
    total, found = 0, False
    for candidate in [pid] + child_pids(pid):
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
    for candidate in [pid] + child_pids(pid):
        try:
            fields = Path(f"/proc/{candidate}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")
