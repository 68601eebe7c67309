"""NLU configs side by side, trained on the same data/nlu: real buyer sets, k-fold CV, and speed.

    python -m bot.evaluation.compare --configs xiaoer=config.yml,encoder=config/encoder.yml

For each config: one model on all our examples (timed training) scored on ../shared/eval/real_*.tsv
(fallback counts as wrong; never trained on), one model per CV fold (the folds of `make eval`),
and, from a fresh process per model, the time Agent.load takes and the per-message parse time.
Models are cached under models/compare/ by config, data and the bot/nlu modules that config
names, so an interrupted run resumes and a config whose code did not change is not retrained;
the training time measured when a model was trained is kept beside it. Writes results/compare/.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from bot.evaluation import data as eval_data
from bot.evaluation.scoring import evaluate, mean_and_spread

ROOT = eval_data.ROOT
MODELS = ROOT / "models" / "compare"
OUT = ROOT / "results" / "compare"
_OUR_COMPONENT = re.compile(r"name:\s*bot\.nlu\.(\w+)\.")


def model_key(config: Path, data: Path) -> str:
    """Config, data, and the code of the bot/nlu modules (and their data files) the config uses."""
    text = config.read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode() + data.read_bytes())
    modules = sorted(set(_OUR_COMPONENT.findall(text)) | {"text", "normalise"})
    for module in modules:
        path = ROOT / "bot" / "nlu" / f"{module}.py"
        if path.exists():
            digest.update(path.read_bytes())
    for path in sorted((ROOT / "data" / "jieba").glob("*")) + sorted((ROOT / "data" / "entities").glob("*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def train(name: str, config: Path, data: Path, label: str) -> Tuple[Path, float]:
    """Model of `config` on `data` (cached) and the wall-clock seconds its training took."""
    stem = f"{name}-{label}-{model_key(config, data)}"
    model, timing = MODELS / f"{stem}.tar.gz", MODELS / f"{stem}.json"
    if model.exists() and timing.exists():
        return model, json.loads(timing.read_text())["train_seconds"]
    MODELS.mkdir(parents=True, exist_ok=True)
    log = MODELS / f"{stem}.log"
    started = time.monotonic()
    with log.open("w") as out:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "rasa"), "train", "nlu", "--config", str(config), "--nlu", str(data),
             "--out", str(MODELS), "--fixed-model-name", stem],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    if done.returncode != 0 or not model.exists():
        raise RuntimeError(f"training {name} on {label} failed; see {log}")
    timing.write_text(json.dumps({"train_seconds": seconds}))
    print(f"   trained {stem} in {seconds:.0f} s", flush=True)
    return model, seconds


def parse_in_fresh_process(model: Path, texts: Sequence[str]) -> Dict:
    """Predictions, Agent.load seconds and per-message parse seconds, from a new Python process."""
    OUT.mkdir(parents=True, exist_ok=True)
    request, answer = OUT / "worker-in.json", OUT / "worker-out.json"
    request.write_text(json.dumps({"model": str(model), "texts": list(texts)}, ensure_ascii=False))
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "bot.evaluation.compare", "--worker", str(request), str(answer)],
                   cwd=ROOT, check=True)
    result = json.loads(answer.read_text())
    result["process_seconds"] = time.monotonic() - started
    return result


def worker(request: Path, answer: Path) -> None:
    """Load the model with Agent.load, then parse every text one at a time (as a server would)."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    job = json.loads(request.read_text())

    async def run() -> Dict:
        started = time.perf_counter()
        agent = Agent.load(job["model"])
        load_seconds = time.perf_counter() - started
        intents, entities, times = [], [], []
        for text in job["texts"]:
            started = time.perf_counter()
            parsed = await agent.parse_message(text)
            times.append(time.perf_counter() - started)
            intents.append(parsed["intent"]["name"])
            entities.append([[e["entity"], e["start"], e["end"]] for e in parsed.get("entities", [])])
        return {"load_seconds": load_seconds, "parse_seconds": times, "intents": intents, "entities": entities}

    answer.write_text(json.dumps(asyncio.run(run()), ensure_ascii=False))


LEARNED_ENTITIES = ("product", "color")  # the entities only DIET learns; the rules find the others


def count_spans(counts: Dict[str, List[int]], examples: Sequence[eval_data.Example],
                predicted: Sequence[Sequence[Sequence]]) -> None:
    """Adds exact-span matches of the learned entities (true positives, predicted, gold)."""
    for example, found in zip(examples, predicted):
        gold = {(e["entity"], e["start"], e["end"]) for e in example.message.get("entities") or []}
        guess = {tuple(e) for e in found}
        for entity in counts:
            gold_e = {g for g in gold if g[0] == entity}
            guess_e = {g for g in guess if g[0] == entity}
            counts[entity][0] += len(gold_e & guess_e)
            counts[entity][1] += len(guess_e)
            counts[entity][2] += len(gold_e)


def span_scores(true_positives: int, predicted: int, gold: int) -> Dict[str, float]:
    """Precision, recall and F1 of exact spans."""
    precision = true_positives / predicted if predicted else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": gold}


def compare(configs: Dict[str, Path], folds: int, no_cv: Sequence[str] = ()) -> Dict:
    """Every config: real sets, CV per language, training, load and parse times."""
    examples = eval_data.own_examples()
    sets = eval_data.eval_sets()
    from bot.evaluate import check_no_leak

    check_no_leak(examples, sets)
    data_dir = OUT / "data"
    all_data = data_dir / "all.yml"
    eval_data.write_training_file(examples, all_data)
    fold_of = eval_data.stratified_folds([(e.language, e.intent) for e in examples], folds) if folds > 1 else []
    fold_files = []
    for k in range(folds if folds > 1 else 0):
        path = data_dir / f"fold{k + 1}of{folds}.yml"
        eval_data.write_training_file([e for e, f in zip(examples, fold_of) if f != k], path)
        fold_files.append(path)
    texts = [text for rows in sets.values() for text, _ in rows]
    figures: Dict = {"examples": {lang: sum(e.language == lang for e in examples) for lang in eval_data.LANGUAGES},
                     "sets": {name: len(rows) for name, rows in sets.items()}, "pipelines": {}}
    for name, config in configs.items():
        print(f"== {name} ({config})", flush=True)
        model, train_seconds = train(name, config, all_data, "all")
        parsed = parse_in_fresh_process(model, texts)
        times = sorted(parsed["parse_seconds"])
        entry: Dict = {"config": str(config), "model": model.name, "train_seconds": train_seconds,
                       "load_seconds": parsed["load_seconds"], "process_seconds": parsed["process_seconds"],
                       "parse_p50_ms": 1000 * statistics.median(times),
                       "parse_p95_ms": 1000 * times[int(0.95 * (len(times) - 1))], "real": {}, "cv": {},
                       "predictions": {}}
        guesses = iter(parsed["intents"])
        for set_name, rows in sets.items():
            guess = [next(guesses) for _ in rows]
            result = evaluate([intent for _, intent in rows], guess)
            fallback = sum(g == "nlu_fallback" for g in guess) / len(guess)
            entry["real"][set_name] = {**result.to_dict(), "fallback_rate": fallback,
                                       "accuracy_all": sum(g == i for g, (_, i) in zip(guess, rows)) / len(rows)}
            entry["predictions"][set_name] = guess
            print(f"   {set_name}: accuracy {result.accuracy:.3f} macro-F1 {result.macro_f1:.3f} "
                  f"fallback {fallback:.3f}", flush=True)
        per_language: Dict[str, List[Tuple[float, float]]] = {lang: [] for lang in eval_data.LANGUAGES}
        fold_train = []
        spans = {entity: [0, 0, 0] for entity in LEARNED_ENTITIES}  # true positives, predicted, gold
        for k, path in enumerate([] if name in no_cv else fold_files):
            model, seconds = train(name, config, path, path.stem)
            fold_train.append(seconds)
            test = [e for e, f in zip(examples, fold_of) if f == k]
            parsed = parse_in_fresh_process(model, [e.text for e in test])
            guess = parsed["intents"]
            count_spans(spans, test, parsed["entities"])
            for language in eval_data.LANGUAGES:
                pairs = [(e.intent, g) for e, g in zip(test, guess) if e.language == language]
                result = evaluate([p[0] for p in pairs], [p[1] for p in pairs])
                per_language[language].append((result.accuracy, result.macro_f1))
        for language, values in per_language.items():
            if values:
                entry["cv"][language] = {"accuracy": mean_and_spread([v[0] for v in values]),
                                         "macro_f1": mean_and_spread([v[1] for v in values]), "folds": values}
                print(f"   CV {language}: accuracy {entry['cv'][language]['accuracy'][0]:.3f}", flush=True)
        entry["fold_train_seconds"] = fold_train
        entry["cv_entities"] = {entity: span_scores(*counts) for entity, counts in spans.items()}
        figures["pipelines"][name] = entry
    return figures


def table(figures: Dict) -> str:
    """The figures as one Markdown table, a column per config."""
    names = list(figures["pipelines"])
    rows: List[Tuple[str, List[str]]] = []
    for set_name in figures["sets"]:
        rows.append((f"{set_name} accuracy (fallback = wrong; intents with >= 5 messages, as make eval)",
                     [f"{figures['pipelines'][n]['real'][set_name]['accuracy']:.3f}" for n in names]))
        rows.append((f"{set_name} accuracy, every message",
                     [f"{figures['pipelines'][n]['real'][set_name]['accuracy_all']:.3f}" for n in names]))
        rows.append((f"{set_name} macro-F1", [f"{figures['pipelines'][n]['real'][set_name]['macro_f1']:.3f}"
                                               for n in names]))
        rows.append((f"{set_name} fallback rate", [f"{figures['pipelines'][n]['real'][set_name]['fallback_rate']:.3f}"
                                                    for n in names]))
    def cv(name: str, language: str, key: str) -> str:
        values = figures["pipelines"][name]["cv"].get(language)
        return "{:.3f} ± {:.3f}".format(*values[key]) if values else "-"

    for language in eval_data.LANGUAGES:
        rows.append((f"5-fold CV accuracy, {language}", [cv(n, language, "accuracy") for n in names]))
        rows.append((f"5-fold CV macro-F1, {language}", [cv(n, language, "macro_f1") for n in names]))
    for entity in LEARNED_ENTITIES:
        rows.append((f"5-fold CV {entity} entity F1 (exact span)", [
            f"{figures['pipelines'][n]['cv_entities'][entity]['f1']:.3f}"
            if figures["pipelines"][n].get("fold_train_seconds") else "-" for n in names]))
    rows.append(("training, all data (s, `rasa train nlu`)",
                 [f"{figures['pipelines'][n]['train_seconds']:.0f}" for n in names]))
    rows.append(("training, median of the folds (s)",
                 [f"{statistics.median(figures['pipelines'][n]['fold_train_seconds']):.0f}"
                  if figures['pipelines'][n]['fold_train_seconds'] else "-" for n in names]))
    rows.append(("Agent.load (s)", [f"{figures['pipelines'][n]['load_seconds']:.1f}" for n in names]))
    rows.append(("fresh process to parsed all (s)", [f"{figures['pipelines'][n]['process_seconds']:.0f}"
                                                     for n in names]))
    rows.append(("parse p50 / p95 (ms)", [f"{figures['pipelines'][n]['parse_p50_ms']:.1f} / "
                                          f"{figures['pipelines'][n]['parse_p95_ms']:.1f}" for n in names]))
    lines = ["| metric | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    lines += [f"| {label} | " + " | ".join(values) + " |" for label, values in rows]
    return "\n".join(lines)


def main(argv: List[str] | None = None) -> int:
    """Run the comparison; write results/compare/figures.json and table.md."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--configs", default="xiaoer=config.yml,encoder=config/encoder.yml",
                        help="name=path pairs, comma-separated")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (0: skip)")
    parser.add_argument("--no-cv", default="", help="configs (names, comma-separated) scored on the real sets only")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(Path(args.worker[0]), Path(args.worker[1]))
        return 0
    configs = {name: ROOT / path for name, path in (pair.split("=", 1) for pair in args.configs.split(",") if pair)}
    started = time.monotonic()
    figures = compare(configs, args.folds, [n for n in args.no_cv.split(",") if n])
    figures["minutes"] = round((time.monotonic() - started) / 60, 1)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "figures.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
    (OUT / "table.md").write_text(table(figures) + "\n", encoding="utf-8")
    print(table(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
