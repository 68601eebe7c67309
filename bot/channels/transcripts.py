"""Writing into a conversation outside a turn (agents' messages, notices, scheduled messages,
the rating exchange, handing the chat back to the bot), under Rasa's lock for that conversation."""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Tuple

from rasa.shared.core.events import ActionExecuted, BotUttered, ConversationPaused, ConversationResumed, Event, UserUttered


class Transcripts:
    """The Rasa agent's tracker store, reached through the server's app once the model is loaded."""

    def __init__(self, app: Any) -> None:
        self.app = app

    @property
    def agent(self) -> Any:
        """The loaded Rasa agent, or None before the model is up."""
        return getattr(self.app.ctx, "agent", None) if self.app is not None else None

    async def record(self, conversation_id: str, *events: Event) -> None:
        """Append events to the conversation (nothing before the model is loaded)."""
        agent = self.agent
        if agent is None:
            return
        async with agent.lock_store.lock(conversation_id):
            tracker = await agent.tracker_store.get_or_create_tracker(conversation_id)
            for event in events:
                tracker.update(event)
            await agent.tracker_store.save(tracker)

    async def record_once(self, conversation_id: str, texts: Dict[str, str], key: str, value: Any) -> Tuple[str, bool]:
        """Record a bot message in the buyer's language marked `{key: value}` in its metadata, unless
        the transcript holds one with that mark already. Returns the text and whether it is new."""
        from bot.language import conversation_language

        agent = self.agent
        if agent is None:
            raise RuntimeError("the Rasa agent is not loaded yet")
        async with agent.lock_store.lock(conversation_id):
            tracker = await agent.tracker_store.get_or_create_tracker(conversation_id)
            sent = next((e.text for e in tracker.events if isinstance(e, BotUttered)
                         and (e.metadata or {}).get(key) == value), None)
            if sent is not None:
                return sent, False
            text = texts[conversation_language([e.as_dict() for e in tracker.events])]
            tracker.update(BotUttered(text, metadata={key: value}))
            await agent.tracker_store.save(tracker)
        return text, True

    async def language(self, conversation_id: str) -> str:
        """The language of the buyer's latest message with words ("zh" without any)."""
        from bot.language import conversation_language

        agent = self.agent
        tracker = await agent.tracker_store.retrieve(conversation_id) if agent else None
        return conversation_language([e.as_dict() for e in tracker.events]) if tracker else "zh"

    async def events(self, conversation_id: str) -> List[Event]:
        """Every event of the conversation (empty when there is none)."""
        agent = self.agent
        if agent is None or not await agent.tracker_store.exists(conversation_id):
            return []
        tracker = await agent.tracker_store.retrieve_full_tracker(conversation_id)
        return list(tracker.events) if tracker else []

    async def paused_by_latest_message(self, conversation_id: str) -> Optional[bool]:
        """None unless the bot is paused; True when the buyer's latest message paused it (a new
        handoff), False when it was paused before (the buyer writes to a waiting or served chat)."""
        agent = self.agent
        tracker = await agent.tracker_store.retrieve(conversation_id) if agent else None
        if tracker is None or not tracker.is_paused():
            return None
        for event in reversed(tracker.events):
            if isinstance(event, UserUttered):
                return False
            if isinstance(event, ConversationPaused):
                return True
        return False

    async def resume(self, conversation_id: str,
                     closing: Optional[Callable[[str], Dict[str, Any]]] = None) -> str:
        """Give the conversation back to the bot (resume + listen), then `closing(language)` (a
        message {text, buttons}) if given; returns the buyer's language."""
        from bot.language import conversation_language

        agent = self.agent
        async with agent.lock_store.lock(conversation_id):
            tracker = await agent.tracker_store.get_or_create_tracker(conversation_id)
            language = conversation_language([e.as_dict() for e in tracker.events])
            tracker.update(ConversationResumed())
            tracker.update(ActionExecuted("action_listen"))
            if closing is not None:
                message = closing(language)
                tracker.update(BotUttered(message["text"], data={"buttons": message.get("buttons") or []}))
            await agent.tracker_store.save(tracker)
        return language
