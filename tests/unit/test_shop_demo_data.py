"""The demo shop: enough believable data for every conversation the bot must handle."""
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.shop.db import create_schema, session_scope
from bot.shop.demo import seed
from bot.shop.demo.__main__ import main
from bot.shop.demo.places import REMOTE_PROVINCES
from bot.shop.models import ORDER_STATES, Buyer, Order, Product, Sku

NOW = datetime(2026, 11, 22, 10, 30, 15)
DAY = timedelta(days=1)
SHOWCASE = {
    "1001202611000001": ("shipped", "demo_buyer"),
    "1001202611000002": ("paid", "demo_buyer"),
    "1001202611000003": ("delivered", "demo_buyer"),
    "1001202611000004": ("completed", "demo_buyer"),
    "1001202611000005": ("unpaid", "demo_buyer"),
    "1001202611000006": ("shipped", "demo_buyer"),
    "1001202611000007": ("shipped", "demo_buyer"),
    "1001202611000008": ("shipped", "other_buyer"),
    "1001202611000009": ("cancelled", "demo_buyer"),
}


def _seeded_url(directory, now=NOW, seed_number=7) -> str:
    url = f"sqlite:///{directory}/shop.db"
    create_schema(url)
    with session_scope(url) as s:
        seed(s, now, seed_number)
    return url


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """All orders (with items, shipments, buyers), products and buyers of a seeded shop."""
    url = _seeded_url(tmp_path_factory.mktemp("shop_demo"))
    with session_scope(url) as s:
        orders = {o.id: o for o in s.scalars(select(Order))}
        for order in orders.values():
            _ = order.buyer, [i.sku.product for i in order.items], order.cases
            _ = order.shipment and order.shipment.events
        products = list(s.scalars(select(Product)))
        for product in products:
            _ = product.skus
        buyers = list(s.scalars(select(Buyer)))
    return {"orders": orders, "products": products, "buyers": buyers}


def _order_ids(url):
    with session_scope(url) as s:
        return sorted(s.scalars(select(Order.id))), sorted(s.execute(select(Sku.code, Sku.stock)).all())


def test_catalogue_is_a_believable_clothing_and_beauty_shop(shop):
    products = shop["products"]
    assert len(products) >= 40 and {p.category for p in products} == {"clothing", "beauty"}
    for product in products:
        assert 59_00 <= product.price_fen <= 699_00
        assert 0.8 <= product.floor_price_fen / product.price_fen <= 0.9
        sizes = {sku.size for sku in product.skus}
        if product.category == "beauty":
            assert sizes == {None} and product.size_chart is None
        elif product.kind == "shoes":
            assert sizes == {"35", "36", "37", "38", "39", "40"}
        else:
            assert {"S", "M", "L", "XL"} <= sizes
        if product.category == "clothing":
            assert 2 <= len({sku.color_zh for sku in product.skus}) <= 4
    skus = [sku for p in products for sku in p.skus]
    assert any(sku.stock == 0 and sku.restock_date for sku in skus)
    assert any(sku.stock == 0 and not sku.restock_date for sku in skus)


def test_buyers_have_chinese_names_and_mobile_numbers(shop):
    buyers = shop["buyers"]
    assert len(buyers) >= 60 and len({b.nick for b in buyers}) == len(buyers)
    assert all(re.fullmatch(r"1[3-9]\d{9}", b.phone) for b in buyers)
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", b.name) for b in buyers)


def test_orders_cover_every_state_region_and_courier(shop):
    orders = list(shop["orders"].values())
    assert len(orders) >= 220
    assert {o.state for o in orders} == set(ORDER_STATES)
    assert sum(o.province in REMOTE_PROVINCES for o in orders) >= 15
    assert len({o.province for o in orders}) >= 20
    couriers = [o.courier_code for o in orders]
    assert couriers.count("yto") + couriers.count("zto") + couriers.count("yunda") > len(orders) / 2
    assert "sf" in couriers and "ems" in couriers
    assert all(o.shipping_fee_fen > 0 for o in orders if o.province in ("新疆", "西藏"))


def test_order_numbers_are_16_digits_and_generated_ones_avoid_showcase_ids(shop):
    ids = list(shop["orders"])
    assert all(re.fullmatch(r"\d{16}", order_id) for order_id in ids)
    generated = [order_id for order_id in ids if order_id not in SHOWCASE]
    assert len(generated) == len(ids) - len(SHOWCASE)
    assert not any(order_id.startswith("10012026110") for order_id in generated)


def test_order_timelines_are_consistent_with_states(shop):
    for order in shop["orders"].values():
        assert NOW - 60 * DAY <= order.created_at <= NOW
        assert order.goods_total_fen == sum(i.quantity * i.unit_price_fen for i in order.items) > 0
        stamps = [order.created_at, order.paid_at, order.shipped_at, order.delivered_at, order.completed_at]
        present = [t for t in stamps if t is not None]
        assert present == sorted(present) and present[-1] <= NOW
        if order.state == "unpaid":
            assert order.paid_at is None and order.created_at >= NOW - 2 * DAY
        if order.state in ("delivered", "completed"):
            assert NOW - 40 * DAY <= order.delivered_at <= NOW - DAY
        has_parcel = order.state in ("shipped", "delivered", "completed")
        assert (order.shipment is not None) == has_parcel
        if has_parcel:
            events = order.shipment.events
            assert 2 <= len(events) <= 7 and events[-1].occurred_at <= NOW
            assert [e.occurred_at for e in events] == sorted(e.occurred_at for e in events)
            assert (events[-1].status == "delivered") == (order.state != "shipped")


def test_some_shipments_are_stalled_for_four_days_or_more(shop):
    stalled = [
        o for o in shop["orders"].values()
        if o.state == "shipped" and o.shipment.events[-1].occurred_at <= NOW - 4 * DAY
    ]
    assert len(stalled) >= 8


def test_showcase_orders_are_as_documented(shop):
    orders = shop["orders"]
    for order_id, (state, nick) in SHOWCASE.items():
        assert (orders[order_id].state, orders[order_id].buyer.nick) == (state, nick)
    assert orders["1001202611000008"].buyer.phone == "13900001234"
    assert orders["1001202611000003"].buyer.phone == "13812345678"
    on_the_move = orders["1001202611000001"]
    assert (on_the_move.province, on_the_move.city, on_the_move.courier_code) == ("浙江", "杭州", "yto")
    assert on_the_move.shipped_at.date() == (NOW - DAY).date()
    last = on_the_move.shipment.events[-1]
    assert last.status == "in_transit" and last.occurred_at.date() == NOW.date()
    just_paid = orders["1001202611000002"]
    assert just_paid.paid_at == NOW - timedelta(hours=1) and just_paid.shipment is None
    assert (just_paid.province, just_paid.city) == ("广东", "广州")
    hoodie = orders["1001202611000003"]
    assert hoodie.delivered_at == NOW - 3 * DAY
    assert [(i.sku.product.kind, i.sku.color_zh, i.sku.size) for i in hoodie.items] == [("hoodie", "黑色", "M")]
    dress = orders["1001202611000004"]
    assert dress.delivered_at == NOW - 20 * DAY and dress.items[0].sku.product.kind == "dress"
    assert orders["1001202611000005"].created_at == NOW - timedelta(hours=2)
    stalled = orders["1001202611000006"]
    assert stalled.courier_code == "zto" and stalled.shipped_at == NOW - 6 * DAY
    assert NOW - 5 * DAY < stalled.shipment.events[-1].occurred_at <= NOW - 4 * DAY
    xinjiang = orders["1001202611000007"]
    assert (xinjiang.province, xinjiang.city, xinjiang.shipment.courier_code) == ("新疆", "乌鲁木齐", "sf")
    assert not any(orders[order_id].cases or orders[order_id].urgent for order_id in SHOWCASE)


def test_same_seed_and_now_give_the_same_shop(tmp_path):
    first = _order_ids(_seeded_url(tmp_path / "a"))
    assert first == _order_ids(_seeded_url(tmp_path / "b"))
    assert first[0] != _order_ids(_seeded_url(tmp_path / "c", seed_number=8))[0]


def test_command_line_seeds_an_empty_database_once(tmp_path, capsys):
    url = f"sqlite:///{tmp_path}/cli/shop.db"
    assert main(["--url", url, "--now", "2026-11-22T10:30:00", "--seed", "7"]) == 0
    assert main(["--url", url]) == 1
    with session_scope(url) as s:
        assert s.get(Order, "1001202611000005").created_at == datetime(2026, 11, 22, 8, 30)
