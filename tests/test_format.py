"""The Party format (HD 36-HD/VPTW, values graded [P]/[S] in party-format.md), read back from the .docx."""

from __future__ import annotations

import pytest

from ooxml import NS, Package, q, text_of
from reportgen.core.vnformat import BLANK

MM = 1440 / 25.4


@pytest.fixture(scope="module")
def pkg(reference_bytes) -> Package:
    return Package(reference_bytes)


def twips(el, attr) -> int:
    return int(el.get(q(f"w:{attr}")))


def test_a4_and_party_margins(pkg):
    sect = pkg.body.find("w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (twips(size, "w"), twips(size, "h")) == (11906, 16838)
    margins = sect.find("w:pgMar", NS)
    for side, mm in (("top", 20), ("bottom", 20), ("left", 30), ("right", 15)):
        assert abs(twips(margins, side) - mm * MM) < 2, side
    assert abs(twips(margins, "header") - 10 * MM) < 2, "page number ~10 mm from the top edge"


def test_times_new_roman_vietnamese_everywhere(pkg):
    defaults = pkg.styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = defaults.find("w:rFonts", NS)
    assert {fonts.get(q(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}
    assert defaults.find("w:lang", NS).get(q("w:val")) == "vi-VN"
    for name, blob in pkg.parts.items():
        if name.endswith(".xml"):
            assert b"Calibri" not in blob and b"en-US" not in blob, name
            assert b"minorHAnsi" not in blob and b"majorHAnsi" not in blob, name
    core = pkg.parts["docProps/core.xml"].decode()
    assert "<dc:language>vi-VN</dc:language>" in core


def test_body_text(pkg):
    p = pkg.find_paragraph("Thực hiện Nghị quyết số 21-NQ/TW", startswith=True)
    assert pkg.size_pt(p) == 14
    assert pkg.jc(p) == "both"
    indent = twips(pkg.ppr(p, "w:ind"), "firstLine")
    assert abs(indent - 10 * MM) < 30, "first-line indent about 1 cm"
    assert twips(pkg.ppr(p, "w:spacing"), "before") >= 120, "at least 6 pt between paragraphs"
    assert pkg.font(p) == "Times New Roman"
    for start in ("- Phấn đấu đến năm 2030", "+ Xây dựng kế hoạch triển khai mô hình", "1.1. Các cấp ủy"):
        item = pkg.find_paragraph(start, startswith=True)
        assert pkg.size_pt(item) == 14 and pkg.jc(item) == "both"
        assert not pkg.is_on(item, "w:b")


def _header_cells(pkg):
    table = pkg.body.find("w:tbl", NS)
    rows = table.findall("w:tr", NS)
    return table, [[c for c in row.findall("w:tc", NS)] for row in rows]


def test_header_block_is_a_borderless_two_column_table(pkg):
    table, cells = _header_cells(pkg)
    assert [len(r) for r in cells] == [2, 2]
    borders = table.find("w:tblPr/w:tblBorders", NS)
    assert all(b.get(q("w:val")) == "nil" for b in borders)
    grid = [twips(g, "w") for g in table.findall("w:tblGrid/w:gridCol", NS)]
    widths = [twips(c.find("w:tcPr/w:tcW", NS), "w") for c in cells[0]]
    assert grid == widths, "LibreOffice reads gridCol, Word reads tcW"
    left = [text_of(p) for p in cells[0][0].findall("w:p", NS) + cells[1][0].findall("w:p", NS)]
    right = [text_of(p) for p in cells[0][1].findall("w:p", NS) + cells[1][1].findall("w:p", NS)]
    assert left == ["TỈNH ỦY QUẢNG NAM", "*", f"Số {BLANK}-KH/TU", "(Dự thảo)"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", f"Quảng Nam, ngày {BLANK} tháng 10 năm 2022"]
    assert len(BLANK) >= 5 and not BLANK.strip(), "room to write the number and day by hand"


def test_header_components_format(pkg):
    issuer = pkg.find_paragraph("TỈNH ỦY QUẢNG NAM")
    assert pkg.size_pt(issuer) == 14 and pkg.is_on(issuer, "w:b") and pkg.jc(issuer) == "center"
    star = pkg.find_paragraph("*")
    assert pkg.jc(star) == "center"
    number = pkg.find_paragraph("Số ", startswith=True)
    assert "Số:" not in text_of(number)
    assert pkg.size_pt(number) == 14 and not pkg.is_on(number, "w:b")
    draft = pkg.find_paragraph("(Dự thảo)")
    assert pkg.is_on(draft, "w:i")
    title = pkg.find_paragraph("ĐẢNG CỘNG SẢN VIỆT NAM")
    assert pkg.size_pt(title) == 15 and pkg.is_on(title, "w:b")
    place = pkg.find_paragraph("Quảng Nam, ngày", startswith=True)
    assert pkg.size_pt(place) == 14 and pkg.is_on(place, "w:i")


def test_rule_under_the_title_is_as_long_as_the_title(pkg):
    title = pkg.find_paragraph("ĐẢNG CỘNG SẢN VIỆT NAM")
    bottom = pkg.ppr(title, "w:pBdr/w:bottom")
    assert bottom is not None and bottom.get(q("w:val")) == "single"
    _, cells = _header_cells(pkg)
    cell_width = twips(cells[0][1].find("w:tcPr/w:tcW", NS), "w")
    ind = pkg.ppr(title, "w:ind")
    rule = cell_width - 2 * 108 - twips(ind, "left") - twips(ind, "right")
    # "ĐẢNG CỘNG SẢN VIỆT NAM" in Times New Roman 15 pt bold is 206.7 pt = 4134 twips wide.
    assert abs(rule - 4134) < 60


def test_document_type_and_subject(pkg):
    doc_type = pkg.find_paragraph("KẾ HOẠCH")
    assert 15 <= pkg.size_pt(doc_type) <= 16 and pkg.is_on(doc_type, "w:b") and pkg.jc(doc_type) == "center"
    subject = pkg.find_paragraph("thực hiện Nghị quyết số 21-NQ/TW", startswith=True)
    assert pkg.size_pt(subject) == 14 and pkg.is_on(subject, "w:b") and pkg.jc(subject) == "center"
    assert len(subject.findall(".//w:br", NS)) == 2, "the subject keeps the drafter's two line breaks"
    rule = pkg.find_paragraph("-----")
    assert pkg.jc(rule) == "center"


def test_headings_styled_by_level(pkg):
    h1 = pkg.find_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    h2 = pkg.find_paragraph("1. Mục tiêu tổng quát")
    h3 = pkg.find_paragraph("2.1. Ban Tổ chức Tỉnh ủy")
    assert [pkg.style_id(p) for p in (h1, h2, h3)] == ["Heading1", "Heading2", "Heading3"]
    assert all(pkg.is_on(p, "w:b") for p in (h1, h2, h3))
    assert pkg.is_on(h3, "w:i") and not pkg.is_on(h2, "w:i")
    assert all(pkg.size_pt(p) == 14 for p in (h1, h2, h3))
    assert pkg.ppr(h1, "w:keepNext") is not None


def test_closing_block(pkg):
    tables = pkg.body.findall("w:tbl", NS)
    closing = tables[-1]
    assert all(b.get(q("w:val")) == "nil" for b in closing.find("w:tblPr/w:tblBorders", NS))
    left, right = closing.find("w:tr", NS).findall("w:tc", NS)
    title = left.find("w:p", NS)
    assert text_of(title) == "Nơi nhận:"
    assert pkg.size_pt(title) == 14 and pkg.is_on(title, "w:u") and not pkg.is_on(title, "w:b")
    items = left.findall("w:p", NS)[1:]
    assert len(items) == 9
    assert all(pkg.size_pt(p) == 12 and text_of(p).startswith("- ") for p in items)
    assert text_of(items[-1]) == "- Lưu Văn Phòng Tỉnh ủy." and text_of(items[0]).endswith(",")
    paras = right.findall("w:p", NS)
    texts = [text_of(p) for p in paras]
    authority, title_, name = paras[0], paras[1], paras[-1]
    assert texts[0] == "T/M TỈNH ỦY" and pkg.is_on(authority, "w:b") and pkg.size_pt(authority) == 14
    assert texts[1] == "BÍ THƯ" and not pkg.is_on(title_, "w:b")
    assert texts[-1] == "Phan Việt Cường" and pkg.is_on(name, "w:b")
    assert texts[2:-1] == ["", "", "", ""], "room for signature and seal"


def test_formatting_comes_from_named_styles(pkg):
    """A drafter restyles templates/ in Word: body paragraphs carry a style and no direct run formatting."""
    named = {s.get(q("w:styleId")) for s in pkg.styles.findall("w:style", NS)}
    for p in pkg.paragraphs():
        assert pkg.style_id(p) in named
        for r in p.findall("w:r", NS):
            rpr = r.find("w:rPr", NS)
            if rpr is not None:
                assert {c.tag for c in rpr} <= {q("w:rStyle")}, text_of(p)[:40]


def test_not_built_from_python_docx_default_template(pkg):
    styles = pkg.parts["word/styles.xml"].decode()
    assert "Calibri" not in styles and 'w:w="12240"' not in pkg.parts["word/document.xml"].decode()
