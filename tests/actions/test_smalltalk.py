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


def test_what_an_invoice_takes_is_answered_from_the_policy_and_starts_nothing():
    from actions.invoice import ActionAskInvoice

    for text, language, words in (("专票需要什么资料", "zh", "开户行"), ("do you need my tax id for a company invoice", "en",
                                                                      "tax id")):
        messages, events = run(ActionAskInvoice(), make_tracker(text, "ask_invoice", language=language))
        assert responses(messages) == ["utter_invoice_requirements"]
        assert words in messages[0]["types"] + messages[0]["company"]
        assert all(e.get("value") is False for e in events), events  # no form, no pending task
    messages, _ = run(ActionAskInvoice(), make_tracker("能开发票吗", "ask_invoice"))
    assert responses(messages) == ["utter_invoice_policy", "utter_invoice_send_order"]
