"""Plans made by people in Word, built here in code, imported back into a spec.

Each variant is the reference plan (the seed's text) laid out the way Word
users do it: numbers typed or automatic, headings as bold Normal paragraphs,
Shift+Enter line breaks, the header block as tabbed paragraphs, stray empty
paragraphs, and lines no field takes.  The imported spec must say the same
things: issuer, number, date, draft mark, sections, a task's deadline, the
footnote at its place, recipients, signer; and, where the variant does not
change the wording, render to the same text as the reference.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from helpers import with_footnotes
from reportgen.document.plan import build_plan
from reportgen.importer import import_docx
from reportgen.pipeline import render_plan
from reportgen.spec.deadline import By
from reportgen.spec.inline import Break, FootnoteRef
from reportgen.spec.load import load_spec
from reportgen.spec.plan import PlanSpec
from reportgen.word.text import document_lines

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "plan_specs/nq21-quang-nam/plan.yaml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class Layout:
    numbering: str = "typed"        # typed | auto
    headings: str = "style"         # style | bold
    header: str = "table"           # table | tabs
    breaks: bool = False            # Shift+Enter inside paragraphs
    empties: bool = False           # stray empty paragraphs
    extra_header: list[str] = field(default_factory=list)
    extra_closing: list[str] = field(default_factory=list)


def _reference():
    spec, _ = load_spec(REFERENCE, PlanSpec)
    return spec, build_plan(spec)


def _add_numbering(document) -> None:
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="91">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="+"/></w:lvl>'
        '</w:abstractNum>'))
    # abstractNum elements must precede num elements.
    for ab in numbering.findall(qn("w:abstractNum"))[-2:]:
        numbering.remove(ab)
        numbering.insert(0, ab)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))


def _set_num(paragraph, num_id: int, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _footnote_run(paragraph, note_id: int) -> None:
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>'))


_LABEL = re.compile(r"^([IVX]+\.|\d+(?:\.\d+)*\.|[-+])\s+")


def build_variant(layout: Layout) -> bytes:
    spec, plan = _reference()
    d = docx.Document()
    d.styles["Normal"].font.name = "Times New Roman"
    if layout.numbering == "auto":
        _add_numbering(d)

    def para(text: str = "", style: str | None = None, bold: bool = False):
        p = d.add_paragraph(style=style)
        if text:
            run = p.add_run(text)
            run.bold = bold or None
        return p

    def empty():
        if layout.empties:
            d.add_paragraph()

    h = plan.header
    number_line = h.number_line + ("\n" + h.draft_mark if layout.breaks else "")
    if layout.header == "table":
        table = d.add_table(rows=2, cols=2)
        table.cell(0, 0).text = h.issuer
        table.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
        left = table.cell(1, 0)
        left.text = "*"
        cell_p = left.add_paragraph()
        for i, piece in enumerate(number_line.split("\n")):
            if i:
                cell_p.add_run().add_break()
            cell_p.add_run(piece)
        if not layout.breaks:
            left.add_paragraph(h.draft_mark)
        table.cell(1, 1).text = h.place_date
    else:
        para(f"\t{h.issuer}\t\tĐẢNG CỘNG SẢN VIỆT NAM")
        para("\t*")
        empty()
        para(f"\t{h.number_line}\t\t{h.place_date}")
        para(f"\t{h.draft_mark}")
    for line in layout.extra_header:
        para(line)
    empty()
    para(plan.doc_type, bold=True)
    subject = para()
    for i, line in enumerate(plan.subject.split("\n")):
        if i:
            subject.add_run().add_break()
        subject.add_run(line).bold = True
    para("-----")
    empty()

    note_id = 0
    for block in plan.body:
        text = "".join(getattr(i, "text", "") for i in block.inlines)
        style = block.style
        p = d.add_paragraph()
        label_match = _LABEL.match(text)
        if layout.numbering == "auto" and label_match:
            label = label_match.group(1)
            text = text[label_match.end():]
            if label in "-+":
                _set_num(p, 91, 0 if label == "-" else 1)
            elif re.fullmatch(r"[IVX]+\.", label):
                _set_num(p, 90, 0)
            else:
                _set_num(p, 90, label.count("."))  # "1." level 1, "1.1." level 2
        if style.startswith("Heading"):
            if layout.headings == "style":
                p.style = d.styles[{"Heading1": "Heading 1", "Heading2": "Heading 2", "Heading3": "Heading 3"}[style]]
            bold = True
        else:
            bold = False
        # Runs: text with footnote references at their place.
        pieces: list = []
        for inline in block.inlines:
            if isinstance(inline, FootnoteRef):
                pieces.append(inline)
            elif isinstance(inline, Break):
                pieces.append("\n")
            else:
                pieces.append(inline.text)
        if layout.numbering == "auto" and label_match:
            first = pieces[0]
            pieces[0] = first[label_match.end():] if isinstance(first, str) else first
        for piece in pieces:
            if isinstance(piece, FootnoteRef):
                note_id += 1
                _footnote_run(p, note_id)
                continue
            if layout.breaks and len(piece) > 200:
                # Shift+Enter in the middle of a sentence, at a space.
                cut = piece.index(" ", 120)
                run = p.add_run(piece[:cut])
                run.bold = bold or None
                run.add_break()
                piece = piece[cut + 1:]
            run = p.add_run(piece)
            run.bold = bold or None
        if style.startswith("Heading"):
            empty()

    if layout.header == "table":
        table = d.add_table(rows=1, cols=2)
        left, right = table.cell(0, 0), table.cell(0, 1)
        left.text = "Nơi nhận:"
        for line in plan.recipients:
            left.add_paragraph(line)
        right.text = plan.signer.authority
        right.add_paragraph(plan.signer.title)
        for _ in range(3):
            right.add_paragraph()
        right.add_paragraph(plan.signer.name)
    else:
        signer = [plan.signer.authority, plan.signer.title, "", "", plan.signer.name]
        para(f"Nơi nhận:\t\t{signer[0]}")
        for i, line in enumerate(plan.recipients):
            right = signer[i + 1] if i + 1 < len(signer) else ""
            para(f"{line}\t\t{right}" if right else line)
    for line in layout.extra_closing:
        para(line)

    buf = io.BytesIO()
    d.save(buf)
    return with_footnotes(buf.getvalue(), {i + 1: t for i, t in enumerate(plan.footnotes.values())})


def _imported(layout: Layout, tmp_path: Path):
    data = build_variant(layout)
    result = import_docx(data)
    path = tmp_path / "plan.yaml"
    path.write_text(result.yaml_text, encoding="utf-8")
    spec, _ = load_spec(path, PlanSpec)
    return data, result, spec, path


def _assert_same_plan(spec: PlanSpec) -> None:
    reference, _ = load_spec(REFERENCE, PlanSpec)
    assert spec.issuer.name == "Tỉnh ủy Quảng Nam"
    assert spec.issuer.symbol == "TU" and spec.issuer.place == "Quảng Nam"
    assert spec.number is None
    assert (spec.date.year, spec.date.month, spec.date.day) == (2022, 10, None)
    assert spec.draft is True
    assert spec.subject == reference.subject
    assert [s.heading.lower() for s in spec.sections] == [s.heading.lower() for s in reference.sections]
    assert [c.heading for c in spec.sections[3].content] == ["Nhiệm vụ, giải pháp trọng tâm", "Nhiệm vụ cụ thể"]
    task = spec.sections[2].content[0]
    assert task.item.endswith("Kế hoạch của Tỉnh ủy.")
    assert task.deadline.verb == "hoàn thành"
    assert task.deadline.parts == [By(month="2022-10")]
    assert task.lead == "Ban Tuyên giáo Tỉnh ủy"
    district = spec.sections[3].content[1].content[6]
    assert district.heading == "Các huyện, thị, thành ủy, đảng ủy trực thuộc Tỉnh ủy"
    assert district.content[0].text.startswith("Tập trung lãnh đạo")
    marked = [n for n in district.content if getattr(n, "dash", None) and "[^" in n.dash]
    assert len(marked) == 1
    before, marker = re.search(r"(.{40})\[\^([a-z0-9-]+)\]", marked[0].dash).groups()
    assert before.endswith("nhằm đảm bảo chỉ tiêu chung của tỉnh")
    assert spec.footnotes[marker] == reference.footnotes["ket-nap-tccsd"]
    assert [t.goal for t in spec.targets] == [100, 90, 3]
    assert spec.targets[0].baseline == 98.3
    assert spec.recipients == reference.recipients
    assert spec.signer == reference.signer


def _same_text(path: Path) -> None:
    original, _ = render_plan(REFERENCE)
    again, _ = render_plan(path)
    assert document_lines(again) == document_lines(original)


VARIANTS = {
    "typed-numbers": Layout(),
    "automatic-numbers": Layout(numbering="auto"),
    "bold-normal-headings": Layout(headings="bold"),
    "automatic-numbers-bold-headings": Layout(numbering="auto", headings="bold"),
    "tabbed-header": Layout(header="tabs"),
    "empty-paragraphs": Layout(empties=True, headings="bold"),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_imports_to_the_same_plan(name: str, tmp_path: Path) -> None:
    _data, result, spec, path = _imported(VARIANTS[name], tmp_path)
    _assert_same_plan(spec)
    _same_text(path)
    assert result.warnings == []


def test_manual_line_breaks_are_joined_and_the_draft_mark_found(tmp_path: Path) -> None:
    _data, result, spec, path = _imported(Layout(breaks=True, headings="bold"), tmp_path)
    _assert_same_plan(spec)
    _same_text(path)
    assert "# đoán: đoạn có dấu ngắt dòng (Shift+Enter) giữa câu; đã nối lại thành một đoạn" in result.yaml_text


def test_automatic_numbering_reads_the_displayed_labels() -> None:
    from reportgen.importer.reader import read_docx

    texts = [p.text for p in read_docx(build_variant(Layout(numbering="auto"))).paragraphs]
    assert "IV. Nhiệm vụ và giải pháp".upper() in [t.upper() for t in texts]
    assert any(t.startswith("2.7. Các huyện, thị, thành ủy") for t in texts)
    assert any(t.startswith("+ Tổng kết 10 năm") for t in texts)
    assert any(t.startswith("3. Ban Tổ chức Tỉnh ủy chủ trì") for t in texts)


def test_unplaceable_lines_are_kept_and_reported(tmp_path: Path) -> None:
    header_line = "XONG HỘI NGHỊ TRẢ LẠI"
    closing_line = "Ghi chú: gửi kèm phụ lục số liệu của các đảng bộ trực thuộc."
    _data, result, spec, _path = _imported(
        Layout(header="tabs", empties=True, extra_header=[header_line], extra_closing=[closing_line]), tmp_path)
    assert spec.issuer.name == "Tỉnh ủy Quảng Nam"
    assert spec.sections[0].content[0].text == header_line
    assert spec.sections[-1].content[-1].text == closing_line
    assert any(header_line in w for w in result.warnings)
    assert any(closing_line[:40] in w for w in result.warnings)
    assert spec.signer.name == "Phan Việt Cường"


def test_every_source_paragraph_lands_in_the_yaml(tmp_path: Path) -> None:
    from reportgen.importer.reader import read_docx

    data, result, _spec, _path = _imported(
        Layout(header="tabs", empties=True, extra_closing=["Một dòng không thuộc phần nào."]), tmp_path)
    folded = " ".join(result.yaml_text.replace("\n", " ").split())
    paragraphs = read_docx(data).paragraphs
    body_from = next(i for i, p in enumerate(paragraphs) if p.text.startswith("I. "))
    for p in paragraphs[body_from:]:     # header fields and citations become data, checked above
        for piece in re.split(r"[\t\n]", p.text):
            words = " ".join(piece.split())
            if len(words) < 12 or words.upper() == "ĐẢNG CỘNG SẢN VIỆT NAM":
                continue
            words = _LABEL.sub("", words)
            if words.startswith("Phấn đấu"):
                continue                 # target lines become templates with figures; see _assert_same_plan
            probe = re.sub(r"\s*\([^()]*\)[.;:]?$", "", words)[:50]   # deadlines become data
            probe = re.sub(r"\d.*", "", probe).rstrip(",;. ")               # figures become data
            assert probe.lower() in folded.lower(), words


def test_not_a_docx_is_refused(tmp_path: Path) -> None:
    from reportgen.cli import main

    bad = tmp_path / "ke-hoach.docx"
    bad.write_bytes(b"not a zip")
    assert main(["import", str(bad)]) == 2
    good = tmp_path / "plan.docx"
    good.write_bytes(build_variant(Layout()))
    assert main(["import", str(good)]) == 0
    assert (tmp_path / "plan.yaml").exists()
    assert main(["import", str(good)]) == 2                     # would overwrite
    assert main(["import", str(good), "--force"]) == 0


def test_an_appendix_is_kept_in_order_with_one_warning(tmp_path: Path) -> None:
    """Tables after the signature (a report's PHỤ LỤC) stay in order in the last section, named in one warning."""
    appendix = ["PHỤ LỤC 1", "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "(Kèm theo Kế hoạch số 07-KH/TU)", "STT", "Đơn vị",
                "1", "Huyện ủy Đại Lộc", "PHỤ LỤC 2", "DANH SÁCH ĐƠN VỊ", "Thành ủy Tam Kỳ"]
    _data, result, spec, _path = _imported(Layout(header="tabs", extra_closing=appendix), tmp_path)
    kept = [node.text for node in spec.sections[-1].content[-len(appendix):]]
    assert kept == appendix
    assert spec.signer.title == "BÍ THƯ" and spec.signer.name == "Phan Việt Cường"
    warnings = [w for w in result.warnings if "phụ lục" in w]
    assert warnings == ["Văn bản có 2 phụ lục (PHỤ LỤC 1, PHỤ LỤC 2); kế hoạch của reportgen không có phụ lục, nên "
                        "10 dòng của phụ lục được giữ nguyên thứ tự ở cuối phần cuối cùng: hãy rà soát, chuyển thành "
                        "nội dung hoặc xóa."]
    assert len(result.warnings) == 1
    assert "# đoán: từ đây là phụ lục của văn bản" in result.yaml_text
