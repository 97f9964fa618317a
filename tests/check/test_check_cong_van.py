"""The checker on a công văn (issue 18): recognised as its kind, trích yếu under «Số», «Kính gửi:»."""

import json
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from reportgen.check.components import locate
from reportgen.check.report import render_json, render_text
from reportgen.cli import main

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
PROGRESS_2023 = ROOT / "plan_specs" / "nq21-quang-nam" / "progress" / "2023"
CV_RULES = {"hd36.cv.subject-present", "hd36.cv.subject-format", "hd36.cv.salutation-present",
            "hd36.cv.salutation-format", "hd36.cv.salutation-names"}


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> dict[str, Path]:
    """The công văn of `reportgen request` and of `reportgen remind`, on the example data."""
    out = tmp_path_factory.mktemp("cong-van")
    assert main(["request", str(PLAN), "--period", "2024", "--due", "2025-01-10", "--date", "2024-12-20",
                 "-o", str(out / "de-nghi.docx")]) == 0
    assert main(["remind", str(PLAN), "--data", str(PROGRESS_2023), "--as-of", "2024-01-15",
                 "--due", "2024-01-10", "-o", str(out / "nhac")]) == 0
    return {"request": out / "de-nghi.docx", "remind": out / "nhac" / "don-doc-2024-01-15.docx"}


def _salutation_paras(result) -> set[int]:
    comps = locate(result.model, result.rule_set.locate)
    return {s.para.index for s in comps.get("salutation_label") + comps.get("salutation")}


@pytest.mark.parametrize("which, addressees", [("request", 31), ("remind", 10)])
def test_generated_letter_is_a_cong_van_and_passes(letters, check, which, addressees):
    result = check(letters[which])
    assert result.kind == "công văn"
    assert [f"{f.rule_id}: {f.found}" for f in result.findings if f.severity == "error"] == []
    comps = locate(result.model, result.rule_set.locate)
    assert [s.norm[:4] for s in comps.get("letter_subject")] == ["V/v "]
    assert [s.norm for s in comps.get("salutation_label")] == ["Kính gửi:"]
    names = comps.get("salutation")
    assert len(names) == addressees and all(s.norm.startswith("- ") for s in names)
    # «Kính gửi:» and the addressees are not body text: no «căn đều»/«lùi đầu dòng» warning on them
    assert not {id(s) for s in comps.get("body")} & {id(s) for s in names}
    on_salutation = [f for f in result.findings if f.para in _salutation_paras(result)]
    assert on_salutation == []
    assert result.warnings == 0


def _edited(src: Path, dst: Path, edit) -> Path:
    doc = docx.Document(str(src))
    edit(doc)
    doc.save(str(dst))
    return dst


def _subject_paragraph(doc):
    return next(p for row in doc.tables[0].rows for cell in row.cells for p in cell.paragraphs
                if p.text.startswith("V/v"))


def test_letter_without_its_subject_is_an_error(letters, check, of, tmp_path):
    def drop(doc):
        p = _subject_paragraph(doc)._p
        p.getparent().remove(p)

    result = check(_edited(letters["request"], tmp_path / "khong-trich-yeu.docx", drop))
    assert result.kind == "công văn"
    assert [(f.severity, f.found) for f in of(result, "hd36.cv.subject-present")] == [("error", "không tìm thấy")]
    # a công văn is never asked for a tên loại, whatever else is wrong with it
    assert of(result, "hd36.doctype.present") == [] and of(result, "hd36.subject.present") == []


def test_bold_upright_or_large_subject_is_an_error(letters, check, of, tmp_path):
    def bold(doc):
        for run in _subject_paragraph(doc).runs:
            run.font.bold, run.font.italic, run.font.size = True, False, Pt(14)

    result = check(_edited(letters["request"], tmp_path / "trich-yeu-dam.docx", bold))
    found = sorted((f.severity, f.expected, f.found) for f in of(result, "hd36.cv.subject-format"))
    assert found == [("error", "chữ nghiêng", "chữ đứng"), ("error", "cỡ 12 pt", "cỡ 14 pt"),
                     ("error", "không đậm", "chữ đậm")]


def test_salutation_missing_or_misformatted_is_an_error(letters, check, of, tmp_path):
    def upright_label_italic_names(doc):
        for p in doc.paragraphs:
            if p.text.startswith("Kính gửi:"):
                label, *names = p.runs
                label.font.italic = False
                for run in names:
                    run.font.italic = True
            elif p.text.startswith("- Ban Tuyên giáo"):
                p.runs[0].font.italic = True

    result = check(_edited(letters["remind"], tmp_path / "kinh-gui.docx", upright_label_italic_names))
    assert [(f.severity, f.found) for f in of(result, "hd36.cv.salutation-format")] == [("error", "chữ đứng")]
    names = of(result, "hd36.cv.salutation-names")
    assert names and all(f.severity == "error" and f.found == "chữ nghiêng" for f in names)

    def drop(doc):
        for p in [p for p in doc.paragraphs if p.text.startswith("Kính gửi:")]:
            p._p.getparent().remove(p._p)

    result = check(_edited(letters["remind"], tmp_path / "khong-kinh-gui.docx", drop))
    assert [f.severity for f in of(result, "hd36.cv.salutation-present")] == ["error"]


def test_a_plan_is_not_a_cong_van(check, party):
    result = check(party())
    assert result.kind == "kế hoạch"
    assert result.findings == []
    assert not {f.rule_id for f in result.findings} & CV_RULES
    comps = locate(result.model, result.rule_set.locate)
    assert comps.get("letter_subject") == [] and comps.get("salutation_label") == []


def test_a_plan_missing_its_title_is_not_asked_for_cong_van_parts(check, party, of):
    result = check(party(doc_type=""))
    assert result.kind == ""                     # no tên loại, and the number says «KH», not «CV»
    assert of(result, "hd36.doctype.present")    # still an error for the plan
    assert not {f.rule_id for f in result.findings} & CV_RULES


def _tabbed_letter(salutation_runs):
    """A hand-typed công văn: the header as tabbed paragraphs, one addressee on the «Kính gửi:» line."""
    doc = docx.Document()
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.page_width, section.page_height = Mm(210), Mm(297)

    def para(*parts, align=None):
        p = doc.add_paragraph()
        for text, size, bold, italic in parts:
            run = p.add_run(text)
            run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
            run.font.name = "Times New Roman"
        if align is not None:
            p.alignment = align
        return p

    tab = ("\t\t", 14, False, False)
    para(("TỈNH ỦY QUẢNG NAM", 14, True, False), tab, ("ĐẢNG CỘNG SẢN VIỆT NAM", 15, True, False))
    para(("*", 14, False, False))
    para(("Số 12-CV/TU", 14, False, False), tab, ("Quảng Nam, ngày 15 tháng 10 năm 2022", 14, False, True))
    para(("V/v báo cáo sơ kết", 12, False, True))
    para(*salutation_runs, align=WD_ALIGN_PARAGRAPH.CENTER)
    body = para(("Ban Thường vụ Tỉnh ủy đề nghị các đơn vị gửi báo cáo trước ngày 10/01/2023.", 14, False, False),
                align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    body.paragraph_format.first_line_indent = Mm(10)
    para(("Nơi nhận:", 14, False, False), tab, ("T/L BAN THƯỜNG VỤ", 14, True, False))
    para(("- Như trên,", 12, False, False), tab, ("CHÁNH VĂN PHÒNG", 14, False, False))
    para(("- Lưu Văn phòng Tỉnh ủy.", 12, False, False))
    para(("Nguyễn Văn B", 14, True, False))
    return doc


def test_tabbed_letter_with_one_addressee_on_the_salutation_line(check):
    result = check(_tabbed_letter([("Kính gửi: ", 14, False, True), ("Ban Thường vụ Tỉnh ủy", 14, False, False)]))
    comps = locate(result.model, result.rule_set.locate)
    texts = {name: [s.norm for s in comps.get(name)]
             for name in ("number", "letter_subject", "salutation_label", "salutation", "body")}
    assert texts == {
        "number": ["Số 12-CV/TU"],
        "letter_subject": ["V/v báo cáo sơ kết"],
        "salutation_label": ["Kính gửi:"],
        "salutation": ["Ban Thường vụ Tỉnh ủy"],
        "body": ["Ban Thường vụ Tỉnh ủy đề nghị các đơn vị gửi báo cáo trước ngày 10/01/2023."],
    }
    assert result.kind == "công văn"
    assert not {f.rule_id for f in result.findings} & (CV_RULES | {"hd36.body.align", "hd36.body.indent"})

    # the same line typed all upright: the label is wrong, the name is not
    result = check(_tabbed_letter([("Kính gửi: Ban Thường vụ Tỉnh ủy", 14, False, False)]))
    cv = [(f.rule_id, f.found, f.excerpt) for f in result.findings if f.rule_id in CV_RULES]
    assert cv == [("hd36.cv.salutation-format", "chữ đứng", "Kính gửi:")]


def test_reports_name_the_kind(letters, check):
    result = check(letters["remind"])
    text = render_text("don-doc.docx", result.rule_set, result.findings, result.kind)
    assert "Loại văn bản: công văn\n" in text
    assert json.loads(render_json("don-doc.docx", result.rule_set, result.findings, result.kind))["kind"] == "công văn"
    unknown = render_text("x.docx", result.rule_set, [], "")
    assert "Loại văn bản: chưa nhận ra" in unknown
    assert json.loads(render_json("x.docx", result.rule_set, [], ""))["kind"] is None


def test_the_command_line_names_the_kind(tmp_path, capsys):
    """`reportgen check` says what it took the document for, in text and in JSON."""


    letter = tmp_path / "cv.docx"
    plan = Path(__file__).resolve().parents[2] / "plan_specs/nq21-quang-nam/plan.yaml"
    assert main(["request", str(plan), "--period", "2024", "--due", "2025-01-10", "-o", str(letter)]) == 0
    capsys.readouterr()
    assert main(["check", str(letter)]) == 0
    assert "Loại văn bản: công văn" in capsys.readouterr().out
    assert main(["check", "--json", str(letter)]) == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "công văn"
