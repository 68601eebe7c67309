"""Size advice from the shop's size charts (尺码推荐): one chart per product (its `size_chart`),
the same chart the product page shows (`chart_table`)."""
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


# US and UK women's shoe sizes by foot length in cm; a men's size is 1.5 sizes (US) or 0.5 (UK) bigger.
_US_WOMEN_FOOT_CM = {4.0: 21.6, 4.5: 21.9, 5.0: 22.2, 5.5: 22.5, 6.0: 22.9, 6.5: 23.2, 7.0: 23.5, 7.5: 23.8,
                     8.0: 24.1, 8.5: 24.6, 9.0: 25.1, 9.5: 25.4, 10.0: 25.7, 10.5: 26.0, 11.0: 26.4, 12.0: 27.0}


def foot_length_of(system: str, value: float) -> float | None:
    """The foot length (cm) a usual shoe size stands for: "eu" (EU and Chinese sizes: 35 is a
    22-22.5 cm foot, each size 0.5 cm more), "mm" (Chinese 240 = 24.0 cm), "us"/"us_men",
    "uk"/"uk_men" (women's unless _men); None for sizes not on the conversion tables."""
    if system == "eu":
        return round(22.25 + (value - 35) * 0.5, 2) if 30 <= value <= 50 else None
    if system == "mm":
        return round(value / 10, 1)
    women = {"us": value, "us_men": value - 1.5, "uk": value + 2, "uk_men": value + 1.5}.get(system)
    return _US_WOMEN_FOOT_CM.get(women) if women is not None else None


def advise_shoe_from_usual(policy: ShopPolicy, chart: str, system: str, value: float) -> SizeAdvice:
    """Recommend a size of `chart` from the size the buyer usually wears elsewhere, through the
    foot length it stands for: on a standard chart EU 38 gives 38, on a chart of shoes that run
    small (sizes moved by one) 39; a half size (37.5) gives the two neighbours."""
    foot = foot_length_of(system, value)
    if foot is None:
        size_chart(policy, chart)
        return SizeAdvice(None, None, "out_of_range")
    return advise_shoe_size(policy, foot, chart)


def chart_for(policy: ShopPolicy, product_code: str, size_chart_name: str | None) -> str | None:
    """The one chart of a product: a chart named by the product's code (a cut of its own, such as
    shoes that run small) if the shop has one, else the product's `size_chart`; None without sizes."""
    if any(c.name == product_code for c in policy.size_charts):
        return product_code
    return size_chart_name


def _span(values: tuple[float, float] | None, unit: str) -> str:
    return f"{values[0]:g}-{values[1]:g}{unit}" if values else "-"


def chart_table(policy: ShopPolicy, chart: str) -> list[tuple[str, ...]]:
    """The chart as rows of text for a product page: (size, height, weight) for clothes,
    (size, foot length) for shoes; the header row first, in Chinese."""
    table = size_chart(policy, chart)
    if table.measures_foot:
        return [("尺码", "脚长")] + [(row.size, _span(row.foot_length_cm, " cm")) for row in table.rows]
    return [("尺码", "建议身高", "建议体重")] + [
        (row.size, _span(row.height_cm, " cm"), _span(row.weight_kg, " kg")) for row in table.rows]
