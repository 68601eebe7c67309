"""Signed identities, the per-session rate limit and the history shown after a reload."""
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.channels.history import messages
from bot.channels.identity import sign, verify
from bot.channels.ratelimit import RateLimiter

SECRET = "a-test-secret-of-some-length"


def test_valid_signature_names_the_buyer():
    identity = {"buyer": "demo_buyer", "expires": 2000, "signature": sign(SECRET, "demo_buyer", 2000)}
    assert verify(SECRET, identity, now=1000) == "demo_buyer"


def test_expired_forged_or_missing_identity_is_anonymous():
    good = sign(SECRET, "demo_buyer", 2000)
    assert verify(SECRET, {"buyer": "demo_buyer", "expires": 2000, "signature": good}, now=2001) is None
    assert verify(SECRET, {"buyer": "other_buyer", "expires": 2000, "signature": good}, now=1000) is None
    assert verify(SECRET, {"buyer": "demo_buyer", "expires": 3000, "signature": good}, now=1000) is None
    assert verify("another-secret-entirely", {"buyer": "demo_buyer", "expires": 2000, "signature": good}, now=1000) is None
    assert verify(SECRET, None) is None and verify(SECRET, {"buyer": "demo_buyer"}) is None
    assert verify(None, {"buyer": "demo_buyer", "expires": 2000, "signature": good}, now=1000) is None


def test_rate_limit_allows_a_burst_then_asks_to_wait():
    now = [0.0]
    limiter = RateLimiter(burst=3, per_minute=60, clock=lambda: now[0])
    assert [limiter.allow("s1") for _ in range(3)] == [0, 0, 0]
    assert limiter.allow("s1") > 0
    assert limiter.allow("s2") == 0
    now[0] = 1.0
    assert limiter.allow("s1") == 0


def test_history_keeps_buyer_bot_and_agent_messages_with_buttons():
    events = [
        UserUttered("/track_logistics", metadata={"display": "查物流"}),
        ActionExecuted("action_track_logistics"),
        BotUttered("亲，在路上啦", data={"buttons": [{"title": "好的", "payload": "/affirm"}]}),
        BotUttered("我是小美", metadata={"agent": "小美"}),
    ]
    shown = messages(events)
    assert [m["sender"] for m in shown] == ["buyer", "bot", "agent"]
    assert shown[0]["text"] == "查物流"
    assert shown[1]["buttons"] == [{"title": "好的", "payload": "/affirm"}]
    assert shown[2]["name"] == "小美"
