"""Thanks asks whether there is anything else; thanks with a goodbye says goodbye."""
import pytest

from actions.smalltalk import ActionThank
from tests.actions.conftest import make_tracker, responses, run


@pytest.mark.parametrize("text, language", [("ok thanks bye", "en"), ("thanks, have a nice day", "en"),
                                            ("谢谢 拜拜", "zh"), ("好的谢谢 没事了", "zh")])
def test_thanks_with_a_goodbye_ends_the_chat(text, language):
    messages, events = run(ActionThank(), make_tracker(text, "thank", language=language))
    assert responses(messages) == ["utter_goodbye"] and events == []


@pytest.mark.parametrize("text", ["thanks a lot", "谢谢亲", "thank you for the help, by the way"])
def test_thanks_alone_asks_what_else(text):
    messages, _ = run(ActionThank(), make_tracker(text, "thank"))
    assert responses(messages) == ["utter_thank"]
