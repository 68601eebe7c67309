"""How many of each product a buyer names in one basket question: "一件卫衣和两条牛仔裤" -> 1, 2;
"a hoodie and 2 pairs of jeans" -> 1, 2; "2 hoodies + 1 scarf" -> 2, 1; "卫衣两件，牛仔裤一条" -> 2, 1;
"卫衣和牛仔裤各两件" -> 2, 2.

Plain Python (no Rasa). The products are given as the (start, end) offsets the entity extractors
found. A count stands right before its product (一件卫衣, 2 pairs of jeans, a black hoodie) or right
after it (卫衣两件, hoodie x2); of the two readings the one that gives more products a count wins,
before on a tie. A count may not reach across a separator (和, 、, +, "and") to its product. A count
no product takes and followed by words ("两条围巾", "1 scarf") is something else the buyer wants:
`read_basket` returns those words, so that what the shop does not sell can be said, not dropped.
"a"/"an" counts such a thing only where it starts an item of the list ("a hoodie and a scarf", "a
scarf, a hoodie"), not after other words ("with a discount", "for a friend").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from bot.nlu.normalise import chinese_number
from bot.nlu.text import half_width

Span = Tuple[int, int]

_WORDS = {"a couple of": 2, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_EN_NUMBER = r"\d{1,2}|" + "|".join(_WORDS)
_OF = r"(?:\s+of(?:\s+(?:the|those|these))?\b)"
_COUNT = re.compile(
    r"(?<![\d第])(?P<cn>\d{1,2}|[零一二两三四五六七八九十]{1,3})\s*[件个双条套瓶盒包支只顶副对罐]"
    rf"|(?<![\w.'])(?<!size )(?<!eu )(?<!us )(?<!uk )(?P<en>{_EN_NUMBER})"
    rf"(?:\s*(?P<unit>pairs?|pieces?|pcs?|items?|sets?|bottles?|boxes?)\b{_OF}?|(?<=\d)\s*[x×*](?=\s|$)|{_OF}|(?=\s|$))"
    r"|(?<![a-z])[x×*]\s*(?P<times>\d{1,2})(?!\d)",
    re.IGNORECASE)
_SEPARATOR = re.compile(r"[,，、;；+&/|。!！?？]|\.(?!\d)|和|跟|与|及|还有|再|加上|外加|另外|\b(?:and|plus|with|also|then)\b",
                        re.IGNORECASE)
_CJK_THEN_SPACE = re.compile(r"[\u4e00-\u9fff]\s")  # "买两个送爸妈 卫衣": a space ends a Chinese phrase
_SUFFIX_FILLER = re.compile(r"\s*(?:[:：]\s*)?(?:要|买|拿|来)?\s*")
_FEW_WORDS = re.compile(r"\s*(?:[a-z'-]+\s*){0,2}", re.IGNORECASE)
_EACH_BEFORE = re.compile(r"(?:各|每样|每种|每款)(?:买|要|来|拿)?\s*$")
_EACH_AFTER = re.compile(r"\s*(?:of\s+)?each\b", re.IGNORECASE)
# what ends the name of something counted but not found ("两条围巾一共多少"), and words after a
# count that are no goods ("两个人", "2 days", "30 yuan")
_ZH_NAME_END = re.compile(r"一共|总共|共|多少|能|可以|可不|怎么|的话|呢|吗|吧|啊|呀|么|和|跟|与|还有|再|加|要|买|算|包邮|"
                          r"打折|优惠|满减|减|价|钱|几|是|有|送|给|用|合计|总|一起|到手|付|贵|便宜|划算|都|也|各|每")
_ZH_NOT_GOODS = re.compile(r"[人月天年次周号位钟点分元块岁]|小时|星期|礼拜")
_EN_NAME_END = frozenset("and plus with how what much many for in is are cost costs total please then if do does can "
                         "could would will i you me it to at on the a an or but so together altogether each all that "
                         "this these those".split())
_EN_NOT_GOODS = frozenset("yuan rmb kuai dollar dollars bucks percent off day days week weeks month months year years "
                          "hour hours people person persons kid kids time times order orders coupon coupons discount "
                          "discounts promotion promotions more less of item items thing things question questions "
                          "piece pieces pair pairs bit lot few little while moment minute second sale deal price "
                          "gift gifts free total size colour color look refund refunds invoice receipt".split())
# what may stand before an "a"/"an" that counts something: the start of the message, a list
# separator ("and", ",", "+"; not "with") or a verb of buying ("buy a scarf")
_ARTICLE_STARTS_ITEM = re.compile(r"(?:^|[,，、;；+&/]|\b(?:and|plus|also|then|buy|get|want|need|add)\b)\s*$",
                                  re.IGNORECASE)


@dataclass(frozen=True)
class _Count:
    start: int
    end: int
    value: int
    kind: str  # "unit" (件, pairs), "bare" (2, two, a) or "times" (x2)


@dataclass(frozen=True)
class BasketCounts:
    """`counts`: for each product span, the count the buyer gave (None where they gave none);
    `others`: (count, words) of things counted that are none of the products ("两条围巾" -> (2, "围巾"))."""

    counts: Tuple[Optional[int], ...]
    others: Tuple[Tuple[int, str], ...] = ()


def basket_counts(text: str, spans: Sequence[Span]) -> List[int]:
    """How many of each product at `spans` (start, end offsets in `text`) the buyer asks about,
    in the order of `spans`: 1 where they give no count."""
    return [count or 1 for count in read_basket(text, spans).counts]


def read_basket(text: str, spans: Sequence[Span]) -> BasketCounts:
    """The count the buyer gives each product at `spans` (None where none), and the counted things
    that are no product at `spans` (see BasketCounts). Counts are 1 to 99."""
    folded = half_width(text or "")
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    edges = [0] + [max(0, min(spans[i][k], len(folded))) for i in order for k in (0, 1)] + [len(folded)]
    gaps = [(edges[2 * g], max(edges[2 * g], edges[2 * g + 1])) for g in range(len(order) + 1)]
    counts = [_counts(folded, start, end) for start, end in gaps]
    before = [_before(folded, gaps[g], counts[g]) for g in range(len(order))]
    after = [_after(folded, gaps[g + 1], counts[g + 1]) for g in range(len(order))]
    first, second = _assign(before, after), _assign(after, before)
    given, taken = second if _given(second[0]) > _given(first[0]) else first
    each = _each(folded, counts[-1])
    if each is not None and each.start not in taken and None in given:
        given = [each.value if value is None else value for value in given]
        taken.add(each.start)
    result: List[Optional[int]] = [None] * len(spans)
    for position, index in enumerate(order):
        result[index] = given[position]
    others = []
    for (_, end), gap_counts in zip(gaps, counts):
        for count in gap_counts:
            other = _other(folded, count, end) if count.start not in taken else None
            if other:
                others.append(other)
    return BasketCounts(tuple(result), tuple(others))


def _counts(text: str, start: int, end: int) -> List[_Count]:
    """The counts written between `start` and `end`, in order."""
    found = []
    for match in _COUNT.finditer(text, start, end):
        word = next(w for w in (match.group("cn"), match.group("en"), match.group("times")) if w)
        value = int(word) if word.isdigit() else _WORDS.get(word.lower()) or chinese_number(word) or 0
        kind = "times" if match.group("times") else "bare" if match.group("en") and not match.group("unit") else "unit"
        if 0 < value < 100:
            found.append(_Count(match.start(), match.end(), value, kind))
    return found


def _before(text: str, gap: Span, counts: List[_Count]) -> Optional[_Count]:
    """The last count of the gap, when nothing separates it from the product right after the gap."""
    if not counts:
        return None
    count = counts[-1]
    between = text[count.end:gap[1]]
    if _SEPARATOR.search(between) or _CJK_THEN_SPACE.search(between):
        return None
    if count.kind == "unit" or (count.kind == "bare" and _FEW_WORDS.fullmatch(between)) or not between.strip():
        return count
    return None


def _after(text: str, gap: Span, counts: List[_Count]) -> Optional[_Count]:
    """The first count of the gap, when it stands right after the product before the gap (卫衣两件)."""
    if not counts or counts[0].kind == "bare":
        return None
    return counts[0] if _SUFFIX_FILLER.fullmatch(text[gap[0]:counts[0].start]) else None


def _assign(first: List[Optional[_Count]], then: List[Optional[_Count]]) -> Tuple[List[Optional[int]], set]:
    """Each product's count from `first`, else from `then`; no count serves two products."""
    given: List[Optional[int]] = [None] * len(first)
    taken: set = set()
    for table in (first, then):
        for i, count in enumerate(table):
            if given[i] is None and count is not None and count.start not in taken:
                given[i] = count.value
                taken.add(count.start)
    return given, taken


def _given(counts: List[Optional[int]]) -> int:
    """How many products have a count."""
    return sum(count is not None for count in counts)


def _each(text: str, tail: List[_Count]) -> Optional[_Count]:
    """A count for every product, after the last one: "各两件", "2 each"."""
    for count in tail:
        if _EACH_BEFORE.search(text[:count.start]) or _EACH_AFTER.match(text, count.end):
            return count
    return None


def _other(text: str, count: _Count, end: int) -> Optional[Tuple[int, str]]:
    """(count, words) when a count no product took is followed by the name of something."""
    rest = text[count.end:end]
    chinese = re.match(r"\s*([\u4e00-\u9fff]+)", rest)
    if chinese:
        name = chinese.group(1)
        stop = _ZH_NAME_END.search(name)
        name = name[:stop.start()] if stop else name
        return (count.value, name) if name and not _ZH_NOT_GOODS.match(name) else None
    if count.kind == "times":
        return None
    if text[count.start:count.end].split()[0].lower() in ("a", "an") and not _ARTICLE_STARTS_ITEM.search(
            text, 0, count.start):
        return None
    words = []
    for word in re.findall(r"[a-z][a-z'-]*|\S", rest.lower())[:3]:
        if word in _EN_NAME_END or not word[0].isalpha():
            break
        words.append(word)
    if not words or words[0] in _EN_NOT_GOODS:
        return None
    return count.value, " ".join(words)
