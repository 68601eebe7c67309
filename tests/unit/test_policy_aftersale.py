"""Refund, return and exchange eligibility as a buyer experiences it."""
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.policy import after_sale_eligibility, load_policy, return_address

POLICY_FILE = Path(__file__).resolve().parents[2] / "shop_policy.yml"
DELIVERED = datetime(2026, 11, 1, 10, 0)


@pytest.fixture(scope="module")
def policy():
    return load_policy(POLICY_FILE)


def after(days, hour=20):
    return (DELIVERED + timedelta(days=days)).replace(hour=hour)


def check(policy, kind="return", state="delivered", now=None, **extra):
    return after_sale_eligibility(policy, kind, state, DELIVERED, now or after(3), **extra)


def test_return_on_day_seven_allowed(policy):
    result = check(policy, now=after(7, hour=23))
    assert result.allowed and result.reason == "within_window"
    assert result.days_left == 0 and result.buyer_pays_postage
    assert result.resolution == "return_refund"
    assert result.deadline == datetime(2026, 11, 8, 23, 59, 59)


def test_return_on_day_eight_refused(policy):
    result = check(policy, now=after(8, hour=0))
    assert not result.allowed and result.reason == "window_expired"


def test_days_left_counts_down(policy):
    assert check(policy, now=after(3)).days_left == 4


def test_exchange_has_a_longer_window(policy):
    assert check(policy, "exchange", now=after(15)).allowed
    assert not check(policy, "exchange", now=after(16)).allowed
    assert check(policy, "exchange", now=after(10)).resolution == "exchange"


def test_quality_problem_30_days_and_shop_pays_postage(policy):
    result = check(policy, "refund", "completed", now=after(20), quality_problem=True)
    assert result.allowed and result.buyer_pays_postage is False
    assert not check(policy, "refund", "completed", now=after(31), quality_problem=True).allowed


def test_opened_cosmetics_have_no_no_reason_return(policy):
    result = check(policy, category="opened_beauty")
    assert not result.allowed and result.reason == "excluded_category"
    assert check(policy, category="socks").reason == "excluded_category"
    assert check(policy, category="opened_beauty", quality_problem=True).allowed
    assert check(policy, category="hoodie").allowed


def test_unpaid_and_cancelled_orders(policy):
    assert check(policy, "refund", "unpaid").reason == "not_paid"
    assert not check(policy, "refund", "unpaid").allowed
    assert check(policy, "refund", "cancelled").reason == "cancelled"


def test_paid_not_shipped_allows_only_a_refund(policy):
    refund = after_sale_eligibility(policy, "refund", "paid", None, after(0))
    assert refund.allowed and refund.reason == "refund_only_before_shipping"
    assert refund.resolution == "refund_only" and refund.buyer_pays_postage is False
    assert not after_sale_eligibility(policy, "exchange", "paid", None, after(0)).allowed


def test_in_transit_refund_means_refusing_the_parcel(policy):
    refund = after_sale_eligibility(policy, "refund", "shipped", None, after(0))
    assert refund.allowed and refund.reason == "in_transit_refuse_or_wait"
    assert refund.resolution == "return_refund" and refund.buyer_pays_postage
    exchange = after_sale_eligibility(policy, "exchange", "shipped", None, after(0))
    assert not exchange.allowed and exchange.reason == "in_transit_refuse_or_wait"


def test_bad_arguments_are_errors(policy):
    with pytest.raises(ValueError):
        check(policy, "swap")
    with pytest.raises(ValueError):
        after_sale_eligibility(policy, "return", "delivered", None, after(1))


def test_return_address_has_recipient_phone_and_address(policy):
    address = return_address(policy)
    assert address.recipient and address.phone and "浙江" in address.address
