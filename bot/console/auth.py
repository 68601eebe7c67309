"""Agent passwords (scrypt) and signed login-session tokens."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Optional

_N, _R, _P = 2**14, 8, 1
SESSION_SECONDS = 12 * 3600


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


def make_session_token(secret: str, agent_id: int, now: Optional[float] = None) -> str:
    """"<agent id>.<expires>.<hmac>" for the console cookie."""
    expires = int((time.time() if now is None else now) + SESSION_SECONDS)
    payload = f"{agent_id}.{expires}"
    signature = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()
    return f"{payload}.{signature}"


def read_session_token(secret: str, token: Optional[str], now: Optional[float] = None) -> Optional[int]:
    """The agent id of a valid, unexpired token; None otherwise."""
    try:
        agent_id, expires, signature = (token or "").split(".")
        expected = hmac.new(secret.encode(), f"{agent_id}.{expires}".encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            return None
        if int(expires) < (time.time() if now is None else now):
            return None
        return int(agent_id)
    except (ValueError, AttributeError):
        return None
