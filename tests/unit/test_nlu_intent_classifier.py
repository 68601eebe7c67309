"""The intent classifier on the encoder's vector: pickle-free round trip, calibrated ranking, and
understanding one language from examples in the other."""
import json

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.encoder import SentenceEncoderFeaturizer
from bot.nlu.intent_classifier import EncoderIntentClassifier, class_weights, fit_temperature, softmax

ENGLISH = {
    "request_refund": ["I want a refund", "give me my money back", "when will I get my refund",
                       "please refund the payment", "refund my order", "I need the money returned"],
    "ask_shipping_fee": ["how much is shipping", "is delivery free", "do you charge postage",
                         "what does shipping cost", "is there a delivery fee", "free shipping?"],
    "greet": ["hi", "hello there", "hey", "good morning", "anyone here?", "hello, are you there"],
    "track_logistics": ["where is my package", "track my parcel", "my delivery hasn't moved",
                        "where is the courier now", "tracking number please", "has my parcel arrived"],
}
CHINESE = [("我要退款", "request_refund"), ("包邮吗", "ask_shipping_fee"), ("你好", "greet"),
           ("我的快递到哪了", "track_logistics"), ("运费多少钱", "ask_shipping_fee")]
CONTEXT = ExecutionContext(GraphSchema({}), node_name="classifier")


def featurized(examples):
    """Messages with the encoder's sentence vector (only dense features: no shared words)."""
    messages = [Message(data={TEXT: text, **({INTENT: intent} if intent else {})}) for text, intent in examples]
    featurizer = SentenceEncoderFeaturizer.create(SentenceEncoderFeaturizer.get_default_config(), None,
                                                  Resource("encoder"), CONTEXT)
    featurizer.process(messages)
    return messages


@pytest.fixture(scope="module")
def english_training():
    return TrainingData(featurized([(text, intent) for intent, texts in ENGLISH.items() for text in texts]))


@pytest.fixture(scope="module")
def trained(english_training, tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    resource = Resource("intent_classifier")
    config = {**EncoderIntentClassifier.get_default_config(), "calibration_folds": 3}
    classifier = EncoderIntentClassifier.create(config, storage, resource, CONTEXT)
    classifier.train(english_training)
    return classifier, storage, resource, config


def test_a_language_is_understood_from_examples_in_the_other(trained):
    classifier, *_ = trained
    messages = featurized([(text, None) for text, _ in CHINESE])
    classifier.process(messages)
    assert [m.get(INTENT)["name"] for m in messages] == [intent for _, intent in CHINESE]


def test_round_trip_without_pickle_gives_identical_predictions(trained):
    classifier, storage, resource, config = trained
    with storage.read_from(resource) as directory:
        files = sorted(p.name for p in directory.iterdir())
        assert files == ["bias.npy", "meta.json", "weights.npy"]
        for name in ("bias.npy", "weights.npy"):
            np.load(directory / name, allow_pickle=False)
        meta = json.loads((directory / "meta.json").read_text())
    assert meta["classes"] == sorted(ENGLISH) and meta["temperature"] > 0
    loaded = EncoderIntentClassifier.load(config, storage, resource, CONTEXT)
    before = featurized([(text, None) for text, _ in CHINESE] + [("order", None), ("随便说点什么", None)])
    after = featurized([(m.get(TEXT), None) for m in before])
    classifier.process(before)
    loaded.process(after)
    for one, two in zip(before, after):
        assert one.get(INTENT)["name"] == two.get(INTENT)["name"]
        assert [r["name"] for r in one.get(INTENT_RANKING_KEY)] == [r["name"] for r in two.get(INTENT_RANKING_KEY)]
        np.testing.assert_allclose([r["confidence"] for r in one.get(INTENT_RANKING_KEY)],
                                   [r["confidence"] for r in two.get(INTENT_RANKING_KEY)], atol=1e-7)


def test_ranking_is_like_diets_and_feeds_the_fallback(trained):
    classifier, *_ = trained
    message = featurized([("where is my refund parcel", None)])[0]
    classifier.process([message])
    ranking = message.get(INTENT_RANKING_KEY)
    confidences = [r["confidence"] for r in ranking]
    assert message.get(INTENT) == ranking[0] and set(ranking[0]) == {"name", "confidence"}
    assert confidences == sorted(confidences, reverse=True) and abs(sum(confidences) - 1) < 1e-6
    assert all(isinstance(c, float) for c in confidences)
    fallback = FallbackClassifier({**FallbackClassifier.get_default_config(), "threshold": 0.999,
                                   "ambiguity_threshold": 0.0})
    fallback.process([message])
    assert message.get(INTENT)["name"] == "nlu_fallback"


def test_untrained_classifier_predicts_nothing(tmp_path):
    storage = LocalModelStorage(tmp_path)
    classifier = EncoderIntentClassifier.load(EncoderIntentClassifier.get_default_config(), storage,
                                              Resource("missing"), CONTEXT)
    message = featurized([("hi", None)])[0]
    classifier.process([message])
    assert message.get(INTENT) is None


def test_two_intents_and_sparse_features_train(tmp_path):
    from rasa.shared.nlu.training_data.features import Features
    import scipy.sparse

    messages = featurized([(t, i) for i in ("greet", "request_refund") for t in ENGLISH[i]])
    for number, message in enumerate(messages):
        counts = scipy.sparse.coo_matrix(np.eye(1, 20, number % 20))
        message.add_features(Features(counts, "sentence", TEXT, "words"))
    storage = LocalModelStorage(tmp_path)
    classifier = EncoderIntentClassifier.create(EncoderIntentClassifier.get_default_config(), storage,
                                                Resource("two"), CONTEXT)
    classifier.train(TrainingData(messages))
    assert classifier._model.layout == {"dense_dim": 512, "sparse_dim": 20, "sparse_weight": 1.0}
    probe = featurized([("hello!", None)])[0]  # no sparse features: counted as zeros
    classifier.process([probe])
    assert probe.get(INTENT)["name"] == "greet" and len(probe.get(INTENT_RANKING_KEY)) == 2


def test_temperature_scaling_fits_a_known_temperature():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4000, 5)) * 3
    labels = np.array([rng.choice(5, p=p) for p in softmax(logits / 2.0)])
    assert abs(fit_temperature(logits, labels) - 2.0) < 0.2


def test_an_unknown_solver_is_refused_by_name(tmp_path):
    from rasa.shared.exceptions import InvalidConfigException

    with pytest.raises(InvalidConfigException, match="solver"):
        EncoderIntentClassifier({"solver": "newton-cg"}, LocalModelStorage(tmp_path), Resource("x"))


@pytest.mark.parametrize("folds, held_out_sizes", [(1, [4]), (3, [7, 7, 6]), (0, [])])
def test_calibration_holds_out_a_stratified_fifth_or_folds(folds, held_out_sizes):
    from bot.nlu.intent_classifier import calibration_splits

    y = np.array([0] * 10 + [1] * 10)
    splits = calibration_splits(y, folds, seed=42)
    assert [len(held) for _, held in splits] == held_out_sizes
    for train, held in splits:
        assert set(train).isdisjoint(held) and len(train) + len(held) == len(y)
        assert abs(np.bincount(y[held])[0] - np.bincount(y[held])[1]) <= 1


def test_class_weights_go_from_the_data_mix_to_equal_intents():
    y = np.array([0] * 8 + [1] * 2)  # a common intent and a rare one
    balanced = class_weights(y, "balanced")
    assert balanced == pytest.approx({0: 10 / 16, 1: 10 / 4})  # scikit-learn's "balanced"
    assert class_weights(y, 1.0) == pytest.approx(balanced)
    halfway = class_weights(y, 0.5)
    assert halfway[1] / halfway[0] == pytest.approx(2.0)  # sqrt of balanced's 4:1
    assert class_weights(y, None) is None and class_weights(y, 0)[1] == pytest.approx(1.0)


@pytest.mark.parametrize("weight", ["heavy", 1.5, -0.1])
def test_a_class_weight_outside_the_scale_is_refused_by_name(tmp_path, weight):
    from rasa.shared.exceptions import InvalidConfigException
    with pytest.raises(InvalidConfigException, match="class_weight"):
        EncoderIntentClassifier({"class_weight": weight}, LocalModelStorage(tmp_path), Resource("c"))
