"""The shop's own words for its products, colours and sizes, read from the shop database.

Plain Python (no Rasa): `Vocabulary.from_rows` builds a character trie from catalogue rows and
`Vocabulary.extract` finds `product`, `color` and `size` in a buyer's message; `LiveVocabulary`
reads the rows (one query set), keeps the vocabulary and rebuilds it in the background when it is
older than `refresh_seconds`, so a product added to the database is understood without retraining.

Where the words come from:
- product: the code (SKU-1001), the Chinese and English names, the names' endings (短款羽绒服,
  小白鞋, "trench coat": a Chinese ending of 3+ characters, an English one of 2+ words) and the
  catalogue's words for each kind of product it sells (bot/shop/catalog.py KIND_NAMES: 卫衣, 帽衫,
  hoodie...). A name, ending or code of one product gives that product's Chinese name (trench coat
  -> 中长款风衣); a kind word, or words several products share, keeps its own value (hoodie, 风衣 -
  not 大衣, although the catalogue files both under "coat"). find_products reads either.
- color: every SKU colour that is a colour (its Chinese name ends in 色 or holds a colour character;
  30ml, 清爽型 or 旅行装 are variants, not colours) in Chinese and English, its stem without 色 when
  that stem holds a colour character (白, 浅蓝), a few true synonyms (gray = grey, 粉红色 = 粉色), and
  common colour names the shop may not sell (紫色, burgundy), so that "紫色还有吗" is a colour the
  stock answer can say is not made, and 米白色 or 深灰色 are never read as 白色 or 灰色. The value is
  the catalogue's Chinese colour name (white, 白, 白的 -> 白色).
- size: XS to XXXL (any case and width, 2XL = XXL), 加大/加大号 = XL, 加加大 = XXL, 大号/中号/小号
  = L/M/S, and the catalogue's other sizes (shoe sizes 35-40). The value is the catalogue's size.

How text is matched: full-width letters are read as half-width, case is ignored and "-" reads as a
space (every offset stays that of the original message). The longest words win. English words
match whole words only (plural product words too: hoodies). Words that are often something else
are "weak" and count only where a colour or size is meant: a bare 白 counts in "白 XL", "要白的",
"白的还有吗" or "卫衣白M", not in 白天, 明白, 白条, 白白, 显白 or 红包; a lowercase "m" only next to a
colour or product ("黑色m"); 加大 not in "加大优惠"; "natural" or "light" only before "one",
"shade" or a product. A word that is both a product and a colour ("cream") is the colour before a
product word ("cream cardigan") and the product otherwise.
"""
from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from bot.nlu.name_heads import head_forms
from bot.nlu.text import half_width

logger = logging.getLogger(__name__)

PRODUCT, COLOR, SIZE = "product", "color", "size"

# Characters that make a Chinese variant name a colour, and a stem a colour stem.
COLOUR_CHARS = frozenset("白黑灰红蓝绿黄紫粉棕青橙褐金银")
# English colour words that are colours wherever they stand; other one-word names ("natural",
# "light", "rose", "coffee") are weak.
BASIC_ENGLISH_COLOURS = frozenset(
    "black white grey gray red blue green yellow purple pink brown orange navy beige khaki apricot "
    "caramel ivory burgundy maroon violet silver gold golden camel".split()
)
# True synonyms of a catalogue colour, by its Chinese or English name.
COLOUR_SYNONYMS: Mapping[str, Tuple[str, ...]] = {
    "grey": ("gray",),
    "粉色": ("粉红色", "粉红"),
    "navy": ("navy blue",),
    "light blue": ("pale blue",),
}
# Common colour names a shop may not sell: (Chinese, English names). A catalogue colour with the
# same name wins.
GENERAL_COLOURS: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("黑色", ("black",)), ("白色", ("white",)), ("灰色", ("grey", "gray")), ("红色", ("red",)),
    ("蓝色", ("blue",)), ("绿色", ("green",)), ("黄色", ("yellow",)), ("紫色", ("purple", "violet")),
    ("粉色", ("pink",)), ("棕色", ("brown",)), ("橙色", ("orange",)), ("金色", ("gold", "golden")),
    ("银色", ("silver",)), ("米色", ("beige",)), ("卡其色", ("khaki",)), ("藏青色", ("navy",)),
    ("咖啡色", ("coffee",)), ("酒红色", ("wine red", "burgundy", "maroon")),
    ("军绿色", ("army green", "olive green")), ("墨绿色", ("dark green",)),
    ("深灰色", ("dark grey", "dark gray", "charcoal")), ("浅灰色", ("light grey", "light gray")),
    ("深蓝色", ("dark blue",)), ("浅蓝色", ("light blue",)), ("天蓝色", ("sky blue",)),
    ("宝蓝色", ("royal blue",)), ("浅粉色", ("light pink",)), ("玫红色", ("rose red",)),
    ("米白色", ("off white", "cream")), ("奶白色", ("milky white",)), ("驼色", ("camel",)),
    ("燕麦色", ("oatmeal",)), ("奶茶色", ()), ("焦糖色", ("caramel",)), ("杏色", ("apricot",)),
    ("青色", ("cyan",)), ("橘色", ()), ("姜黄色", ("mustard",)), ("雾霾蓝", ("haze blue",)),
)
LETTER_SIZES = ("XS", "S", "M", "L", "XL", "XXL", "XXXL")
# Chinese names of sizes: (words, size, weak).
SIZE_WORDS: Tuple[Tuple[Tuple[str, ...], str, bool], ...] = (
    (("2xl",), "XXL", False), (("3xl",), "XXXL", False),
    (("加大号", "加大码"), "XL", False), (("加大",), "XL", True),
    (("加加大号", "加加大码"), "XXL", False), (("加加大",), "XXL", True),
    (("大号",), "L", True), (("中号",), "M", True), (("小号",), "S", True),
    (("x-large", "xlarge", "extra large"), "XL", False),
    (("xx-large", "xxlarge", "2x-large", "extra extra large"), "XXL", False),
    (("x-small", "xsmall", "extra small"), "XS", False),
    (("large",), "L", True), (("medium",), "M", True), (("small",), "S", True),
)
# A name's ending is a short name unless it starts where no word starts (款风衣, 色眼影盘).
_BAD_SUFFIX_START = frozenset("款色的件个式型装号码条双支瓶")
_ENGLISH_STOPWORDS = frozenset({"de", "of", "and", "with", "the", "a", "for", "in"})
# Specs at the end of a name that are not part of how buyers name it: （10片）, SPF50, 50ml.
_NAME_TAIL = re.compile(r"\s*(?:[（(][^（）()]*[）)]|spf\s*\d+\+*|\d+\s*(?:ml|g|片|毫升|克)|\d+\s*pack)\s*$",
                        re.IGNORECASE)
# What may stand before a weak English word that is then a colour, alone: "and maple?", "what about natural".
_FOLLOW_UP_OPENER = re.compile(r"(?:and|or|then|what about|how about|and what about)(?: the)?")
# Context that makes a weak word a colour or size.
_WEAK_BEFORE = frozenset("要买拿选换是和跟或个件款种双那这就都想有没还改成了")
_WEAK_AFTER = frozenset("的款色系呢吗吧啊呀哈嘛么有还也和跟或没")
_WEAK_AFTER_WORDS = frozenset({"one", "ones", "color", "colour", "colors", "colours", "shade", "shades",
                               "tone", "version"})
_SIZE_AFTER = frozenset("码号")
_WORD_JOINERS = frozenset("'’")


# --- rows ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProductRow:
    """One active product as the vocabulary needs it."""

    id: int
    code: str
    name_zh: str
    name_en: str
    kind: str


@dataclass(frozen=True)
class SkuRow:
    """One SKU's colour and size (of an active product)."""

    product_id: int
    color_zh: str
    color_en: str
    size: Optional[str]


def read_catalogue(session) -> Tuple[List[ProductRow], List[SkuRow]]:
    """The one query set: active products, and the distinct colours and sizes of their SKUs."""
    from sqlalchemy import select

    from bot.shop.models import Product, Sku

    products = session.execute(
        select(Product.id, Product.code, Product.name_zh, Product.name_en, Product.kind)
        .where(Product.active.is_(True)).order_by(Product.id)
    ).all()
    skus = session.execute(
        select(Sku.product_id, Sku.color_zh, Sku.color_en, Sku.size).distinct()
        .join(Product, Sku.product_id == Product.id).where(Product.active.is_(True))
        .order_by(Sku.product_id, Sku.color_zh, Sku.size)
    ).all()
    return [ProductRow(*row) for row in products], [SkuRow(*row) for row in skus]


def rows_signature(products: Sequence[ProductRow], skus: Sequence[SkuRow]) -> str:
    """A digest of the rows: the vocabulary is rebuilt only when it changes."""
    digest = hashlib.sha256()
    for row in sorted(products, key=lambda r: r.id):
        digest.update(repr(row).encode())
    for row in sorted(skus, key=repr):
        digest.update(repr(row).encode())
    return digest.hexdigest()


# --- text folding ----------------------------------------------------------------------------

def fold(text: str) -> str:
    """Half-width, lower case, "-" and "_" read as spaces; one character for one, so offsets hold."""
    out = []
    for char in half_width(text or ""):
        lower = char.lower()
        char = lower if len(lower) == 1 else char
        out.append(" " if char in "-_\u2010\u2011\u2012\u2013" else char)
    return "".join(out)


def _is_ascii_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _is_break(char: str) -> bool:
    """Punctuation, symbols and spaces: nothing a word could continue with."""
    return unicodedata.category(char)[0] in "PZS" or char in "\t\n\r"


# --- the vocabulary --------------------------------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """What a form means: an entity, its canonical value, and whether it needs context."""

    entity: str
    value: str
    weak: bool = False
    case_weak: bool = False  # a one-letter size: strong in upper case ("M"), weak in lower ("m")


@dataclass(frozen=True)
class Match:
    """An entity found in the message, with offsets into the original text."""

    entity: str
    start: int
    end: int
    value: str
    text: str


@dataclass
class _Candidate:
    start: int
    end: int
    readings: Tuple[Reading, ...]
    anchor: Optional[str] = None  # an entity another extractor already found here (context only)
    chosen: Optional[Reading] = None
    done: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start

    def is_(self, entity: str, strong: bool = False) -> bool:
        """Whether this neighbour is (or, not yet resolved, can be) `entity` (a strong reading)."""
        if self.anchor is not None:
            return self.anchor == entity
        if self.done:
            return self.chosen is not None and self.chosen.entity == entity and not (strong and self.chosen.weak)
        return any(r.entity == entity and not (strong and r.weak) for r in self.readings)


_END = ""  # trie key holding a node's readings (no form contains an empty character)
_MAX_ROUNDS = 4


@dataclass
class Vocabulary:
    """A trie of folded forms -> readings, built from catalogue rows."""

    trie: Dict = field(default_factory=dict)
    counts: Dict[str, int] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> "Vocabulary":
        """Knows no word: extracts nothing (the database could not be read)."""
        return cls()

    @classmethod
    def from_rows(cls, products: Iterable[ProductRow], skus: Iterable[SkuRow],
                  kind_names: Optional[Mapping[str, Sequence[str]]] = None,
                  extra_colours: Sequence[Tuple[str, Tuple[str, ...]]] = GENERAL_COLOURS) -> "Vocabulary":
        """Products, colours and sizes of these rows (kind words from KIND_NAMES by default;
        `extra_colours`: colour names known besides the catalogue's)."""
        if kind_names is None:
            from bot.shop.catalog import KIND_NAMES as kind_names
        products, skus = list(products), list(skus)
        readings: Dict[str, Dict[str, Reading]] = {}
        forms = (*_product_forms(products, kind_names), *_colour_forms(skus, extra_colours), *_size_forms(skus))
        for form, reading in forms:
            key = fold(form).strip()
            if key and reading.entity not in readings.setdefault(key, {}):
                readings[key][reading.entity] = reading
        vocabulary = cls()
        for key, by_entity in readings.items():
            node = vocabulary.trie
            for char in key:
                node = node.setdefault(char, {})
            node[_END] = tuple(by_entity.values())
            for entity in by_entity:
                vocabulary.counts[entity] = vocabulary.counts.get(entity, 0) + 1
        return vocabulary

    def __len__(self) -> int:
        return sum(self.counts.values())

    def extract(self, text: str, taken: Sequence[Tuple[int, int, str]] = ()) -> List[Match]:
        """product, color and size in `text`, in order; `taken` are (start, end, entity) spans other
        extractors already found: never overlapped, but context ("黑M": M is a size, so 黑 a colour)."""
        if not self.trie or not text:
            return []
        folded = fold(text)
        blocked = bytearray(len(text))
        for start, end, _ in taken:
            span = range(len(text))[start:end]
            blocked[span.start:span.stop] = b"\x01" * len(span)
        anchors = [_Candidate(start, end, (), anchor=entity) for start, end, entity in taken]
        candidates = [c for c in self._candidates(text, folded) if not any(blocked[c.start:c.end])]
        chosen: List[_Candidate] = []
        for _ in range(_MAX_ROUNDS):
            chosen = sorted(_select(candidates, len(text)) + anchors, key=lambda c: c.start)
            rejected = _resolve(chosen, folded)
            if not rejected:
                break
            gone = {id(c) for c in rejected}
            candidates = [c for c in candidates if id(c) not in gone]
        return [Match(c.chosen.entity, c.start, c.end, c.chosen.value, text[c.start:c.end])
                for c in chosen if c.anchor is None and c.chosen is not None]

    def _candidates(self, text: str, folded: str) -> List[_Candidate]:
        found = []
        for start, char in enumerate(folded):
            if char.isspace() or (_is_ascii_word_char(char) and start > 0 and (
                    _is_ascii_word_char(folded[start - 1]) or folded[start - 1] in _WORD_JOINERS)):
                continue
            node = self.trie
            for end in range(start, len(folded)):
                node = node.get(folded[end])
                if node is None:
                    break
                readings = node.get(_END)
                if readings and not (_is_ascii_word_char(folded[end]) and end + 1 < len(folded)
                                     and _is_ascii_word_char(folded[end + 1])):
                    readings = tuple(_cased(r, text[start:end + 1]) for r in readings)
                    found.append(_Candidate(start, end + 1, readings))
        return found


def _cased(reading: Reading, original: str) -> Reading:
    if reading.case_weak:
        return Reading(reading.entity, reading.value, weak=not original.isupper())
    return reading


def _select(candidates: List[_Candidate], length: int) -> List[_Candidate]:
    """Longest first (then strong before weak, then leftmost), never overlapping."""
    used = bytearray(length)
    chosen: List[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (-c.length, all(r.weak for r in c.readings), c.start)):
        if not any(used[candidate.start:candidate.end]):
            used[candidate.start:candidate.end] = b"\x01" * candidate.length
            candidate.chosen, candidate.done = None, False
            chosen.append(candidate)
    return chosen


def _resolve(chosen: List[_Candidate], folded: str) -> List[_Candidate]:
    """Pick each candidate's reading, left to right; returns those whose every reading failed."""
    rejected = []
    for index, candidate in enumerate(chosen):
        if candidate.anchor is not None:
            continue
        before = chosen[index - 1] if index > 0 and _adjacent(chosen[index - 1], candidate, folded) else None
        after = chosen[index + 1] if index + 1 < len(chosen) and _adjacent(candidate, chosen[index + 1], folded) else None
        for reading in _ordered(candidate.readings, after):
            if not reading.weak or _weak_ok(reading, candidate, before, after, folded):
                candidate.chosen = reading
                break
        candidate.done = True
        if candidate.chosen is None:
            rejected.append(candidate)
    return rejected


def _ordered(readings: Tuple[Reading, ...], after: Optional[_Candidate]) -> List[Reading]:
    """A word that is a colour and a product ("cream") is the colour before a product word."""
    colour_first = after is not None and after.is_(PRODUCT, strong=True)
    return sorted(readings, key=lambda r: (r.entity != COLOR) if colour_first else (r.entity == COLOR))


def _adjacent(left: _Candidate, right: _Candidate, folded: str) -> bool:
    return _following(folded, left.end) >= right.start


def _previous(folded: str, index: int) -> str:
    """The last non-space character before `index` ("" at the start)."""
    while index > 0 and folded[index - 1].isspace():
        index -= 1
    return folded[index - 1] if index > 0 else ""


def _following(folded: str, index: int) -> int:
    """Where the first non-space character at or after `index` is (len(folded) at the end)."""
    while index < len(folded) and folded[index].isspace():
        index += 1
    return index


_ASCII_WORD = re.compile(r"[a-z]+")


def _weak_ok(reading: Reading, candidate: _Candidate, before: Optional[_Candidate],
             after: Optional[_Candidate], folded: str) -> bool:
    """Whether the words around a weak form say that a colour or a size is meant."""
    first, last = folded[candidate.start], folded[candidate.end - 1]
    previous = _previous(folded, candidate.start)
    following = _following(folded, candidate.end)
    next_char = folded[following] if following < len(folded) else ""
    if reading.entity == SIZE:
        if candidate.length > 2 and _is_ascii_word_char(first):
            # "large hoodie", "black large", "large size"; not "is the hoodie small" (a fit question)
            return (after is not None and (after.is_(PRODUCT, strong=True) or after.is_(COLOR, strong=True))
                    or before is not None and before.is_(COLOR, strong=True)
                    or _ASCII_WORD.match(folded, following) is not None
                    and _ASCII_WORD.match(folded, following).group() in ("size", "one", "ones"))
        if any(n is not None and (n.is_(COLOR, strong=n is after) or n.is_(PRODUCT, strong=True))
               for n in (before, after)):
            return True  # 黑色m, 白色39, 卫衣加大
        if next_char in _SIZE_AFTER or folded.startswith("size", following):
            return True
        if not _is_cjk(first):
            return False  # a lone "m" or "38" is no size
    before_ok = (before is not None and (before.is_(PRODUCT, strong=True) or before.is_(SIZE)
                                         or before.is_(COLOR, strong=True))
                 or not previous or _is_ascii_word_char(first) or _is_break(previous) or previous in _WEAK_BEFORE)
    if not before_ok:
        return False
    if after is not None and (after.is_(PRODUCT, strong=True) or after.is_(SIZE) or after.is_(COLOR, strong=True)):
        return True
    if _is_ascii_word_char(last):  # "natural": only "the natural one", "natural shade", or alone
        word = _ASCII_WORD.match(folded, following)
        if word is not None:
            return word.group() in _WEAK_AFTER_WORDS
        opener = folded[:candidate.start].strip(" .,!?~")
        return (not opener or _FOLLOW_UP_OPENER.fullmatch(opener) is not None) and not folded[candidate.end:].strip(" .,!?~")
    return not next_char or _is_break(next_char) or next_char in _WEAK_AFTER


# --- forms -----------------------------------------------------------------------------------

def _name_core(name: str) -> str:
    """The name without trailing specs: 补水面膜（10片） -> 补水面膜, 淡香水50ml -> 淡香水."""
    previous = None
    name = (name or "").strip()
    while previous != name:
        previous, name = name, _NAME_TAIL.sub("", name).strip()
    return name or previous


def _zh_endings(name: str) -> List[str]:
    """Endings of a Chinese name that buyers use as its short name (3+ characters)."""
    core = _name_core(name)
    return [core[i:] for i in range(1, len(core) - 2)
            if core[i] not in _BAD_SUFFIX_START and not core[i:].isascii()]


def _en_endings(name: str) -> List[str]:
    """Endings of an English name of 2+ words ("Trench Coat"), not starting with "of" or "de"."""
    words = _name_core(name).split()
    return [" ".join(words[i:]) for i in range(1, len(words) - 1)
            if words[i].lower() not in _ENGLISH_STOPWORDS and not words[i].isdigit()]


def _plural(form: str) -> Optional[str]:
    if not form.isascii() or not form[-1:].isalpha() or form.endswith("s"):
        return None
    if form.endswith(("x", "ch", "sh")):
        return form + "es"
    return form + "s"


def _product_forms(products: List[ProductRow], kind_names: Mapping[str, Sequence[str]]) -> Iterable[Tuple[str, Reading]]:
    """Names, name endings and codes name products; a kind word keeps its own value (风衣 is not
    大衣, 唇釉 is not 口红, although the catalogue files them under one kind)."""
    named: Dict[str, Set[int]] = {}
    display: Dict[str, str] = {}
    kind_words: Set[str] = set()
    by_id = {p.id: p for p in products}

    def add(form: str, product_ids: Iterable[int] = (), kind_word: bool = False) -> None:
        form = (form or "").strip()
        if not form:
            return
        shown = form if not form.isascii() else form.lower()
        for variant in filter(None, (form, _plural(form.lower()))):
            key = fold(variant).strip()
            named.setdefault(key, set()).update(product_ids)
            display.setdefault(key, shown)
            if kind_word:
                kind_words.add(key)

    for product in products:
        for form in (product.code, product.name_zh, _name_core(product.name_zh), *_zh_endings(product.name_zh),
                     product.name_en, _name_core(product.name_en), *_en_endings(product.name_en)):
            add(form, [product.id])
    for kind in sorted({p.kind for p in products}):
        for word in kind_names.get(kind, ()):
            add(word, kind_word=True)
    rows = ((p.id, p.kind, _name_core(p.name_zh), _name_core(p.name_en)) for p in products)
    colours = set(BASIC_ENGLISH_COLOURS) | set(COLOUR_SYNONYMS) | {"white", "black", "grey", "gray"}
    for form, product_id in head_forms(rows, kind_names, skip=colours, skip_chars=set(COLOUR_CHARS)):
        if fold(form).strip() not in named:  # "吊带裙", "mary jane": never over a name or a kind word
            add(form, [product_id])
    for key, product_ids in named.items():
        if key not in kind_words and len(product_ids) == 1:
            yield key, Reading(PRODUCT, by_id[next(iter(product_ids))].name_zh)
        else:
            yield key, Reading(PRODUCT, display[key])


def is_colour_name(name_zh: str) -> bool:
    """A SKU variant that is a colour: 白色, 象牙白, 樱桃红, 自然色 (not 30ml, 清爽型, 旅行装)."""
    name = (name_zh or "").strip()
    return bool(name) and (name.endswith("色") or any(char in COLOUR_CHARS for char in name))


def _colour_forms(skus: List[SkuRow], extra: Sequence[Tuple[str, Tuple[str, ...]]]) -> Iterable[Tuple[str, Reading]]:
    catalogue: Dict[str, Set[str]] = {}  # English name -> Chinese names
    pairs = []
    for sku in skus:
        if is_colour_name(sku.color_zh):
            zh, en = sku.color_zh.strip(), fold(sku.color_en or "").strip()
            pairs.append((zh, en))
            if en:
                catalogue.setdefault(en, set()).add(zh)
    pairs += [(zh, fold(en)) for zh, names in extra for en in names or ("",)]
    english_value = {en: (next(iter(zhs)) if len(zhs) == 1 else en) for en, zhs in catalogue.items()}
    for zh, en in dict.fromkeys(pairs):
        yield from _one_colour(zh, en, english_value.get(en, zh))


def _one_colour(zh: str, en: str, en_value: str) -> Iterable[Tuple[str, Reading]]:
    yield zh, Reading(COLOR, zh)
    stem = zh[:-1] if zh.endswith("色") and len(zh) > 1 else ""
    if stem and any(char in COLOUR_CHARS for char in stem):
        yield stem, Reading(COLOR, zh, weak=True)
    for synonym in COLOUR_SYNONYMS.get(zh, ()):
        yield synonym, Reading(COLOR, zh, weak=len(synonym) < 3 and not synonym.endswith("色"))
    if en:
        yield en, Reading(COLOR, en_value, weak=" " not in en and en not in BASIC_ENGLISH_COLOURS)
        for synonym in COLOUR_SYNONYMS.get(en, ()):
            yield synonym, Reading(COLOR, en_value, weak=" " not in synonym and synonym not in BASIC_ENGLISH_COLOURS)


def _size_forms(skus: List[SkuRow]) -> Iterable[Tuple[str, Reading]]:
    for size in LETTER_SIZES:
        yield size, Reading(SIZE, size, case_weak=len(size) == 1)
    for words, size, weak in SIZE_WORDS:
        for word in words:
            yield word, Reading(SIZE, size, weak=weak)
    for size in sorted({(s.size or "").strip().upper() for s in skus} - set(LETTER_SIZES) - {""}):
        yield size, Reading(SIZE, size, weak=size.isdigit() or len(size) == 1)


# --- canonical values (the same rules, for one value) ------------------------------------------

def _plain_key(text: str) -> str:
    return " ".join(fold(text).split())


def canonical_size(text: Optional[str]) -> str:
    """The catalogue's way of writing a size: "xl", "ＸＬ", "XL码", "加大", "x-large" -> "XL",
    "2xl" -> "XXL", "38码" -> "38"; "" for nothing. Other text comes back upper-cased."""
    key = re.sub(r"(?:码|号|size)$", "", _plain_key(text or "")).strip()
    for words, size, _ in SIZE_WORDS:
        if key in {_plain_key(word) for word in words}:
            return size
    key = key.replace(" ", "").upper()
    return {"2XL": "XXL", "3XL": "XXXL", "4XL": "XXXXL"}.get(key, key)


def colour_names(color_zh: str, color_en: str = "") -> Set[str]:
    """Every folded way of naming one catalogue colour: its Chinese and English names, the stem
    (白 for 白色), true synonyms and the common English names of the same Chinese colour; never
    another colour's name (白色 is not 米白色, 象牙白 or 亮白色; 红色 is not 酒红色)."""
    zh = (color_zh or "").strip()
    names = {_plain_key(form) for form, _ in _one_colour(zh, fold(color_en or "").strip(), zh)}
    names |= {_plain_key(en) for general, english in GENERAL_COLOURS if general == zh for en in english}
    return {name for name in names if name}


def same_colour(wanted: Optional[str], color_zh: str, color_en: str = "") -> bool:
    """Whether the buyer's colour ("白", "白的", "white", "ＷＨＩＴＥ", "白色") names this SKU colour."""
    key = _plain_key(wanted or "")
    if not key:
        return False
    names = colour_names(color_zh, color_en)
    return key in names or (key.endswith("的") and key[:-1].strip() in names)


def _colour_words(wanted: str) -> Set[str]:
    """The buyer's colour as words another colour's name may hold: 红色 -> {红, red}, "red" ->
    {red, 红}; the Chinese stem without 色, the English names of a common colour."""
    key = _plain_key(wanted)
    words = {key}
    for zh, english in GENERAL_COLOURS:
        if key in (zh, zh[:-1] if zh.endswith("色") else zh, *english):
            words |= {zh, *english}
    return {word[:-1] if word.endswith("色") and len(word) > 1 else word for word in words if word}


def shade_of(wanted: Optional[str], color_zh: str, color_en: str = "") -> bool:
    """Whether this SKU colour is a shade of the buyer's colour without being it: its name holds
    the colour as a word ("red" in "Brick Red") or a Chinese stem (红 in 砖红色, 白 in 米白色).
    For when no colour is the one asked: the shades are listed instead of "not made in red"."""
    if not wanted or same_colour(wanted, color_zh, color_en):
        return False
    names = colour_names(color_zh, color_en)
    for word in _colour_words(wanted):
        if word.isascii():
            pattern = re.compile(rf"(?<![a-z]){re.escape(word)}(?![a-z])")
            if any(pattern.search(name) for name in names):
                return True
        elif any(word in name for name in names):
            return True
    return False


def colour_label(color_zh: str, language: str) -> str:
    """A canonical colour as the buyer reads it: the Chinese name, or in English the common
    English name (紫色 -> purple) when there is one."""
    if language == "en":
        english = next((names[0] for zh, names in GENERAL_COLOURS if zh == color_zh and names), None)
        return english or color_zh
    return color_zh


# --- the live vocabulary of a database -------------------------------------------------------

def _missing_sqlite_file(url: str) -> bool:
    """A SQLite URL whose file does not exist (connecting would create an empty database)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return False
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:") or "mode=memory" in url:
        return False
    from pathlib import Path

    return not Path(database).expanduser().exists()


class LiveVocabulary:
    """The vocabulary of one shop database, read at start and again when `refresh_seconds` old.

    Refreshes run on a background thread (a buyer never waits for the database); the rows are
    read with one query set and the trie is rebuilt only when they changed. If the database
    cannot be read, the last vocabulary stays (at first an empty one) and it is tried again
    after `retry_seconds`.
    """

    def __init__(self, database_url: str, refresh_seconds: float = 300.0, retry_seconds: float = 30.0,
                 clock: Callable[[], float] = time.monotonic,
                 kind_names: Optional[Mapping[str, Sequence[str]]] = None) -> None:
        self._url = database_url
        self._refresh_seconds = refresh_seconds
        self._retry_seconds = retry_seconds
        self._clock = clock
        self._kind_names = kind_names
        self._vocabulary = Vocabulary.empty()
        self._signature: Optional[str] = None
        self._next_refresh = 0.0
        self._lock = threading.Lock()
        self._thread: Optional[threading.Thread] = None
        self.loaded = False

    def start(self, wait_seconds: float = 10.0) -> None:
        """Read the catalogue now and wait for it up to `wait_seconds` (a slow database does not
        hold up the server: the vocabulary arrives when the read finishes)."""
        thread = self._refresh_in_background()
        if thread is not None:
            thread.join(wait_seconds)
            if thread.is_alive():
                logger.warning("The shop catalogue is still loading after %.0f s; catalogue entities "
                               "start when it arrives.", wait_seconds)

    def current(self) -> Vocabulary:
        """The vocabulary to use now; starts a background refresh when it is due."""
        if self._clock() >= self._next_refresh:
            self._refresh_in_background()
        return self._vocabulary

    def refresh(self) -> bool:
        """Read the catalogue now (one query set); False if the database could not be read."""
        try:
            if _missing_sqlite_file(self._url):
                raise FileNotFoundError(f"no shop database at {self._url}")
            from bot.shop.db import session_scope

            with session_scope(self._url) as session:
                products, skus = read_catalogue(session)
            signature = rows_signature(products, skus)
            if signature != self._signature:
                started = time.perf_counter()
                vocabulary = Vocabulary.from_rows(products, skus, self._kind_names)
                self._vocabulary, self._signature = vocabulary, signature
                logger.info("Catalogue vocabulary: %d products, %s in %.0f ms.", len(products),
                            vocabulary.counts, 1000 * (time.perf_counter() - started))
            self.loaded = True
            self._next_refresh = self._clock() + self._refresh_seconds
            return True
        except Exception as error:  # never take the server down: extract what we know, retry later
            logger.warning("Could not read the shop catalogue for entities (%s: %s); retrying in %.0f s.",
                           type(error).__name__, error, self._retry_seconds)
            self._next_refresh = self._clock() + self._retry_seconds
            return False

    def _refresh_in_background(self) -> Optional[threading.Thread]:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return self._thread
            # not due again until this refresh has finished (it sets the real time)
            self._next_refresh = self._clock() + max(self._retry_seconds, 1.0)
            self._thread = threading.Thread(target=self.refresh, name="catalogue-vocabulary", daemon=True)
            self._thread.start()
            return self._thread

    def wait(self, seconds: float = 10.0) -> None:
        """Wait for a running refresh (tests)."""
        thread = self._thread
        if thread is not None:
            thread.join(seconds)
