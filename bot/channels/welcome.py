"""The shop's name and the greeting the widget shows when it opens, from shop_policy.yml and the
domain's `utter_widget_welcome` (one name everywhere: replies, widget title, demo page, console)."""
from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from bot import texts
from bot.channels.history import clean_buttons
from bot.i18n import pick
from bot.policy import hours_text

RESPONSE = "utter_widget_welcome"


def _policy():
    from bot.policy.current import shop_policy

    return shop_policy()


def shop_name(language: str) -> str:
    """The shop's name as configured (shop.name_zh / shop.name_en)."""
    shop = _policy().shop
    return pick(language, shop.name_zh, shop.name_en)


def widget_title(language: str) -> str:
    """The chat window's title: "小二优选 客服" / "Xiaoer Select customer service"."""
    return texts.text("utter_widget_title", language, shop=shop_name(language))


def console_title(language: str = "zh") -> str:
    """The agent console's title: "小二优选 客服工作台"."""
    return texts.text("utter_console_title", language, shop=shop_name(language))


def welcome_message(language: str, responses: Optional[Mapping[str, Any]] = None) -> Optional[Dict[str, Any]]:
    """{text, buttons} of the greeting in the buyer's language, with the shop's name and service
    hours filled in; `responses` are the loaded domain's (domain.yml is read when None)."""
    variants = (responses if responses is not None else texts.responses()).get(RESPONSE) or []
    variant = texts.variant(list(variants), language)
    if variant is None:
        return None
    values = {"shop": shop_name(language), "hours": hours_text(_policy(), language)}
    return {"text": texts.fill(str(variant.get("text") or ""), values), "buttons": clean_buttons(variant.get("buttons"))}


def response_texts(name: str, values: Mapping[str, Any], responses: Optional[Mapping[str, Any]] = None) -> Dict[str, str]:
    """{"zh": ..., "en": ...}: the domain response `name` in both languages with `{key}` filled
    from `values` and {shop} from the policy (messages sent outside a turn, such as the
    scheduler's); a value may be a (zh, en) pair. KeyError if a language is missing."""
    variants = list((responses if responses is not None else texts.responses()).get(name) or [])
    both = {}
    for language in ("zh", "en"):
        variant = texts.variant(variants, language)
        if variant is None:
            raise KeyError(f"domain.yml has no {language} text for {name}")
        filled = {key: (value[language == "en"] if isinstance(value, tuple) else value) for key, value in values.items()}
        both[language] = texts.fill(str(variant.get("text") or ""), {"shop": shop_name(language), **filled})
    return both
