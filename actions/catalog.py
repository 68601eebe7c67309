"""Product questions: details and stock (said honestly, from the SKU rows); size advice is in
actions/sizes.py."""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from rasa_sdk.events import EventType, SlotSet
from sqlalchemy.orm import Session

from actions.common import ShopAction, Turn, shop_policy, unit_of_work
from actions.render import product_cards, product_lines
from actions.suggestions import ask_which_product, suggestions_or_not_sold
from bot.i18n import day, money, pick
from bot.policy.care import care_advice
from bot.policy.questions import announces_purchase, asks_about_care, asks_about_variants, asks_price, asks_to_compare
from bot.policy.references import listed_position, pick_listed
from bot.policy.siblings import sibling_named
from bot.shop import repositories as repo
from bot.nlu.vocabulary import canonical_size, colour_label
from bot.shop.models import Product, Sku
from bot.texts import joiner, text


def find_product(turn: Turn, session: Session, remembered: Optional[str] = None) -> Optional[Product]:
    """The product the buyer means: the one at the place they point to in the list just shown
    ("第二款", "the last one"), else named now, else the one they spoke of before, else the one
    whose page they are chatting from. When a word names several products ("卫衣"), the one they
    spoke of before (or, before any, the page's) wins. `remembered` is a product the calling task
    itself kept (the one being bargained for): it comes before the others. Right after a list,
    with nothing named or pointed at, it is None: the buyer is asked which they mean; unless the
    colour or size they name ("and maple?") is made in only one of the listed goods."""
    listed = turn.slot("listed_products") or []
    code = pick_listed(listed, listed_position(turn.text))
    pointed = repo.products_by_codes(session, [code]) if code else []
    if pointed:
        return pointed[0]
    picked = sibling_picked(turn, session, remembered)
    if picked is not None:
        return picked[0]
    prefer = remembered or turn.slot("product") or turn.page_product
    after_list = listed and not (remembered or turn.slot("product"))
    if after_list and not turn.entity("product"):
        made = [p for p in repo.products_by_codes(session, listed) if _made_in_named_variant(turn, session, p)]
        if len(made) == 1:
            return made[0]
    for query in (turn.entity("product"), turn.read_text, remembered, turn.slot("product"),
                  None if after_list else turn.page_product):
        if query:
            products = repo.find_products(session, query, limit=1, prefer=prefer)
            if products:
                return products[0]
    return None


def sibling_picked(turn: Turn, session: Session,
                   remembered: Optional[str] = None) -> Optional[Tuple[Product, int, int]]:
    """(product, start, end): the one of the same kind as the product in context that the buyer
    picks by a word only its name has ("长款的呢" after the short down jacket, "the zip-up one?"),
    when the message names no product itself."""
    context = remembered or turn.slot("product") or turn.page_product
    if not context or turn.entity("product"):
        return None
    found = repo.find_products(session, context, limit=1)
    if not found:
        return None
    kin = repo.products_of_kind(session, found[0].kind)
    picked = sibling_named(turn.text, {p.code: (p.name_zh, p.name_en) for p in kin})
    if picked is None:
        return None
    code, start, end = picked
    return next(p for p in kin if p.code == code), start, end


def _made_in_named_variant(turn: Turn, session: Session, product: Product) -> bool:
    """Whether the product is made in the colour (or a shade of it) or the size the message names."""
    colour = turn.entity("color")
    if colour and (repo.find_skus(session, product, colour, None) or repo.shade_skus(product, colour, None)):
        return True
    return any(repo.variant_named(product, turn.text))


def _remember(product: Product) -> List[EventType]:
    return [SlotSet("product", product.name_zh)]


class ActionProductInfo(ShopAction):
    """Material, description and price of the product the buyer asks about."""

    def name(self) -> str:
        return "action_product_info"

    def handle(self, turn: Turn) -> List[EventType]:
        """A question naming a size ("is the hoodie in white xl") is about stock: the SKU's stock; a
        message that only brings a new value to an earlier question asks it again ("and maple?" after a
        stock question, "3 hoodies" after the basket's total)."""
        from actions.followup import followed_question, repeat_question
        followed = repeat_question(turn, unless="ask_product_info")
        if followed is not None:
            return followed
        if (turn.entity("color") or turn.entity("size")) and not turn.entity("product") and \
                followed_question(turn) == "ask_product_info":
            return _same_make(turn)  # "会起球吗", then "那灰色的呢": the same fabric, and grey's stock
        if turn.entity("size") and not asks_about_care(turn.text):
            return ActionStock().handle(turn)
        from actions.basket import basket_count
        if asks_price(turn.text) and basket_count(turn):
            from actions.presale import ActionPromotions

            return ActionPromotions().handle(turn)  # "买两支多少钱": the basket worked out, promotions and all
        lang = turn.language
        with unit_of_work() as session:
            pair = _pair_compared(turn, session) if asks_to_compare(turn.text) else None
            if pair is not None:  # "whats the difference between them and the white sneakers": both, side by side
                turn.say("utter_product_compare", first=_facts(pair[0], lang), second=_facts(pair[1], lang))
                turn.dispatcher.utter_message(json_message=product_cards(list(pair), lang))
                return [SlotSet("listed_products", [p.code for p in pair]), SlotSet("product", None)]
            product = find_product(turn, session) if asks_about_variants(turn.text) else None
            if product is not None:  # "有几种颜色": the colours and sizes it is made in
                name, colours, sizes = (pick(lang, product.name_zh, product.name_en),
                                        _colours_made(product, lang), _sizes_made(product, lang))
                if sizes:
                    turn.say("utter_product_variants", product=name, colors=colours, sizes=sizes)
                else:
                    turn.say("utter_product_colours", product=name, colors=colours)
                return _remember(product)
            answered = suggestions_or_not_sold(turn, session)
            if answered is not None:
                return answered
            product = find_product(turn, session)
            if product is None:
                ask_which_product(turn, session)
                return []
            if asks_about_care(turn.text):
                turn.say("utter_product_care", product=pick(lang, product.name_zh, product.name_en),
                         material=pick(lang, product.material_zh, product.material_en) or "-",
                         description=pick(lang, product.description_zh, product.description_en) or "",
                         care=care_advice(shop_policy(), product.material_zh, product.material_en, lang))
                return _remember(product)
            turn.say(
                "utter_product_info",
                product=pick(lang, product.name_zh, product.name_en),
                material=pick(lang, product.material_zh, product.material_en) or "-",
                description=pick(lang, product.description_zh, product.description_en) or "-",
                price=money(product.price_fen, lang),
            )
            turn.dispatcher.utter_message(json_message=product_cards([product], lang))
            return _remember(product)


_LOOK_BACK = 3


def _pair_compared(turn: Turn, session: Session) -> Optional[Tuple[Product, Product]]:
    """The two goods a comparison is about: those named now, else the one named now and the one
    spoken of before, else the two of the list just shown or the last two spoken of."""
    names = [e.get("value") for e in (turn.tracker.latest_message or {}).get("entities") or []
             if e.get("entity") == "product"]
    users = [e for e in turn.tracker.events if e.get("event") == "user"][:-1]
    for event in reversed(users[-_LOOK_BACK:]):
        names += [e.get("value") for e in (event.get("parse_data") or {}).get("entities") or []
                  if e.get("entity") == "product"]
    if turn.slot("product"):
        names.insert(1 if names else 0, turn.slot("product"))
    found: List[Product] = []
    for name in names:
        product = next(iter(repo.find_products(session, name, limit=1)), None) if name else None
        if product is not None and product not in found:
            found.append(product)
    if len(found) == 1:  # "长款和短款羽绒服哪个更保暖": the other one of the kind a word of its own picks
        kind = repo.products_of_kind(session, found[0].kind)
        found += [p for p in kind if p.code != found[0].code and _own_word_in(turn.text, p, kind)][:1]
    if len(found) >= 2:
        return found[0], found[1]
    listed = repo.products_by_codes(session, turn.slot("listed_products") or [])
    return (listed[0], listed[1]) if len(listed) == 2 else None


def _own_word_in(text: str, product: Product, kind: List[Product]) -> bool:
    """Whether two characters of the product's Chinese name that no other name of its kind has
    stand in the text (长款 of 长款连帽羽绒服 beside 白鸭绒短款羽绒服)."""
    others = "|".join(p.name_zh for p in kind if p.code != product.code)
    name = product.name_zh or ""
    return any(name[i:i + 2] in text and name[i:i + 2] not in others for i in range(len(name) - 1))


def _facts(product: Product, language: str) -> str:
    return text("utter_text_product_facts", language, product=pick(language, product.name_zh, product.name_en),
                price=money(product.price_fen, language),
                description=pick(language, product.description_zh, product.description_en) or "-",
                material=pick(language, product.material_zh, product.material_en) or "-")


def _same_make(turn: Turn) -> List[EventType]:
    """A colour or size asked after a question about the product's make: it is the same for every
    variant (one material per product), and that variant's stock is said."""
    with unit_of_work() as session:
        product = find_product(turn, session)
        if product is None:
            ask_which_product(turn, session)
            return []
        color, size = turn.entity("color"), turn.entity("size")
        variant = " ".join(v for v in (colour_label(color, turn.language) if color else None,
                                       canonical_size(size) if size else None) if v)
        turn.say("utter_same_make", product=pick(turn.language, product.name_zh, product.name_en), variant=variant)
    return ActionStock().handle(turn)


def purchase_of_variant(turn: Turn) -> Optional[List[EventType]]:
    """"好的 我拍灰色L" / "ok i'll take the grey L": the stock of that variant, so nobody pays for a sold-out
    one; None when the message names no colour or size it will buy."""
    if not announces_purchase(turn.text) or not (turn.entity("color") or turn.entity("size")):
        return None
    return ActionStock().handle(_with_variant_said_before(turn))


def _with_variant_said_before(turn: Turn) -> Turn:
    """"那灰色的呢" … "好的 我拍M": the colour (or size) the buyer named in their last few messages about the
    same goods goes with the one named now (grey M, not any M)."""
    import copy
    import dataclasses

    entities = list((turn.tracker.latest_message or {}).get("entities") or [])
    missing = {"color", "size"} - {e.get("entity") for e in entities}
    users = [e for e in turn.tracker.events if e.get("event") == "user"][:-1]
    for event in reversed(users[-_LOOK_BACK:]):
        found = (event.get("parse_data") or {}).get("entities") or []
        for entity in found:
            if entity.get("entity") in missing:
                entities.append(entity)
                missing.discard(entity.get("entity"))
        if any(e.get("entity") == "product" for e in found):
            break  # what was said before another product was named is about that one
    tracker = copy.copy(turn.tracker)
    tracker.latest_message = {**(turn.tracker.latest_message or {}), "entities": entities}
    return dataclasses.replace(turn, tracker=tracker)


class ActionStock(ShopAction):
    """Stock of the exact colour/size from the SKU rows: which variants are in stock and which are
    sold out; never "in stock" for a sold-out SKU; sold out is said plainly, with similar items."""

    def name(self) -> str:
        return "action_stock"

    def handle(self, turn: Turn) -> List[EventType]:
        """"白色M还有吗", then "what about grey": grey M (actions.followup.as_stock_follow_up)."""
        from actions.followup import as_stock_follow_up

        turn = as_stock_follow_up(turn)
        lang = turn.language
        with unit_of_work() as session:
            answered = suggestions_or_not_sold(turn, session)
            if answered is not None:
                return answered
            product = find_product(turn, session)
            if product is None:
                ask_which_product(turn, session)
                return []
            color, size = turn.entity("color"), turn.entity("size")
            if not (color and size):
                named_color, named_size = repo.variant_named(product, turn.text)
                color, size = color or named_color, size or named_size
            skus = repo.find_skus(session, product, color, size)
            name = pick(lang, product.name_zh, product.name_en)
            variant = _variant(skus, color, size, lang)
            in_stock, sold_out = repo.in_stock_and_sold_out(skus)
            shades = repo.shade_skus(product, color, size) if color and not skus else []
            if shades:  # "is the red one in stock": True Red and Brick Red are, it is not "not made"
                turn.say("utter_stock_shades", product=name, variant=colour_label(color, lang),
                         shades=_shades(shades, lang))
            elif not skus:
                asked = " ".join(v for v in (colour_label(color, lang) if color else None,
                                             canonical_size(size) if size else None) if v)
                turn.say("utter_stock_no_such_variant", product=name, variant=asked, options=_options(product, lang))
            elif not sold_out:
                turn.say("utter_stock_available", product=name, variant=variant, count=sum(s.stock for s in in_stock))
            elif in_stock:
                turn.say("utter_stock_some_variants", product=name, variant=variant,
                         available=_listed(in_stock, color, size, lang, counts=True),
                         sold_out=_listed(sold_out, color, size, lang, restock=True))
            else:
                similar = repo.similar_in_stock(session, product, color=color, size=size)
                turn.say("utter_stock_out", product=name, variant=variant, restock=_restock(sold_out, color, size, lang))
                if similar:
                    turn.say("utter_stock_similar", suggestions=product_lines(similar, lang))
                    turn.dispatcher.utter_message(json_message=product_cards(similar, lang))
                    return _remember(product) + [SlotSet("listed_products", [p.code for p in similar])]
            return _remember(product)


def _colours_made(product: Product, language: str) -> str:
    """The colours the product is made in, in catalogue order; one sold out in every size is marked."""
    colours: Dict[str, bool] = {}
    for sku in product.skus:
        name = pick(language, sku.color_zh, sku.color_en)
        colours[name] = colours.get(name, False) or sku.stock > 0
    listed = [name if available else _sold_out(name, language) for name, available in colours.items()]
    return joiner(language).join(listed)


def _shades(skus: List[Sku], language: str) -> str:
    """Each shade with its size and stock: "True Red (12 left), Brick Red (sold out)"."""
    names = [_name(sku, None, None, language) for sku in skus[:12]]
    return joiner(language).join(name + text("utter_text_stock_left", language, count=sku.stock) if sku.stock > 0
                                 else _sold_out(name, language) for name, sku in zip(names, skus))


def _sold_out(name: str, language: str) -> str:
    """"枫叶色（已售罄）" / "Maple (sold out)"."""
    marked = text("utter_text_sold_out_mark", language)
    return pick(language, name + marked, f"{name} {marked}")


def _sizes_made(product: Product, language: str) -> str:
    """The sizes the product is made in; empty for goods without sizes (a lipstick)."""
    return joiner(language).join(dict.fromkeys(sku.size for sku in product.skus if sku.size))


def _variant(skus: List[Sku], color: Optional[str], size: Optional[str], language: str) -> str:
    """The variant asked about, as the catalogue writes it: "白色 XL" / "White XL"."""
    if not skus:
        return ""
    parts = [pick(language, skus[0].color_zh, skus[0].color_en) if color else "",
             skus[0].size if size else ""]
    return " ".join(p for p in parts if p) or text("utter_text_any_variant", language)


def _listed(skus: List[Sku], color: Optional[str], size: Optional[str], language: str, counts: bool = False,
            restock: bool = False) -> str:
    """The variants named by what was not asked (sizes of one colour, colours of one size), with
    each one's stock count or its own restock date."""
    names = []
    for sku in skus:
        name = _name(sku, color, size, language)
        if counts:
            name += text("utter_text_stock_left", language, count=sku.stock)
        if restock:
            name += text("utter_text_variant_restock", language, restock=_restock_day(sku, language))
        names.append(name)
    shown = names[:12] + (["…"] if len(names) > 12 else [])
    return joiner(language).join(shown)


def _name(sku: Sku, color: Optional[str], size: Optional[str], language: str) -> str:
    parts = ([] if color else [pick(language, sku.color_zh, sku.color_en)]) + ([] if size else [sku.size or ""])
    return "/".join(p for p in parts if p) or pick(language, sku.color_zh, sku.color_en)


def _restock_day(sku: Sku, language: str) -> str:
    if sku.restock_date is None:
        return text("utter_text_restock_unknown", language)
    return text("utter_text_restock_on", language, date=day(sku.restock_date, language))


def _restock(sold_out: List[Sku], color: Optional[str], size: Optional[str], language: str) -> str:
    """The restock date of the sold-out variants: one date when they share it, else each variant's."""
    dates = {sku.restock_date for sku in sold_out}
    if len(dates) == 1:
        only = next(iter(dates))
        return day(only, language) if only else text("utter_text_no_date", language)
    return _listed(sold_out, color, size, language, restock=True)


def _options(product: Product, language: str) -> str:
    seen = []
    for sku in product.skus:
        text = "/".join(v for v in (pick(language, sku.color_zh, sku.color_en), sku.size) if v)
        if sku.stock > 0 and text not in seen:
            seen.append(text)
    return joiner(language).join(seen[:12]) or "-"
