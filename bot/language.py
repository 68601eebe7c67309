"""Which language the buyer writes in."""
from __future__ import annotations

from typing import Any, Dict, Iterable, Optional

from bot.nlu.text import detect_language


def conversation_language(events: Iterable[Dict[str, Any]], fallback: Optional[str] = None) -> str:
    """The language of the buyer's latest message that has words (digits and emoji say nothing).

    A button's payload ("/track_logistics") counts by the title the buyer clicked, if known.

    Falls back to `fallback` (e.g. the widget's chosen language), then Chinese.
    """
    for event in reversed(list(events)):
        if event.get("event") == "user":
            text = event.get("text") or ""
            if text.startswith("/"):
                text = (event.get("metadata") or {}).get("display") or ""
            language = detect_language(text)
            if language:
                return language
    return fallback if fallback in ("zh", "en") else "zh"
