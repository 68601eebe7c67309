"""Hostile texts for the fuzz: every kind of message a buyer, a bot or an attacker may send."""
from __future__ import annotations

import json
import random
import string
import uuid
from typing import Any, Callable, Dict, Sequence

DEMO_BUYER = "demo_buyer"

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


# with AT_LIMIT, the worst single inputs sent alone while the memory is sampled
WORST_EXTRA: Dict[str, Callable[[random.Random, int], str]] = {
    "over limit, 4x + 1 characters": lambda rng, n: _cjk(rng, 4 * n + 1),
    "60,000 characters (under 64 kB as ASCII)": lambda rng, n: "a" * 60_000,
    "1 MB": lambda rng, n: "a" * 1_000_000,
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


def new_id() -> str:
    """A fresh random id (message ids, sender ids)."""
    return uuid.uuid4().hex[:20]
