"""A token bucket per chat session, so one browser cannot flood the bot."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Dict


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class RateLimiter:
    """Allows `burst` messages at once and `per_minute` on average for each key."""

    burst: int = 5
    per_minute: int = 20
    clock: Callable[[], float] = time.monotonic
    _buckets: Dict[str, _Bucket] = field(default_factory=dict)

    def allow(self, key: str) -> float:
        """0 if the message may go through; else the seconds to wait before the next one."""
        now = self.clock()
        bucket = self._buckets.get(key) or _Bucket(float(self.burst), now)
        rate = self.per_minute / 60.0
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        self._buckets[key] = bucket
        if len(self._buckets) > 10_000:
            self._forget_idle(now)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / rate

    def _forget_idle(self, now: float) -> None:
        idle = self.burst / (self.per_minute / 60.0)
        for key in [k for k, b in self._buckets.items() if now - b.updated > idle]:
            del self._buckets[key]
