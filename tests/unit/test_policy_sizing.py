"""Size advice from height and weight, and shoe size from foot length."""
from pathlib import Path

import pytest

from bot.policy import advise_shoe_size, advise_size, load_policy

POLICY_FILE = Path(__file__).resolve().parents[2] / "shop_policy.yml"


@pytest.fixture(scope="module")
def policy():
    return load_policy(POLICY_FILE)


def test_clear_fit(policy):
    assert advise_size(policy, "tops", 155, 44) == advise_size(policy, "tops", 155.0, 44.0)
    advice = advise_size(policy, "tops", 155, 44)
    assert (advice.size, advice.alternative, advice.reason) == ("S", None, "fits")
    assert advise_size(policy, "tops", 165, 56).size == "L"


def test_165_cm_100_jin_is_between_m_and_l(policy):
    advice = advise_size(policy, "tops", 165, 50)
    assert (advice.size, advice.alternative, advice.reason) == ("M", "L", "between_sizes")


def test_boundary_measure_offers_the_next_size(policy):
    advice = advise_size(policy, "tops", 158, 47)
    assert (advice.size, advice.alternative, advice.reason) == ("S", "M", "between_sizes")


def test_out_of_range(policy):
    assert advise_size(policy, "tops", 190, 90).reason == "out_of_range"
    assert advise_size(policy, "dresses", 160, 30).size is None


def test_missing_measures(policy):
    assert advise_size(policy, "tops", None, None) == advise_size(policy, "bottoms", None, None)
    assert advise_size(policy, "tops", None, None).size is None
    tentative = advise_size(policy, "tops", 160, None)
    assert tentative.reason == "missing_measure" and tentative.size == "M"


def test_largest_size_has_no_alternative(policy):
    advice = advise_size(policy, "tops", 175, 70)
    assert advice.size == "XXL" and advice.alternative is None


def test_shoe_size_from_foot_length(policy):
    assert advise_shoe_size(policy, 23.2).size == "37"
    boundary = advise_shoe_size(policy, 23.5)
    assert (boundary.size, boundary.alternative) == ("37", "38")
    assert advise_shoe_size(policy, 27).reason == "out_of_range"


def test_unknown_or_wrong_chart(policy):
    with pytest.raises(ValueError):
        advise_size(policy, "hats", 160, 50)
    with pytest.raises(ValueError):
        advise_size(policy, "shoes", 160, 50)
