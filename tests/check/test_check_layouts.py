"""Documents laid out differently from ours (tabbed header, plain closing), and the NĐ 30 rule set."""

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reportgen.check.components import locate

PRESENCE_RULES = {"hd36.heading.present", "hd36.issuer.present", "hd36.issuer.star",
                  "hd36.number.present", "hd36.date.present", "hd36.doctype.present",
                  "hd36.subject.present", "hd36.signature.present", "hd36.recipients.present"}


def _runs(paragraph, *parts):
    """parts: (text, size, bold, italic, underline)."""
    for text, size, bold, italic, underline in parts:
        run = paragraph.add_run(text)
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
        run.font.underline = underline or None
        run.font.name = "Times New Roman"


def tabbed_document():
    """A hand-typed document: header and closing as tabbed paragraphs, no tables."""
    doc = docx.Document()
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.page_width, section.page_height = Mm(210), Mm(297)
    add = doc.add_paragraph
    _runs(add(), ("TỈNH ỦY QUẢNG NAM", 14, True, False, False), ("\t\t", 14, False, False, False),
          ("ĐẢNG CỘNG SẢN VIỆT NAM", 15, True, False, True))
    _runs(add(), ("*", 14, False, False, False))
    _runs(add(), ("Số 25-BC/TU", 14, False, False, False), ("\t\t", 14, False, False, False),
          ("Quảng Nam, ngày 15 tháng 10 năm 2022", 14, False, True, False))
    title = add()
    _runs(title, ("BÁO CÁO", 16, True, False, False))
    subject = add()
    _runs(subject, ("kết quả thực hiện Nghị quyết số 21-NQ/TW", 14, True, False, False))
    _runs(add(), ("-----", 14, False, False, False))
    for p in (title, subject, doc.paragraphs[-1]):
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body = add()
    _runs(body, ("Tỉnh ủy báo cáo kết quả thực hiện như sau.", 14, False, False, False))
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Mm(10)
    _runs(add(), ("Nơi nhận:", 14, False, False, True), ("\t\t", 14, False, False, False),
          ("T/M BAN THƯỜNG VỤ", 14, True, False, False))
    _runs(add(), ("- Ban Tổ chức Trung ương,", 12, False, False, False), ("\t\t", 12, False, False, False),
          ("PHÓ BÍ THƯ", 14, False, False, False))
    _runs(add(), ("- Lưu Văn phòng Tỉnh ủy.", 12, False, False, False))
    _runs(add(), ("Nguyễn Văn A", 14, True, False, False))
    return doc


def test_tabbed_layout_components_are_found(check, save):
    result = check(tabbed_document())
    comps = locate(result.model, result.rule_set.locate)
    texts = {name: [s.norm for s in comps.get(name)] for name in
             ("heading", "issuer", "star", "number", "place_date", "doc_type", "subject",
              "recipients_label", "recipients", "authority", "position", "signer", "body")}
    assert texts == {
        "heading": ["ĐẢNG CỘNG SẢN VIỆT NAM"],
        "issuer": ["TỈNH ỦY QUẢNG NAM"],
        "star": ["*"],
        "number": ["Số 25-BC/TU"],
        "place_date": ["Quảng Nam, ngày 15 tháng 10 năm 2022"],
        "doc_type": ["BÁO CÁO"],
        "subject": ["kết quả thực hiện Nghị quyết số 21-NQ/TW"],
        "recipients_label": ["Nơi nhận:"],
        "recipients": ["- Ban Tổ chức Trung ương,", "- Lưu Văn phòng Tỉnh ủy."],
        "authority": ["T/M BAN THƯỜNG VỤ"],
        "position": ["PHÓ BÍ THƯ"],
        "signer": ["Nguyễn Văn A"],
        "body": ["Tỉnh ủy báo cáo kết quả thực hiện như sau."],
    }
    ids = {f.rule_id for f in result.findings}
    assert not ids & PRESENCE_RULES
    # the underlined heading counts as its rule; python-docx's default document has no page numbers
    assert "hd36.heading.rule" not in ids
    assert "hd36.pagenum.present" in ids


def test_empty_document_reports_missing_components(check):
    result = check(docx.Document())
    ids = {f.rule_id for f in result.findings}
    assert PRESENCE_RULES - {"hd36.doctype.present", "hd36.subject.present"} <= ids
    assert all(f.found == "không tìm thấy" for f in result.findings if f.rule_id in PRESENCE_RULES)
    assert {"hd36.page.size", "hd36.page.margins"} <= ids  # US Letter, 25.4 mm margins


def test_nd30_rule_set_on_a_party_document(check, party, of):
    """The same document, judged by the state format: another YAML, no code change."""
    result = check(party(), "nd30")
    assert result.rule_set.id == "nd30"
    [number] = of(result, "nd30.number.colon")
    assert (number.expected, number.found) == ("Số: 07/KH-UBND", "Số 07-KH/TU")
    [heading] = of(result, "nd30.heading.present")
    assert heading.expected == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    [signing] = of(result, "nd30.signature.form")
    assert signing.found == "T/M BAN THƯỜNG VỤ"
    assert not of(result, "nd30.page.margins")  # 20/20/30/15 is inside the NĐ 30 ranges


def test_nd30_state_document(check, party, of):
    doc = party(heading="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", number="Số: 07/KH-UBND",
                authority="TM. ỦY BAN NHÂN DÂN", position="CHỦ TỊCH", margins_mm=(20, 20, 30, 20))
    doc.tables[0].rows[0].cells[1].paragraphs[0].runs[0].font.size = Pt(13)
    result = check(doc, "nd30")
    ids = {f.rule_id for f in result.findings}
    assert not ids & {"nd30.number.colon", "nd30.heading.present", "nd30.heading.format",
                      "nd30.signature.form", "nd30.page.margins", "nd30.page.size", "nd30.font.family"}
    # the Party document's "Nơi nhận:" (14, underlined) breaks the state rule
    found = {(f.expected, f.found) for f in of(result, "nd30.recipients.label-format")}
    assert found == {("cỡ 12 pt", "cỡ 14 pt"), ("chữ đậm", "không đậm"), ("chữ nghiêng", "chữ đứng")}


def test_page_number_sizes_differ_between_the_rule_sets(check, party, of):
    """13 pt is a valid page number for a state document (NĐ 30: 13–14), not for a Party one (14)."""
    doc13 = party(page_number_look={"size": 13})
    assert not of(check(doc13, "nd30"), "nd30.pagenum.format")
    [f] = of(check(doc13, "hd36"), "hd36.pagenum.format")
    assert f.found == "cỡ 13 pt"
    [f] = of(check(party(page_number_look={"size": 12}), "nd30"), "nd30.pagenum.format")
    assert (f.expected, f.found) == ("cỡ 13 pt hoặc 14 pt", "cỡ 12 pt")
    [f] = of(check(party(page_number=False), "nd30"), "nd30.pagenum.present")
    assert f.found == "không có số trang"


def test_header_table_with_style_font(check, party, of):
    """A table style that sets Arial reaches the header cells through the table style layer."""
    doc = party()
    styles = doc.styles.element
    style = styles.makeelement(qn("w:style"), {qn("w:type"): "table", qn("w:styleId"): "BangDau"})
    rpr = style.makeelement(qn("w:rPr"), {})
    rpr.append(rpr.makeelement(qn("w:rFonts"), {qn("w:ascii"): "Arial", qn("w:hAnsi"): "Arial"}))
    style.append(rpr)
    styles.append(style)
    for paragraph in doc.tables[0].rows[0].cells[0].paragraphs:
        for run in paragraph.runs:
            run._r.rPr.remove(run._r.rPr.find(qn("w:rFonts"))) if run._r.rPr.find(qn("w:rFonts")) is not None else None
    doc.styles["Normal"].element.rPr.remove(doc.styles["Normal"].element.rPr.find(qn("w:rFonts")))
    tblpr = doc.tables[0]._tbl.tblPr
    tblpr.insert(0, tblpr.makeelement(qn("w:tblStyle"), {qn("w:val"): "BangDau"}))
    [f] = of(check(doc), "hd36.font.family")
    assert f.found.startswith("Arial (")
    assert f.excerpt == "TỈNH ỦY QUẢNG NAM"
