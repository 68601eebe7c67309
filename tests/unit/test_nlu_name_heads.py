"""A product is known by a distinctive piece of its name with a word for its kind ("吊带裙",
"玛丽珍鞋子", "the satin dress", "mary janes"), never by a piece two products share or by a colour."""
import pytest

from bot.nlu.name_heads import head_forms
from bot.nlu.vocabulary import ProductRow, Vocabulary

_ROWS = [
    ProductRow(1, "SKU-1", "缎面吊带连衣裙", "Satin Slip Dress", "dress"),
    ProductRow(2, "SKU-2", "碎花雪纺连衣裙", "Floral Chiffon Dress", "dress"),
    ProductRow(3, "SKU-3", "法式雪纺衬衫", "French Chiffon Blouse", "shirt"),
    ProductRow(4, "SKU-4", "玛丽珍平底单鞋", "Mary Jane Flats", "shoes"),
    ProductRow(5, "SKU-5", "真皮小白鞋", "White Leather Sneakers", "shoes"),
    ProductRow(6, "SKU-6", "英伦马丁靴", "Leather Martin Boots", "shoes"),
    ProductRow(7, "SKU-7", "加绒连帽卫衣", "Fleece-lined Hooded Sweatshirt", "hoodie"),
    ProductRow(8, "SKU-8", "拉链连帽开衫卫衣", "Zip-up Hoodie", "hoodie"),
]


@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary.from_rows(_ROWS, [])


def _products(vocabulary, text):
    return [m.value for m in vocabulary.extract(text) if m.entity == "product"]


@pytest.mark.parametrize("text, product", [
    ("亲 那个缎面的吊带裙 会不会很透啊", "缎面吊带连衣裙"), ("这款玛丽珍鞋子磨脚吗", "玛丽珍平底单鞋"),
    ("the satin dress", "缎面吊带连衣裙"), ("do the mary janes run small?", "玛丽珍平底单鞋"),
    ("雪纺裙还有吗", "碎花雪纺连衣裙"),  # 雪纺 is in a shirt too, but 裙 names dresses only here
    ("加绒卫衣", "加绒连帽卫衣"),
])
def test_a_distinctive_piece_with_a_kind_word_names_the_product(vocabulary, text, product):
    assert _products(vocabulary, text) == [product]


@pytest.mark.parametrize("text", ["这件加绒吗", "是真皮吗", "is it leather"])
def test_a_piece_without_a_kind_word_names_no_product(vocabulary, text):
    assert _products(vocabulary, text) == []


def test_a_piece_two_products_share_names_neither_of_them(vocabulary):
    assert "拉链连帽开衫卫衣" not in _products(vocabulary, "连帽的卫衣有吗")
    assert _products(vocabulary, "leather shoes") == ["shoes"]  # leather: the boots and the sneakers


def test_a_colour_in_a_name_is_still_a_colour(vocabulary):
    found = [(m.entity, m.value) for m in vocabulary.extract("white sneakers size 39")]
    assert ("product", "真皮小白鞋") not in found, found


def test_head_forms_are_only_unique_pieces():
    rows = [(r.id, r.kind, r.name_zh, r.name_en) for r in _ROWS]
    forms = dict(head_forms(rows, {"dress": ("连衣裙",), "shirt": ("衬衫",), "hoodie": ("卫衣",)}))
    assert forms["吊带裙"] == 1 and forms["雪纺裙"] == 2 and forms["mary jane"] == 4
    assert "连帽卫衣" not in forms  # both hoodies are 连帽
