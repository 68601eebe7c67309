"""Care answers (洗护): what the shop says about washing and shrinking, by the product's material."""
from __future__ import annotations

from bot.policy.schema import ShopPolicy


def care_advice(policy: ShopPolicy, material_zh: str, material_en: str, language: str) -> str:
    """The care text of the first note naming a word of the material (either language), else the
    policy's default."""
    material = f"{material_zh} {material_en}".lower()
    for note in policy.care.notes:
        if any(word.lower() in material for word in note.materials):
            return note.en if language == "en" else note.zh
    return policy.care.default_en if language == "en" else policy.care.default_zh
