"""The handover reply promises a reply within minutes only while an agent has the console open
(agent presence in the shop database, on any server process); in service hours with nobody
online it says so instead; out of hours it says when the next shift starts, as before."""
from datetime import datetime, timedelta

import pytest
from rasa_sdk.events import ConversationPaused

from actions.handoff import ActionHandoff
from bot import texts
from bot.service.presence import STALE_AFTER
from tests.actions.conftest import make_tracker, responses, run, slot_values
from tests.conftest import NOW, console_open

NIGHT = datetime(2026, 11, 18, 2, 0)


@pytest.fixture
def at_night(monkeypatch):
    import actions.common as common

    monkeypatch.setattr(common, "shop_now", lambda: NIGHT)


def ask_for_a_person(text="转人工", intent="ask_human", language="zh"):
    return run(ActionHandoff(), make_tracker(text, intent, sender=f"presence-{text}", language=language))


@pytest.mark.parametrize("text, language", [("转人工", "zh"), ("let me talk to a person", "en")])
def test_in_service_hours_with_nobody_online_no_wait_in_minutes_is_promised(fresh_shop, text, language):
    messages, events = ask_for_a_person(text, language=language)
    assert responses(messages) == ["utter_handoff_nobody_online"]
    assert "minutes" not in messages[0]
    said = texts.text("utter_handoff_nobody_online", language)
    assert "{minutes}" not in said and "分钟" not in said and "minute" not in said
    assert ("no agent is online" in said) if language == "en" else ("客服暂时都不在线" in said)
    assert events[-1] == dict(ConversationPaused())


def test_a_complaint_with_nobody_online_gets_the_apology_and_the_honest_wait(fresh_shop):
    messages, _ = ask_for_a_person("再不处理就给差评", "complaint")
    assert responses(messages) == ["utter_complaint_sorry", "utter_handoff_nobody_online"]


def test_with_an_agent_online_the_reply_says_within_how_many_minutes(fresh_shop):
    console_open(fresh_shop)
    messages, events = ask_for_a_person()
    assert responses(messages) == ["utter_handoff_open"] and messages[0]["minutes"] == 5
    assert "{minutes}分钟内回复" in texts.text("utter_handoff_open", "zh")
    assert events[-1] == dict(ConversationPaused())


def test_a_console_not_seen_for_the_stale_limit_does_not_count(fresh_shop):
    console_open(fresh_shop, seen_at=NOW - STALE_AFTER - timedelta(seconds=1))
    messages, _ = ask_for_a_person()
    assert responses(messages) == ["utter_handoff_nobody_online"]


@pytest.mark.parametrize("online", [False, True])
def test_out_of_hours_the_reply_says_when_the_shift_starts_as_before(fresh_shop, at_night, online):
    if online:
        console_open(fresh_shop, seen_at=NIGHT)
    messages, events = ask_for_a_person()
    assert responses(messages) == ["utter_handoff_closed"]
    assert messages[0]["next_open"] == "11月18日 08:30"
    assert events[-1] == dict(ConversationPaused())


def test_asking_when_with_nobody_online_offers_to_queue_instead_of_saying_someone_is_on_duty(fresh_shop):
    messages, events = run(ActionHandoff(), make_tracker("客服几点上班", "ask_human", sender="when-nobody"))
    assert responses(messages) == ["utter_service_hours_open_nobody_online"]
    assert "agents" not in messages[0] and "minutes" not in messages[0]
    assert slot_values(events) == {"human_offered": True}
    for language in ("zh", "en"):
        said = texts.text("utter_service_hours_open_nobody_online", language)
        assert "{minutes}" not in said and "{agents}" not in said


def test_asking_when_names_the_agents_online_not_the_roster(fresh_shop):
    console_open(fresh_shop)
    messages, _ = run(ActionHandoff(), make_tracker("客服几点上班", "ask_human", sender="when-online"))
    assert responses(messages) == ["utter_service_hours_open"]
    assert "小美" in messages[0]["agents"]
    assert "小雅" not in messages[0]["agents"] and "阿杰" not in messages[0]["agents"]
