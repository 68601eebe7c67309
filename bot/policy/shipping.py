"""Provinces, couriers and postage quotes."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bot.policy.regions import region_name
from bot.policy.schema import Courier, ShippingZone, ShopPolicy


@dataclass(frozen=True)
class ShippingQuote:
    """Postage for one parcel; all money in fen. An unserved region has `served` False and zero fees."""
    province: str
    zone: str | None
    remote: bool
    served: bool
    courier: Courier
    first_kg_fen: int
    extra_kg_fen: int
    extra_kgs: int
    base_fen: int
    remote_surcharge_fen: int
    courier_surcharge_fen: int
    free_shipping_applied: bool
    free_threshold_fen: int | None
    total_fen: int


def canonical_province(policy: ShopPolicy, text: str) -> str | None:
    """The canonical short name ("新疆", "浙江", "香港", "海外") of a region named in any form, else None."""
    return region_name(text)


def zone_of(policy: ShopPolicy, province: str) -> ShippingZone | None:
    """The shipping zone of a province (any spelling), or None when unknown or not served."""
    name = region_name(province)
    return next((zone for zone in policy.shipping.zones if name in zone.provinces), None)


def _courier_key(text: str) -> str:
    return re.sub(r"[\s\-_.]+", "", text).casefold()


def find_courier(policy: ShopPolicy, text: str) -> Courier | None:
    """The courier named by its code, Chinese name or an alias ("SF", "顺丰快递", "sf express"), else None.

    An exact name wins; otherwise the first courier mentioned in the text ("能发顺丰吗").

    Unavailable couriers are found too; check `Courier.available` before promising one.
    """
    key = _courier_key(text or "")
    if not key:
        return None
    for courier in policy.couriers:
        names = (courier.code, courier.name_zh, courier.name_en, *courier.aliases)
        if key in {_courier_key(name) for name in names}:
            return courier
    lowered = text.casefold()
    found = []
    for courier in policy.couriers:
        for name in (courier.code, courier.name_zh, courier.name_en, *courier.aliases):
            pattern = re.escape(name.casefold())
            if name.isascii():
                pattern = rf"(?<![a-z0-9]){pattern}(?![a-z0-9])"
            match = re.search(pattern, lowered)
            if match:
                found.append((match.start(), -len(name), policy.couriers.index(courier)))
    return policy.couriers[min(found)[2]] if found else None


def default_courier(policy: ShopPolicy) -> Courier:
    """The courier used when the buyer asks for none."""
    return next(courier for courier in policy.couriers if courier.default)


def courier_by_code(policy: ShopPolicy, code: str | None) -> Courier:
    """The available courier with this code, or the default one for None; ValueError otherwise."""
    if code is None:
        return default_courier(policy)
    courier = next((c for c in policy.couriers if c.code == code.lower()), None)
    if courier is None:
        raise ValueError(f"unknown courier code {code!r}")
    if not courier.available:
        raise ValueError(f"courier {code!r} is not offered by the shop")
    return courier


def quote_shipping(policy: ShopPolicy, province: str, weight_kg: float, goods_total_fen: int,
                   courier_code: str | None = None) -> ShippingQuote:
    """Postage for a parcel of `weight_kg` with goods worth `goods_total_fen` sent to `province`.

    first kg + each started extra kg + remote surcharge + courier surcharge. Free shipping
    (goods total at or above the threshold) waives only the first/extra kg fees, and for remote
    regions only when the policy includes them. Raises ValueError for an unknown province or
    courier, or a negative weight.
    """
    if weight_kg < 0:
        raise ValueError(f"weight must not be negative, got {weight_kg}")
    name = region_name(province)
    if name is None:
        raise ValueError(f"unknown province {province!r}")
    courier = courier_by_code(policy, courier_code)
    shipping = policy.shipping
    zone = zone_of(policy, name)
    if zone is None:
        return ShippingQuote(name, None, False, False, courier, 0, 0, 0, 0, 0, 0, False,
                             shipping.free_threshold_fen, 0)
    override = next((o for o in shipping.overrides if o.province == name), None)
    first_kg = zone.first_kg_fen if override is None or override.first_kg_fen is None else override.first_kg_fen
    extra_kg = zone.extra_kg_fen if override is None or override.extra_kg_fen is None else override.extra_kg_fen
    remote_fee = zone.remote_surcharge_fen if zone.remote else 0
    if override is not None and override.remote_surcharge_fen is not None:
        remote_fee = override.remote_surcharge_fen
    extra_kgs = max(0, math.ceil(round(weight_kg - 1, 6)))
    base = first_kg + extra_kgs * extra_kg
    free = (shipping.free_threshold_fen is not None and goods_total_fen >= shipping.free_threshold_fen
            and (not zone.remote or shipping.free_includes_remote))
    total = (0 if free else base) + remote_fee + courier.surcharge_fen
    return ShippingQuote(name, zone.name, zone.remote, True, courier, first_kg, extra_kg, extra_kgs, base,
                         remote_fee, courier.surcharge_fen, free, shipping.free_threshold_fen, total)
