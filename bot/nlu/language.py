"""Marks each message with the buyer's language, so replies follow the buyer."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.text import detect_language


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class LanguageDetector(GraphComponent):
    """Adds a `language` entity ("zh" or "en") that fills the `language` slot.

    Messages with no words (digits, emoji) add nothing, so the slot keeps the buyer's last
    language. It is not an entity extractor in Rasa's sense, so NLU evaluation ignores it.
    """

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        """Creates the detector (it has nothing to train)."""
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds the language entity to each message that has words."""
        for message in messages:
            text = message.get(TEXT) or ""
            language = detect_language(text)
            if language:
                entity = {
                    "entity": "language",
                    "value": language,
                    "start": 0,
                    "end": len(text),
                    "extractor": self.__class__.__name__,
                }
                message.set(ENTITIES, message.get(ENTITIES, []) + [entity], add_to_output=True)
        return messages
