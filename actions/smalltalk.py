"""Thanks: "谢谢" is answered with "anything else?", but thanks with a goodbye ("ok thanks bye",
"谢谢 拜拜") ends the chat as a goodbye does."""
from __future__ import annotations

import re
from typing import List

from rasa_sdk.events import EventType

from actions.common import ShopAction, Turn

_GOODBYE = re.compile(r"拜拜|再见|88\b|晚安|先这样|没事了|\bbye\b|\bbye-bye\b|\bsee (?:you|ya)\b|\bcya\b|"
                      r"\bgood ?night\b|\bhave a (?:nice|good|great|lovely) (?:day|evening|night|one)\b|"
                      r"\bthat'?s all\b|\btake care\b", re.IGNORECASE)


def says_goodbye(text: str) -> bool:
    """True when the message takes leave ("ok thanks bye", "谢谢 再见", "thanks, have a nice day")."""
    return bool(_GOODBYE.search(text or ""))


class ActionThank(ShopAction):
    """You're welcome, and anything else? Or goodbye, when the buyer takes leave."""

    def name(self) -> str:
        return "action_thank"

    def handle(self, turn: Turn) -> List[EventType]:
        turn.say("utter_goodbye" if says_goodbye(turn.text) else "utter_thank")
        return []
