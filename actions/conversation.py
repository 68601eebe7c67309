"""Reading a conversation's past from the tracker's events (plain dicts, no Rasa objects).

Slots such as order_id are filled from entities on every message, so an answer typed into a form
(a tax id, a landline in an address) can overwrite them. These helpers tell what a slot was
before the buyer's latest message, or when a form started, and find the message in which the
buyer stated a request.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional, Sequence

# entities the NLU fills into these slots on any message; a form's answer must not change them
GUARDED_SLOTS = ("order_id", "phone_last4")
_RESETS = ("restart", "session_started")
_WORDS = re.compile(r"[\u3400-\u9fff]{2,}|[A-Za-z]{3,}")
_DIGITS_AND_CODES = re.compile(r"[A-Za-z]*\d[\dA-Za-z\-]*")


def _replay(events: Sequence[Dict[str, Any]], name: str, stop: int) -> Any:
    value = None
    for event in events[:stop]:
        kind = event.get("event")
        if kind in _RESETS:
            value = None
        elif kind == "slot" and event.get("name") == name:
            value = event.get("value")
    return value


def _last_index(events: Sequence[Dict[str, Any]], matches) -> int:
    return next((i for i in range(len(events) - 1, -1, -1) if matches(events[i])), -1)


def slot_before_latest_message(events: Sequence[Dict[str, Any]], name: str) -> Any:
    """The value the slot had just before the buyer's latest message."""
    index = _last_index(events, lambda e: e.get("event") == "user")
    return _replay(events, name, index if index >= 0 else len(events))


def slot_when_loop_started(events: Sequence[Dict[str, Any]], loop: str, name: str) -> Any:
    """The value the slot had when the form `loop` was last activated (None if it never was)."""
    index = _last_index(events, lambda e: e.get("event") == "active_loop" and e.get("name") == loop)
    return _replay(events, name, index) if index >= 0 else None


def keep_guarded_slots(events: Sequence[Dict[str, Any]], current: Dict[str, Any]) -> Dict[str, Any]:
    """Slot values that put back what the latest message changed in GUARDED_SLOTS.

    `current` maps slot names to their values now. Used by form validations: a tax id or an
    address is an answer to the form, never a new order number or phone verification.
    """
    restored = {}
    for name in GUARDED_SLOTS:
        before = slot_before_latest_message(events, name)
        if current.get(name) != before:
            restored[name] = before
    return restored


def form_answer_guard(tracker: Any) -> Dict[str, Any]:
    """keep_guarded_slots for a rasa_sdk Tracker (none for None: a validation called directly)."""
    if tracker is None:
        return {}
    return keep_guarded_slots(tracker.events, {name: tracker.get_slot(name) for name in GUARDED_SLOTS})


def has_words(text: str) -> bool:
    """True if the text says something beyond numbers and codes (two Chinese characters or a word).

    A button's payload ("/request_refund") is no words of the buyer's.
    """
    if (text or "").lstrip().startswith("/"):
        return False
    return _WORDS.search(_DIGITS_AND_CODES.sub(" ", text or "")) is not None


def stated_request(events: Iterable[Dict[str, Any]], intents: Sequence[str],
                   answer_intents: Sequence[str] = ("inform", "affirm")) -> Optional[str]:
    """The buyer's own words for the request being handled.

    Walks back over the buyer's messages: answers to the bot's questions (an order number, phone
    digits: intents in `answer_intents`, or messages without words) are skipped; the first other
    message is the statement if its intent is one of `intents` and it has words, else there is none.
    """
    users: List[Dict[str, Any]] = [e for e in events if e.get("event") == "user"]
    for event in reversed(users):
        text = event.get("text") or ""
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
        if intent in answer_intents or not has_words(text):
            continue
        return text if intent in intents else None
    return None

