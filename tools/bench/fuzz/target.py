"""The servers under test: their processes, whether they still answer, and the errors they logged."""
from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List

import aiohttp


@dataclass
class Target:
    """The servers under test: where they answer, the identity secret, their processes and logs."""

    base: str
    identity_secret: str
    rasa_pid: int
    actions_pid: int
    logs: List[Path] = field(default_factory=list)
    log_offsets: Dict[Path, int] = field(default_factory=dict)

    def mark_logs(self) -> None:
        """Remember where the logs end now: errors are counted from here."""
        self.log_offsets = {p: p.stat().st_size if p.exists() else 0 for p in self.logs}


def running(pid: int) -> bool:
    """True if the process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


ERROR_LINE = re.compile(r"\b(ERROR|CRITICAL)\b|handler error|Circuit breaker|Killed|MemoryError")
EXCEPTION_LINE = re.compile(r"^[\w.]+(Error|Exception|Exit)\b.*")
NOISE = [(re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d[,.\d]*"), ""), (re.compile(r"\x1b\[[0-9;]*m"), ""),
         (re.compile(r"(rest:)?[\w.@-]*-\d+\b|\b[0-9a-f]{20,32}\b"), "<id>")]


def _normalised(line: str) -> str:
    for pattern, replacement in NOISE:
        line = pattern.sub(replacement, line)
    return line.strip()[:300]


def server_errors(target: Target) -> Dict[str, Any]:
    """Errors the servers logged since mark_logs(): how many, and the distinct ones with their exceptions."""
    count, distinct = 0, []
    for path in target.logs:
        if not path.exists():
            continue
        with path.open("rb") as log:
            log.seek(target.log_offsets.get(path, 0))
            text = log.read().decode("utf-8", "replace")
        for line in text.splitlines():
            if ERROR_LINE.search(line):
                count += 1
            if ERROR_LINE.search(line) or EXCEPTION_LINE.match(line):
                distinct.append(f"{path.name}: {_normalised(line)}")
    return {"count": count, "distinct": list(dict.fromkeys(distinct))[:20]}


def alive(state: Dict[str, Any]) -> bool:
    """Both servers of a server_state() alive and answering."""
    return state["rasa_alive"] and state["actions_alive"] and state["answering"]


async def health(http: aiohttp.ClientSession, base: str) -> bool:
    """The REST channel's health route answers."""
    try:
        async with http.get(base.rstrip("/") + "/webhooks/rest/", timeout=aiohttp.ClientTimeout(total=20)) as r:
            return r.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


async def server_state(http: aiohttp.ClientSession, target: Target) -> Dict[str, Any]:
    """Alive, same processes as at the start, answering; errors logged."""
    return {"rasa_alive": running(target.rasa_pid), "actions_alive": running(target.actions_pid),
            "answering": await health(http, target.base), "errors_logged": server_errors(target)}
