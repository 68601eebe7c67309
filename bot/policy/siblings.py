"""Which of the goods of one kind the buyer picks by a word of its name that the others lack:
"长款的呢" after a question about the short down jacket, "短款的有黑色吗", "the long one?", "what about
the zip-up one". A pure reading of the words; the caller knows the goods in context."""
from __future__ import annotations

import re
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

# what may follow the picking word: "长款的", "短款呢", "阔腿款"; a question "加绒吗", "是加绒的吗" asks
# about the product in context, so it picks nothing
_ZH_AFTER = re.compile(r"\s*(?:的(?![吗么嘛不])|款|呢|那|$|[，,。.？?！!~～ ])")
_ZH_ASKED = re.compile(r"是$|是不是$|有没有$")
_EN_AFTER = {"one", "ones", "version", "style", "type", "kind", "model", "pair"}
_EN_IGNORED = {"the", "and", "or", "then", "ok", "so", "with", "for", "one", "ones", "of", "in", "a", "an", "what",
               "about", "how"}
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_EN_WORD = re.compile(r"[a-z0-9]+")


def sibling_named(text: str, names: Mapping[str, Tuple[str, str]]) -> Optional[Tuple[str, int, int]]:
    """(code, start, end) of the one product among `names` (code -> (Chinese name, English name),
    the goods of one kind) that the words at text[start:end] pick; None when no word of the message
    belongs to one of their names only, or when it is asked about rather than picked ("加绒吗")."""
    if len(names) < 2 or not text:
        return None
    return _zh_pick(text, names) or _en_pick(text, names)


def _zh_pick(text: str, names: Mapping[str, Tuple[str, str]]) -> Optional[Tuple[str, int, int]]:
    best: Optional[Tuple[str, int, int]] = None
    for run in _CJK_RUN.finditer(text):
        for start in range(run.start(), run.end()):
            for end in range(start + 2, run.end() + 1):
                owners = [code for code, (zh, _) in names.items() if zh and text[start:end] in zh]
                if len(owners) != 1 or not _ZH_AFTER.match(text, end) or _ZH_ASKED.search(text[:start]):
                    continue
                if best is None or end - start > best[2] - best[1]:
                    best = (owners[0], start, end)
    return best


def _en_pick(text: str, names: Mapping[str, Tuple[str, str]]) -> Optional[Tuple[str, int, int]]:
    lowered = text.lower()
    words = list(_EN_WORD.finditer(lowered))
    own: Dict[str, set] = {code: set(_EN_WORD.findall((en or "").lower())) for code, (_, en) in names.items()}
    picked: List[Tuple[str, int, int]] = []
    for i, word in enumerate(words):
        term = word.group()
        if len(term) < 3 or term in _EN_IGNORED:
            continue
        owners = [code for code, terms in own.items() if term in terms]
        if len(owners) != 1:
            continue
        after = _next_word_outside(words, i, own[owners[0]])
        bare = after is None and all(w.group() in _EN_IGNORED for w in words[:i])  # "long?", "and the zip up?"
        if bare or (after is not None and after.group() in _EN_AFTER):
            picked.append((owners[0], word.start(), word.end()))
    return picked[0] if len({code for code, _, _ in picked}) == 1 else None


def _next_word_outside(words: Sequence[re.Match], i: int, name_terms: set) -> Optional[re.Match]:
    """The first word after words[i] that is not part of the same name ("zip up one" -> "one")."""
    for word in words[i + 1:]:
        if word.group() not in name_terms:
            return word
    return None
