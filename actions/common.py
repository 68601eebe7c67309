"""What every shop action shares: the Turn, the buyer's language, the policy, a DB unit of work,
and a person to take over when an action fails."""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.handover import open_handoff
from actions.turn import Turn, may_act_on, sender_envelope, shop_now, verified_buyer  # noqa: F401 - re-exported
from bot.language import conversation_language
from bot.policy.current import shop_policy  # noqa: F401 - re-exported
from bot.shop.db import unit_of_work  # noqa: F401 - re-exported

logger = logging.getLogger(__name__)


class ShopAction(Action, ABC):
    """Base of Xiaoer's actions: builds the Turn and never lets an error reach the buyer raw."""

    @abstractmethod
    def name(self) -> str:
        """The action's name in the domain."""

    @abstractmethod
    def handle(self, turn: Turn) -> List[EventType]:
        """Do the action's work and return the events to apply."""

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        """Rasa entry point."""
        language = conversation_language(tracker.events, tracker.get_slot("language"))
        turn = Turn(dispatcher, tracker, language, shop_now())
        try:
            return list(self.handle(turn) or []) + turn.events
        except Exception:  # noqa: BLE001 - the buyer must get an answer, the log the details
            logger.exception("action %s failed for %s", self.name(), tracker.sender_id)
            return self._hand_over_failure(turn)

    def _hand_over_failure(self, turn: Turn) -> List[EventType]:
        """Apologise and queue the chat for a person; if even that fails, ask to try again."""
        turn.dispatcher.messages.clear()
        turn.events.clear()
        try:
            turn.say("utter_action_failed")
            return open_handoff(turn, "action_failed")
        except Exception:  # noqa: BLE001
            logger.exception("could not queue the failed chat %s for a person", turn.tracker.sender_id)
            turn.dispatcher.messages.clear()
            turn.say("utter_action_failed_retry")
            return []
