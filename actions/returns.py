"""Goods coming back: the buyer's return tracking number kept on the case, and "when does my
refund arrive" answered from the case (bot.service.returns has the logic)."""
from __future__ import annotations

from typing import List, Optional

from rasa_sdk.events import EventType, SlotSet
from sqlalchemy.orm import Session

from actions.common import Turn, shop_policy, unit_of_work
from actions.order_access import OrderTaskAction, run_task
from bot.i18n import day, label
from bot.texts import text
from bot.service.returns import case_for_return, courier_label, refund_status, tracking_courier
from bot.shop import repositories as repo
from bot.shop.models import Order

TRACKING_SLOT = "tracking_number"


def _tracking_number(turn: Turn) -> Optional[str]:
    value = turn.entity("tracking_number") or turn.slot(TRACKING_SLOT)
    return value if isinstance(value, str) and value.strip() else None


def _order_with_return(turn: Turn) -> List[EventType]:
    """For a signed-in buyer with no order under discussion: the order of their one open case
    waiting for goods, so "YT…" needs no order number."""
    if turn.slot("order_id") or turn.buyer_id is None:
        return []
    with unit_of_work() as session:
        case = case_for_return(repo.open_cases_of_buyer(session, turn.buyer_id))
        order_id = case.order_id if case is not None else None
    if order_id is None:
        return []
    turn.tracker.slots["order_id"] = order_id
    return [SlotSet("order_id", order_id)]


class ActionReturnTracking(OrderTaskAction):
    """A return tracking number: recorded on the order's open return/exchange case, confirmed."""

    task = "return_tracking"
    preferred_states = ("delivered", "completed")

    def handle(self, turn: Turn) -> List[EventType]:
        """Find the order (the buyer's one open return when signed in), then record the number."""
        if _tracking_number(turn) is None:
            turn.say("utter_inform_unclear")
            return []
        keep = [SlotSet(TRACKING_SLOT, _tracking_number(turn))]
        return keep + _order_with_return(turn) + run_task(self, turn)

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        number = _tracking_number(turn)
        case = case_for_return(repo.cases_of_order(session, order.id))
        policy, lang = shop_policy(), turn.language
        if case is None:
            turn.say("utter_return_tracking_no_case", order_id=order.id, tracking_number=number)
            return [SlotSet(TRACKING_SLOT, None)]
        courier = tracking_courier(policy, number, turn.entity("express_company"))
        outcome = repo.record_return_tracking(case, number, courier, turn.now)
        session.flush()
        values = dict(order_id=order.id, case_number=case.number, tracking_number=case.return_tracking_number,
                      courier=courier_label(policy, courier, lang) or text("utter_text_courier", lang),
                      kind=label("case_kind", case.kind, lang), refund_days=policy.returns.refund_processing_days)
        if outcome == "same":
            turn.say("utter_return_tracking_already", **values)
        elif case.kind == "exchange" or case.resolution == "exchange":
            turn.say("utter_return_tracking_saved_exchange", **values)
        else:
            turn.say("utter_return_tracking_saved_refund", **values)
        return [SlotSet(TRACKING_SLOT, None)]


class ActionRefundStatus(OrderTaskAction):
    """"When does my refund arrive": the order's refund case, its state and the processing days."""

    task = "refund_status"
    preferred_states = ("delivered", "completed", "paid")

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        say_refund_status(turn, session, order)
        return []


def say_refund_status(turn: Turn, session: Session, order: Order) -> None:
    """Tell where the order's refund stands (the reply for "退款什么时候到账" on this order)."""
    policy, lang = shop_policy(), turn.language
    status = refund_status(policy, repo.cases_of_order(session, order.id), turn.now)
    case = status.case
    turn.say(f"utter_refund_status_{status.stage}", order_id=order.id,
             case_number=case.number if case is not None else "-",
             by=day(status.by, lang) if status.by else "-",
             refund_days=policy.returns.refund_processing_days,
             tracking_number=getattr(case, "return_tracking_number", None) or "-")
