"""What `check` says: plain Vietnamese, the source of each rule named in full, a misformatted date as such."""

import re

import pytest

from reportgen.check.report import render_text
from reportgen.check.rules import available_rule_sets, load_rule_set
from reportgen.cli import main

# Internal source tags of the research notes the rules were written from (S1, P5, L1, N1 …), grade codes,
# and a file that is not part of the project: none of them may reach the drafter.
INTERNAL = re.compile(r"\b[PSLN]\d\b|\bUNVERIFIED\b|mức tin cậy|party-format|\.md\b")


@pytest.mark.parametrize("name", available_rule_sets())
def test_every_rule_names_its_source_in_full(name):
    rule_set = load_rule_set(name)
    assert not INTERNAL.search(rule_set.source)
    for rule in rule_set.rules:
        assert not INTERNAL.search(rule.clause), (rule.id, rule.clause)
        assert re.search(r"Hướng dẫn số 36-HD/VPTW ngày 03/4/2018|Nghị định số 30/2020/NĐ-CP|TCVN 6909:2001|"
                         r"tài liệu nghiệp vụ|Thói quen biên tập", rule.clause), (rule.id, rule.clause)


def test_a_report_has_no_internal_codes(check, party):
    result = check(party(number="Số: 7-KH/TU", margins_mm=(25, 20, 30, 15), title_page=False,
                         recipients_label="Nơi nhận"))
    text = render_text("x.docx", result.rule_set, result.findings)
    assert result.findings
    assert not INTERNAL.search(text)
    assert "hd36." not in text
    assert text.count("căn cứ: ") == len(result.findings)


@pytest.mark.parametrize("written", ["Quảng Nam, 13/5/2022", "Quảng Nam, ngày 13/5/2022", "Quảng Nam, 13-5-2022"])
def test_a_date_in_figures_is_misformatted_not_missing(check, party, written):
    result = check(party(date=written))
    ids = [f.rule_id for f in result.findings]
    assert "hd36.date.present" not in ids
    assert ids == ["hd36.date.pattern"]
    finding = result.findings[0]
    assert finding.found == written
    assert "ngày … tháng … năm" in finding.expected and "không viết 13/5/2022" in finding.expected
    assert "Quảng Nam" not in finding.expected, "the expected form does not quote the example province"


def test_a_missing_date_line_names_the_form_not_a_province(check, party):
    result = check(party(date="Quảng Nam"))
    finding = next(f for f in result.findings if f.rule_id == "hd36.date.present")
    assert "Quảng Nam" not in finding.expected and "Địa danh, ngày … tháng … năm …" in finding.expected


def test_a_short_tcvn3_fragment_in_a_document_is_found(check, party):
    result = check(party(issuer="TỈNH ỦY QU¶NG NAM"))
    enc = [f for f in result.findings if f.rule_id == "hd36.text.legacy-encoding"]
    assert enc and "TCVN3" in enc[0].found


def test_json_keeps_the_rule_id_and_the_grade_for_tools(save, party, capsys):
    path = save(party(number="Số: 07-KH/TU"))
    assert main(["check", str(path), "--json"]) == 1
    out = capsys.readouterr().out
    assert '"rule_id": "hd36.number.colon"' in out and '"grade_note": "trích nguyên văn"' in out
