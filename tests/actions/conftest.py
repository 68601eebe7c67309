"""Action tests: real actions, a real seeded SQLite shop, trackers built like Rasa builds them."""
from __future__ import annotations

import uuid
from typing import Any, Dict, Iterable, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.service.envelope import KEY, Envelope, seal
from tests.conftest import NOW

ACTION_TOKEN = "actions-test-token-0123456789"

SHIPPED, PAID, DELIVERED_3D, COMPLETED_20D, UNPAID, STALLED, XINJIANG, OTHERS, CANCELLED = (
    f"10012026110000{n:02d}" for n in range(1, 10)
)


@pytest.fixture(autouse=True)
def shop(shop_db, monkeypatch):
    """Point the actions at the test shop and freeze their clock at NOW."""
    import actions.common as common
    from bot.settings import get_settings

    monkeypatch.setenv("XIAOER_DATABASE_URL", shop_db)
    monkeypatch.setenv("XIAOER_ACTION_TOKEN", ACTION_TOKEN)
    get_settings.cache_clear()
    monkeypatch.setattr(common, "shop_now", lambda: NOW)
    yield shop_db
    get_settings.cache_clear()


@pytest.fixture
def fresh_shop(shop, tmp_path, monkeypatch):
    """A shop database of this test's own (seeded as the shared one), for counting what it writes."""
    from bot.settings import get_settings
    from bot.shop.db import ensure_database

    url = f"sqlite:///{tmp_path / 'shop.db'}"
    ensure_database(url, now=NOW)
    monkeypatch.setenv("XIAOER_DATABASE_URL", url)
    get_settings.cache_clear()
    return url


def make_tracker(
    text: str = "",
    intent: str = "",
    entities: Iterable[Dict[str, Any]] = (),
    sender: str = "buyer-1",
    events: Optional[List[Dict[str, Any]]] = None,
    buyer: Optional[str] = None,
    channel: str = "rest",
    client: Optional[str] = None,
    page: Optional[str] = None,
    **slots: Any,
) -> Tracker:
    """A tracker whose latest message is `text` with `intent` and `entities`.

    `buyer` is a nick the widget channel verified: it seals it into the message's metadata.
    Each tracker comes from its own client (address and tab) unless `client` names one; orders in
    a `verified_orders` slot are recorded as proved by that client, as a real verification would.
    `page` is the code of the product page the widget says the message was sent from.
    """
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": list(entities)}
    all_slots = {"language": "zh", **slots}
    client = client or uuid.uuid4().hex[:16]
    envelope = Envelope("widget" if buyer else channel, sender, buyer or "", 2**40 if buyer else 0, client, client)
    metadata = {KEY: seal(ACTION_TOKEN, envelope), **({"page_product": page} if page else {})}
    _record_verified(sender, client, slots.get("verified_orders") or [])
    user_event = {"event": "user", "text": text, "parse_data": latest,
                  "input_channel": "widget" if buyer else channel, "metadata": metadata}
    return Tracker(sender, all_slots, latest, (events or []) + [user_event], False, None, {}, "action_listen")


def _record_verified(sender: str, client: str, order_ids: Iterable[str]) -> None:
    from bot.service.verification import Caller, record
    from bot.settings import get_settings
    from bot.shop.db import session_scope

    with session_scope(get_settings().database_url) as session:
        for order_id in order_ids:
            record(session, order_id, Caller(sender, client, client), True, NOW)


def entity(name: str, value: str) -> Dict[str, Any]:
    """An entity as the NLU pipeline reports it."""
    return {"entity": name, "value": value, "start": 0, "end": len(value)}


def run(action, tracker: Tracker):
    """Run an action; return (response names with values, events as dicts)."""
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, [dict(e) for e in events]


def responses(messages) -> List[str]:
    """The names of the domain responses an action uttered."""
    return [m.get("response") for m in messages]


def slot_values(events) -> Dict[str, Any]:
    """The last value each slot was set to."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def answer(action, tracker: Tracker, intent: str = "affirm"):
    """Run `action`, then the buyer's yes (`affirm`) or no (`deny`) to what it offered, in the same
    conversation and browser tab; returns the messages and events of both turns."""
    from actions.confirm import ActionAffirm, ActionDeny

    first_messages, first_events = run(action, tracker)
    asked = tracker.events[-1]
    text = "确认" if intent == "affirm" else "先不要"
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    reply = {"event": "user", "text": text, "parse_data": latest, "input_channel": asked["input_channel"],
             "metadata": asked["metadata"]}
    follow_up = Tracker(tracker.sender_id, {**tracker.slots, **slot_values(first_events)}, latest,
                        list(tracker.events) + first_events + [reply], False, None, {}, "action_listen")
    messages, events = run(ActionAffirm() if intent == "affirm" else ActionDeny(), follow_up)
    return first_messages + messages, first_events + events


def next_turn(tracker: Tracker, events: List[Dict[str, Any]], text: str, intent: str,
              entities: Iterable[Dict[str, Any]] = ()) -> Tracker:
    """The conversation after the bot's `events` (from running an action on `tracker`) and the
    buyer's next message `text`, from the same browser tab."""
    asked = tracker.events[-1]
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": list(entities)}
    reply = {"event": "user", "text": text, "parse_data": latest, "input_channel": asked["input_channel"],
             "metadata": asked["metadata"]}
    return Tracker(tracker.sender_id, {**tracker.slots, **slot_values(events)}, latest,
                   list(tracker.events) + events + [reply], False, None, {}, "action_listen")
