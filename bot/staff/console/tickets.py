"""The console's ticket routes: the queue, claim, transcript, live reply, return to the bot, close."""
from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import hub as live
from bot.channels.history import messages
from bot.clock import shop_now
from bot.service import handoff
from bot.shop.db import unit_of_work
from bot.shop.models import HandoffTicket
from bot.staff.auth import json_reply
from bot.staff.console.context import API, Console, body_text
from bot.staff.console.views import rating_message, ticket_part
from bot.staff.sessions import Staff
from bot.staff.web import staff_only

STATES = ("waiting", "active", "closed")


def add_ticket_routes(blueprint: Blueprint, console: Console) -> None:
    """GET /tickets, and claim, transcript, reply, return, close of one ticket."""
    hub, guarded = console.hub, staff_only(console.auth)

    @guarded
    async def tickets(request: Request, staff: Staff) -> HTTPResponse:
        state = request.args.get("state", "waiting")
        if state not in STATES:
            return json_reply({"error": "state must be waiting, active or closed"}, 400)
        now = shop_now()
        with unit_of_work() as s:
            return json_reply({"tickets": [handoff.ticket_view(s, t, now) for t in handoff.queue(s, state, staff.agent)]})

    @guarded
    async def claim(request: Request, staff: Staff, ticket_id: int) -> HTTPResponse:
        ticket, error = console.ticket_for(staff.agent, ticket_id, must_read=False)
        if error:
            return error
        now = shop_now()
        with unit_of_work() as s:
            if not handoff.claim(s, ticket_id, staff.agent, now):
                return json_reply({"error": "another agent claimed this chat"}, 409)
        with unit_of_work() as s:
            view = handoff.ticket_view(s, s.get(HandoffTicket, ticket_id), now)
        await hub.stop_watching(ticket.conversation_id)
        await hub.agent_notice(ticket.conversation_id, "joined", staff.agent.display_name)
        await hub.ticket_updated(view)
        return json_reply({"ticket": view})

    @guarded
    async def transcript(request: Request, staff: Staff, ticket_id: int) -> HTTPResponse:
        ticket, error = console.ticket_for(staff.agent, ticket_id)
        if error:
            return error
        events = await hub.transcripts.events(ticket.conversation_id)
        if staff.agent.role != "admin":
            with unit_of_work() as s:
                events = ticket_part(events, handoff.tickets_of_conversation(s, ticket.conversation_id), ticket.id)
        return json_reply({"messages": messages(events, notices=False)})

    @guarded
    async def reply(request: Request, staff: Staff, ticket_id: int) -> HTTPResponse:
        ticket, error = console.ticket_for(staff.agent, ticket_id)
        if error:
            return error
        text = body_text(request)
        if not text or ticket.state != "active":
            return json_reply({"error": "an active chat and a text are required"}, 400)
        if len(text) > live.MAX_AGENT_CHARS:
            return json_reply({"error": f"回复太长（{len(text)} 字），一条最多 {live.MAX_AGENT_CHARS} 字，请分几条发送"}, 400)
        await hub.agent_message(ticket.conversation_id, text, staff.agent.display_name)
        return json_reply({"message": {"sender": "agent", "text": text, "name": staff.agent.display_name}})

    async def end(staff: Staff, ticket_id: int, ask_rating: bool) -> HTTPResponse:
        ticket, error = console.ticket_for(staff.agent, ticket_id)
        if error:
            return error
        if ticket.state != "active":
            return json_reply({"error": "this chat is not being served"}, 409)
        now = shop_now()
        with unit_of_work() as s:
            stored = s.get(HandoffTicket, ticket_id)
            (handoff.close if ask_rating else handoff.return_to_bot)(s, stored, now)
            s.flush()
            view = handoff.ticket_view(s, stored, now)
        await hub.agent_notice(ticket.conversation_id, "left", staff.agent.display_name)
        language = await hub.transcripts.resume(ticket.conversation_id, rating_message if ask_rating else None)
        await hub.stop_watching(ticket.conversation_id)
        if ask_rating:
            await hub.to_buyer(ticket.conversation_id, live.BOT_UTTERED, rating_message(language))
        await hub.ticket_updated(view)
        return json_reply({"ticket": view})

    @guarded
    async def return_to_bot(request: Request, staff: Staff, ticket_id: int) -> HTTPResponse:
        return await end(staff, ticket_id, ask_rating=False)

    @guarded
    async def close(request: Request, staff: Staff, ticket_id: int) -> HTTPResponse:
        return await end(staff, ticket_id, ask_rating=True)

    one = f"{API}/tickets/<ticket_id:int>"
    for handler, uri, method in ((tickets, f"{API}/tickets", "GET"), (claim, f"{one}/claim", "POST"),
                                 (transcript, f"{one}/transcript", "GET"), (reply, f"{one}/reply", "POST"),
                                 (return_to_bot, f"{one}/return", "POST"), (close, f"{one}/close", "POST")):
        blueprint.add_route(handler, uri, methods=[method], name=f"console_{handler.__name__}")
