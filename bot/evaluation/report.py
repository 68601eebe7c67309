"""The Markdown report of `make eval` (docs/benchmarks/nlu.md)."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List

from bot.evaluation.scoring import MIN_SUPPORT

BASELINE = "rasa-default"
DESCRIPTIONS = {
    "xiaoer": "Xiaoer's config.yml: jieba + shop dictionary, rule entities, word and char n-grams, DIET 1x128",
    "encoder": "candidate config/encoder.yml: as xiaoer, but a multilingual sentence encoder (USE) and a calibrated "
               "logistic regression learn the intents; no DIET",
    "rasa-default": "the config `rasa init` writes (benchmarks/configs/rasa-default.yml): Rasa's default pipeline",
    "keyword": "keywords learned from the same data (Latin words, Chinese characters and bigrams); no match = nlu_fallback",
}


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base else "n/a"


def write_report(meta: Dict, real: Dict, cv: Dict, path: Path) -> str:
    """Write and return the report."""
    pipelines: List[str] = meta["pipelines"]
    lines = ["# NLU: Xiaoer against Rasa's default pipeline and a keyword baseline", "",
             f"Written by `make eval` on {meta['date']} ({meta['machine']}, {meta['minutes']} min). "
             f"Xiaoer model: `{meta['model']}`. All pipelines learn from the same data/nlu examples "
             f"({', '.join(f'{k}: {v}' for k, v in meta['own_examples'].items())}).", ""]
    lines += [f"- **{p}**: {DESCRIPTIONS[p]}" for p in pipelines]
    lines += ["", "## Real buyer messages (../shared/eval, never trained on)", "",
              f"Accuracy and macro-F1 over the intents with at least {MIN_SUPPORT} messages in the set; "
              f"ratios against {BASELINE} (same data, same run).", "",
              "| set | messages | pipeline | accuracy | macro-F1 | accuracy vs default | macro-F1 vs default |",
              "|---|---:|---|---:|---:|---:|---:|"]
    for name, by_pipeline in real.items():
        base = by_pipeline.get(BASELINE)
        for p in pipelines:
            r = by_pipeline[p]
            lines.append(f"| {name} | {meta['sets'][name]} | {p} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | "
                         f"{_ratio(r['accuracy'], base['accuracy']) if base else 'n/a'} | "
                         f"{_ratio(r['macro_f1'], base['macro_f1']) if base else 'n/a'} |")
    if cv:
        lines += ["", f"## {meta['folds']}-fold cross-validation on our own examples", "",
                  "Stratified by language and intent; one model per fold learns both languages; "
                  "mean ± standard deviation over folds.", "",
                  "| language | pipeline | accuracy | macro-F1 |", "|---|---|---:|---:|"]
        for language, by_pipeline in cv.items():
            for p in pipelines:
                (acc, acc_sd), (f1, f1_sd) = by_pipeline[p]["accuracy"], by_pipeline[p]["macro_f1"]
                lines.append(f"| {language} | {p} | {acc:.3f} ± {acc_sd:.3f} | {f1:.3f} ± {f1_sd:.3f} |")
    for name, by_pipeline in real.items():
        lines += ["", f"## {name}: F1 per intent", "",
                  f"![confusion matrices {name}](nlu-confusion-{name}.png)", "",
                  "| intent | support | " + " | ".join(pipelines) + " |",
                  "|---|---:|" + "---:|" * len(pipelines)]
        f1 = {p: {s["intent"]: s["f1"] for s in by_pipeline[p]["scores"]} for p in pipelines}
        for s in by_pipeline[pipelines[0]]["scores"]:
            lines.append(f"| {s['intent']} | {s['support']} | " +
                         " | ".join(f"{f1[p].get(s['intent'], 0):.2f}" for p in pipelines) + " |")
        for p in pipelines:
            confusions = by_pipeline[p]["confusions"][:5]
            lines += ["", f"Most frequent confusions of {p}: " +
                      "; ".join(f"{g} → {q} ({n})" for g, q, n in confusions)]
    text = "\n".join(lines) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text
