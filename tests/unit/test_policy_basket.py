"""What a basket costs under the promotions: 满减, coupons, discounts in scope, stacking; the policy
fields applies_to and stacks are checked and a bad one is named."""
import copy
from datetime import date

import pytest

from bot.policy import active_promotions, load_policy
from bot.policy.basket import NOT_COMBINED, OUT_OF_SCOPE, SHORT, BasketLine, basket_total
from bot.policy.model.sales import Promotion
from tests.unit.test_policy_schema import SHIPPED, broken


def promo(pid, kind, stacks=True, **fields):
    return Promotion.parse_obj({"id": pid, "title_zh": pid, "title_en": pid, "kind": kind, "stacks": stacks,
                                "valid_from": "2026-01-01", "valid_to": "2026-12-31", **fields})


EVERY_300_30 = promo("every_300_30", "full_reduction", threshold=300, amount=30, repeats=True)
ONCE_300_30 = promo("once_300_30", "full_reduction", threshold=300, amount=30)
COUPON_59_5 = promo("coupon_59_5", "coupon", threshold=59, amount=5)
COATS_95 = promo("coats_95", "discount", percent_off=5, applies_to=["coat", "down_jacket"])
HOODIE = ("SKU-1001", ("clothing", "hoodie"))
COAT = ("SKU-1015", ("clothing", "coat"))


def line(product, unit_yuan, quantity):
    code, categories = product
    return BasketLine(code, unit_yuan * 100, quantity, categories)


def savings(total):
    return {s.promotion.id: s.saving_fen for s in total.applied}


def missed(total):
    return {m.promotion.id: (m.reason, m.short_by_fen) for m in total.missed}


def test_a_repeating_full_reduction_takes_its_amount_off_every_threshold():
    total = basket_total([EVERY_300_30], [line(HOODIE, 319, 2)])
    assert total.subtotal_fen == 63800
    assert savings(total) == {"every_300_30": 6000}
    assert total.total_fen == 57800


def test_a_full_reduction_that_does_not_repeat_counts_once():
    assert savings(basket_total([ONCE_300_30], [line(HOODIE, 319, 2)])) == {"once_300_30": 3000}


def test_a_threshold_not_reached_says_how_much_more_to_spend():
    total = basket_total([EVERY_300_30, COUPON_59_5], [line(HOODIE, 139, 2)])
    assert savings(total) == {"coupon_59_5": 500}
    assert missed(total) == {"every_300_30": (SHORT, 2200)}
    assert total.total_fen == 27800 - 500


def test_a_discount_is_not_applied_to_goods_outside_its_scope():
    total = basket_total([COATS_95], [line(HOODIE, 139, 2)])
    assert total.applied == ()
    assert missed(total) == {"coats_95": (OUT_OF_SCOPE, 0)}
    assert total.total_fen == total.subtotal_fen == 27800


def test_a_discount_in_a_mixed_basket_only_lowers_the_covered_goods():
    total = basket_total([COATS_95], [line(HOODIE, 139, 1), line(COAT, 659, 1)])
    assert savings(total) == {"coats_95": 3295}  # 5% of 659 yuan, not of the hoodie
    assert total.total_fen == 13900 + 65900 - 3295


def test_the_discount_comes_first_and_the_threshold_counts_what_is_left():
    # two 155-yuan coats are 310 yuan, at 95折 294.50: 5.50 short of 满300
    total = basket_total([EVERY_300_30, COATS_95], [line(COAT, 155, 2)])
    assert savings(total) == {"coats_95": 1550}
    assert missed(total) == {"every_300_30": (SHORT, 550)}
    assert total.total_fen == 29450


def test_a_coupon_counted_after_the_full_reduction_may_fall_short():
    total = basket_total([EVERY_300_30, COUPON_59_5], [line(HOODIE, 300, 1)])
    assert savings(total) == {"every_300_30": 3000, "coupon_59_5": 500}
    assert total.total_fen == 30000 - 3500
    short = basket_total([ONCE_300_30, promo("coupon_280_10", "coupon", threshold=280, amount=10)],
                         [line(HOODIE, 300, 1)])
    assert missed(short) == {"coupon_280_10": (SHORT, 1000)}  # 300 - 30 = 270 counts for the coupon


def test_promotions_that_stack_add_up():
    total = basket_total([EVERY_300_30, COUPON_59_5], [line(HOODIE, 139, 3)])
    assert savings(total) == {"every_300_30": 3000, "coupon_59_5": 500}
    assert total.total_fen == 41700 - 3500


def test_a_promotion_that_does_not_stack_is_never_added_to_the_others():
    lone_coupon = promo("coupon_59_5", "coupon", stacks=False, threshold=59, amount=5)
    total = basket_total([EVERY_300_30, lone_coupon], [line(HOODIE, 139, 3)])
    assert savings(total) == {"every_300_30": 3000}
    assert missed(total) == {"coupon_59_5": (NOT_COMBINED, 0)}
    assert total.total_fen == 41700 - 3000


def test_of_promotions_that_do_not_stack_the_buyer_gets_the_best():
    lone_coupon = promo("coupon_20", "coupon", stacks=False, amount=20)
    lone_reduction = promo("once_300_30", "full_reduction", stacks=False, threshold=300, amount=30)
    total = basket_total([lone_coupon, lone_reduction], [line(HOODIE, 139, 3)])
    assert savings(total) == {"once_300_30": 3000}
    assert missed(total) == {"coupon_20": (NOT_COMBINED, 0)}


def test_a_gift_reached_is_applied_without_lowering_the_price():
    gift = promo("gift_199", "gift", threshold=199)
    total = basket_total([gift], [line(HOODIE, 139, 2)])
    assert savings(total) == {"gift_199": 0} and total.total_fen == 27800


def test_a_line_without_a_price_is_refused_rather_than_guessed():
    with pytest.raises(ValueError):
        basket_total([COUPON_59_5], [BasketLine("SKU-1001", 0, 2)])


def test_the_shipped_policy_scopes_the_winter_coat_discount_and_stacks_the_coupon():
    policy = load_policy("shop_policy.yml")
    running = {p.id: p for p in active_promotions(policy, date(2026, 12, 5))}
    assert running["winter_coats_95"].applies_to == ("coat", "down_jacket")
    assert running["store_coupon_5"].stacks and running["double12_300_30"].stacks
    assert running["store_coupon_5"].applies_to is None


def test_stacks_left_out_is_false():
    assert promo("x", "gift", stacks=False).stacks is False
    data = {k: v for k, v in copy.deepcopy(SHIPPED["promotions"][0]).items() if k != "stacks"}
    assert Promotion.parse_obj(data).stacks is False


def test_bad_applies_to_and_stacks_name_the_field():
    assert broken(lambda d: d["promotions"][2].update(applies_to=[])).field == "promotions[2].applies_to"
    assert broken(lambda d: d["promotions"][2].update(applies_to="coat")).field == "promotions[2].applies_to"
    twice = broken(lambda d: d["promotions"][2].update(applies_to=["coat", "coat"]))
    assert twice.field == "promotions[2].applies_to[1]" and "twice" in str(twice)
    assert broken(lambda d: d["promotions"][0].update(stacks="yes")).field == "promotions[0].stacks"
