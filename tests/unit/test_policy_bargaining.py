"""Bargaining authority and current promotions."""
from datetime import date
from pathlib import Path

import pytest

from bot.policy import active_promotions, bargain, load_policy, lowest_price

POLICY_FILE = Path(__file__).resolve().parents[2] / "shop_policy.yml"
LIST = 19_900  # 199 yuan
FLOOR = 17_000


@pytest.fixture(scope="module")
def policy():
    return load_policy(POLICY_FILE)


def test_each_round_lowers_the_price_one_step(policy):
    prices = [bargain(policy, LIST, FLOOR, n).price_fen for n in (1, 2, 3)]
    assert prices == sorted(prices, reverse=True) and len(set(prices)) == 3
    assert prices[0] < LIST


def test_round_three_is_final_with_a_gift_and_coupon(policy):
    offer = bargain(policy, LIST, FLOOR, 3)
    assert offer.final and not offer.accepted
    assert offer.price_fen == 18_000  # 10% off 199 yuan, rounded up to a whole yuan
    assert lowest_price(policy, LIST, FLOOR) == 17_910  # an ask of 179.10 would still be accepted
    assert offer.gift_zh and offer.gift_en
    assert offer.coupon_fen == 500
    assert offer.discount_fen == LIST - offer.price_fen


def test_earlier_rounds_carry_no_gift(policy):
    offer = bargain(policy, LIST, FLOOR, 1)
    assert not offer.final and offer.gift_zh is None and offer.coupon_fen is None


def test_never_more_than_the_maximum_discount(policy):
    for n in range(1, 8):
        assert bargain(policy, LIST, 0, n).price_fen >= LIST * 0.9


def test_never_below_the_floor_even_if_steps_would(policy):
    floor = 19_000
    offers = [bargain(policy, LIST, floor, n) for n in (1, 2, 3, 4)]
    assert all(o.price_fen >= floor for o in offers)
    assert offers[1].price_fen == floor and offers[1].final
    assert offers[1].coupon_fen is None  # a coupon would take the price below the floor


def test_ask_within_authority_is_accepted_at_the_ask(policy):
    offer = bargain(policy, LIST, FLOOR, 1, ask_fen=18_900)
    assert offer.accepted and offer.price_fen == 18_900 and offer.discount_fen == 1_000


def test_ask_below_authority_is_countered(policy):
    offer = bargain(policy, LIST, FLOOR, 1, ask_fen=15_000)
    assert not offer.accepted and offer.price_fen > 15_000
    assert offer.price_fen == bargain(policy, LIST, FLOOR, 1).price_fen


def test_price_never_goes_up_again(policy):
    offer = bargain(policy, LIST, FLOOR, 1, best_so_far_fen=18_000)
    assert offer.price_fen == 18_000
    accepted = bargain(policy, LIST, FLOOR, 2, ask_fen=18_500, best_so_far_fen=18_000)
    assert accepted.accepted and accepted.price_fen == 18_000


def test_cheap_item_keeps_a_real_discount(policy):
    offer = bargain(policy, 990, 0, 1)
    assert 0 < offer.discount_fen and offer.price_fen < 990


def test_round_must_start_at_one(policy):
    with pytest.raises(ValueError):
        bargain(policy, LIST, FLOOR, 0)


def test_active_promotions_by_date(policy):
    ids = lambda day: [p.id for p in active_promotions(policy, day)]
    assert "double12_300_30" in ids(date(2026, 12, 12))
    assert "double12_300_30" not in ids(date(2026, 12, 13))
    assert "double12_300_30" not in ids(date(2026, 11, 30))
    assert "nov_gift_pouch" in ids(date(2026, 11, 1))
    assert ids(date(2030, 1, 1)) == []


def test_a_repeating_full_reduction_is_explained_with_twice_the_threshold(policy):
    from bot.policy.promotions import promotion_rule

    double12 = next(p for p in policy.promotions if p.id == "double12_300_30")
    rule = promotion_rule(double12)
    assert rule.kind == "full_reduction_each"
    assert rule.amounts == {"threshold": 30_000, "amount": 3_000, "example": 60_000, "pays": 54_000}


def test_each_kind_of_promotion_gets_its_own_arithmetic(policy):
    from bot.policy.promotions import promotion_rule

    once = policy.promotions[-1].copy(update={"repeats": False})
    assert promotion_rule(once).amounts == {"threshold": 30_000, "amount": 3_000, "pays": 27_000}
    rules = {p.id: promotion_rule(p) for p in policy.promotions}
    assert rules["store_coupon_5"].amounts == {"threshold": 5_900, "amount": 500}
    assert rules["winter_coats_95"].percent == 5 and rules["winter_coats_95"].amounts["pays"] == 9_500
    assert rules["nov_gift_pouch"].kind == "gift"

