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
