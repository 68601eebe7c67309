"""The shop policy: frozen dataclasses, and loading plus validation of shop_policy.yml.

Money is held in fen (int, 1 yuan = 100 fen); the YAML file is written in yuan.
Weekdays are ints as in `date.weekday()` (0 = Monday).
"""
from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

DEFAULT_POLICY_FILE = Path(__file__).resolve().parents[2] / "shop_policy.yml"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SHIFT_NAMES = ("day", "night")
PROMOTION_KINDS = ("full_reduction", "coupon", "gift", "discount")

# Canonical short name -> other names buyers and addresses use (matched case-insensitively).
MAINLAND_REGIONS: dict[str, tuple[str, ...]] = {
    "北京": ("北京市", "京", "beijing", "peking"),
    "天津": ("天津市", "津", "tianjin"),
    "上海": ("上海市", "沪", "shanghai"),
    "重庆": ("重庆市", "渝", "chongqing"),
    "河北": ("河北省", "hebei"),
    "山西": ("山西省", "shanxi"),
    "辽宁": ("辽宁省", "liaoning"),
    "吉林": ("吉林省", "jilin"),
    "黑龙江": ("黑龙江省", "heilongjiang"),
    "江苏": ("江苏省", "苏", "jiangsu"),
    "浙江": ("浙江省", "浙", "zhejiang"),
    "安徽": ("安徽省", "anhui"),
    "福建": ("福建省", "闽", "fujian"),
    "江西": ("江西省", "jiangxi"),
    "山东": ("山东省", "shandong"),
    "河南": ("河南省", "henan"),
    "湖北": ("湖北省", "hubei"),
    "湖南": ("湖南省", "hunan"),
    "广东": ("广东省", "粤", "guangdong", "canton"),
    "海南": ("海南省", "hainan"),
    "四川": ("四川省", "川", "sichuan", "szechuan"),
    "贵州": ("贵州省", "guizhou"),
    "云南": ("云南省", "yunnan"),
    "陕西": ("陕西省", "shaanxi"),
    "甘肃": ("甘肃省", "gansu"),
    "青海": ("青海省", "qinghai"),
    "内蒙古": ("内蒙古自治区", "内蒙", "inner mongolia", "nei mongol", "neimenggu", "neimeng",
             "inner mongolia autonomous region"),
    "广西": ("广西壮族自治区", "guangxi", "guangxi zhuang autonomous region"),
    "西藏": ("西藏自治区", "tibet", "xizang", "tibet autonomous region"),
    "宁夏": ("宁夏回族自治区", "ningxia", "ningxia hui autonomous region"),
    "新疆": ("新疆维吾尔自治区", "xinjiang", "xinjiang uygur autonomous region",
           "xinjiang uyghur autonomous region"),
}
OUTSIDE_REGIONS: dict[str, tuple[str, ...]] = {
    "香港": ("香港特别行政区", "香港特区", "hong kong", "hongkong", "hk"),
    "澳门": ("澳门特别行政区", "澳门特区", "macau", "macao"),
    "台湾": ("台湾省", "taiwan"),
    "海外": ("国外", "境外", "overseas", "abroad", "international"),
}
_SUFFIXES = ("specialadministrativeregion", "autonomousregion", "municipality", "province",
             "city", "sar", "特别行政区", "自治区", "省", "市")


def _region_key(text: str) -> str:
    return re.sub(r"[\s\-_.'’]+", "", text).casefold()


_REGION_INDEX: dict[str, str] = {
    _region_key(name): canonical
    for table in (MAINLAND_REGIONS, OUTSIDE_REGIONS)
    for canonical, aliases in table.items()
    for name in (canonical, *aliases)
}


def region_name(text: str) -> str | None:
    """Canonical short name of a province-level region or of 香港/澳门/台湾/海外, else None.

    Matches Chinese full names, English names and pinyin; a Chinese text that merely contains
    a region name ("新疆乌鲁木齐") yields the region that appears first.
    """
    key = _region_key(text or "")
    if not key:
        return None
    if key in _REGION_INDEX:
        return _REGION_INDEX[key]
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and key[: -len(suffix)] in _REGION_INDEX:
            return _REGION_INDEX[key[: -len(suffix)]]
    found = [(key.find(name), -len(name), canonical) for name, canonical in _REGION_INDEX.items()
             if len(name) >= 2 and re.search(r"[\u4e00-\u9fff]", name) and name in key]
    return min(found)[2] if found else None


class PolicyError(ValueError):
    """The policy file is missing or wrong; `field` is the dotted path of the bad value."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"shop policy field '{field}': {problem}")
        self.field = field


@dataclass(frozen=True)
class ShopInfo:
    """Who the shop is and where it ships from."""
    name_zh: str
    name_en: str
    timezone: str
    ship_from_province: str
    default_language: str


@dataclass(frozen=True)
class Shift:
    """A customer-service shift; `end` <= `start` means it ends after midnight ("24:00" is 00:00)."""
    name: str
    start: time
    end: time
    agents: tuple[str, ...]

    @property
    def crosses_midnight(self) -> bool:
        """True when the shift ends on the next calendar day."""
        return self.end <= self.start


@dataclass(frozen=True)
class TimeWindow:
    """A window within one day, start included, end excluded."""
    start: time
    end: time


@dataclass(frozen=True)
class BusinessHours:
    """Open weekdays (shifts start on them), the shifts and the buyers' peak hours."""
    open_weekdays: frozenset[int]
    shifts: tuple[Shift, ...]
    peaks: tuple[TimeWindow, ...]


@dataclass(frozen=True)
class ShippingZone:
    """A group of provinces with the same postage and transit time."""
    name: str
    provinces: tuple[str, ...]
    first_kg_fen: int
    extra_kg_fen: int
    remote: bool
    remote_surcharge_fen: int
    transit_min: int
    transit_max: int


@dataclass(frozen=True)
class ProvinceFees:
    """Per-province override of its zone's fees; None keeps the zone's value."""
    province: str
    first_kg_fen: int | None
    extra_kg_fen: int | None
    remote_surcharge_fen: int | None


@dataclass(frozen=True)
class ShippingPolicy:
    """Postage rules; `free_threshold_fen` None means never free."""
    default_first_kg_fen: int
    default_extra_kg_fen: int
    free_threshold_fen: int | None
    free_includes_remote: bool
    zones: tuple[ShippingZone, ...]
    overrides: tuple[ProvinceFees, ...]
    not_served: tuple[str, ...]


@dataclass(frozen=True)
class Courier:
    """A courier; `surcharge_fen` is added per parcel, `faster_days` shortens transit."""
    code: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    surcharge_fen: int
    faster_days: int
    default: bool
    available: bool


@dataclass(frozen=True)
class DispatchPolicy:
    """When paid orders leave the warehouse."""
    cutoff: time
    max_hours: int
    rest_weekdays: frozenset[int]
    rest_dates: frozenset[date]

    def is_rest_day(self, day: date) -> bool:
        """True when the warehouse does not ship on `day`."""
        return day.weekday() in self.rest_weekdays or day in self.rest_dates


@dataclass(frozen=True)
class Gift:
    """A freebie the bot may add when it cannot lower the price any more."""
    zh: str
    en: str


@dataclass(frozen=True)
class BargainingPolicy:
    """The bot's authority to lower prices, step by step."""
    max_discount_percent: float
    steps_percent: tuple[float, ...]
    gifts: tuple[Gift, ...]
    coupon_fen: int | None


@dataclass(frozen=True)
class Promotion:
    """A campaign, valid from `valid_from` to `valid_to` inclusive."""
    id: str
    title_zh: str
    title_en: str
    kind: str
    threshold_fen: int | None
    amount_fen: int | None
    percent_off: float | None
    valid_from: date
    valid_to: date


@dataclass(frozen=True)
class ExcludedCategory:
    """Goods without 7-day no-reason return; matched by code or one of `kinds`."""
    code: str
    name_zh: str
    name_en: str
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class ReturnAddress:
    """Where buyers send goods back."""
    recipient: str
    phone: str
    address: str


@dataclass(frozen=True)
class ReturnsPolicy:
    """After-sale windows (days after delivery) and who pays return postage."""
    no_reason_days: int
    exchange_days: int
    quality_problem_days: int
    buyer_pays_no_reason: bool
    buyer_pays_exchange: bool
    buyer_pays_quality_problem: bool
    excluded: tuple[ExcludedCategory, ...]
    refund_processing_days: int
    return_address: ReturnAddress


@dataclass(frozen=True)
class InvoiceType:
    """A kind of invoice the shop issues; `min_order_fen` None means any amount."""
    code: str
    name_zh: str
    name_en: str
    electronic: bool
    min_order_fen: int | None
    conditions_zh: str
    conditions_en: str


@dataclass(frozen=True)
class InvoicePolicy:
    """Invoices: issued within `issue_within_days` after the buyer confirms receipt."""
    available: bool
    title_required: bool
    tax_id_required_for_company: bool
    issue_within_days: int
    types: tuple[InvoiceType, ...]


@dataclass(frozen=True)
class PaymentMethod:
    """A way to pay, with the words buyers use for it."""
    code: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    available: bool
    conditions_zh: str
    conditions_en: str


@dataclass(frozen=True)
class PaymentPolicy:
    """Accepted payment methods."""
    methods: tuple[PaymentMethod, ...]

    @property
    def cod_available(self) -> bool:
        """True when cash on delivery (code "cod") is offered."""
        return any(m.code == "cod" and m.available for m in self.methods)


@dataclass(frozen=True)
class HandoffPolicy:
    """How long a buyer may wait for a human agent."""
    wait_limit_minutes: int


@dataclass(frozen=True)
class LogisticsPolicy:
    """A parcel without a tracking event for this long is stalled."""
    stalled_after_hours: int


@dataclass(frozen=True)
class ProactivePolicy:
    """Messages the bot sends on its own (bot/jobs/): none inside `quiet_hours` (None: any time)."""
    quiet_hours: TimeWindow | None = TimeWindow(time(22, 0), time(8, 0))
    unpaid_reminder: bool = True
    unpaid_after_minutes: int = 30
    late_parcel: bool = True


@dataclass(frozen=True)
class SizeRow:
    """One size; ranges are (min, max), both included; None when the chart lacks the measure."""
    size: str
    height_cm: tuple[float, float] | None
    weight_kg: tuple[float, float] | None
    foot_length_cm: tuple[float, float] | None


@dataclass(frozen=True)
class SizeChart:
    """Sizes from small to large; a chart measures either the body or the foot."""
    name: str
    rows: tuple[SizeRow, ...]

    @property
    def measures_foot(self) -> bool:
        """True for a shoe chart (foot length)."""
        return self.rows[0].foot_length_cm is not None


@dataclass(frozen=True)
class CareNote:
    """How to care for goods whose material names one of `materials`."""
    materials: tuple[str, ...]
    zh: str
    en: str


@dataclass(frozen=True)
class CarePolicy:
    """Care answers by material, first match wins; `default_*` when none matches."""
    notes: tuple[CareNote, ...]
    default_zh: str
    default_en: str


@dataclass(frozen=True)
class ShopPolicy:
    """Everything the bot may promise, as written by the shop owner in shop_policy.yml."""
    shop: ShopInfo
    hours: BusinessHours
    shipping: ShippingPolicy
    couriers: tuple[Courier, ...]
    dispatch: DispatchPolicy
    bargaining: BargainingPolicy
    promotions: tuple[Promotion, ...]
    returns: ReturnsPolicy
    invoice: InvoicePolicy
    payment: PaymentPolicy
    handoff: HandoffPolicy
    logistics: LogisticsPolicy
    size_charts: tuple[SizeChart, ...]
    care: CarePolicy
    proactive: ProactivePolicy = ProactivePolicy()


_MISSING: Any = object()


class _Node:
    """A YAML mapping with its dotted path, so every error names the exact field."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise PolicyError(path or "file", "must be a mapping of keys to values")
        self.data, self.path, self.seen = data, path, set()

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else str(key)

    def raw(self, key: str, default: Any = _MISSING) -> Any:
        self.seen.add(key)
        if self.data.get(key) is None:
            if default is _MISSING:
                raise PolicyError(self.at(key), "is missing")
            return default
        return self.data[key]

    def node(self, key: str) -> _Node:
        return _Node(self.raw(key), self.at(key))

    def entries(self) -> Iterator[tuple[str, Any, str]]:
        for key, value in self.data.items():
            self.seen.add(key)
            yield str(key), value, self.at(str(key))

    def items(self, key: str, default: Any = _MISSING) -> list[tuple[Any, str]]:
        value = self.raw(key, default)
        if not isinstance(value, list):
            raise PolicyError(self.at(key), "must be a list")
        return [(item, f"{self.at(key)}[{i}]") for i, item in enumerate(value)]

    def given(self, key: str) -> bool:
        self.seen.add(key)
        return self.data.get(key) is not None

    def text(self, key: str, default: Any = _MISSING) -> str:
        return _text(self.raw(key), self.at(key)) if self.given(key) else self.raw(key, default)

    def texts(self, key: str) -> tuple[str, ...]:
        return tuple(_text(item, path) for item, path in self.items(key, []))

    def flag(self, key: str, default: Any = _MISSING) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise PolicyError(self.at(key), f"must be true or false, not {value!r}")
        return value

    def integer(self, key: str, low: int, high: int, default: Any = _MISSING) -> int:
        if not self.given(key):
            return self.raw(key, default)
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise PolicyError(self.at(key), f"must be a whole number from {low} to {high}, not {value!r}")
        return value

    def number(self, key: str, low: float, high: float, default: Any = _MISSING) -> float:
        return _number(self.raw(key), self.at(key), low, high) if self.given(key) else self.raw(key, default)

    def money(self, key: str, default: Any = _MISSING) -> int:
        """An amount in yuan converted to fen; `default` (already in fen) when absent."""
        return _fen(self.raw(key), self.at(key)) if self.given(key) else self.raw(key, default)

    def clock(self, key: str, allow_midnight_end: bool = False) -> time:
        return _clock(self.raw(key), self.at(key), allow_midnight_end)

    def day(self, key: str) -> date:
        return _day(self.raw(key), self.at(key))

    def finish(self) -> None:
        unknown = [str(k) for k in self.data if k not in self.seen]
        if unknown:
            raise PolicyError(self.at(unknown[0]), "unknown key (a typo?)")


def _text(value: Any, path: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
        raise PolicyError(path, f"must be a non-empty text, not {value!r}")
    return str(value).strip()


def _number(value: Any, path: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise PolicyError(path, f"must be a number from {low:g} to {high:g}, not {value!r}")
    return float(value)


def _fen(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PolicyError(path, f"must be an amount in yuan, not {value!r}")
    try:
        fen = Decimal(str(value)) * 100
    except InvalidOperation:
        raise PolicyError(path, f"must be an amount in yuan, not {value!r}") from None
    if fen < 0 or fen != fen.to_integral_value():
        raise PolicyError(path, f"must be a non-negative amount in yuan with at most 2 decimals, not {value!r}")
    return int(fen)


def _clock(value: Any, path: str, allow_midnight_end: bool = False) -> time:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", value) if isinstance(value, str) else None
    if not match:
        raise PolicyError(path, f'must be a quoted time "HH:MM", not {value!r}')
    hour, minute = int(match[1]), int(match[2])
    if allow_midnight_end and (hour, minute) == (24, 0):
        return time(0, 0)
    if hour > 23 or minute > 59:
        raise PolicyError(path, f"{value!r} is not a time of day (00:00 to 23:59)")
    return time(hour, minute)


def _day(value: Any, path: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise PolicyError(path, f"must be a date YYYY-MM-DD, not {value!r}") from None


def _range(value: Any, path: str, low: float, high: float, strict: bool = True) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        raise PolicyError(path, f"must be [min, max], not {value!r}")
    first, second = (_number(v, path, low, high) for v in value)
    if first > second or (strict and first == second):
        raise PolicyError(path, f"min must be {'below' if strict else 'at most'} max, not {value!r}")
    return first, second


def _weekdays(node: _Node, key: str) -> frozenset[int]:
    days = node.texts(key)
    for i, name in enumerate(days):
        if name.lower() not in WEEKDAYS:
            raise PolicyError(f"{node.at(key)}[{i}]", f"{name!r} is not one of {', '.join(WEEKDAYS)}")
    return frozenset(WEEKDAYS.index(name.lower()) for name in days)


def _shop(node: _Node) -> ShopInfo:
    zone, known_zones = node.text("timezone"), zoneinfo.available_timezones()
    if known_zones and zone not in known_zones:
        raise PolicyError(node.at("timezone"), f"unknown time zone {zone!r}")
    origin = node.text("ship_from_province")
    if region_name(origin) not in MAINLAND_REGIONS:
        raise PolicyError(node.at("ship_from_province"), f"unknown mainland province {origin!r}")
    language = node.text("default_language")
    if language not in ("zh", "en"):
        raise PolicyError(node.at("default_language"), f"must be zh or en, not {language!r}")
    return ShopInfo(node.text("name_zh"), node.text("name_en"), zone, region_name(origin) or origin, language)


def _hours(node: _Node) -> BusinessHours:
    open_days = _weekdays(node, "days_open")
    if not open_days:
        raise PolicyError(node.at("days_open"), "must name at least one day")
    shifts = []
    for name, value, path in node.node("shifts").entries():
        if name not in SHIFT_NAMES:
            raise PolicyError(path, f"shift must be named day or night, not {name!r}")
        shift_node = _Node(value, path)
        shift = Shift(name, shift_node.clock("start"), shift_node.clock("end", True),
                      shift_node.texts("agents"))
        if shift.start == shift.end:
            raise PolicyError(shift_node.at("end"), "a shift cannot end when it starts")
        shift_node.finish()
        shifts.append(shift)
    if not shifts:
        raise PolicyError(node.at("shifts"), "must define the day and/or night shift")
    peaks = []
    for value, path in node.items("peaks", []):
        peak_node = _Node(value, path)
        peak = TimeWindow(peak_node.clock("start"), peak_node.clock("end"))
        if peak.end <= peak.start:
            raise PolicyError(peak_node.at("end"), "must be later than start")
        peak_node.finish()
        peaks.append(peak)
    return BusinessHours(open_days, tuple(shifts), tuple(peaks))


def _province(value: Any, path: str, table: dict[str, tuple[str, ...]]) -> str:
    name = region_name(_text(value, path))
    if name not in table:
        raise PolicyError(path, f"unknown province {value!r}")
    return name


def _shipping(node: _Node) -> ShippingPolicy:
    default = node.node("default")
    first_kg, extra_kg = default.money("first_kg"), default.money("extra_kg")
    default.finish()
    free = node.node("free_shipping")
    threshold, includes_remote = free.money("threshold", None), free.flag("includes_remote", False)
    free.finish()
    not_served = tuple(_province(v, p, {**MAINLAND_REGIONS, **OUTSIDE_REGIONS})
                       for v, p in node.items("not_served", []))
    seen: dict[str, str] = {name: "not_served" for name in not_served}
    zones = []
    for name, value, path in node.node("zones").entries():
        zone_node = _Node(value, path)
        provinces = tuple(_province(v, p, MAINLAND_REGIONS) for v, p in zone_node.items("provinces"))
        for i, province in enumerate(provinces):
            if province in seen:
                raise PolicyError(f"{zone_node.at('provinces')}[{i}]", f"{province} is already in {seen[province]}")
            seen[province] = name
        transit = _range(zone_node.raw("transit_days"), zone_node.at("transit_days"), 1, 60, strict=False)
        if any(int(t) != t for t in transit):
            raise PolicyError(zone_node.at("transit_days"), "must be whole days")
        zone = ShippingZone(
            name, provinces, zone_node.money("first_kg", first_kg), zone_node.money("extra_kg", extra_kg),
            zone_node.flag("remote", False), zone_node.money("remote_surcharge", 0),
            int(transit[0]), int(transit[1]))
        if zone.remote_surcharge_fen and not zone.remote:
            raise PolicyError(zone_node.at("remote_surcharge"), "only a zone with remote: true has a remote surcharge")
        zones.append(zone)
        zone_node.finish()
    missing = [p for p in MAINLAND_REGIONS if p not in seen]
    if missing:
        raise PolicyError(node.at("zones"), f"provinces in no zone: {', '.join(missing)}")
    overrides = []
    table = _Node(node.raw("province_overrides", {}), node.at("province_overrides"))
    for name, value, path in table.entries():
        fees = _Node(value, path)
        overrides.append(ProvinceFees(_province(name, path, MAINLAND_REGIONS), fees.money("first_kg", None),
                                      fees.money("extra_kg", None), fees.money("remote_surcharge", None)))
        fees.finish()
    return ShippingPolicy(first_kg, extra_kg, threshold, includes_remote, tuple(zones), tuple(overrides), not_served)


def _couriers(items: list[tuple[Any, str]], path: str) -> tuple[Courier, ...]:
    couriers = []
    for value, item_path in items:
        item = _Node(value, item_path)
        code = item.text("code").lower()
        if any(c.code == code for c in couriers):
            raise PolicyError(item.at("code"), f"courier {code!r} is listed twice")
        courier = Courier(code, item.text("name_zh"), item.text("name_en"), item.texts("aliases"),
                          item.money("surcharge", 0), item.integer("faster_days", 0, 10, 0),
                          item.flag("default", False), item.flag("available", True))
        if courier.default and not courier.available:
            raise PolicyError(item.at("available"), "the default courier must be available")
        item.finish()
        couriers.append(courier)
    defaults = [i for i, c in enumerate(couriers) if c.default]
    if len(defaults) != 1:
        where = f"{path}[{defaults[1]}].default" if len(defaults) > 1 else path
        raise PolicyError(where, f"exactly one courier must be the default, found {len(defaults)}")
    return tuple(couriers)


def _dispatch(node: _Node) -> DispatchPolicy:
    rest_weekdays = _weekdays(node, "rest_weekdays")
    if len(rest_weekdays) == 7:
        raise PolicyError(node.at("rest_weekdays"), "the warehouse must ship on at least one weekday")
    rest_dates: set[date] = set()
    for value, path in node.items("rest_dates", []):
        if isinstance(value, dict):
            span = _Node(value, path)
            first, last = span.day("from"), span.day("to")
            if not first <= last <= first + timedelta(days=60):
                raise PolicyError(span.at("to"), "must be from 0 to 60 days after from")
            span.finish()
            rest_dates.update(first + timedelta(days=n) for n in range((last - first).days + 1))
        else:
            rest_dates.add(_day(value, path))
    return DispatchPolicy(node.clock("cutoff"), node.integer("max_hours", 1, 240),
                          rest_weekdays, frozenset(rest_dates))


def _bargaining(node: _Node) -> BargainingPolicy:
    max_discount = node.number("max_discount_percent", 0, 90)
    steps = tuple(_number(v, p, 0.01, 90) for v, p in node.items("steps_percent"))
    if not steps:
        raise PolicyError(node.at("steps_percent"), "must list at least one step")
    for i, step in enumerate(steps):
        if i and step <= steps[i - 1]:
            raise PolicyError(f"{node.at('steps_percent')}[{i}]", "steps must increase")
        if step > max_discount:
            raise PolicyError(f"{node.at('steps_percent')}[{i}]", f"{step:g} is above max_discount_percent")
    gifts = []
    for value, path in node.items("gifts", []):
        gift = _Node(value, path)
        gifts.append(Gift(gift.text("zh"), gift.text("en")))
        gift.finish()
    return BargainingPolicy(max_discount, steps, tuple(gifts), node.money("coupon_when_exhausted", None))


def _promotions(items: list[tuple[Any, str]]) -> tuple[Promotion, ...]:
    promotions: list[Promotion] = []
    for value, path in items:
        item = _Node(value, path)
        kind = item.text("kind")
        if kind not in PROMOTION_KINDS:
            raise PolicyError(item.at("kind"), f"must be one of {', '.join(PROMOTION_KINDS)}, not {kind!r}")
        needs_amount = kind in ("full_reduction", "coupon")
        promotion = Promotion(
            item.text("id"), item.text("title_zh"), item.text("title_en"), kind,
            item.money("threshold", _MISSING if kind == "full_reduction" else None),
            item.money("amount", _MISSING if needs_amount else None),
            item.number("percent_off", 0.01, 99, _MISSING if kind == "discount" else None),
            item.day("valid_from"), item.day("valid_to"))
        if any(p.id == promotion.id for p in promotions):
            raise PolicyError(item.at("id"), f"promotion id {promotion.id!r} is used twice")
        if promotion.valid_to < promotion.valid_from:
            raise PolicyError(item.at("valid_to"), "must not be before valid_from")
        if needs_amount and promotion.threshold_fen and promotion.amount_fen >= promotion.threshold_fen:
            raise PolicyError(item.at("amount"), "must be below the threshold")
        item.finish()
        promotions.append(promotion)
    return tuple(promotions)


def _payer(node: _Node, key: str) -> bool:
    payer = node.text(key)
    if payer not in ("buyer", "shop"):
        raise PolicyError(node.at(key), f"must be buyer or shop, not {payer!r}")
    return payer == "buyer"


def _returns(node: _Node) -> ReturnsPolicy:
    postage = node.node("postage")
    payers = (_payer(postage, "no_reason"), _payer(postage, "exchange"), _payer(postage, "quality_problem"))
    postage.finish()
    excluded = []
    for value, path in node.items("excluded_from_no_reason", []):
        item = _Node(value, path)
        excluded.append(ExcludedCategory(item.text("code"), item.text("name_zh"), item.text("name_en"),
                                         item.texts("kinds")))
        item.finish()
    address = node.node("return_address")
    return_address = ReturnAddress(address.text("recipient"), address.text("phone"), address.text("address"))
    address.finish()
    return ReturnsPolicy(node.integer("no_reason_days", 0, 365), node.integer("exchange_days", 0, 365),
                         node.integer("quality_problem_days", 0, 365), *payers, tuple(excluded),
                         node.integer("refund_processing_days", 0, 60), return_address)


def _invoice(node: _Node) -> InvoicePolicy:
    types = []
    for value, path in node.items("types", []):
        item = _Node(value, path)
        types.append(InvoiceType(item.text("code"), item.text("name_zh"), item.text("name_en"),
                                 item.flag("electronic"), item.money("min_order", None),
                                 item.text("conditions_zh", ""), item.text("conditions_en", "")))
        item.finish()
    available = node.flag("available")
    if available and not types:
        raise PolicyError(node.at("types"), "must list at least one invoice type when available")
    return InvoicePolicy(available, node.flag("title_required", True),
                         node.flag("tax_id_required_for_company", True),
                         node.integer("issue_within_days", 0, 60), tuple(types))


def _payment(node: _Node) -> PaymentPolicy:
    methods = []
    for value, path in node.items("methods"):
        item = _Node(value, path)
        methods.append(PaymentMethod(item.text("code"), item.text("name_zh"), item.text("name_en"),
                                     item.texts("aliases"), item.flag("available", True),
                                     item.text("conditions_zh", ""), item.text("conditions_en", "")))
        item.finish()
    if not methods:
        raise PolicyError(node.at("methods"), "must list at least one payment method")
    return PaymentPolicy(tuple(methods))


def _size_chart(name: str, rows: Any, path: str) -> SizeChart:
    if not isinstance(rows, list) or not rows:
        raise PolicyError(path, "must be a non-empty list of sizes")
    parsed = []
    for i, value in enumerate(rows):
        item = _Node(value, f"{path}[{i}]")
        measures = {key: None if item.data.get(key) is None else _range(item.raw(key), item.at(key), 1, 300)
                    for key in ("height_cm", "weight_kg", "foot_length_cm")}
        row = SizeRow(item.text("size"), **measures)
        if (row.foot_length_cm is None) == (row.height_cm is None and row.weight_kg is None):
            raise PolicyError(item.path, "a size needs height_cm/weight_kg, or foot_length_cm for shoes")
        if parsed and (row.foot_length_cm is None) != (parsed[0].foot_length_cm is None):
            raise PolicyError(item.path, "all sizes of a chart must use the same measures")
        for key, value_range in measures.items():
            before = getattr(parsed[-1], key) if parsed else None
            if before and value_range and (value_range[0] < before[0] or value_range[1] < before[1]):
                raise PolicyError(item.at(key), "sizes must go from small to large")
        if any(r.size == row.size for r in parsed):
            raise PolicyError(item.at("size"), f"size {row.size!r} is listed twice")
        item.finish()
        parsed.append(row)
    return SizeChart(name, tuple(parsed))


def _care(node: _Node) -> CarePolicy:
    notes = []
    for value, path in node.items("notes", []):
        note = _Node(value, path)
        materials = note.texts("materials")
        if not materials:
            raise PolicyError(note.at("materials"), "must list at least one material word")
        notes.append(CareNote(materials, note.text("zh"), note.text("en")))
        note.finish()
    default = node.node("default")
    care = CarePolicy(tuple(notes), default.text("zh"), default.text("en"))
    default.finish()
    return care


def _proactive(node: _Node) -> ProactivePolicy:
    quiet = None
    if node.given("quiet_hours"):
        window = node.node("quiet_hours")
        quiet = TimeWindow(window.clock("start"), window.clock("end", True))
        if quiet.start == quiet.end:
            raise PolicyError(window.at("end"), "quiet hours cannot end when they start")
        window.finish()
    unpaid = node.node("unpaid_reminder")
    late = node.node("late_parcel")
    policy = ProactivePolicy(quiet, unpaid.flag("enabled"), unpaid.integer("after_minutes", 5, 1440),
                             late.flag("enabled"))
    unpaid.finish()
    late.finish()
    return policy


def _section(root: _Node, key: str, build: Callable[[_Node], Any]) -> Any:
    node = root.node(key)
    result = build(node)
    node.finish()
    return result


def parse_policy(data: Any) -> ShopPolicy:
    """Validate an already-parsed YAML document and build the ShopPolicy (raises PolicyError)."""
    root = _Node(data, "")
    policy = ShopPolicy(
        shop=_section(root, "shop", _shop),
        hours=_section(root, "hours", _hours),
        shipping=_section(root, "shipping", _shipping),
        couriers=_couriers(root.items("couriers"), "couriers"),
        dispatch=_section(root, "dispatch", _dispatch),
        bargaining=_section(root, "bargaining", _bargaining),
        promotions=_promotions(root.items("promotions", [])),
        returns=_section(root, "returns", _returns),
        invoice=_section(root, "invoice", _invoice),
        payment=_section(root, "payment", _payment),
        handoff=_section(root, "handoff", lambda n: HandoffPolicy(n.integer("wait_limit_minutes", 1, 240))),
        logistics=_section(root, "logistics",
                           lambda n: LogisticsPolicy(n.integer("stalled_after_hours", 1, 720))),
        size_charts=_section(root, "size_charts",
                             lambda n: tuple(_size_chart(*entry) for entry in n.entries())),
        care=_section(root, "care", _care),
        proactive=_section(root, "proactive", _proactive) if root.given("proactive") else ProactivePolicy(),
    )
    root.finish()
    return policy


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
