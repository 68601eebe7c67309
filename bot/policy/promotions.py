"""How each promotion works, in numbers the buyer can check (满减怎么算 / how does it work)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict

from bot.policy.model.sales import Promotion


@dataclass(frozen=True)
class PromotionRule:
    """The response fragment (utter_text_promotion_rule_<kind>) and its amounts in fen or percent."""

    kind: str
    amounts: Dict[str, int] = field(default_factory=dict)
    percent: float = 0.0


def promotion_rule(promotion: Promotion) -> PromotionRule:
    """The rule of `promotion` with a worked example: a full reduction that repeats shows what twice
    the threshold pays; a discount shows what a 100-yuan item costs."""
    threshold, amount = promotion.threshold_fen or 0, promotion.amount_fen or 0
    if promotion.kind == "full_reduction":
        if promotion.repeats:
            return PromotionRule("full_reduction_each", {"threshold": threshold, "amount": amount,
                                                         "example": 2 * threshold, "pays": 2 * (threshold - amount)})
        return PromotionRule("full_reduction", {"threshold": threshold, "amount": amount,
                                                "pays": threshold - amount})
    if promotion.kind == "coupon":
        if threshold:
            return PromotionRule("coupon", {"threshold": threshold, "amount": amount})
        return PromotionRule("coupon_any", {"amount": amount})
    if promotion.kind == "gift":
        return PromotionRule("gift", {"threshold": threshold}) if threshold else PromotionRule("gift_any")
    percent = float(promotion.percent_off or 0)
    return PromotionRule("discount", {"example": 10000, "pays": round(10000 * (100 - percent) / 100)}, percent)
