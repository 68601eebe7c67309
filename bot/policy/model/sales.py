"""The selling sections of shop_policy.yml: bargaining, promotions, returns, invoices, payment."""
from __future__ import annotations

from typing import Any, Optional

from pydantic import Field, root_validator, validator

from bot.policy.model.fields import Day, Fen, Flag, Labelled, Strict, Text, number, one_of, problem, whole

PROMOTION_KINDS = ("full_reduction", "coupon", "gift", "discount")


class Gift(Strict):
    """A freebie the bot may add when it cannot lower the price any more."""
    zh: Text
    en: Text


class BargainingPolicy(Strict):
    """The bot's authority to lower prices, step by step."""
    max_discount_percent: number(0, 90)
    steps_percent: tuple[number(0.01, 90), ...]
    gifts: tuple[Gift, ...] = ()
    coupon_fen: Optional[Fen] = Field(None, alias="coupon_when_exhausted")

    @validator("steps_percent")
    def _steps_rise_to_the_maximum(cls, steps: tuple[float, ...], values: dict[str, Any]) -> tuple[float, ...]:
        if not steps:
            raise ValueError("must list at least one step")
        for i, step in enumerate(steps):
            if i and step <= steps[i - 1]:
                raise problem("steps must increase", i)
            if step > values.get("max_discount_percent", 90):
                raise problem(f"{step:g} is above max_discount_percent", i)
        return steps


class Promotion(Strict):
    """A campaign, valid from `valid_from` to `valid_to` inclusive; a full reduction that `repeats`
    takes `amount` off every `threshold` (每满), else once. `applies_to` lists the product categories,
    kinds or codes it covers (None: the whole shop); it combines with the others only if `stacks`."""
    id: Text
    title_zh: Text
    title_en: Text
    kind: one_of(*PROMOTION_KINDS)
    threshold_fen: Optional[Fen] = Field(None, alias="threshold")
    amount_fen: Optional[Fen] = Field(None, alias="amount")
    percent_off: Optional[number(0.01, 99)] = None
    repeats: Flag = False
    applies_to: Optional[tuple[Text, ...]] = None
    stacks: Flag = False
    valid_from: Day
    valid_to: Day

    @validator("applies_to")
    def _scope_names_something(cls, scope: Optional[tuple[str, ...]]) -> Optional[tuple[str, ...]]:
        if scope is not None and not scope:
            raise ValueError("must list at least one category, kind or product code (leave it out for the whole shop)")
        for i, name in enumerate(scope or ()):
            if name in scope[:i]:
                raise problem(f"{name!r} is listed twice", i)
        return scope

    @root_validator(skip_on_failure=True)
    def _consistent(cls, values: dict[str, Any]) -> dict[str, Any]:
        kind, threshold, amount = values["kind"], values["threshold_fen"], values["amount_fen"]
        needed = {"full_reduction": ("threshold_fen", "amount_fen"), "coupon": ("amount_fen",),
                  "discount": ("percent_off",)}
        for name in needed.get(kind, ()):
            if values[name] is None:
                raise problem("is missing", cls.__fields__[name].alias)
        if values["valid_to"] < values["valid_from"]:
            raise problem("must not be before valid_from", "valid_to")
        if kind in ("full_reduction", "coupon") and threshold and amount >= threshold:
            raise problem("must be below the threshold", "amount")
        return values


def check_promotions(promotions: tuple[Promotion, ...]) -> tuple[Promotion, ...]:
    """Every promotion id is used once."""
    for i, promotion in enumerate(promotions):
        if any(p.id == promotion.id for p in promotions[:i]):
            raise problem(f"promotion id {promotion.id!r} is used twice", i, "id")
    return promotions


class ExcludedCategory(Labelled):
    """Goods without 7-day no-reason return; matched by code or one of `kinds`."""
    kinds: tuple[Text, ...] = ()


class ReturnAddress(Strict):
    """Where buyers send goods back."""
    recipient: Text
    phone: Text
    address: Text


class ReturnPostage(Strict):
    """Who pays for sending goods back, by reason."""
    no_reason: one_of("buyer", "shop")
    exchange: one_of("buyer", "shop")
    quality_problem: one_of("buyer", "shop")


class ReturnsPolicy(Strict):
    """After-sale windows (days after delivery) and who pays return postage."""
    no_reason_days: whole(0, 365)
    exchange_days: whole(0, 365)
    quality_problem_days: whole(0, 365)
    postage: ReturnPostage
    excluded: tuple[ExcludedCategory, ...] = Field((), alias="excluded_from_no_reason")
    refund_processing_days: whole(0, 60)
    return_address: ReturnAddress

    @property
    def buyer_pays_no_reason(self) -> bool:
        """True when the buyer pays postage for a no-reason return."""
        return self.postage.no_reason == "buyer"

    @property
    def buyer_pays_exchange(self) -> bool:
        """True when the buyer pays postage for sending an item to exchange."""
        return self.postage.exchange == "buyer"

    @property
    def buyer_pays_quality_problem(self) -> bool:
        """True when the buyer pays postage for returning a faulty item."""
        return self.postage.quality_problem == "buyer"


class InvoiceType(Labelled):
    """A kind of invoice the shop issues; `min_order_fen` None means any amount."""
    electronic: Flag
    min_order_fen: Optional[Fen] = Field(None, alias="min_order")
    conditions_zh: Text = ""
    conditions_en: Text = ""


class InvoicePolicy(Strict):
    """Invoices: issued within `issue_within_days` after the buyer confirms receipt."""
    available: Flag
    title_required: Flag = True
    tax_id_required_for_company: Flag = True
    issue_within_days: whole(0, 60)
    types: tuple[InvoiceType, ...] = ()

    @validator("types", always=True)
    def _some_type_when_available(cls, types: tuple[InvoiceType, ...], values: dict[str, Any]):
        if values.get("available") and not types:
            raise ValueError("must list at least one invoice type when available")
        return types


class PaymentMethod(Labelled):
    """A way to pay, with the words buyers use for it."""
    aliases: tuple[Text, ...] = ()
    available: Flag = True
    conditions_zh: Text = ""
    conditions_en: Text = ""


class PaymentPolicy(Strict):
    """Accepted payment methods."""
    methods: tuple[PaymentMethod, ...]

    @validator("methods")
    def _some_method(cls, methods: tuple[PaymentMethod, ...]) -> tuple[PaymentMethod, ...]:
        if not methods:
            raise ValueError("must list at least one payment method")
        return methods

    @property
    def cod_available(self) -> bool:
        """True when cash on delivery (code "cod") is offered."""
        return any(m.code == "cod" and m.available for m in self.methods)
