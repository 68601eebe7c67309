"""docs/benchmarks.md: medians over repeated runs and ratios against the baseline of the same run."""
from tools.bench.fuzz.report import SECTION
from tools.bench import report
from tools.bench.report import medians, write_reports


def _run(channel, level, throughput, p95, repeat, errors=0):
    return {"channel": channel, "concurrency": level, "throughput": throughput, "turns": 100, "error_count": errors,
            "latency_s": {"p50": p95 / 2, "p95": p95, "p99": p95 * 1.1}, "repeat": repeat,
            "rss_peak_mb": {"rasa": 1400.0, "actions": 130.0}, "cpu_ms_per_turn": {"rasa": 25.0, "actions": 6.0}}


def _deployment(runs):
    return {"model": "m.tar.gz", "load_seconds": 30.0, "idle_rss_mb": {"rasa": 1400.0, "actions": 130.0}, "runs": runs}


def test_medians_take_the_middle_run_and_add_up_errors():
    summary = medians(_deployment([_run("rest", 10, t, p, i, errors=i) for i, (t, p) in
                                   enumerate([(30.0, 0.5), (10.0, 0.9), (20.0, 0.4)])]))
    row = summary[("rest", 10)]
    assert row["throughput"] == 20.0 and row["p95"] == 0.5 and row["errors"] == 3 and row["repeats"] == 3


def _bench():
    return {"meta": {"date": "2026-11-22T15:00:00", "levels": [10], "seconds": 15, "repeats": 1,
                     "channels": ["rest"], "minutes": 1.0,
                     "machine": {"cpu": "test cpu", "cores": "2", "memory_gb": "24", "os": "Linux", "python": "3.10",
                                 "rasa": "3.6.21", "commit": "abc1234"}},
            "training_s": {"xiaoer_full": 150.0, "baseline_full": 300.0, "xiaoer_nlu": 60.0, "baseline_nlu": 240.0},
            "deployments": {"xiaoer-sqlite": _deployment([_run("rest", 10, 40.0, 0.5, 1)]),
                            "baseline-sqlite": _deployment([_run("rest", 10, 20.0, 1.0, 1)])}}


def test_report_quotes_ratios_against_the_baseline_measured_in_the_same_run(tmp_path):
    out = tmp_path / "benchmarks"
    text = write_reports(_bench(), out).read_text(encoding="utf-8")
    xiaoer_row = next(line for line in text.splitlines() if line.startswith("| Xiaoer, SQLite"))
    assert xiaoer_row.endswith("| 2.00x | 0.50x |")
    assert "| full training (NLU + rules/policies) | 150.0 s | 300.0 s | 0.50x |" in text
    assert "| NLU-only retraining | 60.0 s | 240.0 s | 0.25x |" in text
    assert "test cpu, 2 cores" in text and (out / "latency-vs-concurrency.png").stat().st_size > 10000
    assert "## Fuzz" not in text


def test_make_bench_keeps_the_fuzz_section_make_fuzz_wrote_and_replaces_the_rest(tmp_path, monkeypatch):
    notes = tmp_path / "notes.md"
    notes.write_text("## Reproduce\n\nmake bench\n", encoding="utf-8")
    monkeypatch.setattr(report, "NOTES", notes)
    fuzz = [SECTION, "", "| rest | 3000 | 3000 | 0 | 0 |", "", "### The worst single inputs", "", "| 1 MB | 413 |"]
    page = tmp_path / "benchmarks.md"
    page.write_text("\n".join(["# Benchmarks", "", "## Does it keep up?", "", "STALE LOAD FIGURES", ""] + fuzz +
                               ["", "## Reproduce", "", "STALE NOTES", ""]), encoding="utf-8")
    text = write_reports(_bench(), tmp_path / "benchmarks").read_text(encoding="utf-8")
    assert "STALE" not in text and "| Xiaoer, SQLite (default) | 10 |" in text
    assert text.count(SECTION) == 1 and "\n".join(fuzz) + "\n" in text
    assert text.index("| Xiaoer, SQLite (default) | 10 |") < text.index(SECTION) < text.index("## Reproduce")
