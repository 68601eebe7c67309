"""The evaluation arithmetic: accuracy and macro-F1 over intents with enough examples."""
from tools.evaluation.scoring import score


def test_scores_only_intents_with_enough_examples():
    gold = ["a"] * 5 + ["b"] * 5 + ["c"]
    predicted = ["a"] * 5 + ["a", "b", "b", "b", "b"] + ["a"]
    accuracy, macro_f1, scores = score(gold, predicted)
    assert accuracy == 0.9
    by_intent = {s.intent: s for s in scores}
    assert by_intent["b"].recall == 0.8 and by_intent["b"].precision == 1.0
    assert round(macro_f1, 3) == round((by_intent["a"].f1 + by_intent["b"].f1) / 2, 3)
    assert by_intent["c"].f1 == 0.0
