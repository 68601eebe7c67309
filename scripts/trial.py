"""A shop owner's trial: the sixteen everyday situations of issue 11, each a multi-turn chat in
Chinese and in English, sent over REST to running servers (`make run`); the transcripts, with the
intent the bot understood for each message, are written as Markdown for a person to judge.

    .venv/bin/python scripts/trial.py [--base http://127.0.0.1:5005] [--out docs/trials/issue-11.md]

The chats are anonymous REST buyers of the demo shop; they write to the shop database the servers
use (confirmations say yes or no as a buyer would).
"""
from __future__ import annotations

import argparse
import json
import os
import time
import urllib.request
from pathlib import Path
from typing import Dict, List, Tuple

SITUATIONS: List[Tuple[str, List[str], List[str]]] = [
    ("welcome and service hours", ["在吗", "客服几点上班", "现在有人工吗"],
     ["hi", "when are you online", "is a person there now?"]),
    ("product questions, a care question is no case", ["卫衣是什么面料", "洗了会缩水不", "起球吗"],
     ["what is the hoodie made of", "will it shrink after washing?", "does it pill?"]),
    ("size advice", ["卫衣165 100斤穿什么码", "那170 130斤呢", "运动鞋脚长24.5穿多大"],
     ["which hoodie size for 5'7 and 140 lb", "and for 180 cm 80 kg?", "my foot is 24.5 cm, which sneaker size?"]),
    ("stock-outs and follow-ups", ["卫衣白色xl有吗", "白色L呢", "黑色xl呢"],
     ["is the hoodie in white xl", "what about white L?", "and black xl?"]),
    ("bargaining to a deal", ["羽绒服能便宜点吗", "再便宜点呗", "成交"],
     ["$5 off the down jacket?", "can you go any lower?", "ok deal"]),
    ("promotions", ["有优惠券吗", "满减怎么算"], ["any coupons?", "how does the spend-and-save work?"]),
    ("postage to remote regions, follow-ups", ["发新疆运费多少", "那发西藏呢", "广东广州", "两件呢"],
     ["how much is shipping to Xinjiang", "what about Tibet?", "and Guangdong?", "what about 2 pieces"]),
    ("顺丰 / SF", ["能发顺丰吗", "顺丰到新疆多少钱"], ["can you ship with SF?", "how much is SF to Xinjiang?"]),
    ("delivery times", ["今天下单什么时候发货", "到浙江要几天"], ["if I order today when do you ship?",
                                                         "how many days to Zhejiang?"]),
    ("payment", ["花呗能用吗", "付款失败了怎么办"], ["can I pay with a credit card?", "my payment failed"]),
    ("an unpaid order", ["订单1001202611000005怎么还没发货", "5678", "那我现在付款多久发"],
     ["why hasn't order 1001202611000005 shipped", "5678", "if I pay now when will it ship?"]),
    ("urging a paid order", ["催一下发货 订单1001202611000002", "5678", "确认"],
     ["please hurry order 1001202611000002", "5678", "yes"]),
    ("address change with a correction", ["地址写错了要改 订单1001202611000002", "5678",
                                          "上海市浦东新区张江路88号1203室 王芳 13900001111",
                                          "不对，是1205室不是1203室", "对"],
     ["I need to change the address of order 1001202611000002", "5678",
      "Room 1203, 88 Jianguo Road, Chaoyang District, Beijing", "room 1205 not 1203", "yes"]),
    ("returns in and out of the window", ["你们支持7天无理由吗", "我要退货 订单1001202611000003", "5678", "先不要",
                                          "订单1001202611000004也想退"],
     ["whats your return policy?", "I want to return order 1001202611000003", "5678", "no",
      "and order 1001202611000004?"]),
    ("missing or wrong items", ["收到的少了一件", "1001202611000003", "5678", "确认"],
     ["I got the wrong colour", "1001202611000003", "5678", "yes"]),
    ("a complaint", ["你们就是骗子 衣服穿一次就开线了", "我要差评"],
     ["this is a scam, the seam split after one wear", "I want to speak to a manager"]),
]


def _post(base: str, sender: str, text: str) -> List[Dict]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(f"{base}/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response)


def _intents(base: str, sender: str, token: str) -> List[str]:
    url = f"{base}/conversations/rest:{sender}/tracker?token={token}"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            events = json.load(response)["events"]
    except OSError:
        return []
    return [((e.get("parse_data") or {}).get("intent") or {}).get("name", "?") for e in events if e["event"] == "user"]


def _reply_text(message: Dict) -> str:
    if message.get("custom"):
        return f"[{message['custom'].get('type', 'card')}]"
    text = message.get("text", "")
    buttons = " ".join(f"[{b.get('title')}]" for b in message.get("buttons") or [])
    return f"{text} {buttons}".strip()


def run_trial(base: str, token: str) -> str:
    """Play every situation in both languages; the transcripts as Markdown."""
    lines = ["# Issue 11: a shop owner's trial of the sixteen situations", "",
             f"Run {time.strftime('%Y-%m-%d %H:%M')} against {base} (anonymous REST buyers of the demo shop).", ""]
    for number, (title, zh, en) in enumerate(SITUATIONS, 1):
        lines += [f"## {number}. {title}", ""]
        for language, turns in (("zh", zh), ("en", en)):
            sender = f"trial-{number}-{language}-{time.time_ns()}"
            replies = [[_reply_text(m) for m in _post(base, sender, text)] for text in turns]
            intents = _intents(base, sender, token)
            lines.append(f"**{language}**")
            lines.append("")
            for index, (text, said) in enumerate(zip(turns, replies)):
                intent = intents[index] if index < len(intents) else "?"
                lines.append(f"- buyer: {text}  _({intent})_")
                lines += [f"  - bot: {reply}" for reply in said] or ["  - bot: (nothing)"]
            lines.append("")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:5005")
    parser.add_argument("--out", default="docs/trials/issue-11.md")
    args = parser.parse_args()
    token = os.environ.get("XIAOER_API_TOKEN", "")
    text = run_trial(args.base, token)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
