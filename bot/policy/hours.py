"""Whether human customer service is on duty."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterator

from bot.policy.schema import Shift, ShopPolicy


@dataclass(frozen=True)
class ShiftStatus:
    """Service status at a moment; `next_open` equals that moment when open."""
    open: bool
    shift: str | None
    next_open: datetime
    peak: bool


def _shift_spans(policy: ShopPolicy, now: datetime) -> Iterator[tuple[Shift, datetime, datetime]]:
    """Shifts starting from the day before `now` to a week after, on open weekdays."""
    for offset in range(-1, 9):
        day = now.date() + timedelta(days=offset)
        if day.weekday() not in policy.hours.open_weekdays:
            continue
        for shift in policy.hours.shifts:
            end_day = day + timedelta(days=1) if shift.crosses_midnight else day
            yield shift, datetime.combine(day, shift.start), datetime.combine(end_day, shift.end)


def shift_status(policy: ShopPolicy, now: datetime) -> ShiftStatus:
    """Which shift is on at `now` (the first listed one when shifts overlap), the next opening, and
    whether `now` is in a peak window while open. A shift belongs to the weekday it starts on.
    """
    spans = list(_shift_spans(policy, now))
    current = [shift for shift, start, end in spans if start <= now < end]
    if current:
        peak = any(window.start <= now.time() < window.end for window in policy.hours.peaks)
        return ShiftStatus(True, current[0].name, now, peak)
    next_open = min(start for _, start, _ in spans if start > now)
    return ShiftStatus(False, None, next_open, False)
