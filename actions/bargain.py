"""Bargaining within the shop's authority: step by step, never below the floor price."""
from __future__ import annotations

import re
from typing import List, Optional

from rasa_sdk.events import EventType, SlotSet

from actions.catalog import find_product
from actions.common import ShopAction, Turn, shop_policy, unit_of_work
from bot.i18n import money, pick
from bot.policy import bargain
from bot.policy.bargaining import foreign_currency
from bot.shop import repositories as repo

_DISCOUNT_WORDS = re.compile(r"少|便宜|减|优惠|抹|off|less|discount|cheaper", re.I)


def asked_price_fen(text: str, amount: Optional[str], list_price_fen: int) -> Optional[int]:
    """The price the buyer proposes in yuan: "少十块" means list minus 10, "80卖吗" means 80.
    An amount in another currency ("$5", "5 bucks") is no yuan price: None."""
    if not amount or foreign_currency(text):
        return None
    try:
        fen = round(float(amount) * 100)
    except ValueError:
        return None
    if fen <= 0:
        return None
    if _DISCOUNT_WORDS.search(text) and fen < list_price_fen * 0.5:
        return list_price_fen - fen
    return fen


class ActionBargain(ShopAction):
    """One round of haggling; remembers the product, the round and the best price offered."""

    def name(self) -> str:
        return "action_bargain"

    def handle(self, turn: Turn) -> List[EventType]:
        lang = turn.language
        with unit_of_work() as session:
            product = find_product(turn, session)
            if product is None and turn.slot("bargain_product"):
                product = next(iter(repo.find_products(session, turn.slot("bargain_product"), limit=1)), None)
            if product is None:
                turn.say("utter_bargain_which_product")
                return []
            code, price, floor = product.code, product.price_fen, product.floor_price_fen
            name = pick(lang, product.name_zh, product.name_en)
        same = turn.slot("bargain_product") == code
        round_no = int(turn.slot("bargain_round") or 0) + 1 if same else 1
        best = int(turn.slot("bargain_price")) if same and turn.slot("bargain_price") else None
        currency = foreign_currency(turn.text)
        ask = asked_price_fen(turn.text, turn.entity("amount"), price)
        offer = bargain(shop_policy(), price, floor, round_no, ask, best)
        values = dict(product=name, list_price=money(price, lang), price=money(offer.price_fen, lang),
                      discount=money(offer.discount_fen, lang))
        if currency:
            turn.say("utter_bargain_in_yuan_only", product=name, list_price=money(price, lang))
        if offer.accepted:
            turn.say("utter_bargain_accept_ask", **values)
        elif offer.final:
            gift = pick(lang, offer.gift_zh, offer.gift_en)
            coupon = money(offer.coupon_fen, lang) if offer.coupon_fen else ""
            turn.say("utter_bargain_final", gift=gift or "-", coupon=coupon or "-", **values)
        else:
            turn.say("utter_bargain_offer", **values)
        return [SlotSet("bargain_product", code), SlotSet("bargain_round", float(round_no)),
                SlotSet("bargain_price", float(offer.price_fen))]


class ActionBargainAgreed(ShopAction):
    """The buyer takes the offer: how to order at the agreed price."""

    def name(self) -> str:
        return "action_bargain_agreed"

    def handle(self, turn: Turn) -> List[EventType]:
        price = turn.slot("bargain_price")
        if not price:
            turn.say("utter_ok")
            return []
        turn.say("utter_bargain_agreed", price=money(int(price), turn.language))
        return []
