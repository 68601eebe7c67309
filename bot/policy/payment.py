"""Payment methods as buyers name them."""
from __future__ import annotations

import re

from bot.policy.regions import MAINLAND_REGIONS, OUTSIDE_REGIONS
from bot.policy.schema import PaymentMethod, ShopPolicy


def find_payment_method(policy: ShopPolicy, text: str) -> PaymentMethod | None:
    """The payment method named in the text (code, name or alias: "花呗", "COD", "alipay"), else None."""
    lowered = (text or "").casefold()
    found = []
    for index, method in enumerate(policy.payment.methods):
        for name in (method.code, method.name_zh, method.name_en, *method.aliases):
            pattern = re.escape(name.casefold())
            if name.isascii():
                pattern = rf"(?<![a-z0-9]){pattern}(?![a-z0-9])"
            match = re.search(pattern, lowered)
            if match:
                found.append((match.start(), -len(name), index))
    return policy.payment.methods[min(found)[2]] if found else None


def province_name_en(province: str) -> str:
    """English name of a canonical region ("新疆" -> "Xinjiang"); the name itself if unknown."""
    aliases = {**MAINLAND_REGIONS, **OUTSIDE_REGIONS}.get(province, ())
    latin = next((alias for alias in aliases if alias.isascii()), None)
    return latin.title() if latin else province
