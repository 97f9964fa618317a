"""No page of a generated report is blank or holds nothing but a table's repeated header row.

Each section of a report ends with an empty paragraph carrying its `w:sectPr` (the body before the landscape
appendix, each appendix), and the document with one after its last table.  At the body's size that paragraph
needs a line: after a table or closing block that fills its page to the bottom, it spilled onto a page of its
own (the progress report of 2024 printed a blank page 10 after the signer).  It is now hidden and 1 twip
high, and the last row of the table before it keeps with it.  Checked in the .docx and in the PDF
LibreOffice makes of it.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from reportgen.cli import main
from reportgen.word.pdf import docx_to_pdf

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CASES = {
    # the closing block of this one ends at the foot of page 9: its section break used to make a blank page 10
    "tien-do-2024": ["progress", str(PLAN), "--data", str(PLAN.parent / "progress" / "2024"), "--as-of", "2024-12-31"],
    "tien-do-2023": ["progress", str(PLAN), "--data", str(PLAN.parent / "progress" / "2023"), "--as-of", "2023-12-31"],
    "so-ket-2023": ["compile", str(PLAN), "--reports", str(PLAN.parent / "progress" / "2023"), "--period", "2023"],
    "so-ket-2024": ["compile", str(PLAN), "--reports", str(PLAN.parent / "progress" / "2024"), "--period", "2024"],
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("trang")
    out = {}
    for name, args in CASES.items():
        out[name] = folder / f"{name}.docx"
        assert main([*args, "-o", str(out[name])]) == 0
    return out


def _body(path: Path):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("word/document.xml")).find(f"{W}body")


@pytest.mark.parametrize("name", sorted(CASES))
def test_section_ends_take_no_room_and_tables_keep_their_last_row_with_them(reports, name):
    children = [c for c in _body(reports[name]) if c.tag != f"{W}sectPr"]
    ends = [i for i, c in enumerate(children) if c.find(f"{W}pPr/{W}sectPr") is not None]
    assert len(ends) >= 3
    assert children[-1].tag == f"{W}p"                  # never a table last: Word and LibreOffice would add a line
    for i in ends + [len(children) - 1]:
        p = children[i]
        assert "".join(p.itertext()) == ""
        spacing = p.find(f"{W}pPr/{W}spacing")
        assert spacing.get(f"{W}line") == "20" and spacing.get(f"{W}lineRule") == "exact"
        assert spacing.get(f"{W}before") == "0" and spacing.get(f"{W}after") == "0"
        assert p.find(f"{W}pPr/{W}rPr/{W}vanish") is not None
        table = children[i - 1]
        assert table.tag == f"{W}tbl"                    # in a report every section ends with a table
        last = table.findall(f"{W}tr")[-1]
        assert all(q.find(f"{W}pPr/{W}keepNext") is not None for q in last.iter(f"{W}p"))
        if len(table.findall(f"{W}tr")) > 2:             # only the last row is kept with what follows
            assert table.findall(f"{W}tr")[-2].find(f".//{W}keepNext") is None


def _header_words(path: Path) -> set[str]:
    """Every word of every table's first row (the row repeated at the top of each page)."""
    words: set[str] = set()
    for tbl in _body(path).iter(f"{W}tbl"):
        first = tbl.find(f"{W}tr")
        for p in first.iter(f"{W}p"):
            words.update("".join(p.itertext()).split())
    return words


@pytest.mark.office
@pytest.mark.parametrize("name", sorted(CASES))
def test_every_printed_page_has_text_beyond_a_header_row(reports, name):
    pdf = docx_to_pdf(reports[name])
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    header = _header_words(reports[name])
    assert len(pages) >= 15
    for number, page in enumerate(pages, 1):
        body = [w for w in page.split() if w not in header and w != str(number)]
        assert len(body) >= 5, (name, number, page.strip()[:300])
