"""The console's socket.io side (namespace bot.channels.hub.STAFF): who may connect and watch a
chat, each open console's presence in the shop database (bot.service.presence), and the sweep
that drops consoles whose staff session ended and refreshes the presence of the others."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional, Set, Tuple

from bot.channels import hub as live
from bot.channels.hub import Hub
from bot.clock import shop_now
from bot.service import handoff, presence
from bot.service.agents import find_agent
from bot.shop.db import unit_of_work
from bot.shop.models import HandoffTicket
from bot.staff import login_guard as guard
from bot.staff import sessions
from bot.staff.auth import StaffAuth

logger = logging.getLogger(__name__)
SWEEP_SECONDS = 30  # also the presence heartbeat: well inside presence.STALE_AFTER
PRUNE_EVERY_SWEEPS = 120  # about once an hour


class ConsoleSockets:
    """Registers the console's handlers on the hub's socket.io server."""

    def __init__(self, hub: Hub, auth: StaffAuth) -> None:
        self.hub, self.auth = hub, auth
        sio = hub.sio
        sio.on("connect", namespace=live.STAFF)(self._connect)
        sio.on("disconnect", namespace=live.STAFF)(self._disconnect)
        sio.on(live.WATCH, namespace=live.STAFF)(self._watch)

    async def _connect(self, sid: str, environ: Dict, auth: Any = None) -> bool:
        staff = self.auth.socket_staff(environ)
        if staff is None:
            return False
        sio = self.hub.sio
        await sio.save_session(sid, {"agent": staff.agent.username, "role": staff.agent.role,
                                     "staff_session": staff.session_id}, namespace=live.STAFF)
        await sio.enter_room(sid, live.AGENTS_ROOM, namespace=live.STAFF)
        with unit_of_work() as s:
            presence.console_opened(s, staff.agent.id, sid, presence.process_name(), shop_now())
        return True

    async def _disconnect(self, sid: str, reason: Any = None) -> None:
        with unit_of_work() as s:
            presence.console_closed(s, sid)

    async def _watch(self, sid: str, data: Any) -> None:
        """Follow a chat's live buyer messages: only the agent serving it, and admins."""
        sio = self.hub.sio
        session = await sio.get_session(sid, namespace=live.STAFF)
        ticket_id = data.get("ticket_id") if isinstance(data, dict) else None
        with unit_of_work() as s:
            alive = sessions.live_ids(s, [session.get("staff_session", 0)], shop_now())
            ticket = s.get(HandoffTicket, int(ticket_id)) if str(ticket_id).isdigit() else None
            agent = find_agent(s, session.get("agent"))
            allowed = bool(alive and ticket and agent and handoff.may_watch(ticket, agent))
        if not alive:
            await sio.disconnect(sid, namespace=live.STAFF)
        elif allowed:
            await sio.enter_room(sid, live.watch_room(ticket.conversation_id), namespace=live.STAFF)

    async def sweep_forever(self) -> None:
        """Every 30 s: disconnect consoles whose session ended (logout elsewhere, password change,
        deactivation, expiry) and refresh the presence of the others; about hourly, forget old
        login attempts, sessions and presence rows."""
        rounds = 0
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            rounds += 1
            try:
                await self.disconnect_sessions(None)
                self.heartbeat()
                if rounds % PRUNE_EVERY_SWEEPS == 1:
                    with unit_of_work() as s:
                        guard.prune(s, shop_now())
                        sessions.prune(s, shop_now())
                        presence.prune(s, shop_now())
            except Exception:  # noqa: BLE001 - the loop must survive a bad round
                logger.exception("console sweep failed")

    def heartbeat(self) -> None:
        """This process's open consoles are still there: their presence rows are refreshed."""
        connected = [sid for sid, _ in self.hub.sio.manager.get_participants(live.STAFF, live.AGENTS_ROOM)]
        with unit_of_work() as s:
            presence.consoles_seen(s, connected, shop_now())

    def forget_process(self) -> None:
        """The server stops: its consoles no longer count as agents online."""
        with unit_of_work() as s:
            presence.process_stopped(s, presence.process_name())

    async def disconnect_sessions(self, ended: Optional[Set[int]]) -> None:
        """Disconnect this process's console sockets of the `ended` sessions (None: of every
        session that is no longer live)."""
        sio = self.hub.sio
        sockets: List[Tuple[str, int]] = []
        for sid, _ in list(sio.manager.get_participants(live.STAFF, live.AGENTS_ROOM)):
            session = await sio.get_session(sid, namespace=live.STAFF)
            sockets.append((sid, int(session.get("staff_session", 0))))
        if ended is None:
            with unit_of_work() as s:
                alive = sessions.live_ids(s, sorted({staff for _, staff in sockets}), shop_now())
            ended = {staff for _, staff in sockets if staff not in alive}
        for sid, staff in sockets:
            if staff in ended:
                await sio.disconnect(sid, namespace=live.STAFF)

    async def session_ended(self, session_id: int) -> None:
        """A logout: its consoles here go at once (elsewhere within a sweep)."""
        await self.disconnect_sessions({session_id})
