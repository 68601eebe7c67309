"""Values in the buyer's language: labels of stored values (their texts live in domain.yml, read by
bot.texts), money and dates formatted for zh or en."""
from __future__ import annotations

LANGUAGES = ("zh", "en")

def label(group: str, key: str, language: str) -> str:
    """The label of `key` in `group` for the language (domain.yml `utter_label_<group>_<key>`);
    the key itself if unknown."""
    from bot.texts import text

    return text(f"utter_label_{group}_{key}", language, default=key)


def pick(language: str, zh: str | None, en: str | None) -> str:
    """Choose between a Chinese and an English text, falling back to whichever exists."""
    if language == "en":
        return en or zh or ""
    return zh or en or ""


def money(fen: int, language: str) -> str:
    """Format an amount in fen as the buyer reads it: 12.50元 / ¥12.50."""
    from bot.texts import text

    return text("utter_text_money", language, yuan=f"{fen / 100:.2f}".rstrip("0").rstrip("."))


def day(value, language: str) -> str:
    """A date as 11月25日 / Nov 25."""
    from bot.texts import text

    return text("utter_text_date", language, month_name=f"{value:%b}", month=value.month, day=value.day)
