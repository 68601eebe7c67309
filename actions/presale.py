"""Promotions and payment questions, answered from the shop policy."""
from __future__ import annotations

from typing import List, Optional, Sequence

from rasa_sdk.events import EventType, SlotSet
from sqlalchemy.orm import Session

from actions.catalog import find_product
from actions.common import ShopAction, Turn, shop_policy, unit_of_work
from bot.i18n import day, money, pick
from bot.nlu.normalise import count_before, pieces
from bot.policy import Promotion, active_promotions, find_payment_method
from bot.policy.basket import NOT_COMBINED, OUT_OF_SCOPE, BasketLine, Missed, Saving, basket_total
from bot.policy.promotions import promotion_rule
from bot.shop import repositories as repo
from bot.shop.models import Product
from bot.texts import joiner, text


def _rule_text(promotion, lang: str) -> str:  # noqa: ANN001 - bot.policy Promotion
    rule = promotion_rule(promotion)
    values = {name: money(fen, lang) for name, fen in rule.amounts.items()}
    values.update(percent=f"{rule.percent:g}", discount=f"{(100 - rule.percent) / 10:g}")
    return text(f"utter_text_promotion_rule_{rule.kind}", lang, **values)


def _asked_product(turn: Turn, session: Session) -> Optional[Product]:
    """The product named in the message (None if the shop has none by that name), else the one
    the buyer spoke of before or is looking at."""
    named = turn.entity("product")
    if not named:
        return find_product(turn, session)
    found = repo.find_products(session, named, limit=1, prefer=turn.slot("product") or turn.page_product)
    return found[0] if found else None


def _saving_text(saving: Saving, lang: str) -> str:
    title = pick(lang, saving.promotion.title_zh, saving.promotion.title_en)
    if saving.promotion.kind == "gift":
        return text("utter_text_basket_gift", lang, title=title)
    return text("utter_text_basket_saving", lang, title=title, saving=money(saving.saving_fen, lang))


def _missed_text(missed: Missed, lang: str) -> str:
    title = pick(lang, missed.promotion.title_zh, missed.promotion.title_en)
    if missed.reason in (OUT_OF_SCOPE, NOT_COMBINED):
        return text(f"utter_text_basket_{missed.reason}", lang, title=title)
    return text("utter_text_basket_short", lang, title=title, short=money(missed.short_by_fen, lang))


def answer_basket(turn: Turn, promotions: Sequence[Promotion], count: int) -> Optional[List[EventType]]:
    """What `count` pieces of the asked product cost under the running `promotions`, from its
    real price (bot.policy.basket); a product without a price is said, not guessed. None when the
    shop has no such product (a product named but not found is said first): the caller lists the
    promotions instead."""
    lang = turn.language
    with unit_of_work() as session:
        product = _asked_product(turn, session)
        if product is None:
            named = turn.entity("product")
            if named:
                turn.say("utter_promotion_basket_unknown_product", product=named)
            return None
        name = pick(lang, product.name_zh, product.name_en)
        if not product.price_fen or product.price_fen <= 0:
            turn.say("utter_promotion_basket_no_price", product=name)
            return []
        line = BasketLine(product.code, product.price_fen, count, (product.category, product.kind))
        remembered = product.name_zh
    total = basket_total(promotions, [line])
    separator = text("utter_text_basket_separator", lang)
    notes = separator.join(_missed_text(m, lang) for m in total.missed)
    values = dict(items=text("utter_text_basket_items", lang, count=count, product=name),
                  subtotal=money(total.subtotal_fen, lang), total=money(total.total_fen, lang),
                  notes=text("utter_text_basket_notes", lang, notes=notes) if notes else "")
    if total.applied:
        savings = separator.join(_saving_text(saving, lang) for saving in total.applied)
        turn.say("utter_promotion_basket", savings=savings, **values)
    else:
        turn.say("utter_promotion_basket_no_saving", **values)
    return [SlotSet("product", remembered)]


def _count(turn: Turn) -> Optional[int]:
    """How many pieces the buyer asks about: "两件", "3 pieces", or a count right before the product
    named ("buy 2 hoodies")."""
    found = pieces(turn.text)
    if found:
        return found[0]
    named = next((e for e in (turn.tracker.latest_message or {}).get("entities") or []
                  if e.get("entity") == "product" and e.get("start") is not None), None)
    return count_before(turn.text, named["start"]) if named else None


class ActionPromotions(ShopAction):
    """Lists the promotions running today, each with how it works in numbers (满减怎么算); a question
    naming a product or a quantity ("买两件卫衣能减多少") gets that basket worked out."""

    def name(self) -> str:
        return "action_promotions"

    def handle(self, turn: Turn) -> List[EventType]:
        lang = turn.language
        promotions = active_promotions(shop_policy(), turn.now.date())
        if not promotions:
            turn.say("utter_no_promotions")
            return []
        count = _count(turn)
        if turn.entity("product") or count:
            events = answer_basket(turn, promotions, count or 1)
            if events is not None:
                return events
        lines = "\n".join(
            text("utter_text_promotion_line", lang, title=pick(lang, p.title_zh, p.title_en),
                 until=day(p.valid_to, lang), rule=_rule_text(p, lang))
            for p in promotions
        )
        turn.say("utter_promotions", promotions=lines)
        return []


class ActionPaymentHelp(ShopAction):
    """Payment methods, cash on delivery, and what to do when a payment fails."""

    def name(self) -> str:
        return "action_payment_help"

    def handle(self, turn: Turn) -> List[EventType]:
        policy = shop_policy()
        lang = turn.language
        methods = joiner(lang).join(
            pick(lang, m.name_zh, m.name_en) for m in policy.payment.methods if m.available
        )
        asked = turn.entity("payment_method")
        method = find_payment_method(policy, asked) if asked else None
        failed = any(word in turn.text.lower() for word in ("失败", "不成功", "付不了", "付不上", "fail", "declin", "error", "can't pay", "cant pay"))
        if failed:
            turn.say("utter_payment_failed", methods=methods)
        elif method is None:
            turn.say("utter_payment_methods", methods=methods)
        elif method.available:
            turn.say("utter_payment_method_ok", method=pick(lang, method.name_zh, method.name_en), methods=methods)
        else:
            turn.say("utter_payment_method_no", method=pick(lang, method.name_zh, method.name_en), methods=methods)
        return []
