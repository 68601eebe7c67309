"""Settings fail fast and name the variable; the demo shop is off unless asked for."""
import pytest

from bot.settings import Settings, SettingsError


def test_defaults_are_safe_for_production():
    settings = Settings.from_env({})
    assert settings.demo_shop is False and settings.trust_proxy is False and settings.max_message_chars == 1000


@pytest.mark.parametrize("env, name", [({"XIAOER_DEMO_SHOP": "maybe"}, "XIAOER_DEMO_SHOP"),
                                       ({"XIAOER_MAX_MESSAGE_CHARS": "lots"}, "XIAOER_MAX_MESSAGE_CHARS"),
                                       ({"XIAOER_MAX_MESSAGE_CHARS": "100000"}, "XIAOER_MAX_MESSAGE_CHARS"),
                                       ({"XIAOER_DATABASE_URL": "shop.db"}, "XIAOER_DATABASE_URL")])
def test_a_bad_value_names_its_variable(env, name):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(env)


def test_a_required_secret_must_be_long_enough():
    with pytest.raises(SettingsError, match="XIAOER_ACTION_TOKEN"):
        Settings.from_env({"XIAOER_ACTION_TOKEN": "short"}).require("action_token")
    assert Settings.from_env({"XIAOER_ACTION_TOKEN": "x" * 16}).require("action_token") == "x" * 16


def test_every_xiaoer_value_and_path_is_a_setting():
    settings = Settings.from_env({"XIAOER_ACTIONS_HOST": "0.0.0.0", "XIAOER_EVAL_DIR": "elsewhere/eval",
                                  "XIAOER_BENCH_POSTGRES": "postgresql://bench@db:5432/",
                                  "XIAOER_TEST_POSTGRES_URL": "postgresql://t@db/x"})
    assert settings.actions_host == "0.0.0.0"
    assert settings.eval_dir.is_absolute() and settings.eval_dir.parts[-2:] == ("elsewhere", "eval")
    assert settings.postgres_admin_url == "postgresql://bench@db:5432"
    assert settings.test_postgres_url == "postgresql://t@db/x"


def test_a_bad_value_or_a_missing_secret_is_named():
    with pytest.raises(SettingsError, match="XIAOER_BENCH_POSTGRES"):
        Settings.from_env({"XIAOER_BENCH_POSTGRES": "mysql://x"})
    with pytest.raises(SettingsError, match="XIAOER_CONSOLE_SECRET"):
        Settings.from_env({"XIAOER_IDENTITY_SECRET": "i" * 32, "XIAOER_AGENT_TOKEN": "a" * 32,
                           "XIAOER_API_TOKEN": "p" * 32, "XIAOER_ACTION_TOKEN": "t" * 32}).check_secrets()


def test_no_module_but_the_settings_reads_xiaoer_variables():
    import re

    from bot.settings import PROJECT_ROOT

    readers = []
    for path in [*(PROJECT_ROOT / "bot").rglob("*.py"), *(PROJECT_ROOT / "actions").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        if path.name != "settings.py" and re.search(r"(?:environ\.get|getenv|environ\[)\(?\s*[\"']XIAOER_", text):
            readers.append(str(path.relative_to(PROJECT_ROOT)))
    assert readers == []
