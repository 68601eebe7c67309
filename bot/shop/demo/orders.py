"""The demo shop's generated orders: every state, fees as the policy charges, dates true at `now`."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Dict, List, Optional, Tuple

from sqlalchemy.orm import Session

from bot.shop.demo.buyers import GIVEN_NAMES, SURNAMES, phone_number
from bot.shop.demo.places import REMOTE_PROVINCES, WAREHOUSE, place_of, random_address, route_to, weighted
from bot.shop.demo.shipments import delivered_events, event, ship
from bot.shop.models import Buyer, Order, OrderItem, Product, Sku


REMOTE_FEE_FEN = {"新疆": 2000, "西藏": 2000}
DEFAULT_REMOTE_FEE_FEN = 1200
SF_SURCHARGE_FEN = 1000
COURIER_WEIGHTS = {"yto": 30, "zto": 26, "yunda": 20, "sto": 8, "sf": 10, "ems": 3, "jd": 3}
REMOTE_COURIER_WEIGHTS = {"ems": 40, "yto": 30, "sf": 15, "zto": 15}
# generated orders per state; `shipped` includes STALLED_COUNT stalled parcels
STATE_COUNTS = {"unpaid": 12, "paid": 25, "shipped": 45, "delivered": 35, "completed": 90, "cancelled": 23}
STALLED_COUNT = 10


def new_order(
    order_id: str, buyer: Buyer, state: str, created_at: datetime, address: Tuple[str, str, str],
    courier: str, lines: List[Tuple[Sku, int, int]], recipient: Optional[Tuple[str, str]] = None,
) -> Order:
    """An order with its items and the postage the shop charges for `address` and `courier`."""
    province, city, address_line = address
    fee = REMOTE_FEE_FEN.get(province, DEFAULT_REMOTE_FEE_FEN) if province in REMOTE_PROVINCES else 0
    fee += SF_SURCHARGE_FEN if courier == "sf" else 0
    name, phone = recipient or (buyer.name, buyer.phone)
    order = Order(
        id=order_id, buyer=buyer, state=state, created_at=created_at, recipient_name=name,
        recipient_phone=phone, province=province, city=city, address_line=address_line,
        goods_total_fen=sum(price * qty for _, qty, price in lines), shipping_fee_fen=fee,
        courier_code=courier, urgent=False, notes="",
    )
    order.items = [OrderItem(sku=sku, quantity=qty, unit_price_fen=price) for sku, qty, price in lines]
    return order


def line_of(skus: Dict[str, Sku], code: str, quantity: int = 1) -> Tuple[Sku, int, int]:
    """(sku, quantity, unit price) for the SKU `code` at its list price."""
    sku = skus[code]
    return sku, quantity, sku.product.price_fen


def _generated_lines(rng: random.Random, products: List[Product]) -> List[Tuple[Sku, int, int]]:
    lines = []
    for product in rng.sample(products, rng.choices((1, 2, 3), weights=(70, 22, 8))[0]):
        sku = rng.choice(product.skus)
        price = product.price_fen
        if rng.random() < 0.3:
            price = max(product.floor_price_fen, price * rng.randint(90, 95) // 100 // 100 * 100)
        lines.append((sku, 1 if rng.random() < 0.85 else 2, price))
    return lines


def _order_id(rng: random.Random, created: datetime, taken: set) -> str:
    while True:
        order_id = f"3{created:%y%m%d}{rng.randrange(10 ** 9):09d}"
        if order_id not in taken:
            taken.add(order_id)
            return order_id


def _generated_timeline(order: Order, rng: random.Random, now: datetime, stalled: bool) -> None:
    """Set the order's dates (and shipment) so that its state is true at `now`."""
    def minutes(low: int, high: int) -> timedelta:
        return timedelta(minutes=rng.randint(low, high))

    route = route_to(order.province, place_of(order.province, order.city))
    transit = minutes(36 * 60, 84 * 60)
    if order.province in REMOTE_PROVINCES:
        transit += minutes(24 * 60, 48 * 60)
    if order.state == "unpaid":
        order.created_at = now - minutes(5, 47 * 60)
    elif order.state == "paid":
        order.paid_at = now - minutes(10, 40 * 60)
        order.created_at = order.paid_at - minutes(1, 20)
    elif order.state == "cancelled":
        order.created_at = now - minutes(3 * 1440, 60 * 1440)
        if rng.random() < 0.3:
            order.paid_at = order.created_at + minutes(1, 20)
        order.cancelled_at = order.created_at + minutes(30, 24 * 60)
    elif order.state == "shipped" and stalled:
        last = now - minutes(4 * 1440 + 60, 7 * 1440)
        shipped = last - minutes(12 * 60, 30 * 60)
        stop = route[1] if len(route) > 2 else WAREHOUSE
        ship(order, rng, shipped, [event(shipped, "collected", WAREHOUSE),
                                    event(shipped + timedelta(hours=3), "in_transit", WAREHOUSE),
                                    event(last, "in_transit", stop)])
    elif order.state == "shipped":
        shipped = now - minutes(8 * 60, 3 * 1440)
        arrival = max(shipped + transit, now + minutes(60, 36 * 60))
        events = [e for e in delivered_events(route, shipped, arrival) if e.occurred_at <= now]
        ship(order, rng, shipped, events)
    else:
        oldest = 9 if order.state == "delivered" else 40
        delivered = now - minutes(1440, oldest * 1440)
        shipped = delivered - transit
        ship(order, rng, shipped, delivered_events(route, shipped, delivered), delivered)
        if order.state == "completed":
            order.completed_at = min(delivered + minutes(60, 10 * 1440), now - timedelta(hours=1))
    if order.shipped_at is not None:
        order.paid_at = order.shipped_at - minutes(4 * 60, 40 * 60)
        order.created_at = order.paid_at - minutes(1, 30)


def seed_generated(s: Session, rng: random.Random, now: datetime, buyers: List[Buyer],
                    products: List[Product]) -> List[Order]:
    """Add the generated orders, STATE_COUNTS of each state, some parcels stalled."""
    products = [p for p in products if p.active]
    states = [state for state, count in STATE_COUNTS.items() for _ in range(count)]
    rng.shuffle(states)
    stalled_left, taken, orders = STALLED_COUNT, set(), []
    for index, state in enumerate(states):
        buyer = rng.choice(buyers[2:])
        address = random_address(rng, index)
        courier_weights = REMOTE_COURIER_WEIGHTS if address[0] in REMOTE_PROVINCES else COURIER_WEIGHTS
        recipient = None
        if rng.random() >= 0.85:
            recipient = (rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES), phone_number(rng, set()))
        order = new_order("", buyer, state, now, address, weighted(rng, courier_weights),
                           _generated_lines(rng, products), recipient)
        stalled = state == "shipped" and stalled_left > 0
        stalled_left -= stalled
        _generated_timeline(order, rng, now, stalled)
        order.id = _order_id(rng, order.created_at, taken)
        orders.append(order)
    s.add_all(orders)
    return orders
