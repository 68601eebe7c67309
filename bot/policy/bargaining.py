"""Prices: how far the bot may lower a price when a buyer haggles (讲价), and current promotions."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from bot.policy.schema import Promotion, ShopPolicy


@dataclass(frozen=True)
class BargainOffer:
    """The shop's answer in one bargaining round; money in fen.

    `final`: the bot cannot go lower (lowest price reached or last step used); a final counter-offer
    carries a gift and, when the floor allows it, a coupon. `accepted`: the buyer's ask is granted.
    """
    price_fen: int
    discount_fen: int
    round_no: int
    final: bool
    accepted: bool
    gift_zh: str | None
    gift_en: str | None
    coupon_fen: int | None


def _price_after(list_price_fen: int, percent_off: float) -> int:
    """The list price less `percent_off`, rounded up to the fen so the discount never exceeds it."""
    return math.ceil(list_price_fen * (100 - Fraction(str(percent_off))) / 100)


def _whole_yuan(price_fen: int, list_price_fen: int) -> int:
    """Round a counter-offer up to a whole yuan when that still leaves a discount."""
    rounded = math.ceil(price_fen / 100) * 100
    return rounded if rounded < list_price_fen else price_fen


def lowest_price(policy: ShopPolicy, list_price_fen: int, floor_price_fen: int) -> int:
    """The lowest price the bot may give: not below the floor nor below the maximum discount."""
    cap = _price_after(list_price_fen, policy.bargaining.max_discount_percent)
    return min(list_price_fen, max(floor_price_fen, cap))


def bargain(policy: ShopPolicy, list_price_fen: int, floor_price_fen: int, round_no: int,
            ask_fen: int | None = None, best_so_far_fen: int | None = None) -> BargainOffer:
    """The offer for bargaining round `round_no` (1 = the buyer's first request).

    Each round moves one step of `steps_percent` (counter-offers rounded up to whole yuan when
    possible); the price never goes below `lowest_price` and
    never above an earlier offer `best_so_far_fen`. An ask at or above the lowest price is accepted
    at the ask (or at the earlier offer, if that was lower); a lower ask is countered.
    """
    if round_no < 1:
        raise ValueError(f"round_no starts at 1, got {round_no}")
    if list_price_fen < 0 or floor_price_fen < 0:
        raise ValueError("prices must not be negative")
    settings = policy.bargaining
    lowest = lowest_price(policy, list_price_fen, floor_price_fen)
    ceiling = list_price_fen if best_so_far_fen is None else max(lowest, min(list_price_fen, best_so_far_fen))
    accepted = ask_fen is not None and ask_fen >= lowest
    if accepted:
        price = min(ask_fen, ceiling)
    else:
        step = settings.steps_percent[min(round_no, len(settings.steps_percent)) - 1]
        price = min(ceiling, max(lowest, _whole_yuan(_price_after(list_price_fen, step), list_price_fen)))
    final = price <= lowest or round_no >= len(settings.steps_percent)
    gift = coupon = None
    if final and not accepted:
        if settings.gifts:
            gift = settings.gifts[max(0, round_no - len(settings.steps_percent)) % len(settings.gifts)]
        if settings.coupon_fen and price - settings.coupon_fen >= floor_price_fen:
            coupon = settings.coupon_fen
    return BargainOffer(price, list_price_fen - price, round_no, final, accepted,
                        gift.zh if gift else None, gift.en if gift else None, coupon)


_FOREIGN_MONEY = (
    ("HKD", re.compile(r"\bhk\$|港币|港元", re.IGNORECASE)),
    ("USD", re.compile(r"(?<![a-z])(?:us\s*)?\$|\busd\b|\bdollars?\b|\bbucks?\b|美元|美金|美刀", re.IGNORECASE)),
    ("EUR", re.compile(r"€|\beuros?\b|欧元", re.IGNORECASE)),
    ("GBP", re.compile(r"£|\bquid\b|英镑|\bpounds?\s*(?:off|less|discount|cheaper)", re.IGNORECASE)),
)


def foreign_currency(text: str) -> str | None:
    """The currency code when the buyer names an amount in money other than yuan ("$5", "5 dollars",
    "5 bucks", "5美元", "€5"); None for yuan (¥5, 5块, 5 rmb) or no currency. The shop prices in
    yuan: an amount in another currency is never read as yuan."""
    for code, pattern in _FOREIGN_MONEY:
        if pattern.search(text or ""):
            return code
    return None


def active_promotions(policy: ShopPolicy, today: date) -> list[Promotion]:
    """Promotions valid on `today` (from and to dates included), in the order of the policy file."""
    return [p for p in policy.promotions if p.valid_from <= today <= p.valid_to]
