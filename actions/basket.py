"""What the goods a buyer names cost under the promotions running: "买两件卫衣能减多少" (one product,
`answer_basket`) and "一件卫衣和两条牛仔裤一共多少钱" (several, `answer_several`), worked out once for
the whole basket by bot.policy.basket from the shop's real prices, with its postage (bot.policy.postage).
A question only reads the shop."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from rasa_sdk.events import EventType, SlotSet
from sqlalchemy.orm import Session

from actions.catalog import find_product
from actions.common import Turn, shop_policy, unit_of_work
from actions.shipping import buyer_province, chosen_courier
from bot.i18n import money, pick
from bot.nlu.basket_counts import BasketCounts, read_basket
from bot.nlu.normalise import count_before, pieces
from bot.nlu.text import half_width
from bot.policy import Promotion
from bot.policy.basket import NOT_COMBINED, OUT_OF_SCOPE, BasketLine, BasketTotal, Missed, Saving, basket_total, covers
from bot.policy.postage import basket_postage, postage_text
from bot.service.followup import last_question_message
from bot.shop import repositories as repo
from bot.shop.models import Product
from bot.texts import joiner, text


def _asked_product(turn: Turn, session: Session) -> Optional[Product]:
    """The product named in the message (None if the shop has none by that name), else the one
    the buyer spoke of before or is looking at."""
    named = turn.entity("product")
    if not named:
        return find_product(turn, session)
    return _lookup(turn, session, named)


def _lookup(turn: Turn, session: Session, named: str) -> Optional[Product]:
    found = repo.find_products(session, named, limit=1, prefer=turn.slot("product") or turn.page_product)
    return found[0] if found else None


def _priced(product: Product) -> bool:
    return bool(product.price_fen and product.price_fen > 0)


def _saving_text(saving: Saving, lang: str, on: str = "") -> str:
    """What a promotion takes off; `on` names the goods it reaches when not the whole basket."""
    title = pick(lang, saving.promotion.title_zh, saving.promotion.title_en)
    if saving.promotion.kind == "gift":
        return text("utter_text_basket_gift", lang, title=title)
    amount = money(saving.saving_fen, lang)
    if on:
        return text("utter_text_basket_saving_on", lang, title=title, saving=amount, products=on)
    return text("utter_text_basket_saving", lang, title=title, saving=amount)


def _missed_text(missed: Missed, lang: str, several: bool = False) -> str:
    title = pick(lang, missed.promotion.title_zh, missed.promotion.title_en)
    if missed.reason == OUT_OF_SCOPE and several:
        return text("utter_text_basket_out_of_scope_all", lang, title=title)
    if missed.reason in (OUT_OF_SCOPE, NOT_COMBINED):
        return text(f"utter_text_basket_{missed.reason}", lang, title=title)
    return text("utter_text_basket_short", lang, title=title, short=money(missed.short_by_fen, lang))


def _notes(total: BasketTotal, lang: str, several: bool = False) -> str:
    notes = text("utter_text_basket_separator", lang).join(_missed_text(m, lang, several) for m in total.missed)
    return text("utter_text_basket_notes", lang, notes=notes) if notes else ""


def _postage(turn: Turn, total: BasketTotal, weight_g: int) -> str:
    """The reply's postage line for the basket: to the buyer's province if we know it, else what it
    depends on."""
    policy = shop_policy()
    postage = basket_postage(policy, total.total_fen, weight_g / 1000, buyer_province(turn), chosen_courier(turn))
    return postage_text(policy, postage, turn.language)


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
        if not _priced(product):
            turn.say("utter_promotion_basket_no_price", product=name)
            return []
        line = BasketLine(product.code, product.price_fen, count, (product.category, product.kind))
        remembered, weight_g = product.name_zh, product.weight_g * count
    total = basket_total(promotions, [line])
    values = dict(items=text("utter_text_basket_items", lang, count=count, product=name),
                  subtotal=money(total.subtotal_fen, lang), total=money(total.total_fen, lang),
                  notes=_notes(total, lang), postage=_postage(turn, total, weight_g))
    if total.applied:
        savings = text("utter_text_basket_separator", lang).join(_saving_text(s, lang) for s in total.applied)
        turn.say("utter_promotion_basket", savings=savings, **values)
    else:
        turn.say("utter_promotion_basket_no_saving", **values)
    return [SlotSet("product", remembered)]


_TOO_MANY = re.compile(r"(?<![\d.])(\d{3,})\s*(?:件|个|条|双|套|瓶|盒|包|支|只|pcs?\b|pieces?\b|items?\b|pairs?\b)",
                       re.IGNORECASE)


def too_many(text_: str) -> Optional[int]:
    """A count of 100 pieces or more ("买100件卫衣"): a bulk order a person prices, not the bot."""
    found = _TOO_MANY.search(half_width(text_ or ""))
    return int(found.group(1)) if found else None


def basket_count(turn: Turn) -> Optional[int]:
    """How many pieces the buyer asks about: "两件", "3 pieces", or a count right before the product
    named ("buy 2 hoodies")."""
    found = pieces(turn.text)
    if found:
        return found[0]
    named = next((e for e in (turn.tracker.latest_message or {}).get("entities") or []
                  if e.get("entity") == "product" and e.get("start") is not None), None)
    return count_before(turn.text, named["start"]) if named else None


def _mentions(message: Optional[Mapping[str, Any]]) -> List[Mapping[str, Any]]:
    """The message's product entities that carry offsets, in the order written, one per span."""
    found: List[Mapping[str, Any]] = []
    for entity in sorted(((message or {}).get("entities") or []), key=lambda e: (e.get("start") or 0)):
        if entity.get("entity") != "product" or not entity.get("value"):
            continue
        if not isinstance(entity.get("start"), int) or not isinstance(entity.get("end"), int):
            continue
        if found and entity["start"] < found[-1]["end"]:
            continue
        found.append(entity)
    return found


def several_goods(turn: Turn) -> Optional[Tuple[List[Mapping[str, Any]], BasketCounts]]:
    """The products named and their counts when the message asks about several goods: two products
    or more, or one and something counted that is no product ("一件卫衣和两条围巾"); else None."""
    mentions = _mentions(turn.tracker.latest_message)
    if not mentions:
        return None
    counts = read_basket(turn.text, [(m["start"], m["end"]) for m in mentions])
    if len(mentions) == 1 and not (counts.others and _offsets_hold(turn, mentions[0])):
        return None
    return mentions, counts


def _offsets_hold(turn: Turn, mention: Mapping[str, Any]) -> bool:
    """True when the words at the entity's offsets name the product its value names."""
    written = turn.text[mention["start"]:mention["end"]]
    if written.strip().lower() == str(mention["value"]).strip().lower():
        return True
    with unit_of_work() as session:
        at, named = _lookup(turn, session, written), _lookup(turn, session, str(mention["value"]))
        return at is not None and named is not None and at.code == named.code


@dataclass
class _Line:
    """A product of the basket: its names, price, kind and weight, and each count the buyer gave it."""

    name_zh: str
    name: str
    code: str
    unit_fen: int
    categories: Tuple[str, ...]
    weight_g: int
    counts: List[Optional[int]] = field(default_factory=list)

    @property
    def line(self) -> BasketLine:
        """The counts added up (1 when none was given)."""
        return BasketLine(self.code, self.unit_fen, sum(c for c in self.counts if c) or 1, self.categories)


def _read_lines(turn: Turn, mentions: Sequence[Mapping[str, Any]],
                counts: BasketCounts) -> Tuple[List[_Line], List[str], List[str]]:
    """One line per product found, the names the shop sells nothing by, and the products without a
    price. Something counted that is no entity ("两条围巾", or a second "两件卫衣" the extractor left
    out as a repeat) is looked up too."""
    lang, lines, unknown, unpriced = turn.language, {}, [], []
    asked = [(str(m["value"]), count) for m, count in zip(mentions, counts.counts)]
    with unit_of_work() as session:
        for named, count in asked + [(words, count) for count, words in counts.others]:
            product = _lookup(turn, session, named)
            if product is None:
                unknown.append(named)
            elif not _priced(product):
                unpriced.append(pick(lang, product.name_zh, product.name_en))
            else:
                lines.setdefault(product.code, _Line(product.name_zh, pick(lang, product.name_zh, product.name_en),
                                                     product.code, product.price_fen,
                                                     (product.category, product.kind),
                                                     product.weight_g)).counts.append(count)
    return list(lines.values()), list(dict.fromkeys(unknown)), list(dict.fromkeys(unpriced))


def answer_several(turn: Turn, promotions: Sequence[Promotion], mentions: Sequence[Mapping[str, Any]],
                   counts: BasketCounts) -> Optional[List[EventType]]:
    """The basket of every product named, each with its count, worked out once: a 满减 threshold
    counts the whole basket, a discount only the goods it covers. Goods the shop does not sell or
    that have no price are said and left out. None when nothing named is sold (the caller lists
    the promotions)."""
    lang = turn.language
    lines, unknown, unpriced = _read_lines(turn, mentions, counts)
    if not lines:
        for name in unpriced:
            turn.say("utter_promotion_basket_no_price", product=name)
        if unknown:
            turn.say("utter_promotion_basket_unknown_product", product=joiner(lang).join(unknown))
            return None
        return []
    total = basket_total(promotions, [found.line for found in lines])
    separator = text("utter_text_basket_separator", lang)
    left_out = [text("utter_text_basket_unknown", lang, product=name) for name in unknown]
    left_out += [text("utter_text_basket_unpriced", lang, product=name) for name in unpriced]
    values = dict(lines="\n".join(_line_text(found, lang) for found in lines),
                  subtotal=money(total.subtotal_fen, lang), total=money(total.total_fen, lang),
                  notes=_notes(total, lang, several=len(lines) > 1),
                  postage=_postage(turn, total, sum(found.weight_g * found.line.quantity for found in lines)),
                  left_out=text("utter_text_basket_left_out", lang, items=separator.join(left_out)) if left_out else "")
    if total.applied:
        savings = separator.join(_saving_text(s, lang, _covered(s.promotion, lines, lang)) for s in total.applied)
        turn.say("utter_promotion_basket_lines", savings=savings, **values)
    else:
        turn.say("utter_promotion_basket_lines_no_saving", **values)
    return [SlotSet("product", lines[0].name_zh)]


def _line_text(found: _Line, lang: str) -> str:
    line = found.line
    return text("utter_text_basket_line", lang, count=line.quantity, product=found.name,
                unit=money(line.unit_fen, lang), amount=money(line.unit_fen * line.quantity, lang))


def _covered(promotion: Promotion, lines: Sequence[_Line], lang: str) -> str:
    """The goods a promotion reaches, named when it reaches only some of the basket."""
    reached = [found.name for found in lines if covers(promotion, found.line)]
    return joiner(lang).join(reached) if len(reached) < len(lines) else ""


def ask_which_item(turn: Turn, count: int) -> bool:
    """After a basket of several products, a bare count ("三件呢", "what about 3?") could mean any of
    them: ask which one (True) rather than guess, even on a product's page. False when the last
    basket had one product."""
    if turn.entity("product"):
        return False
    asked = last_question_message(turn.tracker.events)
    if ((asked or {}).get("parse_data") or {}).get("intent", {}).get("name") != "ask_promotion":
        return False
    mentions: List[Mapping[str, Any]] = []
    for event in reversed([e for e in turn.tracker.events if e.get("event") == "user"][:-1]):
        mentions = _mentions(event.get("parse_data"))  # the products named last ("四件卫衣呢") decide
        if mentions or event is asked:
            break
    names: Dict[str, str] = {}
    with unit_of_work() as session:
        for mention in mentions:
            product = _lookup(turn, session, str(mention["value"]))
            if product is not None:
                names.setdefault(product.code, pick(turn.language, product.name_zh, product.name_en))
    if len(names) < 2:
        return False
    example = next(iter(names.values()))
    turn.say("utter_promotion_basket_which_item", count=count, example=example,
             products=joiner(turn.language).join(names.values()))
    return True
