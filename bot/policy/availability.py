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


def goods_named(text: str) -> Optional[str]:
    """Goods of a common kind the message points at without asking "do you have X" ("can this
    laptop run python", "这台笔记本能跑PS吗"); None when it points at none of OTHER_GOODS. Goods only
    mentioned ("我天天对着电脑", "my old phone") are not what is asked about. Whether the shop sells
    them is the catalogue's answer."""
    lowered = (text or "").lower()
    if re.search(r"[\u4e00-\u9fff]", lowered):
        named = _POINTED_ZH.search(lowered)
        return named.group("goods") if named else None
    named = _POINTED_EN.search(lowered)
    return _plural(named.group("goods")) if named else None


def _plural(goods: str) -> str:
    """"laptop" -> "laptops" for "we don't sell laptops"; plurals and uncountables as they are."""
    if goods.endswith("s") or goods in _UNCOUNTABLE:
        return goods
    return "TVs" if goods == "tv" else goods + "s"


def goods_asked_if_sold(text: str) -> Optional[str]:
    """The goods words only when the question says "sell" ("do you sell X", "有卖X吗", "卖不卖X"):
    enough to read a message the NLU put out of scope as a shop question."""
    found = _read(text)
    return found[0] if found and found[1] else None


# who the goods are for, when that is all the question names: "do you have kids sizes", "有童装吗"
_CHILDREN_EN = frozenset(("kid", "kids", "kid's", "kids'", "child", "children", "children's", "childrens", "toddler",
                          "toddlers"))
_CHILDREN_ZH = re.compile(r"^(?:童装|儿童|儿童装|童鞋|小孩|小孩子|小朋友|宝宝|孩子|男童|女童)(?:穿|用|款|的|衣服|尺码)?$")


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
        if any(w in _CHILDREN_EN for w in kept):
            kept = ["children's sizes"]  # not "clothes", which the shop sells
        return (" ".join(kept), bool(selling)) if kept else None
    match = _ZH_ASK.search(text)
    if match:
        goods = _NOT_GOODS_ZH.sub("", match.group("goods"))
        goods = re.sub(r"[\sA-Za-z0-9]+", "", goods) if re.search(r"[\u4e00-\u9fff]", goods) else ""
        goods = "童装" if _CHILDREN_ZH.match(goods) else goods
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

# Common kinds of goods buyers of other shops ask about (appliances, electronics, food, baby, home,
# pets). Only words that are nothing but goods: "watch", "book", "fan", "light" or "coffee" are
# also verbs or colours.
OTHER_GOODS_EN = (
    "laptop", "computer", "tablet", "ipad", "smartphone", "phone", "mobile", "tv", "television", "fridge",
    "refrigerator", "washing machine", "air conditioner", "rice cooker", "pressure cooker", "cooker",
    "air fryer", "microwave", "oven", "kettle", "mixer grinder", "mixer", "blender", "juicer", "hair dryer",
    "trimmer", "shaver", "earbuds", "earphones", "headphones", "speaker", "power bank", "charger", "router",
    "camera", "projector", "printer", "monitor", "vacuum cleaner", "air purifier", "water purifier",
    "humidifier", "heater", "geyser", "sofa", "mattress", "cat food", "dog food", "baby formula", "diapers",
    "nappies", "baby wipes", "snacks", "biscuits", "honey", "coffee beans", "green tea", "toys", "toy",
    "lego", "bicycle", "tent", "suitcase", "luggage", "umbrella", "flask", "tiffin", "lunch box",
    "frying pan", "tawa", "seeds", "fertiliser", "fertilizer", "guitar", "drone", "smartwatch", "helmet",
    "tyres", "tires", "perfume", "protein powder",
)
OTHER_GOODS_ZH = (
    "笔记本电脑", "笔记本", "电脑", "平板", "手机", "电视", "冰箱", "洗衣机", "空调", "电饭煲", "电饭锅", "高压锅",
    "空气炸锅", "微波炉", "烤箱", "电水壶", "热水壶", "吹风机", "剃须刀", "耳机", "音箱", "充电宝", "充电器",
    "路由器", "相机", "摄像头", "投影仪", "打印机", "显示器", "扫地机", "吸尘器", "净水器", "加湿器", "电风扇",
    "沙发", "床垫", "猫粮", "狗粮", "奶粉", "纸尿裤", "尿不湿", "湿巾", "零食", "坚果", "茶叶", "蜂蜜", "大米",
    "咖啡豆", "玩具", "积木", "自行车", "帐篷", "行李箱", "拉杆箱", "雨伞", "保温杯", "饭盒", "种子", "吉他",
    "无人机", "头盔", "香水", "蛋白粉", "不粘锅",
)
_UNCOUNTABLE = frozenset(("honey", "luggage", "green tea", "cat food", "dog food", "baby formula", "fertiliser",
                          "fertilizer", "protein powder", "lego", "perfume", "television"))
_GOODS_PATTERN = "|".join(sorted((re.escape(word) for word in OTHER_GOODS_EN), key=len, reverse=True))
_POINTED_EN = re.compile(rf"\b(?:this|that|these|those|your|ur)\s+(?:\w+\s+)??(?P<goods>(?:{_GOODS_PATTERN})(?:e?s)?)\b"
                         rf"(?!\s*(?:number|no\b|num\b|#))")
_POINTED_ZH = re.compile(
    r"[这那](?:一)?(?:台|个|款|部|只|把|件|瓶|盒|包|袋|本|张|种|套|辆|顶)?(?P<goods>"
    + "|".join(sorted((re.escape(word) for word in OTHER_GOODS_ZH), key=len, reverse=True)) + ")")
