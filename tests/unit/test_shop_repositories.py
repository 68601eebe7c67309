"""Repository functions on a seeded demo shop: what a buyer or agent sees change."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from bot.shop import repositories as repo
from bot.shop.db import create_schema, make_engine, session_scope
from bot.shop.demo import seed

NOW = datetime(2026, 11, 22, 10, 30)
SHIPPED, PAID, DELIVERED = "1001202611000001", "1001202611000002", "1001202611000003"
UNPAID = "1001202611000005"
OTHER_BUYERS_ORDER, XINJIANG_ORDER = "1001202611000008", "1001202611000007"


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    db_url = f"sqlite:///{tmp_path_factory.mktemp('shop_repo')}/shop.db"
    create_schema(db_url)
    with session_scope(db_url) as s:
        seed(s, NOW)
    return db_url


@pytest.fixture
def s(url):
    """A session whose changes are rolled back after the test."""
    session = Session(make_engine(url), future=True)
    yield session
    session.rollback()
    session.close()


def _stock(order):
    return {item.sku.code: item.sku.stock for item in order.items}


def test_cancel_paid_order_puts_items_back_in_stock(s):
    order = repo.get_order(s, PAID)
    before = _stock(order)
    assert repo.cancel_order(s, order, NOW) is True
    order = repo.get_order(s, PAID)
    assert order.state == "cancelled" and order.cancelled_at == NOW
    assert _stock(order) == {i.sku.code: before[i.sku.code] + i.quantity for i in order.items}


def test_cancel_refuses_a_shipped_order_and_changes_nothing(s):
    order = repo.get_order(s, SHIPPED)
    before, notes = _stock(order), order.notes
    assert repo.cancel_order(s, order, NOW) is False
    assert order.state == "shipped" and order.cancelled_at is None
    assert _stock(order) == before and order.notes == notes


def test_cancelling_twice_restores_stock_once(s):
    order = repo.get_order(s, UNPAID)
    before = _stock(order)
    assert repo.cancel_order(s, order, NOW) is True
    assert repo.cancel_order(s, order, NOW + timedelta(minutes=1)) is False
    assert _stock(order) == {code: stock + 1 for code, stock in before.items()}


def test_change_address_before_shipping_keeps_province_and_city(s):
    order = repo.get_order(s, PAID)
    assert repo.change_address(s, order, "越秀区北京路100号", NOW) is True
    assert (order.province, order.city, order.address_line) == ("广东", "广州", "越秀区北京路100号")
    assert "越秀区北京路100号" in order.notes
    assert repo.change_address(s, order, "鼓楼区中山路1号", NOW, province="江苏", city="南京") is True
    assert (order.province, order.city) == ("江苏", "南京")


@pytest.mark.parametrize("order_id", [SHIPPED, DELIVERED])
def test_change_address_refused_after_shipping(s, order_id):
    order = repo.get_order(s, order_id)
    before = (order.province, order.city, order.address_line, order.notes)
    assert repo.change_address(s, order, "另一个地址1号", NOW) is False
    assert (order.province, order.city, order.address_line, order.notes) == before


def test_phone_matches_recipient_or_buyer_phone(s):
    mine, theirs, gift = (repo.get_order(s, i) for i in (SHIPPED, OTHER_BUYERS_ORDER, XINJIANG_ORDER))
    assert repo.phone_matches(mine, "5678")
    assert repo.phone_matches(mine, "138 1234 5678")
    assert not repo.phone_matches(mine, "1234")
    assert not repo.phone_matches(theirs, "5678")
    assert repo.phone_matches(theirs, "1234")
    assert repo.phone_matches(gift, "2233") and repo.phone_matches(gift, "5678")
    for wrong in ("", "78", "56789", "13812345679"):
        assert not repo.phone_matches(mine, wrong)


def test_open_case_does_not_duplicate_an_open_case(s):
    order = repo.get_order(s, DELIVERED)
    first = repo.open_case(s, order, "return", "七天无理由", None, "refund", NOW)
    again = repo.open_case(s, order, "return", "不想要了", "再次申请", "refund", NOW)
    assert again.id == first.id and first.state == "open"
    assert first.number == f"AS{first.id:08d}" and len(first.number) == 10
    exchange = repo.open_case(s, order, "exchange", "尺码不合适", "换L", "exchange", NOW)
    assert exchange.id != first.id
    assert [c.id for c in repo.open_cases(s, DELIVERED)] == [first.id, exchange.id]
    first.state = "closed"
    assert repo.open_case(s, order, "return", "又想退了", None, "refund", NOW).id != first.id


def test_find_products_by_chinese_and_english_names(s):
    assert repo.find_products(s, "加绒连帽卫衣有黑色M吗")[0].code == "SKU-1001"
    assert {p.kind for p in repo.find_products(s, "卫衣还有吗")} == {"hoodie"}
    assert repo.find_products(s, "is the velvet matte lipstick long lasting")[0].code == "SKU-2001"
    assert {p.kind for p in repo.find_products(s, "any hoodie in black?")} == {"hoodie"}
    assert repo.find_products(s, "SKU-1017 还有货吗")[0].name_zh == "高腰直筒牛仔裤"
    assert repo.find_products(s, "I need to change the address") == []
    assert repo.find_products(s, "印花宽松短袖T恤")[0].code != "SKU-1005"  # discontinued
    assert len(repo.find_products(s, "裙子", limit=3)) == 3


def test_find_skus_tolerates_colour_and_size_spelling(s):
    hoodie = repo.find_products(s, "加绒连帽卫衣")[0]
    assert [k.code for k in repo.find_skus(s, hoodie, "黑", "m")] == ["SKU-1001-BK-M"]
    assert [k.code for k in repo.find_skus(s, hoodie, "black", "M码")] == ["SKU-1001-BK-M"]
    assert len(repo.find_skus(s, hoodie, "Black", None)) == 5
    assert repo.find_skus(s, hoodie, "紫色", None) == []


def test_similar_in_stock_never_suggests_sold_out_items(s):
    sold_out_dress = repo.find_products(s, "缎面吊带连衣裙")[0]
    assert sold_out_dress.total_stock == 0
    suggestions = repo.similar_in_stock(s, sold_out_dress)
    assert [p.kind for p in suggestions] == ["dress"] * 3
    sold_out_hoodie = repo.find_products(s, "宽松圆领卫衣")[0]
    for sku in sold_out_hoodie.skus:
        sku.stock = 0
    for product in repo.find_products(s, "卫衣", limit=10):
        others = repo.similar_in_stock(s, product, limit=10)
        assert others and all(p.total_stock > 0 and p.id != product.id for p in others)
        assert sold_out_hoodie not in others
        assert others[0].kind == "hoodie"


def test_buyer_orders_newest_first_and_latest_open_order(s):
    buyer = repo.buyer_by_nick(s, "demo_buyer")
    assert buyer.name == "王小美"
    orders = repo.orders_of_buyer(s, buyer.id, limit=20)
    assert [o.created_at for o in orders] == sorted((o.created_at for o in orders), reverse=True)
    assert OTHER_BUYERS_ORDER not in {o.id for o in orders} and len(orders) == 8
    assert repo.latest_open_order(s, buyer.id).id == PAID
    assert repo.get_order(s, "9999999999999999") is None
    assert repo.buyer_by_nick(s, "nobody") is None


def test_urgent_and_invoice_are_recorded_on_the_order(s):
    order = repo.get_order(s, PAID)
    repo.mark_urgent(s, order, "买家明天出差急用", NOW)
    repo.set_invoice(s, order, "杭州小二科技有限公司", "91330106MA2AAAAA1X", NOW)
    assert order.urgent is True
    assert order.invoice_title == "杭州小二科技有限公司" and order.invoice_requested_at == NOW
    lines = order.notes.splitlines()
    assert lines[0].startswith("[2026-11-22 10:30 bot]") and "买家明天出差急用" in lines[0]
    assert len(lines) == 2


def test_asking_again_about_a_stalled_parcel_does_not_repeat_the_urgent_note(s):
    order = repo.get_order(s, PAID)
    lines_before = len((order.notes or "").splitlines())
    for _ in range(3):
        repo.mark_urgent(s, order, "物流停滞，买家咨询，需联系快递核查", NOW)
    repo.mark_urgent(s, order, "买家急用", NOW)
    assert order.notes.count("物流停滞") == 1 and order.notes.count("买家急用") == 1
    assert len(order.notes.splitlines()) == lines_before + 2


def _open_case_rows(s, order_id):
    from sqlalchemy import func, select

    from bot.shop.models import AfterSaleCase

    return s.scalar(select(func.count()).select_from(AfterSaleCase).where(
        AfterSaleCase.order_id == order_id, AfterSaleCase.state == "open"))


def test_a_refund_request_finds_the_open_return_and_adds_its_words(s):
    order = repo.get_order(s, DELIVERED)
    before = _open_case_rows(s, DELIVERED)
    first = repo.open_case(s, order, "return", "我要退货", "我要退货", "return_refund", NOW)
    found = repo.find_open_case(s, DELIVERED, ("refund", "return", "problem"))
    assert found.id == first.id and found.kind == "return"
    repo.add_case_words(found, "我要退款", NOW + timedelta(minutes=2))
    repo.add_case_words(found, "我要退款", NOW + timedelta(minutes=2))  # said once, written once
    assert first.reason == "我要退货" and first.detail.count("我要退款") == 1
    assert _open_case_rows(s, DELIVERED) == before + 1
    assert repo.find_open_case(s, DELIVERED, ("exchange",)) is None


def test_the_database_allows_one_open_case_per_order_and_kind(s):
    from sqlalchemy.exc import IntegrityError

    from bot.shop.models import AfterSaleCase

    order = repo.get_order(s, DELIVERED)
    repo.open_case(s, order, "exchange", "换大一码", None, "exchange", NOW)
    s.add(AfterSaleCase(order_id=DELIVERED, kind="exchange", reason="x", state="open", created_at=NOW))
    with pytest.raises(IntegrityError):
        s.flush()


def test_a_problem_case_records_what_went_wrong_and_the_buyers_words(s):
    order = repo.get_order(s, DELIVERED)
    case = repo.open_case(s, order, "problem", "收到的东西有破损", "收到的东西有破损", "reship", NOW, problem="damaged")
    assert (case.kind, case.problem, case.reason, case.resolution) == ("problem", "damaged", "收到的东西有破损", "reship")


def test_change_address_stores_province_city_line_and_contact_separately(s):
    order = repo.get_order(s, PAID)
    assert repo.change_address(s, order, "南山区科技园路1号", NOW, province="广东", city="深圳",
                               recipient_name="王小美", recipient_phone="13900001111")
    assert (order.province, order.city, order.address_line) == ("广东", "深圳", "南山区科技园路1号")
    assert (order.recipient_name, order.recipient_phone) == ("王小美", "13900001111")
    assert "买家修改地址" in order.notes


@pytest.mark.parametrize("field", ["address", "province", "recipient_name"])
def test_change_address_refuses_markup_and_control_characters(s, field):
    order = repo.get_order(s, PAID)
    before = (order.province, order.city, order.address_line, order.recipient_name)
    values = {"address": "南山区科技园路1号", "province": "广东"}
    values[field] = {"address": "<img src=x onerror=alert(1)>", "province": "广\x00东",
                     "recipient_name": "王\u202e小美"}[field]
    address = values.pop("address")
    with pytest.raises(ValueError):
        repo.change_address(s, order, address, NOW, **values)
    assert (order.province, order.city, order.address_line, order.recipient_name) == before


def test_set_invoice_refuses_markup_and_an_empty_title(s):
    order = repo.get_order(s, DELIVERED)
    for title in ("<script>x</script>", "  "):
        with pytest.raises(ValueError):
            repo.set_invoice(s, order, title, "91350100M000100Y43", NOW)
    assert order.invoice_title is None
