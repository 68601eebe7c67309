"""Small text helpers shared by the NLU components and the actions."""
import re
from typing import Any, Iterable, Mapping, Pattern

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# a courier's or a product's code (YT1234567890123, EA123456789CN) is no word of any language
CODE = re.compile(r"(?<![A-Za-z])[A-Za-z]{1,4}\d{5,}[A-Za-z]{0,2}(?![A-Za-z])")
LONG_NUMBER = re.compile(r"\d{5,}")
NUMBER_SHAPE = "#####"
_ANY_WORD = re.compile(r"\w")
_PIECES = re.compile(r"(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:件|个|双|条|套|瓶|盒|包|\s*(?:pcs?|pieces?|items?|pairs?)\b)",
                     re.IGNORECASE)
_CN_COUNT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def half_width(text: str) -> str:
    """Map full-width ASCII (１２３ＡＢＣ，　) to half-width, keeping every character's offset."""
    return text.translate(_FULL_WIDTH)


def detect_language(text: str) -> str | None:
    """Return "zh" when the text has Chinese characters, "en" when it has Latin words, else None.

    Buyers mix English words into Chinese, so any Chinese character means Chinese; digits,
    emoji and punctuation alone say nothing about the language.
    """
    if CJK.search(text or ""):
        return "zh"
    if LATIN_WORD.search(CODE.sub(" ", text or "")):
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


def pieces(text: str) -> tuple[int, int, int] | None:
    """How many items a buyer speaks of ("两件", "3双", "2 pieces"): (count, start, end), or None.
    Only 1 to 99 count; "十件" is 10, "二十件" 20."""
    match = _PIECES.search(half_width(text or ""))
    if not match:
        return None
    word = match.group(1)
    if word.isdigit():
        count = int(word)
    else:
        head, _, tail = word.partition("十")
        count = (_CN_COUNT.get(head, 1) * 10 + _CN_COUNT.get(tail, 0)) if "十" in word else _CN_COUNT.get(word, 0)
    return (count, match.start(), match.end()) if 0 < count < 100 else None
