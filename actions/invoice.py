"""Invoices: the policy, then a form that collects title and tax id into the order."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.common import ShopAction, Turn, shop_policy, unit_of_work
from actions.confirm import commits, propose
from actions.conversation import form_answer_guard, slot_when_loop_started
from actions.order_access import OrderTaskAction, may_act_on, run_task
from bot.i18n import pick
from bot.policy.questions import asks_invoice_requirements
from bot.service.proposals import Proposal
from bot.texts import text
from bot.shop import repositories as repo
from bot.shop.invoices import NO_TAX_ID, PERSONAL_TITLES, find_tax_id, split_title, unsafe
from bot.shop.models import Order

__all__ = ["ActionAskInvoice", "ActionSaveInvoice", "NO_TAX_ID", "PERSONAL_TITLES", "ValidateInvoiceForm"]


class ActionAskInvoice(OrderTaskAction):
    """Explains the invoice policy and, for an order without one, starts the invoice form."""

    task = "ask_invoice"

    def handle(self, turn: Turn) -> List[EventType]:
        """Without an order in view, explain the policy and invite the order number; a question
        about what an invoice takes ("专票需要什么资料") is answered from the policy's invoice types."""
        if asks_invoice_requirements(turn.text) and shop_policy().invoice.available:
            _say_requirements(turn)
            return [SlotSet("invoice_ready", False), SlotSet("address_editable", False)]
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


def _say_requirements(turn: Turn) -> None:
    """Each invoice type with its conditions, and what a company title needs."""
    policy, lang = shop_policy().invoice, turn.language
    types = pick(lang, "；", "; ").join(text("utter_text_invoice_type", lang, kind=pick(lang, t.name_zh, t.name_en),
                                        conditions=pick(lang, t.conditions_zh, t.conditions_en) or "-")
                                   for t in policy.types)
    turn.say("utter_invoice_requirements", types=types, days=policy.issue_within_days,
             company=text("utter_text_invoice_company_tax_id" if policy.tax_id_required_for_company
                          else "utter_text_invoice_company_name", lang))


class ValidateInvoiceForm(FormValidationAction):
    """Checks the title and tax id; a personal title needs no tax id.

    What the buyer types here is an answer to the form: an order number or phone digits the NLU
    reads in it (a tax id has 8+ digit runs) never replace the order the invoice is for.
    """

    def name(self) -> Text:
        return "validate_invoice_form"

    def validate_invoice_title(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict
    ) -> Dict[Text, Any]:
        """2-100 characters of plain text; "个人"/"personal" fills the tax id with "-", and a tax id
        typed with the title fills it too. Nothing given yet is not an error."""
        if value is None:
            return {"invoice_title": None}
        title, tax_id = split_title(str(value))
        slots: Dict[Text, Any] = form_answer_guard(tracker)
        if tax_id:
            slots["invoice_tax_id"] = tax_id
        if title is None:
            dispatcher.utter_message(response="utter_invoice_title_invalid")
            return {**slots, "invoice_title": None}
        return {**slots, "invoice_title": title}

    def validate_invoice_tax_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict
    ) -> Dict[Text, Any]:
        """A tax id (see bot.shop.invoices.valid_tax_id), found in the message; "-" for a personal title."""
        slots: Dict[Text, Any] = form_answer_guard(tracker)
        if value is None:
            return {**slots, "invoice_tax_id": None}
        text = str(value).strip()
        if text == NO_TAX_ID:
            return {**slots, "invoice_tax_id": NO_TAX_ID}
        tax_id = None if unsafe(text) else find_tax_id(text)
        if tax_id:
            return {**slots, "invoice_tax_id": tax_id}
        dispatcher.utter_message(response="utter_invoice_tax_id_invalid")
        return {**slots, "invoice_tax_id": None}


class ActionSaveInvoice(ShopAction):
    """Reads back the invoice the form collected and asks the buyer to confirm it (save_invoice)."""

    def name(self) -> str:
        return "action_save_invoice"

    def handle(self, turn: Turn) -> List[EventType]:
        """Proposes title and tax id for the order the form started with, if the buyer may see it."""
        events = turn.tracker.events
        order_id = slot_when_loop_started(events, "invoice_form", "order_id") or turn.slot("order_id")
        title, tax_id = turn.slot("invoice_title"), turn.slot("invoice_tax_id")
        resets = [SlotSet("invoice_ready", False)]
        if turn.slot("order_id") != order_id:
            resets.append(SlotSet("order_id", order_id))
        if not title or not tax_id:
            turn.say("utter_inform_unclear")
            return resets
        with unit_of_work() as session:
            if not may_act_on(turn, session, order_id):
                turn.say("utter_inform_unclear")
                return resets
        proposal = Proposal("invoice", order_id, {"title": title, "tax_id": tax_id})
        shown = "" if tax_id == NO_TAX_ID else tax_id
        return resets + propose(turn, proposal, "utter_confirm_invoice", title=title, tax_id=shown or "-")


@commits("invoice")
def save_invoice(turn: Turn, session: Session, order: Order, proposal: Proposal) -> None:
    """The buyer confirmed: store title and tax id on the order."""
    title, tax_id = proposal.details.get("title", ""), proposal.details.get("tax_id", NO_TAX_ID)
    repo.set_invoice(session, order, title, None if tax_id == NO_TAX_ID else tax_id, turn.now)
    turn.say("utter_invoice_saved", order_id=order.id, title=title, days=shop_policy().invoice.issue_within_days)
