"""make eval's building blocks: the keyword baseline and the cross-validation folds."""
from collections import Counter

from tools.evaluation.data import stratified_folds
from tools.evaluation.keyword import KeywordClassifier, keys
from tools.evaluation.scoring import evaluate, mean_and_spread


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


def _real(accuracy):
    return {"accuracy": accuracy, "macro_f1": accuracy, "fallback_rate": 0.1, "scores": [], "confusions": []}


def test_the_report_marks_each_goal_met_or_not_from_the_same_run(tmp_path):
    from tools.evaluation.report import goals, write_report

    meta = {"pipelines": ["xiaoer", "rasa-default"], "date": "d", "machine": "m", "minutes": 1, "model": "x",
            "own_examples": {"zh": 1}, "sets": {"real_zh": 10}, "folds": 5, "full_model_ready_seconds": 12.0,
            "cv_pipelines": ["xiaoer"]}
    real = {"real_zh": {"xiaoer": _real(0.70), "rasa-default": _real(0.60)}}
    speed = {p: {"train_seconds": 90, "load_seconds": 2, "ready_seconds": 5, "parse_p50_ms": 8, "parse_p95_ms": 20}
             for p in meta["pipelines"]}
    cv = {"zh": {p: {"accuracy": (0.91, 0.01), "macro_f1": (0.9, 0.01)} for p in meta["pipelines"]}}
    met = {label: ok for label, _, ok in goals(meta, real, speed, cv)}
    assert met["real_zh accuracy ≥ 0.65"] is True
    assert met["real_zh: ≥ 15 points over rasa-default"] is False  # +10 points only
    assert met["5-fold CV accuracy, zh ≥ 0.90"] is True
    assert met["Rasa server ready with the full model ≤ 10 s"] is False
    served = {**meta, "xiaoer_server_ready_seconds": 9.5}  # the server make run starts is what the goal is about
    assert {label: ok for label, _, ok in goals(served, real, speed, cv)}["Rasa server ready with the full model ≤ 10 s"]
    assert met["NLU training ≤ 2 min"] is True
    text = write_report(meta, real, speed, cv, tmp_path / "nlu.md")
    assert "| real_zh | 10 | xiaoer | 0.700 | 0.700 | 0.100 |" in text
    assert "| xiaoer | 90.0 | 2.0 | 5.0 | 8.00 | 20.00 |" in text


def test_writer_batches_read_example_lines_and_list_each_commit_once():
    from tools.evaluation.writers import BATCHES, batch_of_commit, example_text
    import yaml

    assert example_text("    - 这件[白色](color)的[XL]{\"entity\": \"size\"}有吗") == "这件白色的XL有吗"
    assert example_text('    - "where is my order?"') == "where is my order?"
    assert example_text("- intent: greet") is None
    assert example_text("  examples: |") is None
    batches = yaml.safe_load(BATCHES.read_text(encoding="utf-8"))["batches"]
    listed = [c for commits in batches.values() for c in commits]
    assert len(listed) == len(set(listed))
    assert batch_of_commit(listed[0] + "0" * (40 - len(listed[0])), batches) is not None
    assert batch_of_commit("f" * 40, batches) is None


def test_the_baseline_is_scored_by_its_median_seed_and_every_draw_is_reported(tmp_path):
    from tools.evaluate import _median_draw
    from tools.evaluation.report import goals, write_report

    draws = [{"seed": 1, "accuracy": 0.50}, {"seed": 2, "accuracy": 0.62}, {"seed": 3, "accuracy": 0.55}]
    assert _median_draw(draws)["seed"] == 3
    assert _median_draw(draws[:2])["seed"] == 2  # even count: the upper middle draw, never flattering our margin

    meta = {"pipelines": ["xiaoer", "rasa-default"], "date": "d", "machine": "m", "minutes": 1, "model": "x",
            "own_examples": {"zh": 1}, "sets": {"real_zh": 10}, "folds": 5, "full_model_ready_seconds": 5.0,
            "baseline_seeds": [1, 2, 3]}
    baseline = {**_real(0.55), "seed": 3,
                "draws": [{"seed": d["seed"], "accuracy": d["accuracy"], "macro_f1": d["accuracy"]} for d in draws]}
    real = {"real_zh": {"xiaoer": _real(0.71), "rasa-default": baseline}}
    met = {label: ok for label, _, ok in goals(meta, real, {}, {})}
    assert met["real_zh: ≥ 15 points over rasa-default (median of 3 seeds)"] is True  # +16 over 0.55, not +9 over 0.62
    text = write_report(meta, real, {}, {}, tmp_path / "nlu.md")
    assert "| real_zh | 2 | 0.620 | 0.620 |" in text and "random_seed 1, 2, 3" in text


def test_a_seeded_baseline_is_rasas_own_default_pipeline_with_the_seed_on_its_classifiers(tmp_path, monkeypatch):
    import yaml

    from tools.evaluation import models

    monkeypatch.setattr(models, "WORK", tmp_path)
    config = yaml.safe_load(models.seeded_config(models.CONFIGS["rasa-default"], 7).read_text(encoding="utf-8"))
    names = [c["name"] for c in config["pipeline"]]
    assert names[0] == "WhitespaceTokenizer" and "DIETClassifier" in names and names[-1] == "FallbackClassifier"
    assert {c["name"]: c.get("random_seed") for c in config["pipeline"]}["DIETClassifier"] == 7
    assert config["language"] == "en" and config["recipe"] == "default.v1"
