"""The shop's clock: naive datetimes in the shop's time zone, as the database stores them."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.policy.current import shop_policy


def shop_now() -> datetime:
    """The current time in the shop's time zone, as a naive datetime."""
    return datetime.now(ZoneInfo(shop_policy().shop.timezone)).replace(tzinfo=None)
