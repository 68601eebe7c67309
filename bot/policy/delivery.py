"""When a paid order ships and when it arrives."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.policy.schema import ShopPolicy
from bot.policy.shipping import courier_by_code, zone_of


@dataclass(frozen=True)
class DeliveryEstimate:
    """Dispatch day and arrival window (calendar days after dispatch) of an order."""
    ships_on: date
    ships_today: bool
    cutoff: time
    transit_min: int
    transit_max: int
    arrive_earliest: date
    arrive_latest: date


def next_dispatch_day(policy: ShopPolicy, day: date) -> date:
    """`day` itself if the warehouse ships that day, else the next day it does."""
    while policy.dispatch.is_rest_day(day):
        day += timedelta(days=1)
    return day


def estimate_delivery(policy: ShopPolicy, province: str, paid_at: datetime,
                      courier_code: str | None = None) -> DeliveryEstimate:
    """Orders paid before the cut-off ship that day, later ones the next dispatch day.

    Transit comes from the province's zone, shortened by the courier's `faster_days` (at least
    one day). Raises ValueError for an unknown or unserved province or an unknown courier.
    """
    zone = zone_of(policy, province)
    if zone is None:
        raise ValueError(f"the shop does not deliver to {province!r}")
    courier = courier_by_code(policy, courier_code)
    cutoff = policy.dispatch.cutoff
    first_day = paid_at.date() if paid_at.time() < cutoff else paid_at.date() + timedelta(days=1)
    ships_on = next_dispatch_day(policy, first_day)
    transit_min = max(1, zone.transit_min - courier.faster_days)
    transit_max = max(transit_min, zone.transit_max - courier.faster_days)
    return DeliveryEstimate(ships_on, ships_on == paid_at.date(), cutoff, transit_min, transit_max,
                            ships_on + timedelta(days=transit_min), ships_on + timedelta(days=transit_max))


def dispatch_deadline(policy: ShopPolicy, paid_at: datetime) -> datetime:
    """The latest dispatch the shop promises: `max_hours` after payment, not counting rest days."""
    remaining = timedelta(hours=policy.dispatch.max_hours)
    cursor = paid_at
    while True:
        midnight = datetime.combine(cursor.date() + timedelta(days=1), time(0))
        if policy.dispatch.is_rest_day(cursor.date()):
            cursor = midnight
            continue
        if cursor + remaining <= midnight:
            return cursor + remaining
        remaining -= midnight - cursor
        cursor = midnight


def is_stalled(policy: ShopPolicy, last_event_at: datetime | None, now: datetime) -> bool:
    """True when the parcel's last tracking event is at least `stalled_after_hours` old.

    Without any event there is nothing to judge by, so it is not reported as stalled.
    """
    if last_event_at is None:
        return False
    return now - last_event_at >= timedelta(hours=policy.logistics.stalled_after_hours)
