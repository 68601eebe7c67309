"""Xiaoer's two servers under one supervisor, for `make run`, the end-to-end tests and the benchmarks.

`Servers` writes an endpoints file pointing Rasa at the action server's port, starts
`python -m bot.launcher supervise` (which restarts a server that dies), waits until the action
server's /health and Rasa's /status answer, and stops both cleanly. Secrets travel in the
environment, never on a command line.

    python -m tools.servers run [--port 5005] [--actions-port 5055]   what `make run` starts
"""
from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

from bot.settings import PROJECT_ROOT as ROOT, SECRETS, get_settings

SECRET_VARIABLES = tuple(f"XIAOER_{name.upper()}" for name in SECRETS)


def free_port() -> int:
    """A free loopback TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_secrets() -> Dict[str, str]:
    """A new random value for each of the five secrets, by variable name."""
    return {name: secrets.token_hex(24) for name in SECRET_VARIABLES}


def sqlite_tracker(path: Path) -> Dict:
    """The endpoints.yml tracker_store entry keeping conversations in the SQLite file `path`."""
    return {"type": "SQL", "dialect": "sqlite", "db": str(path)}


def wait_until_up(url: str, procs: Sequence[subprocess.Popen], seconds: float = 300) -> None:
    """Poll `url` until it answers; fail early if one of `procs` exits."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited early: {' '.join(map(str, proc.args[:5]))}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(url)


def child_pids(pid: int) -> List[int]:
    """The process ids whose parent is `pid`."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def launcher_children(supervisor_pid: int) -> Dict[str, int]:
    """The pids of `python -m bot.launcher supervise`'s servers, by role ("rasa", "actions")."""
    found = {}
    for pid in child_pids(supervisor_pid):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"bot.launcher" in argv:
            found[argv[argv.index(b"bot.launcher") + 1].decode()] = pid
    return found


@dataclass
class Servers:
    """Both servers, started from `model` on the shop database `database_url`; a context manager.

    `endpoints` overrides entries of the repository's endpoints.yml (tracker_store, lock_store);
    `env` adds to the environment (XIAOER_POLICY, XIAOER_DEMO_SHOP, ...). Logs go to `work`.
    """

    model: Path
    work: Path
    database_url: str
    secrets: Dict[str, str] = field(default_factory=fresh_secrets)
    env: Dict[str, str] = field(default_factory=dict)
    credentials: Path = ROOT / "credentials.yml"
    endpoints: Dict = field(default_factory=dict)
    rasa_port: int = 0
    actions_port: int = 0
    wait_seconds: float = 300
    load_seconds: float = 0.0
    supervisor: Optional[subprocess.Popen] = None
    _pids: Dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def base(self) -> str:
        """The Rasa server's URL."""
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        """The action server's URL."""
        return f"http://127.0.0.1:{self.actions_port}"

    @property
    def rasa_pid(self) -> int:
        """The Rasa server's process id (a new one after the supervisor restarted it)."""
        return self._pid("rasa")

    @property
    def actions_pid(self) -> int:
        """The action server's process id."""
        return self._pid("actions")

    def _pid(self, role: str) -> int:
        known = self._pids.get(role)
        if known is None or not Path(f"/proc/{known}").exists():
            self._pids = launcher_children(self.supervisor.pid)
        return self._pids[role]

    def __enter__(self) -> "Servers":
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start both servers and wait until they answer; on failure stop them and raise with the logs."""
        self.work.mkdir(parents=True, exist_ok=True)
        self.rasa_port, self.actions_port = self.rasa_port or free_port(), self.actions_port or free_port()
        env = {**os.environ, **self.secrets, "XIAOER_DATABASE_URL": self.database_url, "PYTHONPATH": str(ROOT),
               "RASA_TELEMETRY_ENABLED": "false", **self.env}
        command = [sys.executable, "-m", "bot.launcher", "supervise", "--port", str(self.rasa_port),
                   "--actions-port", str(self.actions_port), "--model", str(self.model),
                   "--credentials", str(self.credentials), "--endpoints", str(self._write_endpoints()),
                   "--log-dir", str(self.work)]
        started = time.monotonic()
        with open(self.work / "supervisor.log", "a") as log:
            self.supervisor = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"{self.actions_url}/health", [self.supervisor], self.wait_seconds)
            token = self.secrets.get("XIAOER_API_TOKEN") or get_settings().require("api_token")
            wait_until_up(f"{self.base}/status?token={token}", [self.supervisor], self.wait_seconds)
        except Exception as error:
            self.stop()
            raise RuntimeError(f"the servers did not come up ({error!r}):\n{self.log_tails()}") from error
        self.load_seconds = time.monotonic() - started

    def _write_endpoints(self) -> Path:
        config = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
        config["action_endpoint"]["url"] = f"{self.actions_url}/webhook"
        config.update(self.endpoints)
        store = config.get("tracker_store") or {}
        if store.get("dialect") == "sqlite" and store.get("db"):
            # Rasa falls back to an in-memory store, silently losing every conversation, when the
            # SQLite file's folder is missing (a relative path is under the repository)
            (ROOT / store["db"]).parent.mkdir(parents=True, exist_ok=True)
        path = self.work / "endpoints.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        return path

    def log_tails(self, chars: int = 3000) -> str:
        """The end of each server's log, for a failure message."""
        tails = []
        for name in ("supervisor", "rasa", "actions"):
            path = self.work / f"{name}.log"
            tails.append(f"--- {name}.log\n{path.read_text(errors='replace')[-chars:] if path.exists() else '(none)'}")
        return "\n".join(tails)

    def stop(self) -> None:
        """Stop the supervisor, which stops both servers; kill whatever is left after 45 s."""
        if self.supervisor is None or self.supervisor.poll() is not None:
            return
        children = child_pids(self.supervisor.pid)
        self.supervisor.terminate()
        try:
            self.supervisor.wait(timeout=45)
        except subprocess.TimeoutExpired:
            for pid in children:
                try:
                    os.kill(pid, 9)
                except OSError:
                    pass
            self.supervisor.kill()
            self.supervisor.wait()


def run(rasa_port: int, actions_port: int) -> int:
    """`make run`: the shop's own database, secrets and policy; a banner once both answer; Ctrl-C stops."""
    settings = get_settings()
    settings.check_secrets()
    own_secrets = {variable: getattr(settings, name) for variable, name in zip(SECRET_VARIABLES, SECRETS)}
    servers = Servers(ROOT / "models" / "current.tar.gz", ROOT / "var" / "log", settings.database_url,
                      secrets=own_secrets, rasa_port=rasa_port, actions_port=actions_port, wait_seconds=240)
    print("== starting servers (loading the model takes about a minute; logs in var/log/)", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with servers:
            print(banner(servers.base), flush=True)
            return servers.supervisor.wait()
    except KeyboardInterrupt:
        return 0
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def banner(base: str) -> str:
    """How to reach the running bot."""
    return f"""
Xiaoer is running.
  Demo shop with the chat widget:   {base}/shop
  ...as the signed-in demo buyer:   {base}/shop?buyer=demo_buyer
  Agent console:                    {base}/console
                                    (create an account: .venv/bin/python -m bot.cli agent-add NAME --name 小美)
  Chat in a terminal:   make shell
  Chat over REST:       curl -s {base}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
                          -d '{{"sender": "buyer1", "message": "在吗"}}'
  Demo orders (phone 13812345678, last 4 digits 5678): 1001202611000001 … 1001202611000009
A server that stops is restarted (var/log/supervisor.log). Press Ctrl-C to stop."""


def main(argv: Optional[List[str]] = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m tools.servers", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("run",))
    parser.add_argument("--port", type=int, default=5005, help="the Rasa server's port")
    parser.add_argument("--actions-port", type=int, default=5055)
    args = parser.parse_args(argv)
    return run(args.port, args.actions_port)


if __name__ == "__main__":
    sys.exit(main())
