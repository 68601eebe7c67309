"""A minimal socket.io client (engine.io v4) that can send anything, and keeps what the widget answered."""
from __future__ import annotations

import asyncio
import json
import time
from typing import Any, Callable, Dict, List, Optional

import aiohttp

from tools.bench.fuzz.inputs import dumps
from tools.bench.fuzz.outcomes import TIMEOUT_S
from bot.channels.rescue import SORRY, SORRY_OFFLINE, SORRY_RETRY

POST_TIMEOUT_S = 20.0
APOLOGIES = set(SORRY.values()) | set(SORRY_OFFLINE.values()) | set(SORRY_RETRY.values())


class Socket:
    """One socket.io connection over websocket or long-polling, with raw packets allowed.

    Keeps what the widget channel sent back: outcomes per message id (ack, rejected,
    rate_limited), end-of-turn markers (typing off; rejected/rate_limited without an id), replies."""

    def __init__(self, http: aiohttp.ClientSession, base: str, transport: str) -> None:
        self.http, self.transport = http, transport
        self.url = base.rstrip("/") + "/socket.io/?EIO=4&transport="
        self.sid = ""
        self.closed = False
        self.refused = False  # a POST the server refused (long-polling)
        self.post_hung = False  # a POST the server never answered
        self.confirm: Optional[Dict] = None
        self.outcomes: Dict[str, List[str]] = {}
        self.markers = 0
        self.replies = self.apologies = 0
        self.connected = False
        self.changed = asyncio.Event()
        self.ws: Optional[aiohttp.ClientWebSocketResponse] = None
        self.reader: Optional[asyncio.Task] = None
        self.lock = asyncio.Lock()

    async def open(self, timeout: float) -> None:
        """Connect and join the default namespace; raises on failure."""
        await asyncio.wait_for(self._open(), timeout)

    async def _open(self) -> None:
        if self.transport == "websocket":
            self.ws = await self.http.ws_connect(self.url + "websocket", max_msg_size=0, autoping=True)
            opening = await self.ws.receive_str()
        else:
            async with self.http.get(self.url + "polling") as response:
                opening = (await response.text()).split("\x1e")[0]
        self.sid = json.loads(opening[1:])["sid"]
        self.reader = asyncio.ensure_future(self._read())
        await self.send_raw("40")
        while not self.connected and not self.closed:
            await self._changed(TIMEOUT_S)
        if self.closed:
            raise ConnectionError("closed while connecting")

    async def _read(self) -> None:
        try:
            if self.ws is not None:
                async for message in self.ws:
                    if message.type != aiohttp.WSMsgType.TEXT:
                        break
                    await self._packet(message.data)
            else:
                await self._poll()
        except (aiohttp.ClientError, asyncio.TimeoutError, ConnectionError, ValueError):
            pass
        finally:
            self.closed = True
            self.changed.set()

    async def _poll(self) -> None:
        while not self.closed:
            async with self.http.get(f"{self.url}polling&sid={self.sid}",
                                     timeout=aiohttp.ClientTimeout(total=70)) as response:
                if response.status != 200:
                    return
                for packet in (await response.text()).split("\x1e"):
                    await self._packet(packet)

    async def _packet(self, packet: str) -> None:
        if packet == "2":
            asyncio.ensure_future(self._pong())
        elif packet == "1" or packet.startswith("41"):
            self.closed = True
        elif packet.startswith("40"):
            self.connected = True
        elif packet.startswith("42"):
            name, *data = json.loads(packet[2:])
            self._event(name, data[0] if data else None)
        self.changed.set()

    async def _pong(self) -> None:
        try:
            await self.send_raw("3")
        except (aiohttp.ClientError, asyncio.TimeoutError, ConnectionError):
            pass

    def _event(self, name: str, data: Any) -> None:
        data = data if isinstance(data, dict) else {}
        message_id = data.get("message_id")
        if name == "session_confirm":
            self.confirm = data
        elif name == "ack":
            self.outcomes.setdefault(message_id, []).append("ack (duplicate)" if data.get("duplicate") else "ack")
        elif name in ("rejected", "rate_limited"):
            how = f"rejected {data.get('reason')}" if name == "rejected" else "rate_limited"
            if message_id:
                self.outcomes.setdefault(message_id, []).append(how)
            else:
                self.markers += 1
        elif name == "typing" and data.get("on") is False:
            self.markers += 1
        elif name == "bot_uttered":
            self.replies += 1
            self.apologies += data.get("text") in APOLOGIES

    async def send_raw(self, packet: str) -> None:
        """Send one socket.io packet as text ("42[...]" is an event)."""
        if self.closed:
            raise ConnectionError("closed")
        if self.ws is not None:
            await self.ws.send_str(packet)
            return
        async with self.lock:
            try:
                async with self.http.post(f"{self.url}polling&sid={self.sid}", data=packet.encode("utf-8"),
                                          headers={"Content-Type": "text/plain;charset=UTF-8"},
                                          timeout=aiohttp.ClientTimeout(total=POST_TIMEOUT_S)) as response:
                    await response.read()
                    self.refused = self.refused or response.status != 200
            except asyncio.TimeoutError:
                self.refused, self.post_hung = True, True

    async def emit(self, name: str, data: Any) -> None:
        """A socket.io event."""
        await self.send_raw("42" + dumps([name, data]))

    async def _changed(self, timeout: float) -> None:
        self.changed.clear()
        try:
            await asyncio.wait_for(self.changed.wait(), max(timeout, 0.01))
        except asyncio.TimeoutError:
            pass

    async def wait(self, done: Callable[[], bool], seconds: float) -> bool:
        """Wait until `done()` or the connection closes or `seconds` pass; returns done()."""
        deadline = time.monotonic() + seconds
        while not done() and not self.closed and time.monotonic() < deadline:
            await self._changed(deadline - time.monotonic())
        return done()

    async def close(self) -> None:
        """Say goodbye and stop reading."""
        if not self.closed:
            try:
                await asyncio.wait_for(self.send_raw("1"), 5)
            except (aiohttp.ClientError, asyncio.TimeoutError, ConnectionError):
                pass
        self.closed = True
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()
            await asyncio.gather(self.reader, return_exceptions=True)
