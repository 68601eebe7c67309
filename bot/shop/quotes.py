"""Price quotes agreed while bargaining (议价成交): recorded, listed for agents, applied as 改价.

Like every repository here these functions never commit: the caller's unit of work does.
"""
from __future__ import annotations

from datetime import datetime
from typing import List, Optional

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from bot.shop.models import Order, OrderItem, PriceQuote, Product, Sku


def record_quote(s: Session, *, conversation_id: str, buyer_id: Optional[int], product: Product,
                 price_fen: int, now: datetime, gift_zh: Optional[str] = None, gift_en: Optional[str] = None,
                 coupon_fen: Optional[int] = None) -> PriceQuote:
    """Keep the terms the buyer agreed for `product`; an earlier unapplied quote of this chat for
    the same product is replaced, never duplicated."""
    quote = s.scalars(
        select(PriceQuote).where(PriceQuote.conversation_id == conversation_id,
                                 PriceQuote.product_id == product.id, PriceQuote.state == "agreed")
    ).first()
    if quote is None:
        quote = PriceQuote(conversation_id=conversation_id, product_id=product.id, state="agreed")
        s.add(quote)
    quote.buyer_id = buyer_id
    quote.list_price_fen = product.price_fen
    quote.price_fen = price_fen
    quote.gift_zh, quote.gift_en, quote.coupon_fen = gift_zh, gift_en, coupon_fen
    quote.created_at = now
    s.flush()
    return quote


def quotes_of(s: Session, conversation_id: str, buyer_id: Optional[int], state: Optional[str] = None,
              limit: int = 20) -> List[PriceQuote]:
    """Quotes agreed in this chat or by this signed-in buyer, newest first."""
    owner = PriceQuote.conversation_id == conversation_id
    if buyer_id is not None:
        owner = or_(owner, PriceQuote.buyer_id == buyer_id)
    statement = select(PriceQuote).where(owner).options(joinedload(PriceQuote.product))
    if state is not None:
        statement = statement.where(PriceQuote.state == state)
    statement = statement.order_by(PriceQuote.created_at.desc(), PriceQuote.id.desc()).limit(limit)
    return list(s.scalars(statement).unique())


def apply_quote(s: Session, quote: PriceQuote, order: Order, now: datetime) -> bool:
    """改价: lower the unit price of the quoted product's items in an unpaid order to the quote.

    Only an unpaid order of the same buyer holding the product qualifies; the price never goes up.
    Returns whether the order was changed (the quote is then `applied` to it)."""
    if quote.state != "agreed" or order.state != "unpaid":
        return False
    if quote.buyer_id is not None and order.buyer_id != quote.buyer_id:
        return False
    lines = [item for item in order.items if item.sku.product_id == quote.product_id]
    if not lines or all(item.unit_price_fen <= quote.price_fen for item in lines):
        return False
    for item in lines:
        item.unit_price_fen = min(item.unit_price_fen, quote.price_fen)
    order.goods_total_fen = sum(item.unit_price_fen * item.quantity for item in order.items)
    quote.state, quote.order_id, quote.applied_at = "applied", order.id, now
    s.flush()
    return True


def unpaid_orders_with(s: Session, buyer_id: int, product_id: int) -> List[Order]:
    """The buyer's unpaid orders holding this product, newest first."""
    statement = (
        select(Order).join(OrderItem, OrderItem.order_id == Order.id).join(Sku, Sku.id == OrderItem.sku_id)
        .where(Order.buyer_id == buyer_id, Order.state == "unpaid", Sku.product_id == product_id)
        .order_by(Order.created_at.desc())
    )
    return list(s.scalars(statement).unique())
