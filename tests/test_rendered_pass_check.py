"""Every document reportgen renders passes `reportgen check` with no error."""

from __future__ import annotations

from helpers import run_cli
from reportgen.check import check_file


def test_reference_plan_passes_the_hd36_checker(reference_docx):
    result = check_file(reference_docx)
    errors = [f"{f.rule_id}: {f.expected} / {f.found}" for f in result.findings if f.severity == "error"]
    assert errors == []


def test_check_cli_exit_code_on_rendered_plan(reference_docx):
    result = run_cli("check", str(reference_docx))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 lỗi" in result.stdout


def _errors(path):
    return [f"{f.rule_id}: cần {f.expected} / thấy {f.found}" for f in check_file(path).findings if f.severity == "error"]


def test_every_kind_of_document_passes_the_checker(tmp_path):
    from helpers import ROOT

    plan = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
    period = plan.parent / "progress" / "2023"
    outputs = {
        "derived": (["render", str(plan.parent / "derived" / "huyen-uy-dai-loc.yaml")], tmp_path / "huyen.docx"),
        "progress": (["progress", str(plan), "--data", str(period), "--as-of", "2023-12-31"], tmp_path / "bc.docx"),
        "summary": (["compile", str(plan), "--reports", str(period), "--period", "2023"], tmp_path / "sk.docx"),
    }
    for name, (args, out) in outputs.items():
        result = run_cli(*args, "-o", str(out))
        assert result.returncode == 0, (name, result.stderr)
        assert _errors(out) == [], name
