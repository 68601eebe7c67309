"""Rule-based shop entities (order numbers, phones, money, regions, couriers, sizes...) via spaCy."""
from __future__ import annotations

import hashlib

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import rasa.shared.utils.io
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.normalise import NORMALISERS
from bot.nlu.text import half_width

logger = logging.getLogger(__name__)
PATTERNS_FILE = "patterns.json"
_LATIN = re.compile(r"[A-Za-z]")


@dataclass
class _Match:
    entity: str
    start: int
    end: int
    value: str


def load_patterns(path: str | Path) -> Dict[str, Any]:
    """Read and check the trainer-edited pattern file (regexes compile, normalisers exist)."""
    patterns = rasa.shared.utils.io.read_yaml_file(str(path))
    for number, rule in enumerate(patterns.get("regex", [])):
        if rule.get("value", "text") not in NORMALISERS:
            raise ValueError(f"{path}: regex[{number}].value '{rule.get('value')}' is unknown")
        try:
            re.compile(rule["pattern"])
        except (re.error, KeyError) as error:
            raise ValueError(f"{path}: regex[{number}].pattern is not a valid regex: {error}")
    return _with_cities(patterns, path)


def _with_cities(patterns: Dict[str, Any], path: str | Path) -> Dict[str, Any]:
    """Add the `city_phrases` section's city names to the phrase list of its entity (by province)."""
    cities = patterns.pop("city_phrases", None)
    if not cities:
        return patterns
    from bot.service.address import city_provinces, city_provinces_pinyin

    table = (patterns.setdefault("phrases", {}) or {}).get(cities.get("entity"))
    if table is None:
        raise ValueError(f"{path}: city_phrases.entity '{cities.get('entity')}' has no phrase list")
    names = city_provinces(cities.get("except") or ())
    if cities.get("pinyin"):
        names.update(city_provinces_pinyin(cities.get("except") or (), cities.get("pinyin_except") or ()))
    for city, province in names.items():
        if province in table and city not in table[province]:
            table[province] = [*table[province], city]
    return patterns


class EntityRules:
    """Runs the regex rules on the raw text and the phrase lists through spaCy's PhraseMatcher."""

    def __init__(self, patterns: Dict[str, Any]) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self._regex = []
        for rule in patterns.get("regex", []):
            regex = re.compile(rule["pattern"], re.IGNORECASE if rule.get("ignore_case", True) else 0)
            group = int(rule.get("group", 1 if regex.groups else 0))
            self._regex.append((regex, rule["entity"], group, NORMALISERS[rule.get("value", "text")]))
        self._nlp = spacy.blank("zh")
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._canonical: Dict[str, str] = {}
        for entity, table in (patterns.get("phrases") or {}).items():
            for canonical, forms in table.items():
                key = f"{entity}|{canonical}"
                self._canonical[key] = canonical
                docs = [self._nlp.make_doc(str(form)) for form in {str(canonical), *map(str, forms)}]
                self._matcher.add(key, docs)

    def extract(self, raw_text: str) -> List[_Match]:
        """All non-overlapping entities of the text; earlier rules win, then longer phrases."""
        text = half_width(raw_text)
        found: List[_Match] = []
        for regex, entity, group, normalise in self._regex:
            for match in regex.finditer(text):
                start, end = match.span(group)
                value = normalise(match.group(group))
                if value and not _overlaps(found, start, end):
                    found.append(_Match(entity, start, end, value))
        found.extend(self._phrases(text, found))
        return sorted(found, key=lambda m: m.start)

    def _phrases(self, text: str, taken: List[_Match]) -> List[_Match]:
        from spacy.util import filter_spans

        doc = self._nlp.make_doc(text)
        spans = []
        for key, start, end in self._matcher(doc):
            span = doc[start:end]
            span.label_ = self._nlp.vocab.strings[key]
            if _LATIN.search(span.text) and not _on_word_boundary(text, span.start_char, span.end_char):
                continue
            spans.append(span)
        result = []
        for span in filter_spans(spans):
            if _overlaps(taken, span.start_char, span.end_char):
                continue
            entity, canonical = span.label_.split("|", 1)
            result.append(_Match(entity, span.start_char, span.end_char, canonical))
        return result


def _overlaps(found: List[_Match], start: int, end: int) -> bool:
    return any(start < match.end and match.start < end for match in found)


def _on_word_boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True
)
class ShopEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Extracts order_id, phone, amount, province, express_company, size, height, weight and
    payment_method with rules whose patterns live in data/entities/patterns.yml."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """`patterns_path`: the trainer-edited YAML file of regexes and phrase lists."""
        return {"patterns_path": "data/entities/patterns.yml"}

    @staticmethod
    def required_packages() -> List[Text]:
        """spaCy builds the phrase matcher (a blank pipeline: no model download)."""
        return ["spacy"]

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The pattern file's content, so an edited file retrains this component (not a stale cache)."""
        path = Path({**cls.get_default_config(), **config}["patterns_path"])
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        patterns: Optional[Dict[str, Any]] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._patterns = patterns or {}
        self._rules: Optional[EntityRules] = None

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ShopEntityExtractor:
        """Creates an untrained extractor."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> ShopEntityExtractor:
        """Loads the patterns stored in the model at training time."""
        try:
            with model_storage.read_from(resource) as directory:
                patterns = rasa.shared.utils.io.read_json_file(directory / PATTERNS_FILE)
        except ValueError:
            logger.warning("ShopEntityExtractor has no stored patterns; extracting nothing.")
            patterns = {}
        return cls(config, model_storage, resource, patterns)

    def train(self, training_data: TrainingData) -> Resource:
        """Reads the pattern file and stores it in the model, so the model is self-contained."""
        self._patterns = load_patterns(self._config["patterns_path"])
        with self._model_storage.write_to(self._resource) as directory:
            rasa.shared.utils.io.dump_obj_as_json_to_file(directory / PATTERNS_FILE, self._patterns)
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds the rule entities to each message."""
        if self._rules is None:
            self._rules = EntityRules(self._patterns)
        for message in messages:
            matches = self._rules.extract(message.get(TEXT) or "")
            entities = self.add_extractor_name(
                [
                    {"entity": m.entity, "start": m.start, "end": m.end, "value": m.value}
                    for m in matches
                ]
            )
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages
