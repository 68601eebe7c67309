"""After-sale actions: refunds, returns, exchanges and problems with what arrived.

Nothing is opened before the buyer confirms (actions/confirm.py): the action says which case it
would open on which order, with the postage and the fix, and the buyer's yes opens it. A question
about the rules ("你们支持7天无理由吗") gets the rules and an offer (actions/policy_answers.py).

A case keeps the buyer's own words (the message that stated the request, not a later answer such
as the order number or phone digits) and the right kind: words describing a fault of the shop make
it a problem report, with a refund only when the buyer asked for one (bot.policy.aftersale). An
order has one open case per kind: a second request joins it and the buyer is told so.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import List, Optional

from rasa_sdk.events import EventType, SlotSet
from sqlalchemy.orm import Session

from actions.common import Turn, shop_policy
from actions.confirm import commits, propose
from actions.conversation import has_words, stated_request
from actions.order_access import OrderTaskAction
from actions.policy_answers import answer_what_if, say_policy, say_shipping_insurance
from actions.render import items_text
from actions.returns import say_refund_status
from bot.i18n import day, label
from bot.texts import text
from bot.policy import after_sale_eligibility, return_address
from bot.policy.aftersale import JOINS, CaseRequest, classify_request, hypothetical_case, problem_kind, problem_resolution
from bot.policy.questions import asks_about_policy, asks_about_rules, asks_about_shipping_insurance
from bot.service.proposals import Proposal, answered_proposal
from bot.service.when import asks_refund_arrival
from bot.shop import repositories as repo
from bot.shop.models import Order

__all__ = ["ActionReportProblem", "ActionRequestExchange", "ActionRequestRefund", "ActionRequestReturn",
           "problem_kind"]

AFTER_SALE_INTENTS = ("request_refund", "request_return", "request_exchange", "report_problem")
DETAIL_MAX_CHARS = 1000
_REFUSALS = {"window_expired", "excluded_category", "not_paid", "cancelled",
             "in_transit_refuse_or_wait", "not_delivered"}
_NOT_RECEIVED = ("unpaid", "paid", "shipped", "cancelled")


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


def _problem_verdict_refused(turn: Turn, order: Order) -> bool:
    """Say why a problem cannot be reported on this order (not received, too late); True if so."""
    if order.state in _NOT_RECEIVED:
        turn.say("utter_problem_not_received", order_id=order.id,
                 state=label("order_state", order.state, turn.language))
        return True
    verdict = after_sale_eligibility(
        shop_policy(), "return", order.state, order.delivered_at, turn.now,
        category=_category(order), quality_problem=True,
    )
    if not verdict.allowed and verdict.reason == "window_expired":
        turn.say("utter_problem_window_expired", order_id=order.id)
        return True
    return False


def _propose_problem(turn: Turn, session: Session, order: Order, request: CaseRequest,
                     words: str) -> List[EventType]:
    """A damaged, missing or wrong item: say the case and its fix, and ask before opening it."""
    if _problem_verdict_refused(turn, order) or _join_open_case(turn, session, order, "problem", words):
        return []
    problem = request.problem or "other"
    resolution = problem_resolution(problem, request.asked)
    proposal = Proposal("problem", order.id, {"words": words, "problem": problem, "resolution": resolution or ""})
    return propose(turn, proposal, "utter_confirm_problem", items=items_text(order, turn.language),
                   problem=label("problem", problem, turn.language), resolution=_resolution_text(turn, resolution))


def _problem_in_question(turn: Turn, order: Order) -> Optional[Proposal]:
    """The problem report on this order the bot had just read back, which a refund, return or
    exchange asked for now is about (the shop's fault stays the shop's fault)."""
    proposal = answered_proposal(turn.tracker.events)
    if proposal is not None and proposal.kind == "problem" and proposal.order_id == order.id:
        return proposal
    return None


def _resolution_text(turn: Turn, resolution: Optional[str]) -> str:
    if resolution:
        return label("resolution", resolution, turn.language)
    return text("utter_text_resolution_unset", turn.language)


@commits("problem")
def open_problem_case(turn: Turn, session: Session, order: Order, proposal: Proposal) -> None:
    """The buyer confirmed the problem report: open the case (if still possible) and say its number."""
    words = proposal.details.get("words", "")
    if _problem_verdict_refused(turn, order) or _join_open_case(turn, session, order, "problem", words):
        return
    problem = proposal.details.get("problem") or "other"
    resolution = proposal.details.get("resolution") or None
    case = repo.open_case(session, order, "problem", _reason(words, "problem"),
                          words[:DETAIL_MAX_CHARS] or None, resolution, turn.now, problem=problem)
    turn.say(f"utter_problem_case_{problem}", order_id=order.id, case_number=case.number,
             resolution=_resolution_text(turn, resolution))


def _verdict(turn: Turn, kind: str, order: Order):
    return after_sale_eligibility(shop_policy(), kind, order.state, order.delivered_at, turn.now,
                                  category=_category(order))


def _say_refusal(turn: Turn, kind: str, order: Order, verdict) -> None:
    lang = turn.language
    turn.say(
        f"utter_aftersale_refused_{verdict.reason}" if verdict.reason in _REFUSALS else "utter_aftersale_refused",
        order_id=order.id,
        kind=label("case_kind", kind, lang),
        deadline=day(verdict.deadline, lang) if verdict.deadline else "-",
    )
    if verdict.reason in ("window_expired", "excluded_category"):
        turn.say("utter_aftersale_quality_hint")


class _AfterSaleAction(OrderTaskAction, ABC):
    """Refund / return / exchange: checks eligibility, says what it would open and asks first."""

    @property
    @abstractmethod
    def kind(self) -> str:
        """refund | return | exchange."""

    def handle(self, turn: Turn) -> List[EventType]:
        """A question about the rules gets the rules and an offer; a request goes to the order (and,
        without an order under discussion, so does a question such as "能退吗")."""
        if asks_about_shipping_insurance(turn.text) and not turn.entity("order_id"):
            say_shipping_insurance(turn)  # "送运费险吗": not included, what it would cover
            return []
        no_order = not turn.entity("order_id") and not turn.slot("order_id")
        if (no_order or hypothetical_case(turn.text) == "quality") and answer_what_if(turn):
            return []  # "万一有质量问题能退吗": the rules for that case; a fault that may happen is no report
        if asks_about_rules(turn.text) or (asks_about_policy(turn.text) and no_order):
            say_policy(turn, self.kind)
            return []
        return super().handle(turn)

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        words = buyer_words(turn)
        if self.kind == "refund" and asks_refund_arrival(words):
            say_refund_status(turn, session, order)  # "退款什么时候到账" asks about a refund, not for one
            return []
        reported = _problem_in_question(turn, order)
        if reported is not None:  # "can i get a new one instead" while a broken zip is being reported
            request = CaseRequest("problem", reported.details.get("problem"), self.kind)
            words = " ".join(v for v in (reported.details.get("words"), words) if v)
            return _propose_problem(turn, session, order, request, words)
        if self.kind == "exchange" and order.state in ("unpaid", "paid"):
            from actions.variant_change import ActionChangeVariant

            return ActionChangeVariant().on_order(turn, session, order)  # not shipped: change the variant
        request = classify_request(self.kind, words)
        if request.kind == "problem":
            return _propose_problem(turn, session, order, request, words)
        if _join_open_case(turn, session, order, self.kind, words):
            return []
        verdict = _verdict(turn, self.kind, order)
        if not verdict.allowed:
            _say_refusal(turn, self.kind, order, verdict)
            return []
        lang = turn.language
        asked = asks_about_policy(turn.text)  # "现在还能退吗": the answer first, then the offer
        until = text("utter_text_case_until", lang, deadline=day(verdict.deadline, lang)) \
            if asked and verdict.deadline else ""
        return propose(turn, Proposal(self.kind, order.id, {"words": words}),
                       "utter_case_possible" if asked else "utter_confirm_case", until=until,
                       items=items_text(order, lang), kind=label("case_kind", self.kind, lang),
                       resolution=label("resolution", verdict.resolution, lang),
                       postage=_postage(verdict.buyer_pays_postage, lang) if verdict.resolution != "refund_only"
                       else text("utter_text_return_not_needed", lang))


@commits("refund", "return", "exchange")
def open_case(turn: Turn, session: Session, order: Order, proposal: Proposal) -> None:
    """The buyer confirmed: check again, open the case, and tell the next steps."""
    kind, words = proposal.kind, proposal.details.get("words", "")
    if _join_open_case(turn, session, order, kind, words):
        return
    verdict = _verdict(turn, kind, order)
    if not verdict.allowed:
        _say_refusal(turn, kind, order, verdict)
        return
    policy, lang = shop_policy(), turn.language
    case = repo.open_case(session, order, kind, _reason(words, kind),
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


def _postage(buyer_pays: Optional[bool], language: str) -> str:
    return text("utter_text_return_postage_buyer" if buyer_pays else "utter_text_return_postage_shop", language)


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

    def handle(self, turn: Turn) -> List[EventType]:
        """Goods that only do not fit ("收到了 有点大") are no fault of the shop: with no order under
        discussion the buyer is told how an exchange (or return) works and asked, nothing more."""
        if answer_what_if(turn):  # "如果收到是坏的怎么办" reports nothing: the rules
            return [SlotSet("pending_task", None)]
        request = classify_request("problem", buyer_words(turn) or turn.text)
        if request.kind != "problem" and not turn.entity("order_id") and not turn.slot("order_id"):
            say_policy(turn, request.kind)
            return [SlotSet("pending_task", None)]
        return super().handle(turn)

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        words = buyer_words(turn)
        request = classify_request("problem", words)
        if request.kind != "problem":  # it does not fit: the exchange or return it asks for
            return _CASE_ACTIONS[request.kind].on_order(turn, session, order)
        return _propose_problem(turn, session, order, request, words)


_CASE_ACTIONS = {"exchange": ActionRequestExchange(), "return": ActionRequestReturn()}
