"""The reference plan (Tỉnh ủy Quảng Nam, NQ 21, draft of October 2022) reproduced from YAML."""

from __future__ import annotations

import unicodedata

from lxml import etree

from helpers import SEED
from ooxml import NS, Package, q, text_of
from reportgen.word.text import document_lines, footnotes

# Lines the seed's text export lost (the signature block's authority and title) that a
# signed plan must carry; everything else must match the seed exactly.
SIGNATURE_LINES = ["T/M TỈNH ỦY", "BÍ THƯ"]


def seed_lines() -> list[str]:
    text = unicodedata.normalize("NFC", SEED.read_text(encoding="utf-8"))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    assert lines[:2] == ["PAGE", "8"], "the seed starts with the header's page-number field"
    return lines[2:]


def test_every_seed_paragraph_in_order(reference_bytes):
    ours = document_lines(reference_bytes)
    extras = [line for line in ours if line in SIGNATURE_LINES]
    assert extras == SIGNATURE_LINES
    assert [line for line in ours if line not in SIGNATURE_LINES] == seed_lines()


def test_signature_block_follows_the_recipients(reference_bytes):
    ours = document_lines(reference_bytes)
    end = ours.index("- Lưu Văn Phòng Tỉnh ủy.")
    assert ours[end + 1:end + 4] == ["T/M TỈNH ỦY", "BÍ THƯ", "Phan Việt Cường"]


def test_footnote_is_a_real_word_footnote_after_its_words(reference_bytes):
    pkg = Package(reference_bytes)
    refs = list(pkg.body.iter(q("w:footnoteReference")))
    assert len(refs) == 1
    run = refs[0].getparent()
    assert run.find("w:rPr/w:rStyle", NS).get(q("w:val")) == "FootnoteReference"
    paragraph = run.getparent()
    runs = list(paragraph.iter(q("w:r")))
    before = "".join(text_of(r) for r in runs[: runs.index(run)])
    after = "".join(text_of(r) for r in runs[runs.index(run) + 1:])
    assert before.endswith("nhằm đảm bảo chỉ tiêu chung của tỉnh")
    assert after.startswith("; nâng cao trách nhiệm các cấp ủy đảng")
    notes = footnotes(reference_bytes)
    number = int(refs[0].get(q("w:id")))
    assert notes[number] == ("Phấn đấu hằng năm từng TCCSĐ kết nạp đảng viên mới đạt ít nhất 3% so với tổng số "
                             "đảng viên (đối với đơn vị còn nguồn quần chúng).")
    # The part is wired as Word expects: relationship, content type, separators.
    assert "footnotes+xml" in pkg.parts["[Content_Types].xml"].decode()
    assert b"relationships/footnotes" in pkg.parts["word/_rels/document.xml.rels"]
    notes_xml = pkg.xml("word/footnotes.xml").findall("w:footnote", NS)
    assert [n.get(q("w:type")) for n in notes_xml[:2]] == ["separator", "continuationSeparator"]
    assert notes_xml[2].find(".//w:footnoteRef", NS) is not None


def test_page_number_field_from_page_two(reference_bytes):
    pkg = Package(reference_bytes)
    sect = pkg.body.find("w:sectPr", NS)
    assert sect.find("w:titlePg", NS) is not None, "page 1 must use the first-page header"
    rels = etree.fromstring(pkg.parts["word/_rels/document.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    refs = {h.get(q("w:type")): targets[h.get(r_id)] for h in sect.findall("w:headerReference", NS)}
    default = pkg.xml("word/" + refs["default"])
    first = pkg.xml("word/" + refs["first"])
    instr = "".join(t.text for t in default.iter(q("w:instrText")))
    assert instr.strip() == "PAGE"
    kinds = [f.get(q("w:fldCharType")) for f in default.iter(q("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert default.find(".//w:pPr/w:pStyle", NS).get(q("w:val")) == "Header"
    assert not list(first.iter(q("w:instrText"))) and not list(first.iter(q("w:fldSimple")))


def test_numbers_written_the_vietnamese_way(reference_bytes):
    lines = document_lines(reference_bytes)
    assert any("(hiện nay 98,3% chi bộ thôn" in line for line in lines)
    assert not any("98.3" in line for line in lines)


def test_task_deadlines_are_rendered_from_data(reference_bytes):
    lines = document_lines(reference_bytes)
    assert ("1. Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan hướng dẫn các cấp ủy tổ chức "
            "quán triệt; chỉ đạo các cơ quan báo chí tăng cường tuyên truyền nội dung Nghị quyết số 21-NQ/TW, "
            "Kế hoạch số 07-KH/TW và Kế hoạch của Tỉnh ủy (hoàn thành trong tháng 10/2022).") in lines
