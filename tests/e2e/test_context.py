"""Follow-ups over REST against the real servers: a new value repeats the last question, once."""
from __future__ import annotations

import re


def test_zh_postage_follow_ups_with_only_a_new_place(chat):
    first = chat.say("发新疆运费多少")
    assert "新疆" in first[0] and "元" in first[0]
    for text, place in (("那发西藏呢", "西藏"), ("寄广东呢", "广东"), ("广东广州", "广东"), ("寄深圳呢", "广东")):
        replies = chat.say(text)
        assert len(replies) == 1 and place in replies[0] and "元" in replies[0], (text, replies)


def test_en_postage_follow_ups(chat):
    assert "Xinjiang" in chat.say("how much is shipping to Xinjiang")[0]
    for text, place in (("what about Tibet?", "Tibet"), ("and Guangdong?", "Guangdong"), ("and guangzhou?", "Guangdong"),
                        ("shipping to chengdu?", "Sichuan")):
        replies = chat.say(text)
        assert len(replies) == 1 and place in replies[0] and "¥" in replies[0], (text, replies)


def test_two_pieces_after_a_postage_question_is_quoted_for_two(chat):
    one = chat.say("卫衣发浙江运费多少")[0]
    two = chat.say("两件呢")
    assert len(two) == 1 and "浙江" in two[0], two
    weight = lambda reply: float(reply.split("约")[1].split("kg")[0]) if "约" in reply else None
    assert weight(one) and weight(two[0]) == 2 * weight(one) or "包邮" in two[0], (one, two)


def _listed_names(reply: str, price_mark: str) -> list:
    return re.findall(rf"^\d+\. (.+?) \S*{price_mark}", reply, re.MULTILINE)


def test_zh_the_nth_item_of_a_suggestion_list(chat):
    names = _listed_names(chat.say("亲 想买件外套 有什么推荐的吗")[0], "元")
    assert len(names) >= 2, names
    assert names[1] in chat.say("第二款是什么面料")[0]
    assert names[0] in chat.say("第一款呢")[0]


def test_en_the_nth_item_of_a_suggestion_list_and_no_guess_without_one(chat):
    names = _listed_names(chat.say("what do you recommend for dry skin")[0], "¥")
    assert len(names) >= 2, names
    which = chat.say("what is it made of?")[0]
    assert all(name in which for name in names), which
    assert names[1] in chat.say("what's the second one made of")[0]
    assert names[0] in chat.say("and the first one?")[0]
