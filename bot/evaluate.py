"""`make eval`: score the trained model on real buyer messages (../shared/eval/, never trained on).

Prints and writes a report: accuracy and macro-F1 over intents with at least 5 examples, and a
per-intent table, for each language.
"""
from __future__ import annotations

import argparse
import asyncio
import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT.parent / "shared" / "eval"
MIN_SUPPORT = 5


@dataclass(frozen=True)
class IntentScore:
    """Precision, recall and F1 of one intent."""

    intent: str
    support: int
    precision: float
    recall: float
    f1: float


def read_eval_set(path: Path) -> List[Tuple[str, str]]:
    """(text, gold intent) rows of an evaluation TSV."""
    with path.open(encoding="utf-8") as handle:
        return [(row["text"], row["intent"]) for row in csv.DictReader(handle, delimiter="\t")]


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


def report(language: str, accuracy: float, macro_f1: float, scores: List[IntentScore], confusions: Counter) -> str:
    """A Markdown section for one language."""
    lines = [f"## {language}: accuracy {accuracy:.3f}, macro-F1 {macro_f1:.3f} "
             f"(intents with >= {MIN_SUPPORT} examples)", "",
             "| intent | support | precision | recall | F1 |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {s.intent} | {s.support} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} |" for s in scores]
    lines += ["", "Most frequent confusions (gold → predicted):", ""]
    lines += [f"- {g} → {p}: {n}" for (g, p), n in confusions.most_common(10)]
    return "\n".join(lines) + "\n"


async def _predict(model: str, texts: List[str]) -> List[str]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    results = []
    for text in texts:
        parsed = await agent.parse_message(text)
        results.append(parsed["intent"]["name"])
    return results


def main(argv: List[str] | None = None) -> int:
    """Evaluate the model on every eval set and write docs/benchmarks/nlu-real-buyers.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks"))
    args = parser.parse_args(argv)
    sets: Dict[str, Path] = {p.stem: p for p in sorted(EVAL_DIR.glob("real_*.tsv"))}
    if not sets:
        print(f"no evaluation sets in {EVAL_DIR}")
        return 1
    rows = {name: read_eval_set(path) for name, path in sets.items()}
    texts = [text for data in rows.values() for text, _ in data]
    predictions = iter(asyncio.run(_predict(args.model, texts)))
    sections = ["# Xiaoer NLU on real buyer messages", "",
                f"Model: `{Path(args.model).resolve().name}`. Sets: {', '.join(sets)} (never trained on).", ""]
    for name, data in rows.items():
        gold = [intent for _, intent in data]
        predicted = [next(predictions) for _ in data]
        accuracy, macro_f1, scores = score(gold, predicted)
        confusions = Counter((g, p) for g, p in zip(gold, predicted) if g != p)
        sections.append(report(name, accuracy, macro_f1, scores, confusions))
        print(f"{name}: {len(data)} messages, accuracy {accuracy:.3f}, macro-F1 {macro_f1:.3f}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "nlu-real-buyers.md").write_text("\n".join(sections), encoding="utf-8")
    print("\n".join(sections))
    print(f"report written to {out / 'nlu-real-buyers.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
