"""The reporting chain (issue 19): communes → district unit report → province, and the same figures either way.

* `compile … --unit-report` writes the district's own report in the format of any unit's progress file; the
  province's `compile` reads it like any other unit's file (Đại Lộc 2024, the example data);
* associativity: targets are sums of numerators and denominators, so compiling the province from districts'
  unit reports gives the figures of compiling all communes directly (an example, and hypothesis on random trees);
* a district's sơ kết speaks of its own area («toàn huyện»), the two-level example never of a «huyện».
"""

from __future__ import annotations

import datetime as _dt
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ROOT
from reportgen.cli import main
from reportgen.pipeline import load_plan
from reportgen.pipeline.reports import compile_summary
from reportgen.spec.progress import Period, UnitProgress
from reportgen.tracking.load import PeriodData, load_period
from reportgen.tracking.results import assess_targets, assess_tasks, issued_documents
from reportgen.tracking.rollup import MARKER, unit_report
from reportgen.word.text import document_lines

PROVINCE_PLAN = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
PROVINCE_2024 = ROOT / "plan_specs" / "nq21-quang-nam" / "progress" / "2024"
DISTRICT_PLAN = ROOT / "plan_specs" / "nq21-quang-nam" / "derived" / "huyen-uy-dai-loc.yaml"
DISTRICT_2024 = ROOT / "plan_specs" / "nq21-quang-nam" / "derived" / "huyen-uy-dai-loc" / "progress" / "2024"
TWO_LEVEL_PLAN = ROOT / "plan_specs" / "vi-du-2-cap" / "plan.yaml"
TWO_LEVEL_2025 = ROOT / "plan_specs" / "vi-du-2-cap" / "progress" / "2025"
DAI_LOC = "huyen-uy-dai-loc"


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """Đại Lộc 2024 compiled from its communes with --unit-report written into a copy of the province's 2024 data."""
    root = tmp_path_factory.mktemp("chuoi")
    province = root / "tinh-2024"
    shutil.copytree(PROVINCE_2024, province)
    (province / f"{DAI_LOC}.yaml").unlink()               # the hand-typed example report gives way to the computed one
    report = province / f"{DAI_LOC}.yaml"
    docx = root / "so-ket-dai-loc.docx"
    code = main(["compile", str(DISTRICT_PLAN), "--reports", str(DISTRICT_2024), "--period", "2024",
                 "-o", str(docx), "--unit-report", str(report)])
    assert code == 0
    return province, report, docx


def _commune_files() -> list[dict]:
    out = []
    for path in sorted(DISTRICT_2024.glob("*.yaml")):
        if path.name in ("so-ket.yaml", "bao-cao.yaml"):
            continue
        out.append(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def test_unit_report_is_a_unit_progress_file_with_a_header(chain):
    _province, report, _docx = chain
    text = report.read_text(encoding="utf-8")
    first, second, third = text.splitlines()[:3]
    assert first.startswith(MARKER) and "từ 20 báo cáo" in first and "Huyện ủy Đại Lộc" in first
    assert "tính đến ngày 31/12/2024" in first
    assert "SỐ LIỆU MINH HỌA" in third                      # its inputs are illustrative
    progress = UnitProgress.model_validate(yaml.safe_load(text))
    assert progress.unit == DAI_LOC and progress.illustrative
    assert progress.period == Period.model_validate(2024)


def test_targets_are_sums_of_the_communes_figures(chain):
    _province, report, _docx = chain
    progress = UnitProgress.model_validate(yaml.safe_load(report.read_text(encoding="utf-8")))
    sums: dict[str, list[float]] = {}
    for unit in _commune_files():
        for t in unit.get("targets", []):
            acc = sums.setdefault(t["target"], [0, 0])
            acc[0] += t["value"]
            acc[1] += t.get("of") or 0
    assert {t.target: [t.value, t.of] for t in progress.targets} == sums


def test_children_tasks_are_done_only_when_every_commune_is(chain):
    _province, report, _docx = chain
    progress = UnitProgress.model_validate(yaml.safe_load(report.read_text(encoding="utf-8")))
    plan = load_plan(DISTRICT_PLAN)
    data = load_period(plan, DISTRICT_2024, tolerant=True)
    results = {r.task_id: r for r in assess_tasks(data, _dt.date(2024, 12, 31))}
    by_task = {t.task: t for t in progress.tasks}
    # Only the tasks the province gives Đại Lộc: the Ban Tổ chức's tasks stay with the Ban Tổ chức.
    assert "chi-bo-bon-tot" not in by_task and "quan-triet-huong-dan" not in by_task
    seen = 0
    for task_id, t in by_task.items():
        r = results[task_id]
        if r.entry.lead != "children":
            continue
        seen += 1
        finished = [u for u in r.lead if r.finished(u)]
        assert len(r.lead) == 18
        assert (t.state == "done") == (len(finished) == 18)
        assert t.result.startswith(f"{len(finished)}/18 đơn vị được giao đã hoàn thành")
        if t.state == "done":
            assert t.done_on == max(r.reports[u].done_on for u in r.lead)
        # every document the communes had issued for it goes up with it
        assert len(t.documents) == sum(len(r.documents(u)) for u in r.reports)
    assert seen >= 10


def test_province_reads_it_like_any_unit_file(chain):
    province, _report, _docx = chain
    compiled = compile_summary(PROVINCE_PLAN, province, period=Period.model_validate(2024), history=[],
                               charts=False)
    assert compiled.failed == {}
    assert DAI_LOC in [u.unit for u in compiled.summary.units]
    progress = UnitProgress.model_validate(yaml.safe_load(_report.read_text(encoding="utf-8")))
    for t in compiled.summary.targets:
        row = next(u for u in t.by_unit if u.unit == DAI_LOC)
        mine = next(p for p in progress.targets if p.target == t.target.id)
        assert (row.value, row.of) == (mine.value, mine.of)


def test_province_figures_equal_those_of_all_communes_directly(chain):
    """Associativity on the example: the province with Đại Lộc's unit report = the province's other units
    plus every one of Đại Lộc's own units, counted one by one."""
    province, _report, _docx = chain
    plan = load_plan(PROVINCE_PLAN)
    through = load_period(plan, province, tolerant=True)
    district = load_period(load_plan(DISTRICT_PLAN), DISTRICT_2024, tolerant=True)
    flat_units = {u: p for u, p in through.units.items() if u != DAI_LOC} | district.units
    flat = PeriodData(plan=plan, directory=province, period=through.period, units=flat_units)
    a = {r.target.id: (r.value, r.of, r.rate, r.met) for r in assess_targets(through)}
    b = {r.target.id: (r.value, r.of, r.rate, r.met) for r in assess_targets(flat)}
    assert a == b


def test_district_summary_speaks_of_its_own_area(chain):
    _province, _report, docx = chain
    lines = document_lines(docx)
    text = "\n".join(lines)
    assert "toàn tỉnh" not in text.lower()
    assert "Toàn huyện (16 đơn vị)" in lines
    assert any(line.startswith("Hình ") and "Kết quả các chỉ tiêu toàn huyện năm 2024" in line for line in lines)


def test_two_level_summary_never_says_huyen(tmp_path):
    out = tmp_path / "so-ket.docx"
    assert main(["compile", str(TWO_LEVEL_PLAN), "--reports", str(TWO_LEVEL_2025), "-o", str(out)]) == 0
    lines = document_lines(out)
    assert not [line for line in lines if "huyện" in line.lower()]
    assert any(line.startswith("Toàn tỉnh (") for line in lines)


# ---------------------------------------------------------------------------
# Refusals: nothing written
# ---------------------------------------------------------------------------


def _district_compile(tmp_path, unit_report_path, *extra):
    docx = tmp_path / "so-ket.docx"
    code = main(["compile", str(DISTRICT_PLAN), "--reports", str(DISTRICT_2024), "--period", "2024",
                 "-o", str(docx), "--no-history", "--unit-report", str(unit_report_path), *extra])
    return code, docx


def test_unit_report_never_replaces_a_hand_typed_report(tmp_path, capsys):
    typed = tmp_path / f"{DAI_LOC}.yaml"
    shutil.copy(PROVINCE_2024 / f"{DAI_LOC}.yaml", typed)
    before = typed.read_bytes()
    code, docx = _district_compile(tmp_path, typed)
    assert code == 2
    assert "không ghi đè" in capsys.readouterr().err
    assert typed.read_bytes() == before and not docx.exists()
    code, docx = _district_compile(tmp_path, typed, "--force")       # --force: replaced, the old one kept
    assert code == 0 and docx.exists()
    assert typed.read_text(encoding="utf-8").startswith(MARKER)
    [backup] = tmp_path.glob(f"{DAI_LOC}.sao-luu-*.yaml")
    assert backup.read_bytes() == before


def test_backup_beside_the_units_files_is_not_a_second_report(tmp_path):
    """The backup `--force` keeps («….sao-luu-….yaml») is not read as the unit's second report."""
    province = tmp_path / "tinh"
    shutil.copytree(PROVINCE_2024, province)
    shutil.copy(province / f"{DAI_LOC}.yaml", province / f"{DAI_LOC}.sao-luu-20250106-101500.yaml")
    data = load_period(load_plan(PROVINCE_PLAN), province, tolerant=True)
    assert data.failed == {} and DAI_LOC in data.units


@pytest.mark.parametrize("name", ["bao-cao.txt", None])
def test_unit_report_path_refused_before_any_work(tmp_path, capsys, name):
    target = tmp_path / name if name else DISTRICT_2024 / "huyen-uy-dai-loc-gui-tinh.yaml"
    code, docx = _district_compile(tmp_path, target)
    assert code == 2
    err = capsys.readouterr().err
    assert ".yaml" in err if name else "thư mục báo cáo của các đơn vị cấp dưới" in err
    assert not docx.exists() and not target.exists()


# ---------------------------------------------------------------------------
# Associativity on random trees (library level: aggregate + unit-report builder)
# ---------------------------------------------------------------------------

MINI_PLAN = """\
document_type: Kế hoạch
issuer: {name: Tỉnh ủy Thử Nghiệm, short_name: Tỉnh ủy, symbol: TU, place: Thử Nghiệm}
date: 2023-01-10
subject: thực hiện Nghị quyết thử nghiệm
opening: "Tỉnh ủy ban hành Kế hoạch như sau:"
targets:
  - {id: ty_le, name: Chi bộ có chi ủy, goal: 95, yearly: true}
  - {id: so_luong, name: Đảng viên mới kết nạp, unit: đảng viên, goal: 500, comparator: at_least, yearly: true}
sections:
  - heading: Nhiệm vụ
    content:
      - {item: Quán triệt Nghị quyết., id: nv1, deadline: hoàn thành trong tháng 6/2023}
      - {item: Kiểm tra việc thực hiện., id: nv2, deadline: thực hiện thường xuyên}
recipients: [Lưu Văn phòng Tỉnh ủy]
signer: {title: BÍ THƯ, name: Nguyễn Văn A}
"""
PERIOD = Period.model_validate(2023)
AS_OF = _dt.date(2023, 12, 31)


@pytest.fixture(scope="module")
def mini_plan(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ke-hoach-mini")
    (folder / "plan.yaml").write_text(MINI_PLAN, encoding="utf-8")
    return load_plan(folder / "plan.yaml")


def _rate_figure():
    return st.integers(1, 5000).flatmap(lambda of: st.tuples(st.integers(0, of), st.just(of)))


_task = st.one_of(
    st.none(),
    st.tuples(st.just("done"), st.integers(1, 365)),
    st.tuples(st.just("in_progress"), st.integers(0, 100)),
    st.tuples(st.just("not_started"), st.just(0)),
)
_leaf = st.fixed_dictionaries({
    "ty_le": st.one_of(st.none(), _rate_figure()),
    "so_luong": st.one_of(st.none(), st.integers(0, 4000).map(lambda n: n / 2)),      # halves: exact binary sums
    "nv1": _task, "nv2": _task,
})
_tree = st.recursive(_leaf, lambda children: st.lists(children, min_size=1, max_size=4), max_leaves=25)


def _leaf_progress(unit: str, figures: dict) -> UnitProgress:
    tasks = []
    for task in ("nv1", "nv2"):
        if figures[task] is None:
            continue
        state, n = figures[task]
        entry: dict = {"task": task, "state": state}
        if state == "done":
            entry["done_on"] = _dt.date(2023, 1, 1) + _dt.timedelta(days=n - 1)
            entry["documents"] = [{"number": f"{n}-KH/ĐU", "date": entry["done_on"]}]
        elif state == "in_progress":
            entry["share"] = n
        tasks.append(entry)
    targets = []
    if figures["ty_le"] is not None:
        value, of = figures["ty_le"]
        targets.append({"target": "ty_le", "value": value, "of": of})
    if figures["so_luong"] is not None:
        targets.append({"target": "so_luong", "value": figures["so_luong"]})
    return UnitProgress.model_validate({"unit": unit, "period": 2023, "tasks": tasks, "targets": targets})


def _data(plan, units: dict[str, UnitProgress]) -> PeriodData:
    return PeriodData(plan=plan, directory=Path("."), period=PERIOD, units=units)


def _up(plan, node, unit: str, leaves: dict[str, UnitProgress]) -> UnitProgress:
    """The node's report: a leaf's own, or the unit report rolled up from its children's (recursively)."""
    if isinstance(node, dict):
        leaves[unit] = _leaf_progress(unit, node)
        return leaves[unit]
    children = {f"{unit}-{i}": _up(plan, child, f"{unit}-{i}", leaves) for i, child in enumerate(node)}
    data = _data(plan, children)
    return unit_report(data, assess_tasks(data, AS_OF), unit=unit)


def _figures(plan, units: dict[str, UnitProgress]):
    data = _data(plan, units)
    results = assess_tasks(data, AS_OF)
    targets = {r.target.id: (r.value, r.of, r.rate, r.measured, r.met) for r in assess_targets(data)}
    tasks = {r.task_id: (r.status.status.is_done, r.status.done_on) for r in results if r.owners}
    documents = sum(len(d) for d in issued_documents(results, list(units)).values())
    return targets, tasks, documents


@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=st.lists(_tree, min_size=1, max_size=5))
def test_through_unit_reports_equals_all_leaves_directly(mini_plan, tree):
    leaves: dict[str, UnitProgress] = {}
    top = {f"u{i}": _up(mini_plan, node, f"u{i}", leaves) for i, node in enumerate(tree)}
    through_targets, through_tasks, through_docs = _figures(mini_plan, top)
    flat_targets, flat_tasks, flat_docs = _figures(mini_plan, leaves)
    assert through_targets == flat_targets
    assert through_tasks == flat_tasks            # done (by all) and on the last day, however grouped
    assert through_docs == flat_docs              # every document issued goes up


def test_a_rate_is_never_an_average_of_rates(mini_plan):
    """1/1 and 0/99 is 1%, not the 50% the mean of the two districts' rates would give."""
    a = _up(mini_plan, [{"ty_le": (1, 1), "so_luong": None, "nv1": None, "nv2": None}], "a", {})
    b = _up(mini_plan, [{"ty_le": (0, 99), "so_luong": None, "nv1": None, "nv2": None}], "b", {})
    [rate] = [r for r in assess_targets(_data(mini_plan, {"a": a, "b": b})) if r.target.id == "ty_le"]
    assert (rate.value, rate.of, rate.rate) == (1, 100, 1.0)


# ---------------------------------------------------------------------------
# A hostile workbook returned as a form
# ---------------------------------------------------------------------------


def _zip_bomb(path: Path) -> Path:
    """An .xlsx whose worksheet inflates ~1 000 times (16 MiB of zeros in a few KB)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                           'package/2006/content-types"/>')
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (16 * 1024 * 1024))
    return path


LIBRARY_WORDS = ("Traceback", "zipfile", "BadZipFile", "openpyxl", "KeyError", "Error:")


def test_zip_bomb_form_is_refused_in_vietnamese(tmp_path, capsys):
    folder = tmp_path / "2024"
    shutil.copytree(DISTRICT_2024, folder)
    _zip_bomb(folder / "dang-uy-xa-dai-an.xlsx")
    out = tmp_path / "bao-cao.docx"
    code = main(["progress", str(DISTRICT_PLAN), "--data", str(folder), "--as-of", "2024-12-31", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "dang-uy-xa-dai-an.xlsx" in err and "bom nén" in err
    assert not any(word in err for word in LIBRARY_WORDS)


def test_zip_bomb_in_compile_is_set_aside_and_named(tmp_path, capsys):
    folder = tmp_path / "2024"
    shutil.copytree(DISTRICT_2024, folder)
    (folder / "dang-uy-xa-dai-an.yaml").unlink()
    _zip_bomb(folder / "dang-uy-xa-dai-an.xlsx")
    out = tmp_path / "so-ket.docx"
    code = main(["compile", str(DISTRICT_PLAN), "--reports", str(folder), "--no-history", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0
    assert "dang-uy-xa-dai-an.xlsx" in err and "bom nén" in err
    assert any("Đảng ủy xã Đại An" in line and "không hợp lệ" in line for line in document_lines(out))


def test_form_will_not_overwrite_a_workbook_it_cannot_read(tmp_path, capsys):
    bomb = _zip_bomb(tmp_path / "dai-loc.xlsx")
    before = bomb.read_bytes()
    code = main(["form", str(PROVINCE_PLAN), "--unit", DAI_LOC, "--period", "2024", "-o", str(bomb)])
    assert code == 2
    assert "không phải biểu mẫu trống do reportgen tạo ra" in capsys.readouterr().err
    assert bomb.read_bytes() == before


def test_form_suggests_the_unit_code(tmp_path, capsys):
    code = main(["form", str(PROVINCE_PLAN), "--unit", "huyen-uy-dai-lco", "--period", "2024",
                 "-o", str(tmp_path / "x.xlsx")])
    assert code == 2
    assert "có phải ý bạn là «huyen-uy-dai-loc»" in capsys.readouterr().err
