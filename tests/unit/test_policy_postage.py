"""The postage line of a basket reply (bot.policy.postage), as the buyer reads it, from shop_policy.yml:
满99包邮 on what the goods cost after the promotions, 偏远 regions never free, 港澳台 not served."""
import copy
from pathlib import Path

import pytest
import yaml

from bot.policy import load_policy, parse_policy
from bot.policy.postage import basket_postage, postage_text

POLICY_FILE = Path(__file__).resolve().parents[2] / "shop_policy.yml"
REMOTE_ZH = "新疆、西藏、青海、宁夏、甘肃、内蒙古"
REMOTE_EN = "Xinjiang, Tibet, Qinghai, Ningxia, Gansu, Inner Mongolia"


@pytest.fixture(scope="module")
def policy():
    return load_policy(POLICY_FILE)


def said(policy, goods_fen, weight_kg, province=None, courier=None, lang="zh"):
    return postage_text(policy, basket_postage(policy, goods_fen, weight_kg, province, courier), lang)


def test_the_free_threshold_ships_free_to_the_buyers_province(policy):
    assert said(policy, 40200, 1.92, "浙江省") == "\n运费：发浙江包邮，连运费一共402元。"
    assert said(policy, 9900, 0.5, "Guangdong", lang="en") == "\nPostage: free to Guangdong, so ¥99 in all."


def test_a_remote_province_pays_postage_above_the_threshold_and_is_told_why(policy):
    # 新疆: first kg 12 + one more kg 10 + remote surcharge 10
    assert said(policy, 40200, 1.92, "新疆") == (
        "\n运费：发新疆用中通（约1.92kg）运费32元，连运费一共434元。偏远地区不参加包邮哦。")


def test_below_the_threshold_the_fee_and_what_is_missing_for_free_shipping(policy):
    assert said(policy, 5400, 0.21, "广东") == "\n运费：发广东用中通（约0.21kg）运费8元，连运费一共62元。商品实付满99元包邮，还差45元。"


def test_sf_pays_its_surcharge_even_when_free_and_is_never_called_free(policy):
    assert said(policy, 40200, 1.92, "浙江", "sf") == "\n运费：发浙江免基础运费，用顺丰需补12元，连运费一共414元。"
    below = basket_postage(policy, 5400, 0.21, "浙江", "sf")
    assert below.short_fen == 0 and "包邮" not in postage_text(policy, below, "zh")


def test_a_region_the_shop_does_not_serve_gets_no_number(policy):
    assert said(policy, 40200, 1.92, "香港", lang="en") == "\nPostage: sorry, we don't ship to Hong Kong at the moment."


def test_without_the_region_free_shipping_names_the_regions_that_still_pay(policy):
    # 1.92 kg: 新疆 12 + 10 + 10, 西藏 12 + 10 + 15
    assert said(policy, 40200, 1.92) == (
        f"\n运费：这单包邮，发{REMOTE_ZH}除外：用中通（约1.92kg）运费32元～37元。告诉小二收货省份，帮您算准哦～")
    assert said(policy, 40200, 1.92, lang="en") == (
        f"\nPostage: free, except to {REMOTE_EN}: ¥32 to ¥37 with ZTO Express (about 1.92 kg). "
        "Tell me your province and I'll work out the exact postage.")


def test_without_the_region_below_the_threshold_the_range_and_what_it_depends_on(policy):
    # 江浙沪 first kg 5 ... 西藏 12 + 15
    assert said(policy, 5400, 0.21) == (
        f"\n运费：看收货地区，用中通（约0.21kg）运费5元～27元。商品实付满99元包邮（{REMOTE_ZH}除外），还差45元。"
        "告诉小二收货省份，帮您算准哦～")


def test_a_place_we_do_not_know_is_no_region_to_quote(policy):
    assert said(policy, 5400, 0.21, "火星") == said(policy, 5400, 0.21)


def test_a_shop_without_free_shipping_never_says_free():
    data = yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8"))
    data["shipping"]["free_shipping"]["threshold"] = None
    stingy = parse_policy(copy.deepcopy(data))
    for province in (None, "浙江", "新疆"):
        line = said(stingy, 100_000, 1.0, province)
        assert "包邮" not in line and "运费" in line
