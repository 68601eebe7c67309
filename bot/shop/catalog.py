"""The words buyers use for each kind of product the shop sells (the demo shop's products are in
bot/shop/demo/products.py)."""
from __future__ import annotations

from typing import Dict, Tuple

# Words buyers use for each kind of product (lower case for English).
KIND_NAMES: Dict[str, Tuple[str, ...]] = {
    "hoodie": ("卫衣", "帽衫", "hoodie", "hoodies", "hoody", "sweatshirt"),
    "tshirt": ("T恤", "t恤", "短袖", "体恤", "t-shirt", "tshirt", "tee"),
    "shirt": ("衬衫", "衬衣", "shirt", "blouse"),
    "sweater": ("毛衣", "针织衫", "sweater", "jumper"),
    "vest": ("背心", "马甲", "vest"),
    "cardigan": ("开衫", "cardigan"),
    "jacket": ("外套", "夹克", "jacket"),
    "down_jacket": ("羽绒服", "羽绒衣", "down jacket", "puffer", "puffer jacket"),
    "coat": ("大衣", "风衣", "coat", "trench"),
    "jeans": ("牛仔裤", "jeans"),
    "trousers": ("裤子", "长裤", "阔腿裤", "运动裤", "trousers", "pants"),
    "skirt": ("半身裙", "短裙", "裙子", "skirt"),
    "dress": ("连衣裙", "裙子", "dress"),
    "shoes": ("鞋", "鞋子", "靴子", "shoes", "shoe", "sneakers", "sneaker", "trainers", "boots", "boot"),
    "lipstick": ("口红", "唇釉", "唇膏", "lipstick", "lip gloss"),
    "foundation": ("粉底", "粉底液", "foundation"),
    "cushion": ("气垫", "bb霜", "cushion"),
    "mascara": ("睫毛膏", "mascara"),
    "eyeshadow": ("眼影", "眼影盘", "eyeshadow"),
    "eyebrow": ("眉笔", "eyebrow pencil"),
    "serum": ("精华", "精华液", "serum"),
    "toner": ("爽肤水", "化妆水", "toner"),
    "cream": ("面霜", "cream"),
    "sunscreen": ("防晒", "防晒霜", "sunscreen", "spf"),
    "face_mask": ("面膜", "face mask", "sheet mask"),
    "cleanser": ("洗面奶", "洁面", "cleanser", "face wash"),
    "setting_powder": ("散粉", "蜜粉", "setting powder"),
    "perfume": ("香水", "perfume"),
}

_SKINCARE = ("serum", "toner", "cream", "sunscreen", "face_mask", "cleanser")
_MAKEUP = ("lipstick", "foundation", "cushion", "mascara", "eyeshadow", "eyebrow", "setting_powder")
_CLOTHING = ("hoodie", "tshirt", "shirt", "sweater", "vest", "cardigan", "jacket", "down_jacket", "coat", "jeans",
             "trousers", "skirt", "dress")

# Words for a need rather than a kind ("干皮用什么好", "something to wear to a wedding"): the kinds
# that meet it. Suggestions are narrowed to these kinds when no kind is named.
NEED_KINDS: Tuple[Tuple[Tuple[str, ...], Tuple[str, ...]], ...] = (
    (("护肤", "皮肤", "肌肤", "干皮", "油皮", "混油", "敏感肌", "痘痘", "补水", "保湿", "美白", "抗老", "毛孔",
      "skin", "skincare", "skin care", "moisturiser", "moisturizer", "moisturising", "moisturizing", "acne",
      "wrinkles", "pores"), _SKINCARE),
    (("化妆", "彩妆", "上妆", "妆容", "底妆", "makeup", "make-up", "cosmetics"), _MAKEUP),
    (("美妆", "beauty"), _SKINCARE + _MAKEUP),
    (("衣服", "穿搭", "上衣", "服装", "婚礼", "约会", "通勤", "clothes", "clothing", "outfit", "wear",
      "wedding", "date night"), _CLOTHING),
)
