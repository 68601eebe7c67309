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
