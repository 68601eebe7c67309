"""The goods a buyer asks the shop for: "你们有婴儿湿巾卖吗", "do u have any baby wipes", "is there
any dog food". A pure reading of the words; whether the shop sells them is the catalogue's answer.

Only the goods words are returned: "this in red", "M码", "stock", "优惠" and the like name no goods,
so "有M码吗" and "do you have it in stock" give None and keep their meaning (stock of the product
spoken of)."""
from __future__ import annotations

import re
from typing import Optional, Tuple

from bot.nlu.vocabulary import (BASIC_ENGLISH_COLOURS, COLOUR_CHARS, GENERAL_COLOURS, LETTER_SIZES, SIZE_WORDS,
                                 canonical_size)

_ZH_ASK = re.compile(
    r"(?:你们|你家|店里|贵店|这边|这里)?(?:家)?(?:有没有|有木有|有无|卖不卖|有卖|有在卖|有|卖)(?:卖)?"
    r"(?P<goods>[^，,。.!！?？~～]{1,16}?)"
    r"(?:(?:卖|买|出售)?(?:吗|嘛|么|不|没|呢|啊|呀)|[？?]|$)")
_EN_ASK = re.compile(
    r"\b(?:(?:do|does|dont|don't)\s+(?:you|u|ya|your\s+shop|the\s+shop|you\s+guys|u\s+guys)\s+"
    r"(?:guys\s+)?(?:have|sell|carry|stock|got|keep)|have\s+(?:you|u)\s+got|(?:is|are)\s+there)\s+"
    r"(?:any\s+|some\s+)?(?P<goods>[a-z][a-z0-9' -]{1,40}?)"
    r"(?=\s*(?:[?!.,]|$|\s(?:in|for|at|available|right|now|today|here|too|also|or\s+not|on)\b))",
    re.IGNORECASE)

# words that name no goods: the product spoken of, its variants, the shop's services
_NOT_GOODS_ZH = re.compile(
    r"这款|这个|那款|那个|这件|那件|这种|那种|同款|一样的|别的|其他|其它|什么|哪些|现货|货|库存|优惠|活动|券|折扣|"
    r"赠品|礼品|发票|运费险|包邮|运费|码|号|尺码|颜色|色|款|大码|小码|保修|质保|售后|客服|人|链接|"
    r"(?:更|再)?[大小长短厚薄宽窄高低深浅便宜贵软硬]一?(?:点|些)|的|一些|点|吗|呢")
_NOT_GOODS_EN = frozenset((
    "it", "this", "that", "these", "those", "one", "ones", "them", "any", "some", "the", "a", "an", "other",
    "others", "more", "else", "anything", "something", "stock", "stocks", "size", "sizes", "colour", "colours",
    "color", "colors", "discount", "discounts", "coupon", "coupons", "offer", "offers", "sale", "sales", "deal",
    "deals", "promo", "promotion", "promotions", "free", "shipping", "delivery", "cod", "cash", "emi", "invoice",
    "cheap", "cheaper", "bigger", "smaller", "longer", "shorter", "lighter", "darker",
    "invoices", "gift", "gifts", "warranty", "guarantee", "return", "returns", "refund", "refunds", "exchange",
    "store", "shop", "branch", "outlet", "app", "website", "agent", "human", "person", "time", "option",
    "options", "variant", "variants", "plus", "big", "small", "large", "medium", "in",
    "same", "new", "similar", "left", "available", "of", "with", "my", "your", "u",
    "you", "there", "here", "please", "pls", "kind", "type", "types", "style", "styles", "model", "models",
    "version", "pattern", "design", "designs", "brand", "brands", "item", "items", "product", "products",
))


_JOINERS = frozenset(("or", "and"))


def goods_asked_for(text: str) -> Optional[str]:
    """The goods words of "do you have/sell X" / "有X吗", or None when the question names none."""
    found = _read(text)
    return found[0] if found else None


def goods_asked_if_sold(text: str) -> Optional[str]:
    """The goods words only when the question says "sell" ("do you sell X", "有卖X吗", "卖不卖X"):
    enough to read a message the NLU put out of scope as a shop question."""
    found = _read(text)
    return found[0] if found and found[1] else None


def _read(text: str) -> Optional[Tuple[str, bool]]:
    text = (text or "").strip()
    match = _EN_ASK.search(text)
    if match:
        words = [w for w in re.split(r"[\s-]+", match.group("goods").lower()) if w]
        kept = [w for w in words if w in _JOINERS or (w not in _NOT_GOODS_EN and not _variant_word(w))]
        while kept and kept[0] in _JOINERS:
            kept.pop(0)
        while kept and kept[-1] in _JOINERS:
            kept.pop()
        selling = re.search(r"\b(?:sell|carry|stock)\b", text[:match.start("goods")], re.IGNORECASE)
        return (" ".join(kept), bool(selling)) if kept else None
    match = _ZH_ASK.search(text)
    if match:
        goods = _NOT_GOODS_ZH.sub("", match.group("goods"))
        goods = re.sub(r"[\sA-Za-z0-9]+", "", goods) if re.search(r"[\u4e00-\u9fff]", goods) else ""
        return (goods, "卖" in match.group(0)) if len(goods) >= 2 and not _variant_word(goods) else None
    return None


def _variant_word(word: str) -> bool:
    """A colour ("navy", "白", "酒红色") or a size ("xl", "38", "加大") rather than goods."""
    word = word.strip().lower()
    if word in _COLOUR_WORDS or word.rstrip("色") in _COLOUR_WORDS or all(c in COLOUR_CHARS for c in word.rstrip("色")):
        return True
    return bool(re.fullmatch(r"\d{1,3}(?:\.\d)?", word)) or canonical_size(word) in LETTER_SIZES or \
        any(word in words for words, _, _ in SIZE_WORDS)


_COLOUR_WORDS = frozenset(
    [w for w in BASIC_ENGLISH_COLOURS] + [zh.rstrip("色") for zh, _ in GENERAL_COLOURS] +
    [part for _, names in GENERAL_COLOURS for name in names for part in name.split()])
