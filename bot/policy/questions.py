"""Is the buyer asking about the rules, or asking the shop to act?

"你们支持7天无理由吗", "whats your return policy?", "退货运费谁出" ask about the policy: they get
the policy's answer and an offer to start. "我要退货", "帮我退了吧", "I want to return order …02"
ask the shop to act: the bot finds the order and asks the buyer to confirm before it writes.
"""
from __future__ import annotations

import re

_REQUEST_ZH = re.compile(
    r"我要|我想|想要?(?:退|换|申请)|帮我|给我|麻烦(?:你|您)?(?:帮|给)?|申请一?下|(?:退|换)了吧|退掉|"
    r"(?:退|换)一下|直接(?:退|换)|要求|就退|我(?:不要了|决定)")
_REQUEST_EN = re.compile(
    r"\b(?:i\s*(?:want|wanna|would like|'d like|need|have)\s+(?:to\s+)?|i'?m\s+(?:returning|sending)|"
    r"please\s+(?:refund|return|exchange|process|cancel)|pls\s+(?:refund|return|exchange|process|cancel)|"
    r"refund me|start (?:a|the) (?:return|refund|exchange)|let me (?:return|exchange))", re.IGNORECASE)
_QUESTION_ZH = re.compile(
    r"[吗嘛么呢？?]\s*[~～！!。.]*\s*$|支持|能不能|可不可以|可以吗|怎么|如何|多少天|几天|多久|谁出|谁付|谁承担|"
    r"政策|规则|流程|条件|包(?:不包)?运费|运费险|有没有")
_RULES = re.compile(r"政策|规则|流程|条件|怎么(?:弄|办理|操作|申请)|如何|谁出|谁付|谁承担|运费险|支持.{0,6}无理由|"
                    r"\b(?:policy|policies|rules|how (?:do|does|can|to)|who pays)\b", re.IGNORECASE)
_QUESTION_EN = re.compile(
    r"\?\s*$|^\s*(?:what|whats|what's|how|do|does|can|could|is|are|will|when|who|which)\b|"
    r"\b(?:policy|policies|rules|allowed|possible|who pays)\b", re.IGNORECASE)


def asks_about_policy(text: str) -> bool:
    """True when the message asks how returns, refunds or exchanges work rather than asking for one.

    A message with a request in it ("我要退货 怎么弄", "i want to return it, how?") is a request."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return False
    if _REQUEST_ZH.search(text) or _REQUEST_EN.search(text):
        return False
    return bool(_QUESTION_ZH.search(text) or _QUESTION_EN.search(text))


def asks_about_rules(text: str) -> bool:
    """True for a question about the rules themselves ("退货政策是什么", "who pays return postage"),
    which gets the rules even while an order is under discussion."""
    return asks_about_policy(text) and bool(_RULES.search(text or ""))


_CARE = re.compile(r"洗|缩水|缩不缩|起球|掉色|褪色|串色|熨|烘干|晾|保养|护理|"
                   r"\b(?:wash|washing|washable|shrinks?|shrinking|pill(?:s|ing)?|fade|fading|iron(?:ing)?|"
                   r"dry[- ]?clean|tumble|care)\b", re.IGNORECASE)


def asks_about_care(text: str) -> bool:
    """True for a question about washing or caring for goods ("洗了会缩水不", "does it pill?")."""
    return bool(_CARE.search(text or ""))


_VARIANTS = re.compile(
    r"(?:几种|哪些|什么|啥|多少种?|几个)(?:颜色|色|尺码|码数?)|颜色(?:有哪些|有几种|有什么|都有)|"
    r"(?:有|出)(?:几|哪)个色|(?:哪|几|什么|啥)(?:个|种|款)?色号|色号(?:有|都有|有哪些)|"
    r"\b(?:what|which|how many)\s+(?:colou?rs?|sizes?|shades?)\b|"
    r"\b(?:what|which)\s+[a-z]+\s+(?:colou?r|shade)s?\b|"  # "which foundation shade for fair skin"
    r"\b(?:colou?rs?|sizes?|shades?)\s+(?:available|options?)\b|\bcomes? in\s+(?:what|which|how many)\b|"
    r"\bkaun(?:se|sa)\s+colou?r", re.IGNORECASE)


def asks_about_variants(text: str) -> bool:
    """True for a question about which colours or sizes a product is made in ("有几种颜色",
    "what colours does it come in"): the answer lists them, sold out ones marked."""
    return bool(_VARIANTS.search(text or ""))


_SIZES_MADE = re.compile(
    r"(?:有|出|做)(?:哪些|哪几个|几个|几种|什么)(?:尺码|码数?|尺寸)|(?:尺码|码数)(?:有哪些|有几个|有几种|都有|有什么)|"
    r"\b(?:what|which) sizes\b(?! (?:should|would|will|fits?|suits?|do you (?:recommend|suggest)|(?:is|are) (?:right|best)))|"
    r"\bsizes? (?:available|options?|range)\b|\bcomes? in (?:what|which) sizes?\b|\bhow many sizes\b",
    re.IGNORECASE)


def asks_which_sizes_made(text: str) -> bool:
    """True for a question about the sizes a product is made in ("有哪些尺码", "what sizes does it
    come in"), not about which size to take ("穿什么码", "what size should I get")."""
    return bool(_SIZES_MADE.search(text or ""))


_PRICE = re.compile(r"多少钱|几块|一共多少|总共多少|算下来多少|要多少|\bhow much\b|\btotal\b|\bcost\b|\bprice\b",
                    re.IGNORECASE)


def asks_price(text: str) -> bool:
    """True when the message asks what something costs ("两支多少钱", "how much for two")."""
    return bool(_PRICE.search(text or ""))


_SUGGEST = re.compile(
    r"推荐|求荐|哪款|哪一款|选哪|挑(?:一|个|款|哪)|有什么(?:款|推荐|好)|卖(?:些)?什么|都有(?:什么|哪些)|有哪些款|"
    r"新款|上新|爆款|热销|卖得?最好|卖的最好|主推|镇店|有没有(?:好看|好用|便宜|划算|合适|适合)的|"
    r"\b(?:recommend\w*|suggest\w*|show me|looking for|any (?:good|nice|cute|decent|cheap) \w+(?=\s*[?!.]|\s*$|\s+(?:for|under|in|to)\b)|new arrivals?|latest collection|best ?sell\w*|"
    r"most popular|trending|help me (?:choose|pick)|what (?:\w+ )?(?:do|does) (?:you|u|your shop) (?:have|sell|suggest)|"
    r"which (?:one )?(?:of (?:your|ur) \w+ )?(?:is|are|would|should)\b)", re.IGNORECASE)
_COMPARE = re.compile(r"这两|那两|两款|区别|差别|不同|对比|比较|还是|"
                      r"\b(?:these two|both|difference|differ|compare|vs)\b|\bbetter\b.{0,40}\bor\b",
                      re.IGNORECASE)


def asks_for_suggestion(text: str) -> bool:
    """True when the buyer asks the shop to suggest goods ("推荐一款面霜", "what do you have for
    dry skin", "show me your best sellers"), not to compare two they already have in mind."""
    text = text or ""
    return bool(_SUGGEST.search(text)) and not _COMPARE.search(text)


_STOCK = re.compile(
    r"有货|现货|库存|还有吗|有没有货|卖完|断货|缺货|有(?:没有)?\s*[0-9A-Za-z]{1,4}\s*码|"
    r"有(?:没有)?\s*(?:\d{2,3}|\d?x{0,3}[sml])\s*(?:码|号)?\s*的?\s*(?:吗|嘛|么|没|不)|"  # "有M吗", "有38的吗"
    r"\bin stock\b|\bsold out\b|\bavailable\b|\bout of stock\b|"
    r"\b(?:is|are|does|do|comes?)\b.{0,30}\b(?:in|come in) (?:a )?size\b|\bhave (?:it|them|this|that|one) in\b|"
    r"\bcomes? in (?:an? )?(?:x{0,3}[sl]|m|\d?xl|\d{2})\b|"  # "does it come in XXL"
    r"(?:\b[smlx]{1,4}|\b\d{1,2})(?:\s+size)?\s+(?:hai|he|h|milega|milegi|milenge|mil\s+jayega|available)(?:\s+(?:kya|kia)\b|\s*[?!.]*\s*$)",  # "L size hai kya"
    re.IGNORECASE)


def asks_about_stock(text: str) -> bool:
    """True when the message asks whether goods are in stock ("38码有货吗", "is it in stock in 38?"),
    whatever else it names."""
    return bool(_STOCK.search(text or ""))


def size_question_is_stock(text: str, names_size: bool) -> bool:
    """True when a size question names a size and asks whether it is in stock ("38码有货吗",
    "L size hai kya"): the buyer wants the stock of that size, not size advice."""
    return names_size and asks_about_stock(text)


_USUAL_SIZE = re.compile(
    r"(?:平时|平常|一般|通常|习惯|日常|以前)都?(?:穿|买|拍)|"
    r"\b(?:usually|normally|always|typically)\s+(?:wears?|takes?|buys?|gets?)\b|"
    r"\b(?:i|she|he|they|my \w+)\s+(?:wears?|takes?)\s+(?:an?\s+)?(?:size\s+)?(?:xs|s|m|l|xl|xxl|\d?xl)\b",
    re.IGNORECASE)


def states_usual_size(text: str) -> bool:
    """True when the buyer says which clothes size they (or the one they buy for) usually wear:
    "她平时穿L", "i usually wear M", "my mum wears XL"."""
    return bool(_USUAL_SIZE.search(text or ""))


_INVOICE_NEEDS = re.compile(
    r"要什么|需要什么|需要哪些|要哪些|什么资料|什么信息|提供什么|填什么|税号|专票|专用发票|公司抬头|企业抬头|单位抬头|"
    r"\bwhat (?:do you|do i|info|information|details)\b|\btax (?:id|number)\b|\bspecial\b|\bcompany (?:invoice|title)\b|"
    r"\bwhat (?:kind|type)s? of invoice", re.IGNORECASE)


def asks_invoice_requirements(text: str) -> bool:
    """True when an invoice question asks what it takes ("开公司抬头的要什么", "专票需要什么资料",
    "do you need my tax id for a company invoice") rather than whether invoices are issued."""
    return bool(_INVOICE_NEEDS.search(text or ""))


_WHAT_IF = re.compile(r"如果|要是|万一|假如|假设|若是|\bwhat if\b|\b(?:and|but)? ?if (?:it|its|it's|they|the|i|mine)\b|"
                      r"\bin case\b|\bsuppose\b", re.IGNORECASE)


def asks_what_if(text: str) -> bool:
    """True for a question about what would happen ("要是质量问题呢", "如果收到是坏的怎么办", "what if it
    arrives damaged"): it asks for the rules, it reports nothing and requests nothing."""
    text = text or ""
    return bool(_WHAT_IF.search(text)) and not (_REQUEST_ZH.search(text) or _REQUEST_EN.search(text))


_INSURANCE = re.compile(r"运费险|退货险|退货宝|\b(?:return|shipping|freight|postage)[- ](?:shipping )?insurance\b",
                        re.IGNORECASE)


def asks_about_shipping_insurance(text: str) -> bool:
    """True when the buyer asks about return-postage insurance (运费险: "送运费险吗", "is return shipping
    insurance included")."""
    return bool(_INSURANCE.search(text or ""))


_RUNS = re.compile(r"偏大|偏小|正码|标准码|码数准|尺码准|大还是小|\bruns? (?:small|large|big|true)\b|\btrue to size\b|"
                   r"\b(?:size|sizes|sizing) (?:is |are )?(?:accurate|normal|standard)\b", re.IGNORECASE)


def asks_how_it_runs(text: str) -> bool:
    """True when the buyer asks whether the sizes run large or small ("偏大还是偏小", "does it run
    small") rather than which size to take."""
    return bool(_RUNS.search(text or ""))


_PURCHASE = re.compile(
    r"我(?:就|先|直接)?(?:拍|买|要|下单)|(?:就|直接|那)(?:拍|买|要)|拍(?:个|一件|一个|一条|一双|下)|来(?:一|两|个)[件条双个]?|"
    r"\bi'?(?:ll| will)\s+(?:take|get|buy|order|go for|grab)\b|\b(?:gonna|going to)\s+(?:buy|order|take|get)\b|"
    r"\bi'?ll have\b|\b(?:let me|lemme)\s+(?:get|buy|order)\b", re.IGNORECASE)


def announces_purchase(text: str) -> bool:
    """True when the buyer says which one they will buy ("好的 我拍灰色L", "ok i'll take the grey L"): the
    bot checks that variant's stock before they pay."""
    return bool(_PURCHASE.search(text or ""))


_CHASE = re.compile(r"催|加急|快点发|尽快发|\b(?:chase|hurry|rush|speed (?:it|things) up|push (?:it|them))\b", re.IGNORECASE)


def asks_to_chase(text: str) -> bool:
    """True when a message that agrees asks the shop to hurry ("好的 那麻烦催一下", "ok please chase it"):
    a request to urge the order, not a plain yes."""
    return bool(_CHASE.search(text or ""))


_DISPATCH = re.compile(r"(?:什么时候|啥时候|几号|几点|哪天|多久|今天|明天)(?:能|会|可以)?(?:发货|发出|发走|发)|"
                       r"\bwhen (?:will|do|does|would|can) (?:you|u|it|they) (?:ship|send|dispatch)|"
                       r"\b(?:ship|dispatch)(?:ped)? (?:today|tomorrow)\b", re.IGNORECASE)


def asks_dispatch_time(text: str) -> bool:
    """True when the message asks when goods ship ("那我拍了 什么时候发货", "when will you ship it")."""
    return bool(_DISPATCH.search(text or ""))


_GIFT = re.compile(r"赠品|送什么|送啥|送不送|有没有送|有送|送.{0,3}小样|小样|礼品|礼物|买赠|"
                   r"\b(?:gifts?|freebies?|free samples?|samples?)\b", re.IGNORECASE)


def asks_about_gift(text: str) -> bool:
    """True when the buyer asks what comes free with a purchase ("有小样吗", "买正装送什么", "any freebies")."""
    return bool(_GIFT.search(text or "")) and not _INSURANCE.search(text or "")


_WHICH_BETTER = re.compile(r"哪(?:个|款|双|件|条)(?:更|比较)?(?:好|合适|适合|舒服|保暖|耐穿)|"
                           r"\bwhich (?:one |of (?:them|the two) )?(?:is|would be|'s) (?:better|best|warmer|more)\b|"
                           r"\bwhich (?:one )?(?:should i|do you recommend)\b", re.IGNORECASE)


_TWO_COMPARED = re.compile(r"这两|那两|两款|两双|两件|区别|差别|差异|对比|哪个好|"
                           r"\b(?:these two|the two|difference|differ|compare|vs)\b|\bbetter\b.{0,40}\bor\b",
                           re.IGNORECASE)


def asks_to_compare(text: str) -> bool:
    """True when the buyer asks how two goods differ or which of them is better ("这两款有什么区别",
    "whats the difference between them and the white sneakers", "which is better for walking")."""
    return bool(_TWO_COMPARED.search(text or "") or _WHICH_BETTER.search(text or ""))
