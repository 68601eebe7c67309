"""A quick cross-validation of config.yml's intent classifier on our own data, in-process.

    python -m tools.evaluation.quick_cv [--folds stratified|writers] [--typed] [--errors FILE]

`--folds stratified` (the default) uses the 5 folds `make eval` uses; `--folds writers` holds out
one writing session of tools/evaluation/writers.yml at a time (a writer the model never read, a
better stand-in for real buyers); `--typed` types the held-out English as buyers type in a chat
(lower case, little punctuation, "pls"/"u", a slip in about every fifth word: bot.nlu.augment).
Only data/nlu is read: ../shared/eval never. Each fold
runs the pipeline's tokenizer, n-gram featurizers and sentence encoder, trains EncoderIntentClassifier
as the component trains itself (calibration included) with config.yml's settings, and applies
FallbackClassifier's threshold from config.yml (a fallback counts as wrong). The answer-value rules
that follow the classifier are not run, so the figures sit slightly below `make eval`'s; use it to
compare data or settings quickly (about 5 minutes on 2 cores), and `make eval` for the record.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Dict, List

import numpy as np
import yaml

from tools.evaluation import data as eval_data
from tools.evaluation.tune_classifier import featurized_folds
from tools.evaluation.writers import writer_folds

OUT = eval_data.ROOT / "results" / "quick_cv"


def pipeline_settings() -> Dict:
    """(classifier config, fallback threshold, ambiguity threshold) as config.yml sets them."""
    config = yaml.safe_load((eval_data.ROOT / "config.yml").read_text(encoding="utf-8"))
    components = {c["name"].rsplit(".", 1)[-1]: c for c in config["pipeline"]}
    classifier = {k: v for k, v in components["EncoderIntentClassifier"].items() if k != "name"}
    fallback = components.get("FallbackClassifier", {})
    return classifier, float(fallback.get("threshold", 0.0)), float(fallback.get("ambiguity_threshold", 0.0))


def main(argv: List[str] | None = None) -> int:
    """Prints accuracy per language (fallback counted as wrong) and the most frequent confusions."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", choices=("stratified", "writers"), default="stratified",
                        help="make eval's 5 stratified folds, or one held-out writing session per fold")
    parser.add_argument("--typed", action="store_true", help="held-out English typed as in a chat")
    parser.add_argument("--errors", type=Path, default=None, help="where the misread examples go "
                        "(default results/quick_cv/errors.tsv, or errors-writers.tsv)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="try a classifier setting other than config.yml's (YAML value), e.g. C=30")
    args = parser.parse_args(argv)
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from bot.nlu.intent_classifier import EncoderIntentClassifier

    settings, threshold, ambiguity = pipeline_settings()
    for assignment in args.set:
        key, _, value = assignment.partition("=")
        settings[key.strip()] = yaml.safe_load(value)
    folds = writer_folds if args.folds == "writers" else featurized_folds
    errors = args.errors or OUT / f"errors{'-writers' if args.folds == 'writers' else ''}{'-typed' if args.typed else ''}.tsv"
    started = time.monotonic()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, _, test_ex, train, test in folds(Path(tmp), args.typed):
            (Path(tmp) / f"clf{k}").mkdir()
            clf = EncoderIntentClassifier({**EncoderIntentClassifier.get_default_config(), **settings},
                                          LocalModelStorage(Path(tmp) / f"clf{k}"), Resource("clf"))
            clf.train(TrainingData(train.intent_examples))
            clf.process(test)
            for example, message in zip(test_ex, test):
                ranking = message.get("intent_ranking")
                top, second = ranking[0]["confidence"], ranking[1]["confidence"] if len(ranking) > 1 else 0.0
                raw = guess = ranking[0]["name"]
                if top < threshold or top - second < ambiguity:
                    guess = "nlu_fallback"
                rows.append((example.language, example.intent, guess, top, example.text, raw, k))
            print(f"fold {k} done after {time.monotonic() - started:.0f} s", flush=True)
    summary = {}
    for language in eval_data.LANGUAGES:
        mine = [r for r in rows if r[0] == language]
        if not mine:
            continue
        confusions = Counter((r[1], r[2]) for r in mine if r[1] != r[2])
        summary[language] = {
            "accuracy": round(sum(r[1] == r[2] for r in mine) / len(mine), 4),
            "accuracy_without_fallback": round(sum(r[1] == r[5] for r in mine) / len(mine), 4),
            "fallback": round(sum(r[2] == "nlu_fallback" for r in mine) / len(mine), 4),
            "accuracy_by_fold": {str(k): round(sum(r[1] == r[2] for r in mine if r[6] == k)
                                               / max(1, sum(r[6] == k for r in mine)), 4)
                                 for k in sorted({r[6] for r in mine})},
            "confusions": [f"{a} -> {b}: {n}" for (a, b), n in confusions.most_common(12)]}
    errors.parent.mkdir(parents=True, exist_ok=True)
    with errors.open("w", encoding="utf-8") as out:
        out.write("language\tgold\tguess\tconfidence\ttext\n")
        for language, gold, guess, top, text, _, _ in sorted(r for r in rows if r[1] != r[2]):
            out.write(f"{language}\t{gold}\t{guess}\t{top:.2f}\t{text}\n")
    print(json.dumps({"seconds": round(time.monotonic() - started), **summary}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
