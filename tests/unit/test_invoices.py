"""Tax ids and invoice titles: a tax id is checked and never an order number."""
import pytest

from bot.shop.invoices import NO_TAX_ID, find_tax_id, split_title, valid_tax_id


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L", "11010519491231002X",
                                  "440300123456789", "11010519491231002X01"])
def test_valid_tax_ids(code):
    assert valid_tax_id(code)


@pytest.mark.parametrize("code", ["91350100M000100Y44", "1001202611000003", "91350100", "123",
                                  "91330106MA2AB1234X", "9135010OM000100Y43"])
def test_invalid_tax_ids_and_order_numbers(code):
    assert not valid_tax_id(code)


@pytest.mark.parametrize("text", ["91350100M000100Y43", "税号：91350100M000100Y43", "9135 0100 M000 100Y43",
                                  "my tax id is 91350100m000100y43", "统一社会信用代码是91350100M000100Y43谢谢"])
def test_the_tax_id_is_found_in_what_the_buyer_wrote(text):
    assert find_tax_id(text) == "91350100M000100Y43"


def test_a_title_with_the_tax_id_gives_both():
    assert split_title("抬头是福州某某科技有限公司 税号91350100M000100Y43") == ("福州某某科技有限公司", "91350100M000100Y43")
    assert split_title("个人") == ("个人", NO_TAX_ID)
    assert split_title("personal") == ("Personal", NO_TAX_ID)
    assert split_title("Acme Trading Co., Ltd.") == ("Acme Trading Co., Ltd.", None)


@pytest.mark.parametrize("text", ["<b>公司</b>", "公司\x00名", "a", "1001202611000003", "x" * 101])
def test_bad_titles_are_refused(text):
    assert split_title(text)[0] is None


@pytest.fixture(scope="module")
def rules():
    from bot.nlu.entities import EntityRules, load_patterns
    from bot.settings import PROJECT_ROOT

    return EntityRules(load_patterns(PROJECT_ROOT / "data" / "entities" / "patterns.yml"))


@pytest.mark.parametrize("text", ["税号91350100M000100Y43", "91350100M000100Y43", "退货单号YT1234567890123",
                                  "电话021-58881234"])
def test_codes_with_letters_and_landlines_are_no_order_numbers(rules, text):
    """data/entities/patterns.yml (the model learns it at the next training)."""
    assert {m.entity for m in rules.extract(text)} & {"order_id", "size"} == set()


@pytest.mark.parametrize("text", ["order1001202611000001", "my order 1001202611000001", "订单1001202611000001",
                                  "1001202611000001"])
def test_order_numbers_are_still_order_numbers(rules, text):
    assert [(m.entity, m.value) for m in rules.extract(text)] == [("order_id", "1001202611000001")]
