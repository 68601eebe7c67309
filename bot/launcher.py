"""Start Xiaoer's servers with no secret on any command line, and keep them running.

    python -m bot.launcher actions [--actions-port 5055] the action server (127.0.0.1 unless
                                                         XIAOER_ACTIONS_HOST), only for callers
                                                         with XIAOER_ACTION_TOKEN
    python -m bot.launcher rasa [--port 5005 --model ... --credentials ... --endpoints ...]
                                                         the Rasa server (bot/server.py), its
                                                         API behind XIAOER_API_TOKEN
    python -m bot.launcher supervise [same options]      both, each restarted if it dies

Used by `make run`, the end-to-end tests and the benchmarks.
"""
from __future__ import annotations

import argparse
import hmac
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

from bot.settings import PROJECT_ROOT, get_settings

logger = logging.getLogger("xiaoer.launcher")
# Idle connections stay open longer on the action server than in Rasa's client pool, so Rasa never
# writes to a connection the server is closing (under load: RasaHQ/rasa-sdk#1047).
KEEP_ALIVE_SECONDS = "120"
OPEN_PATHS = ("/health",)


def run_actions(port: int) -> None:
    """The rasa_sdk action server with a bearer-token check on every call but /health."""
    os.environ.setdefault("SANIC_KEEP_ALIVE_TIMEOUT", KEEP_ALIVE_SECONDS)
    from rasa_sdk.endpoint import create_app
    from sanic import response

    token = get_settings().require("action_token")
    expected = f"Bearer {token}".encode()
    app = create_app("actions", cors_origins=None)

    @app.middleware("request")
    async def require_token(request):  # noqa: ANN001, ANN202 - sanic middleware
        if request.path in OPEN_PATHS:
            return None
        given = (request.headers.get("authorization") or "").encode()
        if not hmac.compare_digest(given, expected):
            return response.json({"error": "unauthorized"}, status=401)
        return None

    host = get_settings().actions_host
    logging.basicConfig(level=logging.INFO)
    logger.info("action server on http://%s:%s", host, port)
    app.run(host, port, workers=1, access_log=False)


def run_rasa(port: int, model: str, credentials: str, endpoints: str) -> None:
    """The Rasa server (bot.server: Rasa's app plus the hub, the staff pages and the jobs), its API
    token taken from the settings, not the command line."""
    from bot.server import serve

    serve(model, credentials, endpoints, get_settings().require("api_token"), port)


def _child(role: str, args: argparse.Namespace) -> List[str]:
    if role == "actions":
        return [sys.executable, "-m", "bot.launcher", "actions", "--actions-port", str(args.actions_port)]
    return [sys.executable, "-m", "bot.launcher", "rasa", "--port", str(args.port), "--model", args.model,
            "--credentials", args.credentials, "--endpoints", args.endpoints]


def supervise(args: argparse.Namespace, log_dir: Optional[Path]) -> None:
    """Run both servers; restart one that dies (1 s, 2 s, 4 s ... up to 30 s apart); stop both on
    SIGINT/SIGTERM. A crash of one never stops the other."""
    procs: Dict[str, subprocess.Popen] = {}
    backoff = {"actions": 1.0, "rasa": 1.0}
    started: Dict[str, float] = {}
    stopping = False

    def start(role: str) -> None:
        out = open(log_dir / f"{role}.log", "a") if log_dir else None
        procs[role] = subprocess.Popen(_child(role, args), cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT)
        started[role] = time.monotonic()
        logger.info("started %s (pid %s)", role, procs[role].pid)

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for role in ("actions", "rasa"):
        start(role)
    while not stopping:
        time.sleep(0.5)
        for role, proc in list(procs.items()):
            if proc.poll() is None or stopping:
                continue
            if time.monotonic() - started[role] > 60:
                backoff[role] = 1.0
            logger.warning("%s exited with %s; restarting in %.0f s", role, proc.returncode, backoff[role])
            time.sleep(backoff[role])
            backoff[role] = min(backoff[role] * 2, 30.0)
            if not stopping:
                start(role)
    for proc in procs.values():
        proc.terminate()
    for proc in procs.values():
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def main(argv: Optional[List[str]] = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bot.launcher", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("role", choices=("actions", "rasa", "supervise"))
    parser.add_argument("--port", type=int, default=5005, help="the Rasa server's port")
    parser.add_argument("--actions-port", type=int, default=5055)
    parser.add_argument("--model", default="models/current.tar.gz")
    parser.add_argument("--credentials", default="credentials.yml")
    parser.add_argument("--endpoints", default="endpoints.yml")
    parser.add_argument("--log-dir", type=Path, default=None, help="supervise: append each server's log here")
    args = parser.parse_args(argv)
    if args.role == "actions":
        run_actions(args.actions_port)
    elif args.role == "rasa":
        run_rasa(args.port, args.model, args.credentials, args.endpoints)
    else:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        supervise(args, args.log_dir)


if __name__ == "__main__":
    main()
