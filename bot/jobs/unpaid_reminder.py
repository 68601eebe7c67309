"""催付: one gentle reminder for an order still unpaid `proactive.unpaid_reminder.after_minutes`
after it was placed, in the buyer's widget chat; none once it is paid or cancelled."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.jobs.messages import both_languages
from bot.jobs import store
from bot.jobs.step import NO_CHAT, Step, buyer_chat, items_text, skip
from bot.policy import ShopPolicy
from bot.shop.models import Order, ScheduledJob

KINDS = ("unpaid_reminder",)
MESSAGES = True  # it talks to the buyer: not during the quiet hours
KEEP_FOR = timedelta(hours=24)  # a reminder not sent a day after it was due is dropped
RESPONSE = "utter_proactive_unpaid_reminder"


def plan(s: Session, policy: ShopPolicy, now: datetime, since: datetime) -> int:
    """Plan a reminder for every unpaid order whose reminder falls due after `since`."""
    if not policy.proactive.unpaid_reminder:
        return 0
    delay = timedelta(minutes=policy.proactive.unpaid_after_minutes)
    orders = list(s.scalars(select(Order).where(Order.state == "unpaid", Order.created_at >= since - delay)))
    known = store.planned_keys(s, [f"unpaid_reminder:{o.id}" for o in orders])
    planned = 0
    for order in orders:
        key = f"unpaid_reminder:{order.id}"
        if key not in known:
            due = order.created_at + delay
            planned += store.plan(s, key, "unpaid_reminder", order.id, due, now, order.buyer_id, due + KEEP_FOR)
    return planned


def prepare(s: Session, job: ScheduledJob, policy: ShopPolicy, now: datetime) -> Step:
    """Send the reminder if the order is still unpaid and 催付 is on."""
    if not policy.proactive.unpaid_reminder:
        return skip("催付 is turned off (shop_policy.yml proactive.unpaid_reminder)")
    order = s.get(Order, job.subject)
    if order is None or order.state != "unpaid":
        return skip(f"order is {order.state if order else 'gone'}")
    chat = buyer_chat(s, order)
    if chat is None:
        return NO_CHAT
    texts = both_languages(RESPONSE, {"order_id": order.id, "items": items_text(order)})
    return Step("send", "reminded", conversation_id=chat, texts=texts)
