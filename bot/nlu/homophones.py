"""Homophone correction of Chinese typed with a pinyin keyboard, before the intent features.

Buyers pick the wrong candidate of the right pinyin: "啥时候法货" (发货), "我要推货" (退货), "包油吗"
(包邮), "退宽什么时候到" (退款), "尺马怎么选" (尺码). Where the word segmenter finds no word (two
single characters, or a "word" the segmenter made up because its dictionary has none there), the
pair never occurs in the training examples and is no dictionary word, one of the two characters is
read as the character of the same usual pinyin (tones ignored) that makes the pair a dictionary
word the training examples use most often (at least `min_count` times).
Pairs inside words ("两件衣服": 件 and 衣 belong to 两件 and 衣服) and real words ("及时") are never
touched, so a correct message keeps its meaning.

As with English spelling (bot.nlu.spelling), the buyer's text is never changed: the corrected
characters go into the token lemmas and the corrected sentence into CORRECTED_TEXT (same length,
so offsets stay valid); SpellingCorrector, which runs after it, starts from that text.

Pinyin: `pypinyin` (MIT); dictionary words: jieba's own dictionary (MIT). See docs/licences.md.
"""
from __future__ import annotations

import logging
import threading
from collections import Counter, defaultdict
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Set, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
import rasa.shared.utils.io

from bot.nlu.spelling import CORRECTED_TEXT
from bot.nlu.text import half_width

logger = logging.getLogger(__name__)

PAIRS_FILE = "chinese_pairs.json"
_readings_lock = threading.Lock()
_readings_cache: Dict[str, str] = {}


def is_cjk(char: str) -> bool:
    """True for a CJK unified ideograph."""
    return "\u4e00" <= char <= "\u9fff"


def reading(char: str) -> str:
    """The usual toneless pinyin of a character ("发" -> "fa"); rare readings of heteronyms (不 as
    "fu", 红 as "gong") are left out, or 红了 would be read as 功了."""
    with _readings_lock:
        if char not in _readings_cache:
            from pypinyin import lazy_pinyin

            _readings_cache[char] = lazy_pinyin(char)[0] if is_cjk(char) else ""
        return _readings_cache[char]


def pair_counts(texts: Iterable[str]) -> Dict[str, int]:
    """How often each pair of adjacent Chinese characters occurs in the texts."""
    counts: Counter = Counter()
    for text in texts:
        text = half_width(text)
        counts.update(text[i:i + 2] for i in range(len(text) - 1) if is_cjk(text[i]) and is_cjk(text[i + 1]))
    return dict(counts)


def jieba_word(word: str) -> bool:
    """Whether jieba's dictionary holds the word (with a frequency above zero)."""
    import jieba

    jieba.dt.check_initialized()
    return bool(jieba.dt.FREQ.get(word))


class HomophoneSpeller:
    """Reads a wrongly picked character of a pair as its homophone the training examples use."""

    def __init__(self, pairs: Mapping[str, int], is_word: Callable[[str], bool] = jieba_word,
                 min_count: int = 3) -> None:
        self._pairs = pairs
        self._is_word = is_word
        self._min_count = min_count
        self._by_reading: Dict[str, Set[str]] = defaultdict(set)
        for pair, count in pairs.items():
            if count >= min_count:  # whether a pair is a word is asked per message: the shop's words load later
                for char in pair:
                    self._by_reading[reading(char)].add(char)

    def correct(self, text: str, loose: Callable[[int], bool]) -> str:
        """The text with wrongly picked characters replaced (same length); `loose(i)` says whether
        character i is in no dictionary word (a token of its own, or one the segmenter made up)."""
        chars = list(text)  # only corrected characters change: full-width punctuation stays as typed
        for i in range(len(chars) - 1):
            pair = chars[i] + chars[i + 1]
            if not (is_cjk(pair[0]) and is_cjk(pair[1]) and loose(i) and loose(i + 1)):
                continue
            if self._pairs.get(pair) or self._is_word(pair):
                continue
            best = self._best(pair)
            if best is not None:
                chars[i], chars[i + 1] = best
        return "".join(chars)

    def _best(self, pair: str) -> Optional[str]:
        found = []
        for at in (0, 1):
            for char in self._by_reading.get(reading(pair[at]), ()):
                fixed = pair[:at] + char + pair[at + 1:]
                if char != pair[at] and self._pairs.get(fixed, 0) >= self._min_count and self._is_word(fixed):
                    found.append((self._pairs[fixed], fixed))
        return max(found)[1] if found else None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True
)
class HomophoneCorrector(GraphComponent):
    """After the tokenizer, before SpellingCorrector: corrects pinyin typos in the token lemmas and
    CORRECTED_TEXT; the training examples' character pairs are stored in the model."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """`min_count`: how often the corrected pair must occur in the training examples."""
        return {"min_count": 3}

    @staticmethod
    def required_packages() -> List[Text]:
        """pypinyin and jieba."""
        return ["pypinyin", "jieba"]

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 pairs: Optional[Dict[str, int]] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._pairs = pairs or {}
        self._speller: Optional[HomophoneSpeller] = None

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> HomophoneCorrector:
        """An untrained corrector (it knows no pairs yet, so it corrects nothing)."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> HomophoneCorrector:
        """The corrector with the pairs train() stored; its index is built now, not on a message."""
        try:
            with model_storage.read_from(resource) as directory:
                pairs = rasa.shared.utils.io.read_json_file(directory / PAIRS_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("HomophoneCorrector has no stored pairs; it corrects nothing.")
            pairs = {}
        corrector = cls(config, model_storage, resource, pairs)
        corrector.speller  # noqa: B018
        return corrector

    @property
    def speller(self) -> HomophoneSpeller:
        """The speller over the training pairs."""
        if self._speller is None:
            self._speller = HomophoneSpeller(self._pairs, min_count=int(self._config["min_count"]))
        return self._speller

    def train(self, training_data: TrainingData) -> Resource:
        """Counts the character pairs of the training examples and stores them in the model."""
        self._pairs = pair_counts(m.get(TEXT) or "" for m in training_data.training_examples)
        self._speller = None
        with self._model_storage.write_to(self._resource) as directory:
            rasa.shared.utils.io.dump_obj_as_json_to_file(directory / PAIRS_FILE, self._pairs)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples hold only training pairs: nothing to correct."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Corrects each message's lemmas and sets CORRECTED_TEXT when a character changed."""
        for message in messages:
            corrected = correct_message(message, self.speller)
            if corrected is not None:
                message.set(CORRECTED_TEXT, corrected, add_to_output=True)
        return messages


def correct_message(message: Message, speller: HomophoneSpeller) -> Optional[str]:
    """Rewrites the lemmas of the corrected tokens; the corrected text, or None."""
    text = message.get(TEXT) or ""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    loose = {i for token in tokens if token.end - token.start == 1 or not jieba_word(token.text)
             for i in range(token.start, token.end)}
    corrected = speller.correct(text, lambda i: i in loose)
    if corrected == text:
        return None
    for token in tokens:
        piece = corrected[token.start:token.end]
        if piece != text[token.start:token.end]:
            token.lemma = piece
    return corrected
