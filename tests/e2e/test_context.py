"""Follow-ups over REST against the real servers: a new value repeats the last question, once."""
from __future__ import annotations


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
