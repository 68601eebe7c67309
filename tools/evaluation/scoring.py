"""Accuracy, macro-F1 and per-intent scores."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Dict, List, Sequence, Tuple

MIN_SUPPORT = 5


@dataclass(frozen=True)
class IntentScore:
    """Precision, recall and F1 of one intent."""

    intent: str
    support: int
    precision: float
    recall: float
    f1: float


@dataclass
class Result:
    """One pipeline scored on one set of messages."""

    accuracy: float
    macro_f1: float
    scores: List[IntentScore]
    confusions: List[Tuple[str, str, int]]

    def to_dict(self) -> Dict:
        """JSON-friendly form."""
        return {"accuracy": self.accuracy, "macro_f1": self.macro_f1,
                "scores": [asdict(s) for s in self.scores], "confusions": self.confusions}


def score(gold: Sequence[str], predicted: Sequence[str]) -> Tuple[float, float, List[IntentScore]]:
    """Accuracy and macro-F1 over intents with >= MIN_SUPPORT examples, and every intent's scores."""
    support = Counter(gold)
    true_pos, pred_count = Counter(), Counter(predicted)
    for g, p in zip(gold, predicted):
        if g == p:
            true_pos[g] += 1
    scores = []
    for intent in sorted(support, key=lambda i: (-support[i], i)):
        precision = true_pos[intent] / pred_count[intent] if pred_count[intent] else 0.0
        recall = true_pos[intent] / support[intent]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(IntentScore(intent, support[intent], precision, recall, f1))
    kept = [s for s in scores if s.support >= MIN_SUPPORT]
    kept_intents = {s.intent for s in kept}
    pairs = [(g, p) for g, p in zip(gold, predicted) if g in kept_intents]
    accuracy = sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0
    macro_f1 = sum(s.f1 for s in kept) / len(kept) if kept else 0.0
    return accuracy, macro_f1, scores


def evaluate(gold: Sequence[str], predicted: Sequence[str]) -> Result:
    """score() plus the ten most frequent confusions (gold, predicted, count)."""
    accuracy, macro_f1, scores = score(gold, predicted)
    confusions = Counter((g, p) for g, p in zip(gold, predicted) if g != p)
    return Result(accuracy, macro_f1, scores, [(g, p, n) for (g, p), n in confusions.most_common(10)])


def mean_and_spread(values: Sequence[float]) -> Tuple[float, float]:
    """Mean and (population) standard deviation."""
    if not values:
        return 0.0, 0.0
    mean = sum(values) / len(values)
    return mean, (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
