"""Size advice from the product's own size chart (the one its page shows): clothes by height and
weight, shoes by foot length or the size the buyer usually wears."""
from __future__ import annotations

import re
from typing import List, Optional

from rasa_sdk.events import EventType, SlotSet

from actions.common import ShopAction, Turn, shop_policy, unit_of_work
from bot.i18n import pick
from bot.nlu.vocabulary import canonical_size
from bot.shop import repositories as repo
from bot.policy.questions import (asks_for_suggestion, asks_how_it_runs, asks_which_sizes_made, size_question_is_stock,
                                  states_usual_size)
from bot.nlu.normalise import bare_shoe_measure, foot_length_cm, usual_shoe_size
from bot.texts import text
from bot.policy.sizing import SizeAdvice, advise_shoe_from_usual, advise_shoe_size, advise_size, chart_for, size_chart

_SIZE_WORDS = re.compile(r"码|尺寸|\bsizes?\b", re.IGNORECASE)
# entities of an answer that is not about sizes (the rule after the size question sends every answer here)
_NOT_SIZE_ANSWERS = ("order_id", "phone", "tracking_number")
_SYSTEM_NAMES = {"eu": ("", "EU "), "mm": ("", ""), "us": ("美码", "US "), "us_men": ("美码男款", "US men's "),
                 "uk": ("英码", "UK "), "uk_men": ("英码男款", "UK men's ")}


class ActionSizeAdvice(ShopAction):
    """Recommends a size from the product's size chart; asks for what the chart needs."""

    def name(self) -> str:
        return "action_size_advice"

    def handle(self, turn: Turn) -> List[EventType]:
        from actions.catalog import find_product
        from actions.suggestions import ask_which_product

        if turn.intent == "inform" and any(turn.entity(name) for name in _NOT_SIZE_ANSWERS):
            from actions.order_access import ActionResumeTask

            return ActionResumeTask().handle(turn)  # an order number or phone digits, not measurements
        if size_question_is_stock(turn.text, bool(turn.entity("size"))):
            from actions.catalog import ActionStock

            return ActionStock().handle(turn)  # "is number 2 in stock in 38?": stock, not size advice
        if asks_which_sizes_made(turn.text) and not (turn.entity("height") or turn.entity("weight")):
            from actions.catalog import ActionProductInfo

            return ActionProductInfo().handle(turn)  # "what sizes does it come in": the sizes made
        with unit_of_work() as session:
            suggested = _which_of_the_kind(turn, session)
            if suggested is not None:
                return suggested
            product = find_product(turn, session)
            if product is None:
                ask_which_product(turn, session)
                return []
            name = pick(turn.language, product.name_zh, product.name_en)
            made = list(dict.fromkeys(sku.size for sku in product.skus if sku.size))
            chart = chart_for(shop_policy(), product.code, product.size_chart)
            description = pick(turn.language, product.description_zh, product.description_en) or ""
        events: List[EventType] = [SlotSet("product", product.name_zh)]
        if chart and asks_how_it_runs(turn.text):
            turn.say("utter_size_runs", product=name, description=description)  # "does it run small", then advice
        elif chart and _colour_follow_up(turn):
            turn.say("utter_same_cut", product=name)  # "what about the grey one": the same cut
        if not chart:
            turn.say("utter_size_not_applicable", product=name)
        elif size_chart(shop_policy(), chart).measures_foot:
            _shoes(turn, chart, name, made)
        else:
            _clothes(turn, chart, name, made)
        return events


def _which_of_the_kind(turn: Turn, session) -> Optional[List[EventType]]:
    """"给我妈买件羽绒服 … 怕冷 哪款合适" asks which of the kind's goods before any size: the goods, and
    the size once one is picked; None when the message asks for no pick or names one product."""
    from actions.suggestions import suggestions_or_not_sold

    if not asks_for_suggestion(turn.text) or _SIZE_WORDS.search(turn.text):
        return None
    if len(repo.find_products(session, turn.read_text, limit=2)) < 2:
        return None
    suggested = suggestions_or_not_sold(turn, session)
    if suggested:
        turn.say("utter_size_after_pick")
    return suggested or None


def _colour_follow_up(turn: Turn) -> bool:
    """Whether the message only brings a colour to the size question before it."""
    from actions.followup import followed_question

    named = turn.entity("color") and not any(turn.entity(n) for n in ("size", "height", "weight", "product"))
    return bool(named) and followed_question(turn) == "ask_size"


def _clothes(turn: Turn, chart: str, name: str, made: List[str]) -> None:
    height, weight = _number(turn.slot("height")), _number(turn.slot("weight"))
    if (height is None or weight is None) and _said_usual_size(turn, chart, name):
        return
    if height is None or weight is None:
        turn.say("utter_ask_height_weight")
        return
    advice = advise_size(shop_policy(), chart, height, weight)
    values = dict(size=advice.size or "-", alternative=advice.alternative or "-",
                  height=f"{height:g}", weight=f"{weight:g}", product=name, sizes="/".join(made))
    if advice.size and made and advice.size not in made:
        turn.say("utter_size_not_made", **values)
    elif advice.reason == "between_sizes" and not (made and advice.alternative not in made):
        turn.say("utter_size_between", **values)
    elif advice.size:
        turn.say("utter_size_advice", **values)
    else:
        turn.say("utter_size_out_of_range", **values)


def _said_usual_size(turn: Turn, chart: str, name: str) -> bool:
    """"她平时穿L": what the chart's L fits, so the buyer can check; False when no usual size is said
    or the chart has no such size."""
    size = turn.entity("size")
    if not size or not states_usual_size(turn.text):
        return False
    row = next((r for r in size_chart(shop_policy(), chart).rows if r.size == canonical_size(size)), None)
    if row is None or not row.height_cm or not row.weight_kg:
        return False
    turn.say("utter_size_usual", product=name, size=row.size, height=f"{row.height_cm[0]:g}-{row.height_cm[1]:g}",
             weight=f"{row.weight_kg[0]:g}-{row.weight_kg[1]:g}")
    return True


def _shoes(turn: Turn, chart: str, name: str, made: List[str]) -> None:
    policy, lang = shop_policy(), turn.language
    foot = foot_length_cm(turn.text)
    usual = None if foot else usual_shoe_size(turn.text)
    bare = None if foot or usual else bare_shoe_measure(turn.text)
    if bare and bare[0] == "foot_cm":
        foot = bare[1]
    elif bare:
        usual = bare
    if foot:
        advice = advise_shoe_size(policy, foot, chart)
        measure = text("utter_text_foot_length", lang, length=f"{foot:g}")
    elif usual:
        advice = advise_shoe_from_usual(policy, chart, *usual)
        measure = _usual_text(usual, lang)
    else:
        turn.say("utter_ask_foot_length", product=name)
        return
    _say_shoe_advice(turn, advice, measure, name, made, chart)


def _say_shoe_advice(turn: Turn, advice: SizeAdvice, measure: str, name: str, made: List[str], chart: str) -> None:
    table = size_chart(shop_policy(), chart)
    feet = {row.size: f"{row.foot_length_cm[0]:g}-{row.foot_length_cm[1]:g}" for row in table.rows}
    values = dict(product=name, measure=measure, size=advice.size or "-", alternative=advice.alternative or "-",
                  foot_range=feet.get(advice.size or "", "-"), sizes="/".join(made or feet),
                  chart_range=f"{table.rows[0].foot_length_cm[0]:g}-{table.rows[-1].foot_length_cm[1]:g}")
    if advice.size is None:
        turn.say("utter_shoe_size_out_of_range", **values)
    elif made and advice.size not in made:
        turn.say("utter_shoe_size_not_made", **values)
    elif advice.reason == "between_sizes" and (not made or advice.alternative in made):
        turn.say("utter_shoe_size_between", **values)
    else:
        turn.say("utter_shoe_size_advice", **values)


def _usual_text(usual, language: str) -> str:
    system, value = usual
    zh, en = _SYSTEM_NAMES.get(system, ("", ""))
    return text("utter_text_usual_size", language, system=en if language == "en" else zh, size=f"{value:g}")


def _number(value) -> Optional[float]:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
