"""Each HD 36 rule on a hand-made bad document: the rule id, expected and found values."""

import re

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, Twips


def only_errors(result):
    return sorted({f.rule_id for f in result.findings if f.severity == "error"})


def test_good_document_is_clean(check, party):
    result = check(party())
    assert result.findings == []


def test_good_variants_are_clean(check, party):
    """A lower unit with a superior line, a draft with blank number and blank day."""
    doc = party(superior="ĐẢNG BỘ TỈNH QUẢNG NAM", issuer="HUYỆN ỦY ĐẠI LỘC",
                number="Số      -KH/HU", draft=True,
                date="Quảng Nam, ngày      tháng 10 năm 2022",
                authority="K/T BAN THƯỜNG VỤ", position="PHÓ BÍ THƯ")
    result = check(doc)
    assert result.findings == []


def test_wrong_margins(check, party, of):
    result = check(party(margins_mm=(25, 25, 35, 15)))
    found = {(f.expected, f.found) for f in of(result, "hd36.page.margins")}
    assert found == {
        ("lề trên 20 mm", "phần 1: lề trên 25 mm"),
        ("lề dưới 20 mm", "phần 1: lề dưới 25 mm"),
        ("lề trái 30 mm", "phần 1: lề trái 35 mm"),
    }
    assert all(f.severity == "error" and f.grade == "S" for f in of(result, "hd36.page.margins"))


def test_letter_paper(check, party, of):
    result = check(party(page_twips=(12240, 15840)))
    [f] = of(result, "hd36.page.size")
    assert f.expected == "210 × 297 mm"
    assert f.found == "phần 1: 215,9 × 279,4 mm"


def test_calibri_text_by_direct_formatting(check, party, of):
    result = check(party(body_font="Calibri"))
    [f] = of(result, "hd36.font.family")
    assert f.expected == "Times New Roman"
    assert f.found == f"Calibri ({5} đoạn)"
    assert f.excerpt.startswith("Thực hiện Nghị quyết")
    assert f.para is not None


def test_style_inherited_font_is_found(check, party, of):
    """Normal style in Calibri, no direct font on the runs: python-docx reports None, Word shows Calibri."""
    doc = party()
    doc.styles["Normal"].font.name = "Calibri"
    body_run = doc.paragraphs[3].runs[0]
    assert body_run.font.name is None  # invisible to direct-formatting checks
    result = check(doc)
    [f] = of(result, "hd36.font.family")
    assert f.found.startswith("Calibri (")
    assert f.severity == "error"


def test_theme_font_from_doc_defaults_is_found(check, party, of):
    """docDefaults pointing at the theme (minorHAnsi) resolve through theme1.xml to the theme font."""
    doc = party()
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    fonts.set(qn("w:asciiTheme"), "minorHAnsi")
    fonts.set(qn("w:hAnsiTheme"), "minorHAnsi")
    doc.styles["Normal"].element.rPr.remove(doc.styles["Normal"].element.rPr.find(qn("w:rFonts")))
    theme = doc.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme").blob.decode()
    minor = re.search(r"<a:minorFont>\s*<a:latin typeface=\"([^\"]+)\"", theme).group(1)
    assert minor != "Times New Roman"  # python-docx's template theme: Cambria
    result = check(doc)
    [f] = of(result, "hd36.font.family")
    assert f.found.startswith(f"{minor} (")


def test_number_with_colon(check, party, of):
    result = check(party(number="Số: 07-KH/TU"))
    [f] = of(result, "hd36.number.colon")
    assert f.found == "Số:"
    assert f.expected == "Số 07-KH/TU (không có dấu hai chấm)"
    assert f.excerpt == "Số: 07-KH/TU"
    assert only_errors(result) == ["hd36.number.colon"]


def test_number_in_state_format(check, party, of):
    result = check(party(number="Số: 07/KH-UBND"))
    assert {"hd36.number.colon", "hd36.number.pattern"} <= set(only_errors(result))
    [f] = of(result, "hd36.number.pattern")
    assert f.found == "Số: 07/KH-UBND"


def test_number_without_leading_zero(check, party, of):
    result = check(party(number="Số 7-KH/TU"))
    [f] = of(result, "hd36.number.leading-zero")
    assert f.found == "Số 7-KH/TU"
    assert only_errors(result) == ["hd36.number.leading-zero"]


def test_unknown_type_code_is_a_warning(check, party, of):
    result = check(party(number="Số 07-XYZ/TU"))
    [f] = of(result, "hd36.number.type")
    assert f.severity == "warning" and f.grade == "UNVERIFIED"
    assert result.errors == 0


def test_date_without_leading_zeros(check, party, of):
    result = check(party(date="Quảng Nam, ngày 5 tháng 2 năm 2022"))
    found = [(f.expected, f.found) for f in of(result, "hd36.date.leading-zero")]
    assert found == [("ngày 05", "ngày 5"), ("tháng 02", "tháng 2")]
    assert only_errors(result) == ["hd36.date.leading-zero"]


def test_month_three_to_twelve_has_no_leading_zero(check, party, of):
    result = check(party(date="Quảng Nam, ngày 15 tháng 03 năm 2022"))
    [f] = of(result, "hd36.date.leading-zero")
    assert (f.expected, f.found) == ("tháng 3", "tháng 03")


def test_date_not_italic(check, party, of):
    doc = party()
    doc.tables[0].rows[1].cells[1].paragraphs[0].runs[0].font.italic = False
    [f] = of(check(doc), "hd36.date.format")
    assert (f.expected, f.found) == ("chữ nghiêng", "chữ đứng")


def test_no_star(check, party, of):
    result = check(party(star=False))
    [f] = of(result, "hd36.issuer.star")
    assert f.found == "không tìm thấy"
    assert f.group == "Tên cơ quan ban hành"
    assert only_errors(result) == ["hd36.issuer.star"]


def test_page_number_on_page_one_without_title_page(check, party, of):
    result = check(party(title_page=False))
    [f] = of(result, "hd36.pagenum.first-page")
    assert f.expected == "không đánh số trang ở trang 1"
    assert "titlePg" in f.found
    assert only_errors(result) == ["hd36.pagenum.first-page"]


def test_page_number_in_first_page_header(check, party, of):
    result = check(party(page_number_on_first=True))
    [f] = of(result, "hd36.pagenum.first-page")
    assert f.found.startswith("trang đầu có số trang")


def test_no_page_number(check, party, of):
    [f] = of(check(party(page_number=False)), "hd36.pagenum.present")
    assert f.found == "không có số trang"


def test_page_number_look_is_checked(check, party, of):
    """HD 36: the number is 14 pt Times New Roman, upright, centred in the top margin."""
    result = check(party(page_number_look={"size": 12, "italic": True, "font": "Arial"}))
    found = sorted(f.found for f in of(result, "hd36.pagenum.format"))
    assert found == ["chữ nghiêng", "cỡ 12 pt", "phông Arial"]
    assert only_errors(result) == ["hd36.pagenum.format"]


def test_page_number_in_footer(check, party, of):
    [f] = of(check(party(page_number_in_footer=True)), "hd36.pagenum.format")
    assert (f.expected, f.found) == ("số trang ở đầu trang (lề trên)", "số trang ở chân trang")


def test_appendix_section_inheriting_the_numbered_header_passes(check, party, of):
    result = check(party(appendix_section="inherit"))
    assert not of(result, "hd36.pagenum.present") and not of(result, "hd36.pagenum.format")


@pytest.mark.parametrize("variant, found", [
    ("own-header", "phần 2 (từ trang sau dấu ngắt phần): không có số trang"),
    ("title-page", "phần 2: trang đầu của phần không có số trang (phần này bật «Trang đầu khác» — titlePg)"),
])
def test_appendix_section_without_page_numbers(check, party, of, variant, found):
    [f] = of(check(party(appendix_section=variant)), "hd36.pagenum.present")
    assert f.found == found


def test_heading_without_rule_and_wrong_size(check, party, of):
    doc = party(heading_rule=False)
    doc.tables[0].rows[0].cells[1].paragraphs[0].runs[0].font.size = Pt(13)
    result = check(doc)
    [rule] = of(result, "hd36.heading.rule")
    assert rule.found == "không có đường kẻ"
    [size] = of(result, "hd36.heading.format")
    assert (size.expected, size.found) == ("cỡ 15 pt", "cỡ 13 pt")


RULE_LENGTH = "hd36.heading.rule-length"
TITLE_73_MM = "đường kẻ dài bằng tiêu đề (khoảng 73 mm)"   # 4134 twips: the title at 15 pt bold


def title_cell(doc):
    return doc.tables[0].rows[0].cells[1]


def test_heading_rule_as_long_as_the_title_passes(check, party, of):
    """The default document: a 4461-twip cell text area minus 2,5 mm indents = 4177 twips (+1 %)."""
    from reportgen.check.rules import load_rule_set

    [rule] = [r for r in load_rule_set().rules if r.id == RULE_LENGTH]
    assert (rule.kind, rule.severity, rule.grade) == ("heading_rule_length", "warning", "P")
    assert of(check(party()), RULE_LENGTH) == []


@pytest.mark.parametrize("cell_twips, indent_mm, found", [
    (5244, 0, "đường kẻ dài khoảng 89 mm"),      # our header column, rule across the whole cell
    (None, 20, "đường kẻ dài khoảng 39 mm"),     # much narrower than the title
])
def test_heading_rule_of_the_wrong_length_is_a_warning(check, party, of, cell_twips, indent_mm, found):
    doc = party(heading_rule_indent_mm=indent_mm)
    if cell_twips:
        title_cell(doc).width = Twips(cell_twips)
    result = check(doc)
    [f] = of(result, RULE_LENGTH)
    assert (f.expected, f.found, f.severity) == (TITLE_73_MM, found, "warning")
    assert f.excerpt == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert of(result, "hd36.heading.rule") == []


def test_heading_rule_length_from_the_grid_and_table_cell_margins(check, party, of):
    """No tcW: the grid column (4677) minus the table's start/end cell margins (0) = 82 mm."""
    doc = party(heading_rule_indent_mm=0)
    tc_pr = title_cell(doc)._tc.tcPr
    tc_pr.remove(tc_pr.find(qn("w:tcW")))
    doc.tables[0]._tbl.tblPr.append(parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:start w:w="0" w:type="dxa"/><w:end w:w="0" w:type="dxa"/>'
        '</w:tblCellMar>'))
    [f] = of(check(doc), RULE_LENGTH)
    assert f.found == "đường kẻ dài khoảng 82 mm"


def test_underlined_title_is_its_own_rule(check, party, of):
    """A 39 mm border is too short, unless the title is underlined: then the rule is the title."""
    doc = party(heading_rule_indent_mm=20)
    assert len(of(check(doc), RULE_LENGTH)) == 1
    title_cell(doc).paragraphs[0].runs[0].font.underline = True
    assert of(check(doc), RULE_LENGTH) == []


def drawn_line(paragraph, width_mm: float) -> None:
    """A DrawingML line `width_mm` wide, inline in `paragraph` (1 mm = 36000 EMU)."""
    paragraph.add_run()._r.append(parse_xml(
        f'<w:drawing {nsdecls("w", "wp")}><wp:inline><wp:extent cx="{round(width_mm * 36000)}" cy="0"/>'
        '<wp:docPr id="1" name="Đường kẻ"/></wp:inline></w:drawing>'))


def test_drawn_line_under_heading_is_measured(check, party, of):
    """A drawn line in the paragraph below the title, measured by its extent."""
    found = {}
    for width_mm in (73, 50, 100):
        doc = party(heading_rule=False)
        drawn_line(title_cell(doc).add_paragraph(), width_mm)
        result = check(doc)
        assert of(result, "hd36.heading.rule") == []
        found[width_mm] = [f.found for f in of(result, RULE_LENGTH)]
    assert found == {73: [], 50: ["đường kẻ dài khoảng 50 mm"], 100: ["đường kẻ dài khoảng 100 mm"]}


def test_missing_heading(check, party, of):
    result = check(party(heading="ĐẢNG BỘ TỈNH"))
    [f] = of(result, "hd36.heading.present")
    assert (f.expected, f.found) == ("ĐẢNG CỘNG SẢN VIỆT NAM", "không tìm thấy")


def test_superior_line_must_not_be_bold(check, party, of):
    doc = party(superior="ĐẢNG BỘ TỈNH QUẢNG NAM", issuer="HUYỆN ỦY ĐẠI LỘC")
    doc.tables[0].rows[0].cells[0].paragraphs[0].runs[0].font.bold = True
    [f] = of(check(doc), "hd36.issuer.superior-format")
    assert (f.expected, f.found) == ("không đậm", "chữ đậm")
    assert f.excerpt == "ĐẢNG BỘ TỈNH QUẢNG NAM"


def test_title_too_small_and_subject_not_bold(check, party, of):
    doc = party()
    doc.paragraphs[0].runs[0].font.size = Pt(14)
    doc.paragraphs[1].runs[0].font.bold = False
    result = check(doc)
    [title] = of(result, "hd36.doctype.format")
    assert (title.expected, title.found) == ("cỡ 15 pt hoặc 16 pt", "cỡ 14 pt")
    [subject] = of(result, "hd36.subject.format")
    assert (subject.expected, subject.found) == ("chữ đậm", "không đậm")


def test_missing_separator(check, party, of):
    [f] = of(check(party(separator=False)), "hd36.subject.separator")
    assert (f.expected, f.found) == ("-----", "không tìm thấy")


def test_body_size_inherited_from_style(check, party, of):
    doc = party()
    for paragraph in doc.paragraphs[4:]:
        for run in paragraph.runs:
            run.font.size = None
    doc.styles["Normal"].font.size = Pt(13)
    findings = of(check(doc), "hd36.body.size")
    assert findings and all(f.found == "cỡ 13 pt" and f.expected == "cỡ 14 pt hoặc 15 pt" for f in findings)


def test_body_alignment_and_indent_are_warnings(check, party, of):
    doc = party()
    doc.paragraphs[4].alignment = 0  # left
    doc.paragraphs[4].paragraph_format.first_line_indent = Mm(0)
    result = check(doc)
    [align] = of(result, "hd36.body.align")
    assert (align.expected, align.found, align.severity) == ("căn đều hai bên", "căn trái", "warning")
    [indent] = of(result, "hd36.body.indent")
    assert (indent.expected, indent.found, indent.severity) == ("thụt đầu dòng 9–13 mm", "0 mm", "warning")
    assert result.errors == 0


def test_state_signing_form(check, party, of):
    result = check(party(authority="TM. BAN THƯỜNG VỤ"))
    [f] = of(result, "hd36.signature.form")
    assert f.found == "TM. BAN THƯỜNG VỤ"
    assert f.expected == "T/M …, K/T …, T/L … hoặc Q. …"


def test_recipients_label_bold_not_underlined(check, party, of):
    result = check(party(recipients_label_fmt={"bold": True, "italic": True}))
    found = {(f.expected, f.found) for f in of(result, "hd36.recipients.label-format")}
    assert found == {("không đậm", "chữ đậm"), ("chữ đứng", "chữ nghiêng"),
                     ("gạch chân", "không gạch chân")}


def test_recipient_lines(check, party, of):
    result = check(party(recipients=("Ban Tổ chức Trung ương,", "- Lưu: VT.")))
    [dash] = of(result, "hd36.recipients.items-dash")
    assert dash.found == "Ban Tổ chức Trung ương,"
    [archive] = of(result, "hd36.recipients.archive")
    assert archive.found == "- Lưu: VT." and archive.severity == "warning"


def test_signer_name_in_capitals(check, party, of):
    doc = party(signer="PHAN VIỆT CƯỜNG")
    result = check(doc)
    # an all-caps name reads as a position line, so the signer is missing a name
    assert "hd36.signature.position-format" in {f.rule_id for f in result.findings}


def test_tcvn3_document(check, party, of):
    body = ["Thùc hiÖn NghÞ quyÕt sè 21-NQ/TW cña Ban ChÊp hµnh Trung \xad¬ng §¶ng,",
            "TØnh ñy ban hµnh KÕ ho¹ch thùc hiÖn nh\xad sau:"]
    result = check(party(body=body, body_font=".VnTime"))
    [enc] = of(result, "hd36.text.legacy-encoding")
    assert enc.expected == "chữ Unicode (TCVN 6909:2001)"
    assert enc.found.startswith("bảng mã TCVN3 (ABC, phông .VnTime) ở 2 đoạn; đọc đúng là «Thực hiện Nghị quyết số")
    assert enc.severity == "error" and enc.grade == "P"
    [font] = of(result, "hd36.font.family")
    assert font.found == ".VnTime (2 đoạn)"


def test_vni_document(check, party, of):
    result = check(party(body=["Thöïc hieän Nghò quyeát soá 21-NQ/TW cuûa Ban Chaáp haønh Trung öông Ñaûng"]))
    [enc] = of(result, "hd36.text.legacy-encoding")
    assert "VNI" in enc.found and "Thực hiện Nghị quyết" in enc.found


def test_mixed_uy_spelling_is_a_warning(check, party, of):
    result = check(party(body=["Tỉnh ủy ban hành Kế hoạch.", "Các cấp uỷ tổ chức thực hiện."]))
    [f] = of(result, "hd36.text.tone-style")
    assert f.severity == "warning"
    assert f.found == "kiểu «ủy» ở 5 đoạn, kiểu «uỷ» ở 1 đoạn"
    assert f.excerpt == "Các cấp uỷ tổ chức thực hiện."
    assert result.errors == 0


def test_decomposed_text_is_a_warning(check, party, of):
    import unicodedata

    result = check(party(body=[unicodedata.normalize("NFD", "Tỉnh ủy ban hành Kế hoạch.")]))
    [f] = of(result, "hd36.text.nfc")
    assert f.found == "Unicode tổ hợp (không phải NFC) ở 1 đoạn"
    assert result.errors == 0


def test_many_paragraphs_are_capped(check, party, of):
    result = check(party(body=[f"Đoạn {i} của nội dung." for i in range(9)]))
    assert result.errors == 0
    doc = party(body=[f"Đoạn {i} của nội dung." for i in range(9)])
    for paragraph in doc.paragraphs[4:13]:
        paragraph.runs[0].font.size = Pt(12)
    findings = of(check(doc), "hd36.body.size")
    assert len(findings) == 6
    assert findings[-1].found == "còn 4 đoạn khác cùng lỗi (không liệt kê)"


def test_figure_captions_are_not_body_text(check, party, of):
    doc = party(body=["Đoạn nội dung thứ nhất.", "Hình 1. Tỷ lệ hoàn thành nhiệm vụ của các đơn vị",
                      "Đoạn nội dung thứ hai."])
    captions = [p for p in doc.paragraphs if p.text.startswith("Hình 1.")]
    body = [p for p in doc.paragraphs if p.text.startswith("Đoạn nội dung thứ hai")]
    for paragraph in captions + body:
        paragraph.runs[0].font.size = Pt(12)
    findings = of(check(doc), "hd36.body.size")
    assert [f.excerpt for f in findings] == ["Đoạn nội dung thứ hai."]
