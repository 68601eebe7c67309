"""Ask instead of guessing: which two intents to offer, and how many messages in a row the bot missed.

When the classifier is unsure (below the fallback threshold), the two intents it ranks highest are
offered as questions ("您是想 查物流 还是 催发货？"), if both are plausible and both are something
the buyer may want done; three misunderstood messages in a row (not understood or out of scope)
go to a person.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, Tuple

from bot.policy.questions import size_question_is_stock

# what a buyer may be asked to choose between (a greeting or a thank-you is never a choice)
CHOICES = frozenset({
    "check_order", "track_logistics", "urge_shipment", "ask_delivery_time", "cancel_order", "change_address",
    "request_refund", "request_return", "request_exchange", "report_problem", "complaint", "ask_product_info",
    "ask_size", "ask_stock", "bargain", "ask_promotion", "ask_shipping_fee", "choose_express", "ask_payment",
    "ask_invoice", "ask_human",
})
MISSED = frozenset({"nlu_fallback", "out_of_scope"})
MIN_CONFIDENCE = 0.15
MISSES_BEFORE_HANDOFF = 3


def two_choices(ranking: Sequence[Mapping[str, Any]], minimum: float = MIN_CONFIDENCE) -> Optional[Tuple[str, str]]:
    """The two intents to offer, from the NLU's ranking (best first), or None if they are not both plausible."""
    ranked = [r for r in ranking if r.get("name") not in MISSED]
    if len(ranked) < 2:
        return None
    first, second = ranked[0], ranked[1]
    if first.get("name") not in CHOICES or second.get("name") not in CHOICES:
        return None
    if float(first.get("confidence") or 0) < minimum or float(second.get("confidence") or 0) < minimum:
        return None
    return first["name"], second["name"]


def settled_choice(text: str, ranking: Sequence[Mapping[str, Any]], names_size: bool) -> Optional[str]:
    """The intent an unsure reading settles on without asking the buyer, or None: the stock, when it
    hesitated between stock and size and the message asks for a size ("这个hoodie有M吗")."""
    choices = two_choices(ranking)
    if choices and set(choices) == {"ask_stock", "ask_size"} and size_question_is_stock(text, names_size):
        return "ask_stock"
    return None


def missed_in_a_row(events: Sequence[Mapping[str, Any]]) -> int:
    """How many of the buyer's latest messages in a row were not understood or out of scope."""
    count = 0
    for event in reversed(events):
        if event.get("event") in ("restart", "session_started"):
            break
        if event.get("event") != "user":
            continue
        if ((event.get("parse_data") or {}).get("intent") or {}).get("name") not in MISSED:
            break
        count += 1
    return count
