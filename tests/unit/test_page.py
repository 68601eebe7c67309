"""The product page a message comes from (bot.service.page): a well-formed code, used only when the
message points at the page's product."""
import pytest

from bot.service.page import about_the_page, page_product


def test_only_a_well_formed_code_is_taken_from_the_metadata():
    assert page_product({"page_product": "SKU-1001"}) == "SKU-1001"
    for junk in (None, {}, {"page_product": "<script>"}, {"page_product": "x" * 40}, {"page_product": 7}):
        assert page_product(junk) is None


@pytest.mark.parametrize("text", ["白色xl还有吗", "能便宜点吗", "165 100斤穿什么码", "这款洗了会缩水吗",
                                  "is white xl in stock?", "can you give me a better price?",
                                  "will this one shrink after washing and can I tumble dry it at all"])
def test_short_messages_and_this_one_are_about_the_page(text):
    assert about_the_page(text)


@pytest.mark.parametrize("text", ["亲 你们家那个筋膜枪肩颈能用吗 我天天对着电脑脖子特别僵 力度会不会太大啊",
                                  "筋膜枪的话 有没有优惠卷呀 想买两个送爸妈",
                                  "hi does the yoga mat u sell have a non slip bottom, my floor is tiles and i sweat alot"])
def test_a_long_message_about_something_else_is_not(text):
    assert not about_the_page(text)
