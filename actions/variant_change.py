"""Another size or colour of what was ordered, before dispatch ("拍错尺码了 能改成L吗", "i need L
instead of M"): the new variant's stock is checked, the change read back for a yes, and made on
the yes (bot.shop.repositories.change_item_sku); after dispatch it is an exchange."""
from __future__ import annotations

from typing import List, Optional

from rasa_sdk.events import EventType, SlotSet
from sqlalchemy.orm import Session

from actions.common import Turn
from actions.confirm import commits, propose
from actions.conversation import stated_request
from actions.order_access import OrderTaskAction
from actions.render import items_text
from bot.i18n import day, label, pick
from bot.policy.variant_change import asks_variant_change, wanted_value
from bot.service.proposals import Proposal
from bot.shop import repositories as repo
from bot.shop.models import Order, OrderItem, Sku

_CHANGEABLE = ("unpaid", "paid")
_REQUEST_INTENTS = ("change_address", "request_exchange")


def request_words(turn: Turn) -> str:
    """The buyer's request ("拍错码了") and, when it was asked for later, the latest answer ("L")."""
    stated = stated_request(turn.tracker.events, _REQUEST_INTENTS) or ""
    return stated if stated == turn.text else " ".join(part for part in (stated, turn.text) if part)


def wants_variant_change(turn: Turn, order: Order) -> bool:
    """Whether the buyer asks for another size or colour of an item of this order."""
    words = request_words(turn)
    return any(asks_variant_change(words, any(_named(item, words))) for item in order.items)


def _named(item: OrderItem, words: str) -> tuple:
    return repo.variants_named(item.sku.product, words)


def _label(sku: Sku, language: str) -> str:
    return "/".join(v for v in (pick(language, sku.color_zh, sku.color_en), sku.size) if v)


class ActionChangeVariant(OrderTaskAction):
    """Proposes the variant change of an unshipped order (nothing written before the yes)."""

    task = "change_variant"
    preferred_states = _CHANGEABLE

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        lang = turn.language
        events: List[EventType] = [SlotSet("address_editable", False)]
        if order.state not in _CHANGEABLE:
            turn.say("utter_variant_change_too_late", order_id=order.id, state=label("order_state", order.state, lang))
            return events
        words = request_words(turn)
        item = next((i for i in order.items if any(_named(i, words))), None)
        if item is None:
            turn.say("utter_variant_change_which", order_id=order.id, items=items_text(order, lang))
            return events + [SlotSet("pending_task", self.task)]
        colours, sizes = _named(item, words)
        old = item.sku
        colour, size = wanted_value(words, colours) or old.color_zh, wanted_value(words, sizes) or old.size
        new = next((s for s in old.product.skus if s.color_zh == colour and s.size == size), None)
        name = pick(lang, old.product.name_zh, old.product.name_en)
        if new is None:
            turn.say("utter_variant_not_made", product=name, variant="/".join(v for v in (colour, size) if v))
        elif new.id == old.id:
            turn.say("utter_variant_already", order_id=order.id, product=name, variant=_label(old, lang))
        elif new.stock < item.quantity:
            turn.say("utter_variant_sold_out", product=name, variant=_label(new, lang),
                     restock=day(new.restock_date, lang) if new.restock_date else "-")
        else:
            return events + propose(turn, Proposal("variant", order.id, {"item": item.id, "sku": new.id}),
                                    "utter_confirm_variant_change", product=name, old=_label(old, lang),
                                    new=_label(new, lang), stock=new.stock)
        return events


@commits("variant")
def change_variant(turn: Turn, session: Session, order: Order, proposal: Proposal) -> None:
    """The buyer confirmed: swap the line to the new variant if the order is still unshipped and
    the variant still in stock."""
    lang = turn.language
    item: Optional[OrderItem] = next((i for i in order.items if str(i.id) == proposal.details.get("item")), None)
    sku_id = proposal.details.get("sku", "")
    sku = session.get(Sku, int(sku_id)) if sku_id.isdigit() else None
    if item is None or sku is None or not repo.change_item_sku(session, order, item, sku, turn.now):
        turn.say("utter_variant_change_failed", order_id=order.id)
        return
    turn.say("utter_variant_changed", order_id=order.id, items=items_text(order, lang))
