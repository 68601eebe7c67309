"""`make eval`: Xiaoer's NLU (config.yml), the DIET pipeline it replaced (config/diet.yml), Rasa's
default pipeline and a keyword baseline, side by side on the same data in one run.

Scores each on the real buyer messages in ../shared/eval/ (never trained on; fallback counts as
wrong) and by k-fold cross-validation on our own data/nlu examples; times training, model loading,
the Rasa server's start and parsing; writes docs/benchmarks/nlu.md, nlu.json and a
confusion-matrix PNG per real set.
"""
from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from tools.evaluation import data as eval_data
from tools.evaluation import models
from tools.evaluation.keyword import KeywordClassifier
from tools.evaluation.plots import confusion_png
from tools.evaluation.report import BASELINE, write_report
from tools.evaluation.scoring import evaluate, mean_and_spread

PIPELINES = ("xiaoer", "diet", "rasa-default", "keyword")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).lower().strip("?？!！。.,，~")


def check_no_leak(examples: Sequence[eval_data.Example], sets: Dict[str, list]) -> None:
    """Refuse to run when an evaluation message is among the training examples."""
    own = {_norm(e.text) for e in examples}
    leaked = [text for rows in sets.values() for text, _ in rows if len(_norm(text)) >= 4 and _norm(text) in own]
    if leaked:
        raise SystemExit(f"evaluation messages found in data/nlu (never train on them): {leaked[:5]}")


class Progress:
    """Numbered steps with elapsed time, so a long run shows where it is."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.started = total, 0, time.monotonic()

    def step(self, text: str) -> None:
        self.done += 1
        print(f"[{self.done}/{self.total} {time.monotonic() - self.started:5.0f} s] {text}", flush=True)

    @staticmethod
    def say(text: str) -> None:
        print(text, flush=True)


def _speed(train_seconds: float, load_seconds: float, parse_seconds: Sequence[float]) -> Dict:
    times = sorted(parse_seconds)
    return {"train_seconds": train_seconds, "load_seconds": load_seconds,
            "parse_p50_ms": 1000 * statistics.median(times), "parse_p95_ms": 1000 * times[int(0.95 * (len(times) - 1))]}


def predict(pipeline: str, train: Sequence[eval_data.Example], texts: Sequence[str], label: str,
            progress: Progress, ready: bool = False, seed: Optional[int] = None) -> Dict:
    """Train `pipeline` on `train` (cached; with `seed`, the draw of that random seed), predict
    `texts`; intents plus speed figures."""
    if pipeline == "keyword":
        started = time.perf_counter()
        classifier = KeywordClassifier().fit([e.text for e in train], [e.intent for e in train])
        train_seconds = time.perf_counter() - started
        intents, times = [], []
        for text in texts:
            started = time.perf_counter()
            intents.append(classifier.predict(text))
            times.append(time.perf_counter() - started)
        return {"intents": intents, "speed": {**_speed(train_seconds, 0.0, times), "ready_seconds": 0.0}}
    path = models.WORK / "data" / f"{label}.yml"
    eval_data.write_training_file(train, path)
    config, name = models.CONFIGS[pipeline], pipeline
    if seed is not None:
        config, name = models.seeded_config(config, seed), f"{pipeline}-seed{seed}"
    model, train_seconds = models.train(name, config, path, label, progress.say)
    parsed = models.parse_in_fresh_process(model, texts)
    speed = _speed(train_seconds, parsed["load_seconds"], parsed["parse_seconds"])
    if ready:
        speed["ready_seconds"] = models.server_ready_seconds(model)
        progress.say(f"   trained in {train_seconds:.0f} s, Agent.load {speed['load_seconds']:.1f} s, server ready "
                     f"{speed['ready_seconds']:.1f} s, parse p50 {speed['parse_p50_ms']:.1f} ms")
    return {"intents": parsed["intents"], "speed": speed}


def _median_draw(draws: List[Dict]) -> Dict:
    """The draw whose accuracy is the median; for an even count the upper middle one, so a margin
    over the baseline is never judged against its weaker draw."""
    ranked = sorted(draws, key=lambda d: d["accuracy"])
    return ranked[len(ranked) // 2]


def _median_speed(speeds: List[Dict]) -> Dict:
    return {key: statistics.median(s[key] for s in speeds) for key in speeds[0]}


def real_sets(pipelines, examples, sets, progress, baseline_seeds: Sequence[int] = ()) -> Dict:
    """Every pipeline trained on all our data (timed), scored on each real set. With
    `baseline_seeds`, the baseline is trained once per seed and each set takes its median draw."""
    texts = [text for rows in sets.values() for text, _ in rows]
    results: Dict = {name: {} for name in sets}
    predictions: Dict = {name: {} for name in sets}
    speed: Dict = {}
    for pipeline in pipelines:
        seeds: List[Optional[int]] = list(baseline_seeds) if pipeline == BASELINE and baseline_seeds else [None]
        draws: Dict = {name: [] for name in sets}
        speeds = []
        for seed in seeds:
            progress.step(f"{pipeline}{'' if seed is None else f' (seed {seed})'}: real buyer messages ({len(texts)})")
            outcome = predict(pipeline, examples, texts, "all", progress, ready=True, seed=seed)
            speeds.append(outcome["speed"])
            predicted = iter(outcome["intents"])
            for name, rows in sets.items():
                gold = [intent for _, intent in rows]
                guess = [next(predicted) for _ in rows]
                draw = {**evaluate(gold, guess).to_dict(), "seed": seed, "gold": gold, "guess": guess,
                        "fallback_rate": sum(g == "nlu_fallback" for g in guess) / len(guess)}
                draws[name].append(draw)
                progress.say(f"   {name}: accuracy {draw['accuracy']:.3f}, macro-F1 {draw['macro_f1']:.3f}, "
                             f"fallback {draw['fallback_rate']:.3f}")
        speed[pipeline] = _median_speed(speeds)
        for name in sets:
            chosen = dict(_median_draw(draws[name]))
            predictions[name][pipeline] = (chosen.pop("gold"), chosen.pop("guess"))
            if len(seeds) > 1:
                chosen["draws"] = [{"seed": d["seed"], "accuracy": d["accuracy"], "macro_f1": d["macro_f1"]}
                                   for d in draws[name]]
                progress.say(f"   {name}: median of {len(seeds)} seeds, accuracy {chosen['accuracy']:.3f} "
                             f"(seed {chosen['seed']})")
            results[name][pipeline] = chosen
    return {"results": results, "predictions": predictions, "speed": speed}


def cross_validation(pipelines, examples, folds: int, progress, baseline_seed: Optional[int] = None) -> Dict:
    """k-fold CV on our own examples; per language: mean and spread over folds (the baseline with
    `baseline_seed`, its first seed, when it is seeded)."""
    fold_of = eval_data.stratified_folds([(e.language, e.intent) for e in examples], folds)
    per_fold: Dict = defaultdict(lambda: defaultdict(list))
    for k in range(folds):
        train = [e for e, f in zip(examples, fold_of) if f != k]
        test = [e for e, f in zip(examples, fold_of) if f == k]
        for pipeline in pipelines:
            progress.step(f"{pipeline}: fold {k + 1}/{folds} ({len(train)} train, {len(test)} held out)")
            seed = baseline_seed if pipeline == BASELINE else None
            guess = predict(pipeline, train, [e.text for e in test], f"fold{k + 1}of{folds}", progress,
                            seed=seed)["intents"]
            for language in eval_data.LANGUAGES:
                pairs = [(e.intent, g) for e, g in zip(test, guess) if e.language == language]
                result = evaluate([p[0] for p in pairs], [p[1] for p in pairs])
                per_fold[language][pipeline].append((result.accuracy, result.macro_f1))
    summary: Dict = {}
    for language, by_pipeline in per_fold.items():
        for pipeline, values in by_pipeline.items():
            summary.setdefault(language, {})[pipeline] = {
                "accuracy": mean_and_spread([v[0] for v in values]),
                "macro_f1": mean_and_spread([v[1] for v in values]), "folds": values}
    return summary


def main(argv: List[str] | None = None) -> int:
    """Run the comparison and write the report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(eval_data.ROOT / "models" / "current.tar.gz"),
                        help="Xiaoer's full trained model (make train): its server start is timed too")
    parser.add_argument("--out", default=str(eval_data.ROOT / "docs" / "benchmarks"))
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (0: skip)")
    parser.add_argument("--pipelines", default=",".join(PIPELINES))
    parser.add_argument("--cv-pipelines", default=None,
                        help="the pipelines cross-validated (default: all of --pipelines); rasa-default's DIET "
                             "takes 45-50 minutes a fold on 2 cores")
    parser.add_argument("--baseline-seeds", type=int, default=3,
                        help=f"train {BASELINE} with random seeds 1..N and score its median draw (its DIET is "
                             "unseeded as `rasa init` writes it, so one training is one random draw; 45-50 "
                             "minutes each on 2 cores); 0: the unseeded config once")
    args = parser.parse_args(argv)
    pipelines = [p for p in args.pipelines.split(",") if p]
    cv_pipelines = pipelines if args.cv_pipelines is None else [p for p in args.cv_pipelines.split(",") if p]
    unknown = set(pipelines + cv_pipelines) - set(PIPELINES)
    if unknown:
        parser.error(f"unknown pipelines {sorted(unknown)}; choose from {PIPELINES}")
    sets = eval_data.eval_sets()
    if not sets:
        print(f"no evaluation sets in {eval_data.eval_dir()}")
        return 1
    examples = eval_data.own_examples()
    check_no_leak(examples, sets)
    seeds = list(range(1, args.baseline_seeds + 1))
    extra_draws = max(len(seeds) - 1, 0) if BASELINE in pipelines else 0
    progress = Progress(len(pipelines) + extra_draws + len(cv_pipelines) * args.folds + 1)
    started = time.monotonic()
    model_name = Path(args.model).resolve().name  # the model timed, even if models/current moves during the run
    # timed first, before hours of training elsewhere in this run can leave the machine busy
    progress.step(f"the full model {Path(args.model).name}: Rasa server start")
    full_ready = server_ready = None
    if Path(args.model).exists():  # medians of 3 starts: one start varies by a second or more here
        full_ready = statistics.median(models.server_ready_seconds(Path(args.model)) for _ in range(3))
        server_ready = statistics.median(models.xiaoer_server_ready_seconds(Path(args.model)) for _ in range(3))
    real = real_sets(pipelines, examples, sets, progress, seeds)
    cv = cross_validation(cv_pipelines, examples, args.folds, progress, seeds[0] if seeds else None) if args.folds > 1 and cv_pipelines else {}
    out = Path(args.out)
    for name, panels in real["predictions"].items():
        confusion_png(f"{name}: confusion matrices (rows: gold intent)", panels, out / f"nlu-confusion-{name}.png")
    meta = {"date": datetime.now().isoformat(timespec="seconds"), "model": model_name,
            "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}", "folds": args.folds,
            "minutes": round((time.monotonic() - started) / 60, 1), "pipelines": pipelines, "cv_pipelines": cv_pipelines,
            "baseline_seeds": seeds,
            "sets": {name: len(rows) for name, rows in sets.items()}, "full_model_ready_seconds": full_ready,
            "xiaoer_server_ready_seconds": server_ready,
            "own_examples": {lang: sum(e.language == lang for e in examples) for lang in eval_data.LANGUAGES}}
    predictions = {name: {p: guess for p, (_, guess) in by.items()} for name, by in real["predictions"].items()}
    (out / "nlu.json").write_text(json.dumps({"meta": meta, "real": real["results"], "speed": real["speed"], "cv": cv,
                                              "predictions": predictions}, indent=1, ensure_ascii=False),
                                  encoding="utf-8")
    report = write_report(meta, real["results"], real["speed"], cv, out / "nlu.md")
    print(report)
    print(f"report written to {out / 'nlu.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
