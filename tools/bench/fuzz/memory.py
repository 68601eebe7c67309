"""The Rasa server's memory: a sampler, and the worst single inputs sent one by one under it."""
from __future__ import annotations

import asyncio
import random
import threading
from typing import Any, Dict, List, Optional, Sequence

import aiohttp

from tools.bench.fuzz.inputs import AT_LIMIT, WORST_EXTRA, new_id
from tools.bench.fuzz.rest import RestCase, json_body, send_rest
from tools.bench.servers import rss_mb


class MemorySampler:
    """Samples a process's resident memory in a thread and keeps the peak (MB)."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid, self.interval = pid, interval
        self.peak = self.last = rss_mb(pid) or 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            value = rss_mb(self.pid)
            if value is not None:
                self.last = value
                self.peak = max(self.peak, value)
            self._stop.wait(self.interval)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


async def worst_inputs(http: aiohttp.ClientSession, base: str, pid: int, limit: int, rng: random.Random,
                       kinds: Optional[Sequence[str]] = None) -> List[Dict[str, Any]]:
    """Each worst input alone over REST, the Rasa server's memory sampled every 20 ms meanwhile."""
    makers = {**AT_LIMIT, **WORST_EXTRA}
    url, rows = base.rstrip("/") + "/webhooks/rest/webhook", []
    for name in kinds or list(makers):
        text = makers[name](rng, limit)
        case = RestCase(name, json_body({"sender": f"worst-{new_id()}", "message": text}))
        with MemorySampler(pid, 0.02) as memory:
            before = memory.last
            outcome = await send_rest(http, url, case, "rest")
            await asyncio.sleep(0.2)
        rows.append({"input": name, "chars": len(text), "result": outcome.result, "how": outcome.detail,
                     "ms": round((outcome.seconds or 0) * 1000), "rss_before_mb": round(before),
                     "rss_peak_mb": round(memory.peak)})
    return rows
