"""Shipping fees, couriers and delivery times, from the shop policy."""
from __future__ import annotations

from typing import List, Optional

from rasa_sdk.events import EventType, SlotSet

from actions.common import ShopAction, Turn, shop_policy, unit_of_work
from actions.policy_answers import say_return_postage
from bot.i18n import day, money, pick
from bot.nlu.normalise import pieces
from bot.policy import (
    canonical_province, default_courier, estimate_delivery, find_courier, province_name_en, quote_shipping,
)
from bot.service.followup import answered_just_before
from bot.shop import repositories as repo
from bot.texts import joiner

DEFAULT_WEIGHT_KG = 1.0
_RETURN_RULES = {"utter_policy_return", "utter_policy_exchange", "utter_policy_refund"}
_COURIER_ANSWERS = {"utter_express_surcharge", "utter_express_free"}


def buyer_province(turn: Turn) -> Optional[str]:
    """The province the buyer names now or named before (canonical), else None."""
    value = turn.entity("province") or turn.slot("province")
    return canonical_province(shop_policy(), value) if value else None


def chosen_courier(turn: Turn) -> Optional[str]:
    """The code of the available courier the buyer asks for, else None (the shop's default)."""
    value = turn.entity("express_company") or turn.slot("express_company")
    courier = find_courier(shop_policy(), value) if value else None
    return courier.code if courier and courier.available else None


def _pieces(turn: Turn) -> int:
    """How many items the buyer asks about: named now ("两件呢"), else as before, else one."""
    named = pieces(turn.text)
    if named:
        return named[0]
    before = turn.slot("parcel_pieces")
    return int(before) if isinstance(before, (int, float)) and 0 < before < 100 else 1


def _parcel(turn: Turn, count: int) -> tuple[float, int]:
    """Weight (kg) and goods value (fen) of `count` of what the buyer asks about, if we know the product."""
    name = turn.slot("product")
    if name:
        with unit_of_work() as session:
            products = repo.find_products(session, name, limit=1)
            if products:
                return max(products[0].weight_g * count / 1000, 0.1), products[0].price_fen * count
    return DEFAULT_WEIGHT_KG * count, 0


def say_shipping_quote(turn: Turn) -> List[EventType]:
    """Quote postage to the province the buyer named (or explain the rule and ask which one), for
    as many items as they said; remembers how many."""
    policy = shop_policy()
    lang = turn.language
    province = buyer_province(turn)
    free = policy.shipping.free_threshold_fen
    threshold = money(free, lang) if free is not None else "-"
    count = _pieces(turn)
    remembered = [SlotSet("parcel_pieces", float(count))]
    if not province:
        turn.say("utter_shipping_fee_general", threshold=threshold)
        return remembered
    weight, value = _parcel(turn, count)
    quote = quote_shipping(policy, province, weight, value, chosen_courier(turn))
    values = dict(
        province=province if lang == "zh" else _province_en(province),
        courier=pick(lang, quote.courier.name_zh, quote.courier.name_en),
        total=money(quote.total_fen, lang),
        base=money(quote.base_fen, lang),
        remote=money(quote.remote_surcharge_fen, lang),
        courier_extra=money(quote.courier_surcharge_fen, lang),
        weight=f"{weight:g}",
        threshold=threshold,
    )
    if not quote.served:
        turn.say("utter_shipping_not_served", **values)
    elif quote.free_shipping_applied:
        turn.say("utter_shipping_fee_free_courier_extra" if quote.total_fen else "utter_shipping_fee_free", **values)
    elif quote.remote:
        turn.say("utter_shipping_fee_remote", **values)
    else:
        turn.say("utter_shipping_fee_quote", **values)
    return remembered


class ActionShippingFee(ShopAction):
    """Quotes postage by province, weight and courier, with free shipping and remote surcharges."""

    def name(self) -> str:
        return "action_shipping_fee"

    def handle(self, turn: Turn) -> List[EventType]:
        """Postage asked right after the return, exchange or refund rules, with no place or courier
        named ("who pays the shipping for that"), is the postage of sending goods back."""
        if not turn.entity("province") and not turn.entity("express_company") and \
                _RETURN_RULES.intersection(answered_just_before(turn.tracker.events)):
            say_return_postage(turn)
            return []
        if not turn.entity("province") and not turn.entity("express_company") and turn.slot("express_company") and \
                _COURIER_ANSWERS.intersection(answered_just_before(turn.tracker.events)):
            say_courier(turn, turn.slot("express_company"))  # "how much extra" right after "can you send it with SF"
            return []
        return say_shipping_quote(turn)


class ActionChooseExpress(ShopAction):
    """Which couriers the shop uses, and what a specific one costs extra."""

    def name(self) -> str:
        return "action_choose_express"

    def handle(self, turn: Turn) -> List[EventType]:
        if turn.entity("province"):
            return say_shipping_quote(turn)
        say_courier(turn, turn.entity("express_company"))
        return []


def say_courier(turn: Turn, value: Optional[str]) -> None:
    """Which couriers the shop uses, or what the one named (`value`) costs extra."""
    policy = shop_policy()
    lang = turn.language
    default = default_courier(policy)
    available = [c for c in policy.couriers if c.available]
    names = joiner(lang).join(pick(lang, c.name_zh, c.name_en) for c in available)
    courier = find_courier(policy, value) if value else None
    base = dict(default=pick(lang, default.name_zh, default.name_en), couriers=names)
    if courier is None:
        turn.say("utter_express_options", **base)
    elif not courier.available:
        turn.say("utter_express_unavailable", courier=pick(lang, courier.name_zh, courier.name_en), **base)
    elif courier.surcharge_fen:
        turn.say("utter_express_surcharge", courier=pick(lang, courier.name_zh, courier.name_en),
                 surcharge=money(courier.surcharge_fen, lang), **base)
    else:
        turn.say("utter_express_free", courier=pick(lang, courier.name_zh, courier.name_en), **base)


class ActionDeliveryTime(ShopAction):
    """When an order paid now ships (by the cut-off) and arrives in the buyer's province."""

    def name(self) -> str:
        return "action_delivery_time"

    def handle(self, turn: Turn) -> List[EventType]:
        policy = shop_policy()
        lang = turn.language
        province = buyer_province(turn)
        if province and not quote_shipping(policy, province, DEFAULT_WEIGHT_KG, 0).served:
            turn.say("utter_shipping_not_served", province=province if lang == "zh" else _province_en(province))
            return []
        estimate = estimate_delivery(policy, province or policy.shop.ship_from_province, turn.now, chosen_courier(turn))
        values = dict(
            cutoff=estimate.cutoff.strftime("%H:%M"),
            ship_day=day(estimate.ships_on, lang),
            earliest=day(estimate.arrive_earliest, lang),
            latest=day(estimate.arrive_latest, lang),
            transit=f"{estimate.transit_min}-{estimate.transit_max}",
            province=(province if lang == "zh" else _province_en(province)) if province else "",
        )
        if province:
            turn.say("utter_delivery_estimate", **values)
        else:
            turn.say("utter_delivery_general", **values)
        return []


def _province_en(province: Optional[str]) -> str:
    return province_name_en(province) if province else ""
