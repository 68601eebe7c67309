"""A buyer who ordered the wrong size or colour and asks, before dispatch, for another: "拍错尺码了
能改成L吗", "i need L instead of M", "颜色改成黑色". A pure reading of the words; the caller knows
the order and the sizes and colours its product is made in."""
from __future__ import annotations

import re
from typing import Optional, Sequence, Tuple

_CHANGE = re.compile(r"拍错|买错|选错|下错|点错|改|换|wrong|change|switch|swap|instead|rather than", re.IGNORECASE)
_VARIANT = re.compile(r"尺码|尺寸|码数?|号码|大小|颜色|色|\bsizes?\b|\bcolou?rs?\b", re.IGNORECASE)
_AWAY = re.compile(r"(?:instead of|rather than|not|而不是|不要|不是)\s*(?:the\s+|an?\s+|size\s+)?$", re.IGNORECASE)
_TOWARDS = re.compile(r"(?:改成|换成|改为|换为|换|改|要|\bto|\binto|\bfor|->|→)\s*(?:the\s+|an?\s+|size\s+)?$",
                      re.IGNORECASE)


def asks_variant_change(text: str, names_variant: bool) -> bool:
    """True when the buyer asks to change the size or colour of what they ordered: a change word
    with a size or colour word or value ("拍错码了", "wrong size", "L instead of M"); "地址改一下"
    is no variant change."""
    text = text or ""
    return bool(_CHANGE.search(text)) and (names_variant or bool(_VARIANT.search(text)))


def wanted_value(text: str, named: Sequence[Tuple[int, str]]) -> Optional[str]:
    """Of the values of one kind the text names (start, value), the one the buyer wants: the one
    after 改成 / 换成 / to, else the one not after "instead of" / 不要, else the last; None if none."""
    if not named:
        return None
    named = sorted(named)
    towards = [value for start, value in named if _TOWARDS.search(text[:start])]
    if towards:
        return towards[-1]
    kept = [value for start, value in named if not _AWAY.search(text[:start])]
    return (kept or [value for _, value in named])[-1]
