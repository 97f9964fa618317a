"""The rendered progress report: figures recomputed from the example data, read back from the .docx."""

from datetime import date
from pathlib import Path

import pytest
import yaml
from docx import Document

from reportgen.cli import main
from reportgen.document.blocks import task_name
from reportgen.document.progress_report import build_report
from reportgen.pipeline import load_plan
from reportgen.tracking.load import load_events, load_period, load_report_spec
from reportgen.tracking.results import assess_tasks
from reportgen.tracking.status import Status
from reportgen.word.render import render
from reportgen.word.text import document_lines

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
DATA = PLAN.parent / "progress" / "2023"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("bc") / "bc.docx"
    code = main(["progress", str(PLAN), "--data", str(DATA), "--as-of", "2023-12-31", "-o", str(out)])
    assert code == 0
    return out


def _raw_files():
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("*.yaml"))
            if p.name not in ("bao-cao.yaml", "so-ket.yaml")]


def test_example_files_are_marked_illustrative():
    for p in list(DATA.glob("*.yaml")) + list((PLAN.parent / "progress" / "2024").glob("*.yaml")):
        assert p.read_text(encoding="utf-8").startswith("# SỐ LIỆU MINH HỌA, KHÔNG PHẢI SỐ LIỆU THỐNG KÊ THẬT")


def test_header_and_sections(rendered):
    lines = document_lines(rendered)
    assert "Số 03-BC/TU" in lines and "BÁO CÁO" in lines
    assert "Quảng Nam, ngày 10 tháng 01 năm 2024" in lines
    for heading in ("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, QUÁN TRIỆT, TRIỂN KHAI",
                    "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ, GIẢI PHÁP", "III. ĐÁNH GIÁ CHUNG",
                    "IV. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI", "V. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert heading in lines
    assert "- Lưu Văn phòng Tỉnh ủy." in lines


def test_counts_match_the_data(rendered):
    raw = _raw_files()
    n_docs = sum(len(t.get("documents", [])) for f in raw for t in f["tasks"])
    text = "\n".join(document_lines(rendered))
    assert f"có {len(raw)}/31 đơn vị gửi báo cáo" in text
    assert f"ban hành {n_docs} văn bản" in text


def test_target_rates_are_sums_of_counts(rendered):
    raw = _raw_files()
    value = sum(t["value"] for f in raw for t in f.get("targets", []) if t["target"] == "chi_uy")
    of = sum(t["of"] for f in raw for t in f.get("targets", []) if t["target"] == "chi_uy")
    doc = Document(str(rendered))
    table = doc.tables[-1]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["STT", "Chỉ tiêu", "ĐVT", "Ban đầu", "Mục tiêu", "Kết quả", "Tỷ lệ (%)", "Đánh giá"]
    row = [c.text for c in table.rows[1].cells]
    fmt = lambda n: f"{n:,}".replace(",", ".")
    assert row[1] == "Chi bộ thôn, tổ dân phố có chi ủy"
    assert row[5] == f"{fmt(value)}/{fmt(of)}"
    assert row[6] == f"{round(100 * value / of, 1)}".replace(".", ",")
    assert row[3] == "98,3%" and row[4] == "100%"


def test_status_appendix_and_landscape(rendered):
    plan = load_plan(PLAN)
    data = load_period(plan, DATA, events=load_events(PLAN.parent / "events.yaml", plan))
    results = assess_tasks(data, date(2023, 12, 31))
    statuses = {r.task_id: r.status.status for r in results}
    assert statuses["chi-bo-bon-tot"] in (Status.DONE_ON_TIME, Status.DONE_LATE, Status.OVERDUE, Status.NOT_DUE)
    assert statuses["quy-che-mau"] is Status.WAITING
    assert statuses["doi-moi-boi-duong"] is Status.WAITING     # its event is recorded only in 2024
    doc = Document(str(rendered))
    tasks_table = doc.tables[-3] if len([r for r in results if r.status.status is Status.OVERDUE]) else doc.tables[-2]
    xml = tasks_table._tbl.xml
    assert "w:tblHeader" in xml                                     # repeating header row
    cells = [c.text for row in tasks_table.rows for c in row.cells]
    n_waiting = sum(1 for s in statuses.values() if s is Status.WAITING)
    assert f"Chờ văn bản, hướng dẫn của cấp trên ({n_waiting} nhiệm vụ)" in cells
    # the task by its first sentence, whole, never by its internal id (issue 20)
    assert task_name(next(r.text for r in results if r.task_id == "quy-che-mau")) in cells
    assert not set(statuses) & {word for cell in cells for word in cell.split()}
    orients = [s.orientation for s in doc.sections]
    assert len(doc.sections) == 4 and orients[1] == orients[2] == 1 and orients[3] == 0
    assert all(s.start_type is not None for s in doc.sections)
    # page numbers continue: only the first section restarts
    starts = [s._sectPr.find('{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pgNumType')
              for s in doc.sections[1:]]
    assert all(x is None for x in starts)


def test_event_recorded_makes_waiting_task_due():
    plan = load_plan(PLAN)
    data = load_period(plan, DATA, events={})
    before = {r.task_id: r.status.status for r in assess_tasks(data, date(2023, 12, 31))}
    assert before["cu-the-hoa-phap-luat"] is Status.WAITING
    data.events = {"Trung ương ban hành văn bản liên quan": date(2023, 9, 15)}
    after = {r.task_id: r.status.status for r in assess_tasks(data, date(2023, 12, 31))}
    assert after["cu-the-hoa-phap-luat"] is not Status.WAITING


def test_overall_sentence_counts(rendered):
    plan = load_plan(PLAN)
    data = load_period(plan, DATA, events=load_events(PLAN.parent / "events.yaml", plan))
    results = assess_tasks(data, date(2023, 12, 31))
    done = sum(r.status.status.is_done for r in results)
    text = "\n".join(document_lines(rendered))
    assert f"tổng số {len(results)} nhiệm vụ: {done} nhiệm vụ đã hoàn thành" in text


def test_build_is_deterministic():
    plan = load_plan(PLAN)
    data = load_period(plan, DATA)
    spec = load_report_spec(DATA / "bao-cao.yaml")
    a = build_report(data, spec, date(2023, 12, 31))
    b = build_report(data, spec, date(2023, 12, 31))
    assert a == b
    render(a)


def test_target_sentences_read_the_same_in_the_progress_and_the_summary_report(rendered, tmp_path):
    """One convention for figures: a drafter quoting either report gives the leaders the same sentence."""
    out = tmp_path / "so-ket.docx"
    assert main(["compile", str(PLAN), "--reports", str(DATA), "--period", "2023", "-o", str(out)]) == 0
    plan = load_plan(PLAN)
    names = tuple(f"- {t.name}:" for t in plan.spec.targets)

    def sentences(path):
        return [line for line in document_lines(path) if line.startswith(names)]

    progress = sentences(rendered)
    assert len(progress) == len(names)
    assert progress == sentences(out)
    assert all("đạt 100,0%" not in s and ",0%" not in s for s in progress)   # prose drops a trailing ",0"
    assert all("; số liệu của " in s and " đơn vị đã báo cáo." in s for s in progress)   # 20 of 29 units gave figures


def test_task_titles_are_whole_clauses_and_sentences_outside_brackets():
    from reportgen.document.blocks import short_text, task_name

    model = ("Xây dựng kế hoạch triển khai mô hình “chi bộ bốn tốt” (hoàn thành tốt nhiệm vụ chính trị; chất lượng "
             "sinh hoạt tốt); đánh giá việc thực hiện thí điểm. Câu sau.")
    assert short_text(model) == ("Xây dựng kế hoạch triển khai mô hình “chi bộ bốn tốt” (hoàn thành tốt nhiệm vụ "
                                 "chính trị; chất lượng sinh hoạt tốt)")
    assert task_name(model) == model.removesuffix(". Câu sau.")            # the appendix: the whole first sentence
    assert short_text("Quán triệt “Nghị quyết. Kế hoạch” đầy đủ. Câu sau.") == "Quán triệt “Nghị quyết. Kế hoạch” đầy đủ"
    long = "Tăng cường " + "công tác " * 40 + "(hoàn thành tốt nhiệm vụ chính trị, chất lượng sinh hoạt tốt)"
    assert short_text(long) == long and task_name(long + ". Sau.") == long     # never cut inside: no «…»
    assert task_name("Chủ trì tham mưu Ban Thường vụ Tỉnh ủy:") == "Chủ trì tham mưu Ban Thường vụ Tỉnh ủy"


def test_count_sentence_leaves_out_zero_parts():
    from collections import Counter

    from reportgen.document.progress_report import status_sentence
    from reportgen.tracking.status import Status

    def sentence(**kw):
        return status_sentence(Counter({Status[k]: v for k, v in kw.items()}), sum(kw.values()))

    assert sentence(OVERDUE=1, ONGOING=4) == ("Tổng số 5 nhiệm vụ: chưa có nhiệm vụ nào hoàn thành; "
                                              "1 nhiệm vụ quá hạn, chưa hoàn thành; 4 nhiệm vụ thực hiện thường xuyên.")
    assert sentence(DONE_LATE=1, OVERDUE=1) == ("Tổng số 2 nhiệm vụ: 1 nhiệm vụ đã hoàn thành nhưng chậm so với "
                                                "thời hạn; 1 nhiệm vụ quá hạn, chưa hoàn thành.")
    assert sentence(DONE_ON_TIME=4) == "Tổng số 4 nhiệm vụ: 4 nhiệm vụ đã hoàn thành đúng hạn."
    assert sentence(DONE_ON_TIME=7, DONE_LATE=1, WAITING=2) == (
        "Tổng số 10 nhiệm vụ: 8 nhiệm vụ đã hoàn thành (7 đúng hạn, 1 chậm so với thời hạn); "
        "2 nhiệm vụ chờ văn bản, hướng dẫn của cấp trên.")
