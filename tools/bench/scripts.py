"""Simulated buyer conversations for the load benchmark, built from the demo shop's data.

Every conversation reaches the database through a custom action (orders, logistics, shipping
fees, products, bargaining, after-sale, invoices). Anonymous buyers give the order number and
the last 4 digits of the order's phone when asked; signed-in buyers (widget only) just say
"my order". No complaints or requests for a person: those pause the bot.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.shop.db import session_scope
from bot.shop.models import Buyer, Order, Product

PROVINCES_EN = {"新疆": "Xinjiang", "西藏": "Tibet", "广东": "Guangdong", "四川": "Sichuan",
                "北京": "Beijing", "黑龙江": "Heilongjiang", "云南": "Yunnan", "甘肃": "Gansu"}
COURIERS = (("顺丰", "SF Express"), ("中通", "ZTO"), ("圆通", "YTO"), ("EMS", "China Post"))
BODIES = ((158, 48), (162, 50), (165, 55), (170, 62), (175, 70))  # height cm, weight kg
VARIANTS_PER_KIND = 3


@dataclass
class Script:
    """One buyer's conversation: language (zh/en), signed-in nick (None: anonymous), messages, kind."""

    language: str
    buyer: Optional[str]
    turns: List[str] = field(default_factory=list)
    name: str = ""


@dataclass
class _Shop:
    """What the conversations are built from, read once from the database."""

    orders: Dict[str, List[Tuple[str, str]]]  # kind -> [(order number, phone last 4)]
    nicks: Dict[str, List[str]]  # kind -> buyers who have such orders
    products: List[Tuple[str, str, List[Tuple[str, str, str]]]]  # name zh/en, [(colour zh/en, size)] in stock
    provinces: List[Tuple[str, str]]


def _last4(order: Order) -> str:
    return "".join(ch for ch in order.recipient_phone if ch.isdigit())[-4:]


def _read_shop(s: Session) -> _Shop:
    orders = s.scalars(select(Order).order_by(Order.id)).all()
    by_kind: Dict[str, List[Tuple[str, str]]] = {"paid": [], "shipped": [], "after_sale": [], "invoiced": []}
    nicks: Dict[str, List[str]] = {kind: [] for kind in by_kind}
    buyer_nick = {b.id: b.nick for b in s.scalars(select(Buyer))}
    for order in orders:
        kind = {"paid": "paid", "shipped": "shipped", "delivered": "after_sale", "completed": "after_sale"}.get(order.state)
        if kind:
            by_kind[kind].append((order.id, _last4(order)))
            if buyer_nick[order.buyer_id] not in nicks[kind]:
                nicks[kind].append(buyer_nick[order.buyer_id])
        if order.invoice_title:
            by_kind["invoiced"].append((order.id, _last4(order)))
    statement = (
        select(Product)
        .where(Product.active.is_(True), Product.size_chart.in_(("tops", "bottoms", "dresses")))
        .options(selectinload(Product.skus))
        .order_by(Product.code)
    )
    products = []
    for product in s.scalars(statement):
        variants = [(sku.color_zh, sku.color_en, sku.size) for sku in product.skus if sku.stock > 0 and sku.size]
        if variants:
            products.append((product.name_zh, product.name_en, variants))
    shipped_to = set(s.scalars(select(Order.province).distinct()))
    provinces = [(zh, en) for zh, en in PROVINCES_EN.items() if zh in shipped_to or zh == "新疆"]
    return _Shop(by_kind, nicks, products, provinces)


ORDER_SCRIPTS = {  # kind -> (order kinds to pick from, turns by language); anonymous buyers
    "order_status": (("paid", "shipped", "after_sale"), {
        "zh": ["在吗", "帮我查下订单", "{order}", "{last4}", "好的谢谢亲"],
        "en": ["hi there", "what's the status of my order", "{order}", "{last4}", "thanks a lot"]}),
    "logistics": (("shipped",), {
        "zh": ["你好", "快递到哪了 订单号{order}", "{last4}", "谢谢"],
        "en": ["hello", "where is my package, order {order}", "{last4}", "thank you"]}),
    "return": (("after_sale",), {
        "zh": ["你好", "七天无理由退货 订单{order}", "{last4}", "谢谢亲"],
        "en": ["hello", "i want to return order {order}", "{last4}", "ok thanks"]}),
    "invoice": (("invoiced",), {
        "zh": ["能开发票吗", "{order}", "{last4}", "好的谢谢"],
        "en": ["can I get an invoice", "{order}", "{last4}", "thanks"]}),
}
SIGNED_IN_SCRIPTS = {  # kind -> (order kind the buyer has, turns by language); widget buyers signed in
    "logistics_signed_in": ("shipped", {"zh": ["在吗", "我的快递到哪了", "好的谢谢"],
                                        "en": ["hi", "where is my order", "thanks"]}),
    "return_signed_in": ("after_sale", {"zh": ["在吗", "七天无理由能退吗", "好的谢谢"],
                                        "en": ["hi", "how do I return this", "thanks"]}),
}


def _order_script(kind: str) -> Callable[[random.Random, _Shop, str], Script]:
    order_kinds, turns = ORDER_SCRIPTS[kind]

    def build(rng: random.Random, shop: _Shop, lang: str) -> Script:
        order_id, last4 = rng.choice([o for k in order_kinds for o in shop.orders[k]])
        return Script(lang, None, [t.format(order=order_id, last4=last4) for t in turns[lang]], kind)
    return build


def _signed_in_script(kind: str) -> Callable[[random.Random, _Shop, str], Script]:
    order_kind, turns = SIGNED_IN_SCRIPTS[kind]

    def build(rng: random.Random, shop: _Shop, lang: str) -> Script:
        return Script(lang, rng.choice(shop.nicks[order_kind]), list(turns[lang]), kind)
    return build


def _shipping_fee(rng: random.Random, shop: _Shop, lang: str) -> Script:
    province_zh, province_en = rng.choice(shop.provinces)
    courier_zh, courier_en = rng.choice(COURIERS)
    if lang == "zh":
        return Script(lang, None,
                      ["你好", f"发{province_zh}用{courier_zh}运费多少", "多久能到", "好的谢谢"], "shipping_fee")
    return Script(lang, None,
                  ["hi", f"how much is shipping to {province_en} with {courier_en}",
                   "how long does delivery take", "thanks"], "shipping_fee")


def _product(rng: random.Random, shop: _Shop, lang: str) -> Script:
    name_zh, name_en, variants = rng.choice(shop.products)
    color_zh, color_en, size = rng.choice(variants)
    height, weight = rng.choice(BODIES)
    if lang == "zh":
        return Script(lang, None,
                      [f"{name_zh}什么面料呀", f"{color_zh}{size}码还有货吗",
                       f"我{height} {weight * 2}斤穿什么码", "谢谢亲"], "product")
    return Script(lang, None,
                  [f"what material is the {name_en}", f"is {color_en} in size {size} in stock",
                   f"what size should I take, I'm {height}cm and {weight}kg", "thanks"], "product")


def _bargain(rng: random.Random, shop: _Shop, lang: str) -> Script:
    name_zh, name_en = rng.choice(shop.products)[:2]
    if lang == "zh":
        return Script(lang, None, [f"{name_zh}能便宜点吗", "再便宜点嘛", "行吧", "谢谢"], "bargain")
    return Script(lang, None,
                  [f"{name_en}, can you do a better price", "can you go a bit lower", "sounds good", "thanks"], "bargain")


KINDS: Tuple[Callable[[random.Random, _Shop, str], Script], ...] = (
    _order_script("order_status"), _order_script("logistics"), _signed_in_script("logistics_signed_in"),
    _shipping_fee, _product, _bargain, _order_script("return"), _signed_in_script("return_signed_in"),
    _order_script("invoice"),
)


def build_scripts(database_url: str, seed: int = 7) -> List[Script]:
    """Buyer conversations (half Chinese, half English) from the shop at `database_url`.

    The same database and seed always give the same scripts, in the same (shuffled) order.
    """
    with session_scope(database_url) as s:
        shop = _read_shop(s)
    rng = random.Random(seed)
    scripts = [kind(rng, shop, lang) for kind in KINDS for lang in ("zh", "en") for _ in range(VARIANTS_PER_KIND)]
    rng.shuffle(scripts)
    return scripts
