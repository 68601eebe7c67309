"""Refunds, returns and exchanges (售后): what a buyer may ask for and until when."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.policy.schema import ExcludedCategory, ReturnAddress, ShopPolicy

AFTER_SALE_KINDS = ("refund", "return", "exchange")
ORDER_STATES = ("unpaid", "paid", "shipped", "delivered", "completed", "cancelled")


@dataclass(frozen=True)
class Eligibility:
    """Whether an after-sale request is possible and on which terms.

    reason: not_paid, cancelled, refund_only_before_shipping, in_transit_refuse_or_wait,
    within_window, window_expired or excluded_category. `deadline` is the last moment of the
    window; `days_left` counts whole days after today (0 on the last day).
    """
    allowed: bool
    reason: str
    deadline: datetime | None
    days_left: int | None
    buyer_pays_postage: bool | None
    resolution: str | None


def excluded_category(policy: ShopPolicy, category: str | None) -> ExcludedCategory | None:
    """The exclusion from no-reason returns matching a category code or product kind, else None."""
    if not category:
        return None
    key = category.strip().casefold()
    return next((item for item in policy.returns.excluded
                 if key == item.code.casefold() or key in {k.casefold() for k in item.kinds}), None)


def return_address(policy: ShopPolicy) -> ReturnAddress:
    """Where buyers send goods back."""
    return policy.returns.return_address


def after_sale_eligibility(policy: ShopPolicy, kind: str, order_state: str, delivered_at: datetime | None,
                           now: datetime, category: str | None = None,
                           quality_problem: bool = False) -> Eligibility:
    """Decide a refund/return/exchange request for an order in `order_state`.

    Before shipping only a refund is possible; in transit the buyer refuses the parcel or waits;
    after delivery the window runs from the day after delivery: no-reason returns, exchanges and
    quality problems each have their own number of days (the shop pays postage for quality problems).
    """
    if kind not in AFTER_SALE_KINDS:
        raise ValueError(f"kind must be one of {AFTER_SALE_KINDS}, got {kind!r}")
    if order_state not in ORDER_STATES:
        raise ValueError(f"unknown order state {order_state!r}")
    rules = policy.returns
    if order_state in ("unpaid", "cancelled"):
        return Eligibility(False, "not_paid" if order_state == "unpaid" else "cancelled", None, None, None, None)
    if order_state == "paid":
        return Eligibility(kind == "refund", "refund_only_before_shipping", None, None, False, "refund_only")
    if order_state == "shipped":
        pays = not quality_problem
        if kind == "exchange":
            return Eligibility(False, "in_transit_refuse_or_wait", None, None, None, None)
        return Eligibility(True, "in_transit_refuse_or_wait", None, None, pays, "return_refund")
    if delivered_at is None:
        raise ValueError(f"a {order_state} order needs delivered_at")
    resolution = "exchange" if kind == "exchange" else "return_refund"
    if quality_problem:
        days, buyer_pays = rules.quality_problem_days, rules.buyer_pays_quality_problem
    elif excluded_category(policy, category) is not None:
        return Eligibility(False, "excluded_category", None, None, None, None)
    elif kind == "exchange":
        days, buyer_pays = rules.exchange_days, rules.buyer_pays_exchange
    else:
        days, buyer_pays = rules.no_reason_days, rules.buyer_pays_no_reason
    deadline = datetime.combine(delivered_at.date() + timedelta(days=days), time(23, 59, 59))
    if now > deadline:
        return Eligibility(False, "window_expired", deadline, 0, buyer_pays, None)
    days_left = (deadline.date() - now.date()).days
    return Eligibility(True, "within_window", deadline, days_left, buyer_pays, resolution)
