"""The command line: `python -m tools.bench.fuzz --help`."""
from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import List, Optional

import tools.bench.fuzz
from tools.bench.fuzz.report import print_summary, write_report
from tools.bench.fuzz.run import Plan, ok, run_own_servers
from tools.servers import ROOT


def main(argv: Optional[List[str]] = None) -> int:
    """Command line entry point; exit status 1 when anything failed or was lost."""
    parser = argparse.ArgumentParser(prog="python -m tools.bench.fuzz", description=tools.bench.fuzz.__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="about 150 messages, no docs update")
    parser.add_argument("--rest", type=int, default=3000)
    parser.add_argument("--widget", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "current.tar.gz")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "fuzz")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    plan = Plan.smoke_plan(args.seed) if args.smoke else Plan(rest=args.rest, widget=args.widget, seed=args.seed)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    report = run_own_servers(plan, args.model.resolve(), args.out / "servers")
    write_report(report, args.out, None if args.smoke else args.docs)
    print_summary(report)
    return 0 if ok(report) else 1


if __name__ == "__main__":
    raise SystemExit(main())
