from datetime import date

import pytest

from reportgen.core import vnformat
from reportgen.document.header import number_line
from reportgen.document.plan import opening_sentence, recipient_lines, with_deadline
from reportgen.spec.deadline import parse_deadline


@pytest.mark.parametrize("value,decimals,expected", [
    (98.3, None, "98,3"), (1234, None, "1.234"), (100.0, None, "100"), (98, 1, "98,0"),
    (1253 / 1278 * 100, 1, "98,0"), (1234567.5, None, "1.234.567,5"), (3, None, "3")])
def test_numbers(value, decimals, expected):
    assert vnformat.number(value, decimals) == expected


def test_header_dates_have_leading_zeros_where_hd36_wants_them():
    assert vnformat.header_date(2022, 2, 5) == "ngày 05 tháng 02 năm 2022"
    assert vnformat.header_date(2022, 10, 15) == "ngày 15 tháng 10 năm 2022"
    assert vnformat.header_date(2022, 1, 20) == "ngày 20 tháng 01 năm 2022"
    assert vnformat.header_date(2022, 10, None) == f"ngày {vnformat.BLANK} tháng 10 năm 2022"


def test_short_dates():
    assert vnformat.short_date(date(2022, 6, 16)) == "16/6/2022"
    assert vnformat.short_date(date(2021, 6, 1)) == "01/6/2021"
    assert vnformat.short_date(date(2019, 1, 21)) == "21/01/2019"


def test_number_line_has_no_colon_and_a_leading_zero():
    assert number_line(7, "Kế hoạch", "TU") == "Số 07-KH/TU"
    assert number_line(128, "Báo cáo", "HU") == "Số 128-BC/HU"
    assert number_line(None, "Kế hoạch", "TU") == f"Số {vnformat.BLANK}-KH/TU"


def test_deadline_goes_before_the_final_stop():
    deadline = parse_deadline("hoàn thành trong tháng 10/2022")
    assert with_deadline("Kế hoạch của Tỉnh ủy.", deadline) == "Kế hoạch của Tỉnh ủy (hoàn thành trong tháng 10/2022)."
    assert with_deadline("Kế hoạch của Tỉnh ủy", deadline) == "Kế hoạch của Tỉnh ủy (hoàn thành trong tháng 10/2022)"
    assert with_deadline("Không hạn.", None) == "Không hạn."


def test_recipients_punctuation():
    assert recipient_lines(["Ban Tổ chức Trung ương (báo cáo),", "- Lưu Văn phòng Tỉnh ủy"]) == [
        "- Ban Tổ chức Trung ương (báo cáo),", "- Lưu Văn phòng Tỉnh ủy."]


def test_opening_without_basis_is_the_opening():
    assert opening_sentence([], "Ban Thường vụ ban hành như sau:") == "Ban Thường vụ ban hành như sau:"


def test_vietnamese_alphabetical_order():
    """d before đ, o before ô before ơ, u before ư; tones only break ties (ngang, huyền, hỏi, ngã, sắc, nặng)."""
    from reportgen.core.vntext import sort_key

    expected = ["Huyện ủy Duy Xuyên", "Huyện ủy Đại Lộc", "Huyện ủy Đông Giang", "Huyện ủy Nam Giang",
                "Huyện ủy Nam Trà My", "Huyện ủy Nông Sơn", "Huyện ủy Núi Thành", "Thành ủy Hội An", "Thành ủy Tam Kỳ",
                "Thị ủy Điện Bàn"]
    assert sorted(reversed(expected), key=sort_key) == expected
    assert sorted(["ơ", "o", "ô", "ư", "u", "ă", "â", "a", "đ", "d", "e", "ê"], key=sort_key) == \
        ["a", "ă", "â", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư"]
    assert sorted(["ạ", "á", "ã", "ả", "à", "a"], key=sort_key) == ["a", "à", "ả", "ã", "á", "ạ"]
    # case and Unicode form do not matter
    import unicodedata
    assert sort_key("ĐẠI LỘC") == sort_key("đại lộc") == sort_key(unicodedata.normalize("NFD", "Đại Lộc"))
