"""Addresses buyers type: real province and city from the tables, plain text, a valid phone."""
import pytest

from bot.policy import DEFAULT_POLICY_FILE, load_policy
from bot.service.address import parse_address, unsafe_characters


@pytest.fixture(scope="module")
def policy():
    return load_policy(DEFAULT_POLICY_FILE)


@pytest.mark.parametrize("text, fields", [
    ("广东省深圳市南山区科技园路1号 王小美 13812345678",
     ("广东", "深圳", "南山区", "科技园路1号", "王小美", "13812345678")),
    ("浙江杭州西湖区文三路88号3幢1201室", ("浙江", "杭州", "西湖区", "文三路88号3幢1201室", None, None)),
    ("上海市浦东新区张江路123号", ("上海", "上海", "浦东新区", "张江路123号", None, None)),
    ("上海南京路100号", ("上海", "上海", "", "南京路100号", None, None)),
    ("广州市越秀区北京路1号", ("广东", "广州", "越秀区", "北京路1号", None, None)),
    ("杭州市文三路88号", ("浙江", "杭州", "", "文三路88号", None, None)),
    ("新疆乌鲁木齐天山区解放北路1号", ("新疆", "乌鲁木齐", "天山区", "解放北路1号", None, None)),
    ("收件人：李雷 电话：0571-88886666 浙江省杭州市西湖区文三路88号",
     ("浙江", "杭州", "西湖区", "文三路88号", "李雷", "0571-88886666")),
    ("Room 1205, 88 Jianguo Road, Chaoyang District, Beijing",
     ("北京", "北京", "朝阳区", "Room 1205, 88 Jianguo Road", None, None)),
    ("100 Beijing Road, Huangpu District, Shanghai", ("上海", "上海", "黄浦区", "100 Beijing Road", None, None)),
    ("5 Tianhe Road, Guangzhou, Guangdong, +86 13812345678",
     ("广东", "广州", "", "5 Tianhe Road", None, "13812345678")),
])
def test_addresses_are_split_into_their_fields(policy, text, fields):
    check = parse_address(text, policy)
    assert check.ok, check.problem
    a = check.address
    assert (a.province, a.city, a.district, a.detail, a.recipient, a.phone) == fields


@pytest.mark.parametrize("text, problem", [
    ("<b>北京市朝阳区建国路88号</b>", "markup"),
    ("北京市朝阳区建国路88号<script>alert(1)</script>", "markup"),
    ("北京市朝阳区建国路８８号＜img＞", "markup"),
    ("北京市朝阳区建国路88号\u200b", "markup"),
    ("北京市朝阳区\x00建国路88号", "markup"),
    ("北京市朝阳区建国路88号\u202e", "markup"),
    ("火星市外星路1号", "region"),
    ("朝阳区建国路88号", "region"),  # 北京 or 长春? not said
    ("南京路100号", "region"),  # a street, not Nanjing
    ("123456", "region"),
    ("I live at 5 Main Street", "region"),
    ("香港九龙弥敦道1号", "not_served"),
    ("浙江省杭州市", "detail"),
    ("北京市朝阳区建国路88号 1381234567", "phone"),
    ("北京市朝阳区建国路88号" + "很长的备注" * 40, "too_long"),
    ("1号", "too_short"),
])
def test_what_is_no_usable_address_says_why(policy, text, problem):
    check = parse_address(text, policy)
    assert not check.ok and check.problem == problem


def test_a_new_phone_and_recipient_alone_change_only_the_contact(policy):
    check = parse_address("张三 13900001111", policy)
    assert check.ok and check.address.province is None
    assert (check.address.recipient, check.address.phone) == ("张三", "13900001111")


def test_unsafe_characters():
    assert unsafe_characters("a<b") and unsafe_characters("a\x07b") and unsafe_characters("a\ufeffb")
    assert not unsafe_characters("浙江省杭州市\n西湖区 文三路88号 (3幢)")


def test_a_remark_next_to_the_address_is_no_recipient(policy):
    check = parse_address("浙江省杭州市西湖区文三路88号 尽快发货 13900001111", policy)
    assert check.ok and check.address.recipient is None and check.address.phone == "13900001111"
    assert parse_address("13900001111 欧阳娜娜 浙江省杭州市西湖区文三路88号", policy).address.recipient == "欧阳娜娜"


@pytest.mark.parametrize("message, expected", [
    ("room 1205 not 1203", "上海市浦东新区张江路88号1205室 王芳"),
    ("不对，是1205室不是1203室", "上海市浦东新区张江路88号1205室 王芳"),
    ("不是1203是1205", "上海市浦东新区张江路88号1205室 王芳"),
    ("1203改成1205", "上海市浦东新区张江路88号1205室 王芳"),
    ("收件人是王方不是王芳", "上海市浦东新区张江路88号1203室 王方"),
    ("it is 1205 not 1203", "上海市浦东新区张江路88号1205室 王芳"),
])
def test_a_correction_replaces_only_the_wrong_part(message, expected):
    from bot.service.address import corrected

    assert corrected("上海市浦东新区张江路88号1203室 王芳", message) == expected


@pytest.mark.parametrize("message", ["好的", "1205", "not 1203", "不是这个单", "不是1999是2000"])
def test_a_message_that_corrects_nothing_in_the_address_is_no_correction(message):
    from bot.service.address import corrected

    assert corrected("上海市浦东新区张江路88号1203室 王芳", message) is None


def test_english_city_names_lead_to_one_province_or_none():
    from bot.service.address import city_provinces_pinyin

    cities = city_provinces_pinyin()
    assert cities["guangzhou"] == "广东" and cities["chengdu"] == "四川" and cities["wulumuqi"] == "新疆"
    assert "suzhou" not in cities and "taizhou" not in cities  # two provinces share the spelling
    assert "jian" not in city_provinces_pinyin(excluded_spellings=["jian"])
