"""The shop policy this process runs with: shop_policy.yml (or XIAOER_POLICY), validated on first use."""
from __future__ import annotations

from functools import lru_cache

from bot.i18n import pick
from bot.policy.schema import ShopPolicy, load_policy
from bot.settings import get_settings


@lru_cache(maxsize=1)
def shop_policy() -> ShopPolicy:
    """The shop policy, loaded (and validated) on first use; PolicyError names a bad field."""
    return load_policy(get_settings().policy_path)


def shop_name(language: str) -> str:
    """The shop's name as shop_policy.yml configures it (shop.name_zh / shop.name_en)."""
    shop = shop_policy().shop
    return pick(language, shop.name_zh, shop.name_en)
