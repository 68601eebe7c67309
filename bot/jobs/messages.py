"""The texts a job sends outside any conversation turn, in both languages (the buyer's language is
chosen when the message is delivered)."""
from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

from bot import texts
from bot.policy.current import shop_name


def both_languages(name: str, values: Mapping[str, Any], catalogue: Optional[Mapping[str, Any]] = None) -> Dict[str, str]:
    """{"zh": ..., "en": ...}: the domain response `name` in both languages with `{key}` filled
    from `values` and {shop} from the policy (messages sent outside a turn, such as the
    scheduler's); a value may be a (zh, en) pair. KeyError if a language is missing."""
    variants_of_name = list((catalogue if catalogue is not None else texts.responses()).get(name) or [])
    both = {}
    for language in ("zh", "en"):
        chosen = texts.variant(variants_of_name, language)
        if chosen is None:
            raise KeyError(f"domain.yml has no {language} text for {name}")
        filled = {key: (value[language == "en"] if isinstance(value, tuple) else value) for key, value in values.items()}
        both[language] = texts.fill(str(chosen.get("text") or ""), {"shop": shop_name(language), **filled})
    return both
