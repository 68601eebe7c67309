"""How well the catalogue extractor finds `product` and `color` on our own annotated examples.

    python -m tools.evaluation.catalogue_entities [--errors]

Reads data/nlu only (never ../shared/eval). Nothing is learned, so every example is a test
example: the rule extractor runs first (as in the pipeline), then the catalogue vocabulary of a
freshly seeded demo shop (a temporary SQLite file, so the figures do not depend on var/shop.db).
Scores exact spans (as DIET's cross-validation was scored), and overlapping
spans (a match counts when it overlaps an annotated span of the same entity: "短款羽绒服" for an
annotated "羽绒服"). Prints one table per vocabulary variant; --errors lists every miss and
every entity the annotations do not have. Writes results/catalogue/figures.json.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from tools.evaluation import data as eval_data


def span_scores(true_positives: int, predicted: int, gold: int) -> Dict[str, float]:
    """Precision, recall and F1 of exact spans."""
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": gold}


ENTITIES = ("product", "color")
# The eleven basic colour terms (Berlin and Kay): a colour list written without reading our data.
BASIC_TERMS = frozenset({"黑色", "白色", "红色", "绿色", "黄色", "蓝色", "棕色", "紫色", "粉色", "橙色", "灰色"})
OUT = eval_data.ROOT / "results" / "catalogue"
Span = Tuple[str, int, int]


def _overlap_counts(gold: Sequence[Span], guess: Sequence[Span], entity: str) -> Tuple[int, int]:
    """(gold spans overlapped by a guess, guesses overlapping a gold span) of one entity."""
    gold_e = [g for g in gold if g[0] == entity]
    guess_e = [g for g in guess if g[0] == entity]
    hit_gold = sum(any(s < g[2] and g[1] < e for _, s, e in guess_e) for g in gold_e)
    hit_guess = sum(any(s < g[2] and g[1] < e for _, s, e in gold_e) for g in guess_e)
    return hit_gold, hit_guess


def score(examples: Sequence[eval_data.Example], predicted: Sequence[Sequence[Span]]) -> Dict:
    """Exact and overlapping span precision, recall and F1 per entity and language."""
    result: Dict = {}
    for language in (*eval_data.LANGUAGES, "all"):
        for entity in ENTITIES:
            exact, gold_n, guess_n, overlap_gold, overlap_guess = 0, 0, 0, 0, 0
            for example, guess in zip(examples, predicted):
                if language != "all" and example.language != language:
                    continue
                gold = [(e["entity"], e["start"], e["end"]) for e in example.message.get("entities") or []]
                gold_e = {g for g in gold if g[0] == entity}
                guess_e = {g for g in guess if g[0] == entity}
                exact += len(gold_e & guess_e)
                gold_n += len(gold_e)
                guess_n += len(guess_e)
                hit_gold, hit_guess = _overlap_counts(gold, guess, entity)
                overlap_gold += hit_gold
                overlap_guess += hit_guess
            overlap_p = overlap_guess / guess_n if guess_n else 0.0
            overlap_r = overlap_gold / gold_n if gold_n else 0.0
            result[f"{language}/{entity}"] = {
                "exact": span_scores(exact, guess_n, gold_n),
                "overlap": {"precision": overlap_p, "recall": overlap_r,
                            "f1": 2 * overlap_p * overlap_r / (overlap_p + overlap_r) if overlap_p + overlap_r else 0.0},
                "predicted": guess_n,
            }
    return result


def rule_spans(examples: Sequence[eval_data.Example]) -> List[List[Tuple[int, int, str]]]:
    """What the rule extractor (first in the pipeline) finds in each example."""
    from bot.nlu.entities import EntityRules, load_patterns

    rules = EntityRules(load_patterns(eval_data.ROOT / "data" / "entities" / "patterns.yml"))
    return [[(m.start, m.end, m.entity) for m in rules.extract(example.text)] for example in examples]


def predict(examples: Sequence[eval_data.Example], taken: Sequence, vocabulary) -> Tuple[List[List[Span]], List[List], float]:
    """Spans of the catalogue extractor after the rule extractor, its matches, and its seconds."""
    spans, matches, seconds = [], [], 0.0
    for example, rules in zip(examples, taken):
        started = time.perf_counter()
        found = vocabulary.extract(example.text, rules)
        seconds += time.perf_counter() - started
        matches.append(found)
        spans.append([(m.entity, m.start, m.end) for m in found])
    return spans, matches, seconds


def agreement(session, examples, matches) -> Dict[str, Tuple[int, int]]:
    """How often the value an action gets finds what the annotated words find.

    product: find_products(value) names the same first product as find_products(annotated text);
    color: find_skus(product, value) picks the same SKUs as the annotated text, for every product.
    Counted over annotated spans that a match overlaps: (agreeing, compared)."""
    from bot.shop import repositories as repo
    from bot.shop.models import Product

    products = session.query(Product).filter(Product.active.is_(True)).all()
    counts = {"product": [0, 0], "color": [0, 0]}
    for example, found in zip(examples, matches):
        for gold in example.message.get("entities") or []:
            entity = gold["entity"]
            if entity not in counts:
                continue
            match = next((m for m in found if m.entity == entity and m.start < gold["end"] and gold["start"] < m.end), None)
            if match is None:
                continue
            words = example.text[gold["start"]:gold["end"]]
            if entity == "product":
                want, got = repo.find_products(session, words, 1), repo.find_products(session, match.value, 1)
                same = [p.id for p in want] == [p.id for p in got]
            else:
                same = all({s.id for s in repo.find_skus(session, p, words, None)}
                           == {s.id for s in repo.find_skus(session, p, match.value, None)} for p in products)
            counts[entity][0] += same
            counts[entity][1] += 1
    return {entity: tuple(pair) for entity, pair in counts.items()}


def errors(examples, predicted, matches) -> List[str]:
    """Every annotated span the extractor missed exactly and every span it added."""
    lines = []
    for example, guess, found in zip(examples, predicted, matches):
        gold = {(e["entity"], e["start"], e["end"]) for e in example.message.get("entities") or []
                if e["entity"] in ENTITIES}
        guess_set = {g for g in guess if g[0] in ENTITIES}
        for entity, start, end in sorted(gold - guess_set, key=lambda g: g[1]):
            lines.append(f"missed\t{entity}\t{example.text[start:end]}\t{example.text}")
        for entity, start, end in sorted(guess_set - gold, key=lambda g: g[1]):
            value = next(m.value for m in found if (m.entity, m.start, m.end) == (entity, start, end))
            lines.append(f"added\t{entity}\t{example.text[start:end]}={value}\t{example.text}")
    return lines


def table(figures: Dict) -> str:
    """Markdown rows: variant, entity, exact P / R / F1, overlap P / R / F1."""
    lines = ["| vocabulary | entity | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for variant, result in figures["variants"].items():
        for key, row in result.items():
            e, o = row["exact"], row["overlap"]
            lines.append(f"| {variant} | {key} | {e['precision']:.3f} | {e['recall']:.3f} | {e['f1']:.3f} | "
                         f"{o['precision']:.3f} | {o['recall']:.3f} | {o['f1']:.3f} |")
    return "\n".join(lines)


def main(argv: List[str] | None = None) -> int:
    """Score both vocabulary variants; print the table (and the errors with --errors)."""
    from bot.nlu.vocabulary import GENERAL_COLOURS, Vocabulary

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list misses and additions (full vocabulary)")
    args = parser.parse_args(argv)
    from bot.nlu.vocabulary import read_catalogue
    from bot.shop.db import ensure_database, session_scope

    examples = eval_data.own_examples()
    folder = tempfile.TemporaryDirectory()
    url = f"sqlite:///{Path(folder.name) / 'shop.db'}"
    ensure_database(url, now=datetime(2026, 11, 18, 10, 30))
    with session_scope(url) as session:
        products, skus = read_catalogue(session)
    figures: Dict = {"examples": len(examples), "variants": {}, "extract_ms": {}}
    taken = rule_spans(examples)
    variants = (("catalogue only", ()),
                ("catalogue + 11 basic colour terms", [c for c in GENERAL_COLOURS if c[0] in BASIC_TERMS]),
                ("catalogue + common colour names (shipped)", GENERAL_COLOURS))
    for variant, extra in variants:
        vocabulary = Vocabulary.from_rows(products, skus, extra_colours=extra)
        predicted, matches, seconds = predict(examples, taken, vocabulary)
        figures["extract_ms"][variant] = 1000 * seconds / len(examples)
        figures["variants"][variant] = score(examples, predicted)
    with session_scope(url) as session:
        figures["value_agreement"] = agreement(session, examples, matches)
    folder.cleanup()
    print(table(figures))
    print("values that find what the annotated words find (shipped vocabulary): "
          + ", ".join(f"{k} {a}/{n}" for k, (a, n) in figures["value_agreement"].items()))
    print("catalogue extractor, mean ms per message: "
          + ", ".join(f"{k} {v:.3f}" for k, v in figures["extract_ms"].items()))
    if args.errors:
        print("\n".join(errors(examples, predicted, matches)))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "figures.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
