"""What happened to some demo orders afterwards: after-sale cases, urgent flags, agent notes, invoices."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import List

from bot.shop.models import AfterSaleCase, Order
from bot.shop.repositories import append_note


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


def decorate(rng: random.Random, now: datetime, orders: List[Order]) -> None:
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
