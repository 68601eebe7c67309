"""Answers to questions about the after-sale rules, straight from shop_policy.yml.

"你们支持7天无理由吗", "whats your return policy", "换货运费谁出" get the windows, who pays the
postage, what is excluded and how long a refund takes, with a button to start the process. Nothing
is looked up or written: a question is not a request.
"""
from __future__ import annotations

from actions.common import Turn, shop_policy
from bot.i18n import pick

_PAYER = {True: ("买家承担（有运费险可抵扣）", "paid by you (covered if you bought shipping insurance)"),
          False: ("店铺承担", "paid by the shop")}


def _payer(buyer_pays: bool, language: str) -> str:
    zh, en = _PAYER[bool(buyer_pays)]
    return pick(language, zh, en)


def say_policy(turn: Turn, kind: str) -> None:
    """Say the rules for `kind` (refund | return | exchange) and offer to start."""
    returns, lang = shop_policy().returns, turn.language
    excluded = ("、" if lang != "en" else ", ").join(pick(lang, c.name_zh, c.name_en) for c in returns.excluded)
    turn.say(
        f"utter_policy_{kind}",
        no_reason_days=returns.no_reason_days,
        exchange_days=returns.exchange_days,
        quality_days=returns.quality_problem_days,
        no_reason_postage=_payer(returns.buyer_pays_no_reason, lang),
        exchange_postage=_payer(returns.buyer_pays_exchange, lang),
        quality_postage=_payer(returns.buyer_pays_quality_problem, lang),
        excluded=excluded or "-",
        refund_days=returns.refund_processing_days,
    )
