"""Small text helpers shared by the NLU components and the actions."""
import re
from typing import Any, Iterable, Mapping, Pattern

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# a courier's or a product's code (YT1234567890123, EA123456789CN) is no word of any language
CODE = re.compile(r"(?<![A-Za-z])[A-Za-z]{1,4}\d{5,}[A-Za-z]{0,2}(?![A-Za-z])")
# HTML a buyer pasted or someone injects (tags, a script's body, entities) is no word of any language
MARKUP = re.compile(r"<script\b.*?(?:</script\s*>|$)|<[^<>]*>|&#?\w+;", re.IGNORECASE | re.DOTALL)
LONG_NUMBER = re.compile(r"\d{5,}")
NUMBER_SHAPE = "#####"
_ANY_WORD = re.compile(r"\w")


def half_width(text: str) -> str:
    """Map full-width ASCII (１２３ＡＢＣ，　) to half-width, keeping every character's offset."""
    return text.translate(_FULL_WIDTH)


def detect_language(text: str) -> str | None:
    """Return "zh" when the text has Chinese characters, "en" when it has Latin words, else None.

    Buyers mix English words into Chinese, so any Chinese character means Chinese; digits,
    emoji, punctuation, codes and HTML markup alone say nothing about the language.
    """
    if CJK.search(text or ""):
        return "zh"
    if LATIN_WORD.search(CODE.sub(" ", MARKUP.sub(" ", text or ""))):
        return "en"
    return None


def number_shape(word: str) -> str:
    """A run of 5 or more digits (an order, phone or tracking number) as one shape, so that the
    intent classifier learns "there is a number here", never the digits of the training examples."""
    return LONG_NUMBER.sub(NUMBER_SHAPE, word)


def only_values(text: str, entities: Iterable[Mapping[str, Any]], kinds: Iterable[str], filler: Pattern[str]) -> bool:
    """True when `text` holds at least one entity of `kinds` and, around those, nothing but `filler`
    (and punctuation, symbols, emoji): a bare answer, or a follow-up that only brings a new value."""
    wanted = set(kinds)
    spans = [(e["start"], e["end"]) for e in entities if e.get("entity") in wanted]
    if not spans:
        return False
    rest = list(text or "")
    for start, end in spans:
        rest[start:end] = [" "] * (end - start)
    return not _ANY_WORD.search(filler.sub(" ", "".join(rest)))

