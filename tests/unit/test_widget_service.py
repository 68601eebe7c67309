"""Issue 11 items 6 and 8: the widget's greeting and shop name, and a history that keeps the
rating exchange and the agent joined/left notices after a reload."""
import yaml
from rasa.shared.core.events import ActionExecuted, BotUttered, ConversationResumed, UserUttered

from bot.channels import welcome
from bot.channels.history import messages, notice_event, rating_event
from bot.settings import PROJECT_ROOT
from bot.texts import in_each_language


def test_the_rating_exchange_and_agent_notices_stay_in_the_history():
    events = [
        UserUttered("转人工", metadata={"message_id": "m1"}),
        BotUttered("亲，已为您转接人工客服"),
        notice_event("agent_joined", "小美"),
        BotUttered("您好，我是小美", metadata={"agent": "小美"}),
        notice_event("agent_left", "小美"),
        ConversationResumed(),
        ActionExecuted("action_listen"),
        BotUttered("亲，本次服务您满意吗？", data={"buttons": [{"title": "★★★★★", "payload": "/rate 5"}]}),
        rating_event(5, "m2"),
        BotUttered("谢谢亲的评价，祝您购物愉快～"),
    ]
    shown = [(m["sender"], m.get("text"), m.get("notice"), m.get("name")) for m in messages(events)]
    assert shown == [
        ("buyer", "转人工", None, None),
        ("bot", "亲，已为您转接人工客服", None, None),
        ("notice", None, "agent_joined", "小美"),
        ("agent", "您好，我是小美", None, "小美"),
        ("notice", None, "agent_left", "小美"),
        ("bot", "亲，本次服务您满意吗？", None, None),
        ("buyer", "★★★★★", None, None),
        ("bot", "谢谢亲的评价，祝您购物愉快～", None, None),
    ]
    assert messages(events)[6]["message_id"] == "m2"
    assert [m["sender"] for m in messages(events, notices=False)].count("notice") == 0


def test_recorded_events_survive_serialisation():
    from rasa.shared.core.events import Event

    for event in (notice_event("agent_left", "阿杰"), rating_event(3)):
        again = Event.from_parameters(event.as_dict())
        assert messages([again]) == [{**messages([event])[0], "timestamp": again.timestamp}]


def test_one_shop_name_from_the_policy():
    policy = yaml.safe_load((PROJECT_ROOT / "shop_policy.yml").read_text(encoding="utf-8"))["shop"]
    assert welcome.shop_name("zh") == policy["name_zh"]
    assert welcome.shop_name("en") == policy["name_en"]
    assert welcome.widget_title("zh").startswith(policy["name_zh"])
    assert welcome.console_title().startswith(policy["name_zh"])
    page = (PROJECT_ROOT / "bot" / "channels" / "static" / "shop.html").read_text(encoding="utf-8")
    assert "演示服饰店" not in page and page.count("{{shop}}") == 1  # the logo; the title and footer say {shop}
    assert all("{shop}" in text for text in (*in_each_language("utter_page_title").values(),
                                             *in_each_language("utter_page_footer").values()))


def test_the_welcome_has_the_shop_name_hours_and_quick_replies():
    zh = welcome.welcome_message("zh")
    en = welcome.welcome_message("en")
    assert "小二优选" in zh["text"] and "每天 08:30-24:00" in zh["text"] and "{" not in zh["text"]
    assert "Xiaoer Select" in en["text"] and "every day 08:30-24:00" in en["text"]
    assert len(zh["buttons"]) >= 3 and all(b["title"] and b["payload"] for b in zh["buttons"])
    assert any(b["payload"] == "/track_logistics" for b in en["buttons"])


def test_one_message_length_limit_in_the_server_the_widget_and_the_docs():
    import re

    from bot.settings import Settings

    limit = Settings.from_env({}).max_message_chars
    script = (PROJECT_ROOT / "bot" / "channels" / "static" / "widget.js").read_text(encoding="utf-8")
    assert re.search(r"DEFAULT_MAX_CHARS = (\d+);", script).group(1) == str(limit)
    assert ".slice(0, state.maxChars" not in script and "substring(0" not in script  # never cut
    docs = (PROJECT_ROOT / "docs" / "widget.md").read_text(encoding="utf-8")
    section = docs[docs.index("## Message length"):]
    section = section[:section.index("\n## ", 5)]
    assert f"{limit} by default" in section and "Nothing is cut" in section
    assert not re.search(r"\b(?:2,?000|5,?000)\b", section)
