"""Nearest-example similarity features: leave-one-out at training, one column per intent, a
pickle-free round trip, and a classifier that uses them."""
import numpy as np
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_classifier import EncoderIntentClassifier
from bot.nlu.neighbours import NeighbourSimilarity, unit_rows
from tests.unit.test_nlu_intent_classifier import CHINESE, CONTEXT, ENGLISH, featurized

VECTORS = np.array([[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0, 0.8, 0.2], [0, 0, 1]], dtype=np.float32)
LABELS = np.array([0, 0, 1, 1, 2])


def test_each_intent_gets_the_mean_similarity_of_its_nearest_examples():
    neighbours = NeighbourSimilarity(VECTORS, LABELS, classes=3, count=2)
    columns = neighbours.features(np.array([[1, 0, 0]], dtype=np.float32))
    expected_first = (1.0 + unit_rows(VECTORS[1:2])[0, 0]) / 2
    np.testing.assert_allclose(columns[0], [expected_first, 0.0, 0.0], atol=1e-6)


def test_at_training_an_example_is_not_its_own_neighbour():
    neighbours = NeighbourSimilarity(VECTORS, LABELS, classes=3, count=1)
    seen = neighbours.features(VECTORS[:1])
    unseen = neighbours.features(VECTORS[:1], training=True)
    assert seen[0, 0] > 0.999
    assert unseen[0, 0] < 0.999 and np.isclose(unseen[0, 0], unit_rows(VECTORS)[1] @ unit_rows(VECTORS)[0])
    assert neighbours.features(VECTORS[4:5], training=True)[0, 2] == 0  # the only example of its intent


def test_round_trip_stores_plain_arrays(tmp_path):
    NeighbourSimilarity(VECTORS, LABELS, classes=3, count=2).save(tmp_path)
    loaded = NeighbourSimilarity.read(tmp_path, classes=3, count=2)
    probe = np.array([[0.2, 0.7, 0.1]], dtype=np.float32)
    np.testing.assert_allclose(loaded.features(probe),
                               NeighbourSimilarity(VECTORS, LABELS, 3, 2).features(probe), atol=1e-3)


def test_the_classifier_with_neighbours_survives_a_reload_and_batches(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("with_neighbours")
    config = {**EncoderIntentClassifier.get_default_config(), "calibration_folds": 3, "neighbours": 3}
    training = TrainingData(featurized([(text, intent) for intent, texts in ENGLISH.items() for text in texts]))
    classifier = EncoderIntentClassifier.create(config, storage, resource, CONTEXT)
    classifier.train(training)
    assert classifier._model.layout["neighbours"] == 3
    with storage.read_from(resource) as directory:
        assert sorted(p.name for p in directory.iterdir()) == [
            "bias.npy", "meta.json", "neighbour_labels.npy", "neighbour_vectors.npy", "weights.npy"]
    loaded = EncoderIntentClassifier.load(config, storage, resource, CONTEXT)
    batch = featurized([(text, None) for text, _ in CHINESE])
    loaded.process(batch)
    assert [m.get(INTENT)["name"] for m in batch] == [intent for _, intent in CHINESE]
    for text, _ in CHINESE:
        single = featurized([(text, None)])
        classifier.process(single)
        twin = next(m for m in batch if m.get(TEXT) == text)
        np.testing.assert_allclose([r["confidence"] for r in single[0].get(INTENT_RANKING_KEY)],
                                   [r["confidence"] for r in twin.get(INTENT_RANKING_KEY)], atol=1e-3)
