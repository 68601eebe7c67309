"""Provinces, couriers and postage as a buyer would be quoted."""
import copy
from pathlib import Path

import pytest
import yaml

from bot.policy import canonical_province, default_courier, find_courier, load_policy, parse_policy, quote_shipping

POLICY_FILE = Path(__file__).resolve().parents[2] / "shop_policy.yml"


@pytest.fixture(scope="module")
def policy():
    return load_policy(POLICY_FILE)


def courier(policy, code):
    return next(c for c in policy.couriers if c.code == code)


@pytest.mark.parametrize("text, expected", [
    ("新疆维吾尔自治区", "新疆"), ("新疆", "新疆"), ("Xinjiang", "新疆"), ("xinjiang", "新疆"),
    ("浙江省", "浙江"), ("Zhejiang", "浙江"), (" zhejiang province ", "浙江"), ("内蒙", "内蒙古"),
    ("Inner Mongolia", "内蒙古"), ("Tibet", "西藏"), ("广西壮族自治区", "广西"), ("上海市", "上海"),
    ("Shaanxi", "陕西"), ("Shanxi", "山西"), ("Hong Kong", "香港"), ("新疆乌鲁木齐市", "新疆"),
    ("浙江西湖区", "浙江"),
])
def test_canonical_province(policy, text, expected):
    assert canonical_province(policy, text) == expected


@pytest.mark.parametrize("text", ["", "火星", "Atlantis", "杭州"])
def test_unknown_place_is_none(policy, text):
    assert canonical_province(policy, text) is None


@pytest.mark.parametrize("text", ["SF", "sf", "顺丰", "顺丰快递", "sf express", "SF Express", "能发顺丰吗", "ship with SF please"])
def test_find_sf_courier(policy, text):
    assert find_courier(policy, text).code == "sf"


def test_find_other_couriers(policy):
    assert find_courier(policy, "圆通").code == "yto"
    assert find_courier(policy, "EMS").code == "ems"
    assert find_courier(policy, "中国邮政").code == "ems"
    assert find_courier(policy, "京东").available is False
    assert find_courier(policy, "stop it") is None
    assert find_courier(policy, "菜鸟驿站") is None


def test_default_courier_is_zto(policy):
    assert default_courier(policy).code == "zto"


def test_xinjiang_with_sf_pays_everything_and_never_ships_free(policy):
    quote = quote_shipping(policy, "新疆", 2.5, 50_000, "sf")
    assert quote.served and quote.remote and quote.zone == "偏远"
    assert quote.extra_kgs == 2
    assert not quote.free_shipping_applied
    assert quote.remote_surcharge_fen > 0
    assert quote.courier_surcharge_fen == courier(policy, "sf").surcharge_fen > 0
    expected = quote.first_kg_fen + 2 * quote.extra_kg_fen + quote.remote_surcharge_fen + quote.courier_surcharge_fen
    assert quote.total_fen == expected == 5400


def test_zhejiang_above_threshold_ships_free(policy):
    threshold = policy.shipping.free_threshold_fen
    assert quote_shipping(policy, "浙江", 1.0, threshold).total_fen == 0
    below = quote_shipping(policy, "浙江", 1.0, threshold - 1)
    assert not below.free_shipping_applied and below.total_fen == below.first_kg_fen > 0


def test_free_shipping_still_charges_sf_surcharge(policy):
    quote = quote_shipping(policy, "江苏", 0.5, 100_000, "sf")
    assert quote.free_shipping_applied
    assert quote.total_fen == courier(policy, "sf").surcharge_fen


def test_remote_free_shipping_when_policy_includes_remote():
    data = yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8"))
    data["shipping"]["free_shipping"]["includes_remote"] = True
    generous = parse_policy(copy.deepcopy(data))
    quote = quote_shipping(generous, "青海", 1.0, 100_000)
    assert quote.free_shipping_applied
    assert quote.total_fen == quote.remote_surcharge_fen > 0


def test_extra_kilograms_are_rounded_up(policy):
    assert quote_shipping(policy, "广东", 1.0, 0).extra_kgs == 0
    assert quote_shipping(policy, "广东", 1.01, 0).extra_kgs == 1
    assert quote_shipping(policy, "广东", 3.0, 0).extra_kgs == 2
    assert quote_shipping(policy, "广东", 0.2, 0).total_fen == quote_shipping(policy, "广东", 1.0, 0).total_fen


def test_province_override_changes_only_that_province(policy):
    tibet = quote_shipping(policy, "西藏", 1.0, 0)
    xinjiang = quote_shipping(policy, "新疆", 1.0, 0)
    assert tibet.remote_surcharge_fen == 1500 and xinjiang.remote_surcharge_fen == 1000


def test_province_spelling_does_not_matter(policy):
    assert quote_shipping(policy, "Xinjiang", 1.0, 0) == quote_shipping(policy, "新疆维吾尔自治区", 1.0, 0)


def test_hong_kong_and_overseas_are_not_served(policy):
    for place in ("香港", "Macau", "台湾", "overseas"):
        quote = quote_shipping(policy, place, 1.0, 100_000)
        assert not quote.served and quote.total_fen == 0


def test_unknown_province_or_unavailable_courier_is_an_error(policy):
    with pytest.raises(ValueError):
        quote_shipping(policy, "火星", 1.0, 0)
    with pytest.raises(ValueError):
        quote_shipping(policy, "浙江", 1.0, 0, "jd")
    with pytest.raises(ValueError):
        quote_shipping(policy, "浙江", 1.0, 0, "dhl")
