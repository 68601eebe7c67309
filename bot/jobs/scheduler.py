"""The scheduler: every `XIAOER_JOBS_INTERVAL_SECONDS` it plans new jobs and runs the due ones.

Each job runs in three units of work: claim (committed before any slow work, so another server
sees it taken), prepare (the kind decides and writes what it does in the shop) and finish. A
message is delivered between prepare and finish by a `Delivery` that skips it when the
conversation already holds the job's message: a crash after sending and before finishing leaves
a stale claim, the job is taken again after `store.STALE_AFTER`, and the buyer still gets it once.
"""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from datetime import datetime
from typing import Callable, Dict, Optional, Protocol, Tuple

from sqlalchemy.exc import IntegrityError

from bot.jobs import late_parcel, low_rating, queue_follow_up, store, unpaid_reminder
from bot.jobs.step import Step
from bot.policy import ShopPolicy, send_time
from bot.shop.db import session_scope
from bot.shop.models import ScheduledJob

logger = logging.getLogger(__name__)
KIND_MODULES = (unpaid_reminder, late_parcel, low_rating, queue_follow_up)
KINDS = {kind: module for module in KIND_MODULES for kind in module.KINDS}


class Delivery(Protocol):
    """How jobs reach buyers and agents (the widget channel in the server, a fake in tests)."""

    async def send(self, conversation_id: str, texts: Dict[str, str], job_id: int) -> Tuple[str, bool]:
        """Record the message in the conversation unless it holds job `job_id`'s already, show it
        if the buyer is online; (the text in the buyer's language, shown live)."""

    async def ticket_opened(self, conversation_id: str) -> None:
        """Tell the agents' consoles a ticket joined the queue."""


def worker_name() -> str:
    """This process's name in claims: host, pid and a random part."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Scheduler:
    """Plans and runs the shop's jobs against one database."""

    def __init__(self, url: str, delivery: Delivery, policy: Callable[[], ShopPolicy],
                 clock: Callable[[], datetime], worker: Optional[str] = None) -> None:
        self.url, self.delivery, self.policy, self.clock = url, delivery, policy, clock
        self.worker = worker or worker_name()

    async def run_forever(self, interval_seconds: int) -> None:
        """Tick every `interval_seconds`; a failed round is logged and the next one runs."""
        while True:
            try:
                await self.tick()
            except Exception:  # noqa: BLE001 - the loop must survive a bad round
                logger.exception("scheduled jobs: round failed")
            await asyncio.sleep(interval_seconds)

    async def tick(self) -> int:
        """Plan, then run every due job this worker can claim; how many it ran."""
        now = self.clock()
        try:
            self.plan(now)
        except IntegrityError:  # another server planned the same job at this moment: it has it
            logger.info("scheduled jobs: planned concurrently by another server; running the due ones")
        with session_scope(self.url) as s:
            due = store.due(s, now)
        ran = 0
        for job_id in due:
            ran += await self.run(job_id, self.clock())
        return ran

    def plan(self, now: datetime) -> int:
        """Let every kind plan its jobs (one unit of work); how many were created."""
        policy = self.policy()
        with session_scope(self.url) as s:
            since = store.since(s, now)
            return sum(module.plan(s, policy, now, since) for module in KIND_MODULES)

    async def run(self, job_id: int, now: datetime) -> bool:
        """Claim, prepare, deliver and finish one job; False if another worker has it."""
        with session_scope(self.url) as s:
            if not store.claim(s, job_id, self.worker, now):
                return False
        try:
            with session_scope(self.url) as s:
                job = s.get(ScheduledJob, job_id)
                step = self._prepare(s, job, now)
                if step.action != "send":
                    self._settle(s, job, step, now)
            if step.action == "send":
                text, live = await self.delivery.send(step.conversation_id, step.texts, job_id)
                outcome = f"{step.outcome}; {'shown live' if live else 'recorded in the chat'}"
                with session_scope(self.url) as s:
                    store.finish(s, job_id, self.worker, self.clock(), "done", outcome, step.conversation_id, text)
            if step.new_ticket:
                await self.delivery.ticket_opened(step.new_ticket)
        except Exception as error:  # noqa: BLE001 - retried later, failed after store.MAX_ATTEMPTS
            logger.exception("scheduled job %s failed", job_id)
            with session_scope(self.url) as s:
                store.failed_attempt(s, job_id, self.worker, self.clock(), f"{type(error).__name__}: {error}")
        return True

    def _prepare(self, s, job: ScheduledJob, now: datetime) -> Step:
        policy, module = self.policy(), KINDS[job.kind]
        if job.expires_at is not None and now > job.expires_at:
            return Step("skip", "expired: not sent in time")
        if module.MESSAGES:
            allowed = send_time(policy, now)
            if allowed > now:
                return Step("later", "quiet hours", due_at=allowed)
        return module.prepare(s, job, policy, now)

    def _settle(self, s, job: ScheduledJob, step: Step, now: datetime) -> None:
        if step.action == "later":
            if job.expires_at is not None:
                job.expires_at = max(job.expires_at, step.due_at + (job.expires_at - job.due_at))
            store.postpone(s, job.id, self.worker, step.due_at, step.outcome)
        else:
            state = {"done": "done", "hold": "held"}.get(step.action, "skipped")
            store.finish(s, job.id, self.worker, now, state, step.outcome)
