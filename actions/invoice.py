"""Invoices: the policy, then a form that collects title and tax id into the order."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.common import ShopAction, Turn, shop_policy, unit_of_work
from actions.order_access import OrderTaskAction, run_task
from bot.shop import repositories as repo
from bot.shop.models import Order

PERSONAL_TITLES = {"个人", "个人抬头", "personal", "individual", "me", "myself", "本人"}
TAX_ID = re.compile(r"^[0-9A-Z]{15,20}$")
NO_TAX_ID = "-"


class ActionAskInvoice(OrderTaskAction):
    """Explains the invoice policy and, for an order without one, starts the invoice form."""

    task = "ask_invoice"

    def handle(self, turn: Turn) -> List[EventType]:
        """Without an order in view, explain the policy and invite the order number."""
        if turn.slot("order_id") or turn.buyer_id is not None:
            return run_task(self, turn)
        policy = shop_policy().invoice
        if not policy.available:
            turn.say("utter_invoice_unavailable")
            return [SlotSet("invoice_ready", False), SlotSet("address_editable", False)]
        turn.say("utter_invoice_policy", days=policy.issue_within_days)
        turn.say("utter_invoice_send_order")
        return [SlotSet("invoice_ready", False), SlotSet("address_editable", False),
                SlotSet("pending_task", self.task)]

    def on_order(self, turn: Turn, session: Session, order: Order) -> List[EventType]:
        policy = shop_policy().invoice
        if not policy.available:
            turn.say("utter_invoice_unavailable")
            return []
        if order.invoice_title:
            turn.say("utter_invoice_already", order_id=order.id, title=order.invoice_title)
            return []
        turn.say("utter_invoice_policy", days=policy.issue_within_days)
        return [SlotSet("invoice_ready", True), SlotSet("invoice_title", None), SlotSet("invoice_tax_id", None)]


class ValidateInvoiceForm(FormValidationAction):
    """Checks the title and tax id; a personal title needs no tax id."""

    def name(self) -> Text:
        return "validate_invoice_form"

    def validate_invoice_title(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict
    ) -> Dict[Text, Any]:
        """Accepts 2-100 characters; a personal title fills the tax id with "-"."""
        title = str(value or "").strip()
        if not 2 <= len(title) <= 100:
            dispatcher.utter_message(response="utter_invoice_title_invalid")
            return {"invoice_title": None}
        if title.lower() in PERSONAL_TITLES:
            return {"invoice_title": "个人" if title in PERSONAL_TITLES else "Personal", "invoice_tax_id": NO_TAX_ID}
        return {"invoice_title": title}

    def validate_invoice_tax_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict
    ) -> Dict[Text, Any]:
        """A unified social credit code: 15-20 letters and digits."""
        tax_id = re.sub(r"\s", "", str(value or "")).upper()
        if tax_id == NO_TAX_ID or TAX_ID.match(tax_id):
            return {"invoice_tax_id": tax_id}
        dispatcher.utter_message(response="utter_invoice_tax_id_invalid")
        return {"invoice_tax_id": None}


class ActionSaveInvoice(ShopAction):
    """Stores the invoice request on the order."""

    def name(self) -> str:
        return "action_save_invoice"

    def handle(self, turn: Turn) -> List[EventType]:
        order_id = turn.slot("order_id")
        title = turn.slot("invoice_title")
        tax_id = turn.slot("invoice_tax_id")
        resets = [SlotSet("invoice_ready", False)]
        if not title or order_id not in (turn.slot("verified_orders") or []):
            turn.say("utter_inform_unclear")
            return resets
        with unit_of_work() as session:
            order = repo.get_order(session, order_id)
            if order is None:
                turn.say("utter_order_not_found", order_id=order_id)
                return resets
            repo.set_invoice(session, order, title, None if tax_id == NO_TAX_ID else tax_id, turn.now)
        turn.say("utter_invoice_saved", order_id=order_id, title=title,
                 days=shop_policy().invoice.issue_within_days)
        return resets
