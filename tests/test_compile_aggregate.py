"""The summary's counting on a small province computed by hand.

Four units under one Tỉnh ủy: A and B report, C's file is malformed (named,
set aside, not fatal), D sends nothing.  Target «xep_loai» is measured by A
only.  At 31/12/2023:

* x1 (all four units lead, due 31/3/2023): A done 10/02 (on time), B done
  01/5 (late); C and D have not finished it, so the task is overdue;
* x2 (all four, thường xuyên): ongoing → "in progress";
* y1 (A, due 30/6/2023): A has not started → overdue;
* y2 (B, due 30/9/2023): B done 01/8 → done on time;
* w1 (A, after the Central guidance, never recorded) → waiting.

Province: chi_uy 1.213/1.226 + 40/52 = 1.253/1.278 = 98,0% (a mean of the
two percentages would be 87,9%); xep_loai 90/100 from one unit of two.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from reportgen.document.figures import figures
from reportgen.pipeline import load_plan
from reportgen.tracking.aggregate import summarize
from reportgen.tracking.load import load_period
from reportgen.tracking.status import Status

AS_OF = _dt.date(2023, 12, 31)

REGISTRY = """\
name: Đảng bộ tỉnh Thử Nghiệm (dữ liệu kiểm thử)
terms:
  tinh: {whole: toàn tỉnh}
units:
  - {id: tinh, name: Tỉnh ủy Thử Nghiệm, short_name: Tỉnh ủy, symbol: TU, place: Thử Nghiệm, level: tinh}
  - {id: dv-a, name: Huyện ủy An Phú, symbol: HU, place: An Phú, level: huyen, parent: tinh}
  - {id: dv-b, name: Huyện ủy Bình Minh, symbol: HU, place: Bình Minh, level: huyen, parent: tinh}
  - {id: dv-c, name: Huyện ủy Cẩm Lệ, symbol: HU, place: Cẩm Lệ, level: huyen, parent: tinh}
  - {id: dv-d, name: Huyện ủy Diên Hồng, symbol: HU, place: Diên Hồng, level: huyen, parent: tinh}
"""

PLAN = """\
document_type: Kế hoạch
registry: units.yaml
issuer: {name: Tỉnh ủy Thử Nghiệm, short_name: Tỉnh ủy, symbol: TU, place: Thử Nghiệm, unit: tinh}
number: 7
date: 2022-10-15
subject: thực hiện Nghị quyết số 21-NQ/TW
opening: "Tỉnh ủy ban hành Kế hoạch như sau:"
targets:
  - {id: chi_uy, name: Chi bộ có chi ủy, baseline: 98.3, goal: 100, by_year: 2030}
  - {id: xep_loai, name: Đảng viên hoàn thành tốt nhiệm vụ trở lên, goal: 90, comparator: above, yearly: true}
sections:
  - heading: Nhiệm vụ chung
    lead: children
    content:
      - {item: Quán triệt Nghị quyết., id: x1, deadline: hoàn thành trong tháng 3/2023}
      - {item: Đổi mới phương thức lãnh đạo., id: x2, deadline: thực hiện thường xuyên}
  - heading: Nhiệm vụ riêng
    content:
      - {item: Rà soát chi bộ., id: y1, lead: dv-a, deadline: hoàn thành trong tháng 6/2023}
      - {item: Kiện toàn chi ủy., id: y2, lead: dv-b, deadline: hoàn thành trong tháng 9/2023}
      - {item: Cụ thể hóa hướng dẫn., id: w1, lead: dv-a, deadline: sau khi có Hướng dẫn của Ban Tổ chức Trung ương}
recipients: [Lưu Văn phòng Tỉnh ủy]
signer: {authority: T/M BAN THƯỜNG VỤ, title: BÍ THƯ, name: Nguyễn Văn A}
"""

UNIT_A = """\
unit: dv-a
period: 2023
tasks:
  - {task: x1, state: done, done_on: 2023-02-10, documents: [{type: Kế hoạch, number: 15-KH/HU, date: 2023-02-10}]}
  - {task: x2, state: in_progress}
  - {task: y1, state: not_started}
targets:
  - {target: chi_uy, value: 1213, of: 1226}
  - {target: xep_loai, value: 90, of: 100}
"""

UNIT_B = """\
unit: dv-b
period: 2023
tasks:
  - {task: x1, state: done, done_on: 2023-05-01}
  - {task: x2, state: done, done_on: 2023-06-01}
  - {task: y2, state: done, done_on: 2023-08-01}
targets:
  - {target: chi_uy, value: 40, of: 52}
"""

UNIT_C_MALFORMED = """\
unit: dv-c
period: 2023
targets:
  - {target: chi_uy_sai, value: 10, of: 12}
"""

SUMMARY_SPEC = """\
date: 2024-01-15
number: 4
kind: sơ kết
assessment:
  - "Tỷ lệ chi bộ có chi ủy toàn tỉnh đạt {{ targets.chi_uy.rate }} ({{ targets.chi_uy.value }}/{{ targets.chi_uy.of }})."
limitations:
  - "Còn {{ tasks.overdue }} nhiệm vụ quá hạn; {{ units.missing }} đơn vị chưa báo cáo."
recipients: [Ban Tổ chức Trung ương (báo cáo), Lưu Văn phòng Tỉnh ủy]
signer: {authority: T/M BAN THƯỜNG VỤ, title: PHÓ BÍ THƯ THƯỜNG TRỰC, name: Nguyễn Văn B}
"""


def make_case(root: Path) -> tuple[Path, Path]:
    """(plan path, period folder) of the hand-computed province, with its summary spec in the folder."""
    (root / "units.yaml").write_text(REGISTRY, encoding="utf-8")
    plan = root / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    period = root / "progress" / "2023"
    period.mkdir(parents=True)
    (period / "dv-a.yaml").write_text(UNIT_A, encoding="utf-8")
    (period / "dv-b.yaml").write_text(UNIT_B, encoding="utf-8")
    (period / "dv-c.yaml").write_text(UNIT_C_MALFORMED, encoding="utf-8")
    return plan, period


@pytest.fixture()
def summary(tmp_path):
    plan_path, period = make_case(tmp_path)
    plan = load_plan(plan_path)
    data = load_period(plan, period, tolerant=True)
    return summarize(data, AS_OF)


def test_task_statuses_and_overall_counts(summary):
    statuses = {r.task_id: r.status.status for r in summary.tasks}
    assert statuses == {"x1": Status.OVERDUE, "x2": Status.ONGOING, "y1": Status.OVERDUE,
                        "y2": Status.DONE_ON_TIME, "w1": Status.WAITING}
    c = summary.overall
    assert (c.total, c.bucket("done"), c.bucket("in_progress"), c.bucket("overdue"), c.bucket("waiting")) == \
        (5, 1, 1, 2, 1)
    assert c.share("overdue") == pytest.approx(40.0)


def test_per_group(summary):
    groups = {g.title: g.counts for g in summary.groups}
    assert list(groups) == ["Nhiệm vụ chung", "Nhiệm vụ riêng"]
    common, own = groups["Nhiệm vụ chung"], groups["Nhiệm vụ riêng"]
    assert (common.total, common.bucket("overdue"), common.bucket("in_progress")) == (2, 1, 1)
    assert (own.total, own.bucket("done"), own.bucket("overdue"), own.bucket("waiting")) == (3, 1, 1, 1)


def test_per_unit_counts_only_reporting_units(summary):
    units = {u.unit: u for u in summary.units}
    assert list(units) == ["dv-a", "dv-b"]
    a, b = units["dv-a"].counts, units["dv-b"].counts
    # A leads x1 (done on time), x2 (ongoing), y1 (overdue), w1 (waiting)
    assert (a.total, a.bucket("done"), a.bucket("in_progress"), a.bucket("overdue"), a.bucket("waiting")) == \
        (4, 1, 1, 1, 1)
    assert units["dv-a"].overdue_tasks == ["y1"]
    # B leads x1 (done late), x2 (done), y2 (done on time)
    assert (b.total, b.bucket("done"), b.by_status[Status.DONE_LATE]) == (3, 3, 1)
    assert units["dv-b"].done_share == pytest.approx(100.0)


def test_targets_are_sums_of_counts_and_partial_measurement(summary):
    targets = {t.target.id: t for t in summary.targets}
    chi_uy = targets["chi_uy"].result
    assert (chi_uy.value, chi_uy.of) == (1253, 1278)
    assert chi_uy.rate == pytest.approx(100 * 1253 / 1278)
    assert chi_uy.met is False
    assert [u.unit for u in targets["chi_uy"].by_unit] == ["dv-a", "dv-b"]
    xep = targets["xep_loai"]
    assert [u.unit for u in xep.by_unit] == ["dv-a"]            # measured by one unit of two
    assert (xep.result.value, xep.result.of) == (90, 100)
    assert xep.result.met is False                               # "trên 90%": 90,0% is not above


def test_missing_and_malformed_units_by_name(summary):
    assert summary.expected == ["dv-a", "dv-b", "dv-c", "dv-d"]
    assert summary.missing == [("dv-d", "Huyện ủy Diên Hồng")]
    [failed] = summary.failed
    assert failed.unit == "dv-c" and failed.name == "Huyện ủy Cẩm Lệ"
    assert failed.file.endswith("dv-c.yaml") and "chi_uy_sai" in failed.problems[0].message


def test_overdue_list_with_lead_units(summary):
    overdue = [(r.task_id, r.status.due, r.lead) for r in summary.overdue]
    assert overdue == [("x1", _dt.date(2023, 3, 31), ["dv-a", "dv-b", "dv-c", "dv-d"]),
                       ("y1", _dt.date(2023, 6, 30), ["dv-a"])]


def test_named_figures(summary):
    f = figures(summary)
    assert f["targets"]["chi_uy"]["rate"] == "98%"
    assert f["targets"]["chi_uy"]["value"] == "1.253" and f["targets"]["chi_uy"]["of"] == "1.278"
    assert f["targets"]["chi_uy"]["goal"] == "100%" and f["targets"]["chi_uy"]["baseline"] == "98,3%"
    assert f["targets"]["chi_uy"]["met"] == "chưa đến hạn", "a 2030 goal is not yet due in 2023"
    assert f["targets"]["xep_loai"]["met"] == "chưa đạt", "a yearly goal is due every year"
    # clauses that read right in a sentence whatever the outcome
    assert f["targets"]["chi_uy"]["verdict"] == "chưa đạt mục tiêu năm 2030 (chưa đến hạn)"
    assert f["targets"]["xep_loai"]["verdict"] == "chưa đạt mục tiêu"
    assert f["targets"]["chi_uy"]["change"] == "chưa có số liệu kỳ trước để so sánh"
    assert f["targets"]["xep_loai"]["units"] == "1" and f["targets"]["xep_loai"]["rate"] == "90%"
    assert f["tasks"] == {**f["tasks"], "total": "5", "done": "1", "done_share": "20%", "overdue": "2",
                          "overdue_share": "40%", "waiting": "1", "in_progress": "1"}
    assert f["units"]["expected"] == "4" and f["units"]["reported"] == "2"
    assert f["units"]["missing"] == "1" and f["units"]["missing_names"] == "Huyện ủy Diên Hồng"
    assert f["units"]["failed"] == "1" and f["units"]["reported_share"] == "50%"


def test_trend_with_an_earlier_period(tmp_path):
    plan_path, period = make_case(tmp_path)
    earlier = period.parent / "2022"
    earlier.mkdir()
    (earlier / "dv-a.yaml").write_text(
        "unit: dv-a\nperiod: 2022\ntargets:\n  - {target: chi_uy, value: 1200, of: 1226}\n", encoding="utf-8")
    plan = load_plan(plan_path)
    from reportgen.tracking.history import discover_history, load_history

    current = load_period(plan, period, tolerant=True)
    folders = discover_history(period, current.period)
    assert folders == [earlier.resolve()]
    history = load_history(plan, folders, {}, current.period)
    summary = summarize(current, AS_OF, history)
    trend = {t.target.id: t.trend for t in summary.targets}
    assert [label for label, _ in trend["chi_uy"]] == ["2022", "2023"]
    assert trend["chi_uy"][0][1] == pytest.approx(100 * 1200 / 1226)
    assert trend["xep_loai"][0][1] is None
    assert figures(summary)["targets"]["chi_uy"]["change"] == "tăng 0,2 điểm phần trăm so với kỳ trước"
