"""Dispatch day, the 48-hour promise, arrival windows and stalled parcels."""
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bot.policy import dispatch_deadline, estimate_delivery, is_stalled, load_policy

POLICY_FILE = Path(__file__).resolve().parents[2] / "shop_policy.yml"


@pytest.fixture(scope="module")
def policy():
    return load_policy(POLICY_FILE)


def test_paid_at_15_59_ships_today(policy):
    estimate = estimate_delivery(policy, "广东", datetime(2026, 11, 23, 15, 59))
    assert estimate.ships_today and estimate.ships_on == date(2026, 11, 23)


@pytest.mark.parametrize("minute", [0, 1])
def test_paid_at_or_after_16_00_ships_tomorrow(policy, minute):
    estimate = estimate_delivery(policy, "广东", datetime(2026, 11, 23, 16, minute))
    assert not estimate.ships_today and estimate.ships_on == date(2026, 11, 24)


def test_arrival_window_follows_the_zone(policy):
    near = estimate_delivery(policy, "浙江", datetime(2026, 11, 23, 10))
    remote = estimate_delivery(policy, "新疆", datetime(2026, 11, 23, 10))
    assert near.arrive_earliest == date(2026, 11, 24)
    assert remote.transit_max > near.transit_max
    assert remote.arrive_latest == remote.ships_on + timedelta(days=remote.transit_max)


def test_sf_is_one_day_faster_but_never_same_day(policy):
    usual = estimate_delivery(policy, "四川", datetime(2026, 11, 23, 10))
    sf = estimate_delivery(policy, "四川", datetime(2026, 11, 23, 10), "sf")
    assert (sf.transit_min, sf.transit_max) == (usual.transit_min - 1, usual.transit_max - 1)
    assert estimate_delivery(policy, "上海", datetime(2026, 11, 23, 10), "sf").transit_min == 1


def test_no_dispatch_during_spring_festival(policy):
    estimate = estimate_delivery(policy, "浙江", datetime(2027, 2, 5, 9))
    assert estimate.ships_on == date(2027, 2, 13)


def test_unserved_region_has_no_estimate(policy):
    with pytest.raises(ValueError):
        estimate_delivery(policy, "香港", datetime(2026, 11, 23, 10))


def test_dispatch_deadline_is_48_hours(policy):
    paid = datetime(2026, 11, 23, 16, 1)
    assert dispatch_deadline(policy, paid) == paid + timedelta(hours=48)


def test_dispatch_deadline_skips_rest_days(policy):
    deadline = dispatch_deadline(policy, datetime(2027, 2, 3, 20, 0))
    assert deadline == datetime(2027, 2, 14, 20, 0)
    assert deadline.date() >= estimate_delivery(policy, "浙江", datetime(2027, 2, 3, 20, 0)).ships_on


def test_stalled_after_72_hours_without_event(policy):
    now = datetime(2026, 11, 23, 12)
    assert is_stalled(policy, now - timedelta(hours=72), now)
    assert is_stalled(policy, now - timedelta(days=4), now)
    assert not is_stalled(policy, now - timedelta(hours=71), now)
    assert not is_stalled(policy, None, now)
