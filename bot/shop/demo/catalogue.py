"""The demo shop's products and SKUs, with stock levels (some sold out, some to be restocked)."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Dict, List, Optional, Sequence, Tuple

from sqlalchemy.orm import Session

from bot.shop.demo.products import PRODUCTS, SIZES_BY_CHART
from bot.shop.models import Product, Sku


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


def seed_catalogue(
    s: Session, rng: random.Random, today: date
) -> Tuple[List[Product], Dict[str, Sku]]:
    """Add the products and their SKUs; returns the products and the SKUs by code."""
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
            weight_g=entry["weight_g"], image_url="/widget/product.svg",  # one neutral placeholder (a shopping bag) for every demo product
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
