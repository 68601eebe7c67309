"""Product questions: details, stock (said honestly) and size advice."""
from __future__ import annotations

from typing import List, Optional

from rasa_sdk.events import EventType, SlotSet
from sqlalchemy.orm import Session

from actions.common import ShopAction, Turn, shop_policy, unit_of_work
from actions.render import product_cards, product_lines
from bot.i18n import day, money, pick
from bot.policy import advise_size
from bot.shop import repositories as repo
from bot.shop.models import Product


def find_product(turn: Turn, session: Session) -> Optional[Product]:
    """The product the buyer means: named now, else the one they spoke of before."""
    for query in (turn.entity("product"), turn.text, turn.slot("product")):
        if query:
            products = repo.find_products(session, query, limit=1)
            if products:
                return products[0]
    return None


def _remember(product: Product) -> List[EventType]:
    return [SlotSet("product", product.name_zh)]


class ActionProductInfo(ShopAction):
    """Material, description and price of the product the buyer asks about."""

    def name(self) -> str:
        return "action_product_info"

    def handle(self, turn: Turn) -> List[EventType]:
        lang = turn.language
        with unit_of_work() as session:
            product = find_product(turn, session)
            if product is None:
                turn.say("utter_ask_which_product")
                return []
            turn.say(
                "utter_product_info",
                product=pick(lang, product.name_zh, product.name_en),
                material=pick(lang, product.material_zh, product.material_en) or "-",
                description=pick(lang, product.description_zh, product.description_en) or "-",
                price=money(product.price_fen, lang),
            )
            turn.dispatcher.utter_message(json_message=product_cards([product], lang))
            return _remember(product)


class ActionStock(ShopAction):
    """Whether a colour/size is in stock; out of stock is said plainly, with similar items."""

    def name(self) -> str:
        return "action_stock"

    def handle(self, turn: Turn) -> List[EventType]:
        lang = turn.language
        with unit_of_work() as session:
            product = find_product(turn, session)
            if product is None:
                turn.say("utter_ask_which_product")
                return []
            color = turn.entity("color")
            size = turn.entity("size")
            skus = repo.find_skus(session, product, color, size)
            name = pick(lang, product.name_zh, product.name_en)
            variant = " ".join(v for v in (color, size) if v) or ("全部款式" if lang == "zh" else "any variant")
            in_stock = [s for s in skus if s.stock > 0]
            if not skus:
                turn.say("utter_stock_no_such_variant", product=name, variant=variant,
                         options=_options(product, lang))
            elif in_stock:
                turn.say("utter_stock_available", product=name, variant=variant,
                         count=sum(s.stock for s in in_stock))
            else:
                restock = min((s.restock_date for s in skus if s.restock_date), default=None)
                similar = repo.similar_in_stock(session, product)
                turn.say("utter_stock_out", product=name, variant=variant,
                         restock=day(restock, lang) if restock else ("暂无确定日期" if lang == "zh" else "no date yet"))
                if similar:
                    turn.say("utter_stock_similar", suggestions=product_lines(similar, lang))
                    turn.dispatcher.utter_message(json_message=product_cards(similar, lang))
            return _remember(product)


def _options(product: Product, language: str) -> str:
    seen = []
    for sku in product.skus:
        text = "/".join(v for v in (pick(language, sku.color_zh, sku.color_en), sku.size) if v)
        if sku.stock > 0 and text not in seen:
            seen.append(text)
    return ", ".join(seen[:12]) or "-"


class ActionSizeAdvice(ShopAction):
    """Recommends a size from the product's size chart by height and weight."""

    def name(self) -> str:
        return "action_size_advice"

    def handle(self, turn: Turn) -> List[EventType]:
        height = _number(turn.slot("height"))
        weight = _number(turn.slot("weight"))
        with unit_of_work() as session:
            product = find_product(turn, session)
            chart = product.size_chart if product and product.size_chart else "tops"
            name = pick(turn.language, product.name_zh, product.name_en) if product else ""
            events = _remember(product) if product else []
            made = list(dict.fromkeys(sku.size for sku in product.skus if sku.size)) if product else []
        if product is not None and not product.size_chart:
            turn.say("utter_size_not_applicable", product=name)
            return events
        if height is None or weight is None:
            turn.say("utter_ask_height_weight")
            return events
        advice = advise_size(shop_policy(), chart, height, weight)
        values = dict(size=advice.size or "-", alternative=advice.alternative or "-",
                      height=f"{height:g}", weight=f"{weight:g}", product=name, sizes="/".join(made))
        if advice.size and made and advice.size not in made:
            turn.say("utter_size_not_made", **values)
        elif advice.reason == "between_sizes" and made and advice.alternative not in made:
            turn.say("utter_size_advice", **values)
        elif advice.reason == "between_sizes":
            turn.say("utter_size_between", **values)
        elif advice.size:
            turn.say("utter_size_advice", **values)
        else:
            turn.say("utter_size_out_of_range", **values)
        return events


def _number(value) -> Optional[float]:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
