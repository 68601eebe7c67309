"""Train NLU-only models (cached by a fingerprint of config + data + our NLU code) and parse with them."""
from __future__ import annotations

import asyncio
import hashlib
import logging
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, List, Sequence

from bot.evaluation.data import ROOT

MODELS = ROOT / "models" / "eval"
LOGS = ROOT / "var" / "eval"
CONFIGS = {"xiaoer": ROOT / "config.yml", "encoder": ROOT / "config" / "encoder.yml",
           "rasa-default": ROOT / "benchmarks" / "configs" / "rasa-default.yml"}


def fingerprint(config: Path, data: Path) -> str:
    """Changes when the config, the training data or our NLU components change."""
    digest = hashlib.sha256(config.read_bytes() + data.read_bytes())
    for path in sorted((ROOT / "bot" / "nlu").glob("*.py")) + sorted((ROOT / "data" / "jieba").glob("*")) + \
            sorted((ROOT / "data" / "entities").glob("*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def train_nlu(pipeline: str, data: Path, label: str, say: Callable[[str], None] = print) -> Path:
    """An NLU-only model of `pipeline` trained on `data` (reused when nothing changed)."""
    config = CONFIGS[pipeline]
    name = f"{pipeline}-{label}-{fingerprint(config, data)}"
    model = MODELS / f"{name}.tar.gz"
    if model.exists():
        say(f"   reusing {model.relative_to(ROOT)}")
        return model
    MODELS.mkdir(parents=True, exist_ok=True)
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{name}.log"
    started = time.monotonic()
    say(f"   training {pipeline} on {label} (log: {log.relative_to(ROOT)})")
    with log.open("w") as out:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "rasa"), "train", "nlu", "--config", str(config), "--nlu", str(data),
             "--out", str(MODELS), "--fixed-model-name", name],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode != 0 or not model.exists():
        raise RuntimeError(f"training {pipeline} failed; see {log}")
    say(f"   trained in {time.monotonic() - started:.0f} s")
    return model


def parse(model: Path, texts: Sequence[str]) -> List[str]:
    """The intent the model predicts for each text."""
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # as a library Rasa would log every parse at debug level

    async def run() -> List[str]:
        agent = Agent.load(str(model))
        return [(await agent.parse_message(text))["intent"]["name"] for text in texts]

    return asyncio.run(run())
