"""Answers to questions about the after-sale rules, straight from shop_policy.yml.

"你们支持7天无理由吗", "whats your return policy", "换货运费谁出" get the windows, who pays the
postage, what is excluded and how long a refund takes, with a button to start the process. Nothing
is looked up or written: a question is not a request.
"""
from __future__ import annotations

from actions.common import Turn, shop_policy
from bot.policy.aftersale import hypothetical_case
from bot.policy.questions import asks_what_if
from bot.i18n import pick
from bot.texts import joiner, text


def _payer(buyer_pays: bool, language: str) -> str:
    return text("utter_text_postage_buyer_pays" if buyer_pays else "utter_text_postage_shop_pays", language)


def say_policy(turn: Turn, kind: str) -> None:
    """Say the rules for `kind` (refund | return | exchange) and offer to start."""
    returns, lang = shop_policy().returns, turn.language
    excluded = joiner(lang).join(pick(lang, c.name_zh, c.name_en) for c in returns.excluded)
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


def say_return_postage(turn: Turn) -> None:
    """Say who pays the postage of a return, an exchange and a quality problem ("who pays the
    shipping for that" right after the return rules)."""
    returns, lang = shop_policy().returns, turn.language
    turn.say("utter_return_postage",
             no_reason_postage=_payer(returns.buyer_pays_no_reason, lang),
             exchange_postage=_payer(returns.buyer_pays_exchange, lang),
             quality_postage=_payer(returns.buyer_pays_quality_problem, lang))


def say_quality_rules(turn: Turn) -> None:
    """Say what happens if goods arrive with a quality problem ("要是质量问题呢")."""
    returns, lang = shop_policy().returns, turn.language
    turn.say("utter_policy_quality", quality_days=returns.quality_problem_days,
             quality_postage=_payer(returns.buyer_pays_quality_problem, lang))


def say_shipping_insurance(turn: Turn) -> None:
    """Say that return-postage insurance (运费险) is not included and what it would cover."""
    returns, lang = shop_policy().returns, turn.language
    turn.say("utter_shipping_insurance", no_reason_days=returns.no_reason_days,
             quality_postage=_payer(returns.buyer_pays_quality_problem, lang))


def answer_what_if(turn: Turn) -> bool:
    """Answer a question about what would happen if the goods were faulty or did not fit ("如果收到是
    坏的怎么办", "what if it doesn't fit") with the rules; False when the message is no such question
    or names an order (then it is about that order)."""
    if turn.entity("order_id") or not asks_what_if(turn.text):
        return False
    case = hypothetical_case(turn.text)
    if case == "quality":
        say_quality_rules(turn)
    elif case is not None:
        say_policy(turn, case)
    return case is not None
