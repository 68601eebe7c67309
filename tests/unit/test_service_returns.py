"""Which case a return parcel belongs to, and where a refund stands (bot/service/returns.py)."""
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.policy import load_policy
from bot.service.returns import add_working_days, case_for_return, refund_status

NOW = datetime(2026, 11, 18, 10, 30)  # a Wednesday


@pytest.fixture(scope="module")
def policy():
    return load_policy(Path(__file__).resolve().parents[2] / "shop_policy.yml")


def case(id, kind, resolution, state="open", tracking=None, created=NOW, shipped=None):
    return SimpleNamespace(id=id, kind=kind, resolution=resolution, state=state, created_at=created,
                           return_tracking_number=tracking, return_shipped_at=shipped)


def test_the_return_parcel_goes_to_the_case_waiting_for_goods():
    reship = case(1, "problem", "reship")
    exchange = case(2, "exchange", "exchange")
    ret = case(3, "return", "return_refund")
    assert case_for_return([reship, exchange, ret]) is ret
    assert case_for_return([reship, exchange]) is exchange
    assert case_for_return([reship, case(4, "return", "return_refund", state="closed")]) is None


def test_working_days_skip_the_weekend():
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)
    assert add_working_days(date(2026, 11, 18), 3) == date(2026, 11, 23)


def test_refund_stages(policy):
    assert refund_status(policy, [], NOW).stage == "none"
    assert refund_status(policy, [case(1, "exchange", "exchange")], NOW).stage == "none"
    only = refund_status(policy, [case(1, "refund", "refund_only")], NOW)
    assert (only.stage, only.by) == ("processing", date(2026, 11, 23))
    assert refund_status(policy, [case(1, "return", "return_refund")], NOW).stage == "send_back"
    moving = refund_status(policy, [case(1, "return", "return_refund", tracking="YT1", shipped=NOW)], NOW)
    assert (moving.stage, moving.by) == ("on_its_way", date(2026, 11, 25))
    for state in ("approved", "rejected", "closed"):
        status = refund_status(policy, [case(1, "refund", "refund_only", state=state)], NOW)
        assert (status.stage, status.by) == (state, None)
    newer_open = refund_status(policy, [case(1, "refund", "refund_only", state="closed"),
                                        case(2, "return", "return_refund")], NOW)
    assert newer_open.case.id == 2 and newer_open.stage == "send_back"
