"""The product page the buyer chats from is the product they mean until they name another."""
from actions.bargain import ActionBargain
from actions.catalog import ActionStock
from tests.actions.conftest import entity, make_tracker, responses, run, slot_values

HOODIE_PAGE = "SKU-1001"  # 加绒连帽卫衣: white XL sold out in the demo shop


def test_a_stock_question_on_a_product_page_is_about_that_product():
    tracker = make_tracker("白色xl有吗", "ask_stock", [entity("color", "白色"), entity("size", "XL")],
                           page=HOODIE_PAGE)
    messages, events = run(ActionStock(), tracker)
    assert responses(messages)[0] == "utter_stock_out" and messages[0]["variant"] == "白色 XL"
    assert slot_values(events)["product"] == "加绒连帽卫衣"


def test_without_a_page_or_a_product_the_bot_asks_which():
    messages, _ = run(ActionStock(), make_tracker("白色xl有吗", "ask_stock",
                                                  [entity("color", "白色"), entity("size", "XL")]))
    assert "utter_stock_out" not in responses(messages)
    assert "utter_stock_available" not in responses(messages)


def test_a_product_named_in_the_chat_wins_over_the_page():
    tracker = make_tracker("羽绒服白色M有吗", "ask_stock", [entity("product", "羽绒服"), entity("color", "白色"),
                                                          entity("size", "M")], page=HOODIE_PAGE)
    _, events = run(ActionStock(), tracker)
    assert slot_values(events)["product"] == "白鸭绒短款羽绒服"


def test_bargaining_on_a_product_page_is_for_that_product():
    messages, events = run(ActionBargain(), make_tracker("能便宜点吗", "bargain", page=HOODIE_PAGE, language="en"))
    assert responses(messages) == ["utter_bargain_offer"]
    assert slot_values(events)["bargain_product"] == HOODIE_PAGE
