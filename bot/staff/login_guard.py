"""Console login throttling: a lock per account that grows with each failure, a block per client.

The decisions are plain functions of attempt times (`decide`); the repository functions below
read and write the `login_attempts` table, so the count survives restarts and holds across
processes. They never commit.

Account: 5 failed logins in a row (each within 15 minutes of the one before, or of the end of
the lock then in force) lock the account name for 1 minute; every further failure doubles the
lock (2, 4, 8, 16 minutes) up to 30 minutes. A success ends the streak; so do 15 quiet minutes
after a lock ends. Names that do not exist lock the same way, so a lock tells nothing.
Client: 20 failed or refused logins from one address within 15 minutes refuse that address
until it has fewer than 20 in the last 15 minutes (IPv6: per /64 network).
"""
from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.shop.models import LoginAttempt

MAX_USERNAME_CHARS = 64


@dataclass(frozen=True)
class GuardRules:
    """The numbers of the login guard."""

    account_threshold: int = 5
    account_gap: timedelta = timedelta(minutes=15)
    first_lock: timedelta = timedelta(minutes=1)
    max_lock: timedelta = timedelta(minutes=30)
    lookback: timedelta = timedelta(hours=24)
    client_threshold: int = 20
    client_window: timedelta = timedelta(minutes=15)


RULES = GuardRules()


@dataclass(frozen=True)
class Verdict:
    """May this login be checked at all? If not, why and for how many seconds."""

    allowed: bool
    retry_after: int = 0
    reason: Optional[str] = None  # "account_locked" | "client_blocked"


def lock_length(streak: int, rules: GuardRules = RULES) -> timedelta:
    """How long an account stays locked after `streak` failures in a row (0 below the threshold)."""
    if streak < rules.account_threshold:
        return timedelta(0)
    doublings = min(streak - rules.account_threshold, 20)
    return min(rules.first_lock * 2**doublings, rules.max_lock)


def account_locked_until(failures: Sequence[datetime], now: datetime, rules: GuardRules = RULES) -> Optional[datetime]:
    """When the account's lock ends, None if it is not locked; `failures` are the times of its
    failed logins since its last success (any order)."""
    streak, previous = 0, None
    for at in sorted(failures):
        if previous is not None and at - previous > rules.account_gap + lock_length(streak, rules):
            streak = 0
        streak, previous = streak + 1, at
    if previous is None or streak < rules.account_threshold:
        return None
    until = previous + lock_length(streak, rules)
    return until if until > now else None


def client_blocked_until(misses: Sequence[datetime], now: datetime, rules: GuardRules = RULES) -> Optional[datetime]:
    """When a client may try again, None if it may now; `misses` are the times of its failed or
    refused logins (any order)."""
    recent = sorted((at for at in misses if timedelta(0) <= now - at < rules.client_window), reverse=True)
    if len(recent) < rules.client_threshold:
        return None
    return recent[rules.client_threshold - 1] + rules.client_window


def decide(account_failures: Sequence[datetime], client_misses: Sequence[datetime], now: datetime,
           rules: GuardRules = RULES) -> Verdict:
    """Allow a login to be checked, or refuse it with the seconds to wait (the later of the two)."""
    blocks = [(until, reason) for until, reason in (
        (account_locked_until(account_failures, now, rules), "account_locked"),
        (client_blocked_until(client_misses, now, rules), "client_blocked"),
    ) if until is not None]
    if not blocks:
        return Verdict(allowed=True)
    until, reason = max(blocks)
    return Verdict(allowed=False, retry_after=max(1, math.ceil((until - now).total_seconds())), reason=reason)


def client_key(address: Optional[str]) -> str:
    """The key a client's attempts are counted under: its IPv4 address, or its IPv6 /64."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return (address or "unknown")[:64]
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


# -- repository ---------------------------------------------------------------------------------
def verdict_for(s: Session, username: str, client: str, now: datetime, rules: GuardRules = RULES) -> Verdict:
    """The guard's verdict for a login to `username` from `client`, from the recorded attempts."""
    username = username[:MAX_USERNAME_CHARS]
    last_ok = s.scalar(select(func.max(LoginAttempt.attempted_at))
                       .where(LoginAttempt.username == username, LoginAttempt.outcome == "ok"))
    since = max(last_ok, now - rules.lookback) if last_ok else now - rules.lookback
    failures = s.scalars(
        select(LoginAttempt.attempted_at)
        .where(LoginAttempt.username == username, LoginAttempt.outcome == "failed", LoginAttempt.attempted_at > since)
        .order_by(LoginAttempt.attempted_at.desc()).limit(64)
    ).all()
    misses = s.scalars(
        select(LoginAttempt.attempted_at)
        .where(LoginAttempt.client_address == client, LoginAttempt.outcome != "ok",
               LoginAttempt.attempted_at > now - rules.client_window)
        .order_by(LoginAttempt.attempted_at.desc()).limit(rules.client_threshold)
    ).all()
    return decide(failures, misses, now, rules)


def record(s: Session, username: str, client: str, now: datetime, outcome: str) -> None:
    """Note one login attempt: outcome "ok", "failed" or "refused"."""
    s.add(LoginAttempt(attempted_at=now, username=username[:MAX_USERNAME_CHARS], client_address=client[:64],
                       outcome=outcome))
    s.flush()


def prune(s: Session, now: datetime, keep: timedelta = timedelta(days=30)) -> int:
    """Forget attempts older than `keep` (they no longer count); how many rows went."""
    return s.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < now - keep)).rowcount
