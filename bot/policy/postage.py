"""The postage of a basket the buyer asks about ("一件卫衣和两条牛仔裤一共多少钱"), from quote_shipping:
to the buyer's province when we know it; else what it depends on, in the shop's real numbers
(free to which regions, the fees elsewhere), never a number for a region we were not told.

Free shipping counts what the buyer pays for the goods after the promotions (商品实付), the
amount the reply says. No clock, no database.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from bot.i18n import money, pick
from bot.policy.payment import province_name_en
from bot.policy.schema import ShopPolicy
from bot.policy.shipping import ShippingQuote, canonical_province, courier_by_code, quote_shipping
from bot.texts import joiner, text


@dataclass(frozen=True)
class BasketPostage:
    """`quote`: the postage to the buyer's province (None when we do not know it). Else, over the
    regions the shop serves: `paying` the regions this basket does not ship free to and `low_fen` /
    `high_fen` their cheapest and dearest postage. `short_fen`: goods still needed for free
    shipping (0 when reached, or when reaching it would leave every region paying something);
    `never_free` the regions that still pay postage then."""

    goods_fen: int
    weight_kg: float
    courier: str
    threshold_fen: Optional[int]
    quote: Optional[ShippingQuote] = None
    paying: Tuple[str, ...] = ()
    low_fen: int = 0
    high_fen: int = 0
    short_fen: int = 0
    never_free: Tuple[str, ...] = ()


def _served(policy: ShopPolicy) -> Tuple[str, ...]:
    return tuple(province for zone in policy.shipping.zones for province in zone.provinces)


def basket_postage(policy: ShopPolicy, goods_fen: int, weight_kg: float, province: Optional[str] = None,
                   courier_code: Optional[str] = None) -> BasketPostage:
    """Postage for goods worth `goods_fen` (after promotions) weighing `weight_kg`, sent with the
    courier `courier_code` (None: the shop's default) to `province` (any spelling; None or a
    name we do not know: every region the shop serves)."""
    threshold = policy.shipping.free_threshold_fen
    courier = courier_by_code(policy, courier_code).code
    name = canonical_province(policy, province) if province else None
    regions = (name,) if name else _served(policy)
    quotes = [quote_shipping(policy, region, weight_kg, goods_fen, courier) for region in regions]
    paying = [q for q in quotes if q.total_fen > 0]
    short_fen, never_free = 0, ()
    if threshold is not None and goods_fen < threshold and paying:
        at_threshold = {q.province: quote_shipping(policy, q.province, weight_kg, threshold, courier) for q in paying}
        never_free = tuple(region for region, q in at_threshold.items() if q.total_fen > 0)
        if len(never_free) < len(paying):
            short_fen = threshold - goods_fen
    fees = [q.total_fen for q in paying] or [0]
    return BasketPostage(goods_fen, weight_kg, courier, threshold, quotes[0] if name else None,
                         tuple(q.province for q in paying), min(fees), max(fees), short_fen, never_free)


def _region(province: str, lang: str) -> str:
    return province if lang == "zh" else province_name_en(province)


def _regions(provinces: Tuple[str, ...], lang: str) -> str:
    return joiner(lang).join(_region(p, lang) for p in provinces)


def postage_text(policy: ShopPolicy, postage: BasketPostage, lang: str) -> str:
    """The reply's postage line: the fee and the total with it when the province is known, else
    the fees by region and a request for the province."""
    courier = next(c for c in policy.couriers if c.code == postage.courier)
    values = dict(courier=pick(lang, courier.name_zh, courier.name_en),
                  weight=f"{postage.weight_kg:.2f}".rstrip("0").rstrip("."),
                  fee=money(postage.high_fen, lang),
                  range=_range(postage, lang), paying=_regions(postage.paying, lang),
                  threshold=money(postage.threshold_fen or 0, lang), short=money(postage.short_fen, lang))
    quote = postage.quote
    if quote is not None:
        values.update(province=_region(quote.province, lang), grand=money(postage.goods_fen + quote.total_fen, lang))
        if not quote.served:
            kind = "not_served"
        elif quote.total_fen == 0:
            kind = "free_to"
        else:
            kind = "courier_extra_to" if quote.free_shipping_applied else "fee_to"
    elif not postage.paying:
        kind = "free"
    elif len(postage.paying) < len(_served(policy)):
        kind = "free_elsewhere"
    else:
        kind = "by_region"
    said = text(f"utter_text_basket_postage_{kind}", lang, **values)
    if quote is not None and quote.served and quote.remote and not quote.free_shipping_applied \
            and postage.threshold_fen is not None and not policy.shipping.free_includes_remote:
        said += text("utter_text_basket_postage_remote", lang)
    if postage.short_fen:
        hint = "short_except" if postage.never_free and quote is None else "short"
        said += text(f"utter_text_basket_postage_{hint}", lang, never_free=_regions(postage.never_free, lang), **values)
    if quote is None and postage.paying:
        said += text("utter_text_basket_postage_ask_region", lang)
    return text("utter_text_basket_postage", lang, postage=said)


def _range(postage: BasketPostage, lang: str) -> str:
    if postage.low_fen == postage.high_fen:
        return money(postage.high_fen, lang)
    return text("utter_text_basket_postage_range", lang, low=money(postage.low_fen, lang),
                high=money(postage.high_fen, lang))
