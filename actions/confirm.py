"""Nothing is written before the buyer confirms it.

An action that would write (an after-sale case, a cancellation, an urgent mark, an address, an
invoice) says what it will do to which order, with yes/no buttons, and keeps the proposal in the
`pending_proposal` slot (bot.service.proposals). The buyer's "yes" (action_affirm) carries it out
only if it answers that very question, after checking again that the buyer may act on the order;
"no" (action_deny) drops it. Each domain module registers how its proposals are carried out.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from rasa_sdk.events import EventType, SlotSet
from sqlalchemy.orm import Session

from actions.common import ShopAction, Turn, unit_of_work
from actions.order_access import may_act_on, redo_for_another_order
from bot.i18n import label
from bot.nlu.negation import withdraws_request
from bot.policy.questions import asks_to_chase
from bot.service.followup import corrects_order
from bot.service import deals
from bot.service.proposals import SLOT, Proposal, answered_proposal, set_before_reply
from bot.shop import repositories as repo
from bot.shop.models import Order

Commit = Callable[[Turn, Session, Order, Proposal], None]
Correct = Callable[[Turn, Proposal], Optional[List[EventType]]]
_COMMITS: Dict[str, Commit] = {}
_CORRECTS: Dict[str, Correct] = {}


def commits(*kinds: str) -> Callable[[Commit], Commit]:
    """Register the function that carries out confirmed proposals of these kinds."""
    def register(function: Commit) -> Commit:
        for kind in kinds:
            _COMMITS[kind] = function
        return function
    return register


def corrects(*kinds: str) -> Callable[[Correct], Correct]:
    """Register the function that reads a buyer's correction of a proposal of these kinds (the
    address read back: "room 1205 not 1203") and proposes the corrected one, or returns None."""
    def register(function: Correct) -> Correct:
        for kind in kinds:
            _CORRECTS[kind] = function
        return function
    return register


def correction(turn: Turn) -> Optional[List[EventType]]:
    """The corrected proposal when the buyer's latest message corrects the one just read back
    (whatever the NLU called the message: yes, no, an answer, not understood); else None."""
    proposal = answered_proposal(turn.tracker.events)
    if proposal is None or proposal.kind not in _CORRECTS:
        return None
    return _CORRECTS[proposal.kind](turn, proposal)


def propose(turn: Turn, proposal: Proposal, response: str, **values: Any) -> List[EventType]:
    """Ask the buyer to confirm `proposal` (the response carries yes/no buttons); write nothing."""
    turn.say(response, order_id=proposal.order_id, **values)
    return [SlotSet(SLOT, proposal.to_slot())]


class ActionAffirm(ShopAction):
    """The buyer said yes: carry out the proposal their yes answers, or just acknowledge it."""

    def name(self) -> str:
        return "action_affirm"

    def handle(self, turn: Turn) -> List[EventType]:
        """Commit the answered proposal after checking the buyer may still act on its order; a yes
        that corrects it ("对，不过是1205室") proposes the corrected one instead."""
        corrected = correction(turn)
        if corrected is not None:
            return corrected
        proposal = answered_proposal(turn.tracker.events)
        if proposal is None and set_before_reply(turn.tracker.events, deals.SLOT):
            from actions.bargain import ActionBargainAgreed

            return ActionBargainAgreed().handle(turn)  # a price offered by a follow-up ("两件呢")
        if proposal is None or proposal.kind not in _COMMITS:
            from actions.catalog import purchase_of_variant

            bought = purchase_of_variant(turn) if proposal is None else None
            if bought is not None:
                return bought  # "ok i'll take the grey L": the stock of grey L before they pay
            if proposal is None and asks_to_chase(turn.text) and not withdraws_request(turn.text):
                from actions.orders import ActionUrgeShipment

                return ActionUrgeShipment().handle(turn)  # "好的 那麻烦催一下": urge the order in view
            turn.say("utter_ok")
            return []
        with unit_of_work() as session:
            order = repo.get_order(session, proposal.order_id) if may_act_on(turn, session, proposal.order_id) \
                else None
            if order is None:
                turn.say("utter_order_not_found", order_id=proposal.order_id)
            else:
                _COMMITS[proposal.kind](turn, session, order, proposal)
        return [SlotSet(SLOT, None)]


class ActionDeny(ShopAction):
    """The buyer said no: drop the proposal their no answers (nothing was written)."""

    def name(self) -> str:
        return "action_deny"

    def handle(self, turn: Turn) -> List[EventType]:
        """Say the proposal is dropped, or just acknowledge; a no that corrects it ("不对，是1205室")
        proposes the corrected one; "不是这个单 (是…06)" redoes the last task for another order; with no
        proposal open, a no that only brings a new value ("no, I meant 2 hoodies") repeats the last
        question with it."""
        corrected = correction(turn)
        if corrected is not None:
            return corrected
        if corrects_order(turn.text):
            redone = redo_for_another_order(turn)
            if redone is not None:
                return [SlotSet(SLOT, None)] + redone
        proposal = answered_proposal(turn.tracker.events)
        if proposal is None:
            from actions.followup import repeat_question

            repeated = repeat_question(turn)  # "no sorry, I meant 2 hoodies" after a basket question
            if repeated is not None:
                return repeated
            turn.say("utter_ok")
            return []
        turn.say("utter_proposal_declined", order_id=proposal.order_id,
                 what=label("proposal", proposal.kind, turn.language))
        return [SlotSet(SLOT, None)]
