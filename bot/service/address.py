"""A delivery address typed by a buyer: checked, then split into province / city / district / detail.

Nothing here writes anything: `parse_address` says what the text means or why it cannot be used,
and the caller stores the fields (bot.shop.repositories.change_address).

- Chinese addresses are parsed with cpca (MIT; the mainland's province/city/county table, bundled,
  offline). An address must name at least two levels itself ("杭州市西湖区...", "浙江杭州...",
  "上海浦东新区..."), or a city written with 市: a lone "南京路100号" is a street, not Nanjing.
- English addresses are matched against the same tables: provinces by the English names of the
  shop policy's region table, cities and districts by their pinyin (pypinyin, MIT, offline).
- The province is always the canonical short name of the policy's region table
  (bot.policy.regions.region_name) and must be one the shop ships to (a shipping zone).
- A mainland mobile or a landline number and a recipient name may come with the address; any
  other long digit run is a phone number gone wrong. Markup (< >), control and invisible
  formatting characters are refused, not cleaned: the buyer is asked again.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Tuple

from bot.nlu.text import CJK, half_width
from bot.policy.regions import MAINLAND_REGIONS, region_name
from bot.policy.schema import ShopPolicy
from bot.policy.shipping import zone_of

MAX_CHARS = 150
MAX_DETAIL_CHARS = 120
MIN_DETAIL_CHARS = 2
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")

PROBLEMS = ("markup", "too_long", "too_short", "phone", "region", "not_served", "detail")

_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[\s-]?)?(1[3-9]\d{9})(?!\d)")
_LANDLINE = re.compile(r"(?<![\d+])(0\d{2,3})[\s-]?(\d{7,8})(?!\d)")
_LONG_DIGITS = re.compile(r"\d{7,}")
_PHONE_LABEL = re.compile(r"(?:联系电话|手机号码|手机号|电话号码|电话|手机|tel|phone|mobile)\s*(?:是|为|:|：)?\s*$", re.I)
_NAME_LABEL = re.compile(
    r"(?:收件人|收货人|联系人|姓名|recipient|name)\s*(?:是|为|:|：)?\s*"
    r"([\u4e00-\u9fff·]{2,8}|[A-Za-z][A-Za-z.'\- ]{0,38}[A-Za-z])", re.I)
_SEPARATORS = re.compile(r"[\s,，;；、/|]+")
# characters that make a segment part of an address, never a person's name
_ADDRESS_CHARS = re.compile(r"[省市区县镇乡村路街巷号弄栋幢室楼单元苑院座层门口店柜站处]|\d")
# the common surnames (about 99% of people); a bare "尽快发货" next to an address is no name
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
    "苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练"
    "廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿"
    "鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由")
_COMPOUND_SURNAMES = {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐", "夏侯", "端木"}
_CITY_PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


@dataclass(frozen=True)
class ParsedAddress:
    """An address the shop can ship to. `province` is None for a contact-only change
    (the buyer only sent a new phone and/or recipient)."""

    province: Optional[str]
    city: Optional[str]
    district: str
    detail: str
    recipient: Optional[str] = None
    phone: Optional[str] = None

    @property
    def line(self) -> str:
        """What goes into the order's address line: district and detail."""
        if not self.district or CJK.search(self.detail):
            return f"{self.district}{self.detail}"
        return f"{self.district} {self.detail}"  # an English detail: "朝阳区 Room 1205, 88 Jianguo Road"

    def display(self) -> str:
        """The whole address as the buyer would read it back."""
        parts = []
        if self.province:
            city = "" if self.city == self.province else self.city or ""
            parts.append(f"{self.province}{city}{self.line}")
        parts += [part for part in (self.recipient, self.phone) if part]
        return " ".join(parts)


@dataclass(frozen=True)
class AddressCheck:
    """The outcome: an address, or the reason (one of PROBLEMS) it cannot be used."""

    address: Optional[ParsedAddress]
    problem: Optional[str] = None

    @property
    def ok(self) -> bool:
        """True when the address can be stored."""
        return self.address is not None


def unsafe_characters(text: str) -> bool:
    """True if the text has markup brackets or control / invisible formatting characters.

    Tabs and line breaks are allowed (they become spaces); full-width ＜ ＞ count as < >.
    """
    for ch in half_width(text):
        if ch in "<>":
            return True
        if ch in "\t\r\n":
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return True
    return False


def plain_text(text: str) -> str:
    """Half-width, single-spaced text without leading or trailing space."""
    return " ".join(half_width(text or "").split())


def _take_phone(text: str) -> Tuple[str, Optional[str]]:
    """Remove the first mobile or landline number (and a label such as 电话：) from the text."""
    match = _MOBILE.search(text) or _LANDLINE.search(text)
    if match is None:
        return text, None
    phone = match.group(1) if match.re is _MOBILE else f"{match.group(1)}-{match.group(2)}"
    before = _PHONE_LABEL.sub("", text[: match.start()])
    return f"{before} {text[match.end():]}", phone


def _take_labelled_name(text: str) -> Tuple[str, Optional[str]]:
    match = _NAME_LABEL.search(text)
    if match is None:
        return text, None
    return f"{text[: match.start()]} {text[match.end():]}", match.group(1).strip()


def _looks_like_name(segment: str) -> bool:
    """2-4 Chinese characters starting with a common surname, with nothing of an address in them."""
    return (re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", segment) is not None
            and (segment[0] in _SURNAMES or segment[:2] in _COMPOUND_SURNAMES)
            and not _ADDRESS_CHARS.search(segment) and region_name(segment) is None)


def _take_bare_name(text: str) -> Tuple[str, Optional[str]]:
    """A name standing apart at the start or end, next to a phone ("张三 13812345678 ...")."""
    segments = [s for s in _SEPARATORS.split(text) if s]
    if len(segments) == 1 and _looks_like_name(segments[0]):
        return "", segments[0]
    if len(segments) < 2:
        return text, None
    for index in (0, len(segments) - 1):
        if _looks_like_name(segments[index]):
            rest = segments[:index] + segments[index + 1:]
            return " ".join(rest), segments[index]
    return text, None


def _clean_detail(text: str) -> str:
    return _SEPARATORS.sub(" ", text).strip(" -_.,，。:：#")


# ---- the division table (cpca) -------------------------------------------------------------

@dataclass(frozen=True)
class _Division:
    adcode: str  # 6 digits
    name: str
    rank: int  # 0 province, 1 city, 2 county/district


@lru_cache(maxsize=1)
def _divisions() -> Tuple[_Division, ...]:
    import cpca

    return tuple(_Division(info.adcode, info.name, info.rank) for info in cpca.ad_2_addr_dict.values())


def _province_of(adcode: str) -> Optional[str]:
    for division in _divisions():
        if division.rank == 0 and division.adcode[:2] == adcode[:2]:
            return region_name(division.name)
    return None


def city_provinces(excluded: Iterable[str] = ()) -> Dict[str, str]:
    """Prefecture-level city names of the mainland, as buyers write them ("广州", "广州市",
    "克拉玛依"), each to its province's canonical name ("广东"); autonomous prefectures and leagues
    (州, 盟) are left out, and so are the `excluded` names."""
    skip = set(excluded)
    cities: Dict[str, str] = {}
    for division in _divisions():
        name = _city_name(division.name) if division.rank == 1 else None
        if not name or not name.isalpha() or name in skip or name.endswith(("州", "盟", "地区")) and len(name) > 3:
            continue
        province = _province_of(division.adcode)
        if province:
            cities[name] = province
            cities[f"{name}市"] = province
    return cities


def city_provinces_pinyin(excluded: Iterable[str] = (), excluded_spellings: Iterable[str] = ()) -> Dict[str, str]:
    """The same cities by their usual pinyin ("guangzhou" -> 广东), for English messages; a spelling
    two provinces share (suzhou: 苏州 江苏 and 宿州 安徽) is left out, and so are `excluded_spellings`."""
    from pypinyin import lazy_pinyin

    provinces: Dict[str, set] = {}
    for name, province in city_provinces(excluded).items():
        if not name.endswith("市"):
            provinces.setdefault("".join(lazy_pinyin(name)), set()).add(province)
    skip = set(excluded_spellings)
    return {spelling: next(iter(found)) for spelling, found in provinces.items()
            if len(found) == 1 and spelling not in skip and spelling.isascii()}


def _city_name(name: Optional[str]) -> Optional[str]:
    if not name or name in _CITY_PLACEHOLDERS:
        return None
    return name[:-1] if name.endswith("市") and len(name) > 2 else name


def _parse_chinese(text: str) -> Tuple[Optional[Tuple[str, Optional[str], str, str]], str]:
    """(province, city, district, detail) from cpca, or None and the problem."""
    import cpca

    row = cpca.transform([text], pos_sensitive=True).iloc[0].to_dict()
    province = region_name(row.get("省") or "")
    if province is None:
        return None, "region"
    if province not in MAINLAND_REGIONS:
        return None, "not_served"
    district = row.get("区") or ""
    city = _city_name(row.get("市"))
    if province in MUNICIPALITIES:
        city = province
    elif city is None and district:
        city = _city_name(district)  # a county-level city under the province (仙桃市, 琼海市)
        district = ""
    if not city:
        return None, "region"
    literal = [row.get(key, -1) >= 0 for key in ("省_pos", "市_pos", "区_pos")]
    if province in MUNICIPALITIES and literal[0]:
        literal[1] = True
    city_pos = row.get("市_pos", -1)
    city_with_suffix = city_pos >= 0 and "市" in text[city_pos: city_pos + len(row.get("市") or "") + 1]
    if sum(literal) < 2 and not city_with_suffix:
        return None, "region"
    return (province, city, district, _clean_detail(row.get("地址") or "")), ""


# ---- English: provinces by name, cities and districts by pinyin -----------------------------

def _pinyin_keys(name: str) -> List[str]:
    """Pinyin spellings of a place name without its suffix; every reading of polyphonic characters."""
    from pypinyin import Style, pinyin

    if name.endswith("自治州") or name.endswith("自治县") or name.endswith("自治旗"):
        name = name[:2]
    else:
        name = re.sub(r"(市|地区|盟|林区|新区|区|县|旗)$", "", name)
    if len(name) < 2:
        return []
    readings = pinyin(name, style=Style.NORMAL, heteronym=True)
    combos = itertools.islice(itertools.product(*[r[:3] for r in readings]), 16)
    return sorted({"".join(combo) for combo in combos})


@lru_cache(maxsize=1)
def _pinyin_index() -> Dict[str, List[Tuple[str, _Division]]]:
    """pinyin key -> [(province, division)] for cities and districts."""
    index: Dict[str, List[Tuple[str, _Division]]] = {}
    for division in _divisions():
        if division.rank == 0 or division.name in _CITY_PLACEHOLDERS:
            continue
        province = _province_of(division.adcode)
        for key in _pinyin_keys(division.name):
            index.setdefault(key, []).append((province, division))
    return index


def _latin_phrases(text: str) -> Iterable[Tuple[int, int, str]]:
    """Every run of 1-4 words as (start, end, joined lowercase letters)."""
    words = [(m.start(), m.end(), m.group().lower()) for m in re.finditer(r"[A-Za-z]+", text)]
    for i in range(len(words)):
        for j in range(i, min(i + 4, len(words))):
            yield words[i][0], words[j][1], "".join(w[2] for w in words[i:j + 1])


_LEVEL_WORDS = re.compile(
    r"\s*(?:province|municipality|city|shi|sheng|district|county|qu|xian|prefecture)\b", re.I)
_AFTER_PLACE = re.compile(r"\s*(?:[,;]|$)")


def _standalone(text: str, end: int, province_start: int) -> bool:
    """A place name ends its own part: a level word, a comma or the end, or the province follows.

    "Tianhe Road" is a street; "Tianhe District", "Tianhe, Guangzhou" and "Hangzhou Zhejiang" are places.
    """
    tail = text[end:]
    return (_LEVEL_WORDS.match(tail) is not None or _AFTER_PLACE.match(tail) is not None
            or text[end:province_start].strip() == "")


def _english_detail(text: str, spans: List[Tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        tail = _LEVEL_WORDS.match(text[end:])
        text = text[:start] + " " + text[end + (tail.end() if tail else 0):]
    parts = [" ".join(part.split()) for part in re.split(r"[,;]", text)]
    return ", ".join(part for part in parts if part).strip(" -_.#")


def _parse_english(text: str) -> Tuple[Optional[Tuple[str, Optional[str], str, str]], str]:
    phrases = list(_latin_phrases(text))
    provinces = [(start, end, region_name(key)) for start, end, key in phrases]
    provinces = [p for p in provinces if p[2] is not None]
    if not provinces:
        return None, "region"
    p_start, p_end, province = max(provinces, key=lambda p: (p[0], p[1]))  # English addresses end with it
    if province not in MAINLAND_REGIONS:
        return None, "not_served"
    spans = [(p_start, p_end)]
    city, district = (province, "") if province in MUNICIPALITIES else (None, "")
    index = _pinyin_index()
    for rank in (1, 2):  # cities first: "Tianhe Road, Guangzhou" names the city, not the street
        for start, end, key in phrases:
            if any(start < s_end and s_start < end for s_start, s_end in spans):
                continue
            if not _standalone(text, end, p_start):
                continue
            division = next((d for owner, d in index.get(key, []) if owner == province and d.rank == rank), None)
            if division is None or (rank == 1 and city is not None) or (rank == 2 and district):
                continue
            if rank == 1:
                city = _city_name(division.name)
            else:
                district = division.name
                if city is None:
                    parent = next((d for d in _divisions() if d.rank == 1 and d.adcode == division.adcode[:4] + "00"),
                                  None)
                    city = _city_name(parent.name if parent else None) or _city_name(division.name)
            spans.append((start, end))
    if city is None:
        return None, "region"
    return (province, city, district, _english_detail(text, spans)), ""


def parse_address(text: str, policy: ShopPolicy) -> AddressCheck:
    """Check a buyer's address message and split it into fields (see the module doc)."""
    if unsafe_characters(text or ""):
        return AddressCheck(None, "markup")
    text = plain_text(text)
    if len(text) > MAX_CHARS:
        return AddressCheck(None, "too_long")
    if len(text) < 4:
        return AddressCheck(None, "too_short")
    rest, phone = _take_phone(text)
    rest, recipient = _take_labelled_name(rest)
    if _LONG_DIGITS.search(rest):
        return AddressCheck(None, "phone")
    if recipient is None and phone and CJK.search(rest):
        rest, recipient = _take_bare_name(rest)
    rest = " ".join(rest.split()).strip(" ,，;；、")
    if not _clean_detail(rest) and (phone or recipient):
        return AddressCheck(ParsedAddress(None, None, "", "", recipient, phone))
    parsed, problem = (_parse_chinese if CJK.search(rest) else _parse_english)(rest)
    if parsed is None:
        return AddressCheck(None, problem)
    province, city, district, detail = parsed
    if province not in MAINLAND_REGIONS or zone_of(policy, province) is None:
        return AddressCheck(None, "not_served")
    if len(detail) < MIN_DETAIL_CHARS or not re.search(r"[\u4e00-\u9fffA-Za-z]", detail):
        return AddressCheck(None, "detail")
    if len(detail) > MAX_DETAIL_CHARS:
        return AddressCheck(None, "too_long")
    return AddressCheck(ParsedAddress(province, city, district, detail, recipient, phone))


# ---- corrections of an address read back ----------------------------------------------------

_PART = r"[0-9A-Za-z\u4e00-\u9fff#\-]+"
_CORRECTIONS = (  # (pattern, group of the wrong part, group of the right part)
    (re.compile(rf"不是\s*({_PART}?)\s*[,，]?\s*(?:而是|应该是|是)\s*({_PART})"), 1, 2),
    (re.compile(rf"(?:应该是|是)?\s*({_PART}?)\s*[,，]?\s*(?:而)?不是\s*({_PART})"), 2, 1),
    (re.compile(rf"({_PART}?)\s*(?:改成|改为|换成|->|→)\s*({_PART})"), 1, 2),
    (re.compile(rf"\bnot\s+({_PART})(?:\s*[,，]\s*|\s+)(?:but\s+|it'?s\s+|it\s+is\s+)?({_PART})", re.I), 1, 2),
    (re.compile(rf"({_PART})\s*[,，]?\s+(?:not|instead\s+of)\s+({_PART})\b", re.I), 2, 1),
)


def corrected(address_text: str, message: str) -> Optional[str]:
    """The address with the buyer's correction of one part applied ("room 1205 not 1203",
    "是1205室不是1203室", "不是1203是1205", "1203改成1205", "收件人是王芳不是王方"); None when the
    message corrects nothing that the address holds. The last occurrence of the wrong part is
    replaced (a room number comes after the street number)."""
    for pattern, wrong_group, right_group in _CORRECTIONS:
        for match in pattern.finditer(half_width(message or "")):
            wrong, right = match.group(wrong_group), match.group(right_group).rsplit("是", 1)[-1]
            if not wrong or not right or wrong == right:
                continue
            at = address_text.lower().rfind(wrong.lower())
            if at >= 0:
                return address_text[:at] + right + address_text[at + len(wrong):]
    return None
