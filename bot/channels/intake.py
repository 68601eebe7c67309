"""What every buyer channel does to a message before NLU: clean it and hold it to one length limit."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Optional

from bot.staff.origin import client_address  # noqa: F401 - one rule for every channel's caller address
from bot.nlu.text import detect_language
from bot.texts import in_each_language

# Lone UTF-16 surrogates crash spaCy's string store; other control characters mean nothing to NLU.
_UNSPEAKABLE = re.compile(
    r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# A buyer may send a button's payload ("/check_order", "/rate 5"), never Rasa's "/intent{entities}"
# form, which would set any slot to any value without the NLU.
COMMAND = re.compile(r"/[a-z_]{1,64}|/rate [1-5]")

EMPTY = in_each_language("utter_intake_empty")
TOO_LONG = in_each_language("utter_intake_too_long")  # {length} and {limit} filled by str.format


@dataclass(frozen=True)
class Intake:
    """A message as the channel will pass it on: cleaned text, or why it was refused."""

    text: str = ""
    problem: Optional[str] = None  # "empty" | "too_long" | "not_text"
    length: int = 0

    def refusal(self, limit: int, fallback_language: str = "zh") -> Optional[str]:
        """The reply for a refused message, in the message's language; None when accepted."""
        language = detect_language(self.text) or fallback_language
        if self.problem == "too_long":
            return TOO_LONG[language].format(length=self.length, limit=limit)
        if self.problem == "empty":
            return EMPTY[language]
        return None


def clean(text: str) -> str:
    """NFC-normalised text without lone surrogates, control or direction-override characters;
    a leading "/" is kept only for a plain button payload."""
    text = unicodedata.normalize("NFC", _UNSPEAKABLE.sub("", text)).strip()
    if text.startswith("/") and not COMMAND.fullmatch(text):
        text = text.lstrip("/").strip()
    return text


def take(raw: Any, limit: int) -> Intake:
    """Clean a message and hold it to `limit` characters (an over-long one is refused, not cut)."""
    if not isinstance(raw, str):
        return Intake(problem="not_text")
    if len(raw) > limit * 4:
        return Intake(text=raw[:200], problem="too_long", length=len(raw))
    text = clean(raw)
    if not text:
        return Intake(problem="empty")
    if len(text) > limit:
        return Intake(text=text[:200], problem="too_long", length=len(text))
    return Intake(text=text, length=len(text))

