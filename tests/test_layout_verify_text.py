"""The renderer's last check: every paragraph of the model is in the .docx it is about to write."""

from __future__ import annotations

import pytest

from reportgen.core.errors import ReportgenError
from reportgen.document.model import Header, Paragraph, PartyDocument, Signer
from reportgen.spec.inline import parse
from reportgen.word import render as render_module
from reportgen.word.render import render
from reportgen.word.text import document_lines


def document(*texts: str) -> PartyDocument:
    return PartyDocument(
        header=Header(issuer="TỈNH ỦY QUẢNG NAM", number_line="Số 07-KH/TU", place_date="Quảng Nam, ngày 15 tháng 10 năm 2022"),
        doc_type="KẾ HOẠCH", subject="thực hiện Nghị quyết số 21-NQ/TW",
        body=[Paragraph("Normal", parse(text)) for text in texts],
        recipients=["- Lưu Văn phòng Tỉnh ủy."], signer=Signer(title="BÍ THƯ", name="Phan Việt Cường"),
        footnotes={"ghi-chu": "Nội dung chú thích."})


def test_line_breaks_and_footnote_marks_inside_a_paragraph_pass():
    data = render(document("Căn cứ Điều lệ Đảng;\nThực hiện Nghị quyết số 21-NQ/TW, Tỉnh ủy ban hành Kế hoạch[^ghi-chu]"
                           " như sau:"))
    lines = document_lines(data)
    assert "Căn cứ Điều lệ Đảng;" in lines
    assert "Thực hiện Nghị quyết số 21-NQ/TW, Tỉnh ủy ban hành Kế hoạch" in lines, "a footnote mark reads as a line end"
    assert "\ufffd Nội dung chú thích." in lines


def test_a_paragraph_lost_on_the_way_is_refused(monkeypatch):
    original = render_module.paragraph_xml

    def losing(p, ctx, sect_pr=""):
        xml = original(p, ctx, sect_pr)
        return xml.replace("bị mất", "") if "bị mất" in xml else xml

    monkeypatch.setattr(render_module, "paragraph_xml", losing)
    with pytest.raises(ReportgenError, match="một đoạn văn không có trong tệp kết quả.*Đoạn này bị mất"):
        render(document("Đoạn thứ nhất.", "Đoạn này bị mất một phần."))
