"""What a buyer's basket costs under the promotions running (买两件能减多少), in fen, no floats.

Promotions that stack are counted in Taobao's order: a discount on the item price first, then 满减
on what is left, then the store coupon, then gifts; each threshold counts what is still to pay for
the goods the promotion covers. Of promotions that do not stack, the buyer gets the cheapest
choice; a promotion never touches goods outside its `applies_to`.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Dict, List, Sequence, Tuple

from bot.policy.model.sales import Promotion

ORDER_OF_KINDS = ("discount", "full_reduction", "coupon", "gift")
OUT_OF_SCOPE, SHORT, NOT_COMBINED = "out_of_scope", "short", "not_combined"


@dataclass(frozen=True)
class BasketLine:
    """`quantity` pieces of `product` (its code) at `unit_fen` each; `categories` are the product's
    category and kind, matched against a promotion's `applies_to` together with the code."""

    product: str
    unit_fen: int
    quantity: int
    categories: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Saving:
    """A promotion the basket gets, and what it takes off (0 for a gift)."""

    promotion: Promotion
    saving_fen: int


@dataclass(frozen=True)
class Missed:
    """A running promotion the basket does not get, and why: OUT_OF_SCOPE, SHORT (`short_by_fen`
    more of covered goods needed) or NOT_COMBINED (it does not stack with the ones applied)."""

    promotion: Promotion
    reason: str
    short_by_fen: int = 0


@dataclass(frozen=True)
class BasketTotal:
    """The basket's price before promotions, the promotions applied, and the ones missed."""

    subtotal_fen: int
    applied: Tuple[Saving, ...]
    missed: Tuple[Missed, ...]

    @property
    def saving_fen(self) -> int:
        """All the promotions applied take off together."""
        return sum(s.saving_fen for s in self.applied)

    @property
    def total_fen(self) -> int:
        """What the buyer pays for the goods (shipping not included)."""
        return self.subtotal_fen - self.saving_fen


def covers(promotion: Promotion, line: BasketLine) -> bool:
    """True when `promotion` applies to the line's product (no `applies_to`: every product)."""
    if promotion.applies_to is None:
        return True
    return bool({line.product, *line.categories} & set(promotion.applies_to))


def basket_total(promotions: Sequence[Promotion], lines: Sequence[BasketLine]) -> BasketTotal:
    """The basket `lines` under `promotions` (those running, e.g. `active_promotions`): subtotal,
    each promotion applied with its saving, the total to pay, and the others with why not."""
    for line in lines:
        if line.unit_fen <= 0 or line.quantity <= 0:
            raise ValueError(f"a basket line needs a price and a quantity, not {line!r}")
    subtotal = sum(line.unit_fen * line.quantity for line in lines)
    choices = [[p for p in promotions if p.stacks]] + [[p] for p in promotions if not p.stacks]
    counted = [_count(choice, lines) for choice in choices]
    best = min(range(len(counted)), key=lambda i: (-sum(s.saving_fen for s in counted[i][0]), -len(counted[i][0]), i))
    applied = counted[best][0]
    chosen = {s.promotion.id for s in applied}
    missed = []
    for promotion in promotions:
        if promotion.id in chosen:
            continue
        own = next(i for i, choice in enumerate(choices) if promotion in choice)
        reason = counted[own][1].get(promotion.id)
        missed.append(reason or Missed(promotion, NOT_COMBINED))
    return BasketTotal(subtotal, tuple(applied), tuple(missed))


def _count(promotions: Sequence[Promotion], lines: Sequence[BasketLine]) -> Tuple[List[Saving], Dict[str, Missed]]:
    """The promotions applied one after the other in ORDER_OF_KINDS, and those missed by id."""
    due = [line.unit_fen * line.quantity for line in lines]
    applied: List[Saving] = []
    missed: Dict[str, Missed] = {}
    for promotion in sorted(promotions, key=lambda p: ORDER_OF_KINDS.index(p.kind)):
        covered = [i for i, line in enumerate(lines) if covers(promotion, line)]
        if not covered:
            missed[promotion.id] = Missed(promotion, OUT_OF_SCOPE)
            continue
        base = sum(due[i] for i in covered)
        if promotion.kind == "discount":
            cuts = {i: _discount(lines[i], promotion.percent_off or 0) for i in covered}
        else:
            threshold = promotion.threshold_fen or 0
            if base < threshold or base == 0:
                missed[promotion.id] = Missed(promotion, SHORT, max(threshold - base, 0))
                continue
            cuts = _spread([due[i] for i in covered], _reduction(promotion, base))
            cuts = dict(zip(covered, cuts))
        for i, cut in cuts.items():
            due[i] -= cut
        applied.append(Saving(promotion, sum(cuts.values())))
    return applied, missed


def _reduction(promotion: Promotion, base: int) -> int:
    """What a full reduction, coupon or gift takes off `base` fen of covered goods it reaches."""
    amount = promotion.amount_fen or 0
    if promotion.kind == "full_reduction" and promotion.repeats:
        amount *= base // (promotion.threshold_fen or base)
    return min(amount, base) if promotion.kind != "gift" else 0


def _discount(line: BasketLine, percent_off: float) -> int:
    """What `percent_off` takes off the line: the unit price discounted, rounded to the fen."""
    pays = Decimal(line.unit_fen) * (100 - Decimal(str(percent_off))) / 100
    return (line.unit_fen - int(pays.quantize(Decimal(1), rounding=ROUND_HALF_UP))) * line.quantity


def _spread(amounts: List[int], cut: int) -> List[int]:
    """`cut` shared over `amounts` in proportion, in whole fen, the rest on the last one."""
    total = sum(amounts)
    shares = [cut * amount // total for amount in amounts[:-1]]
    return shares + [cut - sum(shares)]

