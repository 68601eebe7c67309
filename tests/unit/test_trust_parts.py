"""The small trust pieces: message intake, the sealed sender envelope, the verification gate, session owners."""
from datetime import datetime, timedelta

from bot.channels import intake
from bot.service import verification
from bot.service.envelope import KEY, Envelope, open_sealed, seal
from bot.service.sessions import resume_or_start
from bot.shop.db import session_scope

SECRET = "unit-action-token-0123456789"
NOW = datetime(2026, 11, 30, 12, 0)


def test_intake_cleans_invalid_unicode_and_refuses_over_long_messages_with_a_reason():
    assert intake.take("包邮\ud800吗\u202e\x00", 1000).text == "包邮吗"
    assert intake.take("   \u200b ", 1000).problem == "empty"
    assert intake.take(["hi"], 1000).problem == "not_text"
    long = intake.take("好" * 1001, 1000)
    assert long.problem == "too_long" and "1001" in long.refusal(1000) and "1000" in long.refusal(1000)
    assert "1000" in intake.take("word " * 300, 1000).refusal(1000) and "too long" in intake.take("word " * 300, 1000).refusal(1000)
    assert intake.take("x" * 10**6, 1000).problem == "too_long"
    assert intake.take("好" * 1000, 1000).problem is None


def test_client_address_trusts_forwarded_for_only_behind_our_proxy():
    assert intake.client_address("10.0.0.1", "1.2.3.4, 10.0.0.1", trust_proxy=False) == "10.0.0.1"
    assert intake.client_address("10.0.0.1", "6.6.6.6, 1.2.3.4", trust_proxy=True) == "1.2.3.4"


def test_an_envelope_opens_only_with_our_secret_for_its_own_conversation():
    sealed = {KEY: seal(SECRET, Envelope("widget", "chat-1", "demo_buyer", 2000, "addr", "tab"))}
    assert open_sealed(SECRET, sealed, "chat-1").buyer_at(1000) == "demo_buyer"
    assert open_sealed(SECRET, sealed, "chat-1").buyer_at(3000) is None
    assert open_sealed(SECRET, sealed, "chat-2") is None
    assert open_sealed("another-secret-0123456789", sealed, "chat-1") is None
    tampered = {KEY: {**sealed[KEY], "buyer": "someone_else"}}
    assert open_sealed(SECRET, tampered, "chat-1") is None
    assert open_sealed(SECRET, {"buyer": "demo_buyer"}, "chat-1") is None


def test_the_gate_slows_after_the_first_order_failure_and_locks_at_five():
    assert verification.decide(1, 1, NOW, NOW).open
    assert verification.decide(2, 2, NOW, NOW).wait_seconds == 16
    assert verification.decide(2, 2, NOW, NOW + timedelta(seconds=16)).open
    assert verification.decide(4, 4, NOW, NOW).wait_seconds == 61
    assert verification.decide(5, 5, NOW, NOW + timedelta(hours=5)).locked
    assert verification.decide(0, 4, NOW, NOW).open and verification.decide(0, 5, NOW, NOW).wait_seconds == 16
    assert verification.decide(0, 20, None, NOW).locked
    assert verification.decide(0, 19, NOW, NOW).wait_seconds <= verification.MAX_DELAY_SECONDS + 1


def test_a_session_is_resumed_only_by_its_owner(shop_db):
    with session_scope(shop_db) as s:
        signed = resume_or_start(s, None, "demo_buyer", NOW)
        anonymous = resume_or_start(s, None, None, NOW)
    with session_scope(shop_db) as s:
        assert resume_or_start(s, signed, "demo_buyer", NOW) == signed
        assert resume_or_start(s, signed, None, NOW) != signed
        assert resume_or_start(s, signed, "other_buyer", NOW) != signed
        assert resume_or_start(s, anonymous, None, NOW) == anonymous
        assert resume_or_start(s, anonymous, "demo_buyer", NOW) != anonymous
        assert resume_or_start(s, "f" * 32, None, NOW) != "f" * 32
        assert resume_or_start(s, "../../etc", None, NOW) != "../../etc"


def test_an_idle_anonymous_session_is_not_resumed_but_a_buyers_own_is(shop_db):
    from bot.service.sessions import touch

    with session_scope(shop_db) as s:
        anonymous = resume_or_start(s, None, None, NOW)
        signed = resume_or_start(s, None, "demo_buyer", NOW)
    with session_scope(shop_db) as s:
        touch(s, anonymous, NOW + timedelta(minutes=20))
    with session_scope(shop_db) as s:
        assert resume_or_start(s, anonymous, None, NOW + timedelta(minutes=45)) == anonymous
    later = NOW + timedelta(hours=2)
    with session_scope(shop_db) as s:
        assert resume_or_start(s, anonymous, None, later) != anonymous
        assert resume_or_start(s, signed, "demo_buyer", later) == signed
