"""A value the buyer says is not meant: "不是牛仔裤 是卫衣", "not the jeans, the hoodie",
"我说的是连衣裙 不是裙子". The catalogue finds both products; the one after the negation is the one
the buyer rules out, so it is no entity when another of its kind is in the message."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Sequence

_NEGATED_KINDS = frozenset({"product", "color", "size"})
_ZH_NEGATION = r"(?:而|并)?不是|不要"
_EN_NEGATION = r"\bnot|\brather than|\binstead of"
_EN_ARTICLE = r"(?:the|a|an|that|this|those|these)"
_NEGATION_BEFORE = re.compile(
    rf"(?:{_ZH_NEGATION})(?:这|那)?(?:个|件|条|款|双|只|支|瓶)?\s*$|"
    rf"(?:{_EN_NEGATION})(?:\s+{_EN_ARTICLE})?(?:\s+one\s+in)?\s+$",
    re.IGNORECASE)
# a ruled-out clause followed by what the buyer means: "不是牛仔裤 是卫衣", "not the jeans, the hoodie"
RULED_OUT_CLAUSE = (
    rf"(?:{_ZH_NEGATION})[^\s，,。！!？?是要]{{1,10}}(?=[\s，,]*(?:是|要))|"
    rf"(?:{_EN_NEGATION})(?:\s+{_EN_ARTICLE})?\s+[a-z][a-z ]{{0,20}}?(?=\s*,|\s+but\b)")

# a request taken back: "算了 不取消了", "还是别退了", "don't cancel it", "no need to return it"
_WITHDRAWN = re.compile(
    r"(?:不|别|不用|不要|无需)(?:再)?(?:给我)?(?:取消|退款|退货|退|换货|换|催)(?:订单|了)|(?:还是|先|暂时|算了\s*)(?:不|别)(?:用)?(?:取消|退|换|催)|"
    r"\b(?:don'?t|do not|dont|no need to|not going to|won'?t|no longer (?:want|need) to)\s+(?:\w+\s+){0,2}"
    r"(?:cancel|return|refund|exchange|send (?:it|them) back)\b", re.IGNORECASE)
# asks why the shop does not act, or asks for something else instead
_NOT_A_WITHDRAWAL = re.compile(r"为什么|为啥|怎么|咋|凭什么|我要(?!的)|我想要|帮我|改成|换成|而是|\bwhy\b|\bhow come\b|"
                               r"\binstead\b|\brather\b|\bbut\b|\bi (?:want|need|would like) (?:a|an|my)\b", re.IGNORECASE)


def withdraws_request(text: str) -> bool:
    """True when the buyer takes a request back ("算了 不取消了", "don't cancel it"), not when they
    ask why the shop does not act ("为什么不退款了") or ask for another remedy ("不换了 我要退款")."""
    text = text or ""
    return bool(_WITHDRAWN.search(text)) and not _NOT_A_WITHDRAWAL.search(text)


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
