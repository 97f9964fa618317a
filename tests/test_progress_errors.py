"""Bad progress files: Vietnamese problems with file and line, nothing written, tolerant loading."""

from pathlib import Path

import pytest

from reportgen.cli import main
from reportgen.core.errors import ReportgenError
from reportgen.pipeline import load_plan
from reportgen.tracking.load import load_events, load_period

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"

GOOD = """\
unit: huyen-uy-dai-loc
period: 2023
tasks:
  - task: ban-hanh-ke-hoach
    state: done
    done_on: 2023-02-14
targets:
  - target: chi_uy
    value: 1213
    of: 1226
"""


@pytest.fixture(scope="module")
def plan():
    return load_plan(PLAN)


def _load(plan, tmp_path, text, name="huyen-uy-dai-loc.yaml", **kw):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return load_period(plan, tmp_path, **kw)


def _problems(plan, tmp_path, text):
    with pytest.raises(ReportgenError) as exc:
        _load(plan, tmp_path, text)
    return exc.value.problems


def test_good_file_loads(plan, tmp_path):
    data = _load(plan, tmp_path, GOOD)
    assert data.units["huyen-uy-dai-loc"].targets[0].rate == pytest.approx(100 * 1213 / 1226)
    assert "huyen-uy-que-son" in data.missing_units()


def test_unknown_task_id_with_line(plan, tmp_path):
    [p] = _problems(plan, tmp_path, GOOD.replace("ban-hanh-ke-hoach", "ban-hanh-ke-hoac"))
    assert p.line == 4 and p.file.endswith("huyen-uy-dai-loc.yaml")
    assert "«ban-hanh-ke-hoac» không có trong kế hoạch" in p.message and "ban-hanh-ke-hoach" in p.message


def test_unknown_target_and_value_above_total(plan, tmp_path):
    problems = _problems(plan, tmp_path, GOOD.replace("chi_uy", "chi_uyy"))
    assert problems[0].line == 8 and "mã chỉ tiêu «chi_uyy»" in problems[0].message
    [p] = _problems(plan, tmp_path, GOOD.replace("1213", "1300"))
    assert p.line == 10 and p.field == "targets[1].of" and "tổng số (1.226) nhỏ hơn số đạt được (1.300)" in p.message


def test_date_outside_the_period(plan, tmp_path):
    [p] = _problems(plan, tmp_path, GOOD.replace("2023-02-14", "2024-01-02"))
    assert p.line == 6 and "sau ngày cuối kỳ báo cáo (31/12/2023)" in p.message
    text = GOOD.replace("    done_on: 2023-02-14\n",
                        "    done_on: 2023-02-14\n    documents:\n      - {number: 15-KH/HU, date: 2022-11-20}\n")
    [p] = _problems(plan, tmp_path, text)
    assert p.line == 8 and "nằm ngoài kỳ báo cáo" in p.message


def test_impossible_values(plan, tmp_path):
    [p] = _problems(plan, tmp_path, GOOD.replace("2023-02-14", "2023-02-30"))
    assert "không tồn tại" in p.message and p.line == 6
    [p] = _problems(plan, tmp_path, GOOD.replace("state: done\n    done_on: 2023-02-14",
                                                 "state: in_progress\n    share: 120"))
    assert p.line == 6 and "100" in p.message
    [p] = _problems(plan, tmp_path, GOOD.replace("    done_on: 2023-02-14\n", ""))
    assert p.field == "tasks[1].done_on" and p.line == 4 and "cần ghi ngày hoàn thành" in p.message
    [p] = _problems(plan, tmp_path, GOOD.replace("state: done", "state: not_started"))
    assert p.field == "tasks[1].done_on" and p.line == 6
    assert "chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành (tình trạng đang ghi: «Chưa thực hiện»)" in p.message
    [p] = _problems(plan, tmp_path, GOOD.replace("state: done", "state: xong"))
    assert p.field == "tasks[1].state" and "chọn một trong: 'done', 'in_progress' hoặc 'not_started'" in p.message


def test_unit_not_in_registry_and_task_not_assigned(plan, tmp_path):
    p = _problems(plan, tmp_path, GOOD.replace("unit: huyen-uy-dai-loc", "unit: huyen-uy-khong-co"))[0]
    assert p.line == 1 and "không có trong danh mục" in p.message
    [p] = _problems(plan, tmp_path, GOOD.replace("ban-hanh-ke-hoach", "quan-triet-huong-dan"))
    assert "không giao cho đơn vị" in p.message


def test_tolerant_sets_malformed_units_aside(plan, tmp_path):
    (tmp_path / "huyen-uy-que-son.yaml").write_text(GOOD.replace("huyen-uy-dai-loc", "huyen-uy-que-son")
                                                    .replace("chi_uy", "khong-co"), encoding="utf-8")
    data = _load(plan, tmp_path, GOOD, tolerant=True)
    assert list(data.units) == ["huyen-uy-dai-loc"]
    [(name, problems)] = data.failed.items()
    assert name.endswith("huyen-uy-que-son.yaml") and "khong-co" in problems[0].message


def test_misspelt_event(plan, tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("events:\n  - event: Hướng dẫn của Ban Tổ chức TW\n    date: 2023-03-10\n", encoding="utf-8")
    with pytest.raises(ReportgenError) as exc:
        load_events(path, plan)
    assert exc.value.problems[0].line == 2 and "không khớp" in exc.value.problems[0].message


def test_cli_exit_2_and_nothing_written(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yaml").write_text(GOOD.replace("chi_uy", "sai"), encoding="utf-8")
    (data / "bao-cao.yaml").write_text((PLAN.parent / "progress" / "2023" / "bao-cao.yaml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    out = tmp_path / "bc.docx"
    code = main(["progress", str(PLAN), "--data", str(data), "--as-of", "2023-12-31", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "dòng 8" in err and "Traceback" not in err


def test_the_garbage_collector_is_back_as_it_was_after_loading_a_period(plan, tmp_path):
    """load_period pauses Python's cyclic collector for speed; it must never leave it off."""
    import gc

    period = PLAN.parent / "progress" / "2023"
    assert gc.isenabled()
    assert load_period(plan, period).units
    assert gc.isenabled()
    bad = tmp_path / "dv.yaml"
    bad.write_text("unit: [khong-hop-le\n", encoding="utf-8")
    with pytest.raises(ReportgenError):
        load_period(plan, tmp_path)
    assert gc.isenabled()
    gc.disable()
    try:
        load_period(plan, period)
        assert not gc.isenabled()           # a caller that had it off keeps it off
    finally:
        gc.enable()


def test_as_of_before_the_period_is_refused(tmp_path, capsys):
    """«--as-of 2022-06-30» for the 2023 data is a mistyped year: nothing is written, for both reports."""
    data = ROOT / "plan_specs" / "nq21-quang-nam" / "progress" / "2023"
    out = tmp_path / "bao-cao.docx"
    for argv in (["progress", str(PLAN), "--data", str(data), "--as-of", "2022-06-30", "-o", str(out)],
                 ["compile", str(PLAN), "--reports", str(data), "--as-of", "2022-06-30", "-o", str(out)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "--as-of: ngày 30/6/2022 ở trước kỳ báo cáo của số liệu (năm 2023, bắt đầu từ ngày 01/01/2023)" in err
        assert not out.exists()


@pytest.mark.parametrize("period, reason", [
    ("abc", "không phải một năm hay một cặp ngày đầu, cuối kỳ"),
    ("2023-02-30:2023-12-31", "ngày 30/2/2023 không tồn tại"),
    ("2023-12-31:2023-01-01", "ngày cuối kỳ phải sau ngày đầu kỳ"),
])
def test_a_bad_period_is_explained_in_vietnamese(period, reason, tmp_path, capsys):
    data = ROOT / "plan_specs" / "nq21-quang-nam" / "progress" / "2023"
    assert main(["compile", str(PLAN), "--reports", str(data), "--period", period, "-o", str(tmp_path / "x.docx")]) == 2
    err = capsys.readouterr().err
    assert f"--period «{period}» không hợp lệ: {reason}" in err and "Input" not in err


def test_thousands_written_the_vietnamese_way_are_caught(plan, tmp_path):
    """«1.213» means 1213 to a Vietnamese reader and 1.213 to YAML: a count with a fraction is refused."""
    [p] = _problems(plan, tmp_path, GOOD.replace("value: 1213", "value: 1.213"))
    assert p.field == "targets[1].of" and p.line == 10
    assert "số đạt được (1.213) không phải số nguyên" in p.message and "1213, không viết 1.213" in p.message
    [p] = _problems(plan, tmp_path, GOOD.replace("of: 1226", "of: 1.226"))
    assert p.field == "targets[1].of" and "không viết 1.226" in p.message


def test_an_impossible_as_of_is_explained_by_both_reports(tmp_path, capsys):
    data = ROOT / "plan_specs" / "nq21-quang-nam" / "progress" / "2023"
    for argv in (["progress", str(PLAN), "--data", str(data), "--as-of", "2023-13-01"],
                 ["compile", str(PLAN), "--reports", str(data), "--as-of", "2023-13-01"]):
        assert main(argv + ["-o", str(tmp_path / "x.docx")]) == 2
        assert "Lỗi: --as-of: tháng 13 không tồn tại (cần từ 1 đến 12)." in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()
