"""Follow-ups over REST against the real servers: a new value repeats the last question."""
from __future__ import annotations


def joined(replies):
    return "\n".join(replies)


def test_zh_postage_follow_ups_with_only_a_new_place(chat):
    first = joined(chat.say("发新疆运费多少"))
    assert "新疆" in first and "元" in first
    tibet = joined(chat.say("那发西藏呢"))
    assert "西藏" in tibet and "元" in tibet, tibet
    guangdong = joined(chat.say("寄广东呢"))
    assert "广东" in guangdong and "元" in guangdong, guangdong


def test_en_postage_follow_up(chat):
    first = joined(chat.say("how much is shipping to Xinjiang"))
    assert "Xinjiang" in first
    tibet = joined(chat.say("what about Tibet?"))
    assert "Tibet" in tibet and "¥" in tibet, tibet
