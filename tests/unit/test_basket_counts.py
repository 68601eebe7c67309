"""How many of each product a basket question names (bot.nlu.basket_counts), zh and en."""
import pytest

from bot.nlu.basket_counts import basket_counts, read_basket


def spans(text, *words):
    """The offsets of `words` in `text`, each found after the one before."""
    found, position = [], 0
    for word in words:
        start = text.index(word, position)
        found.append((start, start + len(word)))
        position = start + len(word)
    return found


@pytest.mark.parametrize("text, words, counts", [
    ("一件卫衣和两条牛仔裤一共多少钱，能用满减吗", ("卫衣", "牛仔裤"), [1, 2]),
    ("一件卫衣两条牛仔裤", ("卫衣", "牛仔裤"), [1, 2]),
    ("买2件卫衣和3双小白鞋", ("卫衣", "小白鞋"), [2, 3]),
    ("两件黑色卫衣和一条蓝色牛仔裤", ("卫衣", "牛仔裤"), [2, 1]),
    ("十件卫衣、二十个口红", ("卫衣", "口红"), [10, 20]),
    ("卫衣两件，牛仔裤一条", ("卫衣", "牛仔裤"), [2, 1]),
    ("卫衣两件牛仔裤一条", ("卫衣", "牛仔裤"), [2, 1]),
    ("卫衣和牛仔裤各两件", ("卫衣", "牛仔裤"), [2, 2]),
    ("卫衣和两条牛仔裤多少钱", ("卫衣", "牛仔裤"), [1, 2]),
    ("卫衣和牛仔裤能用满减吗", ("卫衣", "牛仔裤"), [1, 1]),
    ("买两个送爸妈 卫衣和牛仔裤", ("卫衣", "牛仔裤"), [1, 1]),
    ("满300减30 一件卫衣和一条牛仔裤", ("卫衣", "牛仔裤"), [1, 1]),
])
def test_chinese_counts_go_with_their_product(text, words, counts):
    assert basket_counts(text, spans(text, *words)) == counts


@pytest.mark.parametrize("text, words, counts", [
    ("if I buy a hoodie and 2 pairs of jeans how much with the discount", ("hoodie", "jeans"), [1, 2]),
    ("a hoodie and 2 jeans", ("hoodie", "jeans"), [1, 2]),
    ("2 hoodies + 1 scarf", ("hoodies", "scarf"), [2, 1]),
    ("an apron and one pair of jeans", ("apron", "jeans"), [1, 1]),
    ("two black hoodies and three pieces of the wool coat", ("hoodies", "wool coat"), [2, 3]),
    ("hoodie x2 and jeans x1", ("hoodie", "jeans"), [2, 1]),
    ("3x hoodie, 2 pcs lipstick", ("hoodie", "lipstick"), [3, 2]),
    ("the hoodie and the jeans", ("hoodie", "jeans"), [1, 1]),
    ("size 38 shoes and a couple of hoodies", ("shoes", "hoodies"), [1, 2]),
    ("hoodie and jeans, 2 each", ("hoodie", "jeans"), [2, 2]),
    ("ｔｗｏ hoodies and ２ jeans", ("hoodies", "jeans"), [2, 2]),
])
def test_english_counts_go_with_their_product(text, words, counts):
    assert basket_counts(text, spans(text, *words)) == counts


def test_a_product_without_a_count_is_none_when_read_and_one_when_counted():
    text = "一件卫衣和牛仔裤"
    assert read_basket(text, spans(text, "卫衣", "牛仔裤")).counts == (1, None)
    assert basket_counts(text, spans(text, "卫衣", "牛仔裤")) == [1, 1]


def test_counts_follow_the_spans_in_the_order_given():
    text = "一件卫衣和两条牛仔裤"
    assert basket_counts(text, list(reversed(spans(text, "卫衣", "牛仔裤")))) == [2, 1]


def test_the_same_product_named_twice_keeps_each_count():
    text = "买一件卫衣，再来两件卫衣"
    assert basket_counts(text, spans(text, "卫衣", "卫衣")) == [1, 2]


@pytest.mark.parametrize("text, words, others", [
    ("一件卫衣和两条围巾一共多少", ("卫衣",), ((2, "围巾"),)),
    ("2 hoodies + 1 scarf", ("hoodies",), ((1, "scarf"),)),
    ("a hoodie and 2 pairs of socks please", ("hoodie",), ((2, "socks"),)),
    ("一件卫衣和两条牛仔裤一共多少钱，能用满减吗", ("卫衣", "牛仔裤"), ()),
    ("我们两个人各买一件卫衣", ("卫衣",), ()),
    ("卫衣打折吗 买一件", ("卫衣",), ()),
    ("how much is a hoodie with a discount", ("hoodie",), ()),
    ("which one is cheaper, the hoodie or the jeans", ("hoodie", "jeans"), ()),
])
def test_something_counted_that_is_no_product_named_is_returned(text, words, others):
    assert read_basket(text, spans(text, *words)).others == others


@pytest.mark.parametrize("text, words, others", [
    ("a hoodie and a scarf", ("hoodie",), ((1, "scarf"),)),
    ("a hoodie and a red scarf, how much", ("hoodie",), ((1, "red scarf"),)),
    ("a scarf and a hoodie", ("hoodie",), ((1, "scarf"),)),
    ("a hoodie + an umbrella please", ("hoodie",), ((1, "umbrella"),)),
    ("I want a scarf and a hoodie", ("hoodie",), ((1, "scarf"),)),
    ("一件卫衣和一条围巾", ("卫衣",), ((1, "围巾"),)),
    # "a"/"an" that does not start an item of the list counts no goods
    ("a hoodie with a discount", ("hoodie",), ()),
    ("a hoodie for a friend", ("hoodie",), ()),
    ("a hoodie as a gift", ("hoodie",), ()),
    ("a hoodie in a bigger size", ("hoodie",), ()),
    ("a hoodie, is there a sale", ("hoodie",), ()),
    ("a hoodie and a discount?", ("hoodie",), ()),
])
def test_a_thing_named_after_a_or_an_as_an_item_of_the_list_is_returned(text, words, others):
    assert read_basket(text, spans(text, *words)).others == others


def test_no_products_and_no_text_give_nothing():
    assert read_basket("", []).counts == () and basket_counts("两件", []) == []
