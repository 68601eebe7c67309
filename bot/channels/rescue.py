"""No buyer message is lost in silence: a turn the bot could not answer goes to a person."""
from __future__ import annotations

import logging
from typing import Any, Dict, Optional

from rasa.shared.core.events import BotUttered, ConversationPaused

from bot.texts import in_each_language

logger = logging.getLogger(__name__)

# read when the server starts, so the apology does not depend on anything at the moment it is needed
SORRY = in_each_language("utter_rescue_sorry")
SORRY_OFFLINE = in_each_language("utter_rescue_sorry_offline")  # queued, but no agent is online
SORRY_RETRY = in_each_language("utter_rescue_sorry_retry")
_SILENT_COMMANDS = ("/restart", "/session_start")


def expects_reply(text: str) -> bool:
    """Every buyer message gets an answer, except the commands that only reset the chat."""
    return not text.strip().startswith(_SILENT_COMMANDS)


def _open_ticket(conversation_id: str, text: str) -> Optional[Dict[str, str]]:
    """Queue the chat for a person; the apology that says so (SORRY_OFFLINE when no agent is
    online), None when it could not be queued."""
    from bot.clock import shop_now
    from bot.shop.db import unit_of_work
    from bot.service import presence
    from bot.service.handoff import open_ticket

    try:
        with unit_of_work() as session:
            now = shop_now()
            open_ticket(session, conversation_id=conversation_id, reason="action_failed", priority=2,
                        summary=text, now=now)
            return SORRY if presence.agents_online(session, now) else SORRY_OFFLINE
    except Exception:  # noqa: BLE001 - the shop database may be what failed
        logger.exception("could not queue the unanswered chat %s for a person", conversation_id)
        return None


async def rescue(rasa_agent: Any, conversation_id: str, text: str) -> Optional[str]:
    """After a turn with no reply: unless the chat is with a person (paused), apologise, queue it
    for an agent and pause the bot; the apology is kept in the transcript. Returns the apology to
    send, or None when silence was right."""
    from bot.language import conversation_language
    from bot.nlu.text import detect_language

    if rasa_agent is None or not expects_reply(text):
        return None
    try:
        async with rasa_agent.lock_store.lock(conversation_id):
            tracker = await rasa_agent.tracker_store.get_or_create_tracker(conversation_id)
            if tracker.is_paused():
                return None
            language = conversation_language([e.as_dict() for e in tracker.events], detect_language(text))
            apologies = _open_ticket(conversation_id, text)
            queued = apologies is not None
            apology = (apologies or SORRY_RETRY)[language]
            tracker.update(BotUttered(apology, metadata={"rescued": True}))
            if queued:
                tracker.update(ConversationPaused())
            await rasa_agent.tracker_store.save(tracker)
            return apology
    except Exception:  # noqa: BLE001 - even the tracker store may be down: still answer
        logger.exception("could not record the rescue of %s", conversation_id)
        return SORRY_RETRY["zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en"]
