"""make eval's building blocks: the keyword baseline and the cross-validation folds."""
from collections import Counter

from bot.evaluation.data import stratified_folds
from bot.evaluation.keyword import KeywordClassifier, keys
from bot.evaluation.scoring import evaluate, mean_and_spread


def test_keys_cut_chinese_into_characters_and_bigrams_and_keep_latin_words():
    assert keys("Where is 快递?") == ["where", "is", "快", "递", "快递"]


def test_keyword_baseline_votes_for_the_intent_its_words_belong_to():
    texts = ["我要退货", "怎么退货", "退货流程", "包邮吗", "包邮不", "新疆包邮吗", "refund please", "i want a refund"]
    intents = ["request_return"] * 3 + ["ask_shipping_fee"] * 3 + ["request_refund"] * 2
    classifier = KeywordClassifier().fit(texts, intents)
    assert classifier.predict("这件能退货吗") == "request_return"
    assert classifier.predict("西藏包邮吗") == "ask_shipping_fee"
    assert classifier.predict("Refund!") == "request_refund"
    assert classifier.predict("今天天气") == "nlu_fallback"


def test_folds_spread_every_language_and_intent_evenly():
    labels = [("zh", "greet")] * 10 + [("en", "greet")] * 5 + [("zh", "thank")] * 7
    folds = stratified_folds(labels, 5)
    for label in set(labels):
        sizes = Counter(f for f, l in zip(folds, labels) if l == label)
        assert max(sizes.values()) - min(sizes.values()) <= 1
        assert len(sizes) == min(5, labels.count(label))
    assert stratified_folds(labels, 5) == folds


def test_confusions_and_spread():
    result = evaluate(["a"] * 5 + ["b"] * 5, ["a"] * 5 + ["a", "a", "b", "b", "b"])
    assert result.confusions == [("b", "a", 2)]
    assert result.accuracy == 0.8
    mean, spread = mean_and_spread([0.5, 0.7])
    assert abs(mean - 0.6) < 1e-9 and abs(spread - 0.1) < 1e-9
