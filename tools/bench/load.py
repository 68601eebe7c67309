"""Closed-loop load generator: simulated buyers chat with the bot over the widget or REST.

Each of `concurrency` buyers plays scripts back to back, turn after turn with no think time,
until the level's duration is over (the turn under way is finished, never longer than its
timeout). A turn's latency runs from sending the buyer's message to the end of the bot's reply:
the `typing {on: false}` event on the widget, the HTTP response on REST.
"""
from __future__ import annotations

import asyncio
import math
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from typing import Any, Callable, Dict, List, Optional, Sequence

import aiohttp
import socketio
from engineio.base_client import connected_clients as engineio_clients
from socketio.exceptions import SocketIOError

from tools.bench.scripts import Script
from bot.channels.identity import sign

CHANNELS = ("widget", "rest")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
IDENTITY_TTL_S = 3600
CLOSE_TIMEOUT_S = 2.0
ERROR_PAUSE_S = 0.5  # a buyer whose conversation failed waits this long before the next one


def percentile(values: Sequence[float], p: float) -> Optional[float]:
    """The p-th percentile (0-100) by linear interpolation between closest ranks; None if empty."""
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be between 0 and 100, not {p}")
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class LevelResult:
    """What one load level measured."""

    channel: str
    concurrency: int
    duration_s: float
    turns: int = 0
    conversations: int = 0
    errors: Dict[str, int] = field(default_factory=dict)
    latencies: List[float] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        """Failed turns, all kinds together."""
        return sum(self.errors.values())

    @property
    def throughput(self) -> float:
        """Completed turns per second of wall time."""
        return self.turns / self.duration_s if self.duration_s > 0 else 0.0

    @property
    def error_rate(self) -> float:
        """Failed turns over all turns attempted."""
        attempted = self.turns + self.error_count
        return self.error_count / attempted if attempted else 0.0

    def percentile(self, p: float) -> Optional[float]:
        """The p-th percentile of successful turns' latency, in seconds."""
        return percentile(self.latencies, p)

    def add_error(self, kind: str) -> None:
        """Count one failed turn of this kind."""
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def to_dict(self) -> Dict[str, Any]:
        """A JSON-ready summary (latencies as percentiles, not the raw list)."""
        def rounded(value: Optional[float]) -> Optional[float]:
            return None if value is None else round(value, 4)

        return {
            "channel": self.channel, "concurrency": self.concurrency,
            "duration_s": round(self.duration_s, 3), "turns": self.turns,
            "conversations": self.conversations, "throughput": round(self.throughput, 3),
            "errors": dict(sorted(self.errors.items())), "error_count": self.error_count,
            "error_rate": round(self.error_rate, 4),
            "latency_s": {
                "p50": rounded(self.percentile(50)), "p95": rounded(self.percentile(95)),
                "p99": rounded(self.percentile(99)),
                "mean": rounded(sum(self.latencies) / len(self.latencies)) if self.latencies else None,
                "max": rounded(max(self.latencies)) if self.latencies else None,
            },
        }


class TurnError(Exception):
    """A failed turn; `kind` is how it is counted (timeout, http_500, empty_reply...)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class RestChat:
    """An anonymous buyer on the REST channel (one unique sender per conversation)."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str) -> None:
        self.http, self.url = http, base_url.rstrip("/") + "/webhooks/rest/webhook"
        self.sender = f"bench-{uuid.uuid4().hex}"

    async def start(self, timeout: float) -> None:
        """Nothing to open: REST conversations start with their first message."""

    async def say(self, text: str, timeout: float) -> List[Dict[str, Any]]:
        """Send one message; the bot's messages."""
        try:
            async with self.http.post(self.url, json={"sender": self.sender, "message": text},
                                      timeout=aiohttp.ClientTimeout(total=timeout)) as response:
                if response.status != 200:
                    raise TurnError(f"http_{response.status}")
                return list(await response.json())
        except asyncio.TimeoutError:
            raise TurnError("timeout") from None
        except aiohttp.ClientConnectionError:
            raise TurnError("connect") from None

    async def close(self) -> None:
        """Nothing to close."""


class WidgetChat:
    """A buyer in the web widget: one socket.io connection and a new session per conversation."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str, buyer: Optional[str] = None,
                 identity_secret: Optional[str] = None) -> None:
        self.base_url = base_url
        self.session_id = uuid.uuid4().hex
        self.identity = None
        if buyer and identity_secret:
            expires = int(time.time()) + IDENTITY_TTL_S
            self.identity = {"buyer": buyer, "expires": expires, "signature": sign(identity_secret, buyer, expires)}
        self.events: asyncio.Queue = asyncio.Queue()
        self.sio = socketio.AsyncClient(reconnection=False, handle_sigint=False, http_session=http)
        for name in ("session_confirm", "bot_uttered", "typing", "rate_limited"):
            self.sio.on(name, self._queue(name))

    def _queue(self, name: str) -> Callable[[Any], Any]:
        async def handler(data: Any = None) -> None:
            self.events.put_nowait((name, data))
        return handler

    async def _next(self, deadline: float) -> tuple:
        try:
            return await asyncio.wait_for(self.events.get(), max(deadline - time.monotonic(), 0))
        except asyncio.TimeoutError:
            raise TurnError("timeout") from None

    async def start(self, timeout: float) -> None:
        """Connect and open the session (signed in when an identity was given)."""
        deadline = time.monotonic() + timeout
        try:
            await asyncio.wait_for(self.sio.connect(self.base_url, socketio_path="/socket.io",
                                                    transports=["polling"], wait_timeout=timeout), timeout)
            await self.sio.emit("session_request", {"session_id": self.session_id, "identity": self.identity})
            while (await self._next(deadline))[0] != "session_confirm":
                pass
        except (TurnError, asyncio.TimeoutError, SocketIOError, OSError):
            raise TurnError("connect") from None

    async def say(self, text: str, timeout: float) -> List[Dict[str, Any]]:
        """Send one message; the bot's messages until the typing indicator goes off."""
        deadline = time.monotonic() + timeout
        replies: List[Dict[str, Any]] = []
        await self.sio.emit("user_uttered", {"session_id": self.session_id, "message": text})
        while True:
            name, data = await self._next(deadline)
            if name == "bot_uttered":
                replies.append(data)
            elif name == "rate_limited":
                raise TurnError("rate_limited")
            elif name == "typing" and isinstance(data, dict) and data.get("on") is False:
                return replies

    async def close(self) -> None:
        """Disconnect once the server has the close packet, without waiting for the long-poll
        it holds open (python-socketio would wait ~30 s for it to time out)."""
        eio = self.sio.eio
        writer, reader = eio.write_loop_task, eio.read_loop_task
        if writer is None:
            return
        closing = asyncio.ensure_future(self.sio.disconnect())
        try:
            await asyncio.wait({closing, writer}, timeout=CLOSE_TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (closing, writer, reader):
                if task is not None:
                    task.cancel()
            await asyncio.gather(*(t for t in (closing, writer, reader) if t is not None), return_exceptions=True)
            if eio in engineio_clients:
                engineio_clients.remove(eio)


async def run_level(
    base_url: str,
    channel: str,
    concurrency: int,
    duration_s: float,
    scripts: List[Script],
    identity_secret: Optional[str] = None,
    turn_timeout_s: float = 60.0,
    on_progress: Optional[Callable[[int, int], None]] = None,
) -> LevelResult:
    """Run `concurrency` buyers against `base_url` for `duration_s` seconds; what they measured.

    Only loopback URLs are accepted. Channel "widget" signs buyers who have a nick when
    `identity_secret` is given; "rest" buyers are always anonymous. A conversation stops at
    its first failed turn, and its buyer pauses ERROR_PAUSE_S before the next one.
    """
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {CHANNELS}, not {channel!r}")
    if urlsplit(base_url).hostname not in LOOPBACK_HOSTS:
        raise ValueError(f"the load generator only talks to this machine, not {base_url!r}")
    if concurrency < 1 or not scripts:
        raise ValueError("need at least one buyer and one script")
    result = LevelResult(channel, concurrency, 0.0)
    started = time.monotonic()
    stop_at, hard_stop = started + duration_s, started + duration_s + turn_timeout_s

    def budget() -> float:
        return max(min(turn_timeout_s, hard_stop - time.monotonic()), 0.0)

    async def converse(chat, script: Script) -> bool:
        try:
            await chat.start(budget())
            for text in script.turns:
                if time.monotonic() >= stop_at:
                    return True
                sent = time.monotonic()
                if not await chat.say(text, budget()):
                    raise TurnError("empty_reply")
                result.latencies.append(time.monotonic() - sent)
                result.turns += 1
            result.conversations += 1
            return True
        except TurnError as error:
            result.add_error(error.kind)
        except Exception:  # noqa: BLE001 - counted, the buyer goes on
            result.add_error("exception")
        finally:
            await chat.close()
        return False

    async def buyer(index: int, http: aiohttp.ClientSession) -> None:
        position = index * len(scripts) // concurrency
        while time.monotonic() < stop_at:
            script = scripts[position % len(scripts)]
            position += 1
            if channel == "rest":
                chat = RestChat(http, base_url)
            else:
                chat = WidgetChat(http, base_url, script.buyer, identity_secret)
            if not await converse(chat, script):
                await asyncio.sleep(max(min(ERROR_PAUSE_S, stop_at - time.monotonic()), 0))

    async def report() -> None:
        while True:
            await asyncio.sleep(1)
            on_progress(result.turns, result.error_count)

    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        reporter = asyncio.create_task(report()) if on_progress else None
        tasks = [asyncio.create_task(buyer(i, http)) for i in range(concurrency)]
        _, pending = await asyncio.wait(tasks, timeout=max(hard_stop - time.monotonic(), 0.1))
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        if reporter:
            reporter.cancel()
            await asyncio.gather(reporter, return_exceptions=True)
    result.duration_s = time.monotonic() - started
    if on_progress:
        on_progress(result.turns, result.error_count)
    return result
