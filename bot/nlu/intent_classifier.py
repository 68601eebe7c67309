"""Intent classifier on the sentence encoder's vector (and the pipeline's sparse n-gram counts, and
with `neighbours` how close the vector is to each intent's nearest examples: bot.nlu.neighbours).

Multinomial logistic regression (scikit-learn) whose probabilities are calibrated by temperature
scaling fitted on out-of-fold predictions of the training data, so FallbackClassifier's
`threshold` and `ambiguity_threshold` read as probabilities. The model is stored as plain arrays
(.npy, loaded with allow_pickle=False) and JSON: no pickle.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

import numpy as np

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.neighbours import NeighbourSimilarity, label_indices

logger = logging.getLogger(__name__)
WEIGHTS, BIAS, META = "weights.npy", "bias.npy", "meta.json"


class LinearModel:
    """Calibrated softmax over linear scores: the whole trained state is (weights, bias,
    temperature, classes, layout), all plain numbers."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, classes: Sequence[str], temperature: float,
                 layout: Dict[str, Any]) -> None:
        self.weights = np.asarray(weights, dtype=np.float32)  # (features, classes)
        self.bias = np.asarray(bias, dtype=np.float32)  # (classes,)
        self.classes = list(classes)
        self.temperature = float(temperature)
        self.layout = layout  # dense_dim, sparse_dim, sparse_weight

    def probabilities(self, features: Any) -> np.ndarray:
        """Rows of calibrated class probabilities for a (n, features) dense or sparse matrix."""
        return softmax((features @ self.weights + self.bias) / self.temperature)

    def save(self, directory: Any) -> None:
        """weights.npy, bias.npy and meta.json into the directory."""
        np.save(directory / WEIGHTS, self.weights, allow_pickle=False)
        np.save(directory / BIAS, self.bias, allow_pickle=False)
        (directory / META).write_text(json.dumps(
            {"classes": self.classes, "temperature": self.temperature, "layout": self.layout},
            ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def read(cls, directory: Any) -> LinearModel:
        """The model save() wrote."""
        meta = json.loads((directory / META).read_text(encoding="utf-8"))
        return cls(np.load(directory / WEIGHTS, allow_pickle=False), np.load(directory / BIAS, allow_pickle=False),
                   meta["classes"], meta["temperature"], meta["layout"])


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax, numerically stable."""
    scores = np.asarray(scores, dtype=np.float64)
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def fit_temperature(scores: np.ndarray, labels: np.ndarray) -> float:
    """The temperature T minimising the log loss of softmax(scores / T) (a 1-D search on log T)."""
    def loss(log_t: float) -> float:
        probs = softmax(scores / np.exp(log_t))
        return float(-np.mean(np.log(np.clip(probs[np.arange(len(labels)), labels], 1e-12, None))))

    grid = np.linspace(np.log(0.05), np.log(20.0), 81)
    best = grid[int(np.argmin([loss(t) for t in grid]))]
    fine = np.linspace(best - 0.1, best + 0.1, 41)
    return float(np.exp(fine[int(np.argmin([loss(t) for t in fine]))]))


def train_linear_model(features: Any, labels: Sequence[str], config: Dict[str, Any],
                       layout: Dict[str, Any]) -> LinearModel:
    """Fits the regression on all examples and its temperature on out-of-fold scores; the fits run
    in parallel processes, one per CPU."""
    from joblib import Parallel, delayed
    from sklearn.linear_model import LogisticRegression

    classes = sorted(set(labels))
    index = {name: i for i, name in enumerate(classes)}
    y = np.array([index[label] for label in labels])
    dimensions = features.shape[1]
    if len(classes) == 1:
        return LinearModel(np.zeros((dimensions, 1)), np.zeros(1), classes, 1.0, layout)

    def fit(x: Any, target: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        model = LogisticRegression(C=float(config["C"]), max_iter=int(config["max_iterations"]),
                                   class_weight=class_weights(target, config["class_weight"]),
                                   multi_class="multinomial",
                                   solver=config["solver"], tol=float(config["tolerance"]),
                                   random_state=int(config["random_seed"]))
        model.fit(x, target)
        weights, bias = model.coef_.T, model.intercept_
        if weights.shape[1] == 1:  # two classes: sklearn keeps one score z, the softmax sees (-z, z)
            weights, bias = np.hstack([-weights, weights]), np.array([-bias[0], bias[0]])
        full_w, full_b = np.zeros((dimensions, len(classes))), np.full(len(classes), -1e4)
        full_w[:, model.classes_], full_b[model.classes_] = weights, bias
        return full_w, full_b

    splits = calibration_splits(y, int(config["calibration_folds"]), int(config["random_seed"]))
    # the calibration folds and the final fit are independent: fit them side by side
    jobs = [(features[train], y[train]) for train, _ in splits] + [(features, y)]
    fitted = Parallel(n_jobs=min(len(jobs), _cores()), prefer="processes")(delayed(fit)(x, target) for x, target in jobs)
    temperature = 1.0
    if splits:
        scores = np.zeros((len(y), len(classes)))
        for (_, held_out), (weights, bias) in zip(splits, fitted):
            scores[held_out] = features[held_out] @ weights + bias
        temperature = fit_temperature(scores, y)
    weights, bias = fitted[-1]
    return LinearModel(weights, bias, classes, temperature, layout)


def class_weights(y: np.ndarray, spec: Any) -> Optional[Dict[int, float]]:
    """Per-class weights for the regression: "balanced" weighs each intent by n / (k * n_intent),
    null weighs every example alike, and a number p in [0, 1] takes that balanced weight to the
    power p (0.5: halfway, on a log scale, between the training data's own mix and equal intents)."""
    if spec is None:
        return None
    power = 1.0 if spec == "balanced" else float(spec)
    classes, counts = np.unique(y, return_counts=True)
    balanced = len(y) / (len(classes) * counts)
    return {int(c): float(w ** power) for c, w in zip(classes, balanced)}


def calibration_splits(y: np.ndarray, folds: int, seed: int) -> List[Tuple[np.ndarray, np.ndarray]]:
    """(train, held-out) index pairs whose held-out scores fit the temperature: `folds` stratified
    folds, or with 1 a single stratified fifth held out (one fit beside the final one, so on two
    cores training takes about one fit's time); none with 0 or when an intent has too few examples."""
    from sklearn.model_selection import StratifiedKFold, StratifiedShuffleSplit

    fewest = int(np.bincount(y).min())
    if folds == 1 and fewest >= 2:
        splitter = StratifiedShuffleSplit(n_splits=1, test_size=0.2, random_state=seed)
        return list(splitter.split(np.zeros(len(y)), y))
    folds = min(folds, fewest)
    if folds < 2:
        return []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(y)), y))


def _cores() -> int:
    """CPUs this process may use (training only)."""
    import os

    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class EncoderIntentClassifier(GraphComponent, IntentClassifier):
    """Logistic regression on the dense sentence features (the encoder's vector) and, with
    `use_sparse`, the sparse sentence features (n-gram counts, log-scaled and L2-normalised,
    times `sparse_weight`). Writes `intent` and `intent_ranking` like DIETClassifier."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Regularisation `C`, `class_weight` (balanced, null or a power of the balanced weights: see
        class_weights), `calibration_folds` (0: no
        temperature scaling; 1: a stratified fifth held out), `ranking_length` (0: every intent),
        `featurizers` (aliases whose features are used; empty: all), `neighbours` (0: off; else one
        feature per intent, the mean similarity to its `neighbours` nearest examples, times
        `neighbour_weight`), and scikit-learn's `solver` ("lbfgs" or "saga") with its stopping
        `tolerance`."""
        return {"C": 10.0, "class_weight": "balanced", "max_iterations": 2000, "solver": "lbfgs",
                "tolerance": 1e-4, "use_sparse": True,
                "sparse_weight": 1.0, "calibration_folds": 5, "ranking_length": 10, "featurizers": [],
                "random_seed": 42, "neighbours": 0, "neighbour_weight": 1.0}

    @staticmethod
    def required_packages() -> List[Text]:
        """scikit-learn fits the regression (serving needs numpy only)."""
        return ["sklearn"]

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[LinearModel] = None, neighbours: Optional[NeighbourSimilarity] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        weight = self._config["class_weight"]
        if weight not in ("balanced", None) and not (isinstance(weight, (int, float)) and 0 <= weight <= 1):
            raise InvalidConfigException("class_weight must be 'balanced', null or a number from 0 to 1")
        if self._config["solver"] not in ("lbfgs", "saga"):
            raise InvalidConfigException("solver must be 'lbfgs' or 'saga'")
        self._model_storage = model_storage
        self._resource = resource
        self._model = model
        self._neighbours = neighbours

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> EncoderIntentClassifier:
        """An untrained classifier."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> EncoderIntentClassifier:
        """The classifier as train() stored it (arrays and JSON)."""
        try:
            with model_storage.read_from(resource) as directory:
                model = LinearModel.read(directory)
                count = int(model.layout.get("neighbours", 0))
                neighbours = NeighbourSimilarity.read(directory, len(model.classes), count) if count else None
        except (ValueError, FileNotFoundError):
            logger.warning("EncoderIntentClassifier has no stored model; it predicts no intent.")
            model = neighbours = None
        return cls(config, model_storage, resource, model, neighbours)

    def _matrix(self, messages: Sequence[Message], layout: Optional[Dict[str, Any]] = None) -> Any:
        """The feature matrix: [dense sentence features | weighted sparse sentence features]."""
        import scipy.sparse
        from sklearn.preprocessing import normalize

        featurizers = self._config["featurizers"] or None
        dense_rows, sparse_rows = [], []
        for message in messages:
            dense = message.get_dense_features(TEXT, featurizers)[1]
            dense_rows.append(None if dense is None else np.asarray(dense.features, dtype=np.float32).reshape(-1))
            sparse = message.get_sparse_features(TEXT, featurizers)[1] if self._config["use_sparse"] else None
            sparse_rows.append(None if sparse is None else scipy.sparse.csr_matrix(sparse.features).reshape(1, -1))
        if layout is None:
            layout = {"dense_dim": next((len(r) for r in dense_rows if r is not None), 0),
                      "sparse_dim": next((r.shape[1] for r in sparse_rows if r is not None), 0),
                      "sparse_weight": float(self._config["sparse_weight"])}
        dense_dim, sparse_dim = layout["dense_dim"], layout["sparse_dim"]
        dense = np.zeros((len(messages), dense_dim), dtype=np.float32)
        for i, row in enumerate(dense_rows):
            if row is not None and len(row) == dense_dim:
                dense[i] = row
        blocks = [scipy.sparse.csr_matrix(dense)]
        if sparse_dim:
            rows = [r if r is not None and r.shape[1] == sparse_dim else scipy.sparse.csr_matrix((1, sparse_dim))
                    for r in sparse_rows]
            counts = scipy.sparse.vstack(rows).tocsr().astype(np.float32)
            counts.data = np.log1p(np.abs(counts.data))
            blocks.append(normalize(counts) * layout["sparse_weight"])
        return scipy.sparse.hstack(blocks).tocsr(), layout

    def train(self, training_data: TrainingData) -> Resource:
        """Fits the calibrated regression on the intent examples and stores it."""
        examples = [m for m in training_data.intent_examples if m.get(INTENT)]
        if not examples:
            logger.warning("EncoderIntentClassifier: no intent examples, nothing to train.")
            return self._resource
        features, layout = self._matrix(examples)
        if layout["dense_dim"] == 0 and layout["sparse_dim"] == 0:
            raise InvalidConfigException("EncoderIntentClassifier found no sentence features: put a "
                                         "featurizer (bot.nlu.encoder.SentenceEncoderFeaturizer) before it")
        labels = [m.get(INTENT) for m in examples]
        self._neighbours = None
        if int(self._config["neighbours"]) and layout["dense_dim"]:
            classes = sorted(set(labels))
            self._neighbours = NeighbourSimilarity(features[:, :layout["dense_dim"]].toarray(),
                                                   label_indices(labels, classes), len(classes),
                                                   int(self._config["neighbours"]))
            layout = {**layout, "neighbours": self._neighbours.count,
                      "neighbour_weight": float(self._config["neighbour_weight"])}
            features = self._with_neighbours(features, layout, training=True)
        self._model = train_linear_model(features, labels, self._config, layout)
        with self._model_storage.write_to(self._resource) as directory:
            self._model.save(directory)
            if self._neighbours is not None:
                self._neighbours.save(directory)
        return self._resource

    def _with_neighbours(self, features: Any, layout: Dict[str, Any], training: bool = False) -> Any:
        """The features with the neighbour columns appended (unchanged without them)."""
        import scipy.sparse

        if self._neighbours is None:
            return features
        dense = features[:, :layout["dense_dim"]].toarray()
        columns = self._neighbours.features(dense, training) * float(layout["neighbour_weight"])
        return scipy.sparse.hstack([features, scipy.sparse.csr_matrix(columns)]).tocsr()

    def process(self, messages: List[Message]) -> List[Message]:
        """Sets `intent` and `intent_ranking` (calibrated probabilities, best first)."""
        if self._model is None or not messages:
            return messages
        features, _ = self._matrix(messages, self._model.layout)
        features = self._with_neighbours(features, self._model.layout)
        probabilities = self._model.probabilities(features)
        length = int(self._config["ranking_length"]) or len(self._model.classes)
        for message, row in zip(messages, probabilities):
            order = np.argsort(-row, kind="stable")[:length]
            ranking = [{"name": self._model.classes[i], "confidence": float(row[i])} for i in order]
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
