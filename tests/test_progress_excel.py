"""Excel round trip: write a unit's form, fill it as a unit would, read it back."""

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reportgen.core.errors import ReportgenError
from reportgen.pipeline import load_plan
from reportgen.spec.progress import Period
from reportgen.tracking import form as F
from reportgen.tracking.load import load_period, plan_registry, read_xlsx

PLAN = Path(__file__).resolve().parents[1] / "plan_specs" / "nq21-quang-nam" / "plan.yaml"


@pytest.fixture(scope="module")
def plan():
    return load_plan(PLAN)


def _form(plan, tmp_path, unit="huyen-uy-dai-loc"):
    registry = plan_registry(plan)
    data = F.write_form(plan, unit, registry, Period.model_validate(2023), unit_name="Huyện ủy Đại Lộc")
    path = tmp_path / f"{unit}.xlsx"
    path.write_bytes(data)
    return path


def test_form_is_prefilled_locked_and_has_a_state_list(plan, tmp_path):
    wb = load_workbook(_form(plan, tmp_path))
    ws = wb[F.SHEET_TASKS]
    ids = [ws[f"A{r}"].value for r in range(F.FIRST_ROW, ws.max_row + 1)]
    assert "ban-hanh-ke-hoach" in ids and "quan-triet-huong-dan" not in ids   # only this unit's tasks
    row = F.FIRST_ROW + ids.index("ban-hanh-ke-hoach")
    assert ws[f"D{row}"].value == "hoàn thành trong tháng 11/2022"
    assert ws.protection.sheet
    assert ws[f"A{row}"].protection.locked and ws[f"D{row}"].protection.locked
    assert not ws[f"E{row}"].protection.locked and not ws[f"H{row}"].protection.locked
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and "Đã hoàn thành" in lists[0].formula1 and f"E{row}" in lists[0].sqref
    assert wb[F.SHEET_INFO]["B3"].value == "huyen-uy-dai-loc"
    assert wb[F.SHEET_TARGETS]["A3"].value == "chi_uy"


def test_round_trip(plan, tmp_path):
    path = _form(plan, tmp_path)
    wb = load_workbook(path)
    ws = wb[F.SHEET_TASKS]
    rows = {ws[f"A{r}"].value: r for r in range(F.FIRST_ROW, ws.max_row + 1)}
    r = rows["ban-hanh-ke-hoach"]
    ws[f"E{r}"] = "Đã hoàn thành"
    ws[f"F{r}"] = date(2023, 2, 14)
    ws[f"H{r}"] = "Đã ban hành kế hoạch của Huyện ủy"
    ws[f"I{r}"] = "Kế hoạch số 15-KH/HU, ngày 14/02/2023\nCông văn số 20-CV/HU, ngày 01/3/2023"
    r2 = rows["cap-huyen-kiem-tra"]
    ws[f"E{r2}"] = "Đang thực hiện"
    ws[f"G{r2}"] = 60
    wt = wb[F.SHEET_TARGETS]
    wt["E3"], wt["F3"] = 1213, 1226
    wb[F.SHEET_INFO]["B7"] = date(2023, 12, 15)
    wb.save(path)

    data = load_period(plan, tmp_path)
    progress = data.units["huyen-uy-dai-loc"]
    assert progress.period == Period.model_validate(2023) and progress.reported_on == date(2023, 12, 15)
    done = next(t for t in progress.tasks if t.task == "ban-hanh-ke-hoach")
    assert done.state == "done" and done.done_on == date(2023, 2, 14)
    assert [(d.type, d.number, d.date) for d in done.documents] == [
        ("Kế hoạch", "15-KH/HU", date(2023, 2, 14)), ("Công văn", "20-CV/HU", date(2023, 3, 1))]
    assert next(t for t in progress.tasks if t.task == "cap-huyen-kiem-tra").share == 60
    assert len(progress.tasks) == 2                       # untouched rows are not reported
    assert (progress.targets[0].value, progress.targets[0].of) == (1213, 1226)


def test_bad_cell_is_reported_by_sheet_and_cell(plan, tmp_path):
    path = _form(plan, tmp_path)
    wb = load_workbook(path)
    ws = wb[F.SHEET_TASKS]
    row = F.FIRST_ROW
    ws[f"E{row}"] = "Đang thực hiện"
    ws[f"G{row}"] = 150
    ws[f"E{row + 1}"] = "Đã hoàn thành"                  # without its date
    ws[f"E{row + 2}"] = "xong rồi"                       # not one of the list's choices
    wb[F.SHEET_TARGETS]["E3"], wb[F.SHEET_TARGETS]["F3"] = 20, 10
    wb.save(path)
    with pytest.raises(ReportgenError) as exc:
        load_period(plan, tmp_path)
    found = {p.file.split(", ", 1)[1]: p.message for p in exc.value.problems}
    assert found == {      # every mistake at once, each at the cell to fix, in the words of the form
        f"trang «Nhiệm vụ», ô G{row} (Phần đã làm (%))": "phải nhỏ hơn hoặc bằng 100.",
        f"trang «Nhiệm vụ», ô F{row + 1} (Ngày hoàn thành)": "nhiệm vụ đã hoàn thành cần ghi ngày hoàn thành.",
        f"trang «Nhiệm vụ», ô E{row + 2} (Tình trạng)": ("tình trạng «xong rồi» không có trong danh sách; chọn một "
                                                        "trong: «Đã hoàn thành», «Đang thực hiện», «Chưa thực hiện»."),
        "trang «Chỉ tiêu», ô F3 (Tổng số (để tính tỷ lệ))": "tổng số (10) nhỏ hơn số đạt được (20).",
    }


def test_a_mistake_in_the_achieved_figure_names_its_own_cell(plan, tmp_path):
    """Issue 20: a fractional «Số đạt được» (E4) was reported at the total's cell (F4)."""
    path = _form(plan, tmp_path)
    wb = load_workbook(path)
    wt = wb[F.SHEET_TARGETS]
    assert wt["C4"].value == "%"                               # the second target is a rate: value and total
    wt["E4"], wt["F4"] = 12.5, 40
    wt["E3"], wt["F3"] = 1213, 1226                            # a correct row next to it still loads
    wb.save(path)
    with pytest.raises(ReportgenError) as exc:
        load_period(plan, tmp_path)
    [problem] = exc.value.problems
    assert problem.file.endswith("huyen-uy-dai-loc.xlsx, trang «Chỉ tiêu», ô E4 (Số đạt được)")
    assert problem.message.startswith("số đạt được (12,5) không phải số nguyên")
    assert "1.213" not in problem.message and "«of»" not in problem.message   # the form's words, not YAML's


def test_every_problem_of_a_rate_target_points_at_the_form_cell(plan, tmp_path):
    """A rate without its total: the cell to fill (F), named with the column the unit sees."""
    path = _form(plan, tmp_path)
    wb = load_workbook(path)
    wb[F.SHEET_TARGETS]["E3"] = 1213
    wb.save(path)
    with pytest.raises(ReportgenError) as exc:
        load_period(plan, tmp_path)
    [problem] = exc.value.problems
    assert problem.file.endswith("trang «Chỉ tiêu», ô F3 (Tổng số (để tính tỷ lệ))")
    assert problem.message == ("chỉ tiêu «chi_uy» tính theo %: cần ghi tổng số vào ô này để tính tỷ lệ "
                               "(ví dụ số đạt được 1213, tổng số 1226).")


def test_not_a_form(tmp_path):
    from openpyxl import Workbook
    Workbook().save(tmp_path / "x.xlsx")
    with pytest.raises(ReportgenError, match="không có trang"):
        read_xlsx(tmp_path / "x.xlsx")


def test_a_filled_in_form_is_never_overwritten_without_force(tmp_path):
    """Units send back filled forms; `reportgen form` run again must not wipe their report."""
    from helpers import run_cli

    out = tmp_path / "dai-loc.xlsx"
    args = ("form", str(PLAN), "--unit", "huyen-uy-dai-loc", "--period", "2023", "-o", str(out))
    assert run_cli(*args).returncode == 0
    assert F.has_entries(out) is False
    assert run_cli(*args).returncode == 0                     # an untouched form is replaced freely
    wb = load_workbook(out)
    wb[F.SHEET_TASKS][f"H{F.FIRST_ROW}"] = "Đã ban hành Kế hoạch số 15-KH/HU."
    wb.save(out)
    assert F.has_entries(out) is True
    refused = run_cli(*args)
    assert refused.returncode == 2 and "đã có số liệu đơn vị điền vào" in refused.stderr
    assert load_workbook(out)[F.SHEET_TASKS][f"H{F.FIRST_ROW}"].value == "Đã ban hành Kế hoạch số 15-KH/HU."
    forced = run_cli(*args, "--force")
    assert forced.returncode == 0 and "Đã giữ biểu mẫu cũ" in forced.stdout
    [backup] = tmp_path.glob("dai-loc.sao-luu-*.xlsx")
    assert F.has_entries(backup) is True and F.has_entries(out) is False


def test_form_output_must_be_xlsx(tmp_path):
    from helpers import run_cli

    result = run_cli("form", str(PLAN), "--unit", "huyen-uy-dai-loc", "-o", str(tmp_path / "bieu-mau.xls"))
    assert result.returncode == 2 and "cần có đuôi .xlsx" in result.stderr
    assert not list(tmp_path.iterdir())


def test_forms_for_every_assigned_unit_at_once(plan, tmp_path, capsys):
    """`form --all`: one form for each unit or organ the plan gives a task, all or none written."""
    from reportgen.cli import main
    from reportgen.tracking.load import assigned_units

    registry = plan_registry(plan)
    units = assigned_units(plan, registry)
    assert "huyen-uy-dai-loc" in units and "btc-tu" in units and "tinh-uy-quang-nam" not in units
    assert units == sorted(units, key=registry.position)
    folder = tmp_path / "bieu-mau"
    args = ["form", str(PLAN), "--all", "--period", "2024", "-o", str(folder)]
    assert main(args) == 0
    assert f"Đã tạo {len(units)} biểu mẫu năm 2024." in capsys.readouterr().out
    written = sorted(p.name for p in folder.glob("*.xlsx"))
    assert written == sorted(f"{u}-2024.xlsx" for u in units)
    wb = load_workbook(folder / "huyen-uy-dai-loc-2024.xlsx")
    assert wb[F.SHEET_INFO]["B4"].value == "Huyện ủy Đại Lộc"
    # one unit has filled its form in: the whole run is refused and no form changes
    wb[F.SHEET_TASKS][f"H{F.FIRST_ROW}"] = "Đã ban hành Kế hoạch số 15-KH/HU."
    wb.save(folder / "huyen-uy-dai-loc-2024.xlsx")
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.xlsx")}
    assert main(args) == 2
    assert "huyen-uy-dai-loc-2024.xlsx» đã có số liệu đơn vị điền vào" in capsys.readouterr().err
    assert {p.name: p.stat().st_mtime_ns for p in folder.glob("*.xlsx")} == before
    assert main(args + ["--force"]) == 0
    [backup] = folder.glob("huyen-uy-dai-loc-2024.sao-luu-*.xlsx")
    assert F.has_entries(backup) is True


def test_forms_for_all_need_a_registry(tmp_path):
    from helpers import run_cli, write_spec

    # the reference plan without its registry: leads become plain words
    lines = [line for line in PLAN.read_text(encoding="utf-8").splitlines() if not line.startswith("registry:")]
    spec = write_spec(tmp_path, "\n".join(line.replace("lead: ", "lead: Ban ").replace("support: [", "support: [Ban ")
                                          for line in lines) + "\n")
    result = run_cli("form", str(spec), "--all", "-o", str(tmp_path / "bm"))
    assert result.returncode == 2 and "chưa khai báo danh mục đơn vị" in result.stderr, result.stderr
    assert not (tmp_path / "bm").exists()
