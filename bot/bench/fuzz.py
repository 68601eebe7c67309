"""Hostile messages against the real servers (issue 9): nothing crashes, nothing is lost, and the
Rasa server's memory stays bounded whatever arrives.

    python -m bot.bench.fuzz [--smoke] [--rest 3000] [--widget 1000] [--seed 9]
                             [--model models/current.tar.gz] [--out results/fuzz] [--docs docs/benchmarks.md]

Starts both servers (bot.bench.servers, SQLite, rate limits lifted) and sends, in this order:

1. the worst inputs one at a time, each exactly at the length limit (random CJK, English words,
   digits, one giant token, punctuation...) and some over it, sampling the Rasa server's memory;
2. thousands of hostile REST requests from concurrent senders: emoji floods, lone surrogates,
   control and direction characters, zero-width characters, HTML, SQL, over-long messages up to
   1 MB, malformed JSON, wrong types, other buyers' order numbers, forged identities, Rasa's
   "/intent{...}" syntax, bursts from one sender;
3. hostile widget messages over socket.io (websocket and long-polling, our own minimal client so
   that anything can be sent) from concurrent visitors with forged identities, other visitors'
   session ids, wrong types, bad or repeated message ids, malformed packets, oversized frames;
4. a short burst with the shipped rate limits (fresh servers with credentials.yml as it is), where
   429 and `rate_limited` are answers.

Each message ends up
- answered: a 2xx reply, a deliberate 400/413/429 with a JSON error, the 503 apology; on the widget
  an ack, `rejected` or `rate_limited`, or the transport refusing a frame over the maxPayload the
  server announced;
- failed: any other status, no connection, a timeout, a forged identity accepted;
- lost: the server closed the request without a response (REST); no ack, `rejected` or
  `rate_limited` for a widget message.

Writes results/fuzz/fuzz.json and the "Fuzz" section of docs/benchmarks.md (the rest of the file
is kept as it is).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import string
import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple
from unittest import mock

import aiohttp

from bot.bench.load import percentile
from bot.bench.machine import machine_info
from bot.bench.servers import ROOT, Servers, rss_mb
from bot.channels.identity import sign
from bot.channels.intake import EMPTY, TOO_LONG
from bot.channels.rescue import SORRY, SORRY_RETRY

ANSWERED, FAILED, LOST = "answered", "failed", "lost"
TIMEOUT_S = 90.0
GRACE_S = 1.5
SESSION_TIMEOUT_S = 20.0
POST_TIMEOUT_S = 20.0
MAX_PAYLOAD = 64 * 1024  # what the widget announces (engine.io maxPayload); bigger frames are refused
DEMO_BUYER = "demo_buyer"
APOLOGIES = set(SORRY.values()) | set(SORRY_RETRY.values())
SECTION = "## Fuzz: hostile messages against the real servers"

# ---------------------------------------------------------------------------------------------
# Hostile texts

WORDS = ("where is my order refund return size colour cheaper discount shipping invoice the a "
         "please help cancel address phone delivered broken package").split()
EMOJI = ["😀", "👍🏽", "👨‍👩‍👧‍👦", "🇨🇳", "❤️", "🔥", "🙏🏻", "🤔", "💯", "🧧", "🏳️‍🌈"]
SINGLE_EMOJI = "😀😂🤔🔥💯🧧🎉👍🙏😭🥺🤡"
PUNCTUATION = "！？。，、；：!?.,;:~…—“”《》【】()[]{}<>"
CONTROL = [chr(c) for c in range(32)] + ["\x7f", "\x85", "\u2028", "\u2029"]
DIRECTION = "\u202e\u202d\u202a\u202b\u202c\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
REMOVED_ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"  # the ones the intake removes (it keeps U+2060)
NORMAL = ["你好", "我的订单到哪了", "帮我查下订单 1001202611000001", "运费多少", "能便宜点吗", "我要退货",
          "where is my order", "how much is shipping to Xinjiang", "can I return this", "hi"]
LANGUAGES = ["我的订单到哪了", "where is my order", "注文はどこですか", "주문이 어디 있나요", "أين طلبي",
             "Где мой заказ", "คำสั่งซื้อของฉันอยู่ที่ไหน", "मेरा ऑर्डर कहाँ है", "Wo ist meine Bestellung",
             "退货 refund 能不能 pls", "ma commande n'est pas arrivée", "Ｗｈｅｒｅ ｉｓ ｍｙ ｏｒｄｅｒ"]
HTML = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>',
        '<iframe src="javascript:alert(1)"></iframe>', '&lt;b&gt;&#x3C;script&#x3E;',
        '<a href="javascript:void(0)">点我领券</a>', '{{constructor.constructor("alert(1)")()}}',
        '<style>*{display:none}</style>', '</script><script>fetch("//x")</script>']
SQL = ["' OR '1'='1", "1001202611000001' OR 1=1 --", "'; DROP TABLE orders; --",
       "\" UNION SELECT * FROM buyers --", "1001202611000001; UPDATE orders SET status='cancelled'",
       "%' AND 1=0 UNION SELECT password_hash FROM agents --", "订单号 1' or sleep(5)#"]
FORMAT = ["%s%s%s%n", "{0}{1}{order_id}", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "../../../../etc/passwd",
          "{order_id!r:>99999}", "\\u0000\\x00", "{__class__.__init__.__globals__}"]
INTENT_SYNTAX = ['/restart', '/session_start', '/rate 5', '/rate 9', '/request_handoff', '/affirm',
                 '/inform{"order_id": "1001202611000008"}', '/inform{"order_id": "1001202611000008", "phone": "1234"}',
                 '/cancel_order{"order_id": "1001202611000002"}', '/inform{"order_id": ', '/' + 'x' * 200,
                 '/inform{"order_id": ["a", {"b": null}]}', '/nlu_fallback', '/action_restart',
                 '/greet{"x": 1e999}', '/inform{"amount": -1e308}', '/out_of_scope{}{}{}']
ORDER_TEMPLATES = ["帮我查下订单 {n}", "订单 {n} 到哪了", "order {n} where is it", "取消订单 {n}",
                   "{n} 手机尾号 {d}", "我要退货 订单号{n}", "{n}"]


def _cjk(rng: random.Random, count: int) -> str:
    return "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(count))


def _exact(text: str, limit: int) -> str:
    """`text` cut or padded to exactly `limit` characters, with nothing the cleaner strips at the ends."""
    text = text[:limit].strip()
    return text + "x" * (limit - len(text))


def _sprinkle(rng: random.Random, text: str, chars: Sequence[str], count: int) -> str:
    out = list(text)
    for _ in range(count):
        out.insert(rng.randint(0, len(out)), rng.choice(chars))
    return "".join(out)


AT_LIMIT: Dict[str, Callable[[random.Random, int], str]] = {
    "random CJK": lambda rng, n: _cjk(rng, n),
    "English words": lambda rng, n: _exact(" ".join(rng.choice(WORDS) for _ in range(n)), n),
    "digits (one number)": lambda rng, n: "".join(rng.choice(string.digits) for _ in range(n)),
    "digits and spaces": lambda rng, n: _exact(" ".join(rng.choice(string.digits) for _ in range(n)), n),
    "one giant token": lambda rng, n: "".join(rng.choice(string.ascii_lowercase) for _ in range(n)),
    "repeated punctuation": lambda rng, n: "".join(rng.choice(PUNCTUATION) for _ in range(n)),
    "emoji": lambda rng, n: "".join(rng.choice(SINGLE_EMOJI) for _ in range(n)),
    "mixed zh/en characters": lambda rng, n: "".join(rng.choice(string.ascii_letters) if i % 2 else _cjk(rng, 1)
                                                     for i in range(n)),
    "order numbers": lambda rng, n: _exact(" ".join("10012026110000%02d" % rng.randint(0, 99) for _ in range(n)), n),
    "CJK in 2x zero-width padding": lambda rng, n: _sprinkle(rng, _cjk(rng, n), REMOVED_ZERO_WIDTH, 2 * n),
}


def emoji_flood(rng: random.Random, limit: int) -> str:
    """From a few to thousands of emoji, ZWJ families and flags (some over the limit once cleaned)."""
    return "".join(rng.choice(EMOJI) for _ in range(rng.choice([10, 200, limit // 2, limit, limit * 2])))


def lone_surrogates(rng: random.Random, limit: int) -> str:
    """Text with half UTF-16 pairs in it, or nothing but them."""
    halves = [chr(rng.randint(0xD800, 0xDFFF)) for _ in range(8)]
    if rng.random() < 0.2:
        return "".join(rng.choice(halves) for _ in range(rng.randint(1, 50)))
    return _sprinkle(rng, rng.choice(LANGUAGES + NORMAL), halves, rng.randint(1, 5))


def control_chars(rng: random.Random, limit: int) -> str:
    """NUL, escape, bell, line separators... in text or alone."""
    if rng.random() < 0.2:
        return "".join(rng.choice(CONTROL) for _ in range(rng.randint(1, 100)))
    return _sprinkle(rng, rng.choice(NORMAL), CONTROL, rng.randint(1, 20))


def direction_marks(rng: random.Random, limit: int) -> str:
    """Right-to-left overrides and isolates around and inside text."""
    text = "\u202e" + rng.choice(NORMAL + LANGUAGES) + "\u202c"
    return _sprinkle(rng, text, DIRECTION, rng.randint(1, 30))


def zero_width(rng: random.Random, limit: int) -> str:
    """Zero-width characters between letters, alone, or padding a message to 3x the limit."""
    choice = rng.random()
    if choice < 0.2:
        return "".join(rng.choice(ZERO_WIDTH) for _ in range(rng.randint(1, limit)))
    if choice < 0.4:
        return _sprinkle(rng, _cjk(rng, limit // 2), ZERO_WIDTH, 2 * limit)
    return "".join(c + rng.choice(ZERO_WIDTH) for c in rng.choice(NORMAL + LANGUAGES))


def html(rng: random.Random, limit: int) -> str:
    """Markup and script, alone or inside a question."""
    return rng.choice(["", "我的订单", "order "]) + rng.choice(HTML)


def sql(rng: random.Random, limit: int) -> str:
    """SQL injection attempts, some around order numbers."""
    return rng.choice(SQL)


def format_strings(rng: random.Random, limit: int) -> str:
    """printf and str.format fields, template and lookup syntax, paths."""
    return rng.choice(["", "订单 "]) + rng.choice(FORMAT)


def intent_syntax(rng: random.Random, limit: int) -> str:
    """Rasa's "/intent{entities}" shortcut, valid and broken, naming other buyers' orders."""
    return rng.choice(INTENT_SYNTAX)


def over_limit(rng: random.Random, limit: int) -> str:
    """Just over the limit to 60,000 characters (refused with a reply, never cut)."""
    count = rng.choice([limit + 1, limit * 2, limit * 4 + 1, 20_000, 60_000])
    return rng.choice([lambda: "a" * count, lambda: _cjk(rng, count),
                       lambda: _exact(" ".join(rng.choice(WORDS) for _ in range(count)), count)])()


def huge(rng: random.Random, limit: int) -> str:
    """100 kB to 1 MB (over the REST body limit and the widget's frame limit)."""
    count = rng.choice([100_000, 300_000, 1_000_000])
    return ("好" if rng.random() < 0.5 else "a") * count


def at_limit(rng: random.Random, limit: int) -> str:
    """One of the worst inputs, exactly at the limit."""
    return AT_LIMIT[rng.choice(sorted(AT_LIMIT))](rng, limit)


def mixed_languages(rng: random.Random, limit: int) -> str:
    """Chinese, English, Japanese, Arabic, Russian, Thai... and emoji in one message."""
    parts = rng.sample(LANGUAGES, rng.randint(2, 6)) + [rng.choice(EMOJI)]
    rng.shuffle(parts)
    return " ".join(parts)


def order_numbers(rng: random.Random, limit: int) -> str:
    """Unknown and other buyers' order numbers, full-width digits, dozens in one message."""
    number = rng.choice(["1001202611000008", "1001202611000002", "%016d" % rng.randrange(10 ** 16),
                         "１００１２０２６１１０００００８", "-1001202611000001", "1001202611000001.5", "9" * 40])
    if rng.random() < 0.1:
        return " ".join("10012026110000%02d" % rng.randint(0, 99) for _ in range(rng.randint(10, 60)))
    return rng.choice(ORDER_TEMPLATES).format(n=number, d="%04d" % rng.randrange(10000))


def normal(rng: random.Random, limit: int) -> str:
    """An ordinary buyer message (the baseline)."""
    return rng.choice(NORMAL)


TEXT_KINDS: Dict[str, Callable[[random.Random, int], str]] = {
    "normal": normal, "emoji flood": emoji_flood, "lone surrogates": lone_surrogates,
    "control chars": control_chars, "direction overrides": direction_marks, "zero-width": zero_width,
    "HTML/script": html, "SQL": sql, "format strings": format_strings, "intent syntax": intent_syntax,
    "over limit": over_limit, "huge (100 kB-1 MB)": huge, "at limit (worst kinds)": at_limit,
    "mixed languages": mixed_languages, "order numbers": order_numbers,
}


def dumps(value: Any) -> str:
    """JSON as a browser would send it: UTF-8 text, lone surrogates escaped."""
    try:
        text = json.dumps(value, ensure_ascii=False)
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True)


def preview(value: Any, size: int = 120) -> str:
    """A short printable sample of an input, for the report."""
    text = value.decode("utf-8", "backslashreplace") if isinstance(value, bytes) else str(value)
    shown = ascii(text[:size])[1:-1]
    return f"{shown}... ({len(text)} chars)" if len(text) > size else shown


# ---------------------------------------------------------------------------------------------
# Outcomes

@dataclass
class Outcome:
    """What became of one hostile message."""

    channel: str
    kind: str
    result: str  # answered | failed | lost
    detail: str
    seconds: Optional[float] = None
    sample: str = ""


def tally(outcomes: Sequence[Outcome]) -> Dict[str, Any]:
    """tried / answered / failed / lost, latency percentiles and how messages were answered."""
    counts = Counter(o.result for o in outcomes)
    times = [o.seconds for o in outcomes if o.seconds is not None and o.result == ANSWERED]

    def ms(p: float) -> Optional[int]:
        value = percentile(times, p)
        return None if value is None else round(value * 1000)

    return {"tried": len(outcomes), ANSWERED: counts[ANSWERED], FAILED: counts[FAILED], LOST: counts[LOST],
            "p50_ms": ms(50), "p95_ms": ms(95),
            "how": dict(Counter(o.detail for o in outcomes).most_common())}


def by_kind(outcomes: Sequence[Outcome]) -> List[Dict[str, Any]]:
    """One tally per channel and kind."""
    groups: Dict[Tuple[str, str], List[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault((outcome.channel, outcome.kind), []).append(outcome)
    return [{"channel": c, "kind": k, **tally(group)} for (c, k), group in sorted(groups.items())]


# ---------------------------------------------------------------------------------------------
# REST

@dataclass
class RestCase:
    """One REST request: raw body bytes, as a hostile client may send anything."""

    kind: str
    body: bytes
    content_type: str = "application/json"


def _body(value: Any) -> bytes:
    return dumps(value).encode("utf-8")


def malformed_bodies(sender: str) -> List[bytes]:
    """Bodies that are not the JSON object the channel wants."""
    good = _body({"sender": sender, "message": "你好"})
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
        return [RestCase(kind, _body(rng.choice(wrong_types(sender))))]
    if kind == "forged identity":
        return [RestCase(kind, _body(rng.choice(forged_identities(sender, secret))))]
    if kind == "concurrent burst":
        texts = [TEXT_KINDS[rng.choice(["normal", "order numbers", "intent syntax", "mixed languages"])](rng, limit)
                 for _ in range(10)]
        return [RestCase(kind, _body({"sender": sender, "message": text})) for text in texts]
    return [RestCase(kind, _body({"sender": sender, "message": TEXT_KINDS[kind](rng, limit)}))]


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


# ---------------------------------------------------------------------------------------------
# Widget: a minimal socket.io client (engine.io v4) that can send anything

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


# ---------------------------------------------------------------------------------------------
# Widget cases and visitors

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


def _id() -> str:
    return uuid.uuid4().hex[:20]


def _utter(text: Any, message_id: Any = None, **extra: Any) -> str:
    data = {"message": text, **({"message_id": message_id} if message_id is not None else {}), **extra}
    return "42" + dumps(["user_uttered", data])


def text_case(rng: random.Random, kind: str, limit: int) -> WidgetCase:
    """A hostile text with a fresh message id."""
    text, message_id = TEXT_KINDS[kind](rng, limit), _id()
    return WidgetCase(kind, [_utter(text, message_id, retry=False)], ids=[message_id], sample=preview(text))


def burst_case(rng: random.Random, limit: int) -> WidgetCase:
    """Five messages at once on one connection."""
    texts = [TEXT_KINDS[rng.choice(sorted(TEXT_KINDS))](rng, limit // 4) for _ in range(5)]
    texts = [t for t in texts if len(t) < 20_000] or ["你好"]
    ids = [_id() for _ in texts]
    return WidgetCase("burst of 5", [_utter(t, i) for t, i in zip(texts, ids)], ids=ids, sample=preview(texts[0]))


def id_case(rng: random.Random) -> WidgetCase:
    """Missing, invalid or repeated message ids."""
    text = rng.choice(NORMAL)
    choice = rng.randrange(3)
    if choice == 0:
        return WidgetCase("message ids", [_utter(text)], turns=1, sample="no message_id")
    if choice == 1:
        bad = rng.choice(["../x", "a" * 65, "<script>", 123, "\ud800", "", ["x"], "id with spaces"])
        return WidgetCase("message ids", [_utter(text, bad)], turns=1, sample=f"message_id={preview(bad)}")
    message_id = _id()
    packets = [_utter(text, message_id), _utter(text, message_id, retry=True)]
    return WidgetCase("message ids", packets, ids=[message_id, message_id], sample="same id twice (retry)")


def wrong_type_case(rng: random.Random) -> WidgetCase:
    """A message that is not text, or event data that is not an object."""
    if rng.random() < 0.5:
        value, message_id = rng.choice([123, None, [], {}, True, 1e308, ["你好"], {"text": "hi"}]), _id()
        return WidgetCase("wrong types", [_utter(value, message_id)], ids=[message_id], sentinel=True,
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
    message_id = _id()
    display = rng.choice(HTML + ["\ud800" * 10, "x" * 10_000, "\u202e反转"])
    packet = _utter(rng.choice(["/greet", "/rate 5", '/inform{"order_id": "1001202611000008"}']), message_id,
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
        """A message before any session_request: the server must say something about it."""
        message_id = _id()
        await self.sock.send_raw(_utter("我的订单到哪了", message_id))
        await self.sock.wait(lambda: message_id in self.sock.outcomes, GRACE_S)
        found = self.sock.outcomes.get(message_id)
        self.add("message before session", ANSWERED if found else LOST,
                 found[0] if found else "no ack/rejected/rate_limited", sample="user_uttered before session_request")

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
        message_id = _id()
        await self.sock.send_raw(_utter("你好", message_id))
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


# ---------------------------------------------------------------------------------------------
# Memory

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


WORST_EXTRA: Dict[str, Callable[[random.Random, int], str]] = {
    "over limit, 4x + 1 characters": lambda rng, n: _cjk(rng, 4 * n + 1),
    "60,000 characters (under 64 kB as ASCII)": lambda rng, n: "a" * 60_000,
    "1 MB": lambda rng, n: "a" * 1_000_000,
}


async def worst_inputs(http: aiohttp.ClientSession, base: str, pid: int, limit: int, rng: random.Random,
                       kinds: Optional[Sequence[str]] = None) -> List[Dict[str, Any]]:
    """Each worst input alone over REST, the Rasa server's memory sampled every 20 ms meanwhile."""
    makers = {**AT_LIMIT, **WORST_EXTRA}
    url, rows = base.rstrip("/") + "/webhooks/rest/webhook", []
    for name in kinds or list(makers):
        text = makers[name](rng, limit)
        case = RestCase(name, _body({"sender": f"worst-{_id()}", "message": text}))
        with MemorySampler(pid, 0.02) as memory:
            before = memory.last
            outcome = await send_rest(http, url, case, "rest")
            await asyncio.sleep(0.2)
        rows.append({"input": name, "chars": len(text), "result": outcome.result, "how": outcome.detail,
                     "ms": round((outcome.seconds or 0) * 1000), "rss_before_mb": round(before),
                     "rss_peak_mb": round(memory.peak)})
    return rows


# ---------------------------------------------------------------------------------------------
# The servers

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


def launcher_children(supervisor_pid: int) -> Dict[str, int]:
    """The pids of `python -m bot.launcher supervise`'s servers, by role ("rasa", "actions")."""
    found = {}
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            stat = (cmdline.parent / "stat").read_text().rsplit(")", 1)[1].split()
            argv = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if int(stat[1]) == supervisor_pid and b"bot.launcher" in argv:
            role = argv[argv.index(b"bot.launcher") + 1].decode()
            found[role] = int(cmdline.parent.name)
    return found


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


# ---------------------------------------------------------------------------------------------
# The run

@dataclass
class Plan:
    """How much to send."""

    rest: int = 3000
    widget: int = 1000
    rest_concurrency: int = 8
    visitors_concurrency: int = 8
    per_visitor: int = 10
    worst: Optional[List[str]] = None  # None: every worst input
    limits_rest: int = 150
    limits_widget: int = 40
    seed: int = 9
    smoke: bool = False

    @classmethod
    def smoke_plan(cls, seed: int = 9) -> "Plan":
        """About 150 messages: seconds, for the end-to-end test."""
        return cls(rest=80, widget=45, rest_concurrency=4, visitors_concurrency=4, per_visitor=3,
                   worst=["random CJK", "English words", "1 MB"], limits_rest=32, limits_widget=10, seed=seed,
                   smoke=True)


def _session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, force_close=False))


async def timed(work: Any) -> Tuple[Any, float]:
    """The result of awaiting `work` and the seconds it took."""
    started = time.monotonic()
    result = await work
    return result, round(time.monotonic() - started, 1)


async def main_phase(target: Target, plan: Plan, limit: int) -> Dict[str, Any]:
    """Worst inputs one by one, then REST and widget together under the memory sampler."""
    rng = random.Random(plan.seed)
    target.mark_logs()
    async with _session() as http:
        with MemorySampler(target.rasa_pid) as memory:
            idle = memory.last
            worst = await worst_inputs(http, target.base, target.rasa_pid, limit, rng, plan.worst)
            (rest, rest_s), (widget, widget_s) = await asyncio.gather(
                timed(fuzz_rest(http, target.base, rest_groups(rng, plan.rest, limit, target.identity_secret,
                                                               f"fz{plan.seed}"), plan.rest_concurrency)),
                timed(fuzz_widget(http, target.base, target.identity_secret, visitors_plan(rng, plan.widget, limit, plan.per_visitor),
                                  plan.visitors_concurrency)))
        state = await server_state(http, target)
    return {"outcomes": rest + widget, "worst": worst, "seconds": {"rest": rest_s, "widget": widget_s}, "state": state,
            "memory": {"idle_mb": round(idle), "peak_mb": round(memory.peak)}}


async def limits_phase(target: Target, plan: Plan, limit: int) -> Dict[str, Any]:
    """A burst with the rate limits on: a few senders and visitors sending as fast as they can."""
    rng = random.Random(plan.seed + 1)
    target.mark_logs()
    sender = f"lim{plan.seed}-{_id()}"
    # mostly over-long messages: they count against the limits but are refused before NLU, so the burst is quick
    texts = [normal(rng, limit) if rng.random() < 0.25 else "长" * (limit + 1) for _ in range(plan.limits_rest)]
    groups = [[RestCase("burst at the limits", _body({"sender": sender, "message": text})) for text in texts]]
    visitors = [Visitor("new", "websocket", [burst_case(random.Random(plan.seed + i), 40)
                                            for i in range(max(plan.limits_widget // 5, 1))])]
    async with _session() as http:
        with MemorySampler(target.rasa_pid) as memory:
            rest, widget = await asyncio.gather(
                fuzz_rest(http, target.base, groups, 1, "rest (shipped limits)"),
                fuzz_widget(http, target.base, target.identity_secret, visitors, 1, "widget (shipped limits)"))
        state = await server_state(http, target)
    return {"outcomes": rest + widget, "state": state, "memory": {"peak_mb": round(memory.peak)}}


def summarise(main: Dict[str, Any], limits: Dict[str, Any], plan: Plan, limit: int, minutes: float) -> Dict[str, Any]:
    """The report: per channel and kind, worst inputs, memory, server state and the failures seen."""
    outcomes: List[Outcome] = main["outcomes"] + limits["outcomes"]
    channels = {}
    for outcome in outcomes:
        channels.setdefault(outcome.channel, []).append(outcome)
    worst = max(main["worst"], key=lambda row: row["rss_peak_mb"]) if main["worst"] else None
    return {
        "meta": {"date": datetime.now().isoformat(timespec="seconds"), "minutes": round(minutes, 1),
                 "limit_chars": limit, "plan": {k: v for k, v in vars(plan).items()}, "machine": machine_info()},
        "channels": {name: tally(group) for name, group in channels.items()},
        "kinds": by_kind(outcomes),
        "worst_inputs": main["worst"], "worst_input": worst,
        "memory": {**main["memory"], "peak_with_shipped_limits_mb": limits["memory"]["peak_mb"]},
        "servers": {"main": main["state"], "shipped_limits": limits["state"]},
        "main_phase_seconds": main["seconds"],
        "problems": grouped(o for o in outcomes if o.result != ANSWERED),
        "rescued": grouped(o for o in outcomes if "apology" in o.detail),
        "totals": tally(outcomes),
    }


def grouped(outcomes: Iterable[Outcome]) -> List[Dict[str, Any]]:
    """Outcomes by channel, kind, result and how: how many, and a few of their inputs."""
    groups: Dict[Tuple[str, str, str, str], Dict[str, Any]] = {}
    for o in outcomes:
        group = groups.setdefault((o.channel, o.kind, o.result, o.detail), {
            "channel": o.channel, "kind": o.kind, "result": o.result, "how": o.detail, "count": 0, "inputs": []})
        group["count"] += 1
        if len(group["inputs"]) < 3 and o.sample not in group["inputs"]:
            group["inputs"].append(o.sample)
    return sorted(groups.values(), key=lambda g: -g["count"])


def ok(report: Dict[str, Any]) -> bool:
    """No failure, no loss, servers alive and answering, peak memory within 2 GB."""
    totals, states = report["totals"], report["servers"].values()
    alive = all(s["rasa_alive"] and s["actions_alive"] and s["answering"] for s in states)
    return totals[FAILED] == 0 and totals[LOST] == 0 and alive and report["memory"]["peak_mb"] <= 2048


async def fuzz_target(target: Target, plan: Plan, limits_target: Optional[Target] = None,
                      limit: Optional[int] = None) -> Dict[str, Any]:
    """Fuzz running servers (the limits phase on `limits_target`, or the same servers); the report."""
    from bot.settings import get_settings

    limit = limit or get_settings().max_message_chars
    started = time.monotonic()
    main = await main_phase(target, plan, limit)
    limits = await limits_phase(limits_target or target, plan, limit)
    return summarise(main, limits, plan, limit, (time.monotonic() - started) / 60)


@contextmanager
def shipped_limits() -> Iterator[None]:
    """Servers() started inside use credentials.yml as shipped (bench_credentials lifts the limits)."""
    with mock.patch("bot.bench.servers.bench_credentials", lambda work: ROOT / "credentials.yml"):
        yield


def target_of(servers: Servers) -> Target:
    """The Target for servers started by bot.bench.servers."""
    return Target(servers.base, servers.secrets["XIAOER_IDENTITY_SECRET"], servers.rasa_pid, servers.actions_pid,
                  [servers.work / "rasa.log", servers.work / "actions.log"])


def run_own_servers(plan: Plan, model: Path, work: Path) -> Dict[str, Any]:
    """Start servers with lifted limits for the main phase and with the shipped ones for the burst."""
    from bot.settings import get_settings

    limit, started = get_settings().max_message_chars, time.monotonic()
    with Servers("sqlite", model, work / "lifted") as servers:
        print(f"servers up in {servers.load_seconds:.0f} s; fuzzing", flush=True)
        main = asyncio.run(main_phase(target_of(servers), plan, limit))
    with shipped_limits(), Servers("sqlite", model, work / "shipped") as servers:
        limits = asyncio.run(limits_phase(target_of(servers), plan, limit))
    return summarise(main, limits, plan, limit, (time.monotonic() - started) / 60)


# ---------------------------------------------------------------------------------------------
# docs/benchmarks.md

def markdown(report: Dict[str, Any]) -> List[str]:
    """The Fuzz section."""
    meta, memory = report["meta"], report["memory"]
    lines = [SECTION, "",
             f"`make fuzz` on {meta['date']} (commit {meta['machine']['commit']}, {meta['minutes']} min, "
             f"{meta['machine']['cores']} cores): both real servers (SQLite), rate limits lifted, then a burst against "
             f"fresh servers with the shipped limits. Message limit {meta['limit_chars']} characters. Answered: a reply, "
             "or a deliberate 400/413/429 with a JSON error or the 503 apology over REST; an ack, `rejected` or "
             "`rate_limited` on the widget, or the transport refusing a frame over the 64 kB it announced. "
             "Failed: any other status, no connection, a timeout, a forged identity accepted. Lost: no response at all "
             "(REST), no ack, `rejected` or `rate_limited` (widget). Latency: sending to the answer.", "",
             "| channel | tried | answered | failed | lost | p50 ms | p95 ms |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, row in report["channels"].items():
        lines.append(f"| {name} | {row['tried']} | {row['answered']} | {row['failed']} | {row['lost']} | "
                     f"{_num(row['p50_ms'])} | {_num(row['p95_ms'])} |")
    lines += ["", _state_line(report), "",
              f"Rasa server memory: {memory['idle_mb']} MB at the start, peak {memory['peak_mb']} MB during the whole run "
              f"(limit 2,048 MB); {memory['peak_with_shipped_limits_mb']} MB in the shipped-limits burst.", "",
              "### The worst single inputs", "",
              "Sent alone over REST, one after another in this order, memory sampled every 20 ms (the peak so far "
              "carries over to the inputs after it).", "",
              "| input | characters | answer | ms | Rasa RSS before → peak (MB) |", "|---|---:|---|---:|---|"]
    for row in report["worst_inputs"]:
        lines.append(f"| {row['input']} | {row['chars']:,} | {row['how']} | {row['ms']:,} | "
                     f"{row['rss_before_mb']} → {row['rss_peak_mb']} |")
    worst = report["worst_input"]
    if worst:
        lines += ["", f"Highest: {worst['input']} ({worst['chars']:,} characters), {worst['rss_peak_mb']} MB."]
    return lines + [""] + problem_lines(report) + [""] + _kind_table(report) + [""]


def problem_lines(report: Dict[str, Any]) -> List[str]:
    """What was not answered, what was only answered by the apology, and what the servers logged."""
    lines = []
    for title, groups in (("Failed or lost", report["problems"]), ("Answered only with the apology (the turn failed "
                                                                   "and the chat went to a person)", report["rescued"])):
        lines += [f"{title}: {sum(g['count'] for g in groups) or 'none'}"]
        lines += [f"- {g['count']} x {g['channel']}, {g['kind']}: {g['how']}; e.g. `{_code(g['inputs'][0])}`"
                  for g in groups]
        lines.append("")
    errors = [e for state in report["servers"].values() for e in state["errors_logged"]["distinct"]]
    lines += ["Distinct error lines in the servers' logs: " + ("none" if not errors else "")]
    lines += [f"- `{_code(e)}`" for e in dict.fromkeys(errors)]
    return lines


def _code(text: str) -> str:
    return text.replace("`", "'")


def _num(value: Optional[int]) -> str:
    return "-" if value is None else f"{value:,}"


def _state_line(report: Dict[str, Any]) -> str:
    states = report["servers"].values()
    alive = all(s["rasa_alive"] and s["actions_alive"] and s["answering"] for s in states)
    errors = sum(s["errors_logged"]["count"] for s in states)
    return (f"Servers at the end: {'both alive, never restarted, answering' if alive else 'NOT all alive'}; "
            f"{errors} error lines in their logs.")


def _kind_table(report: Dict[str, Any]) -> List[str]:
    lines = ["<details><summary>By kind of input</summary>", "",
             "| channel | kind | tried | answered | failed | lost | how |", "|---|---|---:|---:|---:|---:|---|"]
    for row in report["kinds"]:
        how = "; ".join(f"{k} {v}" for k, v in row["how"].items()).replace("|", "\\|")
        lines.append(f"| {row['channel']} | {row['kind']} | {row['tried']} | {row['answered']} | {row['failed']} | "
                     f"{row['lost']} | {how} |")
    return lines + ["", "</details>"]


def update_docs(path: Path, section: List[str]) -> None:
    """Put the Fuzz section in `path`, replacing an earlier one; everything else stays as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines, block = text.splitlines(), "\n".join(section).rstrip() + "\n"
    start = next((i for i, line in enumerate(lines) if line.startswith("## Fuzz")), None)
    if start is None:
        anchor = next((i for i, line in enumerate(lines) if line.startswith("## Reproduce")), len(lines))
        lines[anchor:anchor] = block.splitlines() + [""]
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = block.splitlines() + ([""] if end < len(lines) else [])
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


def write_report(report: Dict[str, Any], out: Path, docs: Optional[Path]) -> None:
    """fuzz.json in `out`; the Fuzz section in `docs` when given."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "fuzz.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    if docs is not None:
        update_docs(docs, markdown(report))


def print_summary(report: Dict[str, Any]) -> None:
    """What a person at the terminal wants to see."""
    for name, row in report["channels"].items():
        print(f"{name:24} tried {row['tried']:5}  answered {row['answered']:5}  failed {row['failed']:3}  "
              f"lost {row['lost']:3}  p50 {_num(row['p50_ms'])} ms  p95 {_num(row['p95_ms'])} ms")
    print(_state_line(report))
    print(f"Rasa peak RSS {report['memory']['peak_mb']} MB; worst single input: {report['worst_input']}")
    for line in problem_lines(report):
        print(" ", line)


def main(argv: Optional[List[str]] = None) -> int:
    """Command line entry point; exit status 1 when anything failed or was lost."""
    parser = argparse.ArgumentParser(prog="python -m bot.bench.fuzz", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="about 150 messages, no docs update")
    parser.add_argument("--rest", type=int, default=3000)
    parser.add_argument("--widget", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "current.tar.gz")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "fuzz")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    plan = Plan.smoke_plan(args.seed) if args.smoke else Plan(rest=args.rest, widget=args.widget, seed=args.seed)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    report = run_own_servers(plan, args.model.resolve(), args.out / "servers")
    write_report(report, args.out, None if args.smoke else args.docs)
    print_summary(report)
    return 0 if ok(report) else 1


if __name__ == "__main__":
    raise SystemExit(main())
