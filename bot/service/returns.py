"""Goods on their way back and the refund that follows: which case a return tracking number
belongs to, which courier it is, and what a buyer asking "when is my refund coming" is told.

Plain functions over the shop's records and the policy; no Rasa, no database session.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable, Optional

from bot.policy import ShopPolicy, find_courier

# tracking-number prefixes of the couriers buyers send returns with
_PREFIXES = (("JDV", "jd"), ("JD", "jd"), ("YT", "yto"), ("SF", "sf"), ("JT", "jt"), ("ZTO", "zto"),
             ("STO", "sto"), ("YD", "yunda"))
_EMS = re.compile(r"^[A-Z]{2}\d{9}CN$")
# couriers a buyer may use for a return that the shop does not ship with itself
OTHER_COURIERS = {"jt": ("极兔", "J&T Express")}
# (kind, resolution) of open cases that wait for goods to come back
_AWAITING = {"return": None, "exchange": None, "refund": {"return_refund"}, "problem": {"exchange", "refund"}}
_ORDER = ("return", "refund", "exchange", "problem")


def tracking_courier(policy: ShopPolicy, number: str, named: Optional[str] = None) -> Optional[str]:
    """The courier code of a return parcel: the courier the buyer named ("顺丰"), else the one the
    tracking number's prefix belongs to (YT -> yto, SF -> sf, JT -> jt); None when unknown."""
    if named:
        courier = find_courier(policy, named)
        if courier is not None:
            return courier.code
        if named in ("极兔", "J&T", "j&t", "jt express"):
            return "jt"
    code = (number or "").upper()
    if _EMS.match(code):
        return "ems"
    return next((courier for prefix, courier in _PREFIXES if code.startswith(prefix)), None)


def courier_label(policy: ShopPolicy, code: Optional[str], language: str) -> str:
    """The courier's name as buyers know it ("圆通" / "YTO Express"), or "" when unknown."""
    if not code:
        return ""
    courier = find_courier(policy, code)
    if courier is not None:
        return courier.name_en if language == "en" else courier.name_zh
    names = OTHER_COURIERS.get(code)
    return (names[1] if language == "en" else names[0]) if names else code


def awaits_goods(case) -> bool:
    """True for an open case whose fix needs the goods sent back (a return, an exchange, a refund
    after return, a problem fixed by exchange or refund)."""
    if case.state != "open" or case.kind not in _AWAITING:
        return False
    resolutions = _AWAITING[case.kind]
    return resolutions is None or case.resolution in resolutions


def case_for_return(cases: Iterable) -> Optional[object]:
    """The open case a return parcel belongs to: a return first, then a refund, an exchange, a problem."""
    waiting = [case for case in cases if awaits_goods(case)]
    waiting.sort(key=lambda case: (_ORDER.index(case.kind), case.id))
    return waiting[0] if waiting else None


@dataclass(frozen=True)
class RefundStatus:
    """Where a refund stands: `stage` names the reply, `by` the latest day the money is due back."""

    stage: str  # send_back | on_its_way | processing | approved | rejected | closed | none
    case: Optional[object] = None
    by: Optional[date] = None


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days (Monday to Friday) after `start`."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def refund_status(policy: ShopPolicy, cases: Iterable, now: datetime) -> RefundStatus:
    """What a buyer asking when the refund arrives is told, from the order's cases and the policy.

    A refund-only case (nothing to send back) is due refund_processing_days working days after it
    was opened; a return not yet sent back waits for the parcel; one on its way is refunded within
    refund_processing_days working days of arriving (estimated from when it was sent). The latest
    refund case decides; without one, "none"."""
    days = policy.returns.refund_processing_days
    refunding = [case for case in cases if case.kind in ("refund", "return")
                 or (case.kind == "problem" and case.resolution == "refund")]
    if not refunding:
        return RefundStatus("none")
    open_cases = [case for case in refunding if case.state == "open"]
    case = max(open_cases or refunding, key=lambda c: (c.created_at, c.id))
    if case.state in ("approved", "rejected", "closed"):
        return RefundStatus(case.state, case)
    if not awaits_goods(case):
        return RefundStatus("processing", case, add_working_days(case.created_at.date(), days))
    if not case.return_tracking_number:
        return RefundStatus("send_back", case)
    arrives = (case.return_shipped_at or now).date() + timedelta(days=3)
    return RefundStatus("on_its_way", case, add_working_days(max(arrives, now.date()), days))
