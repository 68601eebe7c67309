"""Facts the demo shop's product page shows, in the page's language, from the same sources the bot
answers from: name, material, description, price and the colours and sizes on sale come from the
shop database; the size chart is the product's own chart in the shop policy
(bot.policy.sizing.chart_for) and the care line is the policy's care advice, so the page and the
bot never disagree."""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Optional

from bot.i18n import pick
from bot.policy.care import care_advice
from bot.policy.schema import ShopPolicy
from bot.policy.sizing import chart_for, chart_table, size_chart

DEMO_PRODUCT_CODE = "SKU-1001"  # 加绒连帽卫衣, the product on /shop


@dataclass(frozen=True)
class PageProduct:
    """One product as its page shows it, in one language."""

    name: str
    material: str
    description: str
    price_fen: int
    colours: tuple[str, ...]
    sizes: tuple[str, ...]
    size_chart: Optional[str]
    care: str


def page_product(database_url: str, policy: ShopPolicy, language: str,
                 code: str = DEMO_PRODUCT_CODE) -> PageProduct:
    """The product with this code from the shop database (the demo catalogue's entry when the
    database cannot be read), its colours and sizes in the order they were added."""
    try:
        row = _from_database(database_url, code, language)
    except Exception:  # the page still shows the catalogue's entry when the database is down
        row = _from_catalogue(code, language)
    name, material_zh, material_en, description, price_fen, colours, sizes, chart = row
    return PageProduct(name=name, material=pick(language, material_zh, material_en), description=description,
                       price_fen=price_fen, colours=colours, sizes=sizes, size_chart=chart_for(policy, code, chart),
                       care=care_advice(policy, material_zh, material_en, language))


def _from_database(database_url: str, code: str, language: str) -> tuple:
    from sqlalchemy import select

    from bot.shop.db import session_scope
    from bot.shop.models import Product

    with session_scope(database_url) as session:
        product = session.scalars(select(Product).where(Product.code == code)).one()
        colours = tuple(dict.fromkeys(pick(language, s.color_zh, s.color_en) for s in product.skus))
        sizes = tuple(dict.fromkeys(s.size for s in product.skus if s.size))
        return (pick(language, product.name_zh, product.name_en), product.material_zh, product.material_en,
                pick(language, product.description_zh, product.description_en), product.price_fen, colours, sizes,
                product.size_chart)


def _from_catalogue(code: str, language: str) -> tuple:
    from bot.shop.demo.products import PRODUCTS

    item = next(p for p in PRODUCTS if p["code"] == code)
    colours = tuple(pick(language, zh, en) for _, zh, en in item["colors"])
    return (pick(language, item["name_zh"], item["name_en"]), item["material_zh"], item["material_en"],
            pick(language, item["description_zh"], item["description_en"]), item["price_yuan"] * 100, colours, (),
            item["size_chart"])


def size_chart_html(policy: ShopPolicy, chart: Optional[str], header: tuple[str, ...] = (),
                    no_sizes: str = "本商品不分尺码") -> str:
    """The chart as table rows (a header row of <th>, then <td> rows), every cell escaped; `header`
    replaces the chart's own (Chinese) column names; a one-cell row saying `no_sizes` when the
    product has no sizes."""
    if not chart:
        return f"<tr><td>{html.escape(no_sizes)}</td></tr>"
    own_header, *rows = chart_table(policy, chart)
    names = header[:len(own_header)] if len(header) >= len(own_header) else own_header
    lines = ["<tr>" + "".join(f"<th>{html.escape(cell)}</th>" for cell in names) + "</tr>"]
    lines += ["<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows]
    return "\n          ".join(lines)


def product_chart(database_url: str, policy: ShopPolicy, code: str = DEMO_PRODUCT_CODE) -> Optional[str]:
    """The chart name of the product with this code (see page_product)."""
    return page_product(database_url, policy, "zh", code).size_chart


def page_values(policy: ShopPolicy, product: PageProduct, language: str, shop: str) -> dict[str, str]:
    """Every {{placeholder}} of shop.html but the widget's own, HTML-escaped, in `language`."""
    from bot.i18n import money
    from bot.texts import text

    def say(key: str, **values: object) -> str:
        return html.escape(text(f"utter_page_{key}", language, **values), quote=True)

    free = policy.shipping.free_shipping
    service = [say("dispatch", hours=policy.dispatch.max_hours)]
    if free.threshold_fen is not None:
        service.append(say("free_shipping" if free.includes_remote else "free_shipping_not_remote",
                           threshold=money(free.threshold_fen, language)))
    service.append(say("ask_us"))
    foot = bool(product.size_chart) and size_chart(policy, product.size_chart).measures_foot
    header = tuple(text("utter_page_chart_header_" + ("foot" if foot else "body"), language).split("|"))
    checked_size = "M" if "M" in product.sizes else (product.sizes[0] if product.sizes else "")
    return {
        "html_lang": "en" if language == "en" else "zh-CN",
        "page_title": say("title", product=product.name, shop=shop),
        "tagline": say("tagline", days=policy.returns.no_reason_days),
        "image_alt": say("image_alt", product=product.name),
        "name": html.escape(product.name), "subtitle": html.escape(product.description),
        "price_label": say("price"), "price": html.escape(money(product.price_fen, "en")),
        "colour_label": say("colour"), "size_label": say("size"),
        "colour_choices": _choices("colour", product.colours, product.colours[0] if product.colours else ""),
        "size_choices": _choices("size", product.sizes, checked_size),
        "cart": say("cart"), "buy": say("buy"), "service": " · ".join(service),
        "chart_title": say("chart_title"),
        "size_chart": size_chart_html(policy, product.size_chart, header, text("utter_page_no_sizes", language)),
        "details_title": say("details_title"), "material": say("material", material=product.material),
        "care": say("care", care=product.care), "footer": say("footer", shop=shop),
    }


def _choices(name: str, values: tuple[str, ...], checked: str) -> str:
    return "\n            ".join(
        f'<label><input type="radio" name="{name}" value="{html.escape(v, quote=True)}"'
        f'{" checked" if v == checked else ""}><span>{html.escape(v)}</span></label>' for v in values)
