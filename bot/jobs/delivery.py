"""Delivery of jobs' messages through the app's socket.io hub, and starting the scheduler with the
Rasa server (the launcher calls `start` once the server is up)."""
from __future__ import annotations

from typing import Any, Dict, Tuple


class HubDelivery:
    """Sends a job's message into a widget conversation once (bot.channels.hub.Hub.say_once) and
    tells the consoles about new tickets."""

    def __init__(self, hub: Any) -> None:
        self.hub = hub

    async def send(self, conversation_id: str, texts: Dict[str, str], job_id: int) -> Tuple[str, bool]:
        """The message in the buyer's language, recorded once and shown if they are online."""
        return await self.hub.say_once(conversation_id, texts, job_id)

    async def ticket_opened(self, conversation_id: str) -> None:
        """Agents' consoles refresh their queue."""
        await self.hub.ticket_created(conversation_id)


def start(app: Any, hub: Any) -> None:
    """Run the scheduler on the server's loop at the interval of the settings."""
    from bot.clock import shop_now, shop_policy
    from bot.jobs.scheduler import Scheduler
    from bot.settings import get_settings

    settings = get_settings()
    scheduler = Scheduler(settings.database_url, HubDelivery(hub), shop_policy, shop_now)
    app.add_task(scheduler.run_forever(settings.jobs_interval_seconds))
