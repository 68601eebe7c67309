"""The shipping sections of shop_policy.yml: postage by zone and province, couriers, dispatch.

Money is written in yuan and held in fen (`*_fen`); every model is checked by pydantic.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Optional

from pydantic import Field, ValidationError, root_validator, validator

from bot.policy.model.fields import (
    Clock, Day, Fen, Flag, Labelled, Province, Region, Strict, Text, Weekday, keyed, named, problem, span, whole,
)
from bot.policy.regions import MAINLAND_REGIONS


class ShippingZone(Strict):
    """A group of provinces with the same postage and transit time."""
    name: Text
    provinces: tuple[Province, ...]
    first_kg_fen: Fen = Field(alias="first_kg")
    extra_kg_fen: Fen = Field(alias="extra_kg")
    remote: Flag = False
    remote_surcharge_fen: Fen = Field(0, alias="remote_surcharge")
    transit_days: span(1, 60, strict=False)

    @validator("transit_days")
    def _whole_days(cls, days: tuple[float, float]) -> tuple[float, float]:
        if any(int(d) != d for d in days):
            raise ValueError("must be whole days")
        return days

    @validator("remote_surcharge_fen")
    def _only_remote(cls, fen: int, values: dict[str, Any]) -> int:
        if fen and not values.get("remote"):
            raise ValueError("only a zone with remote: true has a remote surcharge")
        return fen

    @property
    def transit_min(self) -> int:
        """Fewest days in transit."""
        return int(self.transit_days[0])

    @property
    def transit_max(self) -> int:
        """Most days in transit."""
        return int(self.transit_days[1])


class ProvinceFees(Strict):
    """Per-province override of its zone's fees; None keeps the zone's value."""
    province: Province
    first_kg_fen: Optional[Fen] = Field(None, alias="first_kg")
    extra_kg_fen: Optional[Fen] = Field(None, alias="extra_kg")
    remote_surcharge_fen: Optional[Fen] = Field(None, alias="remote_surcharge")


class DefaultFees(Strict):
    """The fees of a zone that names none."""
    first_kg: Fen
    extra_kg: Fen


class FreeShipping(Strict):
    """包邮: above `threshold_fen` (None: never), remote zones only if `includes_remote`."""
    threshold_fen: Optional[Fen] = Field(None, alias="threshold")
    includes_remote: Flag = False


class ShippingPolicy(Strict):
    """Postage rules; `free_threshold_fen` None means never free."""
    default: DefaultFees
    free_shipping: FreeShipping
    not_served: tuple[Region, ...] = ()
    zones: tuple[ShippingZone, ...]
    overrides: tuple[ProvinceFees, ...] = Field((), alias="province_overrides")

    @root_validator(pre=True)
    def _zones_take_the_default_fees(cls, values: dict[str, Any]) -> dict[str, Any]:
        default, zones = values.get("default"), values.get("zones")
        if isinstance(default, dict) and isinstance(zones, dict):
            fees = {k: default[k] for k in ("first_kg", "extra_kg") if default.get(k) is not None}
            values = {**values, "zones": {name: {**fees, **zone} if isinstance(zone, dict) else zone
                                          for name, zone in zones.items()}}
        return values

    @validator("zones", pre=True)
    def _zones_by_name(cls, value: Any) -> tuple:
        return keyed(named(ShippingZone), value)

    @validator("zones")
    def _every_province_in_one_zone(cls, zones: tuple[ShippingZone, ...], values: dict[str, Any]):
        seen = {name: "not_served" for name in values.get("not_served", ())}
        for zone in zones:
            for i, province in enumerate(zone.provinces):
                if province in seen:
                    raise problem(f"{province} is already in {seen[province]}", zone.name, "provinces", i)
                seen[province] = zone.name
        missing = [p for p in MAINLAND_REGIONS if p not in seen]
        if missing:
            raise ValueError(f"provinces in no zone: {', '.join(missing)}")
        return zones

    @validator("overrides", pre=True)
    def _overrides_by_province(cls, value: Any) -> tuple:
        return keyed(named(ProvinceFees, "province", Province), value)

    @property
    def default_first_kg_fen(self) -> int:
        """First-kilogram fee of a zone without its own."""
        return self.default.first_kg

    @property
    def default_extra_kg_fen(self) -> int:
        """Fee per further kilogram of a zone without its own."""
        return self.default.extra_kg

    @property
    def free_threshold_fen(self) -> int | None:
        """Goods total from which postage is free; None: never."""
        return self.free_shipping.threshold_fen

    @property
    def free_includes_remote(self) -> bool:
        """True when remote zones ship free above the threshold too."""
        return self.free_shipping.includes_remote


class Courier(Labelled):
    """A courier; `surcharge_fen` is added per parcel, `faster_days` shortens transit."""
    aliases: tuple[Text, ...] = ()
    surcharge_fen: Fen = Field(0, alias="surcharge")
    faster_days: whole(0, 10) = 0
    default: Flag = False
    available: Flag = True

    @validator("code")
    def _lower(cls, code: str) -> str:
        return code.lower()

    @validator("available")
    def _default_is_available(cls, available: bool, values: dict[str, Any]) -> bool:
        if values.get("default") and not available:
            raise ValueError("the default courier must be available")
        return available


def check_couriers(couriers: tuple[Courier, ...]) -> tuple[Courier, ...]:
    """Codes are unique and exactly one courier is the default."""
    for i, courier in enumerate(couriers):
        if any(c.code == courier.code for c in couriers[:i]):
            raise problem(f"courier {courier.code!r} is listed twice", i, "code")
    defaults = [i for i, c in enumerate(couriers) if c.default]
    if len(defaults) > 1:
        raise problem(f"exactly one courier must be the default, found {len(defaults)}", defaults[1], "default")
    if not defaults:
        raise ValueError("exactly one courier must be the default, found 0")
    return couriers


class RestDays(Strict):
    """A span of rest days, both ends included."""
    first: Day = Field(alias="from")
    last: Day = Field(alias="to")

    @validator("last")
    def _within_sixty_days(cls, last: date, values: dict[str, Any]) -> date:
        first = values.get("first")
        if first and not first <= last <= first + timedelta(days=60):
            raise ValueError("must be from 0 to 60 days after from")
        return last


class DispatchPolicy(Strict):
    """When paid orders leave the warehouse."""
    cutoff: Clock
    max_hours: whole(1, 240)
    rest_weekdays: frozenset[Weekday] = frozenset()
    rest_dates: frozenset[Day] = frozenset()

    @validator("rest_weekdays")
    def _ships_some_day(cls, days: frozenset[int]) -> frozenset[int]:
        if len(days) == 7:
            raise ValueError("the warehouse must ship on at least one weekday")
        return days

    @validator("rest_dates", pre=True)
    def _spans_to_days(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        days: list[Any] = []
        for i, item in enumerate(value):
            try:
                if not isinstance(item, dict):
                    days.append(Day.check(item))
                    continue
                rest = RestDays.parse_obj(item)
            except (ValidationError, ValueError) as error:
                raise problem(error, i) from None
            days += [rest.first + timedelta(days=n) for n in range((rest.last - rest.first).days + 1)]
        return days

    def is_rest_day(self, day: date) -> bool:
        """True when the warehouse does not ship on `day`."""
        return day.weekday() in self.rest_weekdays or day in self.rest_dates
