"""After-sale actions: refunds, returns, exchanges and problems with what arrived.

A case keeps the buyer's own words (the message that stated the request, not a later answer such
as the order number or phone digits) and the right kind: words describing a fault of the shop make
it a problem report, with a refund only when the buyer asked for one (bot.policy.aftersale). An
order has one open case per kind: a second request joins it and the buyer is told so.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import List, Optional

from rasa_sdk.events import EventType
from sqlalchemy.orm import Session

from actions.common import Turn, shop_policy
from actions.conversation import has_words, stated_request
from actions.order_access import OrderTaskAction
from bot.i18n import day, label
from bot.policy import after_sale_eligibility, return_address
from bot.policy.aftersale import JOINS, CaseRequest, classify_request, problem_kind, problem_resolution
from bot.shop import repositories as repo
from bot.shop.models import Order

__all__ = ["ActionReportProblem", "ActionRequestExchange", "ActionRequestRefund", "ActionRequestReturn",
           "problem_kind"]

AFTER_SALE_INTENTS = ("request_refund", "request_return", "request_exchange", "report_problem")
DETAIL_MAX_CHARS = 1000
_REFUSALS = {"window_expired", "excluded_category", "not_paid", "cancelled",
             "in_transit_refuse_or_wait", "not_delivered"}
_NOT_RECEIVED = ("unpaid", "paid", "shipped", "cancelled")
_NO_RESOLUTION = {"zh": "核实后的处理方案", "en": "a fix once we've checked"}


def buyer_words(turn: Turn) -> str:
    """The buyer's own words for this request: the message that stated it, single-spaced ("" if none)."""
    words = stated_request(turn.tracker.events, AFTER_SALE_INTENTS)
    if words is None and turn.intent not in ("inform", "affirm") and has_words(turn.text):
        words = turn.text
    return " ".join((words or "").split())


def _reason(words: str, kind: str) -> str:
    return words[:200] if words else f"买家申请{label('case_kind', kind, 'zh')}"


def _category(order: Order) -> str | None:
    return order.items[0].sku.product.category if order.items else None


def _join_open_case(turn: Turn, session: Session, order: Order, kind: str, words: str) -> bool:
    """If the order has an open case this request belongs to, add the words to it and say so."""
    case = repo.find_open_case(session, order.id, JOINS[kind])
    if case is None:
        return False
    repo.add_case_words(case, words, turn.now)
    session.flush()
    turn.say("utter_case_joined", order_id=order.id, case_number=case.number,
             kind=label("case_kind", case.kind, turn.language))
    return True


def _open_problem(turn: Turn, session: Session, order: Order, request: CaseRequest, words: str) -> List[EventType]:
    """A damaged, missing or wrong item: a problem case with the fix the buyer asked for or the default."""
    if order.state in _NOT_RECEIVED:
        turn.say("utter_problem_not_received", order_id=order.id,
                 state=label("order_state", order.state, turn.language))
        return []
    if _join_open_case(turn, session, order, "problem", words):
        return []
    verdict = after_sale_eligibility(
        shop_policy(), "return", order.state, order.delivered_at, turn.now,
        category=_category(order), quality_problem=True,
    )
    if not verdict.allowed and verdict.reason == "window_expired":
        turn.say("utter_problem_window_expired", order_id=order.id)
        return []
    problem = request.problem or "other"
    resolution = problem_resolution(problem, request.asked)
    case = repo.open_case(session, order, "problem", _reason(words, "problem"),
                          words[:DETAIL_MAX_CHARS] or None, resolution, turn.now, problem=problem)
    turn.say(f"utter_problem_case_{problem}", order_id=order.id, case_number=case.number,
             resolution=label("resolution", resolution, turn.language) if resolution
             else _NO_RESOLUTION[turn.language if turn.language in _NO_RESOLUTION else "zh"])
    return []


class _AfterSaleAction(OrderTaskAction, ABC):
    """Refund / return / exchange: checks eligibility, opens a case, tells the next steps."""

    @property
    @abstractmethod
    def kind(self) -> str:
        """refund | return | exchange."""

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        words = buyer_words(turn)
        request = classify_request(self.kind, words)
        if request.kind == "problem":
            return _open_problem(turn, session, order, request, words)
        if _join_open_case(turn, session, order, self.kind, words):
            return []
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
        case = repo.open_case(session, order, self.kind, _reason(words, self.kind),
                              words[:DETAIL_MAX_CHARS] or None, verdict.resolution, turn.now)
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


def _postage(buyer_pays: Optional[bool], language: str) -> str:
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
    """Damaged, missing or wrong items: a case with a reship, an exchange or what the buyer asked for."""

    task = "report_problem"
    preferred_states = ("delivered", "completed")

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        words = buyer_words(turn)
        return _open_problem(turn, session, order, classify_request("problem", words), words)
