"""The shop policy (shop_policy.yml) and the pure computations the bot's answers rely on.

No clock, no database: every function takes the policy and the moments it needs.
"""
from bot.policy.aftersale import Eligibility, after_sale_eligibility, excluded_category, return_address
from bot.policy.bargaining import BargainOffer, active_promotions, bargain, lowest_price
from bot.policy.delivery import DeliveryEstimate, dispatch_deadline, estimate_delivery, is_stalled
from bot.policy.hours import ShiftStatus, agents_on_duty, hours_text, service_windows, shift_status
from bot.policy.proactive import send_time
from bot.policy.payment import find_payment_method, province_name_en
from bot.policy.schema import (
    DEFAULT_POLICY_FILE, BargainingPolicy, BusinessHours, Courier, DispatchPolicy, ExcludedCategory, Gift, HandoffPolicy,
    InvoicePolicy, InvoiceType, LogisticsPolicy, PaymentMethod, PaymentPolicy, PolicyError, ProactivePolicy, Promotion,
    ProvinceFees, ReturnAddress, ReturnsPolicy, Shift, ShippingPolicy, ShippingZone, ShopInfo, ShopPolicy,
    SizeChart, SizeRow, TimeWindow, load_policy, parse_policy,
)
from bot.policy.shipping import (
    ShippingQuote, canonical_province, courier_by_code, default_courier, find_courier, quote_shipping, zone_of,
)
from bot.policy.sizing import SizeAdvice, advise_shoe_size, advise_size, size_chart

__all__ = [
    "DEFAULT_POLICY_FILE",
    "BargainOffer", "BargainingPolicy", "BusinessHours", "Courier", "DeliveryEstimate", "DispatchPolicy",
    "Eligibility", "ExcludedCategory", "Gift", "HandoffPolicy", "InvoicePolicy", "InvoiceType",
    "LogisticsPolicy", "PaymentMethod", "PaymentPolicy", "PolicyError", "ProactivePolicy", "Promotion", "ProvinceFees",
    "ReturnAddress", "ReturnsPolicy", "Shift", "ShiftStatus", "ShippingPolicy", "ShippingQuote",
    "ShippingZone", "ShopInfo", "ShopPolicy", "SizeAdvice", "SizeChart", "SizeRow", "TimeWindow",
    "active_promotions", "advise_shoe_size", "advise_size", "after_sale_eligibility", "bargain",
    "canonical_province", "courier_by_code", "default_courier", "dispatch_deadline", "estimate_delivery",
    "excluded_category", "find_courier", "find_payment_method", "province_name_en", "is_stalled", "load_policy", "lowest_price", "parse_policy",
    "quote_shipping", "return_address", "shift_status", "size_chart", "zone_of",
    "agents_on_duty", "hours_text", "send_time", "service_windows",
]
