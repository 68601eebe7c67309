"""The service sections of shop_policy.yml: hours, handoff, logistics, proactive messages, sizes, care."""
from __future__ import annotations

from datetime import time
from typing import Any, Optional

from pydantic import Field, ValidationError, root_validator, validator

from bot.policy.model.fields import (
    Clock, EndClock, Flag, Strict, Text, Weekday, keyed, named, one_of, problem, span, whole,
)

SHIFT_NAMES = ("day", "night")
_SIZE_MEASURES = ("height_cm", "weight_kg", "foot_length_cm")


class TimeWindow(Strict):
    """A window within one day, start included, end excluded ("24:00" ends at midnight)."""
    start: Clock
    end: EndClock


class Shift(Strict):
    """A customer-service shift; `end` <= `start` means it ends after midnight ("24:00" is 00:00)."""
    name: Text
    start: Clock
    end: EndClock
    agents: tuple[Text, ...] = ()

    @validator("end")
    def _not_empty(cls, end: time, values: dict[str, Any]) -> time:
        if end == values.get("start"):
            raise ValueError("a shift cannot end when it starts")
        return end

    @property
    def crosses_midnight(self) -> bool:
        """True when the shift ends on the next calendar day."""
        return self.end <= self.start


class BusinessHours(Strict):
    """Open weekdays (shifts start on them), the shifts and the buyers' peak hours."""
    open_weekdays: frozenset[Weekday] = Field(alias="days_open")
    shifts: tuple[Shift, ...]
    peaks: tuple[TimeWindow, ...] = ()

    @validator("open_weekdays")
    def _some_day(cls, days: frozenset[int]) -> frozenset[int]:
        if not days:
            raise ValueError("must name at least one day")
        return days

    @validator("peaks")
    def _peaks_end_after_start(cls, peaks: tuple[TimeWindow, ...]) -> tuple[TimeWindow, ...]:
        for i, peak in enumerate(peaks):
            if peak.end <= peak.start:
                raise problem("must be later than start", i, "end")
        return peaks

    @validator("shifts", pre=True)
    def _shifts_by_name(cls, value: Any) -> tuple:
        shifts = keyed(named(Shift, key_type=one_of(*SHIFT_NAMES)), value)
        if not shifts:
            raise ValueError("must define the day and/or night shift")
        return shifts


class HandoffPolicy(Strict):
    """How long a buyer may wait for a human agent."""
    wait_limit_minutes: whole(1, 240)


class LogisticsPolicy(Strict):
    """A parcel without a tracking event for this long is stalled."""
    stalled_after_hours: whole(1, 720)


class UnpaidReminder(Strict):
    """催付: one reminder this long after an unpaid order was placed."""
    enabled: Flag
    after_minutes: whole(5, 1440)


class LateParcel(Strict):
    """One apology when a paid order misses its dispatch deadline or its tracking stalls."""
    enabled: Flag


class ProactivePolicy(Strict):
    """Messages the bot sends on its own (bot/jobs/): none inside `quiet_hours` (None: any time).

    In the file `unpaid_reminder` and `late_parcel` are sections (UnpaidReminder, LateParcel).
    """
    quiet_hours: Optional[TimeWindow] = TimeWindow(start="22:00", end="08:00")
    unpaid_reminder: Flag = True
    unpaid_after_minutes: whole(5, 1440) = 30
    late_parcel: Flag = True

    @root_validator(pre=True)
    def _from_file_sections(cls, values: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(values.get("unpaid_reminder"), dict):
            return values
        sections = {}
        for key, model in (("unpaid_reminder", UnpaidReminder), ("late_parcel", LateParcel)):
            if values.get(key) is None:
                raise problem("is missing", key)
            try:
                sections[key] = model.parse_obj(values[key])
            except ValidationError as error:
                raise problem(error, key) from None
        unpaid, late = sections["unpaid_reminder"], sections["late_parcel"]
        return {"quiet_hours": None, **values, "unpaid_reminder": unpaid.enabled,
                "unpaid_after_minutes": unpaid.after_minutes, "late_parcel": late.enabled}

    @validator("quiet_hours")
    def _quiet_hours_not_empty(cls, window: TimeWindow | None) -> TimeWindow | None:
        if window and window.start == window.end:
            raise problem("quiet hours cannot end when they start", "end")
        return window


class SizeRow(Strict):
    """One size; ranges are (min, max), both included; None when the chart lacks the measure."""
    size: Text
    height_cm: Optional[span(1, 300)] = None
    weight_kg: Optional[span(1, 300)] = None
    foot_length_cm: Optional[span(1, 300)] = None

    @root_validator(skip_on_failure=True)
    def _body_or_foot(cls, values: dict[str, Any]) -> dict[str, Any]:
        body = values["height_cm"] is not None or values["weight_kg"] is not None
        if body == (values["foot_length_cm"] is not None):
            raise ValueError("a size needs height_cm/weight_kg, or foot_length_cm for shoes")
        return values


class SizeChart(Strict):
    """Sizes from small to large; a chart measures either the body or the foot."""
    name: Text
    rows: tuple[SizeRow, ...]

    @property
    def measures_foot(self) -> bool:
        """True for a shoe chart (foot length)."""
        return self.rows[0].foot_length_cm is not None


def size_chart_of(name: str, rows: Any) -> SizeChart:
    """The chart `name` from its list of sizes, which must go from small to large."""
    if not isinstance(rows, list) or not rows:
        raise ValueError("must be a non-empty list of sizes")
    parsed: list[SizeRow] = []
    for i, value in enumerate(rows):
        try:
            row = SizeRow.parse_obj(value)
        except ValidationError as error:
            raise problem(error, i) from None
        if parsed and (row.foot_length_cm is None) != (parsed[0].foot_length_cm is None):
            raise problem("all sizes of a chart must use the same measures", i)
        for key in _SIZE_MEASURES:
            before, now = (getattr(parsed[-1], key) if parsed else None), getattr(row, key)
            if before and now and (now[0] < before[0] or now[1] < before[1]):
                raise problem("sizes must go from small to large", i, key)
        if any(r.size == row.size for r in parsed):
            raise problem(f"size {row.size!r} is listed twice", i, "size")
        parsed.append(row)
    return SizeChart(name=name, rows=tuple(parsed))


class CareNote(Strict):
    """How to care for goods whose material names one of `materials`."""
    materials: tuple[Text, ...]
    zh: Text
    en: Text

    @validator("materials")
    def _some_material(cls, materials: tuple[str, ...]) -> tuple[str, ...]:
        if not materials:
            raise ValueError("must list at least one material word")
        return materials


class CareDefault(Strict):
    """The care answer when no note's material matches."""
    zh: Text
    en: Text


class CarePolicy(Strict):
    """Care answers by material, first match wins; `default_*` when none matches."""
    notes: tuple[CareNote, ...] = ()
    default: CareDefault

    @property
    def default_zh(self) -> str:
        """The Chinese answer when no note matches."""
        return self.default.zh

    @property
    def default_en(self) -> str:
        """The English answer when no note matches."""
        return self.default.en
