"""Promotions and payment questions, answered from the shop policy."""
from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType

from actions.basket import answer_basket, answer_several, ask_which_item, basket_count, several_goods, too_many
from actions.common import ShopAction, Turn, shop_policy
from actions.followup import as_last_question
from bot.i18n import day, money, pick
from bot.policy import active_promotions, find_payment_method
from bot.policy.promotions import promotion_rule
from bot.policy.questions import asks_about_gift
from bot.service.followup import only_new_values
from bot.texts import joiner, text


def _rule_text(promotion, lang: str) -> str:  # noqa: ANN001 - bot.policy Promotion
    rule = promotion_rule(promotion)
    values = {name: money(fen, lang) for name, fen in rule.amounts.items()}
    values.update(percent=f"{rule.percent:g}", discount=f"{(100 - rule.percent) / 10:g}")
    return text(f"utter_text_promotion_rule_{rule.kind}", lang, **values)


class ActionPromotions(ShopAction):
    """Lists the promotions running today, each with how it works in numbers (满减怎么算); a question
    naming a product or a quantity ("买两件卫衣能减多少") gets that basket worked out, and one naming
    several products ("一件卫衣和两条牛仔裤一共多少钱") the basket of them all (actions/basket.py)."""

    def name(self) -> str:
        return "action_promotions"

    def handle(self, turn: Turn) -> List[EventType]:
        lang = turn.language
        promotions = active_promotions(shop_policy(), turn.now.date())
        if not promotions:
            turn.say("utter_no_promotions")
            return []
        if _only_a_destination(turn):
            earlier = as_last_question(turn, naming=_names_goods)
            if earlier is None or not _names_goods(earlier):
                from actions.shipping import ActionShippingFee

                return list(ActionShippingFee().handle(turn) or [])
            turn = earlier
        bulk = too_many(turn.text)
        if bulk:
            turn.say("utter_promotion_basket_too_many", count=bulk)
            return []
        several = several_goods(turn)
        count = basket_count(turn)
        if several is not None:
            events = answer_several(turn, promotions, *several)
            if events is not None:
                return events
        elif turn.entity("product") or count:
            if count and ask_which_item(turn, count):
                return []
            events = answer_basket(turn, promotions, count or 1)
            if events is not None:
                return events
        lines = "\n".join(
            text("utter_text_promotion_line", lang, title=pick(lang, p.title_zh, p.title_en),
                 until=day(p.valid_to, lang), rule=_rule_text(p, lang))
            for p in promotions
        )
        gifts = any(p.kind == "gift" for p in promotions)
        turn.say("utter_promotions_no_gift" if asks_about_gift(turn.text) and not gifts else "utter_promotions",
                 promotions=lines)  # "有小样吗": no gift is running, said before the others
        return []


def _names_goods(turn: Turn) -> bool:
    """Whether the message names goods to work out: products or how many."""
    return bool(several_goods(turn) or turn.entity("product") or basket_count(turn))


def _only_a_destination(turn: Turn) -> bool:
    """A follow-up that brings only where to send ("发浙江", "what about Tibet", "顺丰呢"): the
    last basket again, with its postage there."""
    entities = (turn.tracker.latest_message or {}).get("entities") or []
    return only_new_values(turn.text, entities, ("province", "express_company")) and not basket_count(turn)


class ActionPaymentHelp(ShopAction):
    """Payment methods, cash on delivery, and what to do when a payment fails."""

    def name(self) -> str:
        return "action_payment_help"

    def handle(self, turn: Turn) -> List[EventType]:
        policy = shop_policy()
        lang = turn.language
        methods = joiner(lang).join(
            pick(lang, m.name_zh, m.name_en) for m in policy.payment.methods if m.available
        )
        asked = turn.entity("payment_method")
        method = find_payment_method(policy, asked) if asked else None
        failed = any(word in turn.text.lower() for word in ("失败", "不成功", "付不了", "付不上", "fail", "declin", "error", "can't pay", "cant pay"))
        if failed:
            turn.say("utter_payment_failed", methods=methods)
        elif method is None:
            turn.say("utter_payment_methods", methods=methods)
        elif method.available:
            turn.say("utter_payment_method_ok", method=pick(lang, method.name_zh, method.name_en), methods=methods)
        else:
            turn.say("utter_payment_method_no", method=pick(lang, method.name_zh, method.name_en), methods=methods)
        return []
