"""After-sale actions: refunds, returns, exchanges and problems with what arrived."""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import List

from rasa_sdk.events import EventType
from sqlalchemy.orm import Session

from actions.common import Turn, shop_policy
from actions.order_access import OrderTaskAction
from bot.i18n import day, label
from bot.policy import after_sale_eligibility, return_address
from bot.shop import repositories as repo
from bot.shop.models import Order

_PROBLEMS = [
    ("damaged", re.compile(r"坏|破|碎|裂|烂|漏|脏|污|damag|broke|crack|leak|torn|stain|defect", re.I)),
    ("missing", re.compile(r"少发|漏发|少了|没收到.*件|缺|missing|only (got|received)|not in the (box|package)", re.I)),
    ("wrong_item", re.compile(r"发错|错发|不是我买的|不对|wrong|different (item|size|colou?r)", re.I)),
    ("color_difference", re.compile(r"色差|颜色.*(不一样|不同|差)|colou?r.*(different|off|not the same)", re.I)),
]
_REFUSALS = {"window_expired", "excluded_category", "not_paid", "cancelled",
             "in_transit_refuse_or_wait", "not_delivered"}
_RESOLUTION_FOR_PROBLEM = {
    "damaged": "reship", "missing": "reship", "wrong_item": "exchange", "color_difference": "return_refund",
}


def problem_kind(text: str) -> str:
    """What went wrong with the parcel, from the buyer's words."""
    return next((kind for kind, pattern in _PROBLEMS if pattern.search(text)), "other")


def _category(order: Order) -> str | None:
    return order.items[0].sku.product.category if order.items else None


class _AfterSaleAction(OrderTaskAction, ABC):
    """Refund / return / exchange: checks eligibility, opens a case, tells the next steps."""

    @property
    @abstractmethod
    def kind(self) -> str:
        """refund | return | exchange."""

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        policy = shop_policy()
        verdict = after_sale_eligibility(
            policy, self.kind, order.state, order.delivered_at, turn.now, category=_category(order)
        )
        lang = turn.language
        if not verdict.allowed:
            turn.say(
                f"utter_aftersale_refused_{verdict.reason}" if verdict.reason in _REFUSALS
                else "utter_aftersale_refused",
                order_id=order.id,
                kind=label("case_kind", self.kind, lang),
                deadline=day(verdict.deadline, lang) if verdict.deadline else "-",
            )
            if verdict.reason in ("window_expired", "excluded_category"):
                turn.say("utter_aftersale_quality_hint")
            return []
        case = repo.open_case(session, order, self.kind, turn.intent or self.kind, turn.text[:500],
                              verdict.resolution, turn.now)
        session.flush()
        address = return_address(policy)
        turn.say(
            f"utter_case_opened_{verdict.resolution}",
            order_id=order.id,
            case_number=case.number,
            deadline=day(verdict.deadline, lang) if verdict.deadline else "-",
            days_left=verdict.days_left if verdict.days_left is not None else "-",
            return_address=f"{address.recipient} {address.phone} {address.address}",
            refund_days=policy.returns.refund_processing_days,
            postage=_postage(verdict.buyer_pays_postage, lang),
            size=turn.slot("size") or "",
            color=turn.slot("color") or "",
        )
        return []


def _postage(buyer_pays: bool | None, language: str) -> str:
    if buyer_pays:
        return "return postage is paid by you (free if you bought shipping insurance)" if language == "en" else "退回运费由亲承担（有运费险的可以抵扣哦）"
    return "the shop pays the return postage" if language == "en" else "退回运费由我们承担"


class ActionRequestRefund(_AfterSaleAction):
    """Refund: before shipping a refund only; after delivery within the window, return & refund."""

    task = "request_refund"
    preferred_states = ("delivered", "completed")
    kind = "refund"


class ActionRequestReturn(_AfterSaleAction):
    """Return within the no-reason window, with the return address and the next steps."""

    task = "request_return"
    preferred_states = ("delivered", "completed")
    kind = "return"


class ActionRequestExchange(_AfterSaleAction):
    """Exchange for another size or colour within the exchange window."""

    task = "request_exchange"
    preferred_states = ("delivered", "completed")
    kind = "exchange"


class ActionReportProblem(OrderTaskAction):
    """Damaged, missing or wrong items: a case with a reship, an exchange or a refund."""

    task = "report_problem"
    preferred_states = ("delivered", "completed")

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        kind = problem_kind(turn.text or "")
        verdict = after_sale_eligibility(
            shop_policy(), "return", order.state, order.delivered_at, turn.now,
            category=_category(order), quality_problem=True,
        )
        if order.state in ("unpaid", "paid", "shipped", "cancelled"):
            turn.say("utter_problem_not_received", order_id=order.id,
                     state=label("order_state", order.state, turn.language))
            return []
        if not verdict.allowed and verdict.reason == "window_expired":
            turn.say("utter_problem_window_expired", order_id=order.id)
            return []
        resolution = _RESOLUTION_FOR_PROBLEM.get(kind, "refund")
        case = repo.open_case(session, order, "problem", kind, turn.text[:500], resolution, turn.now)
        session.flush()
        turn.say(f"utter_problem_case_{kind}", order_id=order.id, case_number=case.number,
                 resolution=label("resolution", resolution, turn.language))
        return []
