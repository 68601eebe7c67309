"""The plain keyword baseline: words that mostly occur under one intent vote for it.

Chinese is cut into character bigrams and Latin text into lower-case words, so the baseline
needs no tokenizer, dictionary or model; nothing matched means nlu_fallback.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Dict, List, Sequence

FALLBACK = "nlu_fallback"
LATIN = re.compile(r"[a-z0-9']+")
HAN = re.compile(r"[\u4e00-\u9fff]+")


def keys(text: str) -> List[str]:
    """Lower-case Latin words plus Chinese characters and character bigrams."""
    text = text.lower()
    found = LATIN.findall(text)
    for run in HAN.findall(text):
        found += list(run) + [run[i:i + 2] for i in range(len(run) - 1)]
    return found


class KeywordClassifier:
    """Learns keywords (precision >= min_precision, seen >= min_count times) per intent; ties are
    broken by intent name, so results do not depend on hash order."""

    def __init__(self, min_precision: float = 0.6, min_count: int = 2) -> None:
        self.min_precision, self.min_count = min_precision, min_count
        self.weights: Dict[str, Dict[str, float]] = {}

    def fit(self, texts: Sequence[str], intents: Sequence[str]) -> "KeywordClassifier":
        """Count in how many examples of each intent every key occurs."""
        by_key: Dict[str, Counter] = defaultdict(Counter)
        for text, intent in zip(texts, intents):
            for key in sorted(set(keys(text))):
                by_key[key][intent] += 1
        self.weights = {}
        for key, counts in by_key.items():
            total = sum(counts.values())
            intent, hits = max(counts.items(), key=lambda item: (item[1], item[0]))
            if hits >= self.min_count and hits / total >= self.min_precision:
                self.weights[key] = {intent: hits / total * math.log(1 + hits)}
        return self

    def predict(self, text: str) -> str:
        """The intent whose keywords weigh most in the text, or nlu_fallback."""
        votes: Counter = Counter()
        for key in sorted(set(keys(text))):
            for intent, weight in self.weights.get(key, {}).items():
                votes[intent] += weight
        return max(votes.items(), key=lambda item: (item[1], item[0]))[0] if votes else FALLBACK
