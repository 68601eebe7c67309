"""Every buyer-facing text in both languages lives in domain.yml `responses` (one place, checked by
`python -m tools.validate`): the replies the NLG sends, and the short texts code puts into them or
shows itself (labels of stored values, the rating prompt, the widget's title). This reads them
for code outside Rasa's NLG (actions, channels), filling {placeholders}.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Mapping, Optional

import yaml

from bot.settings import PROJECT_ROOT

DOMAIN_FILE = PROJECT_ROOT / "domain.yml"


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


def fill(template: str, values: Mapping[str, Any]) -> str:
    """The template with each {key} of `values` replaced; other braces are left as they are."""
    for key, value in values.items():
        template = template.replace("{" + key + "}", str(value))
    return template
