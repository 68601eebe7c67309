"""The value types of shop_policy.yml, and errors that name the field: `shipping.zones.远.first_kg: ...`.

Each type checks a value as the shop owner writes it and says what is wrong in the owner's words;
pydantic (bot/policy/schema.py) puts the dotted path of the field in front.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable

from pydantic import BaseModel, ValidationError
from pydantic.error_wrappers import ErrorWrapper

from bot.policy.regions import MAINLAND_REGIONS, OUTSIDE_REGIONS, region_name

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PLAIN_MESSAGES = {
    "value_error.missing": "is missing",
    "type_error.none.not_allowed": "is missing",
    "value_error.extra": "unknown key (a typo?)",
    "type_error.dict": "must be a mapping of keys to values",
    "type_error.list": "must be a list",
    "type_error.tuple": "must be a list",
}


class PolicyError(ValueError):
    """The policy file is missing or wrong; `field` is the dotted path of the bad value."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field


class Strict(BaseModel):
    """A section of the file: unknown keys are refused, the result cannot change."""

    class Config:
        extra = "forbid"
        frozen = True


def policy_error(error: ValidationError) -> PolicyError:
    """The first problem pydantic found, as a PolicyError naming its dotted field path."""
    first = error.errors()[0]
    parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"] if p != "__root__"]
    return PolicyError("".join(parts).lstrip(".") or "file", _PLAIN_MESSAGES.get(first["type"], first["msg"]))


def problem(error: str | Exception, *where: str | int) -> ValidationError:
    """`error` (a message or a pydantic error) placed `where` below the field being validated."""
    error = ValueError(error) if isinstance(error, str) else error
    for part in reversed(where):
        error = ValidationError([ErrorWrapper(error, loc=part)], Strict)
    return error


def keyed(build: Callable[[str, Any], Any], value: Any) -> tuple:
    """Build one item per entry of a mapping {key: entry}, errors placed under their key."""
    if not isinstance(value, dict):
        raise ValueError("must be a mapping of names to entries")
    items = []
    for key, entry in value.items():
        try:
            items.append(build(str(key), entry))
        except (ValidationError, ValueError) as error:
            raise problem(error, str(key)) from None
    return tuple(items)


def named(model: type[BaseModel], key_field: str = "name", key_type: Any = None) -> Callable[[str, Any], Any]:
    """For `keyed`: the entry parsed as `model`, with its key (checked by `key_type`) as `key_field`."""
    def build(key: str, entry: Any) -> Any:
        name = (key_type or Text).check(key)
        if not isinstance(entry, dict):
            raise ValueError("must be a mapping of keys to values")
        return model.parse_obj({**entry, key_field: name})
    return build


class _Checked:
    """A field type whose single `check` turns the written value into the stored one."""

    @classmethod
    def __get_validators__(cls) -> Iterable[Callable[[Any], Any]]:
        yield cls.check

    @classmethod
    def check(cls, value: Any) -> Any:
        raise NotImplementedError


class Text(_Checked):
    """A non-empty text, stripped; a bare number counts as its text."""

    @classmethod
    def check(cls, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
            raise ValueError(f"must be a non-empty text, not {value!r}")
        return str(value).strip()


class Flag(_Checked):
    """true or false, nothing that merely looks like it."""

    @classmethod
    def check(cls, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, not {value!r}")
        return value


def _field_type(check: Callable[[Any], Any]) -> type:
    return type("Checked", (_Checked,), {"check": staticmethod(check)})


def one_of(*choices: str) -> type:
    """One of the texts `choices`."""
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}, not {value!r}")
        return value
    return _field_type(check)


def whole(low: int, high: int) -> type:
    """A whole number from `low` to `high`."""
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low} to {high}, not {value!r}")
        return value
    return _field_type(check)


def number(low: float, high: float) -> type:
    """A number from `low` to `high`, held as a float."""
    return _field_type(lambda value: _number(value, low, high))


def _number(value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ValueError(f"must be a number from {low:g} to {high:g}, not {value!r}")
    return float(value)


def span(low: float, high: float, strict: bool = True) -> type:
    """[min, max] with both in `low`..`high`; `strict`: min below max, else at most max."""
    def check(value: Any) -> tuple[float, float]:
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise ValueError(f"must be [min, max], not {value!r}")
        first, second = (_number(v, low, high) for v in value)
        if first > second or (strict and first == second):
            raise ValueError(f"min must be {'below' if strict else 'at most'} max, not {list(value)!r}")
        return first, second
    return _field_type(check)


class Fen(_Checked):
    """An amount written in yuan (at most 2 decimals), held in fen."""

    @classmethod
    def check(cls, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"must be an amount in yuan, not {value!r}")
        try:
            fen = Decimal(str(value)) * 100
        except InvalidOperation:
            raise ValueError(f"must be an amount in yuan, not {value!r}") from None
        if fen < 0 or fen != fen.to_integral_value():
            raise ValueError(f"must be a non-negative amount in yuan with at most 2 decimals, not {value!r}")
        return int(fen)


class Clock(_Checked):
    """A quoted time of day "HH:MM" (or a `time`)."""
    midnight_end = False

    @classmethod
    def check(cls, value: Any) -> time:
        if isinstance(value, time):
            return value
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value) if isinstance(value, str) else None
        if not match:
            raise ValueError(f'must be a quoted time "HH:MM", not {value!r}')
        hour, minute = int(match[1]), int(match[2])
        if cls.midnight_end and (hour, minute) == (24, 0):
            return time(0, 0)
        if hour > 23 or minute > 59:
            raise ValueError(f"{value!r} is not a time of day (00:00 to 23:59)")
        return time(hour, minute)


class EndClock(Clock):
    """Like Clock, and "24:00" for midnight at the end of the day."""
    midnight_end = True


class Day(_Checked):
    """A date YYYY-MM-DD."""

    @classmethod
    def check(cls, value: Any) -> date:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"must be a date YYYY-MM-DD, not {value!r}") from None


class Weekday(_Checked):
    """A weekday name (mon ... sun), held as `date.weekday()` (0 = Monday)."""

    @classmethod
    def check(cls, value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
            return value
        name = Text.check(value).lower()
        if name not in WEEKDAYS:
            raise ValueError(f"{value!r} is not one of {', '.join(WEEKDAYS)}")
        return WEEKDAYS.index(name)


class Province(_Checked):
    """A mainland province-level region by any of its names, held by its short name."""
    table: dict[str, tuple[str, ...]] = MAINLAND_REGIONS

    @classmethod
    def check(cls, value: Any) -> str:
        name = region_name(Text.check(value))
        if name not in cls.table:
            raise ValueError(f"unknown province {value!r}")
        return name


class Region(Province):
    """A province-level region or 香港/澳门/台湾/海外."""
    table = {**MAINLAND_REGIONS, **OUTSIDE_REGIONS}


class Labelled(Strict):
    """An entry with a code and a name in both languages."""
    code: Text
    name_zh: Text
    name_en: Text
