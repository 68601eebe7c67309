"""Facts the demo shop's product page shows, from the same sources the bot answers from: the size
chart is the product's own chart in the shop policy (bot.policy.sizing.chart_for), so the page and
the bot's size advice never disagree."""
from __future__ import annotations

import html
from typing import Optional

from bot.policy.schema import ShopPolicy
from bot.policy.sizing import chart_for, chart_table

DEMO_PRODUCT_CODE = "SKU-1001"  # 加绒连帽卫衣, the product on /shop


def size_chart_html(policy: ShopPolicy, chart: Optional[str]) -> str:
    """The chart as table rows (a header row of <th>, then <td> rows), every cell escaped;
    a one-cell row saying so when the product has no sizes."""
    if not chart:
        return "<tr><td>本商品不分尺码</td></tr>"
    header, *rows = chart_table(policy, chart)
    lines = ["<tr>" + "".join(f"<th>{html.escape(cell)}</th>" for cell in header) + "</tr>"]
    lines += ["<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows]
    return "\n          ".join(lines)


def product_chart(database_url: str, policy: ShopPolicy, code: str = DEMO_PRODUCT_CODE) -> Optional[str]:
    """The chart name of the product with this code, read from the shop database (the demo
    catalogue's entry when the database cannot be read)."""
    size_chart = None
    try:
        from sqlalchemy import select

        from bot.shop.db import session_scope
        from bot.shop.models import Product

        with session_scope(database_url) as session:
            size_chart = session.scalars(select(Product.size_chart).where(Product.code == code)).first()
    except Exception:  # the page still shows the catalogue's chart when the database is down
        from bot.shop.demo.products import PRODUCTS

        size_chart = next((p["size_chart"] for p in PRODUCTS if p["code"] == code), None)
    return chart_for(policy, code, size_chart)
