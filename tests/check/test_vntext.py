"""Vietnamese text hygiene: NFC, legacy encodings, tone placement."""

import unicodedata
from pathlib import Path

import pytest

from reportgen.core import vntext

SEED = Path("/work/shared/seeds/000_b16dd79943abea45.txt")
ALL_LETTERS = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
_VNI_ENCODE = {v: k for k, v in vntext._VNI_TO_UNICODE.items()}


def test_nfc():
    decomposed = unicodedata.normalize("NFD", "Kế hoạch")
    assert not vntext.is_nfc(decomposed)
    assert vntext.to_nfc(decomposed) == "Kế hoạch"
    assert vntext.is_nfc("Kế hoạch")


@pytest.mark.parametrize("legacy, expected", [
    ("KÕ ho¹ch thùc hiÖn NghÞ quyÕt", "Kế hoạch thực hiện Nghị quyết"),
    ("§¶ng céng s¶n ViÖt Nam", "Đảng cộng sản Việt Nam"),
    ("B¶o Th¾ng, M\xadêng Kh\xad¬ng", "Bảo Thắng, Mường Khương"),
    ("¡n, ¢m, £m, ¤ng, ¥n, ¦u, §i", "Ăn, Âm, Êm, Ông, Ơn, Ưu, Đi"),
])
def test_tcvn3_to_unicode(legacy, expected):
    assert vntext.legacy_to_unicode(legacy, "tcvn3") == expected


@pytest.mark.parametrize("legacy, expected", [
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("Ñaûng coäng saûn Vieät Nam", "Đảng cộng sản Việt Nam"),
    ("ÑAÛNG COÄNG SAÛN VIEÄT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM"),
    ("Tænh uûy, huyeän uyû, ngaøy möôøi", "Tỉnh ủy, huyện uỷ, ngày mười"),
    ("Ngöôøi yù kieán, kyû luaät, tyû leä, sôû, ñeàu", "Người ý kiến, kỷ luật, tỷ lệ, sở, đều"),
])
def test_vni_to_unicode(legacy, expected):
    assert vntext.legacy_to_unicode(legacy, "vni") == expected


def test_vni_table_covers_every_letter_both_cases():
    for letter in ALL_LETTERS + ALL_LETTERS.upper():
        if letter.isascii():
            continue
        encoded = _VNI_ENCODE[letter]
        assert vntext.legacy_to_unicode(encoded, "vni") == letter


def test_tcvn3_table_covers_every_lower_case_letter():
    reverse = {v: k for k, v in vntext._TCVN3_TO_UNICODE.items()}
    for letter in ALL_LETTERS:
        if not letter.isascii():
            assert vntext.legacy_to_unicode(reverse[letter], "tcvn3") == letter


def test_unknown_encoding_is_an_error():
    with pytest.raises(ValueError):
        vntext.legacy_to_unicode("x", "viqr")


@pytest.mark.parametrize("text, expected", [
    ("KÕ ho¹ch thùc hiÖn NghÞ quyÕt sè 21-NQ/TW", "tcvn3"),
    ("§¶ng bé tØnh Qu¶ng Nam", "tcvn3"),
    ("Keá hoaïch thöïc hieän Nghò quyeát soá 21-NQ/TW", "vni"),
    ("Ñaûng boä tænh Quaûng Nam", "vni"),
    ("Kế hoạch thực hiện Nghị quyết số 21-NQ/TW", None),
    ("«Noël» à Zoë, café, Müller, São Paulo, Ångström, Citroën, naïve", None),
    ("Giá 100 × 200, © 2022, § 3", None),
    ("", None),
])
def test_detect_legacy_encoding(text, expected):
    assert vntext.detect_legacy_encoding(text) == expected


def test_no_false_positive_on_real_unicode_document():
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()] if SEED.exists() else []
    lines += ["TỈNH ỦY QUẢNG NAM", "Quảng Nam, ngày 05 tháng 02 năm 2022", "Phan Việt Cường"]
    assert [line for line in lines if vntext.detect_legacy_encoding(line)] == []


@pytest.mark.parametrize("text, expected", [
    ("Tỉnh ủy, huyện ủy, thủy lợi, cụ thể hóa, khỏe", {"ủy"}),
    ("Tỉnh uỷ, huyện uỷ, thuỷ lợi, cụ thể hoá, khoẻ", {"uỷ"}),
    ("TỈNH ỦY và cấp uỷ viên", {"ủy", "uỷ"}),
    ("hoàn thành, quyết định, ngoài, quý, quỳ, toàn", set()),
])
def test_uy_spellings(text, expected):
    assert vntext.uy_spellings(text) == expected
