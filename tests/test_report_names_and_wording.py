"""What the progress report and the sơ kết call things (issue 20, point 4).

- Tasks in the appendices by their `short_name` when the plan gives one, by their first sentence otherwise;
  the sơ kết's group rows by a heading's `short_name` likewise.
- «chậm 163 ngày», «quá 396 ngày» never break between the number and «ngày».
- The trend chart's legend names the issuer's own area («Kết quả toàn huyện»), never the province by default.
- A draft's appendix note keeps the blank number, as the header does.
"""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest
import yaml
from docx import Document

from reportgen.cli import main
from reportgen.core.vnformat import BLANK
from reportgen.document import charts
from reportgen.document.blocks import NBSP, appendix_note, days, plan_reference, task_name
from reportgen.document.header import document_number, number_line
from reportgen.pipeline import load_plan
from reportgen.spec.common import DocDate
from reportgen.tracking.assignment import plan_tasks, task_text
from reportgen.word.text import document_paragraphs

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
DATA = PLAN.parent / "progress" / "2023"
DAI_LOC = PLAN.parent / "derived" / "huyen-uy-dai-loc.yaml"
DAI_LOC_DATA = PLAN.parent / "derived" / "huyen-uy-dai-loc" / "progress" / "2024"
VI_DU = ROOT / "plan_specs" / "vi-du-2-cap" / "plan.yaml"
VI_DU_DATA = VI_DU.parent / "progress" / "2025"
GROUP = "Công tác quán triệt Nghị quyết và triển khai kế hoạch thực hiện"


def _task_rows(path: Path) -> dict[str, list[str]]:
    """Task name column of each task table («Nhiệm vụ»), keyed by the table's fifth header."""
    out: dict[str, list[str]] = {}
    for t in Document(str(path)).tables:
        head = [c.text for c in t.rows[0].cells]
        if head[:2] == ["STT", "Nhiệm vụ"]:
            out.setdefault(head[4], []).extend(r.cells[1].text for r in t.rows[1:] if r.cells[0].text.isdigit())
    return out


def _plan_copy(tmp_path: Path, short_names: bool, group_short: str | None = None) -> Path:
    """The example plan in `tmp_path` (its registry by absolute path), with or without its short names."""
    text = PLAN.read_text(encoding="utf-8")
    text = text.replace("registry: ../units/quang-nam.yaml", f"registry: {PLAN.parent.parent / 'units' / 'quang-nam.yaml'}")
    if not short_names:
        text = re.sub(r"(?m)^\s*short_name: .*\n", "", text)
    if group_short:
        text = text.replace(f"  - heading: {GROUP}\n", f"  - heading: {GROUP}\n    short_name: {group_short}\n", 1)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- short names ------------------------------------------------------------------------------


def test_example_plan_names_every_long_task_briefly():
    entries = plan_tasks(load_plan(PLAN).spec)
    long = {tid: e for tid, e in entries.items() if len(task_text(e)) > 200}
    assert len(long) >= 30
    for tid, e in long.items():
        short = e.node.short_name
        assert short and len(short) <= 90 and short != task_name(task_text(e)), tid


def test_appendices_show_the_short_name(tmp_path):
    entries = plan_tasks(load_plan(PLAN).spec)
    out = tmp_path / "tien-do.docx"
    assert main(["progress", str(PLAN), "--data", str(DATA), "--as-of", "2023-12-31", "-o", str(out)]) == 0
    tables = _task_rows(out)
    by_status, overdue = tables["Ngày hoàn thành / hạn"], tables["Hạn hoàn thành"]
    assert "Quản lý, đánh giá, sàng lọc đảng viên" in by_status
    assert "Ban hành chương trình, kế hoạch thực hiện Nghị quyết" in overdue
    expected = {e.node.short_name or task_name(task_text(e)) for e in entries.values()}
    assert set(by_status) == expected and len(by_status) == len(entries)
    assert not [name for name in by_status + overdue if len(name) > 200]


def test_a_plan_without_short_names_still_shows_the_first_sentence(tmp_path):
    plan = _plan_copy(tmp_path, short_names=False)
    entries = plan_tasks(load_plan(plan).spec)
    assert not any(e.node.short_name for e in entries.values())
    for args in (["progress", str(plan), "--data", str(DATA), "--as-of", "2023-12-31"],
                 ["compile", str(plan), "--reports", str(DATA), "--period", "2023"]):
        out = tmp_path / f"{args[0]}.docx"
        assert main([*args, "-o", str(out)]) == 0
        shown = [name for names in _task_rows(out).values() for name in names]
        assert shown and set(shown) == {task_name(task_text(e)) for e in entries.values()} & set(shown)
        assert "Xây dựng kế hoạch triển khai mô hình “chi bộ bốn tốt”, “đảng bộ cơ sở bốn tốt” (hoàn thành tốt " \
               "nhiệm vụ chính trị; chất lượng sinh hoạt tốt; đoàn kết, kỷ luật tốt; cán bộ, đảng viên tốt); đánh giá " \
               "việc thực hiện thí điểm mô hình sinh hoạt tổ đảng thay cho sinh hoạt chi bộ tại các chi bộ khu dân cư " \
               "có đông đảng viên theo Hướng dẫn số 01-HD/TU, ngày 01/6/2021 của Ban Thường vụ Tỉnh ủy" in shown


def test_group_rows_use_a_headings_short_name(tmp_path):
    plan = _plan_copy(tmp_path, short_names=True, group_short="Quán triệt, triển khai")
    out = tmp_path / "so-ket.docx"
    assert main(["compile", str(plan), "--reports", str(DATA), "--period", "2023", "-o", str(out)]) == 0
    [groups] = [t for t in Document(str(out)).tables if [c.text for c in t.rows[0].cells][:2] == ["STT", "Nhóm nhiệm vụ"]]
    assert [r.cells[1].text for r in groups.rows[1:]] == ["Quán triệt, triển khai", "Nhiệm vụ và giải pháp",
                                                          "Tổ chức thực hiện", "Tổng cộng"]


def test_short_name_is_not_printed_in_the_plan(tmp_path):
    out = tmp_path / "ke-hoach.docx"
    assert main(["render", str(PLAN), "-o", str(out)]) == 0
    text = "\n".join(document_paragraphs(out))
    assert "Quản lý, đánh giá, sàng lọc đảng viên" not in text


# --- days in one piece --------------------------------------------------------------------------

LOOSE_DAYS = re.compile(r"(?i)(?:chậm|quá|quá hạn) [\d.]+ ngày")


@pytest.mark.parametrize("command", ["progress", "compile"])
def test_days_late_never_break_before_ngay(tmp_path, command):
    out = tmp_path / "bc.docx"
    args = (["progress", str(PLAN), "--data", str(DATA), "--as-of", "2023-12-31"] if command == "progress"
            else ["compile", str(PLAN), "--reports", str(DATA), "--period", "2023"])
    assert main([*args, "-o", str(out)]) == 0
    text = "\n".join(document_paragraphs(out))
    bound = re.findall(rf"(?i)(?:chậm|quá|quá hạn) [\d.]+{NBSP}ngày", text)
    assert len(bound) >= 3
    assert LOOSE_DAYS.findall(text) == []
    if command == "progress":
        assert f"chậm 163{NBSP}ngày" in text and f"quá 396{NBSP}ngày" in text
    assert days(1096) == f"1.096{NBSP}ngày"


# --- the trend chart's legend ------------------------------------------------------------------


@pytest.fixture
def chart_texts(monkeypatch) -> list[str]:
    """Every text matplotlib draws in the charts made while the test runs (titles, ticks, legends)."""
    texts: list[str] = []
    original = charts._png

    def spy(fig):
        from matplotlib.text import Text
        texts.extend(t.get_text() for t in fig.findobj(Text))
        return original(fig)

    monkeypatch.setattr(charts, "_png", spy)
    return texts


def test_trend_legend_without_a_whole_term_names_no_area(chart_texts):
    charts.target_trends([("Chi bộ có chi ủy", [("2023", 98.4)], 100.0, True, "100%")])
    assert "Kết quả chung" in chart_texts and not [t for t in chart_texts if "toàn" in t]
    chart_texts.clear()
    charts.target_trends([("Chi bộ có chi ủy", [("2023", 98.4)], 100.0, True, "100%")], whole="toàn xã")
    assert "Kết quả toàn xã" in chart_texts


def test_district_trend_chart_says_toan_huyen(tmp_path, chart_texts):
    out = tmp_path / "so-ket-huyen.docx"
    assert main(["compile", str(DAI_LOC), "--reports", str(DAI_LOC_DATA), "--period", "2024", "-o", str(out)]) == 0
    assert "Kết quả toàn huyện" in chart_texts
    assert not [t for t in chart_texts if "tỉnh" in t]


def test_two_level_province_chart_never_says_huyen(tmp_path, chart_texts):
    out = tmp_path / "so-ket-2-cap.docx"
    assert main(["compile", str(VI_DU), "--reports", str(VI_DU_DATA), "--period", "2025", "-o", str(out)]) == 0
    assert "Kết quả toàn tỉnh" in chart_texts
    assert not [t for t in chart_texts if "huyện" in t.lower()]


# --- the appendix note of a draft --------------------------------------------------------------


def test_draft_appendix_note_keeps_the_blank_number_like_the_header():
    issuer = load_plan(PLAN).spec.issuer
    draft = types.SimpleNamespace(number=None, date=DocDate.model_validate("2024-01"))
    note = appendix_note(issuer, draft)
    blank = document_number(None, "Báo cáo", issuer.symbol)
    assert blank.startswith("      -")
    assert note == f"(Kèm theo Báo cáo số {blank}, ngày {BLANK} tháng 01 năm 2024 của Tỉnh ủy Quảng Nam)"
    assert number_line(None, "Báo cáo", issuer.symbol) == f"Số {blank}"             # as the header prints it
    assert "số -BC" not in note
    issued = types.SimpleNamespace(number=3, date=DocDate.model_validate("2024-01-10"))
    assert appendix_note(issuer, issued) == "(Kèm theo Báo cáo số 03-BC/TU, ngày 10/01/2024 của Tỉnh ủy Quảng Nam)"


def test_draft_report_prints_the_blank_in_its_appendices(tmp_path):
    spec = yaml.safe_load((DATA / "bao-cao.yaml").read_text(encoding="utf-8"))
    spec.pop("number", None)
    spec["date"] = "2024-01"
    spec["draft"] = True
    data = tmp_path / "du-lieu"
    data.mkdir()
    for f in DATA.glob("*.yaml"):
        (data / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (data / "bao-cao.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "du-thao.docx"
    assert main(["progress", str(PLAN), "--data", str(data), "--as-of", "2023-12-31", "-o", str(out)]) == 0
    notes = [p for p in document_paragraphs(out) if p.startswith("(Kèm theo Báo cáo")]
    assert len(notes) == 3
    assert all(p == f"(Kèm theo Báo cáo số {BLANK}-BC/TU, ngày {BLANK} tháng 01 năm 2024 của Tỉnh ủy Quảng Nam)"
               for p in notes), notes


def test_plan_reference_uses_the_document_number():
    spec = load_plan(PLAN).spec
    numbered = spec.model_copy(update={"number": 7, "date": DocDate.model_validate("2022-10-15")})
    assert plan_reference(numbered) == "Kế hoạch số 07-KH/TU, ngày 15/10/2022 của Tỉnh ủy Quảng Nam"
    assert plan_reference(spec.model_copy(update={"number": None})) == "Kế hoạch của Tỉnh ủy Quảng Nam"
