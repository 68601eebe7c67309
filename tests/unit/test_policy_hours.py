"""Whether a human agent is on duty."""
import copy
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from bot.policy import load_policy, parse_policy, shift_status

POLICY_FILE = Path(__file__).resolve().parents[2] / "shop_policy.yml"
SUNDAY = datetime(2026, 11, 22)


@pytest.fixture(scope="module")
def policy():
    return load_policy(POLICY_FILE)


def at(hour, minute=0, day=SUNDAY):
    return day.replace(hour=hour, minute=minute)


def test_night_shift_is_open_at_23_00(policy):
    status = shift_status(policy, at(23))
    assert status.open and status.shift == "night" and status.next_open == at(23)


def test_day_shift_in_the_morning_and_lunch_peak(policy):
    status = shift_status(policy, at(12))
    assert status.open and status.shift == "day" and status.peak


def test_evening_peak(policy):
    assert shift_status(policy, at(21)).peak
    assert not shift_status(policy, at(19)).peak


def test_closed_after_midnight_until_the_day_shift(policy):
    status = shift_status(policy, at(2))
    assert not status.open and status.shift is None and not status.peak
    assert status.next_open == at(8, 30)


def test_closed_days_skip_to_the_next_open_day(policy):
    data = yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8"))
    data["hours"]["days_open"] = ["mon", "tue", "wed", "thu", "fri"]
    weekdays_only = parse_policy(copy.deepcopy(data))
    saturday_noon = datetime(2026, 11, 21, 12)
    status = shift_status(weekdays_only, saturday_noon)
    assert not status.open
    assert status.next_open == datetime(2026, 11, 23, 8, 30)


def test_shift_past_midnight_belongs_to_its_start_day():
    data = yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8"))
    data["hours"]["shifts"]["night"] = {"start": "18:00", "end": "02:00"}
    data["hours"]["days_open"] = ["fri"]
    late = parse_policy(copy.deepcopy(data))
    assert shift_status(late, datetime(2026, 11, 21, 1, 30)).shift == "night"  # Saturday 01:30
    assert not shift_status(late, datetime(2026, 11, 22, 1, 30)).open  # Sunday 01:30


def test_hours_text_merges_the_shifts(policy):
    from bot.policy import hours_text, service_windows

    assert service_windows(policy) == [(8 * 60 + 30, 24 * 60)]
    assert hours_text(policy, "zh") == "每天 08:30-24:00"
    assert hours_text(policy, "en") == "every day 08:30-24:00"


def test_hours_text_with_weekdays_and_a_night_past_midnight():
    from bot.policy import hours_text

    data = yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8"))
    data["hours"]["days_open"] = ["mon", "tue", "wed", "thu", "fri", "sun"]
    data["hours"]["shifts"] = {"day": {"start": "09:00", "end": "12:00"}, "night": {"start": "20:00", "end": "02:00"}}
    late = parse_policy(copy.deepcopy(data))
    assert hours_text(late, "zh") == "周一至周五、周日 09:00-12:00、20:00-次日02:00"
    assert hours_text(late, "en") == "Mon-Fri, Sun 09:00-12:00, 20:00-next day 02:00"


def test_agents_on_duty(policy):
    from bot.policy import agents_on_duty

    assert agents_on_duty(policy, at(16)) == ("小美", "小雅", "阿杰")
    assert agents_on_duty(policy, at(2)) == ()
