"""Suggestions of the shop's goods ("推荐一款外套", "what do you have for dry skin"), goods it does
not sell ("do you have baby wipes"), and the list just shown, which "第二款" / "the second one"
points into (actions/catalog.py find_product)."""
from __future__ import annotations

from typing import List, Optional

from rasa_sdk.events import EventType, SlotSet
from sqlalchemy.orm import Session

from actions.render import product_cards, product_lines
from actions.turn import Turn
from bot.policy.availability import goods_asked_for, goods_named
from bot.policy.questions import asks_for_suggestion
from bot.shop import repositories as repo
from bot.shop.models import Product
from bot.shop.suggestions import (called_so, categories_on_sale, in_stock_most_ordered, kinds_for_need,
                                  products_of_kinds)
from bot.texts import joiner, text


def _keep_list(products: List[Product]) -> List[EventType]:
    """Keep the list just shown, so "第二款" / "the second one" can point into it; no single
    product is spoken of any more."""
    return [SlotSet("listed_products", [p.code for p in products]), SlotSet("product", None)]


def ask_which_product(turn: Turn, session: Session) -> None:
    """Ask which product the buyer means: among the list just shown when there is one."""
    listed = turn.slot("listed_products") or []
    products = repo.products_by_codes(session, listed)
    if products and not turn.slot("product"):
        turn.say("utter_ask_which_listed", options=product_lines(products, turn.language))
    else:
        turn.say("utter_ask_which_product")


def _suggest(turn: Turn, session: Session) -> List[EventType]:
    """Answer "推荐一款…" / "what do you have for…" with the goods in stock, most ordered first:
    among those the words name when they name several, else among the kinds that meet the need
    they name ("干皮", "makeup"), else across the shop, and keep the list.
    No events (nothing said) when the words name exactly one product, or nothing is in stock."""
    words = turn.read_text
    named = repo.find_products(session, words, limit=8)
    if len(named) == 1:
        return []
    named = named or products_of_kinds(session, kinds_for_need(words))
    picks = in_stock_most_ordered(session, among=called_so(named, words))
    if len(picks) < 2:  # "外套" is said of every jacket: narrowing that leaves one is too narrow
        picks = in_stock_most_ordered(session, among=named or None)
    if not picks:
        return []
    lines = product_lines(picks, turn.language)
    if named:
        turn.say("utter_product_suggestions", suggestions=lines)
    else:
        turn.say("utter_product_suggestions_shop", suggestions=lines, categories=_categories(turn, session))
    turn.dispatcher.utter_message(json_message=product_cards(picks, turn.language))
    return _keep_list(picks)


def suggestions_or_not_sold(turn: Turn, session: Session) -> Optional[List[EventType]]:
    """A request for suggestions, or a question about goods ("do you have baby wipes", "有狗粮卖吗"):
    the suggestions, or, for goods the shop does not sell, that it does not sell them and what it
    does sell, never another product's details. None when the message is about the shop's goods."""
    words = turn.read_text
    goods = goods_asked_for(words) or goods_named(words)
    unsold = bool(goods) and not turn.entity("product") and not sold(session, goods)
    a_need = unsold and bool(kinds_for_need(goods))
    if asks_for_suggestion(words) or a_need:
        suggested = _suggest(turn, session)
        if suggested:
            return suggested
    if unsold and not a_need:
        not_sold(turn, session, goods)
        return []
    return None


def sold(session: Session, goods: str) -> bool:
    """Whether the shop's catalogue has goods by these words (plurals too: "sweatshirts")."""
    return bool(repo.find_products(session, goods, limit=1))


def not_sold(turn: Turn, session: Session, goods: str) -> None:
    """Say the shop does not sell these goods, and what it does sell."""
    turn.say("utter_goods_not_sold", goods=goods, categories=_categories(turn, session))


def _categories(turn: Turn, session: Session) -> str:
    labels = [text("utter_label_category_" + c, turn.language) for c in categories_on_sale(session)]
    return joiner(turn.language).join(labels)
