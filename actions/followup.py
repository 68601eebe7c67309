"""Follow-ups that only bring a new value ("那发西藏呢", "白色xl呢", "what about Tibet?") repeat the
buyer's last question with it (bot.service.followup), wherever the NLU sent them: an answer
(action_resume_task), out of scope, or not understood (action_fallback)."""
from __future__ import annotations

import copy
import dataclasses
from typing import Any, Callable, Dict, List, Mapping, Optional

from rasa_sdk.events import EventType

from actions.common import ShopAction, Turn, open_handoff, unit_of_work
from bot.policy.availability import goods_asked_if_sold
from bot.service.clarify import MISSES_BEFORE_HANDOFF, missed_in_a_row
from bot.service.followup import follow_up_of, question_thread


def _question_actions() -> Dict[str, ShopAction]:
    from actions.bargain import ActionBargain
    from actions.catalog import ActionProductInfo, ActionStock
    from actions.presale import ActionPromotions
    from actions.shipping import ActionChooseExpress, ActionDeliveryTime, ActionShippingFee
    from actions.sizes import ActionSizeAdvice

    return {"ask_shipping_fee": ActionShippingFee(), "ask_delivery_time": ActionDeliveryTime(),
            "choose_express": ActionChooseExpress(), "ask_stock": ActionStock(), "ask_size": ActionSizeAdvice(),
            "ask_promotion": ActionPromotions(), "ask_product_info": ActionProductInfo(), "bargain": ActionBargain()}


def repeat_question(turn: Turn, unless: Optional[str] = None) -> Optional[List[EventType]]:
    """Answer the last question again with the latest message's values; None if it is no follow-up,
    or if the question followed is `unless` ("3 hoodies", read as a product question after the
    basket's total, answers the basket; after a product question the product action goes on)."""
    question = followed_question(turn)
    if question is None or question == unless:
        return None
    return list(_question_actions()[question].handle(turn) or [])  # ActionStock keeps the variant itself


def followed_question(turn: Turn) -> Optional[str]:
    """The earlier question the latest message only brings a new value to, whatever the NLU read it
    as ("is the red one in stock", then "and maple?"; "what about 3?", then "3 hoodies"), or None."""
    if not question_thread(turn.tracker.events):
        return None  # nothing to follow: no catalogue lookup for the sibling words
    entities = list((turn.tracker.latest_message or {}).get("entities") or [])
    entities += _sibling_entity(turn)
    return follow_up_of(turn.tracker.events, turn.text, entities)


def _sibling_entity(turn: Turn) -> List[Dict[str, Any]]:
    """A product entity for the words that pick another of the goods in context ("长款的呢")."""
    from actions.catalog import sibling_picked

    with unit_of_work() as session:
        picked = sibling_picked(turn, session)
        if picked is None:
            return []
        product, start, end = picked
        return [{"entity": "product", "value": product.name_zh, "start": start, "end": end}]


def is_stock_follow_up(turn: Turn) -> bool:
    """Whether the latest message only brings a new colour, size or product to the last stock
    question ("is the red one in stock", then "and maple?"), whatever the NLU read it as."""
    return followed_question(turn) == "ask_stock"


def as_stock_follow_up(turn: Turn) -> Turn:
    """A stock question that only brings a new colour or size ("what about grey", which the NLU
    reads as ask_stock, not as an answer) keeps the other one from the stock question before it."""
    if not is_stock_follow_up(turn):
        return turn
    return _keeping_variant(turn, (turn.tracker.latest_message or {}).get("entities") or [])


def _keeping_variant(turn: Turn, entities: List[Dict]) -> Turn:
    """A stock follow-up that names no colour or size keeps the latest one the buyer named since the
    question ("黑色M还有吗", then "白色呢" is white M, then "L呢" is white L; "第三款有S码吗", then
    "最后一款呢" is the last one in S)."""
    named = {e.get("entity") for e in entities}
    kept: List[Dict] = []
    for message in reversed(question_thread(turn.tracker.events)):
        for entity in (message.get("parse_data") or {}).get("entities") or []:
            kind = entity.get("entity")
            if kind in ("color", "size") and kind not in named:
                kept.append(entity)
                named.add(kind)
    if not kept:
        return turn
    tracker = copy.copy(turn.tracker)
    tracker.latest_message = {**(turn.tracker.latest_message or {}), "entities": list(entities) + kept}
    return dataclasses.replace(turn, tracker=tracker)


def as_last_question(turn: Turn, naming: Optional[Callable[[Turn], bool]] = None) -> Optional[Turn]:
    """The turn as if the buyer had sent their last question again ("一件卫衣和两条牛仔裤多少钱"),
    with the slots as they are now ("发浙江" has set the province); None if there is none. With
    `naming`, the latest message of the question's thread for which it holds stands for the question
    ("3 hoodies" after the basket of a hoodie and two jeans is the basket now)."""
    thread = question_thread(turn.tracker.events)
    for message in reversed(thread[1:]) if naming is not None else ():
        earlier = _as_sent(turn, message)
        if earlier is not None and naming(earlier):
            return earlier
    return _as_sent(turn, thread[0]) if thread else None


def _as_sent(turn: Turn, event: Mapping[str, Any]) -> Optional[Turn]:
    """The turn as if the buyer had sent `event`'s message now."""
    message = dict(event.get("parse_data") or {})
    if not message:
        return None
    message.setdefault("text", event.get("text") or "")
    tracker = copy.copy(turn.tracker)
    tracker.latest_message = message
    return dataclasses.replace(turn, tracker=tracker)


class ActionOutOfScope(ShopAction):
    """Out of scope, unless it is a follow-up of the last question; the third miss in a row (out of
    scope or not understood) goes to a person."""

    def name(self) -> str:
        return "action_out_of_scope"

    def handle(self, turn: Turn) -> List[EventType]:
        """Read back a corrected proposal, repeat the last question with the new value, or say
        what the shop can help with."""
        from actions.confirm import correction

        events = correction(turn)
        if events is None:
            events = repeat_question(turn)
        if events is None:
            events = _postage_question(turn)
        if events is None:
            events = _goods_question(turn)
        if events is not None:
            return events
        if missed_in_a_row(turn.tracker.events) >= MISSES_BEFORE_HANDOFF:
            return open_handoff(turn, "fallback")
        turn.say("utter_out_of_scope")
        return []


def _postage_question(turn: Turn) -> Optional[List[EventType]]:
    """"how much to beijing" read as out of scope: a price asked with a province is the postage there."""
    from actions.shipping import ActionShippingFee
    from bot.policy.questions import asks_price

    if not turn.entity("province") or not asks_price(turn.text):
        return None
    return list(ActionShippingFee().handle(turn) or [])


def _goods_question(turn: Turn) -> Optional[List[EventType]]:
    """"你们卖狗粮吗" / "do you sell phone cases" read as out of scope: a question about goods; the
    shop's own goods get their details, others are said not to be sold."""
    from actions.catalog import ActionProductInfo
    from actions.suggestions import not_sold, sold

    goods = goods_asked_if_sold(turn.read_text)
    if not goods:
        return None
    with unit_of_work() as session:
        if not sold(session, goods):
            not_sold(turn, session, goods)
            return []
    return list(ActionProductInfo().handle(turn) or [])
