"""Which item of a list the bot just showed the buyer means: "第二款是什么面料", "最后一个有M码吗",
"the second one, what's it made of?", "number 3". A pure reading of the words; the caller knows
the list."""
from __future__ import annotations

import re
from typing import Optional, Tuple

LAST = -1

_ZH_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EN_NUMBERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
               "fifth": 5, "5th": 5, "last": LAST}

_ZH_MEASURE = "款个件种双样套瓶条只支盒"
_ZH_ORDINAL = re.compile(rf"第\s*([一二两三四五六七八九十]|\d{{1,2}})\s*[{_ZH_MEASURE}]")
_ZH_LAST = re.compile(rf"最后(?:一|那)\s*[{_ZH_MEASURE}]|最后那")
_EN_WORD = "first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last"
_EN_ORDINAL = re.compile(
    rf"\b(?:the\s+)?({_EN_WORD})\s+(?:one|item|product|option|pick)s?\b|"
    rf"\bthe\s+({_EN_WORD})\b(?!\s+(?:time|order|day|week|month|year|parcel|package|payment|message|reply))",
    re.IGNORECASE)
_EN_NUMBERED = re.compile(r"(?:\b(?:number|option|item|no\.)|#)\s*([1-9])\b|^\s*([1-9])\s*[.。!！]?\s*$", re.IGNORECASE)


def listed_position(text: str) -> Optional[int]:
    """The 1-based position in the shown list the words point at, LAST (-1) for "the last one",
    a message that is only a digit ("2", the answer to "which of these?") too; None when they point
    at none ("第一次买", "the first time", "买2件")."""
    found = listed_span(text)
    return found[0] if found else None


def listed_span(text: str) -> Optional[Tuple[int, int, int]]:
    """(position, start, end): the position as listed_position gives it and where its words are."""
    text = text or ""
    match = _ZH_LAST.search(text)
    if match:
        return LAST, match.start(), match.end()
    match = _ZH_ORDINAL.search(text)
    if match:
        word = match.group(1)
        return (int(word) if word.isdigit() else _ZH_NUMBERS[word]), match.start(), match.end()
    match = _EN_ORDINAL.search(text)
    if match:
        return _EN_NUMBERS[(match.group(1) or match.group(2)).lower()], match.start(), match.end()
    match = _EN_NUMBERED.search(text)
    if match:
        return int(match.group(1) or match.group(2)), match.start(), match.end()
    return None


def pick_listed(items: list, position: Optional[int]):
    """The item at a position from listed_position, or None when the list has no such item."""
    if not items or position is None:
        return None
    if position == LAST:
        return items[-1]
    return items[position - 1] if 1 <= position <= len(items) else None
