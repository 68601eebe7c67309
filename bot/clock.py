"""The shop's clock: naive datetimes in the shop's time zone, as the database stores them."""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.policy import ShopPolicy, load_policy
from bot.settings import get_settings


@lru_cache(maxsize=1)
def shop_policy() -> ShopPolicy:
    """The shop policy, loaded (and validated) on first use."""
    return load_policy(get_settings().policy_path)


def shop_now() -> datetime:
    """The current time in the shop's time zone, as a naive datetime."""
    return datetime.now(ZoneInfo(shop_policy().shop.timezone)).replace(tzinfo=None)
