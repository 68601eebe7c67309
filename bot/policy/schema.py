"""The shop policy: shop_policy.yml as one pydantic model, ShopPolicy, and loading it.

Money is held in fen (int, 1 yuan = 100 fen); the YAML file is written in yuan.
Weekdays are ints as in `date.weekday()` (0 = Monday). A bad value raises PolicyError naming
its field, e.g. `shipping.zones.远.first_kg: must be a non-negative amount in yuan ...`.
The sections live in bot/policy/model/; the region table in bot/policy/regions.py.
"""
from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError, validator

from bot.policy.model.fields import PolicyError, Province, Strict, Text, keyed, one_of, policy_error
from bot.policy.model.sales import (
    BargainingPolicy, ExcludedCategory, Gift, InvoicePolicy, InvoiceType, PaymentMethod, PaymentPolicy, Promotion,
    ReturnAddress, ReturnsPolicy, check_promotions,
)
from bot.policy.model.service import (
    BusinessHours, CareNote, CarePolicy, HandoffPolicy, LogisticsPolicy, ProactivePolicy, Shift, SizeChart, SizeRow,
    TimeWindow, size_chart_of,
)
from bot.policy.model.shipping import (
    Courier, DispatchPolicy, ProvinceFees, ShippingPolicy, ShippingZone, check_couriers,
)

DEFAULT_POLICY_FILE = Path(__file__).resolve().parents[2] / "shop_policy.yml"


class ShopInfo(Strict):
    """Who the shop is and where it ships from."""
    name_zh: Text
    name_en: Text
    timezone: Text
    ship_from_province: Province
    default_language: one_of("zh", "en")

    @validator("timezone")
    def _known_zone(cls, zone: str) -> str:
        known = zoneinfo.available_timezones()
        if known and zone not in known:
            raise ValueError(f"unknown time zone {zone!r}")
        return zone


class ShopPolicy(Strict):
    """Everything the bot may promise, as written by the shop owner in shop_policy.yml."""
    shop: ShopInfo
    hours: BusinessHours
    shipping: ShippingPolicy
    couriers: tuple[Courier, ...]
    dispatch: DispatchPolicy
    bargaining: BargainingPolicy
    promotions: tuple[Promotion, ...] = ()
    returns: ReturnsPolicy
    invoice: InvoicePolicy
    payment: PaymentPolicy
    handoff: HandoffPolicy
    logistics: LogisticsPolicy
    size_charts: tuple[SizeChart, ...]
    care: CarePolicy
    proactive: ProactivePolicy = ProactivePolicy()

    _couriers = validator("couriers", allow_reuse=True)(check_couriers)
    _promotions = validator("promotions", allow_reuse=True)(check_promotions)

    @validator("size_charts", pre=True)
    def _charts_by_name(cls, value: Any) -> tuple:
        return keyed(size_chart_of, value)


def parse_policy(data: Any) -> ShopPolicy:
    """Validate an already-parsed YAML document and build the ShopPolicy (raises PolicyError)."""
    if not isinstance(data, dict):
        raise PolicyError("file", "must be a mapping of keys to values")
    try:
        return ShopPolicy.parse_obj(data)
    except ValidationError as error:
        raise policy_error(error) from None


def load_policy(path: str | Path) -> ShopPolicy:
    """Read, parse and validate a shop_policy.yml; any problem raises PolicyError naming the field."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError("file", f"cannot read the policy file {path}: {error.strerror or error}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise PolicyError("file", f"{path} is not valid YAML: {error}") from None
    return parse_policy(data)


__all__ = [
    "DEFAULT_POLICY_FILE", "BargainingPolicy", "BusinessHours", "CareNote", "CarePolicy", "Courier", "DispatchPolicy",
    "ExcludedCategory", "Gift", "HandoffPolicy", "InvoicePolicy", "InvoiceType", "LogisticsPolicy", "PaymentMethod",
    "PaymentPolicy", "PolicyError", "ProactivePolicy", "Promotion", "ProvinceFees", "ReturnAddress", "ReturnsPolicy",
    "Shift", "ShippingPolicy", "ShippingZone", "ShopInfo", "ShopPolicy", "SizeChart", "SizeRow", "TimeWindow",
    "load_policy", "parse_policy",
]
