"""What the bot offers to do before it writes anything, and whether the buyer's "yes" answers it.

A proposal (open a return on order …02, cancel order …, mark it urgent, change its address, save
the invoice) is kept in the conversation's `pending_proposal` slot, which only actions set. The
buyer's yes counts only as the answer to the question the bot asked just before it: a proposal
made before the buyer said anything else is stale and never carried out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Sequence

KINDS = frozenset({"refund", "return", "exchange", "problem", "cancel", "urge", "chase", "address", "invoice",
                   "variant"})
SLOT = "pending_proposal"


@dataclass(frozen=True)
class Proposal:
    """An action on one order the buyer has been asked to confirm."""

    kind: str
    order_id: str
    details: Dict[str, str] = field(default_factory=dict)

    def to_slot(self) -> Dict[str, Any]:
        """The slot value (plain JSON)."""
        return {"kind": self.kind, "order_id": self.order_id, "details": dict(self.details)}

    @classmethod
    def from_slot(cls, value: Any) -> Optional["Proposal"]:
        """The proposal a slot value holds, or None when it holds nothing valid."""
        if not isinstance(value, Mapping) or value.get("kind") not in KINDS:
            return None
        order_id, details = value.get("order_id"), value.get("details") or {}
        if not isinstance(order_id, str) or not order_id or not isinstance(details, Mapping):
            return None
        return cls(value["kind"], order_id, {str(k): str(v) for k, v in details.items() if v is not None})


def set_before_reply(events: Sequence[Mapping[str, Any]], name: str) -> Any:
    """The value the bot set slot `name` to after the buyer's previous message (None if it did not):
    what the buyer's latest message answers. A restart or a new session in between voids it.

    `events` are the tracker's events (plain dicts), the latest user message last among the user events."""
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if not users:
        return None
    previous = users[-2] if len(users) > 1 else -1
    value = None
    for event in events[previous + 1:users[-1]]:
        kind = event.get("event")
        if kind in ("restart", "session_started"):
            value = None
        elif kind == "slot" and event.get("name") == name:
            value = event.get("value")
    return value


def answered_proposal(events: Sequence[Mapping[str, Any]]) -> Optional[Proposal]:
    """The proposal the buyer's latest message answers: one made after their previous message."""
    return Proposal.from_slot(set_before_reply(events, SLOT))
