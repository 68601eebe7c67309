"""Time full training and NLU-only retraining, showing progress while they run."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict

import yaml

from tools.servers import ROOT

VENV_BIN = Path(sys.executable).parent
XIAOER_CONFIG = ROOT / "config.yml"
DEFAULT_CONFIG = ROOT / "benchmarks" / "configs" / "rasa-default.yml"


def baseline_bot_config(path: Path) -> Path:
    """Rasa's default NLU pipeline (the config `rasa init` writes) with Xiaoer's rules and
    policies, so the same domain, stories and actions run with only the NLU swapped."""
    config = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    config["policies"] = yaml.safe_load(XIAOER_CONFIG.read_text(encoding="utf-8"))["policies"]
    config["assistant_id"] = "xiaoer-baseline"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _say(text: str) -> None:
    print(text, flush=True)


def train(kind: str, config: Path, out: Path, name: str, say: Callable[[str], None] = _say) -> Dict:
    """Train a `full` model or an `nlu` one from scratch (an empty training cache); returns
    {"seconds", "model"}."""
    command = [str(VENV_BIN / "rasa"), "train"] + (["nlu", "--nlu", "data/nlu"] if kind == "nlu" else ["--force"]) + \
        ["--config", str(config), "--out", str(out), "--fixed-model-name", name]
    out.mkdir(parents=True, exist_ok=True)
    log = out / f"{name}.log"
    cache = out / f"{name}.cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(cache), "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    started = time.monotonic()
    with log.open("w") as handle:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
        next_report = 30
        while proc.poll() is None:
            time.sleep(1)
            elapsed = time.monotonic() - started
            if elapsed >= next_report:
                say(f"   still training {name} ({elapsed:.0f} s, log {log})")
                next_report += 30
    seconds = time.monotonic() - started
    shutil.rmtree(cache, ignore_errors=True)
    model = out / f"{name}.tar.gz"
    if proc.returncode != 0 or not model.exists():
        raise RuntimeError(f"training {name} failed; see {log}")
    say(f"   {name}: {seconds:.0f} s")
    return {"seconds": round(seconds, 1), "model": str(model)}

