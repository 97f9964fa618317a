"""The appendix tables of the progress report and the sơ kết, as printed (issues 15 and 20).

Every table fills its page's text width (A4 portrait or landscape, margins 30/15 mm); no column is
narrower than its longest word, so «STT» never wraps and «102.487/105.707» never splits; tasks are
named by their whole first sentence, never by an internal id and never cut with «…»; the sơ kết's
group table lists the plan's top-level groups by name, one outline level.  Checked in the .docx and,
where layout matters, in the PDF LibreOffice makes of it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document

from reportgen.cli import main
from reportgen.document import layout
from reportgen.document.blocks import CELL_PADDING, task_name, word_width
from reportgen.pipeline import load_plan
from reportgen.spec.plan import HeadingNode
from reportgen.tracking.assignment import plan_tasks, task_text
from reportgen.word.pdf import docx_to_pdf

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
DATA = PLAN.parent / "progress" / "2023"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PORTRAIT = layout.A4_W - layout.MARGIN_LEFT - layout.MARGIN_RIGHT
LANDSCAPE = layout.A4_H - layout.MARGIN_LEFT - layout.MARGIN_RIGHT


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bao-cao")
    out = {"progress": folder / "tien-do.docx", "summary": folder / "so-ket.docx"}
    assert main(["progress", str(PLAN), "--data", str(DATA), "--as-of", "2023-06-30", "-o", str(out["progress"])]) == 0
    assert main(["compile", str(PLAN), "--reports", str(DATA), "--period", "2023", "-o", str(out["summary"])]) == 0
    return out


def _tables_with_page_width(path: Path):
    """(table, text width of the section it is in) for every data table (first header cell «STT»)."""
    doc = Document(str(path))
    body = doc.element.body
    out, pending = [], []
    for child in body.iterchildren():
        if child.tag == f"{W}tbl":
            pending.append(child)
        sect = child.find(f"{W}pPr/{W}sectPr") if child.tag == f"{W}p" else child if child.tag == f"{W}sectPr" else None
        if sect is not None:
            size = sect.find(f"{W}pgSz")
            width = LANDSCAPE if size.get(f"{W}orient") == "landscape" else PORTRAIT
            out += [(t, width) for t in pending]
            pending = []
    return [(t, w) for t, w in out if t.find(f".//{W}tc").xpath("string(.)") == "STT"]


def _cell_texts(tbl) -> list[list[str]]:
    return [[tc.xpath("string(.)") for tc in tr.findall(f"{W}tc")] for tr in tbl.findall(f"{W}tr")]


@pytest.mark.parametrize("kind", ["progress", "summary"])
def test_tables_fill_the_page_and_every_word_fits_its_column(reports, kind):
    tables = _tables_with_page_width(reports[kind])
    assert len(tables) >= 3
    for tbl, width in tables:
        grid = [int(g.get(f"{W}w")) for g in tbl.findall(f"{W}tblGrid/{W}gridCol")]
        assert sum(grid) == width                                     # A4 text width, portrait or landscape
        rows = _cell_texts(tbl)
        for i, row in enumerate(rows):
            bold = i == 0 or tbl.findall(f"{W}tr")[i].find(f".//{W}b") is not None
            for text, col in zip(row, grid):
                for word in re.split(r"[ \n]+", text):
                    assert word_width(word, bold) + CELL_PADDING <= col, (word, col)
        assert grid[0] >= word_width("STT", bold=True) + CELL_PADDING


@pytest.mark.parametrize("kind", ["progress", "summary"])
def test_tasks_are_named_by_whole_sentences_never_by_id(reports, kind):
    plan = load_plan(PLAN)
    entries = plan_tasks(plan.spec)
    names = {e.node.short_name or task_name(task_text(e)) for e in entries.values()}
    doc = Document(str(reports[kind]))
    task_tables = [t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["STT", "Nhiệm vụ"]]
    assert len(task_tables) == 2                                    # by status, overdue
    cells = [c.text for t in task_tables for r in t.rows[1:] for c in r.cells]
    shown = [r.cells[1].text for t in task_tables for r in t.rows[1:] if r.cells[0].text.isdigit()]
    assert shown and set(shown) <= names                 # each the task's short name or first sentence, whole
    assert not any("…" in c for c in cells)
    assert not set(entries) & {w for c in cells for w in c.split()}   # no internal task id


def test_task_ids_only_when_asked(tmp_path):
    out = tmp_path / "bc.docx"
    assert main(["progress", str(PLAN), "--data", str(DATA), "--as-of", "2023-06-30", "--task-ids",
                 "-o", str(out)]) == 0
    [table] = [t for t in Document(str(out)).tables if t.rows[0].cells[1].text == "Mã nhiệm vụ"][:1]
    ids = {r.cells[1].text for r in table.rows[1:] if r.cells[0].text.isdigit()}
    assert "quy-che-mau" in ids and ids <= set(plan_tasks(load_plan(PLAN).spec))


def test_summary_groups_are_the_plans_top_level_headings(reports):
    """Issue 15: one outline level, the group's own name, not «III. …», «1. …», «2.1. …» or a clause."""
    plan = load_plan(PLAN)
    tops = [n.heading for n in plan.spec.sections if isinstance(n, HeadingNode)
            and any(e.path[:2] == ("sections", plan.spec.sections.index(n)) for e in plan_tasks(plan.spec).values())]
    doc = Document(str(reports["summary"]))
    [groups] = [t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["STT", "Nhóm nhiệm vụ"]]
    rows = [[c.text for c in r.cells] for r in groups.rows[1:]]
    assert [r[1] for r in rows[:-1]] == tops == ["Công tác quán triệt Nghị quyết và triển khai kế hoạch thực hiện",
                                                 "Nhiệm vụ và giải pháp", "Tổ chức thực hiện"]
    assert [r[0] for r in rows] == ["1", "2", "3", ""] and rows[-1][1] == "Tổng cộng"
    widths = [c.width.twips for c in groups.columns]
    assert sum(widths) == PORTRAIT and widths[0] >= word_width("STT", bold=True) + CELL_PADDING


def _pdf_text(docx: Path) -> str:
    pdf = docx_to_pdf(docx)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.office
@pytest.mark.parametrize("kind", ["progress", "summary"])
def test_printed_tables_keep_stt_and_numbers_whole(reports, kind):
    text = _pdf_text(reports[kind])
    appendix = text[text.index("PHỤ LỤC 1"):]
    headers = [line for line in appendix.splitlines() if re.match(r"\s*STT\b", line)]
    assert headers                                                   # every table's header row says «STT» in one piece
    assert not re.search(r"^\s*ST\s*$", text, re.M) and not re.search(r"^\s*T\s{3,}", text, re.M)
    doc = Document(str(reports[kind]))
    figures = {c.text for t in doc.tables for r in t.rows[1:] for c in r.cells
               if re.fullmatch(r"[\d.,/%\u00a0()]+", c.text) and len(c.text) > 3}
    assert figures
    flat = text.replace("\u00a0", " ")
    for figure in figures:                                           # «102.487/105.707», «22 (62,9%)» on one line
        assert figure.replace("\u00a0", " ") in flat, figure
    assert "…" not in appendix
    assert not any(task_id in appendix.split() for task_id in plan_tasks(load_plan(PLAN).spec))
