"""Confusion matrices as PNG (matplotlib, no display)."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Sequence, Tuple


def confusion_png(title: str, panels: Dict[str, Tuple[Sequence[str], Sequence[str]]], path: Path) -> None:
    """One row-normalised confusion matrix per pipeline, side by side; panels: name -> (gold, predicted).

    The diagonal is where gold and predicted intent agree (columns begin with the rows' intents)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows, columns = _labels(panels)
    row_of = {label: i for i, label in enumerate(rows)}
    column_of = {label: i for i, label in enumerate(columns)}
    figure, axes = plt.subplots(1, len(panels), figsize=(7 * len(panels), 6.5), squeeze=False)
    for axis, (name, (gold, predicted)) in zip(axes[0], panels.items()):
        matrix = [[0.0] * len(columns) for _ in rows]
        for g, p in zip(gold, predicted):
            matrix[row_of[g]][column_of[p]] += 1
        for row in matrix:
            total = sum(row)
            if total:
                row[:] = [v / total for v in row]
        axis.imshow(matrix, cmap="Blues", vmin=0, vmax=1)
        axis.set_title(name)
        axis.set_xticks(range(len(columns)))
        axis.set_xticklabels(columns, rotation=90, fontsize=6)
        axis.set_yticks(range(len(rows)))
        axis.set_yticklabels(rows, fontsize=6)
        axis.set_xlabel("predicted")
        axis.set_ylabel("gold (row-normalised)")
    figure.suptitle(title)
    figure.tight_layout(rect=(0, 0, 1, 0.96))
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _labels(panels: Dict[str, Tuple[Sequence[str], Sequence[str]]]) -> Tuple[List[str], List[str]]:
    """Rows: the gold intents; columns: those, then whatever else was predicted."""
    gold = {g for golds, _ in panels.values() for g in golds}
    predicted = {p for _, preds in panels.values() for p in preds}
    return sorted(gold), sorted(gold) + sorted(predicted - gold)
