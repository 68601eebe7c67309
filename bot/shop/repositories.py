"""Queries and updates on the shop database used by the bot's actions (plain functions on a Session).

Functions that change data never commit: the caller's unit of work (db.session_scope) does.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Iterable, List, Optional, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from bot.nlu.vocabulary import SIZE_WORDS, canonical_size, colour_names, fold, same_colour, shade_of
from bot.shop.catalog import KIND_NAMES
from bot.shop.models import (
    CANCELLABLE_STATES,
    AfterSaleCase,
    Buyer,
    Order,
    OrderItem,
    Product,
    Shipment,
    Sku,
)

FINISHED_STATES = ("cancelled", "completed")
BOT_AUTHOR = "bot"


def _order_details():
    return (
        selectinload(Order.items).joinedload(OrderItem.sku).joinedload(Sku.product),
        joinedload(Order.shipment).selectinload(Shipment.events),
        joinedload(Order.buyer),
    )


def append_note(order: Order, author: str, text: str, now: datetime) -> None:
    """Append an internal note line such as "[2026-11-22 14:05 agent 小美] 已加急"."""
    line = f"[{now:%Y-%m-%d %H:%M} {author}] {text.strip()}"
    order.notes = f"{order.notes}\n{line}" if order.notes else line


def get_order(s: Session, order_id: str) -> Optional[Order]:
    """The order with this number, its items (with SKU and product), shipment and events."""
    statement = select(Order).where(Order.id == order_id.strip()).options(*_order_details())
    return s.scalars(statement).first()


def orders_of_buyer(s: Session, buyer_id: int, limit: int = 10) -> List[Order]:
    """The buyer's orders, newest first."""
    statement = (
        select(Order)
        .where(Order.buyer_id == buyer_id)
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(limit)
        .options(*_order_details())
    )
    return list(s.scalars(statement))


def latest_open_order(s: Session, buyer_id: int) -> Optional[Order]:
    """The buyer's newest order that is neither cancelled nor completed, else their newest one."""
    base = (
        select(Order)
        .where(Order.buyer_id == buyer_id)
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(1)
        .options(*_order_details())
    )
    open_order = s.scalars(base.where(Order.state.not_in(FINISHED_STATES))).first()
    return open_order or s.scalars(base).first()


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def phone_matches(order: Order, last4: str) -> bool:
    """True if `last4` ends the recipient's or the buyer's phone number.

    Accepts the last 4 digits, or a whole 11-digit number (then all digits must match).
    """
    given = _digits(last4 or "")
    if len(given) not in (4, 11):
        return False
    phones = [_digits(order.recipient_phone or "")]
    if order.buyer is not None:
        phones.append(_digits(order.buyer.phone or ""))
    if len(given) == 11:
        return any(phone[-11:] == given for phone in phones)
    return any(len(phone) >= 4 and phone[-4:] == given for phone in phones)


def cancel_order(s: Session, order: Order, now: datetime) -> bool:
    """Cancel an unpaid or paid (not yet shipped) order and put its items back in stock.

    Returns False and changes nothing for any other state.
    """
    if order.state not in CANCELLABLE_STATES:
        return False
    for item in order.items:
        item.sku.stock += item.quantity
    order.state = "cancelled"
    order.cancelled_at = now
    append_note(order, BOT_AUTHOR, "买家申请取消订单，已取消并恢复库存", now)
    s.flush()
    return True


CHASE_NOTE = "物流停滞，买家要求联系快递核查"


def marked_urgent_for(order: Order, note: str) -> bool:
    """Whether the order is flagged urgent for this reason already (see mark_urgent)."""
    line_end = f"] 加急：{note.strip()}"
    return bool(order.urgent) and any(line.endswith(line_end) for line in (order.notes or "").splitlines())


def mark_urgent(s: Session, order: Order, note: str, now: datetime) -> None:
    """Flag the order as urgent for the warehouse and record why in the internal notes
    (once per reason: a buyer asking again does not add the same line again)."""
    already = marked_urgent_for(order, note)
    order.urgent = True
    if not already:
        append_note(order, BOT_AUTHOR, f"加急：{note}", now)
    s.flush()


def change_item_sku(s: Session, order: Order, item: OrderItem, sku: Sku, now: datetime) -> bool:
    """Swap an order line to another variant of the same product before dispatch: the old
    variant's stock comes back, the new one's is taken, and a note says so. False (nothing
    changed) once the order has shipped or when the new variant lacks the stock."""
    if order.state not in ("unpaid", "paid") or sku.product_id != item.sku.product_id or sku.stock < item.quantity:
        return False
    old = item.sku
    old.stock += item.quantity
    sku.stock -= item.quantity
    item.sku = sku
    append_note(order, BOT_AUTHOR, f"买家要求改规格：{old.color_zh}/{old.size or '-'} → {sku.color_zh}/{sku.size or '-'}", now)
    s.flush()
    return True


def _plain_field(value: Optional[str], limit: int) -> str:
    """A stored text field: single-spaced, no markup brackets or control/invisible characters.

    The actions check what buyers send before calling; this refuses anything that slipped through.
    """
    text = " ".join((value or "").split())
    if any(ch in "<>" or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text):
        raise ValueError("markup or control characters in a stored field")
    if len(text) > limit:
        raise ValueError(f"field longer than {limit} characters")
    return text


def change_address(
    s: Session,
    order: Order,
    address: str,
    now: datetime,
    province: Optional[str] = None,
    city: Optional[str] = None,
    recipient_name: Optional[str] = None,
    recipient_phone: Optional[str] = None,
) -> bool:
    """Change the delivery address of an order not yet shipped; False (no change) otherwise.

    `address` is the address line (district and street); province, city, recipient and phone are
    kept unless given. An empty address with a recipient or phone changes only those.
    Raises ValueError for markup, control characters or overlong fields.
    """
    if order.state not in CANCELLABLE_STATES:
        return False
    line = _plain_field(address, 200)
    if not line and not (recipient_name or recipient_phone):
        return False
    values = {
        "province": _plain_field(province, 16) if province else None,
        "city": _plain_field(city, 32) if city else None,
        "recipient_name": _plain_field(recipient_name, 64) if recipient_name else None,
        "recipient_phone": _plain_field(recipient_phone, 20) if recipient_phone else None,
    }
    old = f"{order.province} {order.city} {order.address_line} {order.recipient_name} {order.recipient_phone}"
    order.province = values["province"] or order.province
    order.city = values["city"] or order.city
    order.address_line = line or order.address_line
    order.recipient_name = values["recipient_name"] or order.recipient_name
    order.recipient_phone = values["recipient_phone"] or order.recipient_phone
    new = f"{order.province} {order.city} {order.address_line} {order.recipient_name} {order.recipient_phone}"
    append_note(order, BOT_AUTHOR, f"买家修改地址：{old} -> {new}", now)
    s.flush()
    return True


def set_invoice(s: Session, order: Order, title: str, tax_id: Optional[str], now: datetime) -> None:
    """Record the buyer's invoice request (title, optional tax id) on the order.

    Raises ValueError for an empty title, markup, control characters or overlong fields.
    """
    clean_title = _plain_field(title, 200)
    if not clean_title:
        raise ValueError("an invoice needs a title")
    order.invoice_title = clean_title
    order.invoice_tax_id = _plain_field(tax_id, 32).replace(" ", "") if tax_id else None
    order.invoice_requested_at = now
    append_note(order, BOT_AUTHOR, f"申请发票：{order.invoice_title} {order.invoice_tax_id or ''}", now)
    s.flush()


def find_open_case(s: Session, order_id: str, kinds: Iterable[str]) -> Optional[AfterSaleCase]:
    """The order's open case of the first of `kinds` that has one (oldest case of that kind), else None."""
    kinds = list(kinds)
    if not kinds:
        return None
    found = s.scalars(
        select(AfterSaleCase)
        .where(AfterSaleCase.order_id == order_id, AfterSaleCase.kind.in_(kinds))
        .where(AfterSaleCase.state == "open")
        .order_by(AfterSaleCase.id)
    ).all()
    return min(found, key=lambda case: (kinds.index(case.kind), case.id)) if found else None


def add_case_words(case: AfterSaleCase, words: str, now: datetime) -> None:
    """Append what the buyer said again about an open case to its detail (the reason stays)."""
    words = " ".join((words or "").split())
    if not words:
        return
    line = f"[{now:%Y-%m-%d %H:%M}] {words}"
    if line not in (case.detail or ""):
        case.detail = f"{case.detail}\n{line}" if case.detail else line


def open_case(
    s: Session,
    order: Order,
    kind: str,
    reason: str,
    detail: Optional[str],
    resolution: Optional[str],
    now: datetime,
    problem: Optional[str] = None,
) -> AfterSaleCase:
    """Open an after-sale case; if one of the same kind is already open for the order, return it.

    `reason` is the buyer's own words (cut to 200 characters), `problem` what went wrong for a
    "problem" case. The database keeps one open case per order and kind (a partial unique index):
    a second case opened at the same moment by a concurrent request fails the flush with
    IntegrityError and the caller's unit of work rolls back, so nothing is written twice.
    """
    existing = find_open_case(s, order.id, [kind])
    if existing is not None:
        return existing
    case = AfterSaleCase(
        order=order, kind=kind, reason=" ".join(reason.split())[:200] or kind, detail=detail,
        problem=problem, resolution=resolution, state="open", created_at=now,
    )
    s.add(case)
    s.flush()
    return case


def open_cases(s: Session, order_id: str) -> List[AfterSaleCase]:
    """The order's after-sale cases still in state "open", oldest first."""
    statement = (
        select(AfterSaleCase)
        .where(AfterSaleCase.order_id == order_id, AfterSaleCase.state == "open")
        .order_by(AfterSaleCase.created_at, AfterSaleCase.id)
    )
    return list(s.scalars(statement))


def term_occurs(term: str, text: str) -> bool:
    """Case-insensitive; ASCII terms must stand as whole words ("dress" is not in "address"),
    plurals too ("sweatshirts", "dresses")."""
    if term.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(term)}(?:s|es)?(?![a-z0-9])", text) is not None
    return term in text


def _match_score(product: Product, text: str) -> int:
    names = [product.name_zh, product.name_en, product.kind, product.code]
    names += KIND_NAMES.get(product.kind, ())
    best = 0
    for name in (n.lower() for n in names if n):
        if term_occurs(name, text):
            best = max(best, len(name))
        elif len(text) >= 2 and text in name:
            best = max(best, len(text))
    return best


def _in_own_name(product: Product, text: str) -> bool:
    names = [n.lower() for n in (product.name_zh, product.name_en) if n]
    return any(term_occurs(name, text) or (len(text) >= 2 and text in name) for name in names)


def products_by_codes(s: Session, codes: Sequence[str]) -> List[Product]:
    """The active products with these codes, in the order of `codes` (unknown codes left out)."""
    if not codes:
        return []
    found = {p.code: p for p in s.scalars(select(Product).where(Product.active.is_(True), Product.code.in_(list(codes)))
                                          .options(selectinload(Product.skus)))}
    return [found[code] for code in codes if code in found]


def products_of_kind(s: Session, kind: str) -> List[Product]:
    """The active products of one kind ("down_jacket"), by code."""
    return list(s.scalars(select(Product).where(Product.active.is_(True), Product.kind == kind)
                          .options(selectinload(Product.skus)).order_by(Product.code)))


def find_products(s: Session, text: str, limit: int = 5, prefer: Optional[str] = None) -> List[Product]:
    """Active products named in `text` (by name, kind word or code) or whose name contains it.

    Best first: the longest matching name wins; on a tie the product named by `prefer` (the one
    the buyer is looking at or spoke of, by name or code) wins, unless only another one's own Chinese
    name holds the words ("唇釉" after the lipstick: 水光镜面唇釉, though both are lipsticks; a Chinese
    name ends in its own word for the goods, English names vary: hoodie, hooded sweatshirt); then
    the lower product code.
    """
    wanted = (text or "").strip().lower()
    if not wanted:
        return []
    products = s.scalars(
        select(Product).where(Product.active.is_(True)).options(selectinload(Product.skus))
    ).all()
    scored = [(_match_score(product, wanted), product) for product in products]
    scored = [(score, product) for score, product in scored if score > 0]
    preferred = (prefer or "").strip().lower()
    scored.sort(key=lambda pair: (-pair[0], preferred not in (pair[1].name_zh.lower(), pair[1].code.lower()),
                                  pair[1].code))
    if preferred and len(scored) > 1 and not wanted.isascii() and not _in_own_name(scored[0][1], wanted):
        named = [i for i, (score, product) in enumerate(scored) if score == scored[0][0] and _in_own_name(product, wanted)]
        if named:
            scored.insert(0, scored.pop(named[0]))
    return [product for _, product in scored[:limit]]


def find_skus(s: Session, product: Product, color: Optional[str], size: Optional[str]) -> List[Sku]:
    """The product's variants of exactly this colour and size; None for either means any.

    A colour matches by its canonical name in any case and width, zh or en, with true synonyms
    ("白", "白的", "white" -> 白色), never by a part of another colour's name (白色 does not pick
    米白色, 象牙白 or 亮白色). A size matches in any case and width ("xl", "加大", "x-large" -> XL).
    """
    wanted_size = canonical_size(size) if size else ""
    matches = []
    for sku in product.skus:
        if color and not same_colour(color, sku.color_zh, sku.color_en):
            continue
        if wanted_size and canonical_size(sku.size) != wanted_size:
            continue
        matches.append(sku)
    return matches


def shade_skus(product: Product, color: str, size: Optional[str]) -> List[Sku]:
    """The product's variants in shades of `color` ("red": True Red, Brick Red) of the size asked,
    for when no variant is exactly that colour."""
    wanted_size = canonical_size(size) if size else ""
    return [sku for sku in product.skus if shade_of(color, sku.color_zh, sku.color_en)
            and (not wanted_size or canonical_size(sku.size) == wanted_size)]


def _named_at(pattern: str, text: str) -> List[tuple]:
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def variant_named(product: Product, text: str) -> tuple:
    """(colour, size) of `product` that `text` names, for when the NLU found none: only this
    product's own colours and sizes count, the longest name wins (米白色 is not 白色), a size
    must stand apart ("xl", "XL码", not the "l" of "cool"); a one-letter size only in upper case
    or before 码/号. Either is None when the text names none or several."""
    colours, sizes = _variants_at(product, text)
    return _only(colours), _only(sizes)


def variants_named(product: Product, text: str) -> tuple:
    """([(start, colour)], [(start, size)]): every colour and size of `product` the text names, as
    variant_named reads them ("M换成L" -> sizes [(0, "M"), (3, "L")])."""
    return tuple([(span[0], value) for span in _outermost(found) for value in sorted(found[span])]
                 for found in _variants_at(product, text))


def _variants_at(product: Product, text: str) -> tuple:
    folded = fold(text or "")
    colours, sizes = {}, {}
    for sku in product.skus:
        for name in colour_names(sku.color_zh, sku.color_en):
            if len(name) >= 2 or not name.isascii():
                pattern = rf"(?<![a-z]){re.escape(name)}(?![a-z])" if name.isascii() else re.escape(name)
                if len(name) == 1:
                    pattern += r"(?=[的色\s,，。?？!！]|$|[a-z0-9])"
                for span in _named_at(pattern, folded):
                    colours.setdefault(span, set()).add(sku.color_zh)
        if sku.size:
            size = canonical_size(sku.size)
            forms = {size.lower()} | {fold(w) for words, value, weak in SIZE_WORDS if value == size and not weak
                                      for w in words}
            alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
            for span in _named_at(rf"(?<![a-z0-9'’])(?:{alternatives})(?![a-z0-9])", folded):
                one_letter_ok = len(size) > 1 or text[span[0]:span[1]].isupper() or folded[span[1]:span[1] + 1] in ("码", "号")
                if one_letter_ok:
                    sizes.setdefault(span, set()).add(size)
    return colours, sizes


def _outermost(found: dict) -> list:
    """The spans not inside a longer one (米白色, not its 白色)."""
    return [span for span in found if not any(o != span and o[0] <= span[0] and span[1] <= o[1] for o in found)]


def _only(found: dict) -> Optional[str]:
    """The one value named, after dropping names inside a longer one; None if none or several."""
    values = {value for span in _outermost(found) for value in found[span]}
    return next(iter(values)) if len(values) == 1 else None


def in_stock_and_sold_out(skus: Iterable[Sku]) -> tuple:
    """The variants split into (in stock, sold out), each in catalogue order; a sold-out SKU is
    never in the first list."""
    skus = list(skus)
    return [sku for sku in skus if sku.stock > 0], [sku for sku in skus if sku.stock <= 0]


def _in_stock_products(s: Session, exclude_id: int) -> Iterable[Product]:
    statement = (
        select(Product)
        .where(Product.active.is_(True), Product.id != exclude_id)
        .where(Product.skus.any(Sku.stock > 0))
        .options(selectinload(Product.skus))
        .order_by(Product.code)
    )
    return s.scalars(statement).all()


def similar_in_stock(s: Session, product: Product, limit: int = 3, color: Optional[str] = None,
                     size: Optional[str] = None) -> List[Product]:
    """Other active products with stock: of the same kind when there are any (a sold-out hoodie
    suggests hoodies, not a blouse), else of the same category; closest price first.

    With a size, only products that have that size in stock (the buyer's colour first within a
    kind); with only a colour, only products that have that colour in stock.
    """
    candidates = [p for p in _in_stock_products(s, product.id) if p.category == product.category]

    def has(p: Product, wanted_color: Optional[str]) -> bool:
        return any(sku.stock > 0 for sku in find_skus(s, p, wanted_color, size))

    if color or size:
        candidates = [p for p in candidates if has(p, None if size else color)]
    same_kind = [p for p in candidates if p.kind == product.kind]
    candidates = same_kind or candidates
    candidates.sort(key=lambda p: (bool(color and size) and not has(p, color),
                                   abs(p.price_fen - product.price_fen), p.code))
    return candidates[:limit]


def buyer_by_nick(s: Session, nick: str) -> Optional[Buyer]:
    """The buyer with this Taobao nick, if any."""
    return s.scalars(select(Buyer).where(Buyer.nick == nick.strip())).first()


def record_return_tracking(case: AfterSaleCase, number: str, courier: Optional[str], now: datetime) -> str:
    """Keep the tracking number of the parcel the buyer sends back on the case.

    Returns "recorded" (first number), "changed" (a different number replaces the earlier one,
    both kept in the detail) or "same" (already recorded: nothing changes).
    """
    number = _plain_field(number, 32).replace(" ", "").upper()
    if not number:
        raise ValueError("a tracking number is required")
    if case.return_tracking_number == number:
        return "same"
    outcome = "changed" if case.return_tracking_number else "recorded"
    line = f"[{now:%Y-%m-%d %H:%M}] 买家寄回单号 {courier or ''} {number}".replace("  ", " ")
    case.detail = f"{case.detail}\n{line}" if case.detail else line
    case.return_tracking_number = number
    case.return_courier = _plain_field(courier, 16) if courier else None
    case.return_shipped_at = now
    return outcome


def cases_of_order(s: Session, order_id: str) -> List[AfterSaleCase]:
    """All after-sale cases of the order, oldest first."""
    statement = select(AfterSaleCase).where(AfterSaleCase.order_id == order_id).order_by(AfterSaleCase.id)
    return list(s.scalars(statement))


def open_cases_of_buyer(s: Session, buyer_id: int) -> List[AfterSaleCase]:
    """The buyer's open after-sale cases over all their orders, oldest first."""
    statement = (
        select(AfterSaleCase)
        .join(Order, AfterSaleCase.order_id == Order.id)
        .where(Order.buyer_id == buyer_id, AfterSaleCase.state == "open")
        .order_by(AfterSaleCase.id)
    )
    return list(s.scalars(statement))
