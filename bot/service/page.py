"""The shop page the buyer is chatting from: the widget sends the page's product code with each
message, so "有白色XL吗" or "能便宜点吗" on a product page is about that product.

The code is caller-written context, never a credential: it only names a public product, and the
actions use it only when the buyer named no product in the chat and the message points at the
page's product: short ("白色xl还有吗", "能便宜点吗") or with "这款/这件/this one". A long message
about some other thing ("你们家那个筋膜枪肩颈能用吗 我天天…") is not about the page.
"""
from __future__ import annotations

import re
from typing import Any, Mapping, Optional

KEY = "page_product"
PRODUCT_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_THIS = re.compile(r"这款|这件|这双|这条|这套|这种|这本|\bthis (?:one|item|product)\b", re.IGNORECASE)
_SHORT_CHARS, _SHORT_WORDS = 16, 8


def page_product(metadata: Any) -> Optional[str]:
    """The product code a message's metadata carries, when it is a well-formed one."""
    if not isinstance(metadata, Mapping):
        return None
    code = metadata.get(KEY)
    return code if isinstance(code, str) and PRODUCT_CODE.match(code) else None


def about_the_page(text: str) -> bool:
    """Whether a message that names no product is about the product of the page it was sent from."""
    text = (text or "").strip()
    if _THIS.search(text):
        return True
    return len(text) <= _SHORT_CHARS or len(text.split()) <= _SHORT_WORDS and not re.search(r"[\u4e00-\u9fff]", text)
