"""Confusion matrices as PNG (matplotlib, no display)."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Sequence, Tuple


def confusion_png(title: str, panels: Dict[str, Tuple[Sequence[str], Sequence[str]]], path: Path) -> None:
    """One row-normalised confusion matrix per pipeline, side by side; panels: name -> (gold, predicted)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = _labels(panels)
    index = {label: i for i, label in enumerate(labels)}
    size = len(labels)
    figure, axes = plt.subplots(1, len(panels), figsize=(7.5 * len(panels), 7.5), squeeze=False)
    for axis, (name, (gold, predicted)) in zip(axes[0], panels.items()):
        matrix = [[0.0] * size for _ in range(size)]
        for g, p in zip(gold, predicted):
            matrix[index[g]][index[p]] += 1
        for row in matrix:
            total = sum(row)
            if total:
                row[:] = [v / total for v in row]
        axis.imshow(matrix, cmap="Blues", vmin=0, vmax=1)
        axis.set_title(name)
        axis.set_xticks(range(size))
        axis.set_xticklabels(labels, rotation=90, fontsize=6)
        axis.set_yticks(range(size))
        axis.set_yticklabels(labels, fontsize=6)
        axis.set_xlabel("predicted")
        axis.set_ylabel("gold (row-normalised)")
    figure.suptitle(title)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _labels(panels: Dict[str, Tuple[Sequence[str], Sequence[str]]]) -> List[str]:
    gold = {g for golds, _ in panels.values() for g in golds}
    predicted = {p for _, preds in panels.values() for p in preds}
    return sorted(gold) + sorted(predicted - gold)
