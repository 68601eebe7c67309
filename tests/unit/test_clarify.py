"""Ask instead of guessing (bot.service.clarify)."""
from bot.service.clarify import missed_in_a_row, two_choices


def _r(name, confidence):
    return {"name": name, "confidence": confidence}


def test_two_plausible_things_to_do_are_offered_best_first():
    ranking = [_r("nlu_fallback", 0.45), _r("track_logistics", 0.38), _r("urge_shipment", 0.31), _r("greet", 0.1)]
    assert two_choices(ranking) == ("track_logistics", "urge_shipment")


def test_no_choice_when_the_second_is_implausible_or_no_task():
    assert two_choices([_r("nlu_fallback", 1), _r("track_logistics", 0.4), _r("urge_shipment", 0.05)]) is None
    assert two_choices([_r("nlu_fallback", 1), _r("greet", 0.4), _r("urge_shipment", 0.3)]) is None
    assert two_choices([_r("nlu_fallback", 1)]) is None


def _u(intent):
    return {"event": "user", "parse_data": {"intent": {"name": intent}}}


def test_misses_in_a_row_count_out_of_scope_too_and_stop_at_an_understood_message():
    assert missed_in_a_row([_u("nlu_fallback"), {"event": "bot"}, _u("out_of_scope"), _u("nlu_fallback")]) == 3
    assert missed_in_a_row([_u("nlu_fallback"), _u("greet"), _u("out_of_scope")]) == 1
    assert missed_in_a_row([_u("nlu_fallback"), {"event": "restart"}, _u("out_of_scope")]) == 1
