"""Messages without a single word (only emoji or punctuation) go to the fallback."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

_WORD = re.compile(r"\w")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class WordlessFallback(GraphComponent, IntentClassifier):
    """DIET guesses some intent even for "😭😭😭"; with no letters, characters or digits there is
    nothing to understand, so the bot asks the buyer what they need instead."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> WordlessFallback:
        """Creates the component (nothing to train)."""
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        """Replace the intent of word-less messages by nlu_fallback."""
        for message in messages:
            if _WORD.search(message.get(TEXT) or ""):
                continue
            fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
            message.data[INTENT] = fallback
            ranking = [r for r in message.data.get(INTENT_RANKING_KEY, []) if r["name"] != fallback["name"]]
            message.data[INTENT_RANKING_KEY] = [fallback] + ranking
        return messages
