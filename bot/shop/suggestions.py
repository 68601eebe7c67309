"""Which of the shop's goods to suggest when a buyer asks for a recommendation ("推荐一款",
"what do you have for dry skin"): only goods with a variant in stock, read from the SKU rows, the
most ordered first (units in orders that were paid for and not cancelled). Read-only."""
from __future__ import annotations

from typing import List, Optional, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bot.shop.catalog import KIND_NAMES, NEED_KINDS
from bot.shop.repositories import term_occurs
from bot.shop.models import CATEGORIES, Order, OrderItem, Product, Sku

_COUNTED_STATES = ("paid", "shipped", "delivered", "completed")


def in_stock_most_ordered(s: Session, limit: int = 4,
                          among: Optional[Sequence[Product]] = None) -> List[Product]:
    """Active products with stock, most units ordered first, then by product code.

    `among` narrows the choice to these products (those the buyer's words named); an empty
    `among` gives an empty list."""
    if among is not None and not among:
        return []
    sold = (
        select(Sku.product_id.label("product_id"), func.sum(OrderItem.quantity).label("units"))
        .join(OrderItem, OrderItem.sku_id == Sku.id)
        .join(Order, Order.id == OrderItem.order_id)
        .where(Order.state.in_(_COUNTED_STATES))
        .group_by(Sku.product_id)
        .subquery()
    )
    statement = (
        select(Product)
        .outerjoin(sold, sold.c.product_id == Product.id)
        .where(Product.active.is_(True), Product.skus.any(Sku.stock > 0))
        .options(selectinload(Product.skus))
        .order_by(func.coalesce(sold.c.units, 0).desc(), Product.code)
        .limit(limit)
    )
    if among is not None:
        statement = statement.where(Product.id.in_([product.id for product in among]))
    return list(s.scalars(statement).all())


def kinds_for_need(text: str) -> List[str]:
    """The kinds of product that meet a need the words name ("干皮", "makeup", "an outfit"), in
    catalogue order; empty when they name none."""
    wanted = (text or "").lower()
    kinds: List[str] = []
    for words, group in NEED_KINDS:
        if any(term_occurs(word, wanted) for word in words):
            kinds += [kind for kind in group if kind not in kinds]
    return kinds


def called_so(products: Sequence[Product], text: str) -> List[Product]:
    """Those of `products` whose own name carries the kind word the buyer used ("sneakers" picks
    the White Leather Sneakers, not the Martin Boots, though both are shoes)."""
    wanted = (text or "").lower()
    kept = []
    for product in products:
        own = f"{product.name_zh} {product.name_en or ''}".lower()
        used = [word.lower() for word in KIND_NAMES.get(product.kind, ()) if term_occurs(word.lower(), wanted)]
        if any(word in own or (word.isascii() and word.rstrip("s") in own) for word in used):
            kept.append(product)
    return kept


def products_of_kinds(s: Session, kinds: Sequence[str]) -> List[Product]:
    """The active products of these kinds."""
    if not kinds:
        return []
    return list(s.scalars(select(Product).where(Product.active.is_(True), Product.kind.in_(list(kinds)))).all())


def categories_on_sale(s: Session) -> List[str]:
    """The categories of the active products, in the order of the model's CATEGORIES."""
    present = set(s.scalars(select(Product.category).where(Product.active.is_(True)).distinct()).all())
    return [category for category in CATEGORIES if category in present]
