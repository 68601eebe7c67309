"""Follow-ups repeat the last question with the new value, wherever the NLU sent them."""
from actions.followup import ActionOutOfScope
from actions.handoff import ActionFallback
from actions.order_access import ActionResumeTask
from tests.actions.conftest import make_tracker, responses, run


def _asked(text, intent, value, entity_name):
    return {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": intent}, "entities": [
        {"entity": entity_name, "value": value, "start": text.index(value), "end": text.index(value) + len(value)}]}}


def _then(text, intent, value, entity_name, previous):
    start = text.index(value)
    entity = {"entity": entity_name, "value": value, "start": start, "end": start + len(value)}
    return make_tracker(text, intent, [entity], events=previous, **{entity_name: value})


def test_another_province_after_a_postage_question_gets_its_postage():
    asked = [_asked("发新疆运费多少", "ask_shipping_fee", "新疆", "province"), {"event": "bot", "text": "..."}]
    for action, intent in ((ActionOutOfScope(), "out_of_scope"), (ActionFallback(), "nlu_fallback"),
                           (ActionResumeTask(), "inform")):
        messages, _ = run(action, _then("那发西藏呢", intent, "西藏", "province", asked))
        assert responses(messages) and responses(messages)[0].startswith("utter_shipping"), (intent, messages)
        assert messages[0]["province"] == "西藏"


def test_out_of_scope_without_a_question_before_stays_out_of_scope():
    messages, _ = run(ActionOutOfScope(), make_tracker("今天天气怎么样", "out_of_scope"))
    assert responses(messages) == ["utter_out_of_scope"]


def _ranked(text, *ranking):
    tracker = make_tracker(text, "nlu_fallback")
    tracker.latest_message["intent_ranking"] = [{"name": n, "confidence": c} for n, c in ranking]
    return tracker


def test_unsure_between_two_tasks_the_bot_asks_which_with_buttons():
    tracker = _ranked("东西咋还没到啊能不能快点", ("nlu_fallback", 0.45), ("track_logistics", 0.40),
                      ("urge_shipment", 0.35))
    messages, events = run(ActionFallback(), tracker)
    assert responses(messages) == ["utter_clarify"]
    assert (messages[0]["first"], messages[0]["second"]) == ("查物流", "催发货")
    assert (messages[0]["first_intent"], messages[0]["second_intent"]) == ("track_logistics", "urge_shipment")
    assert events == []


def test_the_third_miss_in_a_row_counts_out_of_scope_and_hands_over():
    missed = [{"event": "user", "text": "?", "parse_data": {"intent": {"name": "nlu_fallback"}}},
              {"event": "user", "text": "天气", "parse_data": {"intent": {"name": "out_of_scope"}}}]
    messages, events = run(ActionOutOfScope(), make_tracker("讲个笑话", "out_of_scope", events=missed, sender="lost-2"))
    assert "utter_out_of_scope" not in responses(messages)
    assert any(e.get("event") == "pause" for e in events)
