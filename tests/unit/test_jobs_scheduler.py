"""The scheduler with the real job kinds on a seeded shop: 催付 once, never at night, never once
paid or cancelled, nothing lost or sent twice across a crash and restart."""
import threading
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.jobs import store
from bot.policy import TimeWindow, send_time
from bot.shop.db import session_scope
from bot.shop.models import HandoffTicket, Order, ScheduledJob
from tests.unit.test_staff_security import run_in_own_loop
from tests.unit.jobs_helpers import SEEDED, Clock, Crash, FakeDelivery, fresh_shop, job, place_order, policy, scheduler

START = SEEDED + timedelta(hours=1)  # 10:00, the scheduler's first round
AFTER = timedelta(minutes=30)


def tick(s):
    """One round of the scheduler (in a loop of its own: the browser tests keep one in this thread)."""
    return run_in_own_loop(s.tick())


def test_an_unpaid_order_gets_one_gentle_reminder_after_the_delay(tmp_path):
    url, clock, delivery = fresh_shop(tmp_path), Clock(START), FakeDelivery()
    jobs = scheduler(url, delivery, clock)
    tick(jobs)  # the scheduler starts: the seeded unpaid orders (placed before) get nothing
    order_id, chat = place_order(url, clock.advance(minutes=5))
    tick(jobs)
    assert delivery.messages() == [] and job(url, f"unpaid_reminder:{order_id}").state == "pending"
    clock.advance(minutes=29)
    tick(jobs)
    assert delivery.messages() == []
    clock.advance(minutes=1)
    for _ in range(3):
        tick(jobs)
        clock.advance(minutes=10)
    assert len(delivery.chats[chat]) == 1
    text = delivery.chats[chat][0][1]
    assert order_id in text and "方便的时候付款" in text and "小二优选" in text
    assert not any(word in text for word in ("赶紧", "马上关闭", "最后", "抓紧", "限时"))  # never pushy
    done = job(url, f"unpaid_reminder:{order_id}")
    assert (done.state, done.conversation_id, done.text) == ("done", chat, text)
    with session_scope(url) as s:
        reminded = set(s.scalars(select(ScheduledJob.subject).where(ScheduledJob.kind == "unpaid_reminder")))
    assert reminded == {order_id}  # showcase order 1001202611000005 (unpaid since before) got none


def test_paid_or_cancelled_orders_get_no_reminder(tmp_path):
    url, clock, delivery = fresh_shop(tmp_path), Clock(START), FakeDelivery()
    jobs = scheduler(url, delivery, clock)
    tick(jobs)
    paid_later, _ = place_order(url, clock.now)
    cancelled, _ = place_order(url, clock.now, state="cancelled")
    already_paid, _ = place_order(url, clock.now, state="paid")
    tick(jobs)
    with session_scope(url) as s:
        s.get(Order, paid_later).state = "paid"  # paid before the reminder was due
    clock.advance(minutes=31)
    tick(jobs)
    assert delivery.messages() == []
    assert job(url, f"unpaid_reminder:{paid_later}").state == "skipped"
    assert job(url, f"unpaid_reminder:{cancelled}") is None and job(url, f"unpaid_reminder:{already_paid}") is None


def test_no_reminder_at_night_it_goes_out_in_the_morning(tmp_path):
    url, clock, delivery = fresh_shop(tmp_path), Clock(datetime(2026, 11, 18, 21, 0)), FakeDelivery()
    jobs = scheduler(url, delivery, clock)
    tick(jobs)
    order_id, chat = place_order(url, clock.advance(minutes=50))  # 21:50, due 22:20
    for minutes in (30, 60, 300):  # 22:20, 23:20, 04:20
        clock.advance(minutes=minutes)
        tick(jobs)
        assert delivery.messages() == [], clock.now
    waiting = job(url, f"unpaid_reminder:{order_id}")
    assert (waiting.state, waiting.due_at) == ("pending", datetime(2026, 11, 19, 8, 0))
    clock.now = datetime(2026, 11, 19, 8, 0)
    tick(jobs)
    assert len(delivery.chats[chat]) == 1


def test_quiet_hours_across_midnight_and_within_a_day():
    night = policy()
    assert send_time(night, datetime(2026, 11, 18, 22, 0)) == datetime(2026, 11, 19, 8, 0)
    assert send_time(night, datetime(2026, 11, 19, 7, 59)) == datetime(2026, 11, 19, 8, 0)
    assert send_time(night, datetime(2026, 11, 19, 8, 0)) == datetime(2026, 11, 19, 8, 0)
    assert send_time(night, datetime(2026, 11, 18, 21, 59)) == datetime(2026, 11, 18, 21, 59)
    lunch = policy(quiet_hours=TimeWindow(start=datetime(1, 1, 1, 12).time(), end=datetime(1, 1, 1, 14).time()))
    assert send_time(lunch, datetime(2026, 11, 18, 13, 0)) == datetime(2026, 11, 18, 14, 0)
    assert send_time(policy(quiet_hours=None), datetime(2026, 11, 18, 3, 0)) == datetime(2026, 11, 18, 3, 0)


def test_turned_off_in_the_policy_no_reminder_is_planned_or_sent(tmp_path):
    url, clock, delivery = fresh_shop(tmp_path), Clock(START), FakeDelivery()
    on = scheduler(url, delivery, clock)
    tick(on)
    planned_before, _ = place_order(url, clock.now)
    tick(on)
    off = scheduler(url, delivery, clock, policy(unpaid_reminder=False))
    placed_after, _ = place_order(url, clock.now)
    clock.advance(minutes=31)
    tick(off)
    assert delivery.messages() == []
    assert job(url, f"unpaid_reminder:{planned_before}").state == "skipped"
    assert job(url, f"unpaid_reminder:{placed_after}") is None


def test_a_restart_between_due_and_sent_loses_nothing(tmp_path):
    url, clock, delivery = fresh_shop(tmp_path), Clock(START), FakeDelivery()
    tick(scheduler(url, delivery, clock, worker="first"))
    order_id, chat = place_order(url, clock.now)
    clock.advance(minutes=31)
    delivery.crash = "before"  # the server dies after claiming the due reminder
    try:
        tick(scheduler(url, delivery, clock, worker="first"))
    except Crash:
        pass
    assert job(url, f"unpaid_reminder:{order_id}").state == "running" and delivery.messages() == []
    delivery.crash = None
    restarted = scheduler(url, delivery, clock, worker="second")  # back up within a minute
    clock.advance(minutes=1)
    tick(restarted)
    assert delivery.messages() == []  # the claim is not stale yet
    clock.advance(minutes=5)
    tick(restarted)
    assert len(delivery.chats[chat]) == 1
    assert job(url, f"unpaid_reminder:{order_id}").state == "done"


def test_a_crash_after_sending_never_sends_twice(tmp_path):
    url, clock, delivery = fresh_shop(tmp_path), Clock(START), FakeDelivery()
    tick(scheduler(url, delivery, clock))
    order_id, chat = place_order(url, clock.now)
    clock.advance(minutes=31)
    delivery.crash = "after"  # recorded in the chat, then the server dies before marking it done
    try:
        tick(scheduler(url, delivery, clock, worker="first"))
    except Crash:
        pass
    delivery.crash = None
    clock.advance(minutes=6)
    tick(scheduler(url, delivery, clock, worker="second"))
    assert len(delivery.chats[chat]) == 1
    finished = job(url, f"unpaid_reminder:{order_id}")
    assert (finished.state, finished.claimed_by, finished.attempts) == ("done", "second", 2)


def test_two_servers_running_at_once_send_each_reminder_once(tmp_path):
    url, clock, delivery = fresh_shop(tmp_path), Clock(START), FakeDelivery()
    tick(scheduler(url, delivery, clock))
    orders = [place_order(url, clock.now)[0] for _ in range(6)]
    clock.advance(minutes=31)
    servers = [scheduler(url, delivery, clock, worker=name) for name in ("a", "b")]
    threads = [threading.Thread(target=tick, args=(server,)) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [sum(order in text for text in delivery.messages()) for order in orders] == [1] * 6
    with session_scope(url) as s:
        assert set(s.scalars(select(ScheduledJob.attempts).where(ScheduledJob.kind == "unpaid_reminder"))) == {1}


def test_a_missed_reminder_runs_after_a_restart_while_still_due_and_not_after(tmp_path):
    url, clock, delivery = fresh_shop(tmp_path), Clock(START), FakeDelivery()
    tick(scheduler(url, delivery, clock))
    recent, recent_chat = place_order(url, clock.now)
    old, _ = place_order(url, clock.now)
    tick(scheduler(url, delivery, clock))
    with session_scope(url) as s:  # the old one's reminder fell due long ago (the server was down)
        s.scalars(select(ScheduledJob).where(ScheduledJob.subject == old)).one().expires_at = clock.now
    clock.advance(hours=3)  # down for three hours
    tick(scheduler(url, delivery, clock, worker="restarted"))
    assert len(delivery.chats[recent_chat]) == 1 and delivery.messages() == [delivery.chats[recent_chat][0][1]]
    assert job(url, f"unpaid_reminder:{old}").state == "skipped"


def test_a_buyer_without_a_chat_gets_the_reminder_when_they_open_the_widget(tmp_path):
    from bot.jobs.store import wake
    from bot.service.sessions import resume_or_start

    url, clock, delivery = fresh_shop(tmp_path), Clock(START), FakeDelivery()
    tick(scheduler(url, delivery, clock))
    order_id, _ = place_order(url, clock.now, buyer="other_buyer", chat=False)
    clock.advance(minutes=31)
    for _ in range(2):
        tick(scheduler(url, delivery, clock))
        clock.advance(minutes=10)
    held = job(url, f"unpaid_reminder:{order_id}")
    assert held.state == "held" and delivery.messages() == []
    with session_scope(url) as s:  # what the widget does when the signed-in buyer opens it
        chat = resume_or_start(s, None, "other_buyer", clock.now)
        s.flush()
        assert wake(s, "other_buyer", clock.now) == 1
        assert wake(s, "demo_buyer", clock.now) == 0
    tick(scheduler(url, delivery, clock))
    assert [order_id in text for _, text in delivery.chats[chat]] == [True]
    assert job(url, f"unpaid_reminder:{order_id}").state == "done"


def test_a_paid_order_past_its_dispatch_deadline_gets_one_apology_and_is_marked_urgent(tmp_path):
    url, clock, delivery = fresh_shop(tmp_path), Clock(START), FakeDelivery()
    tick(scheduler(url, delivery, clock))
    order_id, chat = place_order(url, clock.now, state="paid")
    tick(scheduler(url, delivery, clock))
    late = job(url, f"late_dispatch:{order_id}")
    assert late.state == "pending" and late.due_at > clock.now
    clock.now = late.due_at + timedelta(minutes=1)
    for _ in range(2):
        tick(scheduler(url, delivery, clock))
    apologies = [text for text in delivery.messages() if order_id in text]
    assert len(apologies) == 1 and "加急" in apologies[0] and "11月20日 10:00" in apologies[0]
    with session_scope(url) as s:
        assert s.get(Order, order_id).urgent


def test_a_low_rating_opens_one_follow_up_ticket(tmp_path):
    from bot.service.handoff import close, open_ticket, rate

    url, clock, delivery = fresh_shop(tmp_path), Clock(START), FakeDelivery()
    tick(scheduler(url, delivery, clock))
    with session_scope(url) as s:
        for conversation, stars in (("conv-low", 2), ("conv-good", 4)):
            ticket = open_ticket(s, conversation, "ask_human", 3, "转人工", clock.now)
            close(s, ticket, clock.now)
            s.flush()
            assert rate(s, conversation, stars, clock.now)
    for _ in range(2):
        clock.advance(minutes=1)
        tick(scheduler(url, delivery, clock))
    with session_scope(url) as s:
        waiting = list(s.scalars(select(HandoffTicket).where(HandoffTicket.state == "waiting")))
    assert [(t.conversation_id, t.priority) for t in waiting] == [("conv-low", 1)]
    assert "差评回访" in waiting[0].summary and delivery.tickets == ["conv-low"]


def test_a_buyer_waiting_too_long_hears_their_place_once(tmp_path):
    from bot.service.handoff import open_ticket

    url, clock, delivery = fresh_shop(tmp_path), Clock(START), FakeDelivery()
    with session_scope(url) as s:
        open_ticket(s, "conv-first", "complaint", 1, "差评", clock.now)
        open_ticket(s, "conv-second", "ask_human", 3, "人呢", clock.now)
    clock.advance(minutes=4)
    tick(scheduler(url, delivery, clock))
    assert delivery.messages() == []
    for _ in range(3):
        clock.advance(minutes=1)
        tick(scheduler(url, delivery, clock))
    assert [text for _, text in delivery.chats["conv-second"]] == [
        "亲，客服们都在忙，您现在排在第2位，马上就到您啦，请稍等哦～"]
    assert len(delivery.chats["conv-first"]) == 1
    with session_scope(url) as s:
        assert all(t.followed_up_at for t in s.scalars(select(HandoffTicket)))
