"""Plays widget visitors against the real server and judges every message they sent."""
from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import Any, Dict, List, Optional, Tuple

import aiohttp

from tools.bench.fuzz.inputs import new_id, preview
from tools.bench.fuzz.outcomes import ANSWERED, FAILED, LOST, TIMEOUT_S, Outcome
from tools.bench.fuzz.socket_client import POST_TIMEOUT_S, Socket
from tools.bench.fuzz.widget_cases import Visitor, WidgetCase, session_request, utterance

GRACE_S = 1.5
SESSION_TIMEOUT_S = 20.0


class VisitorRun:
    """Plays one visitor against the widget; collects outcomes."""

    def __init__(self, http: aiohttp.ClientSession, base: str, secret: str, visitor: Visitor,
                 taken: List[Tuple[str, str]], channel: str) -> None:
        self.http, self.base, self.secret, self.visitor = http, base, secret, visitor
        self.taken, self.channel = taken, channel
        self.outcomes: List[Outcome] = []
        self.sock: Optional[Socket] = None
        self.session_id: Optional[str] = None
        self.buyer: Optional[str] = None
        self.identity: Any = None
        self.apologies_before = 0

    def add(self, kind: str, result: str, how: str, seconds: Optional[float] = None, sample: str = "") -> None:
        """Record one message's outcome."""
        self.outcomes.append(Outcome(self.channel, kind, result, how, seconds, sample))

    async def run(self) -> List[Outcome]:
        """Open the session, play every case, reconnecting when the server closed the connection."""
        try:
            if await self.start(first=True):
                for case in self.visitor.cases:
                    if self.sock is None or self.sock.closed:
                        if not await self.start(first=False):
                            break
                    await self.play(case)
        finally:
            if self.sock is not None:
                await self.sock.close()
        return self.outcomes

    async def start(self, first: bool) -> bool:
        """Connect and ask for a session: the setup's on the first go, our own session afterwards."""
        kind = f"session: {self.visitor.setup}" if first else "session: reconnect"
        if first:
            data, buyer, forbidden = session_request(self.visitor.setup, self.secret, self.taken)
            self.identity = data["identity"]
        else:
            data, buyer, forbidden = {"session_id": self.session_id, "identity": self.identity}, None, None
        started = time.monotonic()
        self.sock = Socket(self.http, self.base, self.visitor.transport)
        try:
            await self.sock.open(TIMEOUT_S)
            if first and self.visitor.setup == "message before session":
                await self.early_message()
            await self.sock.emit("session_request", data)
        except (aiohttp.ClientError, asyncio.TimeoutError, ConnectionError, ValueError, KeyError) as error:
            self.add(kind, FAILED, f"no connection ({type(error).__name__})", sample=preview(data))
            return False
        if not first:
            buyer = self.buyer
        return await self.confirmed(kind, data, buyer, forbidden, started)

    async def confirmed(self, kind: str, data: Dict, buyer: Optional[str], forbidden: Optional[str],
                        started: float) -> bool:
        """Check the session_confirm: it came, names only a verified buyer, hands out no other's session."""
        sock = self.sock
        if not await sock.wait(lambda: sock.confirm is not None, SESSION_TIMEOUT_S):
            self.add(kind, FAILED, "no session_confirm", sample=preview(data))
            return False
        confirm = sock.confirm
        self.session_id, self.buyer = confirm.get("session_id"), buyer
        if (confirm.get("buyer") or None) != buyer:
            self.add(kind, FAILED, f"buyer {confirm.get('buyer')!r} confirmed for an unverified identity",
                     sample=preview(data))
        elif forbidden and self.session_id == forbidden:
            self.add(kind, FAILED, "handed out another visitor's session", sample=preview(data))
        else:
            self.add(kind, ANSWERED, "session_confirm", time.monotonic() - started, preview(data))
        if buyer and self.session_id:
            self.taken.append((self.session_id, buyer))
        return bool(self.session_id)

    async def early_message(self) -> None:
        """A message before any session_request: the server answers it (`rejected` no_session), and like any
        message with an id it may take up to TIMEOUT_S when the servers are busy."""
        message_id, started = new_id(), time.monotonic()
        await self.sock.send_raw(utterance("我的订单到哪了", message_id))
        await self.sock.wait(lambda: message_id in self.sock.outcomes, TIMEOUT_S)
        found = self.sock.outcomes.get(message_id)
        self.add("message before session", ANSWERED if found else LOST,
                 found[0] if found else "no ack/rejected/rate_limited", time.monotonic() - started if found else None,
                 "user_uttered before session_request")

    async def play(self, case: WidgetCase) -> None:
        """Send a case and judge each of its messages."""
        sock, started = self.sock, time.monotonic()
        markers, self.apologies_before = sock.markers, sock.apologies
        try:
            for packet in case.packets:
                await sock.send_raw(packet)
            sentinel = await self.send_sentinel() if case.sentinel else None
        except (aiohttp.ClientError, ConnectionError, asyncio.TimeoutError):
            sentinel = None
        await self.settle(case, markers, sentinel)
        self.judge(case, markers, sentinel, time.monotonic() - started)

    async def send_sentinel(self) -> Optional[str]:
        message_id = new_id()
        await self.sock.send_raw(utterance("你好", message_id))
        return message_id

    async def settle(self, case: WidgetCase, markers: int, sentinel: Optional[str]) -> None:
        """Wait for every outcome of the case; with a sentinel, until it is answered and a grace period."""
        sock = self.sock
        if sentinel:
            await sock.wait(lambda: sentinel in sock.outcomes, TIMEOUT_S)
            await sock.wait(lambda: self._ids_done(case) and sock.markers - markers >= case.turns + 1, GRACE_S)
            return
        await sock.wait(lambda: (self._ids_done(case) and sock.markers - markers >= case.turns)
                        or (case.oversized and sock.refused), TIMEOUT_S)
        if case.oversized and not sock.closed and not sock.refused:
            await sock.wait(lambda: sock.closed, GRACE_S)

    def _ids_done(self, case: WidgetCase) -> bool:
        needed = Counter(case.ids)
        return all(len(self.sock.outcomes.get(i, [])) >= n for i, n in needed.items())

    def judge(self, case: WidgetCase, markers: int, sentinel: Optional[str], seconds: float) -> None:
        """One outcome per message of the case."""
        sock = self.sock
        refused = case.oversized and (sock.closed or sock.refused)
        for message_id, count in Counter(case.ids).items():
            got = sock.outcomes.get(message_id, [])
            for index in range(count):
                if index < len(got):
                    self.add(case.kind, ANSWERED, got[index] + self._rescued(), seconds, case.sample)
                elif refused:
                    self.add(case.kind, ANSWERED, "refused by the transport (frame over maxPayload)" +
                             (f"; its POST got no response in {POST_TIMEOUT_S:.0f} s" if sock.post_hung else ""),
                             seconds, case.sample)
                else:
                    self.add(case.kind, LOST, "connection closed, no answer" if sock.closed else
                             "no ack/rejected/rate_limited", None, case.sample)
        if case.turns:
            gained = sock.markers - markers - (1 if sentinel and sentinel in sock.outcomes else 0)
            for index in range(case.turns):
                self.add(case.kind, ANSWERED if index < gained else LOST,
                         "end of turn (no usable id)" if index < gained else "no reply, no end of turn",
                         seconds, case.sample)
        if case.probe:
            self.judge_probe(case, sentinel, seconds)
        if sentinel and not case.probe:
            self.judge_sentinel(sentinel, seconds)

    def _rescued(self) -> str:
        return " after an apology (turn failed, rescued)" if self.sock.apologies > self.apologies_before else ""

    def judge_probe(self, case: WidgetCase, sentinel: Optional[str], seconds: float) -> None:
        sock = self.sock
        if sentinel and sentinel in sock.outcomes:
            self.add(case.kind, ANSWERED, "ignored; the connection still serves", seconds, case.sample)
        elif sock.closed:
            self.add(case.kind, ANSWERED, "the server closed the connection", seconds, case.sample)
        else:
            self.add(case.kind, FAILED, "the connection stopped answering", None, case.sample)

    def judge_sentinel(self, sentinel: str, seconds: float) -> None:
        got = self.sock.outcomes.get(sentinel)
        if got:
            self.add("normal", ANSWERED, got[0], seconds, "你好")
        else:
            self.add("normal", LOST if not self.sock.closed else FAILED, "no answer to the message after it",
                     None, "你好")


async def fuzz_widget(http: aiohttp.ClientSession, base: str, secret: str, visitors: List[Visitor],
                      concurrency: int, channel: str = "widget") -> List[Outcome]:
    """Play every visitor, `concurrency` at a time."""
    gate, outcomes, taken = asyncio.Semaphore(concurrency), [], []

    async def one(visitor: Visitor) -> None:
        async with gate:
            outcomes.extend(await VisitorRun(http, base, secret, visitor, taken, channel).run())

    await asyncio.gather(*(one(v) for v in visitors))
    return outcomes
