"""The benchmark harness works end to end: a few seconds of load on both deployments, no failed turns.

Speed is not asserted here (make bench measures it); this proves the harness, the simulated
buyers' conversations and the scaled-out deployment (PostgreSQL + Redis) all work.
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_bench_drives_both_channels_on_both_deployments_without_errors(tmp_path):
    done = subprocess.run([sys.executable, "-m", "tools.bench.run", "--smoke", "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert set(report["deployments"]) == {"xiaoer-sqlite", "xiaoer-scaled"}
    for name, deployment in report["deployments"].items():
        seen = {(run["channel"], run["concurrency"]) for run in deployment["runs"]}
        assert seen == {("widget", 1), ("widget", 5), ("rest", 1), ("rest", 5)}, name
        for run in deployment["runs"]:
            assert run["error_count"] == 0, (name, run)
            assert run["turns"] > 0 and run["latency_s"]["p50"] > 0, (name, run)
            assert run["rss_peak_mb"]["rasa"] > 100, (name, run)
