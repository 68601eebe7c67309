"""The job store: plan a job once per key, claim it with one conditional UPDATE, finish it.

Every function takes the caller's session and never commits: the caller's unit of work
(bot.shop.db.session_scope) is the transaction. A claim is won by exactly one worker, because
the UPDATE only matches a pending row (or a running one whose claim went stale) and the
database applies concurrent UPDATEs of one row one after the other.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import List, Optional

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.clock import shop_iso
from bot.shop.models import Buyer, ScheduledJob, SchedulerMark

STALE_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=2)
SINCE = "since"
OPEN_STATES = ("pending", "running")


def since(s: Session, now: datetime) -> datetime:
    """When the scheduler first ran on this shop (recorded as `now` on the first call)."""
    mark = s.get(SchedulerMark, SINCE)
    if mark is not None:
        return mark.at
    s.add(SchedulerMark(name=SINCE, at=now))  # two servers at once: one unit of work fails, retried
    s.flush()
    return now


def plan(s: Session, key: str, kind: str, subject: str, due_at: datetime, now: datetime,
         buyer_id: Optional[int] = None, expires_at: Optional[datetime] = None) -> bool:
    """Create the job `key` unless it exists already; True if this call created it. The key is
    unique in the database: a second server planning it at the same moment gets IntegrityError
    and its unit of work rolls back (its next round finds the job), so there is never a second."""
    if s.scalar(select(ScheduledJob.id).where(ScheduledJob.key == key)) is not None:
        return False
    s.add(ScheduledJob(key=key, kind=kind, subject=subject, buyer_id=buyer_id, state="pending",
                       due_at=due_at, expires_at=expires_at, attempts=0, created_at=now, outcome=""))
    s.flush()
    return True


def planned_keys(s: Session, keys: List[str]) -> set:
    """Which of `keys` exist already (one query for a batch of candidates)."""
    if not keys:
        return set()
    return set(s.scalars(select(ScheduledJob.key).where(ScheduledJob.key.in_(keys))))


def due(s: Session, now: datetime, limit: int = 50) -> List[int]:
    """Ids of jobs to run now: pending and due, or running with a stale claim; oldest first."""
    stale = now - STALE_AFTER
    query = (select(ScheduledJob.id)
             .where(or_((ScheduledJob.state == "pending") & (ScheduledJob.due_at <= now),
                        (ScheduledJob.state == "running") & (ScheduledJob.claimed_at < stale)))
             .order_by(ScheduledJob.due_at, ScheduledJob.id).limit(limit))
    return list(s.scalars(query))


def claim(s: Session, job_id: int, worker: str, now: datetime) -> bool:
    """Take the job for `worker`; False when it is not due or another worker holds a live claim."""
    stale = now - STALE_AFTER
    result = s.execute(
        update(ScheduledJob)
        .where(ScheduledJob.id == job_id,
               or_((ScheduledJob.state == "pending") & (ScheduledJob.due_at <= now),
                   (ScheduledJob.state == "running") & (ScheduledJob.claimed_at < stale)))
        .values(state="running", claimed_by=worker, claimed_at=now, attempts=ScheduledJob.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _settle(s: Session, job_id: int, worker: str, **values) -> bool:
    result = s.execute(
        update(ScheduledJob)
        .where(ScheduledJob.id == job_id, ScheduledJob.state == "running", ScheduledJob.claimed_by == worker)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def finish(s: Session, job_id: int, worker: str, now: datetime, state: str, outcome: str,
           conversation_id: Optional[str] = None, text: Optional[str] = None) -> bool:
    """End `worker`'s claim: `done` (what was sent, to which conversation) or `skipped`; False
    if the claim was lost (went stale and another worker took the job)."""
    if state not in ("done", "skipped", "failed", "held"):
        raise ValueError(f"a job finishes done, skipped, failed or held, not {state!r}")
    return _settle(s, job_id, worker, state=state, finished_at=now, outcome=outcome[:200],
                   conversation_id=conversation_id, text=text)


def postpone(s: Session, job_id: int, worker: str, due_at: datetime, outcome: str) -> bool:
    """Give the job back as pending, due at `due_at` (quiet hours: the morning)."""
    return _settle(s, job_id, worker, state="pending", due_at=due_at, claimed_by=None, claimed_at=None,
                   outcome=outcome[:200])


def wake(s: Session, buyer_nick: str, now: datetime) -> int:
    """The buyer opened the widget: their held jobs are due now (the scheduler's next round sends
    them into the chat just opened); how many."""
    buyer_id = select(Buyer.id).where(Buyer.nick == buyer_nick).scalar_subquery()
    result = s.execute(
        update(ScheduledJob).where(ScheduledJob.state == "held", ScheduledJob.buyer_id == buyer_id)
        .values(state="pending", due_at=now, claimed_by=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def failed_attempt(s: Session, job_id: int, worker: str, now: datetime, error: str) -> bool:
    """An attempt raised: retried a little later, `failed` after MAX_ATTEMPTS."""
    job = s.get(ScheduledJob, job_id)
    if job is not None and job.attempts >= MAX_ATTEMPTS:
        return finish(s, job_id, worker, now, "failed", f"error: {error}")
    return postpone(s, job_id, worker, now + RETRY_AFTER, f"error: {error}")


def messages_for(s: Session, buyer_id: Optional[int], conversation_id: str, limit: int = 50) -> List[ScheduledJob]:
    """Proactive messages (not ticket follow-ups) for a buyer or, anonymous, for one conversation:
    upcoming, sent and skipped, the latest due first."""
    whose = ScheduledJob.conversation_id == conversation_id
    if buyer_id is not None:
        whose = or_(whose, ScheduledJob.buyer_id == buyer_id)
    return list(s.scalars(select(ScheduledJob).where(whose, ScheduledJob.kind != "low_rating")
                          .order_by(ScheduledJob.due_at.desc(), ScheduledJob.id.desc()).limit(limit)))


def message_view(job: ScheduledJob) -> dict:
    """A job as the agent console lists it."""
    return {"id": job.id, "kind": job.kind, "subject": job.subject, "state": job.state,
            "due_at": shop_iso(job.due_at, "minutes"),
            "sent_at": shop_iso(job.finished_at, "minutes") if job.state == "done" else None,
            "text": job.text or "", "outcome": job.outcome}
