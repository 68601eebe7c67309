"""Labels for values the shop stores (order states, tracking statuses) in the buyer's language."""
from __future__ import annotations

LANGUAGES = ("zh", "en")

_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "order_state": {
        "unpaid": ("待付款", "awaiting payment"),
        "paid": ("已付款，待发货", "paid, waiting to be shipped"),
        "shipped": ("已发货，运输中", "shipped, on its way"),
        "delivered": ("已签收", "delivered"),
        "completed": ("交易成功", "completed"),
        "cancelled": ("已取消", "cancelled"),
    },
    "tracking": {
        "collected": ("快递已揽收", "picked up by the courier"),
        "in_transit": ("运输中", "in transit"),
        "arrived": ("已到达", "arrived at"),
        "out_for_delivery": ("派送中", "out for delivery"),
        "delivered": ("已签收", "delivered"),
    },
    "case_kind": {
        "refund": ("退款", "refund"),
        "return": ("退货退款", "return"),
        "exchange": ("换货", "exchange"),
        "problem": ("售后问题", "problem report"),
    },
    "resolution": {
        "refund": ("退款", "a refund"),
        "refund_only": ("仅退款", "a refund (no return needed)"),
        "return_refund": ("退货退款", "return and refund"),
        "reship": ("补发", "a replacement shipped to you"),
        "exchange": ("换货", "an exchange"),
    },
    "problem": {
        "damaged": ("商品破损/有问题", "the item is damaged or faulty"),
        "missing": ("少发漏发", "something is missing"),
        "wrong_item": ("发错商品", "the wrong item was sent"),
        "color_difference": ("颜色与描述不符", "the colour is not as shown"),
        "other": ("收到的商品有问题", "a problem with what arrived"),
    },
    "intent_choice": {
        "check_order": ("查订单", "check an order"),
        "track_logistics": ("查物流", "track a parcel"),
        "urge_shipment": ("催发货", "hurry up a dispatch"),
        "ask_delivery_time": ("问发货到货时间", "ask when it ships or arrives"),
        "cancel_order": ("取消订单", "cancel an order"),
        "change_address": ("改地址", "change an address"),
        "request_refund": ("退款", "get a refund"),
        "request_return": ("退货", "return an item"),
        "request_exchange": ("换货", "exchange an item"),
        "report_problem": ("反馈商品问题", "report a problem with an item"),
        "complaint": ("投诉", "make a complaint"),
        "ask_product_info": ("了解商品", "ask about a product"),
        "ask_size": ("问尺码", "ask about sizes"),
        "ask_stock": ("问库存", "ask about stock"),
        "bargain": ("谈价格", "ask for a better price"),
        "ask_promotion": ("问优惠", "ask about discounts"),
        "ask_shipping_fee": ("问运费", "ask about postage"),
        "choose_express": ("选快递", "choose a courier"),
        "ask_payment": ("问付款", "ask about paying"),
        "ask_invoice": ("开发票", "get an invoice"),
        "ask_human": ("转人工", "talk to a person"),
    },
    "proposal": {
        "refund": ("退款申请", "the refund request"),
        "return": ("退货申请", "the return"),
        "exchange": ("换货申请", "the exchange"),
        "problem": ("售后登记", "the problem report"),
        "cancel": ("取消订单", "the cancellation"),
        "urge": ("加急发货", "the rush request"),
        "chase": ("联系快递核查", "the courier check"),
        "address": ("修改地址", "the address change"),
        "invoice": ("开发票", "the invoice"),
    },
}


def label(group: str, key: str, language: str) -> str:
    """The label of `key` in `group` for the language; the key itself if unknown."""
    pair = _LABELS.get(group, {}).get(key)
    if pair is None:
        return key
    return pair[1] if language == "en" else pair[0]


def pick(language: str, zh: str | None, en: str | None) -> str:
    """Choose between a Chinese and an English text, falling back to whichever exists."""
    if language == "en":
        return en or zh or ""
    return zh or en or ""


def money(fen: int, language: str) -> str:
    """Format an amount in fen as the buyer reads it: 12.50元 / ¥12.50."""
    yuan = f"{fen / 100:.2f}".rstrip("0").rstrip(".")
    return f"¥{yuan}" if language == "en" else f"{yuan}元"


def day(value, language: str) -> str:
    """A date as 11月25日 / Nov 25."""
    return value.strftime("%b %d").replace(" 0", " ") if language == "en" else f"{value.month}月{value.day}日"
