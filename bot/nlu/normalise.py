"""Turn the text of a matched entity into a clean value (numbers in canonical units)."""
import re
from typing import Callable, Dict, Optional

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


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


def height_cm(text: str) -> Optional[str]:
    """Body height in cm: "165" -> "165", "1米7" -> "170", "1米65" -> "165", "1.68m" -> "168"."""
    compact = re.sub(r"\s+", "", text)
    metres = re.match(r"1(?:米|\.)(\d{1,2})", compact)
    if metres:
        rest = metres.group(1)
        return str(100 + int(rest) * (10 if len(rest) == 1 else 1))
    match = _NUMBER.search(compact)
    return _format(float(match.group())) if match else None


def weight_kg(text: str) -> Optional[str]:
    """Body weight in kg: "100斤" -> "50", "55kg" -> "55", "120lbs" -> "54.4"."""
    match = _NUMBER.search(text)
    if not match:
        return None
    number = float(match.group())
    unit = text[match.end():].strip().lower()
    if unit.startswith("斤"):
        number /= 2
    elif unit.startswith(("lb", "pound")):
        number = round(number * 0.4536, 1)
    return _format(number)


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
