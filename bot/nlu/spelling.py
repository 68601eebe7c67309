"""Spelling correction of English words before the intent features are computed.

Buyers type in a chat: "recieved", "delivry", "exchnage". A word of four letters or more that
neither the training examples nor a general English word list know is read as the training word
closest to it (one edit away, two for words of seven letters or more; the most frequent of the
closest), else as the most frequent English word one edit away. Real English words the examples
never used are left alone, so a new product name is not turned into an old one.

The buyer's text is never changed: the corrected word goes into the token's lemma (what the n-gram
featurizers read) and the corrected sentence into the message attribute CORRECTED_TEXT (what the
sentence encoder reads), so entity offsets and what agents see stay as written.

Word list: `pyspellchecker`'s English frequency list (MIT); lookup in the training words:
`symspellpy` (MIT). See docs/licences.md.
"""
from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from typing import Any, Dict, Iterable, List, Mapping, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
import rasa.shared.utils.io

from bot.nlu.text import half_width

logger = logging.getLogger(__name__)

#: the message attribute holding the corrected text (set only when a word was corrected)
CORRECTED_TEXT = "corrected_text"
VOCABULARY_FILE = "english_words.json"
_WORD = re.compile(r"[a-z]+")

_checker: Optional[Any] = None
_lock = threading.Lock()


def english_checker() -> Any:
    """pyspellchecker's English SpellChecker (word list with frequencies), built once per process."""
    global _checker
    with _lock:
        if _checker is None:
            from spellchecker import SpellChecker

            _checker = SpellChecker(language="en", distance=1)
        return _checker


def english_word_counts(texts: Iterable[str]) -> Dict[str, int]:
    """How often each lower-case Latin word occurs in the texts."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(_WORD.findall(half_width(text).lower()))
    return dict(counts)


class Speller:
    """Corrects one lower-case word against the training words, then the English word list."""

    def __init__(self, vocabulary: Mapping[str, int], checker: Any, min_length: int = 4, long_word: int = 7) -> None:
        from symspellpy import SymSpell

        self._vocabulary = vocabulary
        self._checker = checker
        self._dictionary = checker.word_frequency.dictionary
        self._min_length = min_length
        self._long_word = long_word
        self._index = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word, count in vocabulary.items():
            self._index.create_dictionary_entry(word, count)

    def correct(self, word: str) -> str:
        """The word as the model should read it (the word itself when known or not correctable)."""
        if (len(word) < self._min_length or not _WORD.fullmatch(word) or word in self._vocabulary
                or word in self._dictionary):
            return word
        from symspellpy import Verbosity

        distance = 2 if len(word) >= self._long_word else 1
        found = self._index.lookup(word, Verbosity.CLOSEST, max_edit_distance=distance, transfer_casing=False)
        if found:
            return found[0].term
        candidates = [w for w in self._checker.known(self._checker.edit_distance_1(word)) if _WORD.fullmatch(w)]
        return max(candidates, key=lambda w: (self._dictionary[w], w)) if candidates else word


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True
)
class SpellingCorrector(GraphComponent):
    """Between the tokenizer and the featurizers: corrects misspelt English words in the token
    lemmas and in CORRECTED_TEXT; the training examples' own words are stored in the model."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """`min_length`: shorter words are left alone; `long_word`: from this length two edits are allowed."""
        return {"min_length": 4, "long_word": 7}

    @staticmethod
    def required_packages() -> List[Text]:
        """None declared: the import names differ from the distribution names (pyspellchecker, symspellpy)."""
        return []

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 vocabulary: Optional[Dict[str, int]] = None, eager: bool = False) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or {}
        self._speller: Optional[Speller] = None
        if eager:
            self.speller  # noqa: B018 - build the index when the model loads, not on the first message

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SpellingCorrector:
        """An untrained corrector (it knows no training words yet)."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> SpellingCorrector:
        """The corrector with the training words train() stored."""
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = rasa.shared.utils.io.read_json_file(directory / VOCABULARY_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("SpellingCorrector has no stored words; it corrects against the word list only.")
            vocabulary = {}
        return cls(config, model_storage, resource, vocabulary, eager=True)

    @property
    def speller(self) -> Speller:
        """The speller over the training words and the English word list."""
        if self._speller is None:
            self._speller = Speller(self._vocabulary, english_checker(), int(self._config["min_length"]),
                                    int(self._config["long_word"]))
        return self._speller

    def train(self, training_data: TrainingData) -> Resource:
        """Counts the English words of the training examples and stores them in the model."""
        self._vocabulary = english_word_counts(m.get(TEXT) or "" for m in training_data.training_examples)
        self._speller = None
        with self._model_storage.write_to(self._resource) as directory:
            rasa.shared.utils.io.dump_obj_as_json_to_file(directory / VOCABULARY_FILE, self._vocabulary)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples hold only training words: nothing to correct."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Corrects each message's token lemmas and sets CORRECTED_TEXT when a word changed (also
        in the parse result, where the actions look products up by it)."""
        for message in messages:
            corrected = correct_message(message, self.speller)
            if corrected is not None:
                message.set(CORRECTED_TEXT, corrected, add_to_output=True)
        return messages


def correct_message(message: Message, speller: Speller) -> Optional[str]:
    """Rewrites the lemmas of misspelt tokens; the corrected text, or None when nothing changed. It
    starts from the Chinese homophones' correction when there is one (the same length as the text)."""
    text = half_width(message.get(CORRECTED_TEXT) or message.get(TEXT) or "")
    pieces, last, changed = [], 0, False
    for token in message.get(TOKENS_NAMES[TEXT]) or []:
        word = token.text.lower()
        fixed = speller.correct(word)
        if fixed == word:
            continue
        token.lemma = fixed
        pieces += [text[last:token.start], fixed]
        last, changed = token.end, True
    return "".join(pieces) + text[last:] if changed else None
