"""NLU-only models for evaluation: timed training (cached), parsing from a fresh process, server start.

Models are cached under models/eval/ by a key of the config, the data and the bot/nlu modules (and
data files) the config uses, so an interrupted `make eval` resumes and an unchanged pipeline is not
retrained; the training time measured when a model was trained is kept beside it.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Dict, Sequence, Tuple

from tools.evaluation.data import ROOT

MODELS = ROOT / "models" / "eval"
WORK = ROOT / "var" / "eval"
CONFIGS = {"xiaoer": ROOT / "config.yml", "diet": ROOT / "config" / "diet.yml",
           "rasa-default": ROOT / "benchmarks" / "configs" / "rasa-default.yml"}
SEEDED = ("DIETClassifier", "ResponseSelector")
_OUR_COMPONENT = re.compile(r"name:\s*bot\.nlu\.(\w+)\.")
_OUR_IMPORT = re.compile(r"\bbot\.nlu\.(\w+)\b")


def _with_imports(modules: set) -> set:
    """The modules and every bot/nlu module they import, however indirectly."""
    seen, todo = set(), list(modules)
    while todo:
        module = todo.pop()
        path = ROOT / "bot" / "nlu" / f"{module}.py"
        if module in seen or not path.exists():
            continue
        seen.add(module)
        todo += _OUR_IMPORT.findall(path.read_text(encoding="utf-8"))
    return seen


def model_key(config: Path, data: Path) -> str:
    """Config, data, and the code of the bot/nlu modules the config uses and those they import (and
    their data files)."""
    text = config.read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode() + data.read_bytes())
    modules = sorted(_with_imports(set(_OUR_COMPONENT.findall(text)) | {"text", "normalise"}))
    for module in modules:
        path = ROOT / "bot" / "nlu" / f"{module}.py"
        if path.exists():
            digest.update(path.read_bytes())
    for path in sorted((ROOT / "data" / "jieba").glob("*")) + sorted((ROOT / "data" / "entities").glob("*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def rasa_default_pipeline() -> list:
    """The pipeline Rasa fills in when a config's pipeline is empty, as `rasa init` writes it (read
    from Rasa's own default_config.yml, so it is Rasa's, not a copy of ours)."""
    import rasa.engine.recipes
    from ruamel.yaml import YAML

    path = Path(rasa.engine.recipes.__file__).parent / "config_files" / "default_config.yml"
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))["pipeline"]


def seeded_config(base: Path, seed: int) -> Path:
    """`base` (a config with an empty pipeline) with Rasa's default pipeline written out and
    `random_seed: seed` on its trained classifiers, so each seed is one reproducible draw."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    config = yaml.load(base.read_text(encoding="utf-8"))
    if config.get("pipeline"):
        raise ValueError(f"{base}: seeds are for a config whose pipeline Rasa fills in (pipeline: null)")
    pipeline = rasa_default_pipeline()
    for component in pipeline:
        if component["name"] in SEEDED:
            component["random_seed"] = seed
    config["pipeline"] = pipeline
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"{base.stem}-seed{seed}.yml"
    with path.open("w", encoding="utf-8") as out:
        out.write(f"# {base.name} with Rasa's default pipeline written out, random_seed {seed} (tools/evaluation/models.py)\n")
        yaml.dump(config, out)
    return path


def train(name: str, config: Path, data: Path, label: str, say=print) -> Tuple[Path, float]:
    """Model of `config` on `data` (cached) and the wall-clock seconds its `rasa train nlu` took."""
    stem = f"{name}-{label}-{model_key(config, data)}"
    model, timing = MODELS / f"{stem}.tar.gz", MODELS / f"{stem}.json"
    if model.exists() and timing.exists():
        say(f"   reusing {model.relative_to(ROOT)}")
        return model, json.loads(timing.read_text())["train_seconds"]
    MODELS.mkdir(parents=True, exist_ok=True)
    log = MODELS / f"{stem}.log"
    say(f"   training {name} on {label} (log: {log.relative_to(ROOT)})")
    started = time.monotonic()
    with log.open("w") as out:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "rasa"), "train", "nlu", "--config", str(config), "--nlu", str(data),
             "--out", str(MODELS), "--fixed-model-name", stem],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    if done.returncode != 0 or not model.exists():
        raise RuntimeError(f"training {name} on {label} failed; see {log}")
    timing.write_text(json.dumps({"train_seconds": seconds}))
    say(f"   trained in {seconds:.0f} s")
    return model, seconds


def parse_in_fresh_process(model: Path, texts: Sequence[str]) -> Dict:
    """Intents, entities, Agent.load seconds and per-message parse seconds, from a new Python process."""
    WORK.mkdir(parents=True, exist_ok=True)
    request, answer = WORK / "worker-in.json", WORK / "worker-out.json"
    request.write_text(json.dumps({"model": str(model), "texts": list(texts)}, ensure_ascii=False))
    subprocess.run([sys.executable, "-m", "tools.evaluation.models", str(request), str(answer)], cwd=ROOT, check=True)
    return json.loads(answer.read_text())


def _worker(request: Path, answer: Path) -> None:
    """Load the model with Agent.load, then parse every text one at a time (as a server would)."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    job = json.loads(request.read_text())

    async def run() -> Dict:
        started = time.perf_counter()
        agent = Agent.load(job["model"])
        load_seconds = time.perf_counter() - started
        intents, entities, times = [], [], []
        for text in job["texts"]:
            started = time.perf_counter()
            parsed = await agent.parse_message(text)
            times.append(time.perf_counter() - started)
            intents.append(parsed["intent"]["name"])
            entities.append([[e["entity"], e["start"], e["end"]] for e in parsed.get("entities", [])])
        return {"load_seconds": load_seconds, "parse_seconds": times, "intents": intents, "entities": entities}

    answer.write_text(json.dumps(asyncio.run(run()), ensure_ascii=False))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_ready_seconds(model: Path, timeout: float = 300.0) -> float:
    """Seconds from starting `rasa run` with `model` (no action server, no shop channels) until its
    /status answers with the model loaded."""
    empty = WORK / "empty.yml"  # no action server, no channels but REST: the model alone is timed
    WORK.mkdir(parents=True, exist_ok=True)
    empty.write_text("{}\n")

    def command(port: int) -> Sequence[str]:
        return [str(Path(sys.executable).parent / "rasa"), "run", "--enable-api", "-i", "127.0.0.1", "-p", str(port),
                "-m", str(model), "--endpoints", str(empty), "--credentials", str(empty)]

    return _ready_seconds(model, command, {}, "", timeout)


def xiaoer_server_ready_seconds(model: Path, timeout: float = 300.0) -> float:
    """Seconds from starting the Rasa server as `make run` does (bot.launcher: Rasa's app with the
    widget, the staff pages and the jobs) with `model` until its /status answers with the model
    loaded; throwaway secrets, a tracker store of its own, no action server."""
    import secrets

    WORK.mkdir(parents=True, exist_ok=True)
    endpoints = WORK / "endpoints-ready.yml"
    endpoints.write_text(json.dumps({"tracker_store": {"type": "SQL", "dialect": "sqlite",
                                                       "db": str(WORK / "tracker-ready.db")}}))
    env = {f"XIAOER_{name}": secrets.token_hex(24)
           for name in ("API_TOKEN", "ACTION_TOKEN", "CONSOLE_SECRET", "IDENTITY_SECRET", "AGENT_TOKEN")}

    def command(port: int) -> Sequence[str]:
        return [sys.executable, "-m", "bot.launcher", "rasa", "--port", str(port), "--model", str(model),
                "--credentials", str(ROOT / "credentials.yml"), "--endpoints", str(endpoints)]

    return _ready_seconds(model, command, env, env["XIAOER_API_TOKEN"], timeout)


def _ready_seconds(model: Path, command, env: Dict[str, str], token: str, timeout: float) -> float:
    import os

    port = _free_port()
    log = WORK / f"server-{model.stem}.log"
    started = time.monotonic()
    with log.open("w") as out:
        server = subprocess.Popen(list(command(port)), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                  env={**os.environ, **env})
    try:
        while time.monotonic() - started < timeout:
            if server.poll() is not None:
                raise RuntimeError(f"the server exited with {server.returncode}; see {log}")
            try:
                query = f"?token={token}" if token else ""
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/status{query}", timeout=2) as response:
                    if json.loads(response.read()).get("model_file"):
                        return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the server was not ready after {timeout:.0f} s; see {log}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    _worker(Path(sys.argv[1]), Path(sys.argv[2]))
