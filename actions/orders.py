"""Order actions: status, logistics, urging, address change, cancellation."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.bargain import honour_quote
from actions.common import ShopAction, Turn, shop_policy, unit_of_work
from actions.confirm import commits, correction, corrects, propose
from actions.conversation import form_answer_guard, slot_when_loop_started
from actions.order_access import OrderTaskAction, may_act_on
from actions.render import courier_name, items_text, latest_event_text
from bot.i18n import day, label, money
from bot.policy import dispatch_deadline, estimate_delivery, is_stalled
from bot.policy.questions import asks_dispatch_time
from bot.service.address import corrected, parse_address, plain_text
from bot.service.proposals import SLOT, Proposal, answered_proposal
from bot.shop import repositories as repo
from bot.shop.models import Order

NOT_YET_SHIPPED = ("unpaid", "paid")
# why an address cannot be used -> what the buyer is told (markup is not explained, just refused)
ADDRESS_PROBLEM_RESPONSES = {
    "markup": "utter_address_invalid",
    "too_short": "utter_address_invalid",
    "detail": "utter_address_invalid",
    "too_long": "utter_address_too_long",
    "phone": "utter_address_phone_invalid",
    "region": "utter_address_region_unknown",
    "not_served": "utter_address_not_served",
}


def _promise(turn: Turn, order: Order) -> str:
    deadline = dispatch_deadline(shop_policy(), order.paid_at or turn.now)
    return f"{day(deadline, turn.language)} {deadline:%H:%M}"


class ActionCheckOrder(OrderTaskAction):
    """Tells the order's state, items and what happens next."""

    task = "check_order"

    def ask_for_order(self, turn: Turn) -> None:
        """"好的 那我拍了 什么时候发货" asks when an order ships: the dispatch promise, then the number."""
        if asks_dispatch_time(turn.text):
            ActionUrgeShipment().ask_for_order(turn)
        else:
            super().ask_for_order(turn)

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        lang = turn.language
        values = dict(
            order_id=order.id,
            state=label("order_state", order.state, lang),
            items=items_text(order, lang),
            total=money(order.goods_total_fen + order.shipping_fee_fen, lang),
        )
        if order.state == "paid":
            turn.say("utter_order_status_paid", promise=_promise(turn, order), **values)
        elif order.state in ("shipped", "delivered", "completed") and order.shipment:
            turn.say(
                "utter_order_status_shipped",
                courier=courier_name(order.shipment.courier_code, lang),
                tracking_number=order.shipment.tracking_number,
                **values,
            )
        elif order.state == "unpaid":
            if not honour_quote(turn, session, order):
                turn.say("utter_order_status_unpaid", **values)
        else:
            turn.say("utter_order_status", **values)
        return []


class ActionTrackLogistics(OrderTaskAction):
    """Latest tracking event; for a stalled parcel it offers to have the courier chased."""

    task = "track_logistics"
    preferred_states = ("shipped",)

    def handle(self, turn: Turn) -> List[EventType]:
        """"What if it arrives damaged" asks the rules for faulty goods, not where a parcel is."""
        from actions.policy_answers import answer_what_if

        if answer_what_if(turn):
            return []
        return super().handle(turn)

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        lang = turn.language
        shipment = order.shipment
        if order.state in NOT_YET_SHIPPED or shipment is None:
            if order.state == "paid":
                turn.say("utter_not_shipped_yet", order_id=order.id, promise=_promise(turn, order))
            else:
                turn.say("utter_order_status", order_id=order.id,
                         state=label("order_state", order.state, lang),
                         items=items_text(order, lang),
                         total=money(order.goods_total_fen + order.shipping_fee_fen, lang))
            return []
        events = list(shipment.events)
        last = events[-1] if events else None
        values = dict(
            order_id=order.id,
            courier=courier_name(shipment.courier_code, lang),
            tracking_number=shipment.tracking_number,
            latest=latest_event_text(last, lang) if last else "-",
        )
        if order.state in ("delivered", "completed"):
            turn.say("utter_logistics_delivered", **values)
        elif is_stalled(shop_policy(), last.occurred_at if last else shipment.shipped_at, turn.now):
            if repo.marked_urgent_for(order, repo.CHASE_NOTE):
                turn.say("utter_chase_already", **values)  # asked before: not offered again
                return []
            return propose(turn, Proposal("chase", order.id), "utter_logistics_stalled",
                           **{k: v for k, v in values.items() if k != "order_id"})
        else:
            turn.say("utter_logistics_moving", **values)
        return []


class ActionUrgeShipment(OrderTaskAction):
    """Promises a dispatch date by the cut-off and offers to mark the order urgent for the warehouse."""

    task = "urge_shipment"
    preferred_states = ("paid",)

    def ask_for_order(self, turn: Turn) -> None:
        """No order yet: "什么时候能发货" may be asked before buying, so the dispatch promise comes
        first, then the number of an order already placed."""
        policy = shop_policy()
        estimate = estimate_delivery(policy, policy.shop.ship_from_province, turn.now)
        turn.say("utter_urge_without_order", cutoff=estimate.cutoff.strftime("%H:%M"),
                 ship_day=day(estimate.ships_on, turn.language))

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        lang = turn.language
        if order.state == "paid":
            estimate = estimate_delivery(shop_policy(), order.province, turn.now)
            key = "utter_urge_ships_today" if estimate.ships_today else "utter_urge_ships_later"
            turn.say(key, order_id=order.id, ship_day=day(estimate.ships_on, lang),
                     cutoff=estimate.cutoff.strftime("%H:%M"))
            if order.urgent:
                turn.say("utter_urge_already_marked", order_id=order.id)
                return []
            return propose(turn, Proposal("urge", order.id), "utter_confirm_urge")
        elif order.state == "unpaid":
            turn.say("utter_urge_unpaid", order_id=order.id)
        elif order.state == "shipped":
            last = order.shipment.events[-1] if order.shipment and order.shipment.events else None
            if order.shipment and is_stalled(shop_policy(), last.occurred_at if last else order.shipment.shipped_at,
                                             turn.now):
                return _chase(turn, session, order)
            turn.say("utter_urge_already_shipped", order_id=order.id,
                     courier=courier_name(order.shipment.courier_code if order.shipment else None, lang),
                     latest=latest_event_text(last, lang) if last else "-")
        else:
            turn.say("utter_order_status", order_id=order.id, state=label("order_state", order.state, lang),
                     items=items_text(order, lang),
                     total=money(order.goods_total_fen + order.shipping_fee_fen, lang))
        return []


def _chase(turn: Turn, session: Session, order: Order) -> List[EventType]:
    """Urging a stalled parcel asks for the courier to be chased: done at once when the bot had just
    offered that for this order ("需要小二联系快递吗", "能不能帮我催一下"), else offered."""
    offered = answered_proposal(turn.tracker.events)
    if offered is not None and offered.kind == "chase" and offered.order_id == order.id:
        chase_courier(turn, session, order, offered)
        return [SlotSet(SLOT, None)]
    return ActionTrackLogistics().on_order(turn, session, order)


class ActionChangeAddress(OrderTaskAction):
    """Checks the address can still change (before dispatch); the address form asks for it."""

    task = "change_address"
    preferred_states = ("paid", "unpaid")

    def handle(self, turn: Turn) -> List[EventType]:
        """"地址写错了 是1205室" right after the read-back corrects it; else start the change."""
        corrected_events = correction(turn)
        if corrected_events is not None:
            return [SlotSet("address_editable", False)] + corrected_events
        return super().handle(turn)

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        """"拍错尺码了" / "i need L instead of M" is a change of the variant, not of the address."""
        from actions.variant_change import ActionChangeVariant, wants_variant_change

        if wants_variant_change(turn, order):
            return ActionChangeVariant().on_order(turn, session, order)
        if order.state in NOT_YET_SHIPPED:
            turn.say("utter_address_change_possible", order_id=order.id)
            return [SlotSet("address_editable", True), SlotSet("new_address", None)]
        turn.say("utter_address_change_too_late", order_id=order.id,
                 state=label("order_state", order.state, turn.language))
        return [SlotSet("address_editable", False)]


class ActionSaveAddress(ShopAction):
    """Reads back the address the form collected, parsed into its fields, and asks the buyer to
    confirm; the buyer's yes stores province, city, line, recipient and phone (change_address)."""

    def name(self) -> str:
        return "action_save_address"

    def handle(self, turn: Turn) -> List[EventType]:
        """Parse the collected address again and propose it; nothing is written here."""
        events = turn.tracker.events
        order_id = slot_when_loop_started(events, "address_form", "order_id") or turn.slot("order_id")
        resets = [SlotSet("new_address", None), SlotSet("address_editable", False)]
        if turn.slot("order_id") != order_id:
            resets.append(SlotSet("order_id", order_id))
        text = turn.slot("new_address") or ""
        check = parse_address(text, shop_policy()) if text.strip() else None
        with unit_of_work() as session:
            allowed = may_act_on(turn, session, order_id)
        if check is None or not allowed:
            turn.say("utter_inform_unclear")
            return resets
        if not check.ok:
            turn.say(ADDRESS_PROBLEM_RESPONSES.get(check.problem, "utter_address_invalid"))
            return resets
        return resets + _propose_address(turn, order_id, text, check.address)


def _propose_address(turn: Turn, order_id: str, text: str, address) -> List[EventType]:
    """Read the address back as understood, to be confirmed; never the order's stored phone or
    name the buyer did not type."""
    proposal = Proposal("address", order_id, {"text": text})
    return propose(turn, proposal, "utter_confirm_address", address=address.display())


@corrects("address")
def correct_address(turn: Turn, proposal: Proposal) -> Optional[List[EventType]]:
    """"room 1205 not 1203" after the read-back: read back the corrected address (still unsaved)."""
    text = corrected(proposal.details.get("text", ""), turn.text)
    if text is None:
        return None
    check = parse_address(text, shop_policy())
    if not check.ok:
        turn.say(ADDRESS_PROBLEM_RESPONSES.get(check.problem, "utter_address_invalid"))
        return [SlotSet(SLOT, None)]
    return _propose_address(turn, proposal.order_id, text, check.address)


@commits("address")
def change_address(turn: Turn, session: Session, order: Order, proposal: Proposal) -> None:
    """The buyer confirmed the address read back: store its fields (still only before dispatch)."""
    check = parse_address(proposal.details.get("text", ""), shop_policy())
    if not check.ok:
        turn.say(ADDRESS_PROBLEM_RESPONSES.get(check.problem, "utter_address_invalid"))
        return
    address = check.address
    changed = repo.change_address(
        session, order, address.line, turn.now, province=address.province, city=address.city,
        recipient_name=address.recipient, recipient_phone=address.phone,
    )
    if not changed:
        turn.say("utter_address_change_too_late", order_id=order.id,
                 state=label("order_state", order.state, turn.language))
        return
    turn.say("utter_address_changed", order_id=order.id, address=address.display())


class ActionCancelOrder(OrderTaskAction):
    """Offers to cancel an unpaid or unshipped order (done on the buyer's yes); otherwise explains the way out."""

    task = "cancel_order"
    preferred_states = ("unpaid", "paid")

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        if order.state in NOT_YET_SHIPPED:
            lang = turn.language
            return propose(turn, Proposal("cancel", order.id), "utter_confirm_cancel", items=items_text(order, lang),
                           amount=money(order.goods_total_fen + order.shipping_fee_fen, lang))
        _say_not_cancellable(turn, order)
        return []


def _say_not_cancellable(turn: Turn, order: Order) -> None:
    if order.state == "cancelled":
        turn.say("utter_order_already_cancelled", order_id=order.id)
    elif order.state == "shipped":
        turn.say("utter_cancel_shipped", order_id=order.id)
    else:
        turn.say("utter_cancel_delivered", order_id=order.id)


@commits("cancel")
def cancel_order(turn: Turn, session: Session, order: Order, proposal: Proposal) -> None:
    """The buyer confirmed: cancel (stock goes back; a paid order is refunded) if still possible."""
    was_paid = order.state == "paid"
    if not repo.cancel_order(session, order, turn.now):
        _say_not_cancellable(turn, order)
        return
    key = "utter_order_cancelled_refund" if was_paid else "utter_order_cancelled"
    turn.say(key, order_id=order.id, amount=money(order.goods_total_fen + order.shipping_fee_fen, turn.language),
             refund_days=shop_policy().returns.refund_processing_days)


@commits("urge")
def mark_urgent(turn: Turn, session: Session, order: Order, proposal: Proposal) -> None:
    """The buyer confirmed: note the order as urgent for the warehouse (only before dispatch)."""
    if order.state != "paid":
        turn.say("utter_order_status", order_id=order.id, state=label("order_state", order.state, turn.language),
                 items=items_text(order, turn.language),
                 total=money(order.goods_total_fen + order.shipping_fee_fen, turn.language))
        return
    repo.mark_urgent(session, order, "买家催发货", turn.now)
    turn.say("utter_urge_marked", order_id=order.id)


@commits("chase")
def chase_courier(turn: Turn, session: Session, order: Order, proposal: Proposal) -> None:
    """The buyer confirmed: flag the stalled parcel for the team to chase the courier today."""
    repo.mark_urgent(session, order, repo.CHASE_NOTE, turn.now)
    turn.say("utter_chase_marked", order_id=order.id)


class ValidateAddressForm(FormValidationAction):
    """Accepts a new address only if it is one (bot.service.address): a real province and city the
    shop ships to, a street, a valid phone if any, plain text of a sane length. Anything else is
    asked again with the reason; the answer never changes the order under discussion."""

    def name(self) -> Text:
        return "validate_address_form"

    def validate_new_address(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict
    ) -> Dict[Text, Any]:
        """The address as plain text if it parses; None (and the reason said) otherwise."""
        slots = form_answer_guard(tracker)
        if value is None:
            return {**slots, "new_address": None}
        check = parse_address(str(value), shop_policy())
        if check.ok:
            return {**slots, "new_address": plain_text(str(value))}
        dispatcher.utter_message(response=ADDRESS_PROBLEM_RESPONSES.get(check.problem, "utter_address_invalid"))
        return {**slots, "new_address": None}
