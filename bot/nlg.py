"""Replies in the buyer's language: a response generator that picks the zh or en variant."""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

from bot import speedups
from bot.language import conversation_language


class BilingualNLG(TemplatedNaturalLanguageGenerator):
    """Fills the `language` slot's condition from the conversation before choosing a variant.

    Configured in endpoints.yml as `nlg: type: bot.nlg.BilingualNLG`.
    """

    def __init__(self, endpoint_config: Any = None, domain: Any = None) -> None:
        speedups.install()
        super().__init__(domain.responses if domain is not None else {})

    async def generate(
        self, utter_action: Text, tracker: Any, output_channel: Text, **kwargs: Any
    ) -> Optional[Dict[Text, Any]]:
        """Generate the response variant for the buyer's current language."""
        slots = tracker.current_slot_values()
        events = (event.as_dict() for event in tracker.events)
        slots["language"] = conversation_language(events, slots.get("language"))
        return self.generate_from_slots(utter_action, slots, output_channel, **kwargs)
