"""The shop's name and the greeting the widget shows when it opens, from shop_policy.yml and the
domain's `utter_widget_welcome` (one name everywhere: replies, widget title, demo page, console)."""
from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from bot import texts
from bot.channels.history import clean_buttons
from bot.policy import hours_text
from bot.policy.current import shop_name

RESPONSE = "utter_widget_welcome"


def _policy():
    from bot.policy.current import shop_policy

    return shop_policy()



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

