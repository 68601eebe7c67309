"""Every text in both languages lives in domain.yml `responses` (one place, checked by
`python -m tools.validate`): the replies the NLG sends, the short texts code puts into them or
shows itself (labels of stored values, the rating prompt, the widget's title), and the agent
console's page (`utter_console_*`). This reads them for code outside Rasa's NLG (actions,
channels, the console), filling {placeholders}.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Mapping, Optional

import yaml

from bot.settings import PROJECT_ROOT

DOMAIN_FILE = PROJECT_ROOT / "domain.yml"
CONSOLE_PREFIX = "utter_console_"
LABEL_PREFIX = "utter_label_"
# stored values the console names with the buyers' labels rather than texts of its own
CONSOLE_LABELS = (LABEL_PREFIX + "order_state_",)


@lru_cache(maxsize=1)
def responses() -> Dict[str, Any]:
    """domain.yml's responses (read once per process)."""
    return (yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8")) or {}).get("responses") or {}


def variant(variants: List[Mapping[str, Any]], language: str) -> Optional[Mapping[str, Any]]:
    """The English variant (conditioned on language=en) for "en", the plain one otherwise."""
    for option in variants:
        conditions = option.get("condition") or []
        is_en = any(c.get("name") == "language" and c.get("value") == "en" for c in conditions)
        if is_en == (language == "en"):
            return option
    return None


def text(name: str, language: str, default: Optional[str] = None, **values: Any) -> str:
    """The response `name` in the language with {placeholders} filled; `default` (else the name)
    when there is no such response."""
    chosen = variant(responses().get(name) or [], language)
    if chosen is None:
        return name if default is None else default
    return fill(str(chosen.get("text", "")), values)


def in_each_language(name: str) -> Dict[str, str]:
    """The response `name` by language ({"zh": …, "en": …}), placeholders left as they are."""
    return {language: text(name, language) for language in ("zh", "en")}


def joiner(language: str) -> str:
    """What separates the items of a list in a sentence: "、" / ", "."""
    return text("utter_text_list_joiner", language)


def fill(template: str, values: Mapping[str, Any]) -> str:
    """The template with each {key} of `values` replaced; other braces are left as they are."""
    for key, value in values.items():
        template = template.replace("{" + key + "}", str(value))
    return template


def console_response(key: str) -> str:
    """The response behind a console text key: label_<name> is the shared label
    utter_label_<name>, every other key is utter_console_<key>."""
    if key.startswith("label_"):
        return LABEL_PREFIX + key[len("label_"):]
    return CONSOLE_PREFIX + key


def console_texts(language: str) -> Dict[str, str]:
    """Every text of the agent console's page in the language, by key (see console_response);
    {placeholders} are left for the page to fill."""
    found = {}
    for name, variants in responses().items():
        if name.startswith(CONSOLE_PREFIX):
            key = name[len(CONSOLE_PREFIX):]
        elif name.startswith(CONSOLE_LABELS):
            key = "label_" + name[len(LABEL_PREFIX):]
        else:
            continue
        chosen = variant(variants or [], language)
        if chosen is not None:
            found[key] = str(chosen.get("text", ""))
    return found

