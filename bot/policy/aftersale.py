"""Refunds, returns and exchanges (售后): what a buyer may ask for and until when."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.policy.schema import ExcludedCategory, ReturnAddress, ShopPolicy

AFTER_SALE_KINDS = ("refund", "return", "exchange")
ORDER_STATES = ("unpaid", "paid", "shipped", "delivered", "completed", "cancelled")
PROBLEM_KINDS = ("damaged", "missing", "wrong_item", "color_difference", "other")

# What went wrong with the parcel, tried in this order. A size that does not fit or a change of
# mind is no problem of the shop's: "尺码不对" is not a wrong item.
_PROBLEMS = [
    ("damaged", re.compile(r"坏(?!评)|破(?!价)|碎|裂|烂|漏|脏|污渍|霉|开线|脱线|开胶|damag|broke|crack|leak|torn|stain|defect|ripped", re.I)),
    ("missing", re.compile(r"少发|漏发|少了(?:一|两|几|\d)|缺(?!货)|没收到.*件|missing|only (?:got|received)|"
                           r"not in the (?:box|package|parcel)", re.I)),
    ("wrong_item", re.compile(r"发错|错发|不是我(?:买|拍|要|订)的|(?:货|东西|商品|款式?|型号)不对|wrong (?:item|product|size|colou?r)|"
                              r"not what i (?:ordered|bought)|different (?:item|product)", re.I)),
    ("color_difference", re.compile(r"色差|颜色.{0,4}(?:不一样|不同|差|不对)|colou?r.{0,20}(?:different|off|not the same)", re.I)),
]
# Goods that arrived as ordered but do not fit: an exchange or a return, not a fault of the shop.
_FIT = re.compile(
    r"(?:有点|有些|太|偏|稍微|略)(?:大|小|长|短|紧|松|肥|瘦|窄|宽)|(?:大|小|长|短|紧|松|肥|窄)了(?:点|一点|些|一些|一码)?|"
    r"穿不(?:上|下|进)|不合身|不合脚|挤脚|磨脚|(?:尺码|码数|尺寸|码)不(?:合适|对|合)|"
    r"\btoo (?:big|small|large|tight|loose|long|short|narrow|wide|baggy)\b|\b(?:does ?n[o'’]?t|did ?n[o'’]?t|not|never) fit\b|"
    r"\b(?:runs?|came up|comes? up) (?:small|large|big)\b|\bwrong size for me\b", re.I)
_QUALITY = re.compile(r"质量|做工|起球|掉色|褪色|线头|异味|味道|假货|quality|fault|pilling|fad(?:e|ed|ing)|smell|fake", re.I)
# What the buyer asks for, in their own words.
_REMEDIES = [
    ("refund", re.compile(r"退款|退钱|退费|把钱退|钱.{0,4}退|refund|money back", re.I)),
    ("return", re.compile(r"退货|退回|寄回|退掉|退了吧|\breturn", re.I)),
    ("exchange", re.compile(r"换货|换[一个件大小成别码色]|(?:能|可以|可不可以)换|调换|exchange|swap|replace", re.I)),
]
# Which default fix a problem gets when the buyer did not ask for one (never a refund).
PROBLEM_RESOLUTION = {"damaged": "reship", "missing": "reship", "wrong_item": "exchange",
                      "color_difference": "return_refund", "other": None}
# A new request joins an open case of these kinds on the same order instead of opening another:
# a refund after delivery is a return and refund; both join an open problem report.
JOINS = {
    "refund": ("refund", "return", "problem"),
    "return": ("return", "refund", "problem"),
    "exchange": ("exchange",),
    "problem": ("problem",),
}


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


def problem_kind(text: str) -> str:
    """What went wrong with the parcel, from the buyer's words (one of PROBLEM_KINDS)."""
    return next((kind for kind, pattern in _PROBLEMS if pattern.search(text or "")), "other")


def fits_badly(text: str) -> bool:
    """True when the buyer says the goods do not fit ("有点大", "穿不上", "too small")."""
    return bool(_FIT.search(text or ""))


def asked_remedy(text: str) -> str | None:
    """The remedy the buyer's words ask for: refund, return or exchange; None if they ask for none."""
    return next((kind for kind, pattern in _REMEDIES if pattern.search(text or "")), None)


@dataclass(frozen=True)
class CaseRequest:
    """What an after-sale request really is.

    kind: refund | return | exchange | problem; problem: one of PROBLEM_KINDS for kind "problem";
    asked: the remedy the buyer asked for in words (None if none).
    """
    kind: str
    problem: str | None
    asked: str | None


def classify_request(requested: str, text: str) -> CaseRequest:
    """Decide the case kind from the action the NLU chose (`requested`: refund, return, exchange or
    problem) and the buyer's words.

    Words that describe a fault of the shop (damaged, missing, wrong item, colour) make it a problem
    report whatever the intent ("收到的东西有破损" is not a refund request); a refund, return or
    exchange only goes with it when the words ask for one. Goods that only do not fit ("收到了 有点大")
    are no fault: an exchange, or a return when the buyer asks for their money back.
    """
    if requested not in (*AFTER_SALE_KINDS, "problem"):
        raise ValueError(f"unknown after-sale request {requested!r}")
    problem = problem_kind(text)
    asked = asked_remedy(text)
    if requested == "problem" and problem == "other" and fits_badly(text) and not _QUALITY.search(text):
        kind = "return" if asked in ("refund", "return") else "exchange"
        return CaseRequest(kind, None, asked or kind)
    if requested == "problem" or problem != "other":
        return CaseRequest("problem", problem, asked)
    return CaseRequest(requested, None, asked or requested)


def problem_resolution(problem: str, asked: str | None) -> str | None:
    """The fix for a problem: what the buyer asked for, else the problem's default (never a refund
    nobody asked for; None leaves it to the agent)."""
    if asked in ("refund", "return"):
        return "refund" if problem == "missing" else "return_refund"  # nothing to send back
    if asked == "exchange":
        return "exchange"
    return PROBLEM_RESOLUTION.get(problem)


_DISLIKE = re.compile(r"不合适|不喜欢|不满意|不好看|不想要|\b(?:do ?n[o'’]?t|does ?n[o'’]?t) (?:like|suit|want)\b|"
                      r"\bnot (?:happy|satisfied)\b", re.I)


def hypothetical_case(text: str) -> str | None:
    """The rules a "what if" question asks about: "quality" for goods that might arrive faulty
    ("要是质量问题呢", "what if it arrives damaged"), else the case the buyer names or a return when
    they might not like it ("要是不合适呢"), exchange for a bad fit; None when it names no such thing."""
    text = text or ""
    if problem_kind(text) != "other" or _QUALITY.search(text):
        return "quality"
    asked = asked_remedy(text)
    if asked is not None:
        return asked
    if fits_badly(text):
        return "exchange"
    return "return" if _DISLIKE.search(text) else None
