"""The console's side panel: the buyer's orders with what the chat agreed and the scheduler sent,
notes on orders, and the shared canned replies (快捷短语)."""
from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.clock import shop_now
from bot.jobs import store as jobs
from bot.service import handoff, verification
from bot.shop import quotes
from bot.shop import repositories as repo
from bot.shop.db import unit_of_work
from bot.staff.auth import json_reply
from bot.staff.console.context import API, Console, body_text
from bot.staff.console.views import order_view, quote_view
from bot.staff.sessions import Staff
from bot.staff.web import staff_only

NOTE_MAX_CHARS = 500


def add_order_routes(blueprint: Blueprint, console: Console) -> None:
    """GET the ticket's orders, POST a note on an order, and the canned replies."""
    guarded = staff_only(console.auth)

    @guarded
    async def orders(request: Request, staff: Staff, ticket_id: int) -> HTTPResponse:
        ticket, error = console.ticket_for(staff.agent, ticket_id)
        if error:
            return error
        with unit_of_work() as s:
            found = repo.orders_of_buyer(s, ticket.buyer_id) if ticket.buyer_id else []
            if not found and ticket.order_id:
                found = [o for o in [repo.get_order(s, ticket.order_id)] if o]
            attempts = verification.attempts_view(s, ticket.conversation_id, shop_now())
            agreed = quotes.quotes_of(s, ticket.conversation_id, ticket.buyer_id)
            proactive = jobs.messages_for(s, ticket.buyer_id, ticket.conversation_id)
            return json_reply({"orders": [order_view(o) for o in found], "verification": attempts,
                               "quotes": [quote_view(q) for q in agreed],
                               "proactive": [jobs.message_view(j) for j in proactive]})

    @guarded
    async def note(request: Request, staff: Staff, order_id: str) -> HTTPResponse:
        text = body_text(request)
        if not text:
            return json_reply({"error": "text is required"}, 400)
        with unit_of_work() as s:
            order = repo.get_order(s, order_id)
            if order is None:
                return json_reply({"error": "no such order"}, 404)
            if staff.agent.role != "admin" and not handoff.serves_order(s, staff.agent, order):
                return json_reply({"error": "this order is not in one of your chats"}, 403)
            repo.append_note(order, staff.agent.display_name, text[:NOTE_MAX_CHARS], shop_now())
            return json_reply({"notes": order.notes})

    @guarded
    async def canned(request: Request, staff: Staff) -> HTTPResponse:
        with unit_of_work() as s:
            if request.method == "POST":
                text = body_text(request)
                if not text:
                    return json_reply({"error": "text is required"}, 400)
                handoff.add_canned_reply(s, text, staff.agent, shop_now())
            return json_reply({"canned": [{"id": c.id, "text": c.text} for c in handoff.canned_replies(s)]})

    @guarded
    async def canned_delete(request: Request, staff: Staff, canned_id: int) -> HTTPResponse:
        with unit_of_work() as s:
            handoff.delete_canned_reply(s, canned_id)
        return json_reply({})

    blueprint.add_route(orders, f"{API}/tickets/<ticket_id:int>/orders", methods=["GET"], name="console_orders")
    blueprint.add_route(note, f"{API}/orders/<order_id>/notes", methods=["POST"], name="console_note")
    blueprint.add_route(canned, f"{API}/canned", methods=["GET", "POST"], name="console_canned")
    blueprint.add_route(canned_delete, f"{API}/canned/<canned_id:int>", methods=["DELETE"], name="console_canned_delete")
