"""Products, colours and sizes matched against the shop's own catalogue (issue 10, item 3).

A thin Rasa wrapper around bot/nlu/vocabulary.py: nothing is trained and nothing is stored in the
model. The vocabulary is read from the shop database (bot.settings: XIAOER_DATABASE_URL) when the
model loads and again every `refresh_seconds` in the background, so a product added to the shop is
understood without retraining or a restart. If the database cannot be read, the component logs it,
extracts nothing and tries again after `retry_seconds`; it never stops the server.

It runs after ShopEntityExtractor and adds only what that one did not find: no entity overlapping
one already in the message, and no second entity with the same name and value.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.negation import without_negated
from bot.nlu.vocabulary import LiveVocabulary, Match

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class CatalogueEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Extracts product, color and size by matching the message against the shop's catalogue."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """`refresh_seconds`: how old the vocabulary may get before it is read again;
        `retry_seconds`: how soon to try again after the database could not be read;
        `load_wait_seconds`: how long loading the model waits for the first read."""
        return {"refresh_seconds": 300, "retry_seconds": 30, "load_wait_seconds": 10}

    @staticmethod
    def required_packages() -> List[Text]:
        """The shop database is read with SQLAlchemy."""
        return ["sqlalchemy"]

    def __init__(self, config: Dict[Text, Any], live: Optional[LiveVocabulary] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._live = live

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CatalogueEntityExtractor:
        """Called when the model loads (the component has nothing to train): reads the catalogue."""
        config = {**cls.get_default_config(), **config}
        try:
            from bot.settings import get_settings

            url = get_settings().database_url
        except Exception as error:  # a broken setting must not stop the server from answering
            logger.warning("CatalogueEntityExtractor has no database (%s); extracting nothing.", error)
            return cls(config, None)
        live = LiveVocabulary(url, refresh_seconds=float(config["refresh_seconds"]),
                              retry_seconds=float(config["retry_seconds"]))
        live.start(wait_seconds=float(config["load_wait_seconds"]))
        return cls(config, live)

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds the catalogue's products, colours and sizes to each message, less a value the buyer
        rules out ("不是牛仔裤 是卫衣": bot.nlu.negation)."""
        if self._live is None:
            return messages
        vocabulary = self._live.current()
        for message in messages:
            existing = message.get(ENTITIES) or []
            matches = vocabulary.extract(message.get(TEXT) or "", taken=[
                (e["start"], e["end"], e["entity"]) for e in existing
                if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
            ])
            known = {(e.get("entity"), e.get("value")) for e in existing}
            new = self.add_extractor_name([_entity(m) for m in matches if (m.entity, m.value) not in known])
            found = without_negated(message.get(TEXT) or "", existing + new)
            if new or len(found) < len(existing):
                message.set(ENTITIES, found, add_to_output=True)
        return messages


def _entity(match: Match) -> Dict[Text, Any]:
    return {"entity": match.entity, "start": match.start, "end": match.end, "value": match.value}
