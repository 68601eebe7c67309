"""Hostile widget messages (cases of socket.io packets) and the visitors that send them."""
from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from tools.bench.fuzz.inputs import DEMO_BUYER, HTML, NORMAL, TEXT_KINDS, dumps, new_id, preview
from bot.channels.identity import sign

MAX_PAYLOAD = 64 * 1024  # what the widget announces (engine.io maxPayload); bigger frames are refused


@dataclass
class WidgetCase:
    """Packets sent together, and how their outcome is told."""

    kind: str
    packets: List[str]
    ids: List[str] = field(default_factory=list)  # message ids that must each get ack/rejected/rate_limited
    turns: int = 0                                # messages without a usable id: end-of-turn markers expected
    probe: bool = False                           # no message (malformed packets): the connection must still serve
    sentinel: bool = False                        # the server may stay silent: a normal message after it tells when
    sample: str = ""

    @property
    def oversized(self) -> bool:
        """Bigger than the frame limit the server announced: the transport may refuse it."""
        return any(len(p.encode("utf-8")) > MAX_PAYLOAD for p in self.packets)


def utterance(text: Any, message_id: Any = None, **extra: Any) -> str:
    data = {"message": text, **({"message_id": message_id} if message_id is not None else {}), **extra}
    return "42" + dumps(["user_uttered", data])


def text_case(rng: random.Random, kind: str, limit: int) -> WidgetCase:
    """A hostile text with a fresh message id."""
    text, message_id = TEXT_KINDS[kind](rng, limit), new_id()
    return WidgetCase(kind, [utterance(text, message_id, retry=False)], ids=[message_id], sample=preview(text))


def burst_case(rng: random.Random, limit: int) -> WidgetCase:
    """Five messages at once on one connection."""
    texts = [TEXT_KINDS[rng.choice(sorted(TEXT_KINDS))](rng, limit // 4) for _ in range(5)]
    texts = [t for t in texts if len(t) < 20_000] or ["你好"]
    ids = [new_id() for _ in texts]
    return WidgetCase("burst of 5", [utterance(t, i) for t, i in zip(texts, ids)], ids=ids, sample=preview(texts[0]))


def id_case(rng: random.Random) -> WidgetCase:
    """Missing, invalid or repeated message ids."""
    text = rng.choice(NORMAL)
    choice = rng.randrange(3)
    if choice == 0:
        return WidgetCase("message ids", [utterance(text)], turns=1, sample="no message_id")
    if choice == 1:
        bad = rng.choice(["../x", "a" * 65, "<script>", 123, "\ud800", "", ["x"], "id with spaces"])
        return WidgetCase("message ids", [utterance(text, bad)], turns=1, sample=f"message_id={preview(bad)}")
    message_id = new_id()
    packets = [utterance(text, message_id), utterance(text, message_id, retry=True)]
    return WidgetCase("message ids", packets, ids=[message_id, message_id], sample="same id twice (retry)")


def wrong_type_case(rng: random.Random) -> WidgetCase:
    """A message that is not text, or event data that is not an object."""
    if rng.random() < 0.5:
        value, message_id = rng.choice([123, None, [], {}, True, 1e308, ["你好"], {"text": "hi"}]), new_id()
        return WidgetCase("wrong types", [utterance(value, message_id)], ids=[message_id], sentinel=True,
                          sample=f"message={preview(value)}")
    data = rng.choice(['"hello"', "null", "[1,2]", "123", '{"message": "hi", "message_id": {"$ne": 1}}'])
    return WidgetCase("wrong types", ['42["user_uttered",' + data + "]"], probe=True, sentinel=True,
                      sample=f"user_uttered data {data}")


MALFORMED_PACKETS = ['42["user_uttered"', "42", "4", "42{}", "42[]", "43[1]", '42["user_uttered",{"message":"x"}]junk',
                     "2probe", "5", "6", "49", "4" + "[" * 5000,
                     '42["session_request",{"session_id":{"$gt":""}}]', '42["no_such_event",{}]', "\x00\x01", "1"]


def malformed_case(rng: random.Random) -> WidgetCase:
    """A packet that is not valid socket.io (or a close): the server survives it."""
    packet = rng.choice(MALFORMED_PACKETS)
    return WidgetCase("malformed packets", [packet], probe=True, sentinel=True, sample=preview(packet))


def display_case(rng: random.Random) -> WidgetCase:
    """A command with a "display" text the channel shows in the transcript."""
    message_id = new_id()
    display = rng.choice(HTML + ["\ud800" * 10, "x" * 10_000, "\u202e反转"])
    packet = utterance(rng.choice(["/greet", "/rate 5", '/inform{"order_id": "1001202611000008"}']), message_id,
                    display=display)
    return WidgetCase("display field", [packet], ids=[message_id], sample=preview(display))


WIDGET_KINDS = sorted(TEXT_KINDS) + ["burst of 5", "message ids", "wrong types", "malformed packets", "display field"]


def widget_case(rng: random.Random, kind: str, limit: int) -> WidgetCase:
    """A case of `kind`."""
    special = {"burst of 5": lambda: burst_case(rng, limit), "message ids": lambda: id_case(rng),
               "wrong types": lambda: wrong_type_case(rng), "malformed packets": lambda: malformed_case(rng),
               "display field": lambda: display_case(rng)}
    return special[kind]() if kind in special else text_case(rng, kind, limit)


def case_size(case: WidgetCase) -> int:
    """How many messages a case counts for."""
    return len(case.ids) + case.turns + int(case.probe)


SETUPS = ["new", "new", "new", "signed", "signed", "forged signature", "expired identity", "identity wrong types",
          "identity with lone surrogate", "other visitor's session", "garbage session id", "message before session"]


@dataclass
class Visitor:
    """One widget visitor: how it opens its session, then its cases one after another."""

    setup: str
    transport: str
    cases: List[WidgetCase]


def visitors_plan(rng: random.Random, total: int, limit: int, per_visitor: int = 10) -> List[Visitor]:
    """About `total` widget messages from visitors of every setup, a quarter over long-polling."""
    visitors, made, index = [], 0, 0
    while made < total:
        cases = []
        for _ in range(per_visitor):
            kind = WIDGET_KINDS[index % len(WIDGET_KINDS)] if index < len(WIDGET_KINDS) else rng.choice(WIDGET_KINDS)
            cases.append(widget_case(rng, kind, limit))
            index += 1
        made += sum(case_size(c) for c in cases) + 1
        setup = SETUPS[len(visitors) % len(SETUPS)]
        visitors.append(Visitor(setup, "polling" if rng.random() < 0.25 else "websocket", cases))
    return visitors


def session_request(setup: str, secret: str, taken: List[Tuple[str, str]]) -> Tuple[Dict, Optional[str], Optional[str]]:
    """(session_request data, the buyer the server must confirm, a session id it must not hand out)."""
    now = int(time.time())
    signed = {"buyer": DEMO_BUYER, "expires": now + 600, "signature": sign(secret, DEMO_BUYER, now + 600)}
    tab = uuid.uuid4().hex
    if setup == "signed":
        return {"session_id": None, "identity": signed, "tab": tab}, DEMO_BUYER, None
    if setup == "other visitor's session" and taken:
        session_id, _ = taken[-1]
        return {"session_id": session_id, "identity": None, "tab": tab}, None, session_id
    forged = {"forged signature": {**signed, "signature": "f" * 64},
              "expired identity": {"buyer": DEMO_BUYER, "expires": now - 5, "signature": sign(secret, DEMO_BUYER, now - 5)},
              "identity wrong types": {"buyer": [DEMO_BUYER], "expires": "tomorrow", "signature": 5},
              "identity with lone surrogate": {"buyer": DEMO_BUYER + "\udc00", "expires": now + 600, "signature": "ab" * 32}}
    if setup in forged:
        return {"session_id": None, "identity": forged[setup], "tab": tab}, None, None
    if setup == "garbage session id":
        return {"session_id": "../" * 20 + "\ud800", "identity": 5, "tab": "<script>"}, None, None
    return {"session_id": None, "identity": None, "tab": tab}, None, None
