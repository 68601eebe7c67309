"""Asking WHEN people answer (or a refund arrives) versus asking for a person (or a refund)."""
import pytest

from bot.service.when import asks_for_person, asks_refund_arrival, asks_service_hours

HOURS_QUESTIONS = [
    "客服几点上班", "人工什么时候在", "人工客服什么时候上班啊", "你们客服几点下班", "客服上班时间是几点到几点",
    "晚上有客服吗", "周末有人工客服吗", "人工客服工作时间", "亲 你们几点有人工", "明天几点有人", "客服啥时候在线",
    "真人客服一般什么时间在", "人工多久能回复", "节假日有客服吗", "客服营业时间",
    "when are you online", "customer care hours", "what time do your agents start?", "what are your opening hours",
    "when can I talk to a person?", "are agents available on weekends", "what time does customer service close",
    "when is a human available", "Customer service hours?", "how long until someone answers", "are you open tomorrow",
    "what are your support timings", "is a person there now?", "anyone online?", "are any agents available right now",
    "is there a human around",
]
PERSON_REQUESTS = [
    "转人工", "人工", "人工客服几点上班 我找人工", "人工！", "我要人工客服", "叫你们客服来", "给我转人工", "帮我转接一下", "我要找真人",
    "不要机器人", "找个人工", "我要人工 你们几点上班", "转人工，什么时候有人", "我想跟真人说",
    "let me talk to a person", "I want to speak to a human", "connect me to an agent", "transfer me please",
    "human", "agent!", "get me a real person", "I need a human, when are you open?", "put me through to someone",
    "no bots please", "i'd like to talk to a person", "/ask_human",
]
NEITHER = ["", "在吗", "/track_logistics", "运费多少", "hello", "is the hoodie available in xl",
           "are the shoes there yet", "is my parcel there now", "hello, anyone there?", "is anyone there"]


@pytest.mark.parametrize("text", HOURS_QUESTIONS)
def test_questions_about_the_hours(text):
    assert asks_service_hours(text)
    assert not asks_for_person(text)


@pytest.mark.parametrize("text", PERSON_REQUESTS)
def test_requests_for_a_person_are_not_hours_questions(text):
    assert not asks_service_hours(text)
    assert asks_for_person(text)


@pytest.mark.parametrize("text", NEITHER)
def test_messages_that_are_neither(text):
    assert not asks_for_person(text)
    assert not asks_service_hours(text) or text == ""


REFUND_ARRIVAL = [
    "退款什么时候到账", "钱什么时候退回来", "我的退款怎么还没到", "退款多久能到", "退款进度怎么样了", "钱退了吗",
    "退款几天到账啊", "when will my refund arrive", "refund status?", "I still haven't received my refund",
    "how long does the refund take", "where is my refund", "when do I get my money back",
]
REFUND_REQUESTS = ["我要退款", "帮我退款", "申请退款", "I want a refund", "please refund me", "退了吧", "退货"]


@pytest.mark.parametrize("text", REFUND_ARRIVAL)
def test_questions_about_a_refund_under_way(text):
    assert asks_refund_arrival(text)


@pytest.mark.parametrize("text", REFUND_REQUESTS)
def test_refund_requests_are_not_arrival_questions(text):
    assert not asks_refund_arrival(text)


@pytest.mark.parametrize("text, plainly", [
    ("when are you online", True), ("客服几点在", True), ("what time do your agents start?", True),
    ("when will it arrive", False), ("几点发货", False), ("what time is it", False), ("转人工", False),
])
def test_hours_questions_the_nlu_missed_must_name_who_answers(text, plainly):
    from bot.service.when import asks_service_hours_plainly

    assert asks_service_hours_plainly(text) is plainly
