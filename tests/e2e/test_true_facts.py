"""Only true facts (issue 11 item 3) over REST against the real servers: stock from the SKU row,
shoe and clothes sizes from the product's own chart (the one /shop shows), prices in yuan."""
from __future__ import annotations

import urllib.request

from sqlalchemy import select

from bot.policy import load_policy
from bot.policy.sizing import chart_table
from bot.settings import PROJECT_ROOT
from bot.shop.db import session_scope
from bot.shop.models import Product, Sku


def joined(replies):
    return "\n".join(replies)


def _stock(shop_url: str, code: str, color: str, size: str) -> int:
    with session_scope(shop_url) as s:
        return s.scalars(select(Sku.stock).join(Product).where(
            Product.code == code, Sku.color_zh == color, Sku.size == size)).one()


def test_zh_white_xl_in_lower_case_is_the_white_xl_sku(chat, servers):
    chat.say("加绒连帽卫衣还有货吗")
    answer = joined(chat.say("白色xl还有吗"))
    stock = _stock(servers["shop_url"], "SKU-1001", "白色", "XL")
    assert "白色 XL" in answer
    if stock == 0:
        assert "没货" in answer and "白色 XL）有现货" not in answer and "还剩" not in answer
    else:
        assert f"还剩{stock}件" in answer


def test_en_a_discount_in_dollars_is_answered_in_yuan(chat):
    answer = joined(chat.say("$5 off the hoodie?"))
    assert "yuan (¥)" in answer and "deal" not in answer.lower() and "¥134" not in answer


def test_en_shoe_size_from_foot_length(chat):
    answer = joined(chat.say("what size white leather sneakers should I get? my foot is 24.5 cm"))
    assert "39" in answer and "40" in answer and "height" not in answer


def test_en_feet_inches_and_pounds(chat):
    answer = joined(chat.say("what size hoodie for 5'7 and 140 lb?"))
    assert "170 cm" in answer and "63.5 kg" in answer and "XL" in answer


def test_the_demo_page_shows_the_chart_the_bot_uses(servers):
    with urllib.request.urlopen(f"{servers['base']}/shop", timeout=10) as response:
        page = response.read().decode("utf-8")
    policy = load_policy(PROJECT_ROOT / "shop_policy.yml")
    for size, heights, weights in chart_table(policy, "tops")[1:]:
        assert f"<td>{size}</td><td>{heights}</td><td>{weights}</td>" in page


def test_zh_the_issues_follow_up_white_xl_after_a_stock_answer(chat, servers):
    chat.say("加绒连帽卫衣还有货吗")
    answer = joined(chat.say("白色xl呢"))
    if _stock(servers["shop_url"], "SKU-1001", "白色", "XL") == 0:
        assert "白色 XL）目前确实没货" in answer and "还剩" not in answer


def test_zh_shoe_question_then_foot_length(chat):
    asked = joined(chat.say("小白鞋穿多大码"))
    assert "脚长" in asked and "身高" not in asked
    answer = joined(chat.say("脚长24.5"))
    assert "39码" in answer and "40码" in answer
    assert "38码" in joined(chat.say("平时穿38"))


def test_goods_the_shop_does_not_sell_are_never_answered_with_another_product(chat):
    assert "Sweatshirt" in joined(chat.say("tell me about the fleece hoodie"))
    reply = joined(chat.say("hello do u have any baby wipes or diapers"))
    assert "don't sell baby wipes" in reply and "Sweatshirt" not in reply, reply
    reply = joined(chat.say("你们家有卖狗粮吗"))
    assert "没有狗粮" in reply and "卫衣" not in reply, reply
