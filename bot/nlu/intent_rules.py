"""Three rules that overrule the intent classifier, after FallbackClassifier.

- WordlessFallback: a message without a single word (only emoji or punctuation) has nothing to
  understand; whatever the classifier guessed, it becomes nlu_fallback and the bot asks.
- BareValueInform: a message that is nothing but a value the bot asks for (an order number,
  phone digits, a height, a weight, a size, a province, a place in the list just shown) is an
  answer, `inform`. Buyers answer "1000" to "the last 4 digits of the phone, please"; a
  classifier that has seen prices in bargaining messages calls that a bargain. The contract
  (spec/intents.md, domain.yml) says a bare answer to the bot's question is `inform`, so this is
  a rule, not a guess.
- ServiceHoursQuestion: "when are you online", "客服几点上班" asks when people answer
  (bot.service.when); read as a greeting, small talk or not understood, it becomes ask_human,
  whose action answers the question with the shifts and opens no ticket.
"""
from __future__ import annotations

import abc
import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.text import only_values
from bot.policy.references import listed_span

INFORM = "inform"
ANSWER_ENTITIES = frozenset({"order_id", "phone", "height", "weight", "size", "province", "tracking_number"})
# what may surround a bare value: punctuation, symbols, emoji, and the words buyers wrap an answer in
_FILLER_WORDS = re.compile(
    r"订单号?|单号|尾号|手机号?|号码|后四位|是|的|了|啊|呀|哈|哦|噢|嗯|亲|我|呢|吧|那|"
    r"\blast\s*(?:4|four)\b|\b(?:it'?s|is|my|the|order|no|number|phone|last|digits?|ok|okay|please|pls|then)\b",
    re.IGNORECASE)
_WORD = re.compile(r"\w")
_LIST_PLACE = "list_place"  # not an entity of the contract: the words that point into the list shown


def is_bare_value(text: str, entities: List[Dict[str, Any]]) -> bool:
    """True when `text` holds at least one answer entity, or a place in the list just shown ("the
    first one", "第二款"), and nothing but filler around it."""
    span = listed_span(text)
    if span:
        entities = [*entities, {"entity": _LIST_PLACE, "start": span[1], "end": span[2]}]
    return only_values(text, entities, ANSWER_ENTITIES | {_LIST_PLACE}, _FILLER_WORDS)


class IntentRule(GraphComponent, IntentClassifier, abc.ABC):
    """Sets an intent with confidence 1 on the messages a rule recognises."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentRule:
        """Creates the component (nothing to train)."""
        return cls()

    @abc.abstractmethod
    def intent_for(self, message: Message) -> Optional[str]:
        """The intent the rule gives this message, or None to keep the classifier's."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Put the rule's intent first in the ranking of every message it recognises."""
        for message in messages:
            name = self.intent_for(message)
            if name is None:
                continue
            chosen = {"name": name, "confidence": 1.0}
            ranking = [r for r in message.data.get(INTENT_RANKING_KEY, []) if r["name"] != name]
            message.data[INTENT] = chosen
            message.data[INTENT_RANKING_KEY] = [chosen] + ranking
        return messages


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class WordlessFallback(IntentRule):
    """No letters, characters or digits: nothing to understand, so the bot asks what the buyer needs."""

    def intent_for(self, message: Message) -> Optional[str]:
        """nlu_fallback for "😭😭😭" or "？？？"."""
        return None if _WORD.search(message.get(TEXT) or "") else DEFAULT_NLU_FALLBACK_INTENT_NAME


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class BareValueInform(IntentRule):
    """Only an answer value and filler: inform."""

    def intent_for(self, message: Message) -> Optional[str]:
        """inform for "1000", "订单号是 1001… 哦", "新疆", "165 100斤"."""
        return INFORM if is_bare_value(message.get(TEXT) or "", message.get(ENTITIES) or []) else None


_NOT_A_TASK = frozenset({"greet", "goodbye", "thank", "bot_challenge", "out_of_scope", DEFAULT_NLU_FALLBACK_INTENT_NAME})


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class ServiceHoursQuestion(IntentRule):
    """A question about when agents answer, taken for small talk: ask_human (answered, no ticket)."""

    def intent_for(self, message: Message) -> Optional[str]:
        """ask_human for "when are you online" classified as greet; None for everything else."""
        from bot.service.when import asks_service_hours_plainly

        intent = (message.get(INTENT) or {}).get("name")
        if intent in _NOT_A_TASK and asks_service_hours_plainly(message.get(TEXT) or ""):
            return "ask_human"
        return None
