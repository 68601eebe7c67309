"""A believable demo clothing and beauty shop, deterministic for a given seed and `now`.

Showcase orders 1001202611000001..09 (buyer "demo_buyer", 王小美, phone 13812345678; order 08
belongs to "other_buyer") come first with fixed states; about 230 generated orders follow.
Run `python -m bot.shop.demo --url URL [--now ISO] [--seed N]` to create and seed a database.
One module per kind of data: products and catalogue (SKUs, stock), buyers, places, shipments,
orders, showcase and casework.
"""
from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy.orm import Session

from bot.shop.demo.buyers import seed_buyers
from bot.shop.demo.casework import decorate
from bot.shop.demo.catalogue import seed_catalogue
from bot.shop.demo.orders import seed_generated
from bot.shop.demo.showcase import seed_showcase


def seed(s: Session, now: datetime, seed: int = 7) -> None:
    """Fill an empty database with the demo shop as it stands at `now` (naive, shop-local).

    The same `seed` and `now` always give the same products, buyers and order numbers.
    """
    now = now.replace(microsecond=0)
    rng = random.Random(seed)
    products, skus = seed_catalogue(s, rng, now.date())
    buyers = seed_buyers(s, rng, now)
    seed_showcase(s, rng, now, buyers, skus)
    decorate(rng, now, seed_generated(s, rng, now, buyers, products))
    s.flush()
