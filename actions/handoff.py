"""Handing the buyer to a person: a ticket in the queue, the bot paused, an honest wait time."""
from __future__ import annotations

from typing import List

from rasa_sdk.events import ConversationPaused, EventType, SlotSet

from actions.common import ShopAction, Turn, shop_policy, unit_of_work
from actions.followup import repeat_question
from actions.policy_answers import answer_what_if
from actions.handover import OFFER_SLOT, online_agents, open_handoff  # noqa: F401 - open_handoff is used by other actions
from bot.i18n import day, label
from bot.policy import hours_text, shift_status
from bot.service.clarify import MISSES_BEFORE_HANDOFF, missed_in_a_row, settled_choice, two_choices
from bot.service.proposals import set_before_reply
from bot.service.when import asks_service_hours, asks_service_hours_plainly
from bot.policy.current import shop_name
from bot.service import handoff
from bot.texts import joiner, text




def _on_duty(names: tuple, language: str) -> str:
    """"（小美、小雅）" / " (小美, 小雅)" after "someone is online", or nothing without names."""
    if not names:
        return ""
    return text("utter_text_on_duty", language, names=joiner(language).join(names))


def answer_hours(turn: Turn) -> List[EventType]:
    """When people answer and who is online now (the agents with the console open, not the
    roster); while open, offer to connect (or, with no agent online, to queue the question).

    Writes nothing: no ticket is opened for a question about the hours."""
    policy = shop_policy()
    status = shift_status(policy, turn.now)
    values = {"shop": shop_name(turn.language), "hours": hours_text(policy, turn.language)}
    online = online_agents(turn) if status.open else ()
    if status.open and not online:
        turn.say("utter_service_hours_open_nobody_online", **values)
        return [SlotSet(OFFER_SLOT, True)]
    if status.open:
        turn.say("utter_service_hours_open", agents=_on_duty(online, turn.language),
                 minutes=policy.handoff.wait_limit_minutes, **values)
        return [SlotSet(OFFER_SLOT, True)]
    nxt = status.next_open
    turn.say("utter_service_hours_closed", next_open=f"{day(nxt, turn.language)} {nxt:%H:%M}", **values)
    return [SlotSet(OFFER_SLOT, False)]


class ActionHandoff(ShopAction):
    """Complaints and requests for a person go to the agents' queue."""

    def name(self) -> str:
        return "action_handoff"

    def handle(self, turn: Turn) -> List[EventType]:
        """A question about WHEN people answer gets the hours; a request (or a yes to the offer
        of a person, routed here by rules_general.yml) opens the ticket; a "complaint" that only
        corrects the value of the last question answers that question again."""
        if turn.intent == "ask_human" and asks_service_hours(turn.text):
            return answer_hours(turn)
        if turn.intent == "affirm":
            if not offer_answered(turn.tracker.events):
                turn.say("utter_ok")
                return [SlotSet(OFFER_SLOT, False)]
            return open_handoff(turn, "ask_human", summary=_previous_message(turn.tracker.events))
        if turn.intent == "complaint":
            if answer_what_if(turn):  # "要是质量问题呢" asks the rules, it is no complaint
                return []
            followed = repeat_question(turn)  # "不对 我说的是卫衣" corrects the value just given
            if followed is not None:
                return followed
        reason = "complaint" if turn.intent == "complaint" else "ask_human"
        return open_handoff(turn, reason)


class ActionFallback(ShopAction):
    """Did not understand: a follow-up repeats the last question; when the NLU hesitated between two
    things the buyer may want, ask which (buttons); after three misses in a row, get a person."""

    def name(self) -> str:
        return "action_fallback"

    def handle(self, turn: Turn) -> List[EventType]:
        if not turn.text.strip():
            turn.say("utter_empty_message")
            return []
        if asks_service_hours_plainly(turn.text):  # "when are you online" the NLU missed
            return answer_hours(turn)
        from actions.confirm import correction

        events = correction(turn)
        if events is None:
            events = repeat_question(turn)
        if events is None:
            from actions.catalog import purchase_of_variant

            events = purchase_of_variant(turn)  # "好的 我拍灰色L"
        if events is not None:
            return events
        if answer_what_if(turn):
            return []
        if missed_in_a_row(turn.tracker.events) >= MISSES_BEFORE_HANDOFF:
            return open_handoff(turn, "fallback")
        ranking = (turn.tracker.latest_message or {}).get("intent_ranking") or []
        if settled_choice(turn.text, ranking, bool(turn.entity("size"))) == "ask_stock":
            from actions.catalog import ActionStock

            return ActionStock().handle(turn)  # "这个hoodie有M吗": the stock of M, no need to ask
        choices = two_choices(ranking)
        if choices is None:
            turn.say("utter_fallback")
            return []
        first, second = choices
        turn.say("utter_clarify", first=label("intent_choice", first, turn.language), first_intent=first,
                 second=label("intent_choice", second, turn.language), second_intent=second)
        return []


def offer_answered(events: List[dict]) -> bool:
    """True when the bot offered to connect a person after the buyer's previous message, so the
    latest message ("好的", "yes") answers that offer; an older offer is stale."""
    return set_before_reply(events, OFFER_SLOT) is True


def _previous_message(events: List[dict]) -> str:
    """The buyer's message before the latest one ("客服几点上班" before the "好的" that took the offer)."""
    texts = [e.get("text") or "" for e in events if e.get("event") == "user"]
    return texts[-2] if len(texts) > 1 else ""
