"""The agent console's language and clock: each agent's own choice of zh or en (kept on the
agent), the page's texts in that language (domain.yml `utter_console_*`, read by bot.texts) and
the shop's time zone, in which the page shows every time whatever the browser's own zone."""
from __future__ import annotations

from typing import Any, Dict, Optional

from sqlalchemy.orm import Session

from bot import texts
from bot.channels.welcome import console_title
from bot.clock import shop_zone
from bot.shop.models import CONSOLE_LANGUAGES, Agent

DEFAULT_LANGUAGE = "zh"


def language_of(value: Any) -> str:
    """A console language from a request's value: zh or en; anything else is the default, zh."""
    return value if value in CONSOLE_LANGUAGES else DEFAULT_LANGUAGE


def page_setup(language: str, max_reply_chars: int) -> Dict[str, Any]:
    """What the console page needs before it shows anything: its texts in the language (the
    title with the shop's name), the shop's IANA time zone and the longest reply it may send."""
    language = language_of(language)
    page_texts = texts.console_texts(language)
    page_texts["title"] = console_title(language)
    return {"language": language, "timezone": shop_zone(), "max_reply_chars": max_reply_chars,
            "texts": page_texts}


def choose(s: Session, agent_id: int, language: Any) -> Optional[Agent]:
    """Keep the agent's console language; None (nothing changed) unless it is zh or en."""
    agent = s.get(Agent, agent_id)
    if agent is None or language not in CONSOLE_LANGUAGES:
        return None
    agent.language = language
    s.flush()
    return agent
