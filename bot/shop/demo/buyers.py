"""The demo shop's buyers: demo_buyer and other_buyer first, then believable strangers."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import List

from sqlalchemy.orm import Session

from bot.shop.models import Buyer


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
GIVEN_NAMES = (
    "丽 静 敏 婷 芳 娜 秀英 晓燕 雪 欣怡 梓涵 雨桐 佳怡 思雨 诗涵 可馨 子涵 慧 琳 倩 "
    "颖 莉 燕 玲 丹 晶 梦瑶 晓雯 嘉欣 一诺 雅婷 心怡 佳琪 浩 伟 磊 强 杰 涛 明 军 宇轩 子豪"
).split()
NICK_STEMS = (
    "xiaoli lemon momo coco sunny tangtang xiaoyu lulu yoyo jiajia mimi ayu candy nana "
    "doudou guoguo kiki summer xixi tutu maomao qiqi lily dudu"
).split()
PHONE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 "
    "177 180 181 182 183 185 186 187 188 189 199"
).split()


def phone_number(rng: random.Random, taken: set) -> str:
    """A mobile number not in `taken` (which it joins)."""
    while True:
        phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10 ** 8):08d}"
        if phone not in taken:
            taken.add(phone)
            return phone


def seed_buyers(s: Session, rng: random.Random, now: datetime, count: int = 62) -> List[Buyer]:
    """Add demo_buyer, other_buyer and `count` generated buyers."""
    demo = Buyer(nick="demo_buyer", name="王小美", phone="13812345678", created_at=now - timedelta(days=420))
    other = Buyer(nick="other_buyer", name="李四", phone="13900001234", created_at=now - timedelta(days=200))
    buyers = [demo, other]
    names, nicks, phones = {"王小美", "李四"}, {"demo_buyer", "other_buyer"}, {demo.phone, other.phone}
    while len(buyers) < count + 2:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        nick = f"tb_{rng.choice(NICK_STEMS)}{rng.randint(1, 9999)}"
        if name in names or nick in nicks:
            continue
        names.add(name)
        nicks.add(nick)
        joined = now - timedelta(days=rng.randint(30, 1500), minutes=rng.randint(0, 1439))
        buyers.append(Buyer(nick=nick, name=name, phone=phone_number(rng, phones), created_at=joined))
    s.add_all(buyers)
    return buyers
