"""Loading and validating shop_policy.yml: the shipped file loads, broken files name the bad field."""
import copy
from pathlib import Path

import pytest
import yaml

from bot.policy import DEFAULT_POLICY_FILE, PolicyError, load_policy, parse_policy
from bot.policy.regions import MAINLAND_REGIONS

POLICY_FILE = Path(__file__).resolve().parents[2] / "shop_policy.yml"
SHIPPED = yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8"))


def broken(change) -> PolicyError:
    """Apply `change` to a copy of the shipped policy and return the PolicyError it must raise."""
    data = copy.deepcopy(SHIPPED)
    change(data)
    with pytest.raises(PolicyError) as caught:
        parse_policy(data)
    return caught.value


def test_shipped_policy_loads_with_realistic_defaults():
    policy = load_policy(POLICY_FILE)
    assert policy.shop.ship_from_province == "浙江"
    assert policy.shop.timezone == "Asia/Shanghai"
    zoned = [p for zone in policy.shipping.zones for p in zone.provinces]
    assert sorted(zoned) == sorted(MAINLAND_REGIONS) and len(zoned) == 31
    remote = {p for zone in policy.shipping.zones if zone.remote for p in zone.provinces}
    assert {"新疆", "西藏", "青海", "宁夏", "甘肃", "内蒙古"} <= remote
    assert {"香港", "澳门", "台湾", "海外"} <= set(policy.shipping.not_served)
    assert [c.code for c in policy.couriers if c.default] == ["zto"]
    assert {c.code for c in policy.couriers} == {"yto", "zto", "yunda", "sto", "sf", "ems", "jd"}
    assert next(c for c in policy.couriers if c.code == "sf").surcharge_fen > 0
    assert policy.returns.no_reason_days == 7 and policy.returns.buyer_pays_no_reason
    assert not policy.returns.buyer_pays_quality_problem
    assert policy.handoff.wait_limit_minutes == 5
    assert policy.logistics.stalled_after_hours == 72
    assert not policy.payment.cod_available
    assert {"tops", "bottoms", "dresses", "shoes"} <= {c.name for c in policy.size_charts}


def test_default_policy_file_is_the_shipped_one():
    assert DEFAULT_POLICY_FILE == POLICY_FILE and load_policy(DEFAULT_POLICY_FILE) == load_policy(POLICY_FILE)


def test_the_message_starts_with_the_field_and_says_what_is_wrong():
    error = broken(lambda d: d["shipping"]["free_shipping"].update(threshold=-1))
    assert error.field == "shipping.free_shipping.threshold"
    assert str(error).startswith("shipping.free_shipping.threshold: must be a non-negative amount in yuan")
    assert str(broken(lambda d: d["dispatch"]["rest_dates"].append("soon"))) == \
        "dispatch.rest_dates[1]: must be a date YYYY-MM-DD, not 'soon'"
    assert str(broken(lambda d: d["shop"].update(default_language="fr"))) == \
        "shop.default_language: must be one of zh, en, not 'fr'"


def test_remote_surcharge_only_on_remote_zones():
    error = broken(lambda d: d["shipping"]["zones"]["远"].update(remote_surcharge=5))
    assert error.field == "shipping.zones.远.remote_surcharge"


def test_yuan_in_the_file_become_fen():
    policy = parse_policy(SHIPPED)
    assert policy.shipping.free_threshold_fen == SHIPPED["shipping"]["free_shipping"]["threshold"] * 100
    data = copy.deepcopy(SHIPPED)
    data["shipping"]["default"]["first_kg"] = 8.5
    assert parse_policy(data).shipping.default_first_kg_fen == 850


def test_missing_file_raises_policy_error(tmp_path):
    with pytest.raises(PolicyError) as caught:
        load_policy(tmp_path / "nope.yml")
    assert caught.value.field == "file"
    assert "nope.yml" in str(caught.value)


def test_invalid_yaml_raises_policy_error(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("shop: [unclosed\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert caught.value.field == "file"


def test_bad_time_names_the_field(tmp_path):
    text = POLICY_FILE.read_text(encoding="utf-8").replace('cutoff: "16:00"', 'cutoff: "25:00"')
    path = tmp_path / "policy.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert caught.value.field == "dispatch.cutoff"
    assert "dispatch.cutoff" in str(caught.value) and "25:00" in str(caught.value)


def test_unquoted_time_is_refused():
    error = broken(lambda d: d["hours"]["shifts"]["day"].update(start=510))
    assert error.field == "hours.shifts.day.start"


def test_shift_may_end_at_24_00_but_not_start_there():
    assert broken(lambda d: d["hours"]["shifts"]["night"].update(start="24:00")).field == "hours.shifts.night.start"


def test_negative_fee_names_the_zone_field():
    error = broken(lambda d: d["shipping"]["zones"]["偏远"].update(first_kg=-5))
    assert error.field == "shipping.zones.偏远.first_kg"


def test_two_default_couriers_are_refused():
    error = broken(lambda d: d["couriers"][4].update(default=True))
    assert error.field == "couriers[4].default"
    assert "exactly one" in str(error)


def test_no_default_courier_is_refused():
    error = broken(lambda d: d["couriers"][0].update(default=False))
    assert error.field == "couriers"


def test_unknown_province_names_the_field():
    error = broken(lambda d: d["shipping"]["zones"]["近"]["provinces"].append("火星"))
    assert error.field == "shipping.zones.近.provinces[11]"
    assert "火星" in str(error)


def test_province_in_two_zones_is_refused():
    error = broken(lambda d: d["shipping"]["zones"]["远"]["provinces"].append("浙江"))
    assert error.field == "shipping.zones.远.provinces[11]"


def test_province_missing_from_every_zone_is_refused():
    error = broken(lambda d: d["shipping"]["zones"]["偏远"]["provinces"].remove("西藏"))
    assert error.field == "shipping.zones" and "西藏" in str(error)


def test_misspelled_key_is_refused():
    error = broken(lambda d: d["shipping"]["default"].update(frist_kg=8))
    assert error.field == "shipping.default.frist_kg"


def test_missing_section_is_refused():
    assert broken(lambda d: d.pop("returns")).field == "returns"


def test_bargaining_steps_must_increase_and_stay_within_max():
    assert broken(lambda d: d["bargaining"].update(steps_percent=[3, 12])).field == "bargaining.steps_percent[1]"
    assert broken(lambda d: d["bargaining"].update(steps_percent=[6, 3])).field == "bargaining.steps_percent[1]"


def test_promotion_ending_before_it_starts_is_refused():
    error = broken(lambda d: d["promotions"][0].update(valid_to="2025-01-01"))
    assert error.field == "promotions[0].valid_to"


def test_promotion_repeats_must_be_true_or_false():
    assert broken(lambda d: d["promotions"][3].update(repeats="yes")).field == "promotions[3].repeats"


def test_size_chart_range_must_be_min_below_max():
    error = broken(lambda d: d["size_charts"]["tops"][1].update(height_cm=[163, 158]))
    assert error.field == "size_charts.tops[1].height_cm"


def test_size_chart_must_grow():
    error = broken(lambda d: d["size_charts"]["tops"][2].update(weight_kg=[30, 40]))
    assert error.field == "size_charts.tops[2].weight_kg"


def test_invalid_payer_is_refused():
    error = broken(lambda d: d["returns"]["postage"].update(quality_problem="nobody"))
    assert error.field == "returns.postage.quality_problem"


def test_policy_error_is_a_value_error():
    assert issubclass(PolicyError, ValueError)


def test_proactive_messages_section_turns_reminders_off_and_names_bad_fields():
    from datetime import time

    shipped = load_policy(DEFAULT_POLICY_FILE).proactive
    assert shipped.unpaid_reminder and shipped.late_parcel and shipped.unpaid_after_minutes == 30
    assert (shipped.quiet_hours.start, shipped.quiet_hours.end) == (time(22, 0), time(8, 0))
    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"))
    data["proactive"]["unpaid_reminder"]["enabled"] = False
    del data["proactive"]["quiet_hours"]
    changed = parse_policy(data).proactive
    assert not changed.unpaid_reminder and changed.quiet_hours is None
    del data["proactive"]
    assert parse_policy(data).proactive.unpaid_reminder  # the section is optional
    assert broken(lambda d: d["proactive"]["unpaid_reminder"].update(after_minutes=0)).field == \
        "proactive.unpaid_reminder.after_minutes"
    assert broken(lambda d: d["proactive"]["unpaid_reminder"].update(enabled="no")).field == \
        "proactive.unpaid_reminder.enabled"
    assert broken(lambda d: d["proactive"]["quiet_hours"].update(start="25:00")).field == "proactive.quiet_hours.start"
    assert broken(lambda d: d["proactive"]["late_parcel"].update(enabeld=True)).field == "proactive.late_parcel.enabeld"
