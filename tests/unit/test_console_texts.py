"""The agent console in Chinese and English: its texts in domain.yml (checked against the keys
the page uses), each agent's language, and times sent with the shop's UTC offset."""
import re
from datetime import datetime

import pytest

from bot.clock import shop_iso
from bot.staff.console import language as locale
from bot.service.agents import add_agent
from bot.shop.db import session_scope
from bot.texts import console_response, console_texts, responses
from tests.conftest import NOW
from tools.console_keys import console_problems, page_files, used_keys
from tools.validate import domain_problems

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_every_text_the_console_uses_is_in_domain_yml_in_both_languages():
    script, page = page_files()
    needed, problems = console_problems(responses(), script, page)
    assert problems == []
    assert {"utter_console_logout", "utter_console_title", "utter_label_order_state_paid",
            "utter_console_job_state_held", "utter_console_priority_title_3"} <= needed
    console = {name: variants for name, variants in responses().items() if name in needed}
    assert domain_problems({"responses": console}, needed, set()) == []


def test_a_key_the_page_uses_without_its_text_fails_the_check():
    script = 't("logout"); t(ok ? "login" : "no_such_key", { n: 1 }); t(kind === "close" ? "close" : "return");'
    _, problems = console_problems(responses(), script + ' label("mystery_", x);', '<b data-text="not_there"></b>')
    assert any("'no_such_key'" in p for p in problems) and any("'not_there'" in p for p in problems)
    assert any("prefix 'mystery_'" in p for p in problems)
    assert not any("'logout'" in p or "'close'" in p for p in problems)
    assert "domain.yml has utter_console_send but the console never uses it" in problems


def test_keys_are_read_from_calls_attributes_and_prefixes_but_not_comments():
    keys, prefixes = used_keys('/* t("in_a_comment") */ t(a ? "one" : "two"); t("reason_" + r); label("job_state_", s);',
                               '<!-- data-text="hidden" --><input data-text-placeholder="three" data-text-aria-label="four">')
    assert keys == {"one", "two", "three", "four"} and prefixes == {"reason_", "job_state_"}


def test_a_value_the_server_sends_without_its_label_fails_the_check():
    missing = {name: v for name, v in responses().items() if name != "utter_console_job_state_held"}
    _, problems = console_problems(missing, *page_files())
    assert problems == ["the console uses the text 'job_state_held' but domain.yml has no response "
                        "utter_console_job_state_held"]


def test_the_english_console_has_no_chinese_and_the_chinese_one_differs():
    zh, en = console_texts("zh"), console_texts("en")
    assert set(zh) == set(en) and len(en) > 100
    assert [key for key, text in en.items() if CJK.search(text)] == []
    assert zh["logout"] == "退出登录" and en["logout"] == "Sign out"
    assert en["label_order_state_paid"] == "paid, waiting to be shipped"
    assert console_response("label_order_state_paid") == "utter_label_order_state_paid"


def test_the_page_setup_has_the_shop_title_zone_and_falls_back_to_chinese():
    setup = locale.page_setup("en", 5000)
    assert setup["language"] == "en" and setup["timezone"] == "Asia/Shanghai" and setup["max_reply_chars"] == 5000
    assert setup["texts"]["title"].endswith("service desk") and "{shop}" not in setup["texts"]["title"]
    assert locale.page_setup("fr", 5000)["language"] == "zh" and locale.language_of(None) == "zh"


def test_each_agent_keeps_a_language_of_their_own(shop_db):
    with session_scope(shop_db) as s:
        agent = add_agent(s, "lang_agent", "Amy", "agent", "secret-pass-9", NOW)
        assert agent.language == "zh"
        agent_id = agent.id
    with session_scope(shop_db) as s:
        assert locale.choose(s, agent_id, "en").language == "en"
        assert locale.choose(s, agent_id, "fr") is None and locale.choose(s, 999999, "en") is None
    with session_scope(shop_db) as s:
        assert locale.choose(s, agent_id, "en").language == "en"


@pytest.mark.parametrize("moment, timespec, expected", [
    (datetime(2026, 11, 22, 14, 5), "minutes", "2026-11-22T14:05+08:00"),
    (datetime(2026, 11, 22, 14, 5, 9), "seconds", "2026-11-22T14:05:09+08:00"),
    (None, "seconds", None),
])
def test_stored_times_are_sent_with_the_shops_offset(moment, timespec, expected):
    assert shop_iso(moment, timespec) == expected
