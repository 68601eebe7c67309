"""Handing the buyer to a person: a ticket in the queue, the bot paused, an honest wait time:
minutes only while an agent has the console open (bot.service.presence), else that nobody is
online now (in service hours) or when the next shift starts."""
from __future__ import annotations

from typing import List

from rasa_sdk.events import ConversationPaused, EventType, SlotSet

from actions.turn import Turn, may_act_on
from bot.i18n import day
from bot.policy import shift_status
from bot.policy.current import shop_policy
from bot.service import handoff, presence
from bot.shop.db import unit_of_work

OFFER_SLOT = "human_offered"


def open_handoff(turn: Turn, reason: str, summary: str | None = None) -> List[EventType]:
    """Open (or reuse) the conversation's ticket, tell the buyer honestly when a person answers,
    pause.

    `summary` is what the agent reads first in the queue (the buyer's latest message by default)."""
    with unit_of_work() as session:
        order_id = turn.slot("order_id")
        ticket = handoff.open_ticket(
            session,
            conversation_id=turn.tracker.sender_id,
            reason=reason,
            priority=handoff.ticket_priority(reason, turn.text),
            summary=(summary or turn.text)[:500],
            now=turn.now,
            buyer_id=turn.buyer_id,
            order_id=order_id if may_act_on(turn, session, order_id) else None,
        )
        session.flush()
        ticket_id = ticket.id
        online = presence.agents_online(session, turn.now)
    policy = shop_policy()
    status = shift_status(policy, turn.now)
    if reason == "complaint":
        turn.say("utter_complaint_sorry")
    if handoff.tell_nobody_online(policy, turn.now, online):
        turn.say("utter_handoff_nobody_online")
    elif status.open:
        turn.say("utter_handoff_open", minutes=policy.handoff.wait_limit_minutes)
    else:
        nxt = status.next_open
        turn.say("utter_handoff_closed", next_open=f"{day(nxt, turn.language)} {nxt:%H:%M}")
    return [SlotSet("handoff_ticket", str(ticket_id)), SlotSet(OFFER_SLOT, False), ConversationPaused()]


def online_agents(turn: Turn) -> tuple:
    """Display names of the agents with the console open right now (on any server process)."""
    with unit_of_work() as session:
        return presence.online_agents(session, turn.now)
