"""The nine showcase orders 1001202611000001..09 the README lists, each in a fixed state."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Dict, List

from sqlalchemy.orm import Session

from bot.shop.demo.orders import line_of, new_order
from bot.shop.demo.places import JINHUA, LANZHOU, WAREHOUSE, XIAN, route_to
from bot.shop.demo.shipments import delivered_events, event, ship
from bot.shop.models import Buyer, Order, Sku


SHOWCASE_ADDRESS = ("浙江", "杭州", "西湖区文三路88号3幢1201室")


def seed_showcase(
    s: Session, rng: random.Random, now: datetime, buyers: List[Buyer], skus: Dict[str, Sku]
) -> None:
    """Add the nine showcase orders of demo_buyer (08: other_buyer) in their README states."""
    demo, other = buyers[0], buyers[1]
    today = now.replace(hour=0, minute=0, second=0)
    hour, day = timedelta(hours=1), timedelta(days=1)
    hangzhou = route_to("浙江", ("杭州", "Hangzhou"))
    orders = []

    def make(number: int, state: str, created: datetime, lines, courier="yto", address=SHOWCASE_ADDRESS,
             buyer=demo, recipient=None) -> Order:
        order_id = f"10012026110000{number:02d}"
        order = new_order(order_id, buyer, state, created, address, courier, lines, recipient)
        order.paid_at = None if state == "unpaid" else created + timedelta(minutes=3)
        orders.append(order)
        return order

    shipped = today - 9 * hour
    first = make(1, "shipped", shipped - 5 * hour, [line_of(skus, "SKU-1017-BL-M")])
    ship(first, rng, shipped, [
        event(shipped, "collected", WAREHOUSE), event(shipped + 4 * hour, "in_transit", WAREHOUSE),
        event(max(today, now - 2 * hour), "in_transit", JINHUA)])

    second = make(2, "paid", now - hour - timedelta(minutes=3),
                  [line_of(skus, "SKU-1009-BK-M"), line_of(skus, "SKU-2001-01")],
                  address=("广东", "广州", "天河区天河路385号1805室"))
    second.paid_at = now - hour

    delivered = now - 3 * day
    third = make(3, "delivered", delivered - 3 * day, [line_of(skus, "SKU-1001-BK-M")])
    events = delivered_events(hangzhou, delivered - 2 * day, delivered)
    ship(third, rng, delivered - 2 * day, events, delivered)

    delivered = now - 20 * day
    fourth = make(4, "completed", delivered - 3 * day, [line_of(skus, "SKU-1023-BL-M")])
    events = delivered_events(hangzhou, delivered - 2 * day, delivered)
    ship(fourth, rng, delivered - 2 * day, events, delivered)
    fourth.completed_at = delivered + 7 * day

    make(5, "unpaid", now - 2 * hour, [line_of(skus, "SKU-1013-WH-M")])

    shipped = now - 6 * day
    sixth = make(6, "shipped", shipped - 8 * hour, [line_of(skus, "SKU-1027-WH-37")], courier="zto")
    ship(sixth, rng, shipped, [
        event(shipped, "collected", WAREHOUSE), event(shipped + 4 * hour, "in_transit", WAREHOUSE),
        event(now - 4 * day - 3 * hour, "in_transit", JINHUA)])

    shipped = now - 2 * day
    seventh = make(7, "shipped", shipped - 6 * hour, [line_of(skus, "SKU-1014-BK-L")], courier="sf",
                   address=("新疆", "乌鲁木齐", "天山区解放北路26号2单元602室"), recipient=("王建国", "13999112233"))
    ship(seventh, rng, shipped, [
        event(shipped, "collected", WAREHOUSE), event(shipped + 3 * hour, "in_transit", WAREHOUSE),
        event(shipped + 20 * hour, "in_transit", XIAN), event(now - 5 * hour, "in_transit", LANZHOU)])

    shipped = now - day
    eighth = make(8, "shipped", shipped - 10 * hour, [line_of(skus, "SKU-2003-02")], buyer=other,
                  address=("北京", "北京", "朝阳区建国路93号万达广场8号楼1502室"))
    ship(eighth, rng, shipped, [
        event(shipped, "collected", WAREHOUSE), event(shipped + 4 * hour, "in_transit", WAREHOUSE)])

    ninth = make(9, "cancelled", now - 5 * day, [line_of(skus, "SKU-1020-GY-M")])
    ninth.paid_at = None
    ninth.cancelled_at = now - 5 * day + timedelta(minutes=30)
    s.add_all(orders)
