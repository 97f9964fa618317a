"""`reportgen check` on the command line: output, exit codes, --json, --annotate, --rules."""

import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from reportgen.cli import main


def test_clean_document_exits_0(save, party, capsys):
    path = save(party(), "ke-hoach.docx")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Kết quả: 0 lỗi, 0 cảnh báo" in out


def test_errors_exit_1_with_grouped_vietnamese_report(save, party, capsys):
    path = save(party(number="Số: 07-KH/TU", margins_mm=(25, 20, 30, 15)), "sai.docx")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Kết quả: 2 lỗi, 0 cảnh báo" in out
    assert out.index("== Trang giấy và lề ==") < out.index("== Số và ký hiệu ==")
    assert "[LỖI] Sau chữ «Số» không có dấu hai chấm" in out
    # plain Vietnamese: the source in full, no internal codes, grades or files outside the project
    assert "căn cứ: Hướng dẫn số 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng" in out
    assert re.search(r"\b(?:[PSLN]\d|hd36\.|UNVERIFIED|mức tin cậy)|party-format", out) is None
    assert "    cần: Số 07-KH/TU (không có dấu hai chấm) / thấy: Số:" in out
    assert "    đoạn: «Số: 07-KH/TU»" in out


def test_warnings_only_exit_0(save, party):
    path = save(party(body=["Tỉnh ủy ban hành.", "Cấp uỷ thực hiện."]))
    assert main(["check", str(path)]) == 0


def test_json_output(save, party, capsys):
    path = save(party(star=False))
    assert main(["check", "--json", str(path)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["rule_set"] == "hd36"
    assert (data["errors"], data["warnings"]) == (1, 0)
    [finding] = data["findings"]
    assert finding["rule_id"] == "hd36.issuer.star"
    assert finding["expected"] == "dòng «*» dưới tên cơ quan ban hành"
    assert finding["found"] == "không tìm thấy"
    assert finding["grade"] == "P" and finding["severity"] == "error"
    assert set(finding) >= {"clause", "component", "group", "message", "excerpt"}


def test_annotate_writes_valid_docx_with_comments(save, party, tmp_path, capsys):
    path = save(party(number="Số: 7-KH/TU", title_page=False))
    out = tmp_path / "chu-thich.docx"
    assert main(["check", str(path), "--annotate", str(out)]) == 1
    annotated = docx.Document(str(out))
    comments = list(annotated.comments)
    texts = [c.text for c in comments]
    assert len(comments) == 3
    assert all(c.author == "reportgen" for c in comments)
    assert any("Sau chữ «Số» không có dấu hai chấm" in t and "Căn cứ: Hướng dẫn số 36-HD/VPTW" in t
               for t in texts)
    assert not any("hd36." in t or "mức tin cậy" in t for t in texts)
    assert any(t.startswith("[LỖI] Trang 1 không đánh số") for t in texts)
    with zipfile.ZipFile(out) as package:
        for name in package.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(package.read(name))  # every part is well-formed
        document_xml = package.read("word/document.xml").decode()
        assert document_xml.count("<w:commentRangeStart") == 3
        assert document_xml.count("<w:commentReference") == 3
        assert "word/comments.xml" in package.namelist()
        assert "comments+xml" in package.read("[Content_Types].xml").decode()
    # the number comment sits on the "Số" paragraph
    number_para = annotated.tables[0].rows[1].cells[0].paragraphs[1]
    assert number_para._p.xpath("./w:commentRangeStart")


def test_annotate_refuses_to_overwrite_the_input(save, party, capsys):
    path = save(party(star=False))
    assert main(["check", str(path), "--annotate", str(path)]) == 2
    assert "không ghi đè" in capsys.readouterr().err


def test_annotate_again_keeps_fixes_made_in_the_annotated_copy(save, party, tmp_path, capsys):
    """Drafters fix the document in the annotated copy; re-checking must not wipe those fixes."""
    path = save(party(star=False))
    out = tmp_path / "chu-thich.docx"
    assert main(["check", str(path), "--annotate", str(out)]) == 1
    assert main(["check", str(path), "--annotate", str(out)]) == 1      # untouched copy: replaced freely
    edited = docx.Document(str(out))
    edited.add_paragraph("Đã sửa theo góp ý của Văn phòng.")
    edited.save(str(out))
    capsys.readouterr()
    assert main(["check", str(path), "--annotate", str(out)]) == 2
    assert "đã được sửa" in capsys.readouterr().err
    assert "Đã sửa theo góp ý" in "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert main(["check", str(path), "--annotate", str(out), "--force"]) == 1
    [backup] = tmp_path.glob("chu-thich.sao-luu-*.docx")
    assert "Đã sửa theo góp ý" in "\n".join(p.text for p in docx.Document(str(backup)).paragraphs)
    assert "Đã sửa theo góp ý" not in "\n".join(p.text for p in docx.Document(str(out)).paragraphs)


def _write_zip(path, entries):
    with zipfile.ZipFile(path, "w") as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return path


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "khong-co.docx", "không tìm thấy tệp"),
    (lambda d: (d / "van-ban.docx").write_text("không phải zip") and d / "van-ban.docx",
     "không phải tệp Word hợp lệ"),
    (lambda d: _write_zip(d / "rong.docx", {"a.txt": "x"}), "không có word/document.xml"),
    (lambda d: _write_zip(d / "hong.docx", {"[Content_Types].xml": "<Types/>",
                                            "word/document.xml": "<w:document><w:body>"}),
     "phần «word/document.xml» của tệp"),
    (lambda d: _write_zip(d / "thieu.docx", {"word/document.xml": "<document/>"}),
     "không đọc được tệp Word"),
    (lambda d: d, "không phải là tệp"),
])
def test_unreadable_files_exit_2_without_traceback(tmp_path, capsys, make, message):
    path = make(tmp_path)
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.err.startswith("Lỗi: ")
    assert "Traceback" not in captured.err + captured.out


def test_corrupt_styles_part_exits_2(save, party, tmp_path, capsys):
    good = save(party())
    bad = tmp_path / "styles-hong.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, b"<w:styles" if item.filename == "word/styles.xml" else data)
    assert main(["check", str(bad)]) == 2
    assert "phần «word/styles.xml» của tệp" in capsys.readouterr().err


def test_unknown_rule_set_exits_2(save, party, capsys):
    assert main(["check", "--rules", "khong-co", str(save(party()))]) == 2
    assert "không có bộ quy tắc «khong-co»" in capsys.readouterr().err


def test_invalid_rule_file_is_reported(save, party, tmp_path, capsys):
    rules = tmp_path / "sai.yaml"
    rules.write_text("id: x\nrules:\n  - id: r1\n    kind: khong-co\n    clause: c\n    grade: UNVERIFIED\n"
                     "    severity: error\n    component: page\n    description: d\n", encoding="utf-8")
    assert main(["check", "--rules", str(rules), str(save(party()))]) == 2
    err = capsys.readouterr().err
    assert "loại quy tắc «khong-co» không có" in err
    assert "quy tắc UNVERIFIED chỉ được là warning" in err


def test_help_is_vietnamese(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert "kiểm tra" in out.lower() and "--annotate" in out and "bộ quy tắc" in out


def _style_ids(path) -> dict[str, str]:
    """styleId -> style type, from the styles part of a .docx."""
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/styles.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return {s.get(f"{w}styleId"): s.get(f"{w}type") for s in root.iter(f"{w}style")}


def test_annotate_a_document_not_made_by_reportgen_adds_the_comment_styles(tmp_path):
    """python-docx's comments use the «CommentReference»/«CommentText» styles, which a plain document lacks:
    the annotated copy must define them, or it refers to styles that are not there (Word repairs the file)."""
    plain = tmp_path / "van-ban.docx"
    document = docx.Document()
    document.add_paragraph("Báo cáo tình hình thực hiện nhiệm vụ")
    document.save(str(plain))
    assert {"CommentReference", "CommentText"} & set(_style_ids(plain)) == set()
    out = tmp_path / "van-ban-chu-thich.docx"
    assert main(["check", str(plain), "--annotate", str(out)]) == 1
    styles = _style_ids(out)
    assert styles["CommentReference"] == "character" and styles["CommentText"] == "paragraph"
    annotated = docx.Document(str(out))
    assert len(list(annotated.comments)) >= 1
    with zipfile.ZipFile(out) as zf:
        used = set(re.findall(rb'w:(?:rStyle|pStyle) w:val="([^"]+)"', zf.read("word/document.xml")
                              + zf.read("word/comments.xml")))
    assert {u.decode() for u in used} <= set(styles)


def test_annotated_plain_document_passes_the_second_validator(tmp_path):
    """openxml-audit (see tests/test_word_validator.py): annotating adds no error to the document's own."""
    from test_word_validator import audit, second_validator

    try:
        second_validator()
    except AssertionError:
        pytest.skip("openxml-audit is not installed (make test installs it)")
    plain = tmp_path / "van-ban.docx"
    document = docx.Document()
    document.add_paragraph("Báo cáo tình hình thực hiện nhiệm vụ")
    document.add_paragraph("")
    document.save(str(plain))
    out = tmp_path / "van-ban-chu-thich.docx"
    assert main(["check", str(plain), "--annotate", str(out)]) == 1
    for file_format in ("office2010", "microsoft365"):
        before, after = audit(plain, file_format), audit(out, file_format)
        assert not [e for e in after if "Comment" in e], after
        assert set(after) <= set(before), set(after) - set(before)


def test_a_yaml_spec_given_to_check_is_pointed_to_validate_and_render(capsys):
    plan = Path(__file__).resolve().parents[2] / "plan_specs/nq21-quang-nam/plan.yaml"
    assert main(["check", str(plan)]) == 2
    err = capsys.readouterr().err
    assert "đây là tệp YAML" in err and "reportgen validate" in err and "reportgen render" in err
