"""Builders of test documents for `reportgen check`, made in code.

`party_document()` builds a correct Party-format plan the way our renderer
lays it out (A4, 20/20/30/15 mm, Times New Roman from docDefaults and the
Normal style, a borderless 2x2 header table, the closing table, a PAGE field
from page 2).  Each keyword argument changes one thing, so a test can make
exactly the bad document it is about.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

TNR = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT

BODY = [
    "Thực hiện Nghị quyết số 21-NQ/TW, ngày 16/6/2022 của Ban Chấp hành Trung ương Đảng, "
    "Tỉnh ủy ban hành Kế hoạch thực hiện như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Các cấp ủy, tổ chức đảng và đảng viên nhận thức đầy đủ vai trò của việc củng cố, "
    "xây dựng tổ chức cơ sở đảng; cụ thể hóa, tổ chức thực hiện Nghị quyết.",
    "II. TỔ CHỨC THỰC HIỆN",
    "Ban Tổ chức Tỉnh ủy chủ trì, phối hợp theo dõi, đôn đốc việc thực hiện Kế hoạch này.",
]
RECIPIENTS = [
    "- Ban Tổ chức Trung ương (báo cáo),",
    "- Các đồng chí Tỉnh ủy viên,",
    "- Lưu Văn phòng Tỉnh ủy.",
]


def add_text(paragraph, text: str, size: float = 14, bold=False, italic=False, underline=False,
             font: str | None = None):
    """One run with direct formatting, as our renderer writes it."""
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    if underline:
        run.font.underline = True
    if font:
        run.font.name = font  # sets w:ascii and w:hAnsi
    return run


def line(container, text: str, size: float = 14, align=CENTER, first=False, **fmt):
    """A paragraph in `container` (a cell or the document); `first` reuses a cell's empty paragraph."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = align
    if text:
        add_text(paragraph, text, size, **fmt)
    return paragraph


def set_fonts(rpr, font: str | None = TNR, theme: str | None = None) -> None:
    """Make an rPr's w:rFonts name `font` for all scripts (or a theme font)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for key in ("ascii", "hAnsi", "cs", "eastAsia"):
        if theme:
            fonts.set(qn(f"w:{key}Theme" if key != "cs" else "w:cstheme"), theme)
        else:
            fonts.set(qn(f"w:{key}"), font)


def bottom_border(paragraph, indent_mm: float = 2.5) -> None:
    """The rule under "ĐẢNG CỘNG SẢN VIỆT NAM": a bottom border on a narrowed paragraph.

    The header table's columns are 4677 twips, 4461 inside Word's 108-twip cell margins;
    2,5 mm (142 twips) each side leaves a 4177-twip rule (73,7 mm), about the width of the
    title in Times New Roman 15 pt bold (4134 twips, 72,9 mm), as HD 36 asks.
    """
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom", {qn("w:val"): "single", qn("w:sz"): "6",
                                      qn("w:space"): "1", qn("w:color"): "auto"})
    bdr.append(bottom)
    ppr.insert(0, bdr)
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)


def page_field(paragraph, size: float = 14, italic: bool = False, font: str | None = None) -> None:
    """A PAGE field as fldChar begin / instrText / separate / result / end runs."""
    def run_with(child=None):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if italic:
            run.font.italic = True
        if font:
            set_fonts(run._r.get_or_add_rPr(), font)
        if child is not None:
            run._r.append(child)
        return run

    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"}))
    instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instr.text = " PAGE "
    run_with(instr)
    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}))
    run_with().text = "2"
    run_with(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))


def party_document(
    *,
    margins_mm=(20, 20, 30, 15),
    page_twips=(11906, 16838),
    superior: str | None = None,
    issuer: str = "TỈNH ỦY QUẢNG NAM",
    star: bool = True,
    number: str = "Số 07-KH/TU",
    draft: bool = False,
    heading: str = "ĐẢNG CỘNG SẢN VIỆT NAM",
    heading_rule: bool = True,
    heading_rule_indent_mm: float = 2.5,
    date: str = "Quảng Nam, ngày 05 tháng 02 năm 2022",
    doc_type: str = "KẾ HOẠCH",
    subject=("thực hiện Nghị quyết số 21-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XIII",
             "về tăng cường củng cố, xây dựng tổ chức cơ sở đảng"),
    separator: bool = True,
    body=tuple(BODY),
    body_font: str | None = None,
    authority: str = "T/M BAN THƯỜNG VỤ",
    position: str = "BÍ THƯ",
    signer: str = "Phan Việt Cường",
    recipients_label: str = "Nơi nhận:",
    recipients_label_fmt: dict | None = None,
    recipients=tuple(RECIPIENTS),
    title_page: bool = True,
    page_number: bool = True,
    page_number_on_first: bool = False,
    page_number_look: dict | None = None,
    page_number_in_footer: bool = False,
    appendix_section: str | None = None,
):
    """A Party-format plan; every argument at its default gives a document with no error."""
    doc = docx.Document()
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, TNR)
    rpr.find(qn("w:sz")).set(qn("w:val"), "28")
    rpr.find(qn("w:lang")).set(qn("w:val"), "vi-VN")
    normal = doc.styles["Normal"]
    normal.font.name = TNR
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(6)

    section = doc.sections[0]
    section.page_width, section.page_height = Twips(page_twips[0]), Twips(page_twips[1])
    top, bottom, left, right = (Mm(v) for v in margins_mm)
    section.top_margin, section.bottom_margin = top, bottom
    section.left_margin, section.right_margin = left, right

    # Header block: 2 x 2 borderless table.
    header = doc.add_table(rows=2, cols=2)
    left1, right1 = header.rows[0].cells
    left2, right2 = header.rows[1].cells
    first = True
    if superior:
        line(left1, superior, first=True)
        first = False
    line(left1, issuer, bold=True, first=first)
    heading_para = line(right1, heading, 15, bold=True, first=True)
    if heading_rule:
        bottom_border(heading_para, heading_rule_indent_mm)
    if star:
        line(left2, "*", first=True)
        line(left2, number)
    else:
        line(left2, number, first=True)
    if draft:
        line(left2, "(Dự thảo)", italic=True)
    line(right2, date, italic=True, first=True)

    line(doc, doc_type, 16, bold=True)
    for text in subject:
        line(doc, text, bold=True)
    if separator:
        line(doc, "-----")
    for text in body:
        paragraph = line(doc, text, align=JUSTIFY, font=body_font)
        paragraph.paragraph_format.first_line_indent = Mm(10)

    closing = doc.add_table(rows=1, cols=2)
    label_cell, sign_cell = closing.rows[0].cells
    line(label_cell, recipients_label, align=LEFT, first=True,
         **(recipients_label_fmt or {"underline": True}))
    for text in recipients:
        line(label_cell, text, 12, align=LEFT)
    line(sign_cell, authority, bold=True, first=True)
    line(sign_cell, position)
    for _ in range(3):
        line(sign_cell, "")
    line(sign_cell, signer, bold=True)

    section.different_first_page_header_footer = title_page
    if page_number:
        part = section.footer if page_number_in_footer else section.header
        page_field(line(part, "", first=True), **(page_number_look or {}))
    if title_page:
        first_header = section.first_page_header.paragraphs[0]
        if page_number_on_first:
            page_field(first_header)
    if appendix_section:
        # A landscape appendix after a section break: "inherit" keeps the numbered header,
        # "own-header" gives it a header without a number, "title-page" turns on
        # «Trang đầu khác» there, so its first page shows the empty first-page header.
        from docx.enum.section import WD_ORIENT, WD_SECTION
        appendix = doc.add_section(WD_SECTION.NEW_PAGE)
        appendix.orientation = WD_ORIENT.LANDSCAPE
        appendix.page_width, appendix.page_height = section.page_height, section.page_width
        appendix.different_first_page_header_footer = False   # add_section copies titlePg
        line(doc, "PHỤ LỤC", bold=True)
        if appendix_section == "own-header":
            appendix.header.is_linked_to_previous = False
        elif appendix_section == "title-page":
            appendix.different_first_page_header_footer = True
    return doc


@pytest.fixture
def save(tmp_path):
    """save(doc, name="doc.docx") -> path of the saved file."""
    def _save(doc, name: str = "doc.docx") -> Path:
        path = tmp_path / name
        doc.save(str(path))
        return path
    return _save


@pytest.fixture
def check(save):
    """check(doc_or_path, rules="hd36") -> CheckResult."""
    from reportgen.check import check_file

    def _check(doc_or_path, rules: str = "hd36"):
        path = doc_or_path if isinstance(doc_or_path, (str, Path)) else save(doc_or_path)
        return check_file(path, rules)
    return _check


def findings_of(result, rule_id: str):
    """The findings of one rule."""
    return [f for f in result.findings if f.rule_id == rule_id]


def errors_of(result):
    return [f for f in result.findings if f.severity == "error"]


@pytest.fixture
def party():
    """The builder of Party-format documents (see `party_document`)."""
    return party_document


@pytest.fixture
def of():
    """of(result, rule_id) -> the findings of that rule."""
    return findings_of
