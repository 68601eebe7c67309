"""How close a message is to each intent's nearest training examples, as features for the classifier.

For every intent: the mean cosine similarity between the message's sentence vector and that
intent's `count` most similar training examples. A buyer's phrasing that the regression's weights
generalise poorly from is often close to one or two examples; these columns let the regression
weigh that. Plain numpy; stored as arrays (.npy, no pickle).
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

VECTORS, LABELS = "neighbour_vectors.npy", "neighbour_labels.npy"
SAME_TEXT = 0.9999  # at training, an example this close to another is the same text: not a neighbour


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """The rows scaled to length 1 (zero rows stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


class NeighbourSimilarity:
    """The training examples' unit vectors and intent indices; `features` gives one column per intent."""

    def __init__(self, vectors: np.ndarray, labels: np.ndarray, classes: int, count: int) -> None:
        labels = np.asarray(labels, dtype=np.int32)
        order = np.argsort(labels, kind="stable")  # each intent's examples side by side: slices, not copies
        self.vectors = unit_rows(vectors)[order]
        self.labels = labels[order]
        self.classes = int(classes)
        self.count = int(count)
        self._bounds = np.searchsorted(self.labels, np.arange(self.classes + 1))

    def features(self, vectors: np.ndarray, training: bool = False) -> np.ndarray:
        """(n, classes) mean similarity to each intent's `count` nearest examples. `training`: the
        vectors are the training examples themselves, so each leaves itself (and copies of its
        text) out, as a message never seen would."""
        similarity = unit_rows(vectors) @ self.vectors.T
        if training:
            similarity[similarity >= SAME_TEXT] = -1.0
        columns = np.zeros((similarity.shape[0], self.classes), dtype=np.float32)
        for label in range(self.classes):
            own = similarity[:, self._bounds[label]:self._bounds[label + 1]]
            if own.shape[1] == 0:
                continue
            take = min(self.count, own.shape[1])
            columns[:, label] = -np.partition(-own, take - 1, axis=1)[:, :take].mean(axis=1)
        np.maximum(columns, 0.0, out=columns)
        return columns

    def save(self, directory: Path) -> None:
        """The vectors (float16) and labels as .npy files."""
        np.save(directory / VECTORS, self.vectors.astype(np.float16), allow_pickle=False)
        np.save(directory / LABELS, self.labels, allow_pickle=False)

    @classmethod
    def read(cls, directory: Path, classes: int, count: int) -> NeighbourSimilarity:
        """What save() wrote."""
        return cls(np.load(directory / VECTORS, allow_pickle=False).astype(np.float32),
                   np.load(directory / LABELS, allow_pickle=False), classes, count)


def label_indices(labels: Sequence[str], classes: Sequence[str]) -> np.ndarray:
    """Each label's position in `classes`."""
    index = {name: i for i, name in enumerate(classes)}
    return np.array([index[label] for label in labels], dtype=np.int32)
