"""Which widget messages were answered already: a message resent with the same id (another tab,
a dropped connection) is answered once."""
from __future__ import annotations

import asyncio
from collections import OrderedDict
from typing import Dict

RECENT_IDS = 10_000
IN_FLIGHT_WAIT_SECONDS = 60


class AnsweredMessages:
    """The last RECENT_IDS answered message keys of this process, and those being answered now."""

    def __init__(self, keep: int = RECENT_IDS) -> None:
        self.keep = keep
        self._recent: "OrderedDict[str, None]" = OrderedDict()
        self._in_flight: Dict[str, asyncio.Event] = {}

    def remember(self, key: str) -> None:
        """The message with this key is answered."""
        self._recent[key] = None
        while len(self._recent) > self.keep:
            self._recent.popitem(last=False)

    async def already_taken(self, key: str) -> bool:
        """True if this message was answered here already, or once the copy being answered right
        now (another tab's, or before a dropped connection) has been."""
        if key in self._in_flight:
            try:
                await asyncio.wait_for(self._in_flight[key].wait(), timeout=IN_FLIGHT_WAIT_SECONDS)
            except asyncio.TimeoutError:
                return True
        return key in self._recent

    def start(self, key: str) -> None:
        """The message is being answered: copies arriving now wait for it."""
        self._in_flight[key] = asyncio.Event()

    def finish(self, key: str) -> None:
        """Answering it is over (answered or failed): waiting copies go on."""
        self._in_flight.pop(key).set()
