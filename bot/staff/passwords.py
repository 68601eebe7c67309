"""Agent passwords (scrypt), checked off the event loop and in the same time for unknown users."""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Optional

_N, _R, _P = 2**14, 8, 1
MAX_PASSWORD_CHARS = 1024
HASH_WORKERS = 1  # one core at most for logins, whatever arrives: buyers keep the other
MAX_PENDING_HASHES = 16


class HashingBusy(RuntimeError):
    """Too many password checks are queued already; the login should be refused for now."""


def hash_password(password: str) -> str:
    """A salted scrypt hash: "scrypt$n$r$p$salt$hash"."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """True when the password matches the stored hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual.hex(), digest)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash of a random password with the real parameters: checked when the user is unknown,
    so that an unknown name costs as much time as a known one."""
    return hash_password(secrets.token_urlsafe(24))


def verify(password: str, stored: Optional[str]) -> bool:
    """Check a password against an agent's hash, or against the dummy hash when there is no
    agent (always False then); over-long passwords are checked in the same time and refused."""
    too_long = len(password) > MAX_PASSWORD_CHARS
    matched = check_password(password[:MAX_PASSWORD_CHARS], stored or dummy_hash())
    return matched and stored is not None and not too_long


class PasswordChecker:
    """Runs `verify` on a small thread pool so the event loop (buyers' replies) never waits for
    scrypt; refuses work beyond `max_pending` queued checks instead of queueing a flood."""

    def __init__(self, workers: int = HASH_WORKERS, max_pending: int = MAX_PENDING_HASHES) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="xiaoer-scrypt")
        self._max_pending = max_pending
        self._pending = 0
        self._lock = threading.Lock()

    async def verify(self, password: str, stored: Optional[str]) -> bool:
        """`verify(password, stored)` in the pool; HashingBusy when too many wait already."""
        with self._lock:
            if self._pending >= self._max_pending:
                raise HashingBusy("too many logins at once")
            self._pending += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, verify, password, stored)
        finally:
            with self._lock:
                self._pending -= 1


def constant_time_equal(expected: str, given: Optional[str]) -> bool:
    """Compare two secrets without leaking where they differ (False for None)."""
    return given is not None and hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8", "replace"))
