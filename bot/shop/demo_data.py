"""A believable demo clothing and beauty shop, deterministic for a given seed and `now`.

Showcase orders 1001202611000001..09 (buyer "demo_buyer", 王小美, phone 13812345678; order 08
belongs to "other_buyer") come first with fixed states; about 230 generated orders follow.
Run `python -m bot.shop.demo_data --url URL [--now ISO] [--seed N]` to create and seed a database.
"""
from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Dict, List, Optional, Sequence, Tuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.shop.catalog import PRODUCTS, SIZES_BY_CHART
from bot.shop.db import create_schema, database_url, session_scope
from bot.shop.models import AfterSaleCase, Buyer, Order, OrderItem, Product, Shipment, Sku, TrackingEvent
from bot.shop.repositories import append_note

Place = Tuple[str, str]  # (city_zh, city_en)

WAREHOUSE: Place = ("广州", "Guangzhou")
JINHUA, WUHAN, ZHENGZHOU = ("金华", "Jinhua"), ("武汉", "Wuhan"), ("郑州", "Zhengzhou")
BEIJING, SHENYANG, CHENGDU = ("北京", "Beijing"), ("沈阳", "Shenyang"), ("成都", "Chengdu")
XIAN, LANZHOU = ("西安", "Xi'an"), ("兰州", "Lanzhou")

# province: (weight for random orders, cities, transit hubs between the warehouse and the city);
# remote provinces get one generated order in ten (see _address).
PROVINCES: Dict[str, Tuple[int, List[Place], List[Place]]] = {
    "广东": (12, [("广州", "Guangzhou"), ("深圳", "Shenzhen"), ("东莞", "Dongguan"), ("佛山", "Foshan")], []),
    "浙江": (9, [("杭州", "Hangzhou"), ("宁波", "Ningbo"), ("温州", "Wenzhou")], [JINHUA]),
    "江苏": (8, [("南京", "Nanjing"), ("苏州", "Suzhou"), ("无锡", "Wuxi")], [JINHUA]),
    "上海": (7, [("上海", "Shanghai")], [JINHUA]),
    "北京": (5, [("北京", "Beijing")], [ZHENGZHOU]),
    "山东": (5, [("济南", "Jinan"), ("青岛", "Qingdao")], [ZHENGZHOU]),
    "四川": (4, [("成都", "Chengdu")], [CHENGDU]),
    "福建": (4, [("福州", "Fuzhou"), ("厦门", "Xiamen")], []),
    "湖北": (3, [("武汉", "Wuhan")], [WUHAN]),
    "湖南": (3, [("长沙", "Changsha")], [WUHAN]),
    "河南": (3, [("郑州", "Zhengzhou"), ("洛阳", "Luoyang")], [WUHAN]),
    "安徽": (2, [("合肥", "Hefei")], [WUHAN]),
    "江西": (2, [("南昌", "Nanchang")], []),
    "广西": (2, [("南宁", "Nanning"), ("桂林", "Guilin")], []),
    "海南": (1, [("海口", "Haikou"), ("三亚", "Sanya")], []),
    "天津": (2, [("天津", "Tianjin")], [ZHENGZHOU]),
    "河北": (2, [("石家庄", "Shijiazhuang")], [ZHENGZHOU]),
    "山西": (1, [("太原", "Taiyuan")], [ZHENGZHOU]),
    "辽宁": (2, [("沈阳", "Shenyang"), ("大连", "Dalian")], [ZHENGZHOU, SHENYANG]),
    "吉林": (1, [("长春", "Changchun")], [ZHENGZHOU, SHENYANG]),
    "黑龙江": (1, [("哈尔滨", "Harbin")], [ZHENGZHOU, SHENYANG]),
    "重庆": (2, [("重庆", "Chongqing")], [CHENGDU]),
    "贵州": (1, [("贵阳", "Guiyang")], [CHENGDU]),
    "云南": (1, [("昆明", "Kunming")], [CHENGDU]),
    "陕西": (2, [("西安", "Xi'an")], [XIAN]),
    "新疆": (0, [("乌鲁木齐", "Urumqi"), ("喀什", "Kashgar")], [XIAN, LANZHOU]),
    "西藏": (0, [("拉萨", "Lhasa")], [CHENGDU]),
    "内蒙古": (0, [("呼和浩特", "Hohhot"), ("包头", "Baotou")], [BEIJING]),
    "青海": (0, [("西宁", "Xining")], [XIAN, LANZHOU]),
    "宁夏": (0, [("银川", "Yinchuan")], [XIAN]),
    "甘肃": (0, [("兰州", "Lanzhou")], [XIAN]),
}
REMOTE_PROVINCES = ("新疆", "西藏", "内蒙古", "青海", "宁夏", "甘肃")
REMOTE_FEE_FEN = {"新疆": 2000, "西藏": 2000}
DEFAULT_REMOTE_FEE_FEN = 1200
SF_SURCHARGE_FEN = 1000
COURIER_WEIGHTS = {"yto": 30, "zto": 26, "yunda": 20, "sto": 8, "sf": 10, "ems": 3, "jd": 3}
REMOTE_COURIER_WEIGHTS = {"ems": 40, "yto": 30, "sf": 15, "zto": 15}
# generated orders per state; `shipped` includes STALLED_COUNT stalled parcels
STATE_COUNTS = {"unpaid": 12, "paid": 25, "shipped": 45, "delivered": 35, "completed": 90, "cancelled": 23}
STALLED_COUNT = 10

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
GIVEN_NAMES = (
    "丽 静 敏 婷 芳 娜 秀英 晓燕 雪 欣怡 梓涵 雨桐 佳怡 思雨 诗涵 可馨 子涵 慧 琳 倩 "
    "颖 莉 燕 玲 丹 晶 梦瑶 晓雯 嘉欣 一诺 雅婷 心怡 佳琪 浩 伟 磊 强 杰 涛 明 军 宇轩 子豪"
).split()
NICK_STEMS = (
    "xiaoli lemon momo coco sunny tangtang xiaoyu lulu yoyo jiajia mimi ayu candy nana "
    "doudou guoguo kiki summer xixi tutu maomao qiqi lily dudu"
).split()
PHONE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 "
    "177 180 181 182 183 185 186 187 188 189 199"
).split()
STREETS = "人民路 中山路 解放路 建设路 和平路 新华路 长江路 文化路 胜利路 青年路 迎宾大道 学府路".split()
COMMUNITIES = "阳光花园 锦绣家园 幸福里 金色家园 书香苑 翠苑小区 滨江花园 春晓苑 万科城 碧桂园".split()
CASE_TEMPLATES = [
    ("return", "七天无理由退货", "不喜欢版型", "refund"),
    ("exchange", "尺码不合适", "想换大一码", "exchange"),
    ("exchange", "颜色不喜欢", "想换成黑色", "exchange"),
    ("problem", "收到商品破损", "包装压坏，衣服有污渍", "reship"),
    ("problem", "少发了一件", "只收到一个包裹", "reship"),
    ("problem", "发错颜色", "拍的白色收到灰色", "exchange"),
    ("refund", "颜色与图片有色差", "申请部分退款", "refund_only"),
]
AGENT_NOTES = ["买家要求周末配送", "买家说明是送人的，不要放价格单", "已电话联系买家确认地址", "买家希望尽量发顺丰"]
SHOWCASE_ADDRESS = ("浙江", "杭州", "西湖区文三路88号3幢1201室")


@dataclass
class _Stock:
    stock: int
    restock_days: Optional[int] = None


STOCK_OVERRIDES: Dict[str, _Stock] = {
    "SKU-1001-BK-M": _Stock(36),
    "SKU-1001-WH-XL": _Stock(0, 7),
    **{f"SKU-1026-BK-{size}": _Stock(0) for size in SIZES_BY_CHART["dresses"]},
    **{f"SKU-1026-GN-{size}": _Stock(0, 12) for size in SIZES_BY_CHART["dresses"]},
}
INACTIVE_CODES = ("SKU-1005",)


def _seed_catalog(
    s: Session, rng: random.Random, today: date
) -> Tuple[List[Product], Dict[str, Sku]]:
    products: List[Product] = []
    skus: Dict[str, Sku] = {}
    for entry in PRODUCTS:
        price_fen = entry["price_yuan"] * 100
        floor_percent = rng.randint(81, 89)
        product = Product(
            code=entry["code"], name_zh=entry["name_zh"], name_en=entry["name_en"],
            category=entry["category"], kind=entry["kind"], size_chart=entry["size_chart"],
            material_zh=entry["material_zh"], material_en=entry["material_en"],
            description_zh=entry["description_zh"], description_en=entry["description_en"],
            price_fen=price_fen, floor_price_fen=round(price_fen * floor_percent / 10000) * 100,
            weight_g=entry["weight_g"], image_url="/widget/product.svg",  # one placeholder picture for the demo catalogue
            active=entry["code"] not in INACTIVE_CODES,
        )
        sizes: Sequence[Optional[str]] = SIZES_BY_CHART.get(entry["size_chart"], (None,))
        for color_code, color_zh, color_en in entry["colors"]:
            for size in sizes:
                code = f"{entry['code']}-{color_code}" + (f"-{size}" if size else "")
                level = STOCK_OVERRIDES.get(code) or _random_stock(rng)
                restock = today + timedelta(days=level.restock_days) if level.restock_days else None
                sku = Sku(code=code, color_zh=color_zh, color_en=color_en, size=size,
                          stock=level.stock, restock_date=restock)
                product.skus.append(sku)
                skus[code] = sku
        products.append(product)
    s.add_all(products)
    return products, skus


def _random_stock(rng: random.Random) -> _Stock:
    if rng.random() < 0.12:
        return _Stock(0, rng.randint(3, 21) if rng.random() < 0.6 else None)
    return _Stock(rng.randint(3, 120))


def _phone(rng: random.Random, taken: set) -> str:
    while True:
        phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10 ** 8):08d}"
        if phone not in taken:
            taken.add(phone)
            return phone


def _seed_buyers(s: Session, rng: random.Random, now: datetime, count: int = 62) -> List[Buyer]:
    demo = Buyer(nick="demo_buyer", name="王小美", phone="13812345678", created_at=now - timedelta(days=420))
    other = Buyer(nick="other_buyer", name="李四", phone="13900001234", created_at=now - timedelta(days=200))
    buyers = [demo, other]
    names, nicks, phones = {"王小美", "李四"}, {"demo_buyer", "other_buyer"}, {demo.phone, other.phone}
    while len(buyers) < count + 2:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        nick = f"tb_{rng.choice(NICK_STEMS)}{rng.randint(1, 9999)}"
        if name in names or nick in nicks:
            continue
        names.add(name)
        nicks.add(nick)
        joined = now - timedelta(days=rng.randint(30, 1500), minutes=rng.randint(0, 1439))
        buyers.append(Buyer(nick=nick, name=name, phone=_phone(rng, phones), created_at=joined))
    s.add_all(buyers)
    return buyers


def _route(province: str, city: Place) -> List[Place]:
    places = [WAREHOUSE, *PROVINCES[province][2], city]
    return [place for i, place in enumerate(places) if i == 0 or place != places[i - 1]]


def _event(at: datetime, status: str, place: Place) -> TrackingEvent:
    return TrackingEvent(occurred_at=at, status=status, location_zh=place[0], location_en=place[1])


def _whole_minutes(span: timedelta) -> timedelta:
    return timedelta(minutes=round(span.total_seconds() / 60))


def _delivered_events(
    route: List[Place], shipped_at: datetime, delivered_at: datetime
) -> List[TrackingEvent]:
    """collected, in_transit at the warehouse and each hub, arrived, out_for_delivery, delivered."""
    city, hubs = route[-1], route[1:-1]
    arrived = delivered_at - _whole_minutes((delivered_at - shipped_at) / 5)
    start = shipped_at + timedelta(hours=3)
    events = [_event(shipped_at, "collected", WAREHOUSE), _event(start, "in_transit", WAREHOUSE)]
    step = _whole_minutes((arrived - start) / (len(hubs) + 1))
    events += [_event(start + step * (i + 1), "in_transit", hub) for i, hub in enumerate(hubs)]
    events += [
        _event(arrived, "arrived", city),
        _event(delivered_at - timedelta(hours=2), "out_for_delivery", city),
        _event(delivered_at, "delivered", city),
    ]
    return events


def _tracking_number(rng: random.Random, courier: str) -> str:
    prefix, digits = {
        "yto": ("YT", 13), "zto": ("7", 13), "sf": ("SF", 13), "yunda": ("43", 13),
        "sto": ("77", 12), "ems": ("98", 11), "jd": ("JDVA", 11),
    }[courier]
    return prefix + "".join(str(rng.randrange(10)) for _ in range(digits))


def _ship(order: Order, rng: random.Random, shipped_at: datetime, events: List[TrackingEvent],
          delivered_at: Optional[datetime] = None) -> None:
    order.shipped_at = shipped_at
    order.delivered_at = delivered_at
    order.shipment = Shipment(
        courier_code=order.courier_code, tracking_number=_tracking_number(rng, order.courier_code),
        shipped_at=shipped_at, delivered_at=delivered_at, events=events,
    )


def _new_order(
    order_id: str, buyer: Buyer, state: str, created_at: datetime, address: Tuple[str, str, str],
    courier: str, lines: List[Tuple[Sku, int, int]], recipient: Optional[Tuple[str, str]] = None,
) -> Order:
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


def _line(skus: Dict[str, Sku], code: str, quantity: int = 1) -> Tuple[Sku, int, int]:
    sku = skus[code]
    return sku, quantity, sku.product.price_fen


def _seed_showcase(
    s: Session, rng: random.Random, now: datetime, buyers: List[Buyer], skus: Dict[str, Sku]
) -> None:
    demo, other = buyers[0], buyers[1]
    today = now.replace(hour=0, minute=0, second=0)
    hour, day = timedelta(hours=1), timedelta(days=1)
    hangzhou = _route("浙江", ("杭州", "Hangzhou"))
    orders = []

    def make(number: int, state: str, created: datetime, lines, courier="yto", address=SHOWCASE_ADDRESS,
             buyer=demo, recipient=None) -> Order:
        order_id = f"10012026110000{number:02d}"
        order = _new_order(order_id, buyer, state, created, address, courier, lines, recipient)
        order.paid_at = None if state == "unpaid" else created + timedelta(minutes=3)
        orders.append(order)
        return order

    shipped = today - 9 * hour
    first = make(1, "shipped", shipped - 5 * hour, [_line(skus, "SKU-1017-BL-M")])
    _ship(first, rng, shipped, [
        _event(shipped, "collected", WAREHOUSE), _event(shipped + 4 * hour, "in_transit", WAREHOUSE),
        _event(max(today, now - 2 * hour), "in_transit", JINHUA)])

    second = make(2, "paid", now - hour - timedelta(minutes=3),
                  [_line(skus, "SKU-1009-BK-M"), _line(skus, "SKU-2001-01")],
                  address=("广东", "广州", "天河区天河路385号1805室"))
    second.paid_at = now - hour

    delivered = now - 3 * day
    third = make(3, "delivered", delivered - 3 * day, [_line(skus, "SKU-1001-BK-M")])
    events = _delivered_events(hangzhou, delivered - 2 * day, delivered)
    _ship(third, rng, delivered - 2 * day, events, delivered)

    delivered = now - 20 * day
    fourth = make(4, "completed", delivered - 3 * day, [_line(skus, "SKU-1023-BL-M")])
    events = _delivered_events(hangzhou, delivered - 2 * day, delivered)
    _ship(fourth, rng, delivered - 2 * day, events, delivered)
    fourth.completed_at = delivered + 7 * day

    make(5, "unpaid", now - 2 * hour, [_line(skus, "SKU-1013-WH-M")])

    shipped = now - 6 * day
    sixth = make(6, "shipped", shipped - 8 * hour, [_line(skus, "SKU-1027-WH-37")], courier="zto")
    _ship(sixth, rng, shipped, [
        _event(shipped, "collected", WAREHOUSE), _event(shipped + 4 * hour, "in_transit", WAREHOUSE),
        _event(now - 4 * day - 3 * hour, "in_transit", JINHUA)])

    shipped = now - 2 * day
    seventh = make(7, "shipped", shipped - 6 * hour, [_line(skus, "SKU-1014-BK-L")], courier="sf",
                   address=("新疆", "乌鲁木齐", "天山区解放北路26号2单元602室"), recipient=("王建国", "13999112233"))
    _ship(seventh, rng, shipped, [
        _event(shipped, "collected", WAREHOUSE), _event(shipped + 3 * hour, "in_transit", WAREHOUSE),
        _event(shipped + 20 * hour, "in_transit", XIAN), _event(now - 5 * hour, "in_transit", LANZHOU)])

    shipped = now - day
    eighth = make(8, "shipped", shipped - 10 * hour, [_line(skus, "SKU-2003-02")], buyer=other,
                  address=("北京", "北京", "朝阳区建国路93号万达广场8号楼1502室"))
    _ship(eighth, rng, shipped, [
        _event(shipped, "collected", WAREHOUSE), _event(shipped + 4 * hour, "in_transit", WAREHOUSE)])

    ninth = make(9, "cancelled", now - 5 * day, [_line(skus, "SKU-1020-GY-M")])
    ninth.paid_at = None
    ninth.cancelled_at = now - 5 * day + timedelta(minutes=30)
    s.add_all(orders)


def _weighted(rng: random.Random, weights: Dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


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


def _address(rng: random.Random, index: int) -> Tuple[str, str, str]:
    if index % 10 == 3:
        province = REMOTE_PROVINCES[(index // 10) % len(REMOTE_PROVINCES)]
    else:
        province = _weighted(rng, {name: entry[0] for name, entry in PROVINCES.items()})
    city = rng.choice(PROVINCES[province][1])[0]
    line = (f"{rng.choice(STREETS)}{rng.randint(1, 399)}号{rng.choice(COMMUNITIES)}"
            f"{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{rng.randint(1, 32)}0{rng.randint(1, 6)}室")
    return province, city, line


def _place_of(province: str, city_zh: str) -> Place:
    return next(place for place in PROVINCES[province][1] if place[0] == city_zh)


def _generated_timeline(order: Order, rng: random.Random, now: datetime, stalled: bool) -> None:
    """Set the order's dates (and shipment) so that its state is true at `now`."""
    def minutes(low: int, high: int) -> timedelta:
        return timedelta(minutes=rng.randint(low, high))

    route = _route(order.province, _place_of(order.province, order.city))
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
        _ship(order, rng, shipped, [_event(shipped, "collected", WAREHOUSE),
                                    _event(shipped + timedelta(hours=3), "in_transit", WAREHOUSE),
                                    _event(last, "in_transit", stop)])
    elif order.state == "shipped":
        shipped = now - minutes(8 * 60, 3 * 1440)
        arrival = max(shipped + transit, now + minutes(60, 36 * 60))
        events = [e for e in _delivered_events(route, shipped, arrival) if e.occurred_at <= now]
        _ship(order, rng, shipped, events)
    else:
        oldest = 9 if order.state == "delivered" else 40
        delivered = now - minutes(1440, oldest * 1440)
        shipped = delivered - transit
        _ship(order, rng, shipped, _delivered_events(route, shipped, delivered), delivered)
        if order.state == "completed":
            order.completed_at = min(delivered + minutes(60, 10 * 1440), now - timedelta(hours=1))
    if order.shipped_at is not None:
        order.paid_at = order.shipped_at - minutes(4 * 60, 40 * 60)
        order.created_at = order.paid_at - minutes(1, 30)


def _seed_generated(s: Session, rng: random.Random, now: datetime, buyers: List[Buyer],
                    products: List[Product]) -> List[Order]:
    products = [p for p in products if p.active]
    states = [state for state, count in STATE_COUNTS.items() for _ in range(count)]
    rng.shuffle(states)
    stalled_left, taken, orders = STALLED_COUNT, set(), []
    for index, state in enumerate(states):
        buyer = rng.choice(buyers[2:])
        address = _address(rng, index)
        courier_weights = REMOTE_COURIER_WEIGHTS if address[0] in REMOTE_PROVINCES else COURIER_WEIGHTS
        recipient = None
        if rng.random() >= 0.85:
            recipient = (rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES), _phone(rng, set()))
        order = _new_order("", buyer, state, now, address, _weighted(rng, courier_weights),
                           _generated_lines(rng, products), recipient)
        stalled = state == "shipped" and stalled_left > 0
        stalled_left -= stalled
        _generated_timeline(order, rng, now, stalled)
        order.id = _order_id(rng, order.created_at, taken)
        orders.append(order)
    s.add_all(orders)
    return orders


def _decorate(rng: random.Random, now: datetime, orders: List[Order]) -> None:
    """Add after-sale cases, urgent flags, agent notes and invoice requests to some orders."""
    after_sale = [o for o in orders if o.state in ("delivered", "completed")]
    for order in rng.sample(after_sale, 14):
        kind, reason, detail, resolution = rng.choice(CASE_TEMPLATES)
        state = "open" if order.state == "delivered" else rng.choice(("approved", "rejected", "closed"))
        created = min(order.delivered_at + timedelta(hours=rng.randint(2, 72)), now - timedelta(hours=1))
        order.cases.append(AfterSaleCase(kind=kind, reason=reason, detail=detail, resolution=resolution,
                                         state=state, created_at=created))
    for order in rng.sample([o for o in orders if o.state == "paid"], 4):
        order.urgent = True
        append_note(order, "bot", "加急：买家急用，催发货", min(order.paid_at + timedelta(minutes=30), now))
    for order in rng.sample([o for o in orders if o.paid_at is not None], 12):
        noted_at = min(order.paid_at + timedelta(minutes=45), now)
        append_note(order, "agent 小美", rng.choice(AGENT_NOTES), noted_at)
    for order in rng.sample([o for o in orders if o.paid_at is not None], 10):
        order.invoice_title = rng.choice(("杭州云帆科技有限公司", "广州市悦然贸易有限公司", "个人"))
        order.invoice_tax_id = None if order.invoice_title == "个人" else f"91{rng.randrange(10 ** 16):016d}"
        order.invoice_requested_at = min(order.paid_at + timedelta(minutes=rng.randint(5, 120)), now)


def seed(s: Session, now: datetime, seed: int = 7) -> None:
    """Fill an empty database with the demo shop as it stands at `now` (naive, shop-local).

    The same `seed` and `now` always give the same products, buyers and order numbers.
    """
    now = now.replace(microsecond=0)
    rng = random.Random(seed)
    products, skus = _seed_catalog(s, rng, now.date())
    buyers = _seed_buyers(s, rng, now)
    _seed_showcase(s, rng, now, buyers, skus)
    _decorate(rng, now, _seed_generated(s, rng, now, buyers, products))
    s.flush()


def main(argv: Optional[List[str]] = None) -> int:
    """Command line: create the schema and seed the demo shop into an empty database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=database_url(), help="SQLAlchemy URL (default: %(default)s)")
    parser.add_argument("--now", type=datetime.fromisoformat, default=None,
                        help="shop-local time the demo data is relative to (default: now)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    create_schema(args.url)
    with session_scope(args.url) as s:
        if s.scalar(select(func.count()).select_from(Product)):
            print(f"{args.url} already has products; not seeding", file=sys.stderr)
            return 1
        seed(s, args.now or datetime.now(), args.seed)
    print(f"seeded the demo shop into {args.url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
