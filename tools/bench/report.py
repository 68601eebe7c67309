"""docs/benchmarks.md and the latency plot, from bench.json (make bench) and nlu.json (make eval); the Fuzz
section (make fuzz) is kept."""
from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Dict, List, Optional

from tools.bench.fuzz.report import fuzz_section, update_docs
from tools.servers import ROOT

NOTES = ROOT / "benchmarks" / "notes.md"
BASELINE = "baseline-sqlite"
LABELS = {"xiaoer-sqlite": "Xiaoer, SQLite (default)", "xiaoer-scaled": "Xiaoer, PostgreSQL + Redis",
          "baseline-sqlite": "Rasa default NLU, SQLite"}


def medians(deployment: Dict) -> Dict:
    """(channel, concurrency) -> medians over repeats of throughput, latency percentiles and peak RSS."""
    groups: Dict = {}
    for run in deployment["runs"]:
        groups.setdefault((run["channel"], run["concurrency"]), []).append(run)
    summary = {}
    for key, runs in groups.items():
        def med(values: List[Optional[float]]) -> Optional[float]:
            present = [v for v in values if v is not None]
            return statistics.median(present) if present else None
        summary[key] = {
            "throughput": med([r["throughput"] for r in runs]),
            **{p: med([r["latency_s"][p] for r in runs]) for p in ("p50", "p95", "p99")},
            "errors": sum(r["error_count"] for r in runs), "turns": sum(r["turns"] for r in runs),
            "rss_rasa": med([r["rss_peak_mb"]["rasa"] for r in runs]),
            "rss_actions": med([r["rss_peak_mb"]["actions"] for r in runs]), "repeats": len(runs),
            "cpu_rasa": med([r.get("cpu_ms_per_turn", {}).get("rasa") for r in runs]),
            "cpu_actions": med([r.get("cpu_ms_per_turn", {}).get("actions") for r in runs])}
    return summary


def _ms(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value * 1000:,.0f}"


def _num(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def _ratio(value: Optional[float], base: Optional[float]) -> str:
    return f"{value / base:.2f}x" if value and base else "n/a"


def plot(bench: Dict, summaries: Dict, path: Path) -> None:
    """p50 and p95 latency, and throughput, against concurrency; one column per channel."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter, ScalarFormatter

    channels = bench["meta"]["channels"]
    figure, axes = plt.subplots(2, len(channels), figsize=(6.5 * len(channels), 8), squeeze=False)
    for column, channel in enumerate(channels):
        latency, throughput = axes[0][column], axes[1][column]
        for name, summary in summaries.items():
            levels = sorted(level for ch, level in summary if ch == channel)
            rows = [summary[(channel, level)] for level in levels]
            line, = latency.plot(levels, [r["p50"] for r in rows], marker="o", label=f"{LABELS[name]} p50")
            latency.plot(levels, [r["p95"] for r in rows], marker="x", linestyle="--", color=line.get_color(),
                         label=f"{LABELS[name]} p95")
            throughput.plot(levels, [r["throughput"] for r in rows], marker="o", color=line.get_color(),
                            label=LABELS[name])
        all_levels = sorted({level for summary in summaries.values() for ch, level in summary if ch == channel})
        for axis in (latency, throughput):
            axis.set_xscale("log")
            axis.set_xticks(all_levels)
            axis.xaxis.set_major_formatter(ScalarFormatter())
            axis.xaxis.set_minor_formatter(NullFormatter())
            axis.set_xlabel("concurrent buyers")
            axis.grid(True, alpha=0.3)
        latency.set_yscale("log")
        latency.yaxis.set_major_formatter(ScalarFormatter())
        throughput.set_ylim(bottom=0)
        latency.set_ylabel("seconds per turn")
        latency.set_title(f"{channel}: latency per turn (median of {bench['meta']['repeats']} runs)")
        throughput.set_ylabel("turns per second")
        throughput.set_title(f"{channel}: throughput")
        latency.legend(fontsize=7)
        throughput.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def _load_section(bench: Dict, summaries: Dict) -> List[str]:
    meta = bench["meta"]
    lines = ["## Does it keep up? Load on the real servers", "",
             f"Closed loop: each simulated buyer plays mixed conversations (order status with phone check, "
             f"logistics, shipping fee quotes, product and size questions, bargaining, returns, invoices; "
             f"half Chinese, half English; widget buyers half signed in) with no think time, "
             f"{meta['seconds']:.0f} s per level, {meta['repeats']} runs, medians shown. Latency in ms per turn "
             f"(message sent → bot's reply complete). CPU per turn: CPU time the server process used during the level over the turns completed. Ratios: Xiaoer against the baseline at the same "
             f"level and channel (throughput: higher is better; p95: lower is better).", "",
             "![latency against concurrency](benchmarks/latency-vs-concurrency.png)", ""]
    base = summaries.get(BASELINE, {})
    for channel in meta["channels"]:
        lines += [f"### {channel} channel", "",
                  "| deployment | buyers | turns/s | p50 | p95 | p99 | failed turns | CPU ms per turn rasa / actions "
                  "| peak RSS rasa / actions (MB) | turns/s vs baseline | p95 vs baseline |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for name, summary in summaries.items():
            for level in meta["levels"]:
                row = summary.get((channel, level))
                if not row:
                    continue
                ref = base.get((channel, level), {})
                lines.append(
                    f"| {LABELS[name]} | {level} | {row['throughput']:.1f} | {_ms(row['p50'])} | {_ms(row['p95'])} "
                    f"| {_ms(row['p99'])} | {row['errors']} of {row['turns'] + row['errors']} "
                    f"| {_num(row['cpu_rasa'])} / {_num(row['cpu_actions'])} "
                    f"| {row['rss_rasa']:.0f} / {row['rss_actions']:.0f} "
                    f"| {_ratio(row['throughput'], ref.get('throughput')) if name != BASELINE else '1.00x'} "
                    f"| {_ratio(row['p95'], ref.get('p95')) if name != BASELINE else '1.00x'} |")
        lines.append("")
    lines += ["Server start (model load) and idle memory:", ""]
    for name, deployment in bench["deployments"].items():
        idle = deployment["idle_rss_mb"]
        lines.append(f"- {LABELS[name]}: ready after {deployment['load_seconds']:.0f} s; idle RSS rasa "
                     f"{idle['rasa'] or 0:.0f} MB, actions {idle['actions'] or 0:.0f} MB")
    timings = bench.get("training_s") or {}
    if timings:
        when = f", measured {timings['measured']}" if timings.get("measured") else ""
        lines += ["", f"## Training time (each from an empty cache{when})", "",
                  "| what | Xiaoer | Rasa default pipeline | ratio |", "|---|---:|---:|---:|"]
        for kind, label in (("full", "full training (NLU + rules/policies)"), ("nlu", "NLU-only retraining")):
            mine, theirs = timings.get(f"xiaoer_{kind}"), timings.get(f"baseline_{kind}")
            lines.append(f"| {label} | {mine or 'n/a'} s | {theirs or 'n/a'} s | {_ratio(mine, theirs)} |")
    return lines


def _nlu_section(nlu: Dict) -> List[str]:
    lines = ["## Does it understand buyers? NLU on real buyer messages", "",
             f"From `make eval` ({nlu['meta']['date']}): every pipeline learns from the same data/nlu examples "
             "and is scored on ../shared/eval (never trained on). Details, per-intent tables and confusion "
             "matrices: [benchmarks/nlu.md](benchmarks/nlu.md).", "",
             "| set | pipeline | accuracy | macro-F1 | accuracy vs Rasa default | macro-F1 vs Rasa default |",
             "|---|---|---:|---:|---:|---:|"]
    for name, by_pipeline in nlu["real"].items():
        base = by_pipeline.get("rasa-default")
        for pipeline, r in by_pipeline.items():
            lines.append(f"| {name} | {pipeline} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | "
                         f"{_ratio(r['accuracy'], base and base['accuracy'])} | "
                         f"{_ratio(r['macro_f1'], base and base['macro_f1'])} |")
    if nlu.get("cv"):
        lines += ["", f"{nlu['meta']['folds']}-fold cross-validation on our own examples (mean macro-F1): " +
                  "; ".join(f"{language} " + ", ".join(f"{p} {v['macro_f1'][0]:.3f}" for p, v in by.items())
                            for language, by in nlu["cv"].items())]
    return lines


def write_reports(bench: Dict, out: Path) -> Path:
    """Write the plot and docs/benchmarks.md; returns the Markdown file."""
    summaries = {name: medians(d) for name, d in bench["deployments"].items()}
    out.mkdir(parents=True, exist_ok=True)
    plot(bench, summaries, out / "latency-vs-concurrency.png")
    machine = bench["meta"]["machine"]
    lines = ["# Benchmarks", "",
             f"Latest figures: `make bench` on {bench['meta']['date']} (commit {machine['commit']}, "
             f"{bench['meta']['minutes']} min) on {machine['cpu']}, {machine['cores']} cores, "
             f"{machine['memory_gb']} GB, {machine['os']}, Python {machine['python']}, Rasa {machine['rasa']}. "
             "The load generator runs on the same machine, so it takes CPU from the servers.", ""]
    nlu_file = out / "nlu.json"
    if nlu_file.exists():
        lines += _nlu_section(json.loads(nlu_file.read_text(encoding="utf-8"))) + [""]
    lines += _load_section(bench, summaries) + [""]
    if NOTES.exists():
        lines += [NOTES.read_text(encoding="utf-8").strip(), ""]
    path = out.parent / "benchmarks.md"
    fuzz = fuzz_section(path.read_text(encoding="utf-8")) if path.exists() else []
    path.write_text("\n".join(lines), encoding="utf-8")
    if fuzz:  # written by make fuzz, not by this run: kept as it is
        update_docs(path, fuzz)
    return path


if __name__ == "__main__":
    write_reports(json.loads((ROOT / "docs" / "benchmarks" / "bench.json").read_text(encoding="utf-8")),
                  ROOT / "docs" / "benchmarks")
