"""Replies in the buyer's language: a response generator that picks the zh or en variant."""
from __future__ import annotations

from typing import Any, Dict, Iterable, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

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


class BilingualNLG(TemplatedNaturalLanguageGenerator):
    """Fills the `language` slot's condition from the conversation before choosing a variant.

    Configured in endpoints.yml as `nlg: type: bot.nlg.BilingualNLG`.
    """

    def __init__(self, endpoint_config: Any = None, domain: Any = None) -> None:
        super().__init__(domain.responses if domain is not None else {})

    async def generate(
        self, utter_action: Text, tracker: Any, output_channel: Text, **kwargs: Any
    ) -> Optional[Dict[Text, Any]]:
        """Generate the response variant for the buyer's current language."""
        slots = tracker.current_slot_values()
        events = (event.as_dict() for event in tracker.events)
        slots["language"] = conversation_language(events, slots.get("language"))
        return self.generate_from_slots(utter_action, slots, output_channel, **kwargs)
