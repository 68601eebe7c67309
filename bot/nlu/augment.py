"""Chat noise for English training examples: the same question as buyers type it on a phone.

Held-out writers' English loses about 6 points of accuracy when it is typed as in a chat (lower
case, no punctuation, "pls"/"u"/"wat", one slip in about every fifth word); Chinese does not (see
docs/nlu-classifier.md). ShopTokenizer adds one such copy of every English intent example at
training time, so the classifier learns the noisy forms too. Deterministic: the same example
always gets the same copy.
"""
from __future__ import annotations

import random
import re
import zlib
from typing import Optional

from bot.nlu.text import CJK

SHORTHAND = {"please": "pls", "you": "u", "are": "r", "what": "wat", "your": "ur", "thanks": "thx",
             "okay": "ok", "because": "coz", "about": "abt", "message": "msg", "tomorrow": "tmrw",
             "before": "b4", "why": "y", "when": "wen", "people": "ppl", "though": "tho"}
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {c: row[max(0, i - 1)] + row[i + 1:i + 2] for row in KEYBOARD_ROWS for i, c in enumerate(row)}
_PUNCTUATION = re.compile(r"[?.!,']")


def slip(word: str, rng: random.Random) -> str:
    """One typing slip inside a word of 4+ letters: two letters swapped, one dropped, doubled or
    hit on a neighbouring key. Shorter words, numbers and codes are kept."""
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice(_NEIGHBOURS.get(word[i], word[i])) + word[i + 1:]


def chat_noise(text: str, slip_rate: float = 0.2) -> Optional[str]:
    """The English text typed as in a chat, or None for Chinese text or when nothing changed."""
    if CJK.search(text):
        return None
    rng = random.Random(zlib.crc32(text.encode("utf-8")))
    lowered = _PUNCTUATION.sub(lambda m: "" if rng.random() < 0.7 else m.group(), text.lower())
    words = []
    for word in lowered.split():
        if word in SHORTHAND and rng.random() < 0.5:
            word = SHORTHAND[word]
        elif rng.random() < slip_rate:
            word = slip(word, rng)
        words.append(word)
    noisy = " ".join(words)
    return noisy if noisy != " ".join(text.lower().split()) else None


_common_chars: dict = {}


def _common_by_reading() -> dict:
    """The 3,500 most frequent single characters of jieba's dictionary, by their toneless pinyin,
    with their frequencies: what a pinyin keyboard offers first."""
    if not _common_chars:
        import jieba

        from pypinyin import lazy_pinyin

        from bot.nlu.homophones import is_cjk

        jieba.dt.check_initialized()
        singles = sorted(((f, w) for w, f in jieba.dt.FREQ.items() if len(w) == 1 and is_cjk(w) and f), reverse=True)
        for frequency, char in singles[:3500]:
            _common_chars.setdefault(lazy_pinyin(char)[0], []).append((char, frequency))
    return _common_chars


def pinyin_slips(text: str, rate: float = 0.12) -> Optional[str]:
    """The Chinese text as typed with a pinyin keyboard by a hurried buyer: about one character in
    `rate` replaced by a common character of the same pinyin (the wrong candidate picked; a more
    frequent one more often). None for text without Chinese or when nothing changed. Deterministic."""
    if not CJK.search(text):
        return None
    from pypinyin import lazy_pinyin

    from bot.nlu.homophones import is_cjk

    rng = random.Random(zlib.crc32(("pinyin:" + text).encode("utf-8")))
    common = _common_by_reading()
    chars = list(text)
    for i, char in enumerate(chars):
        if not is_cjk(char) or rng.random() >= rate:
            continue
        options = [(c, f) for c, f in common.get(lazy_pinyin(char)[0], []) if c != char]
        if options:
            chars[i] = rng.choices([c for c, _ in options], weights=[f for _, f in options])[0]
    typed = "".join(chars)
    return typed if typed != text else None
