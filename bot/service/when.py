"""Is the buyer asking WHEN (service hours, a refund's arrival) or asking the shop for something?

"客服几点上班", "人工什么时候在", "when are you online", "customer care hours", "is a person
there now?" ask when people answer: they get the hours and, while someone is on duty, an offer to connect. "转人工", "let me
talk to a person", "我要人工 你们几点上班" ask for a person: they are handed over (the handoff
reply says when a person answers). "退款什么时候到账", "when will my refund arrive" ask about a
refund under way, not for a new one. Plain functions over the message text, no Rasa.
"""
from __future__ import annotations

import re

# asking for a person now: wins over any question about time in the same message
_PERSON_REQUEST_ZH = re.compile(
    r"转(?:接)?(?:到)?(?:个|一下)?(?:人工|真人|客服)|转接|我找(?:个)?(?:人工|真人|客服)|(?:我|俺)(?:要|想|需要)(?:找|跟|和|联系)?(?:个|一下)?(?:人工|真人|客服|活人)|"
    r"(?:给我|帮我|替我)(?:转|接|找|叫|换)|(?:叫|喊|找|换|接)(?:个|一下|你们)?(?:的)?(?:人工|真人|活人|客服)|"
    r"(?:不要|别|不想)(?:跟|和)?(?:机器人|机器)|人工[!！]|^\s*(?:人工|真人|人工客服)\s*[!！。.]*\s*$")
_PERSON_REQUEST_EN = re.compile(
    r"\b(?:transfer|connect|put|pass|hand)\s+me\b|\bput me through\b|\blet me (?:talk|speak|chat)\b|"
    r"\bget me (?:a |an |some |the |your )?(?:real )?(?:human|person|agent|someone|rep|representative|manager)\b|"
    r"\bi(?:'d| would)? (?:want|need|wanna|like|demand) (?:to (?:talk|speak|chat) (?:to|with) )?"
    r"(?:a |an |some |the |your )?(?:real )?(?:human|person|agent|someone|rep|representative|manager|people)\b|"
    r"\bno (?:more )?bots?\b|^\s*(?:human|agent|real person|representative)\s*[!.]*\s*$", re.IGNORECASE)
_TIME_ZH = re.compile(
    r"几点|什么时候|啥时候|什么时间|啥时间|何时|时间|上班|下班|营业|值班|周末|节假日|假期|晚上|早上|白天|半夜|凌晨|"
    r"明天|几号|哪天|多久|多长时间|到几点")
_TIME_EN = re.compile(
    r"\bwhen\b|\bwhat time\b|\bhours?\b|\bopen(?:ing)?\b|\bclos(?:e|ed|ing)\b|\bschedule\b|\bweekends?\b|"
    r"\b(?:satur|sun)days?\b|\btonight\b|\btomorrow\b|\bhow long\b|\bshifts?\b|\btimings?\b|\b24\s*/\s*7\b",
    re.IGNORECASE)

# whether someone is there to answer now: "is a person there now?", "anyone online?" (but
# "hello, anyone there?" is a greeting, like 在吗)
_PRESENCE_EN = re.compile(
    r"\b(?:is|are)\s+(?:there\s+)?(?:a |an |any |some |your )?(?:real )?"
    r"(?:person|human|people|agents?|staff|representatives?)\b"
    r"(?:\s+\w+){0,2}?\s+(?:there|around|available|online|on duty|now)\b|"
    r"\b(?:anyone|anybody|someone)\s+(?:available|online|on duty|(?:there|around)\s+(?:now|right now))\b",
    re.IGNORECASE)

# who answers a shop's chat: a question about the time that names them is about the service hours
_SERVICE_PEOPLE = re.compile(
    r"客服|人工|真人|店家|掌柜|有人|\b(?:agents?|staff|customer\s*(?:care|service|support)|support|online|human|"
    r"person|people|someone|anyone|representatives?|reps?|you(?:\s*guys)?)\b", re.IGNORECASE)
_REFUND = re.compile(r"退款|退钱|钱|款|refund|money|reimburs", re.IGNORECASE)
_ARRIVAL_ZH = re.compile(r"什么时候|啥时候|几时|何时|多久|几天|到账|到了没|到没到|退回来了?吗|退了吗|进度|还没(?:收到|到)|怎么还没")
_ARRIVAL_EN = re.compile(
    r"\bwhen\b|\bhow long\b|\bstatus\b|\bprogress\b|\bstill (?:not|no|waiting|haven'?t)\b|\bnot (?:yet )?(?:received|got)\b|"
    r"\bhaven'?t (?:got|received)\b|\barrive\b|\bwhere is my (?:refund|money)\b", re.IGNORECASE)
_REFUND_REQUEST = re.compile(
    r"我要退款|我想退款|要求退款|申请退款|帮我退|给我退|退了吧|\bi (?:want|need|would like|'d like) (?:a |my )?refund\b|"
    r"\brefund me\b|\bplease refund\b", re.IGNORECASE)


def _is_command(text: str) -> bool:
    return text.lstrip().startswith("/")


def asks_for_person(text: str) -> bool:
    """True when the message asks to be put through to a person ("转人工", "let me talk to a human")."""
    text = text or ""
    if _is_command(text):
        return text.strip() == "/ask_human"
    return bool(_PERSON_REQUEST_ZH.search(text) or _PERSON_REQUEST_EN.search(text))


def asks_service_hours(text: str) -> bool:
    """True when the message asks when people answer and does not ask for one now.

    "客服几点上班", "人工什么时候在", "when are you online", "customer care hours": True.
    "转人工", "let me talk to a person", "我要人工，你们几点上班", a button's "/ask_human": False.
    """
    text = (text or "").strip()
    if not text or _is_command(text) or asks_for_person(text):
        return False
    return bool(_TIME_ZH.search(text) or _TIME_EN.search(text) or _PRESENCE_EN.search(text))


def asks_service_hours_plainly(text: str) -> bool:
    """asks_service_hours for a message the NLU did not understand: it must also name who answers
    ("when are you online", "客服几点在"), so "when will it arrive" is not taken for the hours."""
    return asks_service_hours(text) and bool(_SERVICE_PEOPLE.search(text or ""))


def asks_refund_arrival(text: str) -> bool:
    """True when the message asks when (or whether) a refund under way arrives, not for a new one.

    "退款什么时候到账", "钱什么时候退回来", "when will my refund arrive", "refund status?": True.
    "我要退款", "I want a refund", "can I get a refund": False.
    """
    text = (text or "").strip()
    if not text or _is_command(text) or not _REFUND.search(text) or _REFUND_REQUEST.search(text):
        return False
    return bool(_ARRIVAL_ZH.search(text) or _ARRIVAL_EN.search(text))
