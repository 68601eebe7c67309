"""Turn the text of a matched entity into a clean value (numbers in canonical units)."""
import re
from typing import Callable, Dict, Optional, Tuple

from bot.nlu.text import half_width

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_PIECES = re.compile(r"(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:件|个|双|条|套|瓶|盒|包|支(?!付)|只|袋|罐|台|\s*(?:pcs?|pieces?|items?|pairs?)\b)",
                     re.IGNORECASE)


def chinese_number(text: str) -> Optional[int]:
    """Parse a small Chinese numeral: 十 -> 10, 二十五 -> 25, 三百 -> 300, 半 -> None."""
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[char]
            current = 0
        else:
            return None
    total += current
    return total or None


def _format(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:.2f}".rstrip("0")


def yuan(text: str) -> Optional[str]:
    """Money in yuan: "50块" -> "50", "￥99.5" -> "99.5", "十块" -> "10"."""
    match = _NUMBER.search(text)
    if match:
        return _format(float(match.group()))
    numeral = re.sub(r"\s*(块钱|块|元)$", "", text.strip())
    value = chinese_number(numeral)
    return _format(value) if value else None


_INCH_CM = 2.54
_LB_KG = 0.45359237
_FEET_INCHES = re.compile(
    r"([4-7])\s*(?:'|’|′|ft\.?|feet|foot)\s*(?:(\d{1,2}(?:\.\d)?)\s*(?:\"|”|″|''|’’|in\b|inch(?:es)?)?)?",
    re.IGNORECASE)
_CN_METRES = re.compile(r"[一1]\s*米\s*([一二三四五六七八九零〇]{1,2}|\d{1,2})")


def _cn_digits(text: str) -> Optional[int]:
    """"七五" -> 75, "七" -> 7, "六十八" -> 68, "75" -> 75."""
    if text.isdigit():
        return int(text)
    if any(unit in text for unit in "十百"):
        return chinese_number(text)
    digits = [_CN_DIGITS.get(char, 0 if char in "零〇" else None) for char in text]
    return None if None in digits else int("".join(str(d) for d in digits))


def height_cm(text: str) -> Optional[str]:
    """Body height in cm: "165" -> "165", "1米7" / "一米七" -> "170", "1米65" -> "165",
    "1.68m" -> "168", "1m70" -> "170", "5'7\"" / "5 ft 7" / "5 foot 7 inches" -> "170"."""
    compact = re.sub(r"\s+", "", text)
    feet = _FEET_INCHES.search(text)
    if feet:
        inches = int(feet.group(1)) * 12 + float(feet.group(2) or 0)
        return _format(round(inches * _INCH_CM))
    metres = re.match(r"1(?:米|\.|m)(\d{1,2})", compact, re.IGNORECASE)
    if metres:
        rest = metres.group(1)
        return str(100 + int(rest) * (10 if len(rest) == 1 else 1))
    spoken = _CN_METRES.search(compact)
    if spoken:
        rest = _cn_digits(spoken.group(1))
        if rest is not None:
            return str(100 + rest * (10 if rest < 10 and len(spoken.group(1)) == 1 else 1))
    match = _NUMBER.search(compact)
    if not match:
        return None
    number = float(match.group())
    return _format(round(number * 100) if number < 3 else number)


def weight_kg(text: str) -> Optional[str]:
    """Body weight in kg: "100斤" / "一百斤" -> "50", "55kg" / "55公斤" -> "55", "140 lb" -> "63.5"."""
    match = _NUMBER.search(text)
    if match:
        number, unit = float(match.group()), text[match.end():].strip().lower()
    else:
        spoken = re.match(r"\s*([零一二两三四五六七八九十百]+)\s*(.*)$", text)
        number = chinese_number(spoken.group(1)) if spoken else None
        if not number:
            return None
        unit = spoken.group(2).strip().lower()
    if unit.startswith("斤"):
        number /= 2
    elif unit.startswith(("lb", "pound")):
        number = round(number * _LB_KG, 1)
    return _format(number)


def foot_length_cm(text: str) -> Optional[float]:
    """A foot length in the buyer's words, in cm: "脚长24.5", "my foot is 24.5 cm", "245mm",
    "foot length 9.6 inches". None when the text gives none (a lone "38" is a shoe size)."""
    folded = half_width_lower(text)
    unit = r"(?:\s*(cm|厘米|公分|mm|毫米|in\b|inch(?:es)?|\"|”))"
    cue = re.search(r"(?:脚长|脚的长度|foot(?:\s*length)?|feet(?:\s*length)?)[^\d]{0,12}?(\d{1,3}(?:\.\d{1,2})?)"
                    + unit + "?", folded)
    bare = re.search(r"(?<![\d.])(\d{2,3}(?:\.\d{1,2})?)" + unit, folded)
    found = cue or bare
    if not found:
        return None
    number, given = float(found.group(1)), (found.group(2) or "")
    if given in ("mm", "毫米") or (not given and number >= 100):
        number /= 10
    elif given.startswith(("in", '"', "”")):
        number *= _INCH_CM
    return round(number, 1) if 15 <= number <= 35 else None


def usual_shoe_size(text: str) -> Optional[Tuple[str, float]]:
    """The shoe size a buyer usually wears: ("eu", 38) for "平时穿38" / "EU 39" / "I wear a 38",
    ("us", 8) for "US 8", ("us_men", 8) for "US men's 8", ("uk", 5), ("mm", 240) for "平时穿240"."""
    folded = half_width_lower(text)
    system = re.search(r"(?:(?<![a-z])(us|uk|eu|eur|欧码|美码|英码)\s*(?:men'?s|women'?s|男|女)?\s*(?:size|码)?\s*"
                       r"(\d{1,2}(?:\.5)?)(?![\d.]))", folded)
    if system:
        name = {"eur": "eu", "欧码": "eu", "美码": "us", "英码": "uk"}.get(system.group(1), system.group(1))
        if name in ("us", "uk") and re.search(r"\bmen'?s\b|\bmale\b|男", folded):
            name += "_men"
        return name, float(system.group(2))
    worn = re.search(r"(?:平时|一般|平常|通常|usually|normally|always)?\s*(?:穿|wear(?:\s+(?:a|size))?|take(?:\s+(?:a|size))?|"
                     r"i'?m\s+(?:(?:usually|normally|always)\s+)?(?:a\s+)?(?:size\s+)?|"
                     r"i\s+am\s+(?:(?:usually|normally|always)\s+)?(?:a\s+)?(?:size\s+)?|size)\s*(\d{1,3}(?:\.5)?)(?![\d.'’′])"
                     r"(?!\s*(?:ft|feet|foot|cm|厘米|kg|公斤|斤|lb|岁|years?))", folded)
    if not worn:
        return None
    return _shoe_number(float(worn.group(1)), small=("us", 0, 15))


def bare_shoe_measure(text: str) -> Optional[Tuple[str, float]]:
    """A message that is only a number, read as an answer to "foot length or usual size?":
    ("foot_cm", 24.5) for "24.5", ("mm", 245) for "245", ("eu", 38) for "38" or "38码"."""
    found = re.fullmatch(r"\s*(\d{2,3}(?:\.\d)?)\s*(?:码|号)?\s*(?:的|吧|呢|哦|啊)?\s*[.。!！~～]*\s*",
                         half_width_lower(text))
    if not found:
        return None
    return _shoe_number(float(found.group(1)), small=("foot_cm", 15, 29.9))


def _shoe_number(number: float, small: Tuple[str, float, float]) -> Optional[Tuple[str, float]]:
    """A shoe number by its size: 200-300 is Chinese millimetres, 30-50 an EU size, and numbers
    within `small` (name, lowest, highest) are read as `name` (US sizes, or a foot length)."""
    if 200 <= number <= 300:
        return "mm", number
    if 30 <= number <= 50:
        return "eu", number
    name, lowest, highest = small
    return (name, number) if lowest <= number <= highest else None


def half_width_lower(text: str) -> str:
    """Half-width, lower case, single spaces: how the parsers above read a message."""
    return " ".join(half_width(text or "").lower().split())


def size(text: str) -> Optional[str]:
    """Clothing size upper-cased ("xl" -> "XL", "2xl" -> "XXL"); shoe sizes as digits."""
    value = text.strip().upper()
    expanded = re.match(r"^([2-4])XL$", value)
    if expanded:
        value = "X" * int(expanded.group(1)) + "L"
    return value or None


def digits(text: str) -> Optional[str]:
    """Only the digits of the text."""
    value = re.sub(r"\D", "", text)
    return value or None


NORMALISERS: Dict[str, Callable[[str], Optional[str]]] = {
    "digits": digits,
    "yuan": yuan,
    "height_cm": height_cm,
    "weight_kg": weight_kg,
    "size": size,
    "text": lambda text: text.strip() or None,
}


_ONLY_A_COUNT = re.compile(r"^\s*(?:(?:and|so|ok|then|what about|how about|what if|and if|for)\s+)?(?:i (?:buy|take|get)\s+)?"
                           r"(\d{1,2})\s*(?:of (?:them|those|these)\s*)?(?:then\s*)?[?？.!。]*\s*$", re.IGNORECASE)


def pieces(text: str) -> Optional[Tuple[int, int, int]]:
    """How many items a buyer speaks of ("两件", "3双", "2 pieces", or an English follow-up that is
    only a count: "what about 3?", "and 2 of them"): (count, start, end), or None. Only 1 to 99
    count; "十件" is 10, "二十件" 20."""
    folded = half_width(text or "")
    match = _PIECES.search(folded) or _ONLY_A_COUNT.match(folded) or _PRICE_FOR_COUNT.search(folded)
    if not match:
        return None
    word = match.group(1).lower()
    count = int(word) if word.isdigit() else _ENGLISH_COUNTS.get(word) or chinese_number(word) or 0
    return (count, match.start(), match.end()) if 0 < count < 100 else None


_ENGLISH_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                   "nine": 9, "ten": 10, "a couple of": 2, "a pair of": 2}
# "how much for two", "what's the price for 3 of them": a count the price is asked for
_PRICE_FOR_COUNT = re.compile(r"\b(?:how much|price|cost|total)\b.{0,20}?\bfor (\d{1,2}|two|three|four|five|six|seven|"
                              r"eight|nine|ten)\b(?!\s*(?:days?|hours?|weeks?|yuan|rmb|kg|%|cm))", re.IGNORECASE)
_COUNT_BEFORE = re.compile(r"(?<![\w.])(?<!size )(?<!eu )(?<!us )(?<!uk )(\d{1,2}|" + "|".join(_ENGLISH_COUNTS)
                           + r")\s*(?:x|of(?:\s+the)?)?\s*$", re.IGNORECASE)


def count_before(text: str, position: int) -> Optional[int]:
    """How many of a thing named at `position` the buyer speaks of in English: "buy 2 hoodies",
    "two of the coats", "3x hoodie" -> 2, 2, 3 (1 to 99); None when no count stands right before it."""
    found = counted_before(text, position)
    return found[0] if found else None


def counted_before(text: str, position: int) -> Optional[Tuple[int, int, int]]:
    """count_before's count and where it is written: (count, start, end), or None."""
    found = _COUNT_BEFORE.search(half_width(text or "")[:position].rstrip())
    if not found:
        return None
    word = found.group(1).lower()
    count = int(word) if word.isdigit() else _ENGLISH_COUNTS[word]
    return (count, found.start(), found.end()) if 0 < count < 100 else None
