"""The province-level regions of China and the places outside the mainland, by every name buyers use."""
from __future__ import annotations

import re

# Canonical short name -> other names buyers and addresses use (matched case-insensitively).
MAINLAND_REGIONS: dict[str, tuple[str, ...]] = {
    "北京": ("北京市", "京", "beijing", "peking"),
    "天津": ("天津市", "津", "tianjin"),
    "上海": ("上海市", "沪", "shanghai"),
    "重庆": ("重庆市", "渝", "chongqing"),
    "河北": ("河北省", "hebei"),
    "山西": ("山西省", "shanxi"),
    "辽宁": ("辽宁省", "liaoning"),
    "吉林": ("吉林省", "jilin"),
    "黑龙江": ("黑龙江省", "heilongjiang"),
    "江苏": ("江苏省", "苏", "jiangsu"),
    "浙江": ("浙江省", "浙", "zhejiang"),
    "安徽": ("安徽省", "anhui"),
    "福建": ("福建省", "闽", "fujian"),
    "江西": ("江西省", "jiangxi"),
    "山东": ("山东省", "shandong"),
    "河南": ("河南省", "henan"),
    "湖北": ("湖北省", "hubei"),
    "湖南": ("湖南省", "hunan"),
    "广东": ("广东省", "粤", "guangdong", "canton"),
    "海南": ("海南省", "hainan"),
    "四川": ("四川省", "川", "sichuan", "szechuan"),
    "贵州": ("贵州省", "guizhou"),
    "云南": ("云南省", "yunnan"),
    "陕西": ("陕西省", "shaanxi"),
    "甘肃": ("甘肃省", "gansu"),
    "青海": ("青海省", "qinghai"),
    "内蒙古": ("内蒙古自治区", "内蒙", "inner mongolia", "nei mongol", "neimenggu", "neimeng",
             "inner mongolia autonomous region"),
    "广西": ("广西壮族自治区", "guangxi", "guangxi zhuang autonomous region"),
    "西藏": ("西藏自治区", "tibet", "xizang", "tibet autonomous region"),
    "宁夏": ("宁夏回族自治区", "ningxia", "ningxia hui autonomous region"),
    "新疆": ("新疆维吾尔自治区", "xinjiang", "xinjiang uygur autonomous region",
           "xinjiang uyghur autonomous region"),
}
OUTSIDE_REGIONS: dict[str, tuple[str, ...]] = {
    "香港": ("香港特别行政区", "香港特区", "hong kong", "hongkong", "hk"),
    "澳门": ("澳门特别行政区", "澳门特区", "macau", "macao"),
    "台湾": ("台湾省", "taiwan"),
    "海外": ("国外", "境外", "overseas", "abroad", "international"),
}
_SUFFIXES = ("specialadministrativeregion", "autonomousregion", "municipality", "province",
             "city", "sar", "特别行政区", "自治区", "省", "市")


def _region_key(text: str) -> str:
    return re.sub(r"[\s\-_.'’]+", "", text).casefold()


_REGION_INDEX: dict[str, str] = {
    _region_key(name): canonical
    for table in (MAINLAND_REGIONS, OUTSIDE_REGIONS)
    for canonical, aliases in table.items()
    for name in (canonical, *aliases)
}


def region_name(text: str) -> str | None:
    """Canonical short name of a province-level region or of 香港/澳门/台湾/海外, else None.

    Matches Chinese full names, English names and pinyin; a Chinese text that merely contains
    a region name ("新疆乌鲁木齐") yields the region that appears first.
    """
    key = _region_key(text or "")
    if not key:
        return None
    if key in _REGION_INDEX:
        return _REGION_INDEX[key]
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and key[: -len(suffix)] in _REGION_INDEX:
            return _REGION_INDEX[key[: -len(suffix)]]
    found = [(key.find(name), -len(name), canonical) for name, canonical in _REGION_INDEX.items()
             if len(name) >= 2 and re.search(r"[\u4e00-\u9fff]", name) and name in key]
    return min(found)[2] if found else None
