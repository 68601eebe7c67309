"""Which part of a conversation an agent may read for one of its tickets.

A conversation can be handed to people several times: ticket A (小美), back to the bot, later
ticket B (小李). Each ticket owns the messages from the buyer message that opened it up to the
buyer message that opened the next ticket (or the end). Its agent also sees up to
CONTEXT_MESSAGES messages before that, but never what came before the previous ticket was
closed. So 小美 no longer reads anything from B's opening message on, and 小李 sees what the buyer
told the bot since A was closed, but not 小美's chat. Admins read everything (the caller decides).

Plain functions of message times (unix seconds) and ticket times; nothing of Rasa here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

CONTEXT_MESSAGES = 10


@dataclass(frozen=True)
class TicketTimes:
    """When a ticket was opened and closed (unix seconds; closed None while open)."""

    opened: float
    closed: Optional[float] = None


def _first_after(times: Sequence[float], moment: float, floor: int = 0) -> int:
    """Index of the first message from `floor` on that is later than `moment` (len if none)."""
    return next((index for index in range(floor, len(times)) if times[index] > moment), len(times))


def _start(times: Sequence[float], from_buyer: Sequence[bool], floor: int, opened: float) -> int:
    """Index of the buyer message that opened a ticket: the last one at or before `opened` (not
    before `floor`); else the first message after `opened`."""
    opening = [index for index in range(floor, len(times)) if from_buyer[index] and times[index] <= opened]
    return opening[-1] if opening else _first_after(times, opened, floor)


def parts(times: Sequence[float], from_buyer: Sequence[bool], tickets: Sequence[TicketTimes],
          context: int = CONTEXT_MESSAGES) -> List[Tuple[int, int]]:
    """For each ticket (in the order opened), the [first, end) indices of the messages its agent
    may read. `times` are the messages' times in order, `from_buyer` which ones the buyer sent."""
    floors, starts = [], []
    for number, ticket in enumerate(tickets):
        floor = 0
        if number:
            previous = tickets[number - 1]
            floor = starts[-1]
            if previous.closed is not None:
                floor = _first_after(times, previous.closed, floor)
        floors.append(floor)
        starts.append(_start(times, from_buyer, floor, ticket.opened))
    ends = starts[1:] + [len(times)]
    return [(max(floor, start - context), max(start, end)) for floor, start, end in zip(floors, starts, ends)]


def visible_part(times: Sequence[float], from_buyer: Sequence[bool], tickets: Sequence[TicketTimes], which: int,
                 context: int = CONTEXT_MESSAGES) -> Tuple[int, int]:
    """The [first, end) indices of the messages the agent of ticket number `which` may read."""
    return parts(times, from_buyer, tickets, context)[which]
