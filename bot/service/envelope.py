"""Who sent a message, as the Rasa server's own channels verified it, signed for the action server.

A channel puts an envelope into the message metadata under `xiaoer`; the action server trusts a
buyer, a channel and a client only from an envelope whose signature matches the shared
XIAOER_ACTION_TOKEN and the conversation it arrived in. Fields a caller writes (input_channel,
metadata.buyer) mean nothing.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from typing import Any, Mapping, Optional

KEY = "xiaoer"
_PURPOSE = b"xiaoer-envelope-v1"


@dataclass(frozen=True)
class Envelope:
    """A verified sender: channel, conversation, buyer nick ("" when anonymous) and its expiry,
    the caller's hashed address, and the client (browser tab or REST caller) key."""

    channel: str
    sender: str
    buyer: str = ""
    expires: int = 0
    address: str = ""
    client: str = ""

    def buyer_at(self, now: float) -> Optional[str]:
        """The signed-in buyer while their identity is unexpired, else None."""
        return self.buyer if self.buyer and self.expires >= now else None


def _key(secret: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), _PURPOSE, hashlib.sha256).digest()


def _payload(envelope: Envelope) -> bytes:
    return json.dumps(asdict(envelope), sort_keys=True, ensure_ascii=False).encode("utf-8")


def seal(secret: str, envelope: Envelope) -> dict:
    """The metadata entry for an envelope: its fields and their signature."""
    signature = hmac.new(_key(secret), _payload(envelope), hashlib.sha256).hexdigest()
    return {**asdict(envelope), "sig": signature}


def open_sealed(secret: Optional[str], metadata: Any, sender: str) -> Optional[Envelope]:
    """The envelope in a message's metadata if its signature is ours and it names this conversation."""
    if not secret or not isinstance(metadata, Mapping) or not isinstance(metadata.get(KEY), Mapping):
        return None
    sealed = metadata[KEY]
    try:
        envelope = Envelope(channel=str(sealed["channel"]), sender=str(sealed["sender"]),
                            buyer=str(sealed.get("buyer") or ""), expires=int(sealed.get("expires") or 0),
                            address=str(sealed.get("address") or ""), client=str(sealed.get("client") or ""))
    except (KeyError, TypeError, ValueError):
        return None
    expected = hmac.new(_key(secret), _payload(envelope), hashlib.sha256).hexdigest()
    if not isinstance(sealed.get("sig"), str) or not hmac.compare_digest(expected, sealed["sig"]):
        return None
    return envelope if envelope.sender == sender else None


def client_key(*parts: str) -> str:
    """A short, non-reversible key for a client (address, browser tab) to count attempts by."""
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:24]
