"""Closing a bargain (成交): the offer the bot made, and whether the buyer's words take it.

The bot's latest offer lives in the `bargain_offer` slot (only actions set it). A buyer's "yes"
right after it, or words that close a deal ("126就126吧 成交", "ok deal", "I'll take the hand
cream"), agree to it; the agreed terms are then recorded as a quote (bot.shop.quotes).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional

SLOT = "bargain_offer"

_CLOSES_DEAL = re.compile(
    r"成交|就这个价|就这价|就这么定|就这样吧|就这么办|那就(?:拍|买|要|下单)|我(?:去|这就|马上)?拍|拍了|下单了|"
    r"我要了|买了吧|\d+(?:\.\d+)?\s*(?:元|块)?就\s*\d+(?:\.\d+)?|"
    r"\bdeal\b|\bi'?ll take\b|\bi will take\b|\btake it\b|\bi'?ll buy\b|\bsold\b|\bfine by me\b|"
    r"\bok(?:ay)?,? (?:then|fine)\b|\bagreed\b",
    re.IGNORECASE,
)
_NOT = re.compile(r"不成交|不(?:买|要)了|算了|no deal|not a deal|won'?t take|不拍", re.IGNORECASE)
_COUPON = re.compile(r"券|coupon|voucher", re.IGNORECASE)


@dataclass(frozen=True)
class Offer:
    """What the bot offered for a product: a price, and on the last step a gift and/or coupon."""

    product: str
    price_fen: int
    gift_zh: Optional[str] = None
    gift_en: Optional[str] = None
    coupon_fen: Optional[int] = None

    def to_slot(self) -> Dict[str, Any]:
        """The slot value (plain JSON)."""
        return {"product": self.product, "price_fen": self.price_fen, "gift_zh": self.gift_zh,
                "gift_en": self.gift_en, "coupon_fen": self.coupon_fen}

    @classmethod
    def from_slot(cls, value: Any) -> Optional["Offer"]:
        """The offer a slot value holds, or None when it holds nothing valid."""
        if not isinstance(value, Mapping):
            return None
        product, price = value.get("product"), value.get("price_fen")
        if not isinstance(product, str) or not product or not isinstance(price, (int, float)) or price <= 0:
            return None
        coupon = value.get("coupon_fen")
        return cls(product, int(price), _text(value.get("gift_zh")), _text(value.get("gift_en")),
                   int(coupon) if isinstance(coupon, (int, float)) and coupon > 0 else None)


@dataclass(frozen=True)
class Terms:
    """What the buyer agreed to: the price and at most one extra (the gift or the coupon)."""

    price_fen: int
    gift_zh: Optional[str] = None
    gift_en: Optional[str] = None
    coupon_fen: Optional[int] = None


def closes_deal(text: str) -> bool:
    """Whether the buyer's words take a price ("成交", "就这个价吧", "126就126", "ok deal",
    "I'll take it"); "不成交", "算了", "no deal" never do."""
    text = text or ""
    return bool(_CLOSES_DEAL.search(text)) and not _NOT.search(text)


def agreed_terms(offer: Offer, text: str) -> Terms:
    """The terms a buyer takes: the offer's price with the coupon when they name it, else the gift
    (a shop offers one extra, never both), else the coupon alone."""
    wants_coupon = bool(_COUPON.search(text or "")) and offer.coupon_fen
    if offer.gift_zh and not wants_coupon:
        return Terms(offer.price_fen, gift_zh=offer.gift_zh, gift_en=offer.gift_en)
    return Terms(offer.price_fen, coupon_fen=offer.coupon_fen)


def _text(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value and value != "-" else None
