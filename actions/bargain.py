"""Bargaining within the shop's authority: step by step, never below the floor price, closed by a
quote the buyer agreed to (bot.shop.quotes) and honoured on their unpaid order (改价)."""
from __future__ import annotations

import re
from typing import List, Optional

from rasa_sdk.events import EventType, SlotSet

from sqlalchemy.orm import Session

from actions.catalog import find_product
from actions.common import ShopAction, Turn, shop_policy, unit_of_work
from bot.i18n import money, pick
from bot.nlu.normalise import pieces
from bot.texts import text
from bot.policy import bargain
from bot.policy.bargaining import foreign_currency
from bot.service import deals
from bot.service.proposals import set_before_reply
from bot.shop import quotes
from bot.shop import repositories as repo
from bot.shop.models import Order, PriceQuote, Product

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
    """One round of haggling; remembers the product, the round and the offer. Words that take
    the offer ("126就126吧 成交") close the deal at once; an acceptable price of the buyer's own is
    first read back for a yes."""

    def name(self) -> str:
        return "action_bargain"

    def handle(self, turn: Turn) -> List[EventType]:
        """A message that only picks another product or value for the last question ("and the
        short one" after a stock question) asks that question again; no offer is made unasked."""
        from actions.followup import repeat_question

        followed = repeat_question(turn, unless="bargain")
        if followed is not None:
            return followed
        lang = turn.language
        standing = deals.Offer.from_slot(turn.slot(deals.SLOT))
        with unit_of_work() as session:
            product = find_product(turn, session, remembered=turn.slot("bargain_product"))
            if product is None and turn.page_code and not (turn.entity("product") or turn.slot("listed_products")):
                found = repo.products_by_codes(session, [turn.page_code])  # haggling on a product page
                product = found[0] if found else None
            if product is None:
                turn.say("utter_bargain_which_product")
                return []
            ask = asked_price_fen(turn.text, turn.entity("amount"), product.price_fen)
            same = turn.slot("bargain_product") == product.code
            if same and standing and standing.product == product.code and deals.closes_deal(turn.text) \
                    and (ask is None or ask == standing.price_fen):
                return _close_deal(turn, session, product, deals.agreed_terms(standing, turn.text))
            round_no = int(turn.slot("bargain_round") or 0) + 1 if same else 1
            best = int(turn.slot("bargain_price")) if same and turn.slot("bargain_price") else None
            offer = bargain(shop_policy(), product.price_fen, product.floor_price_fen, round_no, ask, best)
            if offer.accepted and deals.closes_deal(turn.text):
                return _close_deal(turn, session, product, deals.Terms(offer.price_fen)) + \
                    _remember(product, round_no, offer.price_fen)
            name = pick(lang, product.name_zh, product.name_en)
            list_price = product.price_fen
        values = dict(product=name, list_price=money(list_price, lang), price=money(offer.price_fen, lang),
                      discount=money(offer.discount_fen, lang))
        if foreign_currency(turn.text):
            turn.say("utter_bargain_in_yuan_only", product=name, list_price=money(list_price, lang))
        if offer.accepted:
            turn.say("utter_bargain_accept_ask", **values)
        elif offer.final:
            gift = pick(lang, offer.gift_zh, offer.gift_en)
            coupon = money(offer.coupon_fen, lang) if offer.coupon_fen else ""
            turn.say("utter_bargain_final", gift=gift or "-", coupon=coupon or "-", **values)
        else:
            turn.say("utter_bargain_offer", **values)
        count = pieces(turn.text)
        if count and count[0] > 1:  # "两双的话能便宜吗": the price is per piece, and what they come to
            turn.say("utter_bargain_per_piece", count=count[0], total=money(offer.price_fen * count[0], lang))
        standing = deals.Offer(product.code, offer.price_fen, offer.gift_zh, offer.gift_en, offer.coupon_fen)
        return _remember(product, round_no, offer.price_fen) + [SlotSet(deals.SLOT, standing.to_slot())]


class ActionBargainAgreed(ShopAction):
    """The buyer said yes to the offer just made: record the quote and honour it."""

    def name(self) -> str:
        return "action_bargain_agreed"

    def handle(self, turn: Turn) -> List[EventType]:
        offer = deals.Offer.from_slot(set_before_reply(turn.tracker.events, deals.SLOT))
        if offer is None:
            turn.say("utter_ok")
            return []
        with unit_of_work() as session:
            product = repo.find_products(session, offer.product, limit=1)
            if not product:
                turn.say("utter_ok")
                return [SlotSet(deals.SLOT, None)]
            return _close_deal(turn, session, product[0], deals.agreed_terms(offer, turn.text))


def honour_quote(turn: Turn, session: Session, order: Order) -> bool:
    """改价 an unpaid order holding a product the buyer agreed a price for (in this chat or, signed
    in, in an earlier one) and say so; False, and nothing said, when no quote applies."""
    if order.state != "unpaid":
        return False
    buyer_id = turn.buyer_id
    return any(_apply(turn, session, quote, order)
               for quote in quotes.quotes_of(session, turn.tracker.sender_id, buyer_id, state="agreed"))


def _close_deal(turn: Turn, session: Session, product: Product, terms: deals.Terms) -> List[EventType]:
    """Record the agreed quote; apply it at once to the buyer's unpaid order with the product."""
    lang, buyer_id = turn.language, turn.buyer_id
    quote = quotes.record_quote(
        session, conversation_id=turn.tracker.sender_id, buyer_id=buyer_id, product=product,
        price_fen=terms.price_fen, now=turn.now, gift_zh=terms.gift_zh, gift_en=terms.gift_en,
        coupon_fen=terms.coupon_fen)
    orders = quotes.unpaid_orders_with(session, buyer_id, product.id) if buyer_id is not None else []
    if not any(_apply(turn, session, quote, order) for order in orders):
        turn.say("utter_bargain_agreed", product=pick(lang, product.name_zh, product.name_en),
                 price=money(terms.price_fen, lang), extra=_extra(lang, quote))
    return [SlotSet(deals.SLOT, None), SlotSet("bargain_price", float(terms.price_fen))]


def _apply(turn: Turn, session: Session, quote: PriceQuote, order: Order) -> bool:
    """改价 the order to the quote, note the terms on it for the warehouse and tell the buyer."""
    if not quotes.apply_quote(session, quote, order, turn.now):
        return False
    lang = turn.language
    repo.append_note(order, "小二", f"议价成交改价 {money(quote.price_fen, 'zh')}（原价 "
                     f"{money(quote.list_price_fen, 'zh')}）{_extra('zh', quote)}", turn.now)
    turn.say("utter_bargain_applied", order_id=order.id, product=pick(lang, quote.product.name_zh,
             quote.product.name_en), price=money(quote.price_fen, lang), extra=_extra(lang, quote),
             total=money(order.goods_total_fen + order.shipping_fee_fen, lang))
    return True


def _extra(lang: str, terms: PriceQuote) -> str:
    """The gift or coupon as the reply names it ("，送护手霜" / ", with a free hand cream")."""
    if terms.gift_zh:
        return text("utter_text_deal_gift", lang, gift=pick(lang, terms.gift_zh, terms.gift_en or terms.gift_zh))
    if terms.coupon_fen:
        return text("utter_text_deal_coupon", lang, coupon=money(terms.coupon_fen, lang))
    return ""


def _remember(product: Product, round_no: int, price_fen: int) -> List[EventType]:
    return [SlotSet("bargain_product", product.code), SlotSet("bargain_round", float(round_no)),
            SlotSet("bargain_price", float(price_fen))]
