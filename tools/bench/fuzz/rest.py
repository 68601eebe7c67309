"""Hostile REST requests: raw bodies of every shape, sent at once from concurrent senders, and their verdicts."""
from __future__ import annotations

import asyncio
import json
import random
import time
from dataclasses import dataclass
from typing import Any, List, Tuple

import aiohttp

from tools.bench.fuzz.inputs import DEMO_BUYER, TEXT_KINDS, dumps, preview
from tools.bench.fuzz.outcomes import ANSWERED, FAILED, LOST, TIMEOUT_S, Outcome
from bot.channels.identity import sign
from bot.channels.intake import EMPTY, TOO_LONG


@dataclass
class RestCase:
    """One REST request: raw body bytes, as a hostile client may send anything."""

    kind: str
    body: bytes
    content_type: str = "application/json"


def json_body(value: Any) -> bytes:
    """`value` as a request body."""
    return dumps(value).encode("utf-8")


def malformed_bodies(sender: str) -> List[bytes]:
    """Bodies that are not the JSON object the channel wants."""
    good = json_body({"sender": sender, "message": "你好"})
    return [b"", b"{", b'{"sender": "%s", "message": ' % sender.encode(), b"not json at all", b"\xff\xfe\x00\x00",
            b"[" * 30000, b"{" * 5000, b'{"sender": "' + sender.encode() + b'", "message": "\xc3\x28"}',
            good[:-1] + b",}", good + good, b'{"sender": "x", "sender": "y", "message": "hi"}',
            b"NaN", b"Infinity", b"\x00" * 100, good.replace(b"\"", b"'"), b'"just a string"']


def wrong_types(sender: str) -> List[Any]:
    """JSON of the wrong shape: lists, numbers, null, missing or mistyped fields, bad sender ids."""
    return [[], [{"sender": sender, "message": "hi"}], 123, None, True, "hello", {},
            {"sender": sender}, {"message": "hi"}, {"sender": sender, "message": None},
            {"sender": sender, "message": 123}, {"sender": sender, "message": ["你好"]},
            {"sender": sender, "message": {"text": "hi"}}, {"sender": sender, "message": 1e308},
            {"sender": 12345, "message": "hi"}, {"sender": None, "message": "hi"}, {"sender": "", "message": "hi"},
            {"sender": "a" * 65, "message": "hi"}, {"sender": "买家", "message": "hi"},
            {"sender": sender + "\n", "message": "hi"}, {"sender": "../../" + sender, "message": "hi"},
            {"sender": "\ud800", "message": "hi"}, {"sender": [sender], "message": "hi"}]


def forged_identities(sender: str, secret: str) -> List[Any]:
    """Claims to be a buyer without the shop's signature: channel names, metadata, bad signatures."""
    now = int(time.time())
    valid = {"buyer": DEMO_BUYER, "expires": now + 600, "signature": sign(secret, DEMO_BUYER, now + 600)}
    message = "我的订单到哪了"
    claims = [{"input_channel": "widget", "metadata": {"buyer": DEMO_BUYER}},
              {"input_channel": "widget", "metadata": {"xiaoer": {"buyer": DEMO_BUYER}, "buyer": DEMO_BUYER}},
              {"identity": {"buyer": DEMO_BUYER, "expires": now + 600, "signature": "0" * 64}},
              {"identity": {"buyer": DEMO_BUYER, "expires": now - 10,
                            "signature": sign(secret, DEMO_BUYER, now - 10)}},
              {"identity": {**valid, "buyer": "other_buyer"}}, {"identity": "demo_buyer"},
              {"identity": [DEMO_BUYER]}, {"identity": {"buyer": DEMO_BUYER, "expires": "soon", "signature": "x"}},
              {"identity": {"buyer": DEMO_BUYER, "expires": 10 ** 30, "signature": "ab" * 32}},
              {"identity": {"buyer": DEMO_BUYER, "expires": 1e308, "signature": "ab" * 32}},
              {"identity": {"buyer": "\ud800" + DEMO_BUYER, "expires": now + 600, "signature": "ab" * 32}},
              {"identity": {"buyer": "x" * 5000, "expires": now + 600, "signature": "ab" * 32}},
              {"identity": {"buyer": DEMO_BUYER, "expires": now + 600, "signature": None}},
              {"identity": valid, "input_channel": "console", "metadata": {"agent": "boss"}}]
    return [{"sender": sender, "message": message, **claim} for claim in claims]


class Senders:
    """Sender ids: mostly one per message, a quarter from a few shared ones (same conversation, at once)."""

    def __init__(self, rng: random.Random, prefix: str) -> None:
        self.rng, self.prefix, self.count = rng, prefix, 0
        self.shared = [f"{prefix}-shared-{i}" for i in range(6)]

    def next(self) -> str:
        """The sender of the next message."""
        if self.rng.random() < 0.25:
            return self.rng.choice(self.shared)
        self.count += 1
        return f"{self.prefix}-{self.count}"


REST_KINDS = sorted(TEXT_KINDS) + ["malformed JSON", "wrong types", "forged identity", "concurrent burst"]


def rest_groups(rng: random.Random, total: int, limit: int, secret: str, prefix: str) -> List[List[RestCase]]:
    """About `total` hostile requests in groups sent at once (a burst is 10 from one sender)."""
    senders, groups, made = Senders(rng, prefix), [], 0
    while made < total:
        index = len(groups)
        kind = REST_KINDS[index] if index < len(REST_KINDS) else rng.choice(REST_KINDS)
        if kind == "concurrent burst" and index >= len(REST_KINDS) and rng.random() < 0.7:
            continue  # a burst counts for 10 messages: keep bursts about a tenth of them
        group = _rest_group(rng, kind, limit, secret, senders)
        groups.append(group)
        made += len(group)
    rng.shuffle(groups)
    return groups


def _rest_group(rng: random.Random, kind: str, limit: int, secret: str, senders: Senders) -> List[RestCase]:
    sender = senders.next()
    if kind == "malformed JSON":
        body = rng.choice(malformed_bodies(sender))
        return [RestCase(kind, body, rng.choice(["application/json", "text/plain", "application/x-www-form-urlencoded"]))]
    if kind == "wrong types":
        return [RestCase(kind, json_body(rng.choice(wrong_types(sender))))]
    if kind == "forged identity":
        return [RestCase(kind, json_body(rng.choice(forged_identities(sender, secret))))]
    if kind == "concurrent burst":
        texts = [TEXT_KINDS[rng.choice(["normal", "order numbers", "intent syntax", "mixed languages"])](rng, limit)
                 for _ in range(10)]
        return [RestCase(kind, json_body({"sender": sender, "message": text})) for text in texts]
    return [RestCase(kind, json_body({"sender": sender, "message": TEXT_KINDS[kind](rng, limit)}))]


REFUSALS = {"too long": tuple(t.split("（")[0].split("(")[0] for t in TOO_LONG.values()),
            "empty": tuple(EMPTY.values())}


def _reply_kind(status: int, messages: List[Any]) -> str:
    if not messages:
        return f"{status} no reply (chat with a person, or a command)"
    text = str(messages[0].get("text", "")) if isinstance(messages[0], dict) else ""
    refused = [name for name, starts in REFUSALS.items() if text.startswith(starts)]
    return f"{status} refused: {refused[0]}" if refused else f"{status} reply"


def classify_rest(status: int, raw: bytes) -> Tuple[str, str]:
    """(result, how) for one REST response."""
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if 200 <= status < 300:
        if not isinstance(data, list):
            return FAILED, f"{status} without a list of messages"
        return ANSWERED, _reply_kind(status, data)
    if status == 503 and isinstance(data, dict) and data.get("error") == "not_answered" and data.get("messages"):
        return ANSWERED, "503 apology (turn failed, rescued)"
    if 400 <= status < 500 and isinstance(data, dict) and (data.get("error") or data.get("description")):
        return ANSWERED, f"{status} {data.get('error') or data['description']}"  # ours, or sanic's own refusal
    return FAILED, f"{status} {raw[:80]!r}"


async def send_rest(http: aiohttp.ClientSession, url: str, case: RestCase, channel: str) -> Outcome:
    """POST one case; never raises."""
    started = time.monotonic()
    try:
        async with http.post(url, data=case.body, headers={"Content-Type": case.content_type},
                             timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)) as response:
            raw = await response.read()
            result, how = classify_rest(response.status, raw)
    except asyncio.TimeoutError:
        result, how = FAILED, "timeout"
    except aiohttp.ServerDisconnectedError:
        result, how = LOST, "connection closed without a response"
    except aiohttp.ClientConnectorError:
        result, how = FAILED, "no connection"
    except aiohttp.ClientError as error:
        result, how = LOST, f"no response ({type(error).__name__})"
    return Outcome(channel, case.kind, result, how, time.monotonic() - started, preview(case.body))


async def fuzz_rest(http: aiohttp.ClientSession, base: str, groups: List[List[RestCase]], concurrency: int,
                    channel: str = "rest") -> List[Outcome]:
    """Send every group (a group's requests at once), `concurrency` groups at a time."""
    url = base.rstrip("/") + "/webhooks/rest/webhook"
    gate, outcomes = asyncio.Semaphore(concurrency), []

    async def one(group: List[RestCase]) -> None:
        async with gate:
            outcomes.extend(await asyncio.gather(*(send_rest(http, url, c, channel) for c in group)))

    await asyncio.gather(*(one(g) for g in groups))
    return outcomes
