"""Level-1 headings are printed in capitals; a footnote in one keeps its mark and its note."""

from __future__ import annotations

from helpers import REFERENCE_SPEC, write_spec
from reportgen.cli import main
from reportgen.word.text import document_lines, footnotes


def test_a_footnote_in_a_level_one_heading_survives_the_capitals(tmp_path):
    text = REFERENCE_SPEC.read_text(encoding="utf-8")
    first = "  - heading: Mục đích, yêu cầu\n"
    assert first in text
    text = text.replace(first, "  - heading: Mục đích, yêu cầu[^muc-dich]\n", 1)
    text = text.replace("footnotes:\n", "footnotes:\n  muc-dich: Theo Hướng dẫn số 36-HD/VPTW.\n", 1)
    spec = write_spec(tmp_path, text)
    out = tmp_path / "ke-hoach.docx"
    assert main(["render", str(spec), "-o", str(out)]) == 0
    lines = document_lines(out)
    assert "I. MỤC ĐÍCH, YÊU CẦU" in lines
    assert not any("[^" in line for line in lines)
    assert "Theo Hướng dẫn số 36-HD/VPTW." in footnotes(out).values()
