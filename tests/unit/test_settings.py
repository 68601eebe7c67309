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
