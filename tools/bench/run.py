"""`make bench`: load the real servers with simulated buyers and time training.

Deployments: xiaoer on SQLite (the default), xiaoer scaled out (PostgreSQL + Redis) and the
baseline: the same bot with Rasa's default NLU pipeline, on SQLite. Each is driven through the
widget (socket.io) and REST channels at each concurrency level, `repeats` times; the report
quotes medians. `--smoke` is the few-seconds version CI runs.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional

from tools.bench import training
from tools.bench.load import CHANNELS, run_level
from tools.bench.machine import machine_info
from tools.bench.scripts import build_scripts
from tools.bench.servers import cpu_seconds, deployment_servers, rss_mb
from tools.servers import ROOT, Servers

DEPLOYMENTS = ("xiaoer-sqlite", "xiaoer-scaled", "baseline-sqlite")
MODELS = ROOT / "models" / "bench"


class ServerSampler:
    """Peak resident memory of the two servers while a level runs (sampled twice a second) and
    the CPU time they used (which, unlike latency, the load generator's own CPU use hardly moves)."""

    def __init__(self, servers: Servers) -> None:
        self.servers, self.peak = servers, {"rasa": 0.0, "actions": 0.0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for name, pid in (("rasa", self.servers.rasa_pid), ("actions", self.servers.actions_pid)):
                self.peak[name] = max(self.peak[name], rss_mb(pid) or 0.0)
            self._stop.wait(0.5)

    def __enter__(self) -> "ServerSampler":
        self.cpu_start = {"rasa": cpu_seconds(self.servers.rasa_pid), "actions": cpu_seconds(self.servers.actions_pid)}
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.cpu = {"rasa": cpu_seconds(self.servers.rasa_pid) - self.cpu_start["rasa"],
                    "actions": cpu_seconds(self.servers.actions_pid) - self.cpu_start["actions"]}


def _progress(label: str, seconds: float):
    started = time.monotonic()

    def report(turns: int, errors: int) -> None:
        elapsed = time.monotonic() - started
        print(f"\r   {label}: {min(elapsed, seconds):4.0f}/{seconds:.0f} s, {turns} turns, {errors} errors",
              end="", flush=True)
    return report


def run_deployment(name: str, model: Path, work: Path, levels: List[int], channels: List[str], seconds: float,
                   repeats: int) -> Dict:
    """Start one deployment and run every level on every channel, `repeats` times."""
    print(f"== {name}: starting servers ({model.name})", flush=True)
    deployment = "scaled" if name.endswith("scaled") else "sqlite"
    with deployment_servers(deployment, model, work / name) as servers:
        print(f"   ready after {servers.load_seconds:.0f} s", flush=True)
        scripts = build_scripts(servers.database_url)
        secret = servers.secrets["XIAOER_IDENTITY_SECRET"]
        asyncio.run(run_level(servers.base, "rest", 2, 3, scripts, secret))  # warm-up, not reported
        idle = {"rasa": rss_mb(servers.rasa_pid), "actions": rss_mb(servers.actions_pid)}
        runs = []
        for repeat in range(1, repeats + 1):
            for channel in channels:
                for level in levels:
                    label = f"{name} {channel} x{level} (run {repeat}/{repeats})"
                    with ServerSampler(servers) as sampler:
                        result = asyncio.run(run_level(servers.base, channel, level, seconds, scripts, secret,
                                                       on_progress=_progress(label, seconds)))
                    turns = max(result.turns, 1)
                    row = {**result.to_dict(), "repeat": repeat, "rss_peak_mb": dict(sampler.peak),
                           "cpu_ms_per_turn": {k: round(v * 1000 / turns, 1) for k, v in sampler.cpu.items()}}
                    runs.append(row)
                    print(f"\r   {label}: {row['throughput']:.1f} turns/s, p50 {_ms(row, 'p50')}, "
                          f"p95 {_ms(row, 'p95')}, p99 {_ms(row, 'p99')}, errors {row['error_count']}, "
                          f"RSS rasa {sampler.peak['rasa']:.0f} MB / actions {sampler.peak['actions']:.0f} MB, "
                          f"CPU per turn rasa {row['cpu_ms_per_turn']['rasa']:.0f} ms / "
                          f"actions {row['cpu_ms_per_turn']['actions']:.0f} ms",
                          flush=True)
        return {"model": model.name, "load_seconds": round(servers.load_seconds, 1), "idle_rss_mb": idle,
                "runs": runs}


def _ms(row: Dict, key: str) -> str:
    value = row["latency_s"][key]
    return "n/a" if value is None else f"{value * 1000:.0f} ms"


def baseline_model(measure: bool, timings: Dict) -> Path:
    """The baseline bot (Rasa's default NLU pipeline + our policies), trained when missing or measured."""
    config = training.baseline_bot_config(MODELS / "baseline-config.yml")
    model = MODELS / "baseline-full.tar.gz"
    if measure or not model.exists():
        print("== training the baseline bot (Rasa's default pipeline)", flush=True)
        timings["baseline_full"] = training.train("full", config, MODELS, "baseline-full")["seconds"]
    return model


def measure_training(timings: Dict) -> None:
    """Full training and NLU-only retraining of Xiaoer and the baseline, each from an empty cache."""
    print("== timing training (each from an empty cache)", flush=True)
    timings["xiaoer_full"] = training.train("full", training.XIAOER_CONFIG, MODELS, "xiaoer-full")["seconds"]
    timings["xiaoer_nlu"] = training.train("nlu", training.XIAOER_CONFIG, MODELS, "xiaoer-nlu")["seconds"]
    timings["baseline_nlu"] = training.train("nlu", training.DEFAULT_CONFIG, MODELS, "baseline-nlu")["seconds"]


def _earlier_training(path: Path) -> Dict:
    """Training times of the previous full run (kept, with their date, when this run skips training)."""
    if not path.exists():
        return {}
    earlier = json.loads(path.read_text(encoding="utf-8"))
    timings = dict(earlier.get("training_s") or {})
    if timings and "measured" not in timings:
        timings["measured"] = earlier["meta"]["date"]
    return timings


def main(argv: Optional[List[str]] = None) -> int:
    """Run the benchmark and write bench.json (+ the report unless --smoke)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--levels", default="1,10,50,200")
    parser.add_argument("--seconds", type=float, default=15.0, help="load time per level")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--deployments", default=",".join(DEPLOYMENTS))
    parser.add_argument("--channels", default=",".join(CHANNELS))
    parser.add_argument("--no-training", action="store_true", help="skip timing the trainings")
    parser.add_argument("--smoke", action="store_true", help="a few seconds per level, no training, no report")
    parser.add_argument("--model", default=str(ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks"))
    args = parser.parse_args(argv)
    if args.smoke:
        args.levels, args.seconds, args.repeats, args.no_training = "1,5", 3.0, 1, True
        args.deployments = "xiaoer-sqlite,xiaoer-scaled"
    deployments = [d for d in args.deployments.split(",") if d]
    levels = [int(level) for level in args.levels.split(",")]
    channels = [c for c in args.channels.split(",") if c]
    started, timings = time.monotonic(), {}
    if not args.no_training:
        measure_training(timings)
    elif not args.smoke:
        timings = _earlier_training(Path(args.out) / "bench.json")
    models = {"xiaoer-sqlite": Path(args.model), "xiaoer-scaled": Path(args.model)}
    if "baseline-sqlite" in deployments:
        models["baseline-sqlite"] = baseline_model(not args.no_training, timings)
    results = {}
    with tempfile.TemporaryDirectory(prefix="xiaoer-bench-") as work:
        for name in deployments:
            results[name] = run_deployment(name, models[name], Path(work), levels, channels, args.seconds,
                                           args.repeats)
    report = {"meta": {"date": datetime.now().isoformat(timespec="seconds"), "levels": levels,
                       "seconds": args.seconds, "repeats": args.repeats, "channels": channels,
                       "minutes": round((time.monotonic() - started) / 60, 1), "machine": machine_info()},
              "training_s": timings, "deployments": results}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    errors = sum(run["error_count"] for d in results.values() for run in d["runs"])
    if not args.smoke:
        from tools.bench.report import write_reports

        write_reports(report, out)
    print(f"== done in {report['meta']['minutes']} min; {errors} failed turns; results in {out}")
    return 1 if errors and args.smoke else 0


if __name__ == "__main__":
    raise SystemExit(main())
