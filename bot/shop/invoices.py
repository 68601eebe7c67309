"""Invoice titles and tax ids as buyers type them (no database, no Rasa).

A tax id is a 统一社会信用代码 (18 characters, GB 32100-2015, with its check character) or an
older taxpayer number of 15, 18 or 20 characters (the 18 and 20 character ones are built on a
resident id number with its own check digit, GB 11643). A tax id is never an order number: the caller keeps the order it
had when the buyer types one.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional, Tuple

from bot.nlu.text import half_width

PERSONAL_TITLES = {"个人", "个人抬头", "本人", "personal", "individual", "me", "myself", "private"}
NO_TAX_ID = "-"
TITLE_MIN, TITLE_MAX = 2, 100

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_TOKEN = re.compile(r"[0-9A-Za-z]+")
_TITLE_LABEL = re.compile(
    r"^(?:(?:发票)?抬头(?:是|为|写|开)?|公司(?:名称|名字)?(?:是|为)?|(?:invoice )?title(?: is)?|company(?: name)?(?: is)?)\s*[:：]?\s*",
    re.I)
_TAX_LABEL = re.compile(
    r"(?:纳税人识别号|统一社会信用代码|信用代码|税号|tax\s*(?:id|number|no\.?)|(?:unified\s+)?social\s+credit\s+code)"
    r"\s*(?:是|为|is)?\s*[:：]?", re.I)


def _uscc_valid(code: str) -> bool:
    if len(code) != 18 or any(ch not in _USCC_CHARS for ch in code):
        return False
    total = sum(_USCC_CHARS.index(ch) * weight for ch, weight in zip(code[:17], _USCC_WEIGHTS))
    return _USCC_CHARS[(31 - total % 31) % 31] == code[17]


def _resident_id_valid(code: str) -> bool:
    if not re.fullmatch(r"\d{17}[\dX]", code):
        return False
    total = sum(int(ch) * weight for ch, weight in zip(code[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == code[17]


def valid_tax_id(code: str) -> bool:
    """True for a tax id: an 18-character credit code or resident id number that passes its check
    character, a 15-character taxpayer number (6-digit region + organisation code), or a
    20-character one (resident id number + 2 digits). 16 digits is an order number, not a tax id.
    """
    code = code or ""
    if len(code) == 18:
        return _uscc_valid(code) or _resident_id_valid(code)
    if len(code) == 15:
        return re.fullmatch(r"\d{6}[0-9A-Z]{9}", code) is not None
    if len(code) == 20:
        return _resident_id_valid(code[:18]) and code[18:].isdigit()
    return False


def find_tax_id(text: str) -> Optional[str]:
    """The tax id in a message ("税号：91350100M000100Y43", "9135 0100 M000 100Y43"), else None.

    Groups written with spaces are joined; an invalid code gives None.
    """
    text = half_width(text or "").upper()
    tokens = [m for m in _TOKEN.finditer(text) if any(ch.isdigit() for ch in m.group())]
    for start in range(len(tokens)):
        joined = ""
        for end in range(start, min(start + 6, len(tokens))):
            if end > start and text[tokens[end - 1].end(): tokens[end].start()].strip():
                break  # only groups separated by spaces belong together
            joined += tokens[end].group()
            if len(joined) > 20:
                break
            if valid_tax_id(joined):
                return joined
    return None


def unsafe(text: str) -> bool:
    """Markup brackets or control/invisible characters."""
    return any(ch in "<>" or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn")
               for ch in half_width(text or "") if ch not in "\t\r\n")


def split_title(text: str) -> Tuple[Optional[str], Optional[str]]:
    """(title, tax id) from a title message; a tax id typed with the title is taken out of it.

    The title is None when it is too short or long, has markup or control characters; "个人" and
    "personal" give the personal title with NO_TAX_ID.
    """
    if unsafe(text):
        return None, None
    text = " ".join(half_width(text or "").split())
    tax_id = find_tax_id(text)
    if tax_id:
        text = _TAX_LABEL.sub(" ", text)
        for token in _TOKEN.findall(text):
            if token.upper() in tax_id and any(ch.isdigit() for ch in token):
                text = text.replace(token, " ")
    title = _TITLE_LABEL.sub("", " ".join(text.split())).strip(" ,，;；。:：")
    if title.lower() in PERSONAL_TITLES:
        return ("个人" if re.search(r"[\u4e00-\u9fff]", title) else "Personal"), NO_TAX_ID
    if not TITLE_MIN <= len(title) <= TITLE_MAX or not re.search(r"[\u4e00-\u9fffA-Za-z]", title):
        return None, tax_id
    if re.fullmatch(r"[0-9A-Za-z]*\d[0-9A-Za-z]*", title.replace(" ", "")) and len(title) >= 8:
        return None, tax_id  # a code (a mistyped tax id, an order number) is no company name
    return title, tax_id
