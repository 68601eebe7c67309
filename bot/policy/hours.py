"""Whether human customer service is on duty."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterator

from bot.i18n import label
from bot.policy.schema import Shift, ShopPolicy
from bot.texts import joiner, text


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


def service_windows(policy: ShopPolicy) -> list[tuple[int, int]]:
    """The day's service time as merged (start, end) minute spans from midnight; overlapping or
    touching shifts are one span, a shift past midnight ends after 1440 (22:00-02:00 is 1320-1560)."""
    spans = []
    for shift in policy.hours.shifts:
        start = shift.start.hour * 60 + shift.start.minute
        end = shift.end.hour * 60 + shift.end.minute
        spans.append((start, end + 1440 if shift.crosses_midnight else end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _clock(minutes: int, language: str) -> str:
    if minutes == 1440:
        return "24:00"
    time = f"{minutes % 1440 // 60:02d}:{minutes % 60:02d}"
    return text("utter_text_next_day_time", language, time=time) if minutes > 1440 else time


def _days_text(days: frozenset[int], language: str) -> str:
    if len(days) == 7:
        return text("utter_text_every_day", language)
    names = [label("weekday", str(day), language) for day in range(7)]
    ordered = sorted(days)
    runs: list[list[int]] = []
    for day in ordered:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [names[run[0]] if len(run) == 1
             else text("utter_text_day_range", language, first=names[run[0]], last=names[run[-1]]) for run in runs]
    return joiner(language).join(parts)


def hours_text(policy: ShopPolicy, language: str) -> str:
    """When people answer, as a buyer reads it: "每天 08:30-24:00" / "every day 08:30-24:00"."""
    windows = joiner(language).join(
        f"{_clock(start, language)}-{_clock(end, language)}" for start, end in service_windows(policy))
    return f"{_days_text(policy.hours.open_weekdays, language)} {windows}"


def agents_on_duty(policy: ShopPolicy, now: datetime) -> tuple[str, ...]:
    """Names of the agents of every shift on at `now` (none when closed or no names are listed)."""
    names: list[str] = []
    for shift, start, end in _shift_spans(policy, now):
        if start <= now < end:
            names += [name for name in shift.agents if name not in names]
    return tuple(names)
