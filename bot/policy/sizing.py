"""Size advice from the shop's size charts (尺码推荐)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.policy.schema import SizeChart, ShopPolicy


@dataclass(frozen=True)
class SizeAdvice:
    """A recommended size.

    reason: fits; between_sizes (`alternative` is the next size up); out_of_range (no size);
    missing_measure (a measure is missing: `size` is a tentative advice from the other one, or
    None when none was given).
    """
    size: str | None
    alternative: str | None
    reason: str


def size_chart(policy: ShopPolicy, chart: str) -> SizeChart:
    """The named chart ("tops", "bottoms", "dresses", "shoes"); ValueError if the shop has none."""
    found = next((c for c in policy.size_charts if c.name == chart), None)
    if found is None:
        raise ValueError(f"no size chart named {chart!r}")
    return found


def _matching(ranges: list[tuple[float, float]], value: float) -> list[int]:
    return [i for i, (low, high) in enumerate(ranges) if low <= value <= high]


def _advice(chart: SizeChart, index: int, between: bool, reason: str | None = None) -> SizeAdvice:
    sizes = [row.size for row in chart.rows]
    alternative = sizes[index + 1] if between and index + 1 < len(sizes) else None
    return SizeAdvice(sizes[index], alternative, reason or ("between_sizes" if alternative else "fits"))


def advise_size(policy: ShopPolicy, chart: str, height_cm: float | None, weight_kg: float | None) -> SizeAdvice:
    """Recommend a clothing size from height (cm) and weight (kg; callers convert 斤 first).

    When height and weight point to neighbouring sizes the smaller one is advised with the larger
    as alternative; when they are further apart, the size just below the larger one.
    """
    table = size_chart(policy, chart)
    if table.measures_foot:
        raise ValueError(f"chart {chart!r} is measured by foot length; use advise_shoe_size")
    given = [(value, [getattr(row, key) for row in table.rows])
             for value, key in ((height_cm, "height_cm"), (weight_kg, "weight_kg")) if value is not None]
    given = [(value, ranges) for value, ranges in given if None not in ranges]
    if not given:
        return SizeAdvice(None, None, "missing_measure")
    fits = [_matching(ranges, value) for value, ranges in given]
    if not all(fits):
        return SizeAdvice(None, None, "out_of_range")
    if len(fits) == 1:
        one_missing = height_cm is None or weight_kg is None
        return _advice(table, fits[0][0], len(fits[0]) > 1, "missing_measure" if one_missing else None)
    common = sorted(set(fits[0]) & set(fits[1]))
    if common:
        return _advice(table, common[0], len(common) > 1)
    larger = max(min(fits[0]), min(fits[1]))
    return _advice(table, larger - 1, True)


def advise_shoe_size(policy: ShopPolicy, foot_length_cm: float, chart: str = "shoes") -> SizeAdvice:
    """Recommend a shoe size from the foot length in cm; on a boundary the next size is the alternative."""
    table = size_chart(policy, chart)
    if not table.measures_foot:
        raise ValueError(f"chart {chart!r} has no foot lengths")
    fits = _matching([row.foot_length_cm for row in table.rows], foot_length_cm)
    if not fits:
        return SizeAdvice(None, None, "out_of_range")
    return _advice(table, fits[0], len(fits) > 1)
