"""How buyers shorten a product's name: a distinctive word of it with a word for its kind.

"缎面的吊带裙" is 缎面吊带连衣裙, "玛丽珍鞋子" is 玛丽珍平底单鞋, "the satin dress" is the Satin Slip Dress,
"mary janes" are the Mary Jane Flats. The catalogue's names end in the kind of goods (连衣裙, 单鞋,
Dress, Flats); the words before it tell the goods apart. A piece of those words names one product
when no other product that the kind word covers has it: 雪纺 is in a shirt and a dress, yet "雪纺裙"
is the dress, since 裙 covers dresses and skirts only.
"""
from __future__ import annotations

from collections import Counter
from typing import Dict, Iterable, List, Mapping, Sequence, Set, Tuple

# short kind words buyers use beside the catalogue's (裙 for a dress or a skirt, 外套 for a coat)
EXTRA_KIND_WORDS: Mapping[str, Tuple[str, ...]] = {
    "dress": ("裙",), "skirt": ("裙",), "coat": ("外套",), "down_jacket": ("外套",),
}
_MIN_ZH, _MAX_ZH, _MIN_EN = 2, 4, 4


def _is_cjk(text: str) -> bool:
    return all("\u4e00" <= char <= "\u9fff" for char in text)


def _zh_head(name: str, kind_words: Sequence[str]) -> str:
    """The name without the kind word it ends in (缎面吊带连衣裙 -> 缎面吊带), or without its last
    character when it ends in none (the kind's own word: 玛丽珍平底单鞋 -> 玛丽珍平底单)."""
    for word in sorted((w for w in kind_words if _is_cjk(w)), key=len, reverse=True):
        if name.endswith(word) and len(name) > len(word):
            return name[:-len(word)]
    return name[:-1]


def _zh_pieces(head: str, skip: Set[str], skip_chars: Set[str]) -> Set[str]:
    return {head[i:j] for i in range(len(head)) for j in range(i + _MIN_ZH, min(len(head), i + _MAX_ZH) + 1)
            if _is_cjk(head[i:j]) and head[i:j] not in skip and not skip_chars.intersection(head[i:j])}


def _en_pieces(name: str, skip: Set[str]) -> Set[str]:
    words = name.lower().split()[:-1]
    return {w for w in words if len(w) >= _MIN_EN and w.isalpha() and w not in skip}


def head_forms(products: Iterable[Tuple[int, str, str, str]], kind_names: Mapping[str, Sequence[str]],
               skip: Set[str] = frozenset(), skip_chars: Set[str] = frozenset()) -> Iterable[Tuple[str, int]]:
    """(form, product id) for each distinctive piece of a name with each word for its kind, and the
    English name without its last word when that has two words or more ("mary jane").

    `products`: (id, kind, Chinese name core, English name core); `skip`: words that name no product
    (colours; the kind words are skipped anyway); `skip_chars`: characters no Chinese piece may hold
    (colours: "white sneakers" and "小白" are a colour, not the White Leather Sneakers)."""
    products = list(products)
    covered: Dict[str, List[Tuple[int, str, str, str]]] = {}
    for product in products:
        for word in (*kind_names.get(product[1], ()), *EXTRA_KIND_WORDS.get(product[1], ())):
            covered.setdefault(word, []).append(product)
    skip = set(skip) | {w.lower() for words in kind_names.values() for w in words}
    for word, group in covered.items():
        zh = _is_cjk(word)
        pieces = {p[0]: (_zh_pieces(_zh_head(p[2], kind_names.get(p[1], ())), skip, set(skip_chars)) if zh
                         else _en_pieces(p[3], skip)) for p in group}
        counts = Counter(piece for found in pieces.values() for piece in found)
        for product_id, found in pieces.items():
            for piece in sorted(found):
                if counts[piece] == 1:
                    yield (piece + word if zh else f"{piece} {word}"), product_id
    heads = Counter(" ".join(p[3].lower().split()[:-1]) for p in products)
    for product_id, _, _, english in products:
        head = " ".join(english.lower().split()[:-1])
        if len(head.split()) >= 2 and heads[head] == 1:
            yield head, product_id
