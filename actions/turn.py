"""The buyer's current turn as the actions see it: who sends it (the signed envelope), in which
language, at what shop time, and which orders this caller may act on."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from bot import clock
from bot.policy.current import shop_policy
from bot.service import page, verification
from bot.service.envelope import Envelope, open_sealed
from bot.service.verification import Caller
from bot.settings import get_settings
from bot.shop import repositories as repo
from bot.shop.db import unit_of_work
from bot.shop.repositories import buyer_by_nick


def shop_now() -> datetime:
    """The current time in the shop's time zone (tests replace this)."""
    return clock.shop_now()


@dataclass
class Turn:
    """The buyer's current turn as the actions see it."""

    dispatcher: CollectingDispatcher
    tracker: Tracker
    language: str
    now: datetime
    events: List[EventType] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The buyer's latest message."""
        return (self.tracker.latest_message or {}).get("text") or ""

    @property
    def read_text(self) -> str:
        """The latest message as the NLU read it: English misspellings corrected ("sneekers" ->
        "sneakers"), for looking things up; `text` is what the buyer wrote."""
        latest = self.tracker.latest_message or {}
        return latest.get("corrected_text") or self.text

    @property
    def intent(self) -> str:
        """The intent of the buyer's latest message."""
        return ((self.tracker.latest_message or {}).get("intent") or {}).get("name") or ""

    def slot(self, name: str) -> Any:
        """A slot's current value."""
        return self.tracker.get_slot(name)

    def entity(self, name: str) -> Optional[str]:
        """The first value of an entity in the latest message."""
        return next(self.tracker.get_latest_entity_values(name), None)

    def say(self, response: str, **values: Any) -> None:
        """Utter a domain response (its variant in the buyer's language) with values."""
        self.dispatcher.utter_message(response=response, **values)

    @property
    def caller(self) -> Caller:
        """Where the latest message came from, as the Rasa server's channel vouched for it."""
        envelope = sender_envelope(self.tracker.events, self.tracker.sender_id)
        return Caller(conversation_id=self.tracker.sender_id, address=envelope.address if envelope else "",
                      client=envelope.client if envelope else "")

    @property
    def page_product(self) -> Optional[str]:
        """The code of the product page the buyer sent the latest message from (widget only), when
        the message is about it (bot.service.page.about_the_page)."""
        code = self.page_code
        return code if code and page.about_the_page(self.text) else None

    @property
    def page_code(self) -> Optional[str]:
        """The code of the product page the buyer sent the latest message from (widget only), whatever
        the message says."""
        for event in reversed(self.tracker.events):
            if event.get("event") == "user":
                return page.page_product(event.get("metadata"))
        return None

    @property
    def buyer_id(self) -> Optional[int]:
        """The buyer's id when the widget channel verified a signed identity for this message."""
        if "_buyer_id" not in self.__dict__:
            nick = verified_buyer(self.tracker.events, self.tracker.sender_id)
            buyer_id = None
            if nick:
                with unit_of_work() as session:
                    buyer = buyer_by_nick(session, nick)
                    buyer_id = buyer.id if buyer else None
            self.__dict__["_buyer_id"] = buyer_id
        return self.__dict__["_buyer_id"]


def sender_envelope(events: List[Dict[str, Any]], sender_id: str) -> Optional[Envelope]:
    """The verified sender of the buyer's latest message: the envelope the Rasa server's own channel
    signed with XIAOER_ACTION_TOKEN for this conversation. Anything a caller wrote (input_channel,
    metadata.buyer) is ignored; no envelope means an anonymous buyer."""
    for event in reversed(events):
        if event.get("event") == "user":
            return open_sealed(get_settings().action_token, event.get("metadata"), sender_id)
    return None


def verified_buyer(events: List[Dict[str, Any]], sender_id: str) -> Optional[str]:
    """The signed-in buyer's nick for the latest message while their identity is unexpired."""
    envelope = sender_envelope(events, sender_id)
    return envelope.buyer_at(time.time()) if envelope else None


def may_act_on(turn: Turn, session: Session, order_id: Optional[str]) -> bool:
    """True when this buyer may see `order_id` now: their own order (signed in), or one this
    browser tab / REST caller proved in this conversation. The `verified_orders` slot is only a
    record for the dialogue: whoever takes over a session id inherits slots, not proofs."""
    if not isinstance(order_id, str) or not order_id:
        return False
    if turn.buyer_id is not None:
        order = repo.get_order(session, order_id)
        return order is not None and order.buyer_id == turn.buyer_id
    return order_id in verification.verified_orders(session, turn.caller, turn.now)
