"""Order tasks: every action about one order first finds an order the buyer may see."""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Dict, List, Optional

from rasa_sdk.events import EventType, SlotSet
from sqlalchemy.orm import Session

from actions.common import ShopAction, Turn, may_act_on, unit_of_work
from actions.followup import repeat_question
from bot.nlu.negation import withdraws_request
from bot.service.followup import corrects_order
from bot.service import verification
from bot.service.access import OrderAccess, resolve_order
from bot.shop import repositories as repo
from bot.shop.models import Order

_TASKS: Dict[str, "OrderTaskAction"] = {}
_STRAY_DIGITS = re.compile(r"(?<!\d)(\d{5,7}|\d{21,})(?!\d)")
_LOOKUPS = frozenset({"check_order", "track_logistics", "refund_status"})  # tasks that write nothing
_RESET_FLAGS = [SlotSet("address_editable", False), SlotSet("invoice_ready", False)]


class OrderTaskAction(ShopAction, ABC):
    """An action about one order (check, track, cancel, refund...).

    Without an order it asks for the number, then (for anonymous buyers) the last 4 digits
    of the order's phone, remembering the task in `pending_task` so the buyer's answer
    (intent `inform`) resumes it.
    """

    task: str = ""
    preferred_states: tuple = ()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if cls.task:
            _TASKS[cls.task] = cls()

    def name(self) -> str:
        """action_<task>."""
        return f"action_{self.task}"

    def ask_for_order(self, turn: Turn) -> None:
        """Ask for the number of the order the task is about."""
        turn.say("utter_ask_order_id")

    @abstractmethod
    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        """Do the task for an order the buyer may see."""

    def handle(self, turn: Turn) -> List[EventType]:
        """Resolve the order, then run the task or ask for what is missing. A correction of the
        order ("i meant …02") redoes the buyer's last order task with the new number; a request
        taken back ("算了 不取消了", "don't cancel it") is a no: nothing is asked or written."""
        if self.task not in _LOOKUPS and withdraws_request(turn.text):
            from actions.confirm import ActionDeny

            return [SlotSet("pending_task", None)] + ActionDeny().handle(turn)
        if turn.entity("order_id") and corrects_order(turn.text):
            redone = redo_for_another_order(turn)
            if redone is not None:
                return redone
        return run_task(self, turn)


def run_task(action: OrderTaskAction, turn: Turn) -> List[EventType]:
    """Run an order task for the turn's order, asking for number or phone digits first."""
    order_id = turn.slot("order_id") if isinstance(turn.slot("order_id"), str) else None
    phone_last4 = turn.slot("phone_last4") if isinstance(turn.slot("phone_last4"), str) else None
    caller = turn.caller
    events: List[EventType] = list(_RESET_FLAGS)
    with unit_of_work() as session:
        verified = verification.verified_orders(session, caller, turn.now)
        anonymous_try = turn.buyer_id is None and order_id and order_id not in verified
        gate = verification.gate(session, order_id, caller, turn.now) if anonymous_try else verification.Gate()
        access = resolve_order(
            session,
            order_id=order_id,
            buyer_id=turn.buyer_id,
            verified_ids=verified,
            phone_last4=phone_last4,
            gate=gate,
            preferred_states=action.preferred_states,
        )
        if access.phone_checked:
            verification.record(session, order_id, caller, access.order is not None, turn.now)
        if access.need == "order_id":
            stray = _STRAY_DIGITS.search(turn.text)
            if stray:
                turn.say("utter_order_id_malformed")
            else:
                action.ask_for_order(turn)
            return events + [SlotSet("pending_task", action.task)]
        if access.need == "phone":
            turn.say("utter_ask_phone_last4", order_id=order_id)
            return events + [SlotSet("pending_task", action.task)]
        if access.problem:
            return events + _refuse(turn, access, order_id, action.task)
        order = access.order
        if order.id not in verified:
            verified.append(order.id)
        events += [
            SlotSet("order_id", order.id),
            SlotSet("verified_orders", verified),
            SlotSet("phone_last4", None),
            SlotSet("pending_task", None),
            SlotSet("last_task", action.task),
        ]
        return events + list(action.on_order(turn, session, order) or [])


def _refuse(turn: Turn, access: OrderAccess, order_id: Optional[str], task: str) -> List[EventType]:
    problem = access.problem
    if problem == "phone_mismatch":
        turn.say("utter_order_phone_mismatch")
        return [SlotSet("order_id", None), SlotSet("phone_last4", None), SlotSet("pending_task", task)]
    if problem == "wait":
        turn.say("utter_order_verification_wait", seconds=access.wait_seconds)
        return [SlotSet("phone_last4", None), SlotSet("pending_task", task)]
    if problem == "locked":
        turn.say("utter_order_verification_locked")
        return [SlotSet("order_id", None), SlotSet("phone_last4", None), SlotSet("pending_task", None)]
    if problem == "no_orders":
        turn.say("utter_no_orders")
        return [SlotSet("pending_task", None)]
    turn.say("utter_order_not_found", order_id=order_id or "")
    return [SlotSet("order_id", None), SlotSet("pending_task", task)]


def redo_for_another_order(turn: Turn) -> Optional[List[EventType]]:
    """"不是这个单 是…06" / "i meant …06": the buyer's last order task again, for the order they
    name, or (no number given) ask which order; None when there is no last task to redo."""
    last = _TASKS.get(turn.slot("last_task") or "")
    if last is None:
        return None
    if turn.entity("order_id"):
        return run_task(last, turn)
    turn.say("utter_ask_order_id")
    return list(_RESET_FLAGS) + [SlotSet("order_id", None), SlotSet("pending_task", last.task)]



class ActionResumeTask(ShopAction):
    """The buyer supplied an order number or phone digits: carry on with the pending task."""

    def name(self) -> str:
        return "action_resume_task"

    def handle(self, turn: Turn) -> List[EventType]:
        """Resume `pending_task`; a bare order number with no task pending means "check it"; a new
        value for the last question ("西藏", "L码") repeats that question with it; a correction of
        what was just read back ("room 1205 not 1203") reads back the corrected version; a bare product
        name with nothing pending is a question about that product."""
        from actions.confirm import correction

        corrected = correction(turn)
        if corrected is not None:
            return list(_RESET_FLAGS) + corrected
        if not turn.entity("order_id") and not turn.entity("phone"):
            events = repeat_question(turn)
            if events is not None:
                return list(_RESET_FLAGS) + events  # the rule that led here ends with these
            from actions.policy_answers import answer_what_if

            if answer_what_if(turn):  # "and if it's faulty?"
                return list(_RESET_FLAGS)
            from actions.catalog import purchase_of_variant

            bought = purchase_of_variant(turn)
            if bought is not None:  # "我拍灰色L": the stock of grey L before they pay
                return list(_RESET_FLAGS) + bought
        task = turn.slot("pending_task")
        last = turn.slot("last_task")
        if task not in _TASKS and turn.entity("order_id") and last in _TASKS and \
                (last in _LOOKUPS or corrects_order(turn.text)):
            task = last  # another order for what was just looked up, or "i meant …02"
        if task not in _TASKS and turn.entity("product") and not turn.entity("order_id"):
            from actions.catalog import ActionProductInfo

            return list(_RESET_FLAGS) + ActionProductInfo().handle(turn)  # "black hoodie": a product question
        if task not in _TASKS:
            if turn.slot("order_id") or turn.entity("order_id"):
                task = "check_order"
            else:
                turn.say("utter_inform_unclear")
                return list(_RESET_FLAGS)
        return run_task(_TASKS[task], turn)
