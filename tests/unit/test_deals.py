"""Closing a bargain (bot.service.deals): which words take the offer, and on which terms."""
import pytest

from bot.service.deals import Offer, Terms, agreed_terms, closes_deal


@pytest.mark.parametrize("text", ["成交", "126就126吧 成交", "那就这个价吧", "行 就这么定了", "那就拍了", "我要了",
                                  "ok deal", "Deal, with the coupon", "I'll take the hand cream", "ok fine then"])
def test_words_that_take_the_offer(text):
    assert closes_deal(text)


@pytest.mark.parametrize("text", ["能便宜点吗", "130卖吗", "不成交", "算了不要了", "no deal", "最低多少",
                                  "can you do 120", "I won't take it at that price", ""])
def test_words_that_do_not(text):
    assert not closes_deal(text)


def test_the_buyer_takes_the_gift_unless_they_name_the_coupon():
    offer = Offer("SKU-1013", 54000, "护手霜小样一支", "a free hand-cream sample", 500)
    assert agreed_terms(offer, "好的") == Terms(54000, gift_zh="护手霜小样一支", gift_en="a free hand-cream sample")
    assert agreed_terms(offer, "要优惠券吧 成交") == Terms(54000, coupon_fen=500)
    assert agreed_terms(Offer("SKU-1013", 54000, coupon_fen=500), "ok") == Terms(54000, coupon_fen=500)


def test_a_slot_value_round_trips_and_junk_is_no_offer():
    offer = Offer("SKU-1013", 54000, "护手霜小样一支", "a free hand-cream sample", 500)
    assert Offer.from_slot(offer.to_slot()) == offer
    for junk in (None, "offer", {"product": "", "price_fen": 100}, {"product": "SKU-1", "price_fen": -5},
                 {"product": "SKU-1", "price_fen": "100"}):
        assert Offer.from_slot(junk) is None
