"""The shop's clock: naive datetimes in the shop's time zone, as the database stores them."""
from __future__ import annotations

from datetime import datetime
from typing import Optional
from zoneinfo import ZoneInfo

from bot.policy.current import shop_policy


def shop_zone() -> str:
    """The shop's IANA time zone (shop_policy.yml `shop.timezone`), e.g. "Asia/Shanghai"."""
    return shop_policy().shop.timezone


def shop_now() -> datetime:
    """The current time in the shop's time zone, as a naive datetime."""
    return datetime.now(ZoneInfo(shop_zone())).replace(tzinfo=None)


def shop_iso(moment: Optional[datetime], timespec: str = "seconds") -> Optional[str]:
    """A stored (shop-local, naive) time as ISO 8601 with the shop's UTC offset, so that any
    reader, whatever its own time zone, knows the instant: "2026-11-22T14:05:00+08:00"."""
    if moment is None:
        return None
    return moment.replace(tzinfo=ZoneInfo(shop_zone())).isoformat(timespec=timespec)
