"""A conversation's messages as the widget shows them again after a reload.

Besides the buyer's and the bot's messages, the channels record what happens outside a turn as
bot events marked in their metadata (`WIDGET_EVENT`): the buyer's ★ rating of an agent's service
(the "/rate N" button never reaches the NLU) and an agent joining or leaving the chat. They come
back as the buyer's rating message and as notices, so a reload shows the same chat as before.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional

from rasa.shared.core.events import BotUttered, UserUttered

MAX_HISTORY = 200
WIDGET_EVENT = "widget_event"
NOTICES = ("agent_joined", "agent_left")


def rating_event(rating: int, message_id: Optional[str] = None) -> BotUttered:
    """The buyer's ★ rating as it is kept in the transcript (shown as the buyer's message)."""
    metadata: Dict[str, Any] = {WIDGET_EVENT: "rating", "rating": rating}
    if message_id:
        metadata["message_id"] = message_id
    return BotUttered("★" * rating, metadata=metadata)


def notice_event(kind: str, name: str) -> BotUttered:
    """An agent joined (`agent_joined`) or left (`agent_left`) the chat, kept in the transcript."""
    if kind not in NOTICES:
        raise ValueError(f"unknown notice {kind!r}")
    return BotUttered(None, metadata={WIDGET_EVENT: kind, "name": name})


def _widget_entry(event: BotUttered) -> Optional[Dict[str, Any]]:
    """The history entry of a recorded rating or notice; None for an ordinary bot message."""
    metadata = event.metadata or {}
    kind = metadata.get(WIDGET_EVENT)
    if kind == "rating":
        entry: Dict[str, Any] = {"sender": "buyer", "text": event.text or "", "timestamp": event.timestamp}
        if isinstance(metadata.get("message_id"), str):
            entry["message_id"] = metadata["message_id"]
        return entry
    if kind in NOTICES:
        return {"sender": "notice", "notice": kind, "name": str(metadata.get("name") or ""),
                "timestamp": event.timestamp}
    return None


def clean_buttons(buttons: Any) -> List[Dict[str, str]]:
    """Only the title and payload of each quick-reply button, as strings."""
    cleaned = []
    for button in buttons or []:
        if isinstance(button, dict) and button.get("title"):
            cleaned.append({"title": str(button["title"]), "payload": str(button.get("payload") or button["title"])})
    return cleaned


def messages(events: Iterable[Any], notices: bool = True) -> List[Dict[str, Any]]:
    """Buyer, bot and agent messages of a tracker's events, oldest first (the last 200), with the
    buyer's ratings and (unless `notices` is False) the agent joined/left notices."""
    result: List[Dict[str, Any]] = []
    entry: Dict[str, Any]
    for event in events:
        if isinstance(event, BotUttered) and (event.metadata or {}).get(WIDGET_EVENT):
            widget_entry = _widget_entry(event)
            if widget_entry and (notices or widget_entry["sender"] != "notice"):
                result.append(widget_entry)
            continue
        if isinstance(event, UserUttered) and event.text:
            metadata = event.metadata or {}
            entry = {"sender": "buyer", "text": metadata.get("display") or event.text, "timestamp": event.timestamp}
            if isinstance(metadata.get("message_id"), str):
                entry["message_id"] = metadata["message_id"]
            result.append(entry)
        elif isinstance(event, BotUttered):
            metadata = event.metadata or {}
            entry = {"sender": "agent" if metadata.get("agent") else "bot",
                                     "text": event.text or "", "timestamp": event.timestamp}
            if metadata.get("agent"):
                entry["name"] = str(metadata["agent"])
            data = event.data or {}
            if data.get("buttons"):
                entry["buttons"] = clean_buttons(data["buttons"])
            if data.get("custom"):
                entry["custom"] = data["custom"]
            if data.get("image"):
                entry["image"] = data["image"]
            if entry["text"] or len(entry) > 3:
                result.append(entry)
    return result[-MAX_HISTORY:]
