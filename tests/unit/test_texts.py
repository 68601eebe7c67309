"""Buyer-facing texts come from domain.yml in both languages (bot.texts, bot.i18n.label)."""
from bot.i18n import label
from bot.texts import responses, text


def test_labels_of_stored_values_in_both_languages():
    assert label("order_state", "paid", "zh") == "已付款，待发货"
    assert label("order_state", "paid", "en") == "paid, waiting to be shipped"
    assert label("order_state", "no_such_state", "en") == "no_such_state"


def test_placeholders_are_filled_and_an_unknown_text_falls_back():
    assert text("utter_text_deal_gift", "zh", gift="护手霜") == "，送护手霜"
    assert text("utter_widget_title", "en", shop="Xiaoer Select") == "Xiaoer Select customer service"
    assert text("utter_no_such_text", "zh", default="-") == "-"


def test_no_code_keeps_its_own_bilingual_table_of_texts():
    """The texts that used to live in Python dicts are responses now, each with zh and en."""
    for name in ("utter_rating_prompt", "utter_rating_thanks", "utter_rating_already", "utter_console_title",
                 "utter_text_return_postage_buyer", "utter_label_proposal_cancel"):
        assert text(name, "zh") != text(name, "en") and name in responses()


def test_list_joiner_money_and_dates_come_from_the_domain():
    from datetime import date

    from bot.i18n import day, money
    from bot.texts import in_each_language, joiner

    assert (joiner("zh"), joiner("en")) == ("、", ", ")
    assert (money(1250, "zh"), money(1250, "en"), money(9900, "en")) == ("12.5元", "¥12.5", "¥99")
    assert (day(date(2026, 11, 5), "zh"), day(date(2026, 11, 25), "en"), day(date(2026, 11, 5), "en")) == (
        "11月5日", "Nov 25", "Nov 5")
    assert in_each_language("utter_text_every_day") == {"zh": "每天", "en": "every day"}
