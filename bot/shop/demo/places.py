"""Where the demo shop's buyers live and how parcels travel there from the warehouse."""
from __future__ import annotations

import random
from typing import Dict, List, Tuple


Place = Tuple[str, str]  # (city_zh, city_en)

WAREHOUSE: Place = ("广州", "Guangzhou")
JINHUA, WUHAN, ZHENGZHOU = ("金华", "Jinhua"), ("武汉", "Wuhan"), ("郑州", "Zhengzhou")
BEIJING, SHENYANG, CHENGDU = ("北京", "Beijing"), ("沈阳", "Shenyang"), ("成都", "Chengdu")
XIAN, LANZHOU = ("西安", "Xi'an"), ("兰州", "Lanzhou")

# province: (weight for random orders, cities, transit hubs between the warehouse and the city);
# remote provinces get one generated order in ten (see random_address).
PROVINCES: Dict[str, Tuple[int, List[Place], List[Place]]] = {
    "广东": (12, [("广州", "Guangzhou"), ("深圳", "Shenzhen"), ("东莞", "Dongguan"), ("佛山", "Foshan")], []),
    "浙江": (9, [("杭州", "Hangzhou"), ("宁波", "Ningbo"), ("温州", "Wenzhou")], [JINHUA]),
    "江苏": (8, [("南京", "Nanjing"), ("苏州", "Suzhou"), ("无锡", "Wuxi")], [JINHUA]),
    "上海": (7, [("上海", "Shanghai")], [JINHUA]),
    "北京": (5, [("北京", "Beijing")], [ZHENGZHOU]),
    "山东": (5, [("济南", "Jinan"), ("青岛", "Qingdao")], [ZHENGZHOU]),
    "四川": (4, [("成都", "Chengdu")], [CHENGDU]),
    "福建": (4, [("福州", "Fuzhou"), ("厦门", "Xiamen")], []),
    "湖北": (3, [("武汉", "Wuhan")], [WUHAN]),
    "湖南": (3, [("长沙", "Changsha")], [WUHAN]),
    "河南": (3, [("郑州", "Zhengzhou"), ("洛阳", "Luoyang")], [WUHAN]),
    "安徽": (2, [("合肥", "Hefei")], [WUHAN]),
    "江西": (2, [("南昌", "Nanchang")], []),
    "广西": (2, [("南宁", "Nanning"), ("桂林", "Guilin")], []),
    "海南": (1, [("海口", "Haikou"), ("三亚", "Sanya")], []),
    "天津": (2, [("天津", "Tianjin")], [ZHENGZHOU]),
    "河北": (2, [("石家庄", "Shijiazhuang")], [ZHENGZHOU]),
    "山西": (1, [("太原", "Taiyuan")], [ZHENGZHOU]),
    "辽宁": (2, [("沈阳", "Shenyang"), ("大连", "Dalian")], [ZHENGZHOU, SHENYANG]),
    "吉林": (1, [("长春", "Changchun")], [ZHENGZHOU, SHENYANG]),
    "黑龙江": (1, [("哈尔滨", "Harbin")], [ZHENGZHOU, SHENYANG]),
    "重庆": (2, [("重庆", "Chongqing")], [CHENGDU]),
    "贵州": (1, [("贵阳", "Guiyang")], [CHENGDU]),
    "云南": (1, [("昆明", "Kunming")], [CHENGDU]),
    "陕西": (2, [("西安", "Xi'an")], [XIAN]),
    "新疆": (0, [("乌鲁木齐", "Urumqi"), ("喀什", "Kashgar")], [XIAN, LANZHOU]),
    "西藏": (0, [("拉萨", "Lhasa")], [CHENGDU]),
    "内蒙古": (0, [("呼和浩特", "Hohhot"), ("包头", "Baotou")], [BEIJING]),
    "青海": (0, [("西宁", "Xining")], [XIAN, LANZHOU]),
    "宁夏": (0, [("银川", "Yinchuan")], [XIAN]),
    "甘肃": (0, [("兰州", "Lanzhou")], [XIAN]),
}
REMOTE_PROVINCES = ("新疆", "西藏", "内蒙古", "青海", "宁夏", "甘肃")
STREETS = "人民路 中山路 解放路 建设路 和平路 新华路 长江路 文化路 胜利路 青年路 迎宾大道 学府路".split()
COMMUNITIES = "阳光花园 锦绣家园 幸福里 金色家园 书香苑 翠苑小区 滨江花园 春晓苑 万科城 碧桂园".split()


def weighted(rng: random.Random, weights: Dict[str, int]) -> str:
    """One key of `weights`, drawn in proportion to its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def route_to(province: str, city: Place) -> List[Place]:
    """The places a parcel passes from the warehouse to `city`, without repeats."""
    places = [WAREHOUSE, *PROVINCES[province][2], city]
    return [place for i, place in enumerate(places) if i == 0 or place != places[i - 1]]


def random_address(rng: random.Random, index: int) -> Tuple[str, str, str]:
    """A (province, city, street address); every tenth order goes to a remote province."""
    if index % 10 == 3:
        province = REMOTE_PROVINCES[(index // 10) % len(REMOTE_PROVINCES)]
    else:
        province = weighted(rng, {name: entry[0] for name, entry in PROVINCES.items()})
    city = rng.choice(PROVINCES[province][1])[0]
    line = (f"{rng.choice(STREETS)}{rng.randint(1, 399)}号{rng.choice(COMMUNITIES)}"
            f"{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{rng.randint(1, 32)}0{rng.randint(1, 6)}室")
    return province, city, line


def place_of(province: str, city_zh: str) -> Place:
    """The (zh, en) place of a city of `province`."""
    return next(place for place in PROVINCES[province][1] if place[0] == city_zh)
