"""Follow-ups over REST against the real servers: a new value repeats the last question, once."""
from __future__ import annotations


def test_zh_postage_follow_ups_with_only_a_new_place(chat):
    first = chat.say("发新疆运费多少")
    assert "新疆" in first[0] and "元" in first[0]
    for text, place in (("那发西藏呢", "西藏"), ("寄广东呢", "广东")):
        replies = chat.say(text)
        assert len(replies) == 1 and place in replies[0] and "元" in replies[0], (text, replies)


def test_en_postage_follow_ups(chat):
    assert "Xinjiang" in chat.say("how much is shipping to Xinjiang")[0]
    for text, place in (("what about Tibet?", "Tibet"), ("and Guangdong?", "Guangdong")):
        replies = chat.say(text)
        assert len(replies) == 1 and place in replies[0] and "¥" in replies[0], (text, replies)
