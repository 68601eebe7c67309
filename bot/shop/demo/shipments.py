"""The demo orders' shipments: tracking numbers and tracking events along the route."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import List, Optional

from bot.shop.demo.places import WAREHOUSE, Place
from bot.shop.models import Order, Shipment, TrackingEvent


def event(at: datetime, status: str, place: Place) -> TrackingEvent:
    """A tracking event at `place`."""
    return TrackingEvent(occurred_at=at, status=status, location_zh=place[0], location_en=place[1])


def whole_minutes(span: timedelta) -> timedelta:
    """`span` rounded to whole minutes."""
    return timedelta(minutes=round(span.total_seconds() / 60))


def delivered_events(
    route: List[Place], shipped_at: datetime, delivered_at: datetime
) -> List[TrackingEvent]:
    """collected, in_transit at the warehouse and each hub, arrived, out_for_delivery, delivered."""
    city, hubs = route[-1], route[1:-1]
    arrived = delivered_at - whole_minutes((delivered_at - shipped_at) / 5)
    start = shipped_at + timedelta(hours=3)
    events = [event(shipped_at, "collected", WAREHOUSE), event(start, "in_transit", WAREHOUSE)]
    step = whole_minutes((arrived - start) / (len(hubs) + 1))
    events += [event(start + step * (i + 1), "in_transit", hub) for i, hub in enumerate(hubs)]
    events += [
        event(arrived, "arrived", city),
        event(delivered_at - timedelta(hours=2), "out_for_delivery", city),
        event(delivered_at, "delivered", city),
    ]
    return events


def _tracking_number(rng: random.Random, courier: str) -> str:
    prefix, digits = {
        "yto": ("YT", 13), "zto": ("7", 13), "sf": ("SF", 13), "yunda": ("43", 13),
        "sto": ("77", 12), "ems": ("98", 11), "jd": ("JDVA", 11),
    }[courier]
    return prefix + "".join(str(rng.randrange(10)) for _ in range(digits))


def ship(order: Order, rng: random.Random, shipped_at: datetime, events: List[TrackingEvent],
          delivered_at: Optional[datetime] = None) -> None:
    """Give `order` its shipment with a tracking number and `events`."""
    order.shipped_at = shipped_at
    order.delivered_at = delivered_at
    order.shipment = Shipment(
        courier_code=order.courier_code, tracking_number=_tracking_number(rng, order.courier_code),
        shipped_at=shipped_at, delivered_at=delivered_at, events=events,
    )
