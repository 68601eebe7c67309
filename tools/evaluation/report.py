"""The Markdown report of `make eval` (docs/benchmarks/nlu.md)."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional, Tuple

from tools.evaluation import data as eval_data
from tools.evaluation.scoring import MIN_SUPPORT

BASELINE = "rasa-default"
DESCRIPTIONS = {
    "xiaoer": "Xiaoer's config.yml: jieba + shop dictionary, rule entities, catalogue entities from the shop "
              "database, English spelling correction, word and char n-grams plus a pretrained multilingual sentence "
              "encoder (USE), a calibrated logistic regression for the intents; no DIET",
    "diet": "config/diet.yml, the pipeline config.yml had before issue 10: as xiaoer without the encoder, the "
            "spelling correction and the catalogue, DIET 1x128 learns intents and the product/color entities",
    "rasa-default": "the config `rasa init` writes (benchmarks/configs/rasa-default.yml): Rasa's default pipeline",
    "keyword": "keywords learned from the same data (Latin words, Chinese characters and bigrams); no match = nlu_fallback",
}
REAL_GOALS = {"real_zh": 0.65, "real_en": 0.62}


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base else "n/a"


def goals(meta: Dict, real: Dict, speed: Dict, cv: Dict, pipeline: str = "xiaoer") -> List[Tuple[str, str, bool]]:
    """Each goal of issue 10 with the measured value and whether it is met."""
    rows: List[Tuple[str, str, bool]] = []
    for name, target in REAL_GOALS.items():
        if name in real and pipeline in real[name]:
            value = real[name][pipeline]["accuracy"]
            rows.append((f"{name} accuracy ≥ {target:.2f}", f"{value:.3f}", value >= target))
            if BASELINE in real[name]:
                gain = 100 * (value - real[name][BASELINE]["accuracy"])
                draws = real[name][BASELINE].get("draws")
                which = f" (median of {len(draws)} seeds)" if draws else ""
                rows.append((f"{name}: ≥ 15 points over {BASELINE}{which}", f"{gain:+.1f} points", gain >= 15))
    for language, by_pipeline in cv.items():
        if pipeline in by_pipeline and language in eval_data.GOAL_LANGUAGES:
            value = by_pipeline[pipeline]["accuracy"][0]
            rows.append((f"5-fold CV accuracy, {language} ≥ 0.90", f"{value:.3f}", value >= 0.90))
    ready: Optional[float] = meta.get("xiaoer_server_ready_seconds") or meta.get("full_model_ready_seconds")
    if ready is not None:
        rows.append(("Rasa server ready with the full model ≤ 10 s", f"{ready:.1f} s", ready <= 10))
    if pipeline in speed:
        s = speed[pipeline]
        rows.append(("NLU training ≤ 2 min", f"{s['train_seconds']:.0f} s", s["train_seconds"] <= 120))
        rows.append(("parse p50 ≤ 15 ms", f"{s['parse_p50_ms']:.1f} ms", s["parse_p50_ms"] <= 15))
    return rows


def write_report(meta: Dict, real: Dict, speed: Dict, cv: Dict, path: Path) -> str:
    """Write and return the report."""
    pipelines: List[str] = meta["pipelines"]
    lines = ["# NLU: Xiaoer against the DIET pipeline it replaced, Rasa's default pipeline and a keyword baseline", "",
             f"Written by `make eval` on {meta['date']} ({meta['machine']}, {meta['minutes']} min). "
             f"Xiaoer model: `{meta['model']}`. All pipelines learn from the same data/nlu examples "
             f"({', '.join(f'{k}: {v}' for k, v in meta['own_examples'].items())}), in the same run.", ""]
    lines += [f"- **{p}**: {DESCRIPTIONS[p]}" for p in pipelines]
    seeds = meta.get("baseline_seeds") or []
    if BASELINE in pipelines and seeds:
        lines += [f"  - `rasa init` leaves DIET's random_seed unset, so one training of {BASELINE} is one random "
                  f"draw. It was trained {len(seeds)} times, with its default pipeline written out and random_seed "
                  f"{', '.join(map(str, seeds))}; each real set is scored by its median draw (for an even number of seeds "
                  f"the better of the two middle draws; draws below)."]
    rows = goals(meta, real, speed, cv)
    if rows:
        lines += ["", "## Goals of issue 10 (xiaoer)", "", "| goal | measured | met |", "|---|---:|---|"]
        lines += [f"| {label} | {value} | {'yes' if met else '**no**'} |" for label, value, met in rows]
    lines += ["", "## Real buyer messages (../shared/eval, never trained on)", "",
              f"Accuracy and macro-F1 over the intents with at least {MIN_SUPPORT} messages in the set; a fallback "
              f"counts as wrong; ratios against {BASELINE} (same data, same run).", "",
              "| set | messages | pipeline | accuracy | macro-F1 | fallback rate | accuracy vs default | "
              "macro-F1 vs default |", "|---|---:|---|---:|---:|---:|---:|---:|"]
    for name, by_pipeline in real.items():
        base = by_pipeline.get(BASELINE)
        for p in pipelines:
            r = by_pipeline[p]
            lines.append(f"| {name} | {meta['sets'][name]} | {p} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | "
                         f"{r['fallback_rate']:.3f} | "
                         f"{_ratio(r['accuracy'], base['accuracy']) if base else 'n/a'} | "
                         f"{_ratio(r['macro_f1'], base['macro_f1']) if base else 'n/a'} |")
    draw_rows = [(name, d) for name, by in real.items() for d in by.get(BASELINE, {}).get("draws", [])]
    if draw_rows:
        lines += ["", f"{BASELINE}, every draw (the median one is in the table above):", "",
                  "| set | random_seed | accuracy | macro-F1 |", "|---|---:|---:|---:|"]
        lines += [f"| {name} | {d['seed']} | {d['accuracy']:.3f} | {d['macro_f1']:.3f} |" for name, d in draw_rows]
    if cv:
        lines += ["", f"## {meta['folds']}-fold cross-validation on our own examples", "",
                  "Stratified by language and intent; one model per fold learns every language (Hinglish is scored apart from English); "
                  "mean ± standard deviation over folds." + (
                      f" Not cross-validated in this run: {', '.join(sorted(set(pipelines) - set(meta.get('cv_pipelines', pipelines))))}."
                      if set(pipelines) - set(meta.get("cv_pipelines", pipelines)) else ""), "",
                  "| language | pipeline | accuracy | macro-F1 |", "|---|---|---:|---:|"]
        for language, by_pipeline in cv.items():
            for p in (p for p in pipelines if p in by_pipeline):
                (acc, acc_sd), (f1, f1_sd) = by_pipeline[p]["accuracy"], by_pipeline[p]["macro_f1"]
                lines.append(f"| {language} | {p} | {acc:.3f} ± {acc_sd:.3f} | {f1:.3f} ± {f1_sd:.3f} |")
    if speed:
        lines += ["", "## Speed", "",
                  "Each pipeline trained on all our examples with `rasa train nlu` (wall clock); Agent.load and "
                  "parsing (one message at a time, every real message) in a fresh process; `rasa run` with the "
                  "NLU model until /status answers. Single run on this machine; parse times are medians.", "",
                  "| pipeline | training (s) | Agent.load (s) | server ready (s) | parse p50 (ms) | parse p95 (ms) |",
                  "|---|---:|---:|---:|---:|---:|"]
        for p in pipelines:
            s = speed[p]
            lines.append(f"| {p} | {s['train_seconds']:.1f} | {s['load_seconds']:.1f} | "
                         f"{s.get('ready_seconds', 0.0):.1f} | {s['parse_p50_ms']:.2f} | {s['parse_p95_ms']:.2f} |")
        if meta.get("full_model_ready_seconds") is not None:
            lines += ["", f"The full model `{meta['model']}` (NLU and dialogue policies), median of 3 starts: `rasa run` "
                          f"ready after {meta['full_model_ready_seconds']:.1f} s"]
            if meta.get("xiaoer_server_ready_seconds") is not None:
                lines[-1] += (f"; Xiaoer's Rasa server as `make run` starts it (bot.launcher: the widget, the staff "
                              f"pages, the jobs, the domain read once) after {meta['xiaoer_server_ready_seconds']:.1f} s")
            lines[-1] += "."
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
