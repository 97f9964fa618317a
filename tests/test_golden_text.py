"""The example documents' text, kept: a refactoring must not change a word of what users read.

Each example output (the provincial plan, Đại Lộc's derived plan, the progress report
and the sơ kết of 2023) is rendered through the command line and its text, read back
paragraph by paragraph with the footnotes, is compared with tests/data/golden/<name>.txt.
A change to what a document says is then a reviewed change to a golden file:
`REPORTGEN_BLESS=1 .venv/bin/python -m pytest tests/test_golden_text.py` rewrites them
and `git diff tests/data/golden` shows every changed line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportgen.cli import main
from reportgen.word.text import document_lines

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "golden"
PLAN = "plan_specs/nq21-quang-nam/plan.yaml"

CASES = {
    "ke-hoach": ["render", PLAN],
    "ke-hoach-dai-loc": ["render", "plan_specs/nq21-quang-nam/derived/huyen-uy-dai-loc.yaml"],
    "bao-cao-tien-do-2023": ["progress", PLAN, "--data", "plan_specs/nq21-quang-nam/progress/2023",
                             "--as-of", "2023-12-31"],
    "so-ket-2023": ["compile", PLAN, "--reports", "plan_specs/nq21-quang-nam/progress/2023", "--period", "2023"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_example_text_is_unchanged(name, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / f"{name}.docx"
    assert main([*CASES[name], "-o", str(out)]) == 0
    text = "\n".join(document_lines(out)) + "\n"
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("REPORTGEN_BLESS"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
