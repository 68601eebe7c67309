"""Handing the buyer to a person: a ticket in the queue, the bot paused, an honest wait time."""
from __future__ import annotations

import re
from typing import List

from rasa_sdk.events import ConversationPaused, EventType, SlotSet

from actions.common import ShopAction, Turn, shop_policy, unit_of_work
from actions.order_access import may_act_on
from bot.i18n import day
from bot.policy import shift_status
from bot.shop import repositories as repo

FALLBACKS_BEFORE_HANDOFF = 3
_THREAT = re.compile(r"差评|投诉|举报|315|工商|消协|小二介入|维权|骗|bad review|report|scam|fraud|lawyer|dispute|chargeback", re.I)


def ticket_priority(reason: str, text: str) -> int:
    """1 = threats of bad reviews/disputes, 2 = other complaints, 3 = asked for a person or stuck."""
    if reason == "complaint":
        return 1 if _THREAT.search(text) else 2
    return 3


def open_handoff(turn: Turn, reason: str) -> List[EventType]:
    """Open (or reuse) the conversation's ticket, tell the buyer when a person answers, pause."""
    with unit_of_work() as session:
        order_id = turn.slot("order_id")
        ticket = repo.open_ticket(
            session,
            conversation_id=turn.tracker.sender_id,
            reason=reason,
            priority=ticket_priority(reason, turn.text),
            summary=turn.text[:500],
            now=turn.now,
            buyer_id=turn.buyer_id,
            order_id=order_id if may_act_on(turn, session, order_id) else None,
        )
        session.flush()
        ticket_id = ticket.id
    status = shift_status(shop_policy(), turn.now)
    if reason == "complaint":
        turn.say("utter_complaint_sorry")
    if status.open:
        turn.say("utter_handoff_open", minutes=shop_policy().handoff.wait_limit_minutes)
    else:
        nxt = status.next_open
        turn.say("utter_handoff_closed", next_open=f"{day(nxt, turn.language)} {nxt:%H:%M}")
    return [SlotSet("handoff_ticket", str(ticket_id)), ConversationPaused()]


class ActionHandoff(ShopAction):
    """Complaints and requests for a person go to the agents' queue."""

    def name(self) -> str:
        return "action_handoff"

    def handle(self, turn: Turn) -> List[EventType]:
        reason = "complaint" if turn.intent == "complaint" else "ask_human"
        return open_handoff(turn, reason)


class ActionFallback(ShopAction):
    """Did not understand: ask again with suggestions; after repeated misses, get a person."""

    def name(self) -> str:
        return "action_fallback"

    def handle(self, turn: Turn) -> List[EventType]:
        if not turn.text.strip():
            turn.say("utter_empty_message")
            return []
        if consecutive_fallbacks(turn.tracker.events) >= FALLBACKS_BEFORE_HANDOFF:
            return open_handoff(turn, "fallback")
        turn.say("utter_fallback")
        return []


def consecutive_fallbacks(events: List[dict]) -> int:
    """How many of the buyer's latest messages in a row the bot did not understand."""
    count = 0
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        if ((event.get("parse_data") or {}).get("intent") or {}).get("name") != "nlu_fallback":
            break
        count += 1
    return count
