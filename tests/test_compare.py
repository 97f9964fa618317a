"""`reportgen compare`: NEW as a Word document with tracked changes against OLD, and the summary by id.

The central check implements Word's «Accept all» and «Reject all» on the XML
and reads the text back: accepting must give exactly the rendered NEW,
rejecting exactly the rendered OLD (body paragraphs and footnotes).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from helpers import REFERENCE_SPEC, run_cli, write_spec
from reportgen.plan.changes import compare_specs, parent_changes_note, word_changes
from reportgen.word.changes import tokens, track_changes
from reportgen.word.text import body_paragraphs, document_paragraphs, footnotes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(tag: str) -> str:
    return "{%s}%s" % (W, tag)


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def amended(base: str) -> str:
    """The reference plan with the kinds of amendment a province makes."""
    t = edit(base, "chỉ đạo các cơ quan báo chí tăng cường tuyên truyền", "chỉ đạo các cơ quan báo chí đẩy mạnh tuyên truyền")
    t = edit(t, "lead: btg-tu\n        deadline: hoàn thành trong tháng 10/2022",
             "lead: btc-tu\n        deadline: hoàn thành trong tháng 12/2022")
    start = t.index("          - item: >-\n              Tạo điều kiện thuận lợi để Mặt trận")
    end = t.index("id: giam-sat-nhan-dan")
    end = t.index("\n", t.index("deadline:", end)) + 1
    t = t[:start] + t[end:]
    kept = ("            id: doi-moi-lanh-dao\n            short_name: Đổi mới phương thức lãnh đạo của Đảng ở cơ sở\n"
            "            deadline: thực hiện thường xuyên từ năm 2022\n")
    t = edit(t, kept, kept +
             "          - item: Biên soạn sổ tay nghiệp vụ công tác đảng viên cho bí thư chi bộ.\n"
             "            id: so-tay-dang-vien\n            lead: btc-tu\n            deadline: hoàn thành trong tháng 6/2023\n")
    t = edit(t, "    baseline: 98.3\n    goal: 100", "    baseline: 98.3\n    goal: 99")
    t = edit(t, "đạt ít nhất 3% so với", "đạt ít nhất 4% so với")
    t = edit(t, "  - Vụ Địa phương II, BTCTW (báo cáo)\n", "  - Vụ Địa phương II, BTCTW (báo cáo)\n  - Thường trực Tỉnh ủy\n")
    t = edit(t, "draft: true", "draft: Dự thảo lần 2")
    t = edit(t, "nhất là người đứng đầu trong công tác", "nhất là người đứng đầu, trong công tác")
    return t


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("compare")
    base = REFERENCE_SPEC.read_text(encoding="utf-8")
    paths = {"old": write_spec(root / "v1", base), "new": write_spec(root / "v2", amended(base))}
    for name in ("old", "new"):
        out = root / f"{name}.docx"
        result = run_cli("render", str(paths[name]), "-o", str(out))
        assert result.returncode == 0, result.stderr
        paths[f"{name}_docx"] = out
    paths["changes"] = root / "thay-doi.docx"
    paths["summary"] = root / "thay-doi.md"
    result = run_cli("compare", str(paths["old"]), str(paths["new"]), "-o", str(paths["changes"]),
                     "-o", str(paths["summary"]), "--summary", "--date", "2022-11-01")
    assert result.returncode == 0, result.stderr
    paths["stdout"] = root / "stdout.txt"
    paths["stdout"].write_text(result.stdout, encoding="utf-8")
    return paths


# ---------------------------------------------------------------------------
# «Accept all» and «Reject all», on the XML
# ---------------------------------------------------------------------------

def resolve_revisions(root: etree._Element, accept: bool) -> etree._Element:
    """What Word does with every revision accepted (or rejected): drop one kind, unwrap the other."""
    root = copy.deepcopy(root)
    drop, keep = (q("del"), q("ins")) if accept else (q("ins"), q("del"))
    gone = []
    for p in root.iter(q("p")):
        mark = p.find("w:pPr/w:rPr", NS)
        if mark is None:
            continue
        if mark.find(drop) is not None:
            gone.append(p)
        for el in mark.findall(drop) + mark.findall(keep):
            mark.remove(el)
    for el in list(root.iter(drop)):
        if el.getparent().tag != q("rPr"):
            el.getparent().remove(el)
    for el in list(root.iter(keep)):
        parent = el.getparent()
        if parent.tag == q("rPr"):
            continue
        at = parent.index(el)
        for child in list(el):
            parent.insert(at, child)
            at += 1
        parent.remove(el)
    for el in root.iter(q("delText")):
        el.tag = q("t")
    for change in list(root.iter(q("pPrChange"))):
        ppr = change.getparent()
        if not accept:
            for child in [c for c in ppr if c.tag not in (q("rPr"), q("sectPr"), q("pPrChange"))]:
                ppr.remove(child)
            for i, child in enumerate(change.find(q("pPr"))):
                ppr.insert(i, child)
        ppr.remove(change)
    for p in gone:      # a paragraph whose mark is removed joins the next; ours are empty by then
        assert not "".join(t.text or "" for t in p.iter(q("t"))), "a removed paragraph mark would merge text"
        p.getparent().remove(p)
    return root


def parts(docx: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return {name: etree.fromstring(zf.read(name)) for name in ("word/document.xml", "word/footnotes.xml")}


def footnotes_in_order(document: etree._Element, notes: etree._Element) -> list[str]:
    """Footnote texts in the order of their references (how Word numbers them)."""
    by_id = {n.get(q("id")): n for n in notes.findall("w:footnote", NS)}
    out = []
    for ref in document.iter(q("footnoteReference")):
        note = by_id[ref.get(q("id"))]
        out.append(" ".join("".join(t.text or "" for t in note.iter(q("t"))).split()))
    return out


def resolved_text(docx: bytes, accept: bool) -> tuple[list[str], list[str]]:
    xml = parts(docx)
    document = resolve_revisions(xml["word/document.xml"], accept)
    notes = resolve_revisions(xml["word/footnotes.xml"], accept)
    return body_paragraphs(document.find(q("body"))), footnotes_in_order(document, notes)


def rendered_text(docx: bytes) -> tuple[list[str], list[str]]:
    xml = parts(docx)
    return document_paragraphs(docx), footnotes_in_order(xml["word/document.xml"], xml["word/footnotes.xml"])


@pytest.mark.parametrize("accept", [True, False], ids=["accept-all", "reject-all"])
def test_accept_all_gives_new_and_reject_all_gives_old(versions, accept):
    tracked = versions["changes"].read_bytes()
    expected = rendered_text(versions["new_docx" if accept else "old_docx"].read_bytes())
    assert resolved_text(tracked, accept) == expected
    # the check is not vacuous: the two versions differ in body and footnote
    other = rendered_text(versions["old_docx" if accept else "new_docx"].read_bytes())
    assert other[0] != expected[0] and other[1] != expected[1]


def test_one_changed_word_is_marked_inside_its_paragraph(versions):
    document = parts(versions["changes"].read_bytes())["word/document.xml"]
    para = next(p for p in document.iter(q("p")) if "đẩy mạnh" in "".join(t.text or "" for t in p.iter(q("t")))
                and "báo chí" in "".join(t.text or "" for t in p.iter(q("t"))))
    deleted = ["".join(t.text for t in d.iter(q("delText"))) for d in para.findall("w:del", NS)]
    inserted = ["".join(t.text or "" for t in i.iter(q("t"))) for i in para.findall("w:ins", NS)]
    assert deleted == ["tăng cường", "10"]          # the word, and the month of the deadline
    assert inserted == ["đẩy mạnh", "12"]
    assert para.find("w:pPr/w:rPr", NS) is None, "the paragraph itself is neither inserted nor deleted"
    kept = "".join(t.text or "" for r in para.findall("w:r", NS) for t in r.findall("w:t", NS))
    assert kept.startswith("1. Ban Tuyên giáo Tỉnh ủy chủ trì") and "tuyên truyền nội dung" in kept
    for mark in para.findall("w:del", NS) + para.findall("w:ins", NS):
        assert mark.get(q("author")) == "Văn phòng Tỉnh ủy"
        assert mark.get(q("date")) == "2022-11-01T00:00:00Z"
        assert [c.tag for c in mark] == [q("r")], "w:ins/w:del wrap runs"


def test_a_comma_and_a_number_are_marked_alone(versions):
    document = parts(versions["changes"].read_bytes())["word/document.xml"]
    texts = ["".join(t.text or "" for t in i.iter(q("t"))) for i in document.iter(q("ins"))]
    assert "," in texts                 # "người đứng đầu, trong": only the comma
    assert "99" in texts                # the target's figure, not its sentence
    assert " lần 2" in texts            # "(Dự thảo lần 2)" in the header block


def test_removed_and_added_tasks_are_whole_paragraphs(versions):
    document = parts(versions["changes"].read_bytes())["word/document.xml"]
    by_text = {}
    for p in document.iter(q("p")):
        text = "".join(t.text or "" for t in p.iter(q("t"), q("delText")))
        by_text[text] = p
    gone = next(p for text, p in by_text.items() if "Tạo điều kiện thuận lợi để Mặt trận" in text)
    assert gone.find("w:pPr/w:rPr/w:del", NS) is not None          # the paragraph mark is deleted
    assert gone.find(".//w:t", NS) is None                          # every character is deleted text
    assert gone.find("w:pPr/w:pStyle", NS).get(q("val")) == "Normal"
    added = next(p for text, p in by_text.items() if "Biên soạn sổ tay nghiệp vụ" in text)
    assert added.find("w:pPr/w:rPr/w:ins", NS) is not None
    assert all(r.getparent().tag == q("ins") for r in added.iter(q("r")))
    recipient = next(p for text, p in by_text.items() if text == "- Thường trực Tỉnh ủy,")
    assert recipient.find("w:pPr/w:rPr/w:ins", NS) is not None      # inside the closing table's cell
    ids = [el.get(q("id")) for el in document.iter(q("ins"), q("del"))]
    assert len(ids) == len(set(ids))


def test_footnote_text_changes_are_tracked_in_the_footnote(versions):
    notes = parts(versions["changes"].read_bytes())["word/footnotes.xml"]
    assert ["".join(t.text for t in d.iter(q("delText"))) for d in notes.iter(q("del"))] == ["3"]
    assert ["".join(t.text or "" for t in i.iter(q("t"))) for i in notes.iter(q("ins"))] == ["4"]


def test_the_output_is_the_new_document_with_its_header_and_numbering(versions):
    accepted, _ = resolved_text(versions["changes"].read_bytes(), accept=True)
    assert "(Dự thảo lần 2)" in accepted and "1.3. Biên soạn sổ tay nghiệp vụ công tác đảng viên cho bí thư chi bộ " \
        "(hoàn thành trong tháng 6/2023)." in accepted
    with zipfile.ZipFile(versions["changes"]) as tracked, zipfile.ZipFile(versions["new_docx"]) as new:
        for name in ("word/header1.xml", "word/header2.xml", "word/styles.xml"):
            assert tracked.read(name) == new.read(name)


def test_rewriting_the_output_is_not_refused_as_hand_edited(versions, tmp_path):
    out = tmp_path / "lai.docx"
    for _ in range(2):
        result = run_cli("compare", str(versions["old"]), str(versions["new"]), "-o", str(out))
        assert result.returncode == 0, result.stderr
    assert not list(tmp_path.glob("*sao-luu*"))


# ---------------------------------------------------------------------------
# Summary by id
# ---------------------------------------------------------------------------

def test_summary_lists_changes_by_id(versions):
    printed = versions["stdout"].read_text(encoding="utf-8")
    written = versions["summary"].read_text(encoding="utf-8")
    for text in (printed, written):
        assert "Đổi thời hạn nhiệm vụ «quan-triet-huong-dan» (mục III.1.): «hoàn thành trong tháng 10/2022» → " \
               "«hoàn thành trong tháng 12/2022»." in text
        assert "Đổi đơn vị chủ trì nhiệm vụ «quan-triet-huong-dan» (mục III.1.): «Ban Tuyên giáo Tỉnh ủy» → " \
               "«Ban Tổ chức Tỉnh ủy»." in text
        assert "Sửa nội dung nhiệm vụ «quan-triet-huong-dan» (mục III.1.): «tăng cường» → «đẩy mạnh»." in text
        assert "Thêm nhiệm vụ «so-tay-dang-vien» (mục IV.1.3.)" in text
        assert "Bỏ nhiệm vụ «giam-sat-nhan-dan»" in text
        assert "Chỉ tiêu «chi_uy»: giá trị phấn đấu 100 → 99." in text
        assert "Thêm nơi nhận: Thường trực Tỉnh ủy." in text
        assert "Sửa chú thích «ket-nap-tccsd»: «3%» → «4%»." in text
    assert written.startswith("# Những thay đổi từ")
    # tasks after the inserted one keep their ids: no spurious "changed" for "phat-trien-dang-vien"
    assert "phat-trien-dang-vien" not in written


def test_the_same_plan_has_no_changes(versions, tmp_path):
    out = tmp_path / "giong.docx"
    result = run_cli("compare", str(versions["old"]), str(REFERENCE_SPEC), "-o", str(out), "--summary")
    assert result.returncode == 0, result.stderr
    assert "Hai văn bản có cùng nội dung: không có thay đổi." in result.stdout
    xml = parts(out.read_bytes())["word/document.xml"]
    assert xml.find(".//w:ins", NS) is None and xml.find(".//w:del", NS) is None


def test_parent_changes_note_for_derive(versions):
    from reportgen.pipeline import load_plan

    old, new = load_plan(versions["old"]).spec, load_plan(versions["new"]).spec
    assert parent_changes_note(old, old) is None
    note = parent_changes_note(old, new, limit=3)
    assert note.startswith("Kế hoạch cấp trên đã thay đổi từ lần sinh trước (")
    assert note.count("\n  - ") == 3 and "thay đổi khác" in note
    assert len(compare_specs(old, new)) >= 10


# ---------------------------------------------------------------------------
# Vietnamese words: diacritics, punctuation, NFC/NFD
# ---------------------------------------------------------------------------

def test_tokens_keep_vietnamese_words_whole_in_nfc_and_nfd():
    text = "Ban Tổ chức Tỉnh ủy, Nghị quyết số 21-NQ/TW;"
    expected = ["Ban", " ", "Tổ", " ", "chức", " ", "Tỉnh", " ", "ủy", ",", " ", "Nghị", " ", "quyết", " ", "số", " ",
                "21", "-", "NQ", "/", "TW", ";"]
    assert tokens(text) == expected
    assert tokens(unicodedata.normalize("NFD", text)) == [unicodedata.normalize("NFD", t) for t in expected]
    assert word_changes("Tỉnh ủy ban hành", unicodedata.normalize("NFD", "Tỉnh ủy ban hành")) == "sửa cách viết"
    assert word_changes("Tỉnh ủy ban hành", "Tỉnh uỷ ban hành") == "«ủy» → «uỷ»"


def _with_document_text(docx: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                root = etree.fromstring(data)
                for t in root.iter(q("t")):
                    t.text = change(t.text or "")
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(item, data)
    return out.getvalue()


def test_nfd_text_is_no_change_and_a_diacritic_is_one_word(versions):
    old = versions["old_docx"].read_bytes()
    when = dt.datetime(2022, 11, 1)
    nfd = _with_document_text(old, lambda s: unicodedata.normalize("NFD", s))
    assert track_changes(old, nfd, "Văn phòng Tỉnh ủy", when).changes == 0
    respelt = _with_document_text(old, lambda s: s.replace("Tỉnh ủy ban hành Kế hoạch", "Tỉnh uỷ ban hành Kế hoạch"))
    tracked = track_changes(old, respelt, "Văn phòng Tỉnh ủy", when)
    assert tracked.changes == 1
    document = parts(tracked.docx)["word/document.xml"]
    assert ["".join(t.text for t in d.iter(q("delText"))) for d in document.iter(q("del"))] == ["ủy"]
    assert ["".join(t.text or "" for t in i.iter(q("t"))) for i in document.iter(q("ins"))] == ["uỷ"]


# ---------------------------------------------------------------------------
# Inputs in Word, errors
# ---------------------------------------------------------------------------

def test_two_word_files_are_imported_then_compared(versions, tmp_path):
    out = tmp_path / "tu-word.docx"
    result = run_cli("compare", str(versions["old_docx"]), str(versions["new_docx"]), "-o", str(out),
                     "--author", "Tổ biên tập")
    assert result.returncode == 0, result.stderr
    tracked = out.read_bytes()
    assert resolved_text(tracked, True)[0] == document_paragraphs(versions["new_docx"].read_bytes())
    assert resolved_text(tracked, False)[0] == document_paragraphs(versions["old_docx"].read_bytes())
    authors = {el.get(q("author")) for el in parts(tracked)["word/document.xml"].iter(q("ins"), q("del"))}
    assert authors == {"Tổ biên tập"}
    assert footnotes(tracked)


@pytest.mark.parametrize("args, message", [
    (["khong-co.yaml", "{new}"], "không tìm thấy"),
    (["{old}", "{new}", "-o", "thay-doi.pdf"], "cần có đuôi .docx hoặc .md"),
    (["{old}", "{new}", "--date", "1 tháng 11"], "không đúng dạng; viết NĂM-THÁNG-NGÀY"),
    (["{old}", "{new}", "--date", "2022-13-01"], "tháng 13 không tồn tại"),
])
def test_user_errors_exit_2_in_vietnamese_without_output(versions, tmp_path, args, message):
    args = [a.format(old=versions["old"], new=versions["new"]) for a in args]
    result = run_cli("compare", *args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.rglob("*.docx")) and not list(tmp_path.rglob("*.md"))


# ---------------------------------------------------------------------------
# Word and LibreOffice
# ---------------------------------------------------------------------------

def test_valid_for_word(versions):
    from test_word_validator import VERSIONS, validate

    for version in VERSIONS:
        assert validate(versions["changes"], version) == []


@pytest.mark.office
def test_libreoffice_converts_it_to_pdf(versions, tmp_path):
    assert shutil.which("soffice"), "LibreOffice (soffice) is required"
    docx = tmp_path / "thay-doi.docx"
    shutil.copy(versions["changes"], docx)
    from reportgen.word.pdf import docx_to_pdf

    pdf = docx_to_pdf(docx)
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "đẩy mạnh tuyên truyền" in text or "đẩy mạnh" in text
    assert "Biên soạn sổ tay nghiệp vụ" in text


def test_a_changed_paragraph_style_is_a_tracked_format_change(versions):
    old = versions["old_docx"].read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(old)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                root = etree.fromstring(data)
                para = next(p for p in root.iter(q("p")) if "".join(t.text or "" for t in p.iter(q("t"))).startswith("2. Xác định mục tiêu"))
                para.find("w:pPr/w:pStyle", NS).set(q("val"), "ListDash")
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(item, data)
    tracked = track_changes(old, out.getvalue(), "Văn phòng Tỉnh ủy", dt.datetime(2022, 11, 1))
    assert tracked.changes == 1
    document = parts(tracked.docx)["word/document.xml"]
    change = document.find(".//w:pPrChange", NS)
    assert change.find("w:pPr/w:pStyle", NS).get(q("val")) == "Normal"
    assert change.getparent().find("w:pStyle", NS).get(q("val")) == "ListDash"
    rejected = resolve_revisions(document, accept=False)
    assert document.find(".//w:ins", NS) is None
    styles = [p.find("w:pPr/w:pStyle", NS).get(q("val")) for p in rejected.iter(q("p")) if p.find("w:pPr/w:pStyle", NS) is not None]
    assert styles == [p.find("w:pPr/w:pStyle", NS).get(q("val")) for p in parts(old)["word/document.xml"].iter(q("p"))
                      if p.find("w:pPr/w:pStyle", NS) is not None]
