"""The job store: one job per key, one winner per claim (also from two sessions at once on one
SQLite file), stale claims taken again, and the scheduler's first moment kept across restarts."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.jobs import store
from bot.shop.db import session_scope
from bot.shop.models import ScheduledJob
from tests.unit.jobs_helpers import SEEDED, fresh_shop

NOW = SEEDED + timedelta(hours=1)


def _plan(url, key="unpaid_reminder:1", due=NOW):
    with session_scope(url) as s:
        return store.plan(s, key, "unpaid_reminder", "1", due, NOW)


def test_planning_twice_makes_one_job_and_the_database_refuses_a_second(tmp_path):
    url = fresh_shop(tmp_path)
    assert _plan(url) is True
    assert _plan(url) is False
    with session_scope(url) as s:
        assert s.scalar(select(func.count()).select_from(ScheduledJob)) == 1
    with pytest.raises(IntegrityError):
        with session_scope(url) as s:
            s.add(ScheduledJob(key="unpaid_reminder:1", kind="unpaid_reminder", subject="1", state="pending",
                               due_at=NOW, created_at=NOW, attempts=0, outcome=""))


def test_a_job_is_claimed_once_only_when_due(tmp_path):
    url = fresh_shop(tmp_path)
    _plan(url, due=NOW + timedelta(minutes=10))
    with session_scope(url) as s:
        job_id = s.scalar(select(ScheduledJob.id))
        assert store.due(s, NOW) == [] and not store.claim(s, job_id, "a", NOW)
    later = NOW + timedelta(minutes=10)
    with session_scope(url) as s:
        assert store.due(s, later) == [job_id]
        assert store.claim(s, job_id, "a", later)
    with session_scope(url) as s:
        assert not store.claim(s, job_id, "b", later)
        assert store.due(s, later) == []
        assert not store.finish(s, job_id, "b", later, "done", "not b's to finish")
        assert store.finish(s, job_id, "a", later, "done", "sent")
    with session_scope(url) as s:
        job = s.get(ScheduledJob, job_id)
        assert (job.state, job.claimed_by, job.attempts) == ("done", "a", 1)


def test_two_workers_claiming_at_the_same_moment_on_one_sqlite_file_one_wins(tmp_path):
    url = fresh_shop(tmp_path)
    for number in range(10):
        _plan(url, key=f"unpaid_reminder:{number}")
    with session_scope(url) as s:
        ids = list(s.scalars(select(ScheduledJob.id)))
    wins = {"a": [], "b": []}
    barrier = threading.Barrier(2)

    def worker(name):
        for job_id in ids:
            barrier.wait()
            with session_scope(url) as s:
                if store.claim(s, job_id, name, NOW):
                    wins[name].append(job_id)

    threads = [threading.Thread(target=worker, args=(name,)) for name in wins]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins["a"] + wins["b"]) == sorted(ids)  # every job claimed, none twice
    with session_scope(url) as s:
        assert set(s.scalars(select(ScheduledJob.attempts))) == {1}


def test_a_stale_claim_of_a_crashed_worker_is_taken_again(tmp_path):
    url = fresh_shop(tmp_path)
    _plan(url)
    with session_scope(url) as s:
        job_id = s.scalar(select(ScheduledJob.id))
        assert store.claim(s, job_id, "crashed", NOW)
    soon = NOW + store.STALE_AFTER - timedelta(seconds=1)
    with session_scope(url) as s:
        assert store.due(s, soon) == [] and not store.claim(s, job_id, "b", soon)
    stale = NOW + store.STALE_AFTER + timedelta(seconds=1)
    with session_scope(url) as s:
        assert store.due(s, stale) == [job_id]
        assert store.claim(s, job_id, "b", stale)
    with session_scope(url) as s:
        assert not store.finish(s, job_id, "crashed", stale, "done", "too late: b has it")
        job = s.get(ScheduledJob, job_id)
        assert (job.state, job.claimed_by, job.attempts) == ("running", "b", 2)


def test_errors_are_retried_then_the_job_fails(tmp_path):
    url = fresh_shop(tmp_path)
    _plan(url)
    now = NOW
    for attempt in range(1, store.MAX_ATTEMPTS + 1):
        with session_scope(url) as s:
            job_id = s.scalar(select(ScheduledJob.id))
            assert store.claim(s, job_id, "a", now), attempt
            store.failed_attempt(s, job_id, "a", now, "boom")
        now += store.RETRY_AFTER
    with session_scope(url) as s:
        job = s.get(ScheduledJob, job_id)
        assert (job.state, job.attempts) == ("failed", store.MAX_ATTEMPTS) and "boom" in job.outcome


def test_the_first_moment_of_the_scheduler_is_kept(tmp_path):
    url = fresh_shop(tmp_path)
    with session_scope(url) as s:
        assert store.since(s, NOW) == NOW
    with session_scope(url) as s:
        assert store.since(s, NOW + timedelta(days=1)) == NOW
