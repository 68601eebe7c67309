"""Tracking numbers are read as tracking numbers, never as order numbers (issue 11 item 6)."""
from pathlib import Path

import pytest

from bot.nlu.entities import EntityRules, load_patterns
from bot.nlu.intent_rules import is_bare_value
from bot.nlu.text import detect_language
from bot.service.returns import tracking_courier

PATTERNS = Path(__file__).resolve().parents[2] / "data" / "entities" / "patterns.yml"


@pytest.fixture(scope="module")
def rules():
    return EntityRules(load_patterns(PATTERNS))


def found(rules, text):
    return [(m.entity, m.value) for m in rules.extract(text)]


@pytest.mark.parametrize("text, number", [
    ("YT1234567890123", "YT1234567890123"),
    ("退货单号 YT1234567890123", "YT1234567890123"),
    ("我寄回了，单号YT1234567890123", "YT1234567890123"),
    ("SF1234567890123", "SF1234567890123"),
    ("JT0012345678901", "JT0012345678901"),
    ("EA123456789CN", "EA123456789CN"),
    ("快递单号是 7312345678901", "7312345678901"),
    ("快递单号是：731234567890", "731234567890"),
    ("return tracking number is YT 1234567890123", "YT 1234567890123"),
    ("my return tracking no. is 731234567890", "731234567890"),
])
def test_tracking_numbers(rules, text, number):
    entities = found(rules, text)
    assert ("tracking_number", number) in entities
    assert not any(entity == "order_id" for entity, _ in entities)


@pytest.mark.parametrize("text", ["帮我查下订单 1001202611000001", "订单号 1001202611000001",
                                  "快递单号 1001202611000001", "tracking for order 1001202611000001"])
def test_order_numbers_stay_order_numbers(rules, text):
    assert ("order_id", "1001202611000001") in found(rules, text)
    assert not any(entity == "tracking_number" for entity, _ in found(rules, text))


def test_a_bare_tracking_number_is_an_answer_and_says_nothing_about_the_language(rules):
    text = "YT1234567890123"
    entities = [{"entity": m.entity, "start": m.start, "end": m.end} for m in rules.extract(text)]
    assert is_bare_value(text, entities)
    assert detect_language(text) is None
    assert detect_language("my parcel YT1234567890123") == "en"


def test_the_courier_of_a_tracking_number():
    from bot.policy import load_policy

    policy = load_policy(PATTERNS.parents[2] / "shop_policy.yml")
    assert tracking_courier(policy, "YT1234567890123") == "yto"
    assert tracking_courier(policy, "sf1234567890123") == "sf"
    assert tracking_courier(policy, "JT0012345678901") == "jt"
    assert tracking_courier(policy, "EA123456789CN") == "ems"
    assert tracking_courier(policy, "7312345678901", "中通") == "zto"
    assert tracking_courier(policy, "7312345678901") is None
