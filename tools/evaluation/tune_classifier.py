"""Choose EncoderIntentClassifier's settings and the fallback thresholds on our own data only.

    python -m tools.evaluation.tune_classifier [--quick]

Runs the pipeline's own components in-process (ShopTokenizer, SpellingCorrector when configured, the
two CountVectorsFeaturizers, SentenceEncoderFeaturizer) on the 5 folds `make eval` uses (data/nlu only: ../shared/eval is never
read here). Step 1 compares classifier variants by CV accuracy; step 2 trains the chosen variant as
the component trains it (calibration included) and collects the out-of-fold probabilities; step 3
picks FallbackClassifier's threshold and ambiguity_threshold on them: the pair with the highest
utility (right answers minus `--cost` x wrong answers, a fallback scoring 0), i.e. the bot falls
back when answering is more likely to be wrong than right. Writes results/tune/tune.json.
"""
from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import time
from pathlib import Path
from typing import Dict, Iterator, List, Sequence, Tuple

import numpy as np

from tools.evaluation import data as eval_data

OUT = eval_data.ROOT / "results" / "tune"
FOLDS = 5


def _context(name: str):
    from rasa.engine.graph import ExecutionContext, GraphSchema

    return ExecutionContext(GraphSchema({}), node_name=name)


def featurize_fold(train_texts: Sequence[Tuple[str, str]], test_texts: Sequence[str], storage_dir: Path):
    """Messages of one fold carrying the features the candidate pipeline gives them."""
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from bot.nlu.encoder import SentenceEncoderFeaturizer
    from bot.nlu.homophones import HomophoneCorrector
    from bot.nlu.spelling import SpellingCorrector
    from bot.nlu.tokenizer import ShopTokenizer

    storage_dir.mkdir(parents=True, exist_ok=True)
    storage = LocalModelStorage(storage_dir)
    train = TrainingData([Message(data={TEXT: text, INTENT: intent}) for text, intent in train_texts])
    test = [Message(data={TEXT: text}) for text in test_texts]
    tokenizer = ShopTokenizer.create({**ShopTokenizer.get_default_config(), **component_settings("ShopTokenizer")[0]},
                                     storage, Resource("tokenizer"), _context("tokenizer"))
    train = tokenizer.process_training_data(train)
    tokenizer.process(test)
    for extra in component_settings("HomophoneCorrector"):
        homophones = HomophoneCorrector.create({**HomophoneCorrector.get_default_config(), **extra}, storage,
                                               Resource("homophones"), _context("homophones"))
        homophones.train(train)
        homophones.process(test)
    for extra in component_settings("SpellingCorrector"):
        corrector = SpellingCorrector.create({**SpellingCorrector.get_default_config(), **extra}, storage,
                                             Resource("spelling"), _context("spelling"))
        corrector.train(train)
        corrector.process(test)
    for number, extra in enumerate(component_settings("CountVectorsFeaturizer")):
        config = {**CountVectorsFeaturizer.get_default_config(), **extra}
        name = f"cvf{number}"
        featurizer = CountVectorsFeaturizer.create(config, storage, Resource(name), _context(name))
        featurizer.train(train)
        featurizer.process_training_data(train)
        featurizer.process(test)
    encoder = SentenceEncoderFeaturizer.create(SentenceEncoderFeaturizer.get_default_config(), storage,
                                               Resource("encoder"), _context("encoder"))
    encoder.process_training_data(train)
    encoder.process(test)
    return train, test


def component_settings(name: str) -> List[Dict]:
    """The options of each component of config.yml's pipeline with this (short) name, in order."""
    import yaml

    config = yaml.safe_load((eval_data.ROOT / "config.yml").read_text(encoding="utf-8"))
    return [{k: v for k, v in c.items() if k != "name"} for c in config["pipeline"]
            if c["name"].rsplit(".", 1)[-1] == name]


def held_out_texts(examples: Sequence, typed: bool) -> List[str]:
    """The held-out examples' texts; with `typed`, English ones as typed in a chat and Chinese ones
    with pinyin slips (bot.nlu.augment)."""
    from bot.nlu.augment import chat_noise, pinyin_slips

    return [(chat_noise(e.text) or pinyin_slips(e.text) or e.text) if typed else e.text for e in examples]


def featurized_folds(directory: Path, typed: bool = False) -> Iterator[Tuple[int, list, list, object, object]]:
    """(fold number, train examples, held-out examples, featurized train data, featurized held-out
    messages) of each of the 5 folds `make eval` uses, on data/nlu only; `typed`: the held-out
    English is typed as in a chat."""
    examples = eval_data.own_examples()
    fold_of = eval_data.stratified_folds([(e.language, e.intent) for e in examples], FOLDS)
    for k in range(FOLDS):
        train_ex = [e for e, f in zip(examples, fold_of) if f != k]
        test_ex = [e for e, f in zip(examples, fold_of) if f == k]
        train, test = featurize_fold([(e.text, e.intent) for e in train_ex], held_out_texts(test_ex, typed),
                                     directory / f"fold{k}")
        yield k, train_ex, test_ex, train, test


def variants(quick: bool) -> List[Dict]:
    """The classifier settings compared in step 1: with and without the sparse n-grams and their
    weight, then the regularisation strength and class weights around the best of those."""
    grid = [{"use_sparse": use_sparse, "sparse_weight": weight, "C": 10.0, "class_weight": "balanced"}
            for use_sparse, weight in [(False, 1.0), (True, 0.5), (True, 1.0), (True, 2.0)]]
    if not quick:
        grid += [{"use_sparse": True, "sparse_weight": 1.0, "C": c, "class_weight": "balanced"}
                 for c in (3.0, 30.0, 100.0)]
        grid += [{"use_sparse": True, "sparse_weight": 0.5, "C": 30.0, "class_weight": "balanced"},
                 {"use_sparse": False, "sparse_weight": 1.0, "C": 30.0, "class_weight": "balanced"},
                 {"use_sparse": True, "sparse_weight": 1.0, "C": 10.0, "class_weight": None}]
    return grid


def fallback_outcome(probabilities: np.ndarray, gold: np.ndarray, threshold: float,
                     ambiguity: float) -> Tuple[int, int, int]:
    """(right, wrong, fallback) counts under FallbackClassifier's two rules."""
    order = np.sort(probabilities, axis=1)
    top, second = order[:, -1], order[:, -2]
    falls = (top < threshold) | (top - second < ambiguity)
    right = (probabilities.argmax(axis=1) == gold) & ~falls
    return int(right.sum()), int((~falls).sum() - right.sum()), int(falls.sum())


def main(argv: List[str] | None = None) -> int:
    """Run the three steps and write results/tune/tune.json."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only the four sparse variants at C=10")
    parser.add_argument("--cost", type=float, default=1.0, help="cost of a wrong answer (a right one gains 1)")
    args = parser.parse_args(argv)
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from bot.nlu.intent_classifier import EncoderIntentClassifier, train_linear_model

    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        folds = [fold[1:] for fold in featurized_folds(Path(tmp))]
        print(f"features of {FOLDS} folds in {time.monotonic() - started:.0f} s", flush=True)

        base = EncoderIntentClassifier.get_default_config()
        step1 = []
        for variant in variants(args.quick):
            config = {**base, **variant, "calibration_folds": 0}
            clf = EncoderIntentClassifier(config, None, None)
            per_lang: Dict[str, List[float]] = {lang: [] for lang in eval_data.LANGUAGES}
            for train_ex, test_ex, train, test in folds:
                x, layout = clf._matrix(train.intent_examples)
                model = train_linear_model(x, [m.get("intent") for m in train.intent_examples], config, layout)
                guess = model.probabilities(clf._matrix(test, layout)[0]).argmax(axis=1)
                for lang in eval_data.LANGUAGES:
                    pairs = [(e.intent, model.classes[g]) for e, g in zip(test_ex, guess) if e.language == lang]
                    per_lang[lang].append(sum(a == b for a, b in pairs) / len(pairs))
            row = {**variant, **{f"cv_{lang}": float(np.mean(v)) for lang, v in per_lang.items()}}
            row["cv_mean"] = float(np.mean([row["cv_zh"], row["cv_en"]]))
            step1.append(row)
            print(json.dumps(row), flush=True)
        best = max(step1, key=lambda r: r["cv_mean"])
        chosen = {k: best[k] for k in ("use_sparse", "sparse_weight", "C", "class_weight")}
        print("chosen:", chosen, flush=True)

        # step 2: out-of-fold calibrated probabilities of the component as it trains itself
        config = {**base, **chosen}
        probabilities, gold, languages, temperatures = [], [], [], []
        for k, (train_ex, test_ex, train, test) in enumerate(folds):
            (Path(tmp) / f"clf{k}").mkdir()
            clf = EncoderIntentClassifier(config, LocalModelStorage(Path(tmp) / f"clf{k}"), Resource("clf"))
            clf.train(TrainingData(train.intent_examples))
            clf.process(test)
            classes = clf._model.classes
            temperatures.append(clf._model.temperature)
            full = clf._model.probabilities(clf._matrix(test, clf._model.layout)[0])
            probabilities.append(full)
            gold.append(np.array([classes.index(e.intent) for e in test_ex]))
            languages += [e.language for e in test_ex]
        probs, gold_ids = np.vstack(probabilities), np.concatenate(gold)
        top = probs.max(axis=1)
        correct = probs.argmax(axis=1) == gold_ids
        bins = np.linspace(0, 1, 11)
        reliability = []
        for low, high in zip(bins[:-1], bins[1:]):
            inside = (top >= low) & (top < high if high < 1 else top <= high)
            if inside.any():
                reliability.append({"bin": f"{low:.1f}-{high:.1f}", "n": int(inside.sum()),
                                    "mean_confidence": float(top[inside].mean()),
                                    "accuracy": float(correct[inside].mean())})
        ece = sum(r["n"] * abs(r["mean_confidence"] - r["accuracy"]) for r in reliability) / len(top)

        # step 3: thresholds
        grid = []
        for threshold, ambiguity in itertools.product(np.round(np.arange(0.0, 0.91, 0.05), 2),
                                                      [0.0, 0.02, 0.05, 0.1, 0.15, 0.2]):
            right, wrong, fallback = fallback_outcome(probs, gold_ids, threshold, ambiguity)
            entry = {"threshold": float(threshold), "ambiguity_threshold": ambiguity,
                     "accuracy": right / len(gold_ids), "wrong": wrong / len(gold_ids),
                     "fallback": fallback / len(gold_ids), "utility": (right - args.cost * wrong) / len(gold_ids)}
            for lang in eval_data.LANGUAGES:
                mask = np.array([lang_ == lang for lang_ in languages])
                r, _, _ = fallback_outcome(probs[mask], gold_ids[mask], threshold, ambiguity)
                entry[f"accuracy_{lang}"] = r / int(mask.sum())
            grid.append(entry)
        best_pair = max(grid, key=lambda g: (round(g["utility"], 6), -g["fallback"]))
    result = {"cost_of_wrong": args.cost, "step1": step1, "chosen": chosen, "temperatures": temperatures,
              "reliability": reliability, "ece": ece, "cv_accuracy_no_fallback": float(correct.mean()),
              "thresholds": best_pair, "grid": grid, "seconds": time.monotonic() - started}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "tune.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("chosen", "temperatures", "ece", "cv_accuracy_no_fallback",
                                             "thresholds")}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
