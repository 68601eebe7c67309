"""Late parcels: one apology, before the buyer asks, for a paid order still not shipped at its
promised dispatch time (bot.policy.dispatch_deadline; the order is marked urgent for the
warehouse) or a parcel whose tracking stalled (bot.policy.is_stalled; a note asks staff to chase
the courier). Either way the message says what the shop is doing."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.jobs.messages import both_languages
from bot.jobs import store
from bot.jobs.step import NO_CHAT, Step, buyer_chat, items_text, skip
from bot.policy import ShopPolicy, dispatch_deadline, is_stalled
from bot.shop import repositories as repo
from bot.shop.models import Order, ScheduledJob, Shipment, TrackingEvent

KINDS = ("late_dispatch", "stalled_parcel")
MESSAGES = True
KEEP_FOR = timedelta(days=3)
LOOK_BACK = timedelta(days=30)
DISPATCH_NOTE = "超过承诺发货时间仍未发出，已主动向买家致歉"
STALLED_NOTE = "物流停滞，已主动向买家致歉，请向快递催查"


def _last_events(s: Session, since: datetime):
    """(order, last tracking moment) of parcels on their way whose last scan is after `since`."""
    last = (select(TrackingEvent.shipment_id, func.max(TrackingEvent.occurred_at).label("at"))
            .group_by(TrackingEvent.shipment_id).subquery())
    query = (select(Order, last.c.at).join(Shipment, Shipment.order_id == Order.id)
             .join(last, last.c.shipment_id == Shipment.id)
             .where(Order.state == "shipped", Shipment.delivered_at.is_(None), last.c.at >= since))
    return list(s.execute(query))


def plan(s: Session, policy: ShopPolicy, now: datetime, since: datetime) -> int:
    """Plan an apology at the dispatch deadline of each paid order and at the moment each parcel
    on its way would count as stalled, when that moment is after `since`."""
    if not policy.proactive.late_parcel:
        return 0
    candidates = []
    paid = s.scalars(select(Order).where(Order.state == "paid", Order.paid_at.is_not(None),
                                         Order.paid_at >= since - LOOK_BACK))
    for order in paid:
        candidates.append(("late_dispatch", order, dispatch_deadline(policy, order.paid_at)))
    stall = timedelta(hours=policy.logistics.stalled_after_hours)
    for order, last_at in _last_events(s, since - stall):
        candidates.append(("stalled_parcel", order, last_at + stall))
    candidates = [(kind, order, due) for kind, order, due in candidates if due >= since]
    known = store.planned_keys(s, [f"{kind}:{order.id}" for kind, order, _ in candidates])
    planned = 0
    for kind, order, due in candidates:
        if f"{kind}:{order.id}" not in known:
            planned += store.plan(s, f"{kind}:{order.id}", kind, order.id, due, now, order.buyer_id, due + KEEP_FOR)
    return planned


def _stalled_since(policy: ShopPolicy, order: Order, now: datetime) -> Optional[datetime]:
    shipment = order.shipment
    last = shipment.last_event if shipment is not None else None
    if last is None or shipment.delivered_at is not None or not is_stalled(policy, last.occurred_at, now):
        return None
    return last.occurred_at


def prepare(s: Session, job: ScheduledJob, policy: ShopPolicy, now: datetime) -> Step:
    """Apologise if the order is still late (not shipped / still stalled); a parcel that moved
    again is looked at once more when it would stall next."""
    if not policy.proactive.late_parcel:
        return skip("late-parcel notices are turned off (shop_policy.yml proactive.late_parcel)")
    order = s.get(Order, job.subject)
    if order is None:
        return skip("order is gone")
    chat = buyer_chat(s, order)
    if job.kind == "late_dispatch":
        if order.state != "paid" or order.shipped_at is not None:
            return skip(f"order is {order.state}")
        if chat is None:
            return NO_CHAT
        repo.mark_urgent(s, order, DISPATCH_NOTE, now)
        deadline = dispatch_deadline(policy, order.paid_at)
        values = {"order_id": order.id, "items": items_text(order),
                  "deadline": (f"{deadline:%m月%d日 %H:%M}", f"{deadline:%b %d, %H:%M}")}
        return Step("send", "apologised, marked urgent", chat,
                    both_languages("utter_proactive_late_dispatch", values))
    if order.state != "shipped":
        return skip(f"order is {order.state}")
    last_at = _stalled_since(policy, order, now)
    if last_at is None:
        last = order.shipment.last_event if order.shipment else None
        if order.shipment is None or order.shipment.delivered_at is not None or last is None:
            return skip("parcel delivered")
        return Step("later", "tracking moved again", due_at=last.occurred_at
                    + timedelta(hours=policy.logistics.stalled_after_hours))
    if chat is None:
        return NO_CHAT
    if STALLED_NOTE not in (order.notes or ""):
        repo.append_note(order, repo.BOT_AUTHOR, STALLED_NOTE, now)
    courier = next((c for c in policy.couriers if c.code == order.shipment.courier_code), None)
    values = {"order_id": order.id, "tracking_number": order.shipment.tracking_number,
              "courier": (courier.name_zh, courier.name_en) if courier else order.shipment.courier_code,
              "last_update": (f"{last_at:%m月%d日 %H:%M}", f"{last_at:%b %d, %H:%M}")}
    return Step("send", "apologised, asked staff to chase the courier", chat,
                both_languages("utter_proactive_stalled_parcel", values))
