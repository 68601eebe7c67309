"""A value the buyer says is not meant: "不是牛仔裤 是卫衣", "not the jeans, the hoodie",
"我说的是连衣裙 不是裙子". The catalogue finds both products; the one after the negation is the one
the buyer rules out, so it is no entity when another of its kind is in the message."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Sequence

_NEGATED_KINDS = frozenset({"product", "color", "size"})
_NEGATION_BEFORE = re.compile(
    r"(?:不是|不要|而不是|并不是)(?:这|那)?(?:个|件|条|款|双|只|支|瓶)?\s*$|"
    r"\b(?:not|rather than|instead of)(?:\s+(?:the|a|an|that|this|those|these))?(?:\s+one\s+in)?\s+$",
    re.IGNORECASE)


def without_negated(text: str, entities: Sequence[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """The entities less each product, colour or size right after a negation ("不是", "not the"),
    when another value of the same kind is left to mean what the buyer wants."""
    negated = [_is_negated(text, e) for e in entities]
    kept = [e for e, no in zip(entities, negated) if not no]
    return [dict(e) for e, no in zip(entities, negated)
            if not no or not any(k.get("entity") == e.get("entity") and k.get("value") != e.get("value")
                                 for k in kept)]


def _is_negated(text: str, entity: Mapping[str, Any]) -> bool:
    start = entity.get("start")
    if entity.get("entity") not in _NEGATED_KINDS or not isinstance(start, int):
        return False
    return bool(_NEGATION_BEFORE.search(text[max(0, start - 24):start]))
