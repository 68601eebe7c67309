"""A conversation's messages as the widget shows them again after a reload."""
from __future__ import annotations

from typing import Any, Dict, Iterable, List

from rasa.shared.core.events import BotUttered, UserUttered

MAX_HISTORY = 200


def clean_buttons(buttons: Any) -> List[Dict[str, str]]:
    """Only the title and payload of each quick-reply button, as strings."""
    cleaned = []
    for button in buttons or []:
        if isinstance(button, dict) and button.get("title"):
            cleaned.append({"title": str(button["title"]), "payload": str(button.get("payload") or button["title"])})
    return cleaned


def messages(events: Iterable[Any]) -> List[Dict[str, Any]]:
    """Buyer, bot and agent messages of a tracker's events, oldest first (the last 200)."""
    result: List[Dict[str, Any]] = []
    entry: Dict[str, Any]
    for event in events:
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
