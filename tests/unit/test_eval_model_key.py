"""make eval's model cache key: a change to a bot/nlu module that a component only imports
retrains the model (a stale cached model would be scored as the new code)."""
import tools.evaluation.models as models


def _shop(root, helper_code):
    nlu = root / "bot" / "nlu"
    nlu.mkdir(parents=True)
    (nlu / "classifier.py").write_text("from bot.nlu.helper import thing\n")
    (nlu / "helper.py").write_text(helper_code)
    (nlu / "unrelated.py").write_text("x = 1\n")
    config, data = root / "config.yml", root / "nlu.yml"
    config.write_text("pipeline:\n  - name: bot.nlu.classifier.Classifier\n")
    data.write_text("nlu: []\n")
    return config, data


def test_a_change_to_an_imported_module_changes_the_key(tmp_path, monkeypatch):
    monkeypatch.setattr(models, "ROOT", tmp_path)
    config, data = _shop(tmp_path, "thing = 1\n")
    before = models.model_key(config, data)
    (tmp_path / "bot" / "nlu" / "unrelated.py").write_text("x = 2\n")
    assert models.model_key(config, data) == before
    (tmp_path / "bot" / "nlu" / "helper.py").write_text("thing = 2\n")
    assert models.model_key(config, data) != before
