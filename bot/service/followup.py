"""A follow-up that only brings a new value repeats the buyer's last question with it.

"发新疆运费多少" then "那发西藏呢" / "寄广东呢" / "广东广州" / "两件呢"; "黑色M还有吗" then "白色xl呢" / "L码呢";
"how much to ship to Xinjiang" then "what about Tibet?"; after a list of goods, "第二款呢" / "and the first one?" asks the last product
question about the item at that place. The NLU sees the follow-up alone and calls
it inform, out_of_scope or not understood; the conversation says it is the last question again.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

from bot.nlu.negation import RULED_OUT_CLAUSE
from bot.nlu.normalise import counted_before, pieces
from bot.nlu.text import only_values
from bot.policy.questions import size_question_is_stock
from bot.policy.references import listed_span
from bot.service.clarify import settled_choice

# the questions a follow-up can repeat, and the values that make a follow-up of each
FOLLOWABLE: Dict[str, frozenset] = {
    "ask_shipping_fee": frozenset({"province", "express_company", "pieces"}),
    "ask_delivery_time": frozenset({"province", "express_company"}),
    "choose_express": frozenset({"express_company", "province"}),
    "ask_stock": frozenset({"color", "size", "product", "listed"}),
    "ask_size": frozenset({"height", "weight", "size", "product", "listed"}),
    "ask_product_info": frozenset({"product", "listed"}),
    "ask_promotion": frozenset({"pieces", "product", "province", "express_company"}),
    "bargain": frozenset({"pieces", "product", "listed"}),  # "能便宜点吗", then "两件呢" / "长款的呢"
}
# values that follow a question only when it was asked in words, not brought by a bare follow-up:
# "会起球吗" then "那灰色的呢" (the same make, grey's stock); "and maple?" after a stock question stays stock
_ASKED_IN_WORDS: Dict[str, frozenset] = {"ask_product_info": frozenset({"color", "size"}),
                                         "ask_size": frozenset({"color"})}
_ANY_VALUE = frozenset().union(*FOLLOWABLE.values(), *_ASKED_IN_WORDS.values())
# a follow-up's own message may come between the question and this one
_PASS_THROUGH = frozenset({"inform", "nlu_fallback", "out_of_scope"})
_LOOK_BACK = 4
_FILLER = re.compile(
    RULED_OUT_CLAUSE + "|"
    r"不对|我是说|我说的是|我的意思是|说错了|打错了|"  # a correction: "不对，我是说两件卫衣", "no, I meant 3 hoodies"
    r"\b(?:no|sorry|oops|i meant?|actually|wait)\b|"
    r"那么?|那要是|如果|要是|换成|改成|还有|有没有|有货|有|的话|发|寄|到|送|去|呢|吧|呀|啊|哦|嘛|吗|的|码|号|色|要|是|呐|"
    r"\b(?:what|about|how|and|for|to|in|the|a|one|size|colou?r|ship(?:ping)?|send|deliver(?:y)?|then|ok|so|"
    r"is|it|if|but|instead|in stock|available)\b|"
    r"\b(?:aur|me|mein|ka|ki|ke|kya|kia|hai|he|milega|milegi|to|phir|wala|wali|wale|bhi)\b",  # Hinglish: "aur white me?"
    re.IGNORECASE)


def answered_just_before(events: Sequence[Mapping[str, Any]]) -> List[str]:
    """The names of the responses the bot gave between the buyer's message before the latest one
    and the latest one ("utter_policy_return" when the return rules were the last answer)."""
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if len(users) < 2:
        return []
    return [(e.get("metadata") or {}).get("utter_action") or "" for e in events[users[-2]:users[-1]]
            if e.get("event") == "bot"]


def last_question(events: Sequence[Mapping[str, Any]]) -> Optional[str]:
    """The intent of the buyer's last question a follow-up may repeat (before their latest message)."""
    message = last_question_message(events)
    return _question_intent(message) if message is not None else None


def last_question_message(events: Sequence[Mapping[str, Any]]) -> Optional[Mapping[str, Any]]:
    """The user event of the buyer's last question a follow-up may repeat (see last_question)."""
    thread = question_thread(events)
    return thread[0] if thread else None


def question_thread(events: Sequence[Mapping[str, Any]]) -> List[Mapping[str, Any]]:
    """The last question's user event and the follow-ups sent since, oldest first, before the latest
    message ("黑色L有吗", "白色呢"); empty when there is no question to follow up. A question that
    only brings new values ("what about grey", read as ask_stock) is a follow-up of the one before
    it, or the question itself when there is none."""
    users = [e for e in events if e.get("event") == "user"][:-1]
    since: List[Mapping[str, Any]] = []
    oldest_bare: Optional[int] = None
    for event in list(reversed(users))[:_LOOK_BACK]:
        intent = _intent(event)
        if intent in FOLLOWABLE and not _only_values(event, intent):
            return [event, *reversed(since)]
        if intent in FOLLOWABLE:
            oldest_bare = len(since)
        elif intent not in _PASS_THROUGH:
            break
        since.append(event)
    return list(reversed(since[:oldest_bare + 1])) if oldest_bare is not None else []


def _only_values(event: Mapping[str, Any], intent: str) -> bool:
    """Whether the message brought values and nothing else: any question's values, since the NLU
    may read a bare follow-up as another question ("and maple?" after a stock question)."""
    text = event.get("text") or ""
    entities = (event.get("parse_data") or {}).get("entities") or []
    return only_new_values(text, _with_counts_and_places(text, entities), _ANY_VALUE)


def _intent(event: Mapping[str, Any]) -> Optional[str]:
    """The message's intent; a message not understood, which the bot answered anyway as the question
    the NLU hesitated on ("这个hoodie有M吗" -> the stock), counts as that question."""
    parse = event.get("parse_data") or {}
    name = (parse.get("intent") or {}).get("name")
    if name == "nlu_fallback":
        sizes = any(e.get("entity") == "size" for e in parse.get("entities") or [])
        return settled_choice(event.get("text") or "", parse.get("intent_ranking") or [], sizes) or name
    return name


def _question_intent(event: Mapping[str, Any]) -> Optional[str]:
    """The question the event asked: a size question about stock ("black me L size hai kya", "有M码吗")
    was answered with the stock, so a follow-up repeats the stock question."""
    intent = _intent(event)
    sizes = [e for e in (event.get("parse_data") or {}).get("entities") or [] if e.get("entity") == "size"]
    if intent == "ask_size" and size_question_is_stock(event.get("text") or "", bool(sizes)):
        return "ask_stock"
    return intent


def only_new_values(text: str, entities: Iterable[Mapping[str, Any]], wanted: Iterable[str]) -> bool:
    """True when the message carries one of the `wanted` values and nothing else but filler."""
    return only_values(text, entities, wanted, _FILLER)


def follow_up_of(events: Sequence[Mapping[str, Any]], text: str,
                 entities: Iterable[Mapping[str, Any]]) -> Optional[str]:
    """The question the latest message repeats with a new value, or None: the latest question of the
    thread that takes that value ("有口红吗", "红色的有货吗", then "枫叶色呢" asks the stock again)."""
    thread = question_thread(events)
    if not thread:
        return None
    entities = _with_counts_and_places(text, entities)
    for place, event in reversed(list(enumerate(thread))):
        question = _question_intent(event)
        wanted = FOLLOWABLE.get(question, frozenset()) | (_ASKED_IN_WORDS.get(question, frozenset()) if place == 0
                                                          else frozenset())
        if wanted and only_new_values(text, entities, wanted):
            return question
    return None


def _with_counts_and_places(text: str, entities: Iterable[Mapping[str, Any]]) -> List[Mapping[str, Any]]:
    """The NLU's entities and the values it has no entity for: how many ("两件呢", "3 hoodies") and a
    place in the list just shown ("第二款呢", "the last one?")."""
    entities = list(entities)
    count = pieces(text)
    if count:
        entities.append({"entity": "pieces", "start": count[1], "end": count[2], "value": count[0]})
    else:  # "3 hoodies", "two of the jeans": a count right before the product named
        entities += list(_counts_before_products(text, entities))
    listed = listed_span(text)
    if listed:
        entities.append({"entity": "listed", "start": listed[1], "end": listed[2], "value": listed[0]})
    return entities


def _counts_before_products(text: str, entities: Sequence[Mapping[str, Any]]) -> Iterable[Dict[str, Any]]:
    """A `pieces` value for each English count standing right before a product entity."""
    for entity in entities:
        start = entity.get("start")
        if entity.get("entity") != "product" or not isinstance(start, int):
            continue
        found = counted_before(text, start)
        if found:
            yield {"entity": "pieces", "start": found[1], "end": found[2], "value": found[0]}


_ORDER_CORRECTION = re.compile(
    r"我是说|我说的是|不是这个|不是那个|搞错|弄错|打错|写错|发错了?单|应该是|换一个单|另一个单|"
    r"\bi meant?\b|\bsorry,? (?:it'?s|i meant)|\bwrong (?:order|number|one)\b|\bnot (?:that|this) (?:one|order)\b|"
    r"\bthe other (?:one|order)\b|\bactually\b(?=\D{0,24}\d{8,20})", re.IGNORECASE)  # "actually it's …06", not "actually no"


def corrects_order(text: str) -> bool:
    """Whether the buyer says the order under discussion is the wrong one ("i meant …02",
    "不是这个单", "搞错了 是…")."""
    return bool(_ORDER_CORRECTION.search(text or ""))
