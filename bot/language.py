"""Which language the buyer writes in."""
from __future__ import annotations

from typing import Any, Dict, Iterable, Optional

from bot.nlu.text import detect_language


def conversation_language(events: Iterable[Dict[str, Any]], fallback: Optional[str] = None) -> str:
    """The language of the buyer's latest message that has words (digits and emoji say nothing).

    A button's payload ("/track_logistics") counts by the title the buyer clicked, if known.

    Falls back to the language the widget was opened in (the latest message's metadata), then to
    `fallback` (the language slot), then Chinese: "😊" in an English chat gets an English answer.
    """
    chosen = None
    for event in reversed(list(events)):
        if event.get("event") == "user":
            metadata = event.get("metadata") or {}
            text = event.get("text") or ""
            if text.startswith("/"):
                text = metadata.get("display") or ""
            language = detect_language(text)
            if language:
                return language
            chosen = chosen or metadata.get("language")
    for language in (chosen, fallback):
        if language in ("zh", "en"):
            return language
    return "zh"
