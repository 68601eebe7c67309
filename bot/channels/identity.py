"""Signed buyer identity: the shop's backend signs, the widget channel verifies."""
from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any, Mapping, Optional

MAX_BUYER_LENGTH = 64


def sign(secret: str, buyer: str, expires: int) -> str:
    """hex(HMAC-SHA256(secret, "<buyer>|<expires>")): what the shop's backend computes."""
    message = f"{buyer}|{int(expires)}".encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify(secret: Optional[str], identity: Any, now: Optional[float] = None) -> Optional[str]:
    """The buyer of a valid, unexpired identity {buyer, expires, signature}; None otherwise."""
    if not secret or not isinstance(identity, Mapping):
        return None
    buyer, expires, signature = identity.get("buyer"), identity.get("expires"), identity.get("signature")
    if not isinstance(buyer, str) or not buyer or len(buyer) > MAX_BUYER_LENGTH or not buyer.isprintable():
        return None
    if any("\ud800" <= c <= "\udfff" for c in buyer):
        return None
    if not isinstance(signature, str) or not signature.isascii():
        return None
    try:
        expires = int(expires)
    except (TypeError, ValueError):
        return None
    if expires < (time.time() if now is None else now):
        return None
    if not hmac.compare_digest(sign(secret, buyer, expires), signature.lower()):
        return None
    return buyer
